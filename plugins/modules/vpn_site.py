#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# The documentation of the action plugin plugins/action/vpn_site.py, which does the work on the controller.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_site
short_description: Converge one data center's customer gateway, IPsec-VPN connection, VPN routes and CEN publications
version_added: 0.1.0
description:
  - One task for the cloud side of one data center (a site) - M(eds.vpc_access.customer_gateway),
    M(eds.vpc_access.vpn_connection), one M(eds.vpc_access.vpn_route_entry) per destination of O(vpn_routes) and
    one M(eds.vpc_access.cen_route_publish) per destination when O(cen_publication) is set, run one after the other
    in one worker, each with its own checks, check mode, diff, retries and result.
  - Why it exists - every task on every host is a fork of C(ansible-playbook) plus the templating of its arguments.
    The site playbook converges each site on that site's host, so four tasks per site made most of a many-site run
    (C(docs/benchmarks.md), P6); this action makes it one task per site.
  - The action fills in what one step takes from the one before - the VPN gateway, the customer gateway's ID on the
    connection (on every tunnel that names none when O(vpn_connection) sets C(tunnels)), the connection's ID as the
    next hop of the routes.
  - Every step's options are checked before the first call of any step - against the step module's own argument
    spec and its own option rules; each message names the option as given to this action, for example
    C(vpn_connection.psk ...) or C(vpn_routes.destinations ...). A failing step stops the run; the steps before it
    stay as they are and are returned in RV(steps).
  - With O(state=present) the order is customer gateway, connection, routes, publications; with O(state=absent) the
    reverse, each step's module with C(state=absent). To find the routes to delete, the action reads the connection
    (M(eds.vpc_access.vpn_connection_info), by the VPN gateway and the connection's C(name)); when it is gone no route
    can go through it and no route step is made.
  - Each step runs in the task's worker when the module could (local connection, the controller's Python, see
    M(eds.vpc_access.vpn_gateway)), else as a module process; the result is the same.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
