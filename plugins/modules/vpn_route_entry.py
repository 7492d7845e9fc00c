#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpn_route_entry
short_description: Manage destination-based routes of an Alibaba Cloud VPN gateway
version_added: 0.1.0
description:
  - Adds, changes or removes a destination-based route (C(dbr)) on a VPN gateway. The route sends traffic for
    O(route_dest) into the IPsec connection O(next_hop).
  - A route is identified by O(vpn_gateway_id), O(route_dest) and O(next_hop). Two routes with the same
    destination and different connections form an active/standby pair through O(weight).
  - Its O(weight) and O(publish_vpc) flag are changed in place (C(ModifyVpnRouteEntryWeight),
    C(PublishVpnRouteEntry)); only the options you set are compared.
  - Every route write makes the gateway C(updating) for a while. The module waits until the gateway is C(active)
    before each write and, with O(wait), after the last one, so a loop over many routes converges; busy answers
    (C(VpnGateway.Configuring)) are retried by the collection's client layer.
  - O(route_dest) is checked before any API call, see the O(route_dest) option.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.attributes
  - eds.vpc_access.vpn_route
  - eds.vpc_access.wait
  - eds.vpc_access.quotas.routes
  - eds.vpc_access.quotas
attributes:
  diff_mode:
    support: full
    description: Shows the route's destination, next hop, weight and publish flag before and after.
options:
  route_dest:
    description:
      - Destination CIDR block, for example the data-center network C(192.10.0.0/16). A bare address means a
        host route (C(/32)).
      - Refused before any call when it is not a CIDR block, has host bits set, or lies inside a reserved range
        (C(100.64.0.0/10) the cloud-service range, C(127.0.0.0/8), C(169.254.0.0/16), C(224.0.0.0/4),
        C(240.0.0.0/4)).
    type: str
    required: true
  weight:
    description:
      - C(100) makes the route the active path, C(0) the standby path of an active/standby pair.
      - Defaults to C(100) when the route is created; left as it is on an existing route when not set.
    type: int
    choices: [0, 100]
  publish_vpc:
    description:
      - Whether the route is published to the system route table of the gateway's VPC (C(PublishVpnRouteEntry)).
        Custom route tables need their own entries, see M(eds.vpc_access.vpc_route_entry).
      - Defaults to V(false) when the route is created; left as it is on an existing route when not set.
    type: bool
notes:
  - Withdrawing a destination from the VPC (O(publish_vpc=false)) also withdraws a policy-based route with the same
    destination on the same gateway; that is how the API behaves.
seealso:
  - module: eds.vpc_access.vpn_pbr_route_entry
  - module: eds.vpc_access.vpc_route_entry
  - module: eds.vpc_access.cen_route_publish
"""

EXAMPLES = r"""
- name: Route the data center through the IPsec connection and publish it to the VPC
  eds.vpc_access.vpn_route_entry:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    route_dest: 192.10.0.0/16
    next_hop: "{{ vpn_connection.vpn_connection_id }}"
    weight: 100
    publish_vpc: true

- name: Several data-center networks on one gateway (converges one write at a time)
  eds.vpc_access.vpn_route_entry:
    vpn_gateway_id: vpn-bp1a3kqjiiq9legfxxxxx
    route_dest: "{{ item }}"
    next_hop: vco-bp15oes1py4i66rmdxxxxx
    publish_vpc: true
  loop:
    - 192.10.1.0/24
    - 192.10.2.0/24

- name: Remove a route
  eds.vpc_access.vpn_route_entry:
    vpn_gateway_id: vpn-bp1a3kqjiiq9legfxxxxx
    route_dest: 192.10.2.0/24
    next_hop: vco-bp15oes1py4i66rmdxxxxx
    state: absent
"""

RETURN = r"""
vpn_route_entry:
  description: The route after the run (predicted in check mode); empty when it is absent.
  returned: always
  type: dict
  contains:
    vpn_gateway_id:
      description: ID of the VPN gateway.
      type: str
      sample: vpn-bp1a3kqjiiq9legfxxxxx
    route_dest:
      description: Destination CIDR block.
      type: str
      sample: 192.10.0.0/16
    next_hop:
      description: ID of the IPsec connection.
      type: str
      sample: vco-bp15oes1py4i66rmdxxxxx
    weight:
      description: C(100) active, C(0) standby.
      type: int
      sample: 100
    publish_vpc:
      description: Whether the route is published to the VPC system route table.
      type: bool
      sample: true
    state:
      description: C(published) or C(normal) (not published), as the API reports it.
      type: str
      sample: published
    create_time:
      description: Creation time in epoch milliseconds; null in check mode before creation.
      type: int
      sample: 1563874074000
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
"""

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.vpn_routes import DBR, VpnRoute, argument_spec


def main():
    VpnRoute(AlicloudModule(argument_spec=argument_spec(DBR), supports_check_mode=True), DBR).run()


if __name__ == "__main__":
    main()
