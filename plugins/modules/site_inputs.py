#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# The documentation of the action plugin plugins/action/site_inputs.py, which does the work on the controller.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: site_inputs
short_description: Check, complete and plan the inputs of every site of the site playbook at once
version_added: 0.1.0
description:
  - The first step of the site playbook's inputs play (C(playbooks/plays/inputs.yml)), run once per run
    (C(run_once)) for every site's host of the play - C(localhost) for one data center, each host of the
    C(datacenters) group for several.
  - Reads each site's inputs from C(hostvars) and checks them against O(argument_spec) with the validator of
    M(ansible.builtin.validate_argument_spec), with the same messages; with several data centers each message
    starts with C(site <host>:). Values of C(no_log) inputs are masked in messages.
  - Returns what the play then sets on the sites' hosts with M(ansible.builtin.set_fact) - the default of each input
    no site sets (RV(defaults)); per site its resources' name, its data-center hosts and its CIDR plan (RV(sites));
    the default of an input only some sites set, for the others (RV(partial)). Inputs a site sets are left as
    they are. Sets no variable itself.
  - The CIDR plan of a site is M(eds.vpc_access.cidr_plan) on its C(vpc_access_office_network_cidr),
    C(vpc_access_user_vpc_cidrs) and C(vpc_access_datacenter_cidrs); a clash is returned in RV(cidr_problems),
    for the play to refuse after its other checks.
  - Runs on the controller only; makes no cloud call.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
requirements:
  - netaddr
attributes:
  action:
    support: full
    description: An action plugin; all of it runs on the controller.
  check_mode:
    support: full
    description: Changes nothing; runs the same in check mode.
  diff_mode:
    support: none
    description: Changes nothing, there is nothing to diff.
  platform:
    support: full
    platforms: all
    description: Reads the inventory's variables on the controller; needs no connection to the sites' hosts.
options:
  argument_spec:
    description: The inputs' argument spec (C(playbooks/vars/site_argument_spec.yml)), as M(ansible.builtin.validate_argument_spec) takes it.
    type: dict
    required: true
  required_if:
    description:
      - Inputs that require others when one has a value, as the O(argument_spec)'s validator takes them - each entry
        C([input, value, [inputs then required]]), for example
        C([vpc_access_instance_charge_type, PREPAY, [vpc_access_period]]). The message names both.
    type: list
    elements: list
    default: []
  sites:
    description: The sites' hosts to check, normally C(ansible_play_hosts_all).
    type: list
    elements: str
    required: true
  site_group:
    description:
      - The inventory group of the sites' hosts when there are several data centers. A site in it gets the name
        C(<vpc_access_name>-<host>) and its messages name it; any other (C(localhost)) is named C(vpc_access_name).
    type: str
    default: datacenters
  datacenter_groups:
    description: The groups of the data-center hosts; each belongs to the site its C(vpc_access_datacenter) names (default C(localhost)).
    type: list
    elements: str
    default: [ipsec_gateways, dns_servers, dhcp_servers]
notes:
  - The output of a successful run is hidden (C(no_log)); RV(defaults) may hold the default of a C(no_log) input.
seealso:
  - module: ansible.builtin.validate_argument_spec
  - module: eds.vpc_access.cidr_plan
'''

EXAMPLES = r'''
- name: Check every site's inputs, fill the defaults and plan the CIDRs
  eds.vpc_access.site_inputs:
    argument_spec: "{{ vpc_access_argument_spec }}"
    sites: "{{ ansible_play_hosts_all }}"
  run_once: true
  register: __inputs

- name: Set what each site's host lacks
  ansible.builtin.set_fact:
    vpc_access_site_name: "{{ item.vpc_access_site_name }}"
    vpc_access_plan: "{{ item.vpc_access_plan | default(omit) }}"
  loop: "{{ __inputs.sites }}"
  run_once: true
  delegate_to: "{{ item.site }}"
  delegate_facts: true
  no_log: true
'''

RETURN = r'''
defaults:
  description: Each input with a default in O(argument_spec) that no site sets, with that default.
  returned: success
  type: dict
  sample: {vpc_access_name: eds-vpc-access, vpc_access_bandwidth: 10}
sites:
  description: What each site's host gets, in the order of O(sites).
  returned: success
  type: list
  elements: dict
  contains:
    site:
      description: The site's host.
      type: str
      sample: dc01
    vpc_access_site_name:
      description: The name of the site's customer gateway and connection - C(vpc_access_name), with C(-<host>) in O(site_group).
      type: str
      sample: eds-vpc-access-dc01
    vpc_access_site_datacenter_hosts:
      description: The site's data-center hosts.
      type: list
      elements: str
      sample: [dc01-gw, dc01-dns]
    vpc_access_plan:
      description:
        - The site's CIDR plan, as M(eds.vpc_access.cidr_plan) returns it (its C(plan) key holds RV(eds.vpc_access.cidr_plan#module:plan)).
        - Missing for a site listed in RV(cidr_problems).
      type: dict
      sample: {changed: false, failed: false, plan: {remote_subnets: [10.1.0.0/16]}}
partial:
  description: An input some sites set and others do not - one entry per site that does not, with the default.
  returned: success
  type: list
  elements: dict
  sample: [{site: dc02, name: vpc_access_diagnose_command_prefix, value: []}]
cidr_problems:
  description: Each site's CIDR clashes, one message per site (C(site <host>:) first with several data centers).
  returned: success
  type: list
  elements: str
  sample: ["site dc02: datacenter 172.16.5.0/24 overlaps office network 172.16.0.0/12 (datacenter_cidrs vs office_network_cidr)"]
argument_errors:
  description: The validation messages, when an input is wrong.
  returned: failure
  type: list
  elements: str
  sample: ["site dc02: argument 'vpc_access_bandwidth' is of type str and we were unable to convert to int: ..."]
'''