attributes:
  action:
    support: full
    description: An action plugin; it runs the step modules on the controller.
  async:
    support: none
    description: The steps run one after the other in the task's worker; C(async) is refused.
  check_mode:
    support: full
    description:
      - Every step runs in check mode. A step that needs an ID that does not exist yet (the VPN gateway's when
        O(vpn_gateway_id) does not start with C(vpn-), the connection's when it would be created) is not run; it is
        reported in RV(steps) with C(skipped=true) and a C(skip_reason), and counts as a change.
  diff_mode:
    support: full
    description: RV(diff) is the list of the steps' own diffs, in the order of the steps.
  platform:
    support: full
    platforms: all
    description: Runs on the controller; the steps only call the Alibaba Cloud API.
options:
  state:
    description: Whether the site's resources should exist.
    type: str
    choices: [present, absent]
    default: present
  vpn_gateway_id:
    description: The VPN gateway (C(vpn-...)) of the connection and the routes, often shared by every site.
    type: str
    required: true
  customer_gateway:
    description:
      - The options of M(eds.vpc_access.customer_gateway) (C(name), C(ip_address), C(asn), C(auth_key), C(quotas)
        ...), except O(state), which this action sets. Its C(auth_key) is a secret, never returned.
    type: dict
    required: true
  vpn_connection:
    description:
      - The options of M(eds.vpc_access.vpn_connection) except C(vpn_gateway_id) and C(customer_gateway_id), which
        this action fills, and O(state). Its C(psk) and the C(psk) of its C(tunnels) are secrets, never returned.
      - Without C(tunnels), the customer gateway's ID goes to the connection; with C(tunnels) (a dual-tunnel gateway),
        to every tunnel that names no C(customer_gateway_id).
    type: dict
    required: true
  vpn_routes:
    description:
      - Destination-based routes into the connection (M(eds.vpc_access.vpn_route_entry), next hop the connection).
      - Not set - no route step (for example with BGP, where the gateway learns the routes).
    type: dict
    suboptions:
      destinations:
        description: The data center's CIDR blocks, one route each.
        type: list
        elements: str
        required: true
      publish_vpc:
        description: Publish the routes to the VPC's system route table (needed for O(cen_publication)).
        type: bool
        default: true
      quotas:
        description: The C(quotas) option of M(eds.vpc_access.vpn_route_entry) (C(routes_per_gateway)).
        type: dict
  cen_publication:
    description:
      - Publish each destination of O(vpn_routes) to a CEN instance (M(eds.vpc_access.cen_route_publish)), so that
        the other networks attached to it (the EDS office network) learn the data center's networks.
      - Not set - no publication step.
    type: dict
    suboptions:
      cen_id:
        description: The CEN instance (C(cen-...)).
        type: str
        required: true
      child_instance_id:
        description: The VPC of the VPN gateway, attached to the CEN instance.
        type: str
        required: true
      child_instance_region_id:
        description: The VPC's region; defaults to O(region).
        type: str
notes:
  - Options set for the action group C(group/eds.vpc_access.alicloud) in C(module_defaults) (credentials, region,
    endpoint) reach this action and every step; module_defaults set for a step's own module name do not.
  - Warnings and deprecations of the steps are the action's own.
seealso:
  - module: eds.vpc_access.customer_gateway
  - module: eds.vpc_access.vpn_connection
  - module: eds.vpc_access.vpn_route_entry
  - module: eds.vpc_access.cen_route_publish
'''

EXAMPLES = r'''
- name: One data center, single tunnel, destination routing, published to CEN
  eds.vpc_access.vpn_site:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    customer_gateway:
      name: dc1
      ip_address: 203.0.113.10
    vpn_connection:
      name: dc1
      routing_mode: destination
      local_subnets: [0.0.0.0/0]
      remote_subnets: [0.0.0.0/0]
      psk: "{{ vault_dc1_psk }}"
      ike_config: {version: ikev2}
      effect_immediately: true
    vpn_routes:
      destinations: [192.10.0.0/16]
    cen_publication:
      cen_id: cen-sampleplan000000001
      child_instance_id: vpc-uf6uservpc00000000001
  register: site

- name: Dual tunnel - the customer gateway goes to both tunnels
  eds.vpc_access.vpn_site:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    customer_gateway: {name: dc2, ip_address: 198.51.100.20}
    vpn_connection:
      name: dc2
      routing_mode: destination
      local_subnets: [0.0.0.0/0]
      remote_subnets: [0.0.0.0/0]
      tunnels:
        - {role: master, ike_config: {version: ikev2}}
        - {role: slave, ike_config: {version: ikev2}}
    vpn_routes:
      destinations: [10.50.0.0/16]

- name: Tear the site down (publications, routes, connection, customer gateway)
  eds.vpc_access.vpn_site:
    state: absent
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    customer_gateway: {name: dc1, ip_address: 203.0.113.10}
    vpn_connection: {name: dc1}
    vpn_routes:
      destinations: [192.10.0.0/16]
    cen_publication:
      cen_id: cen-sampleplan000000001
      child_instance_id: vpc-uf6uservpc00000000001
'''

RETURN = r'''
customer_gateway:
  description: The customer gateway as M(eds.vpc_access.customer_gateway) returns it (empty when absent).
  returned: always
  type: dict
vpn_connection:
  description:
    - The connection as M(eds.vpc_access.vpn_connection) returns it, pre-shared keys masked (empty when absent, or
      when check mode could not run its step).
  returned: always
  type: dict
vpn_route_entries:
  description: The routes, each as M(eds.vpc_access.vpn_route_entry) returns C(vpn_route_entry) (steps not
    run are left out).
  returned: always
  type: list
  elements: dict
cen_route_publications:
  description: The publications, each as M(eds.vpc_access.cen_route_publish) returns C(published_route_entry) (steps
    not run are left out).
  returned: always
  type: list
  elements: dict
steps:
  description:
    - Each step's own module result, in the order run, with C(step) (V(customer_gateway), V(vpn_connection),
      V(vpn_route_entry) or V(cen_route_publish)), C(item) (the destination, for the two route steps), C(changed),
      C(skipped) and, when skipped, C(skip_reason).
  returned: always
  type: list
  elements: dict
  sample:
    - {step: customer_gateway, changed: false, skipped: false, customer_gateway: {customer_gateway_id: cgw-1}}
    - {step: vpn_route_entry, item: 192.10.0.0/16, changed: true, skipped: true,
       skip_reason: the IPsec-VPN connection does not exist yet}
diff:
  description: The steps' diffs, in order (with C(--diff)).
  returned: when diff mode is on and a step returned a diff
  type: list
  elements: dict
errors:
  description: Every problem found in the options before any call, each naming its option.
  returned: when the options are refused
  type: list
  elements: str
'''
