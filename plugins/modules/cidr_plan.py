#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cidr_plan
short_description: Check and normalise the CIDR plan of an EDS IPsec-VPN set-up
version_added: 0.1.0
description:
  - Checks that the office network, the user VPCs, the data-center networks and the reserved ranges do not
    overlap, before anything is built, and returns the normalised plan with the subnet lists the IPsec
    connection, the VPN/VPC routes and the data-center routing need.
  - Pure computation with C(netaddr); makes no cloud call. Run it on the controller
    (C(delegate_to=localhost) or a play on C(localhost)).
  - Fails with one message naming every clashing pair, for example
    C(datacenter 192.168.10.0/24 overlaps user VPC 192.168.0.0/16). Overlaps inside one group are allowed
    and merged.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
requirements:
  - netaddr
attributes:
  check_mode:
    support: full
    description: Changes nothing; runs the same in check mode.
  diff_mode:
    support: none
    description: Changes nothing, there is nothing to diff.
options:
  office_network_cidr:
    description: IPv4 CIDR block of the EDS office network VPC (the seed uses C(172.16.0.0/12)).
    type: str
    required: true
  user_vpc_cidrs:
    description: CIDR blocks of the VPCs the VPN gateway is attached to (the seed uses C(192.168.0.0/16)).
    type: list
    elements: str
    default: []
  datacenter_cidrs:
    description: On-premises networks the EDS clients connect from (the seed uses C(192.10.0.0/16)).
    type: list
    elements: str
    required: true
  reserved:
    description:
      - Ranges no planned network may overlap. The default is the Alibaba Cloud service range 100.64.0.0/10,
        which the data center must route towards the VPN to reach cloud-service endpoints.
    type: list
    elements: str
    default: [100.64.0.0/10]
'''

EXAMPLES = r'''
- name: Check the seed's sample plan
  eds.vpc_access.cidr_plan:
    office_network_cidr: 172.16.0.0/12
    user_vpc_cidrs: [192.168.0.0/16]
    datacenter_cidrs: [192.10.0.0/16]
  delegate_to: localhost
  register: cidr

- name: Feed the plan to the connection
  ansible.builtin.debug:
    msg: "local {{ cidr.plan.local_subnets | join(',') }} remote {{ cidr.plan.remote_subnets | join(',') }}"
'''

RETURN = r'''
plan:
  description: The normalised plan; every list is merged (adjacent/contained networks joined) and sorted.
  returned: success
  type: dict
  contains:
    office_network_cidr:
      description: The office network block, normalised.
      type: str
      sample: 172.16.0.0/12
    user_vpc_cidrs:
      description: User VPC blocks.
      type: list
      elements: str
      sample: [192.168.0.0/16]
    datacenter_cidrs:
      description: Data-center networks.
      type: list
      elements: str
      sample: [192.10.0.0/16]
    reserved:
      description: Reserved ranges.
      type: list
      elements: str
      sample: [100.64.0.0/10]
    cloud_cidrs:
      description: Everything on the cloud side (office network + user VPCs).
      type: list
      elements: str
      sample: [172.16.0.0/12, 192.168.0.0/16]
    local_subnets:
      description: The IPsec connection's local (cloud-side) subnets, equal to RV(plan.cloud_cidrs).
      type: list
      elements: str
      sample: [172.16.0.0/12, 192.168.0.0/16]
    remote_subnets:
      description:
        - The IPsec connection's remote (data-center) subnets - the destinations of the VPN gateway routes,
          the VPC routes and the CEN-published routes.
      type: list
      elements: str
      sample: [192.10.0.0/16]
    datacenter_routes:
      description: What the data center routes into the tunnel - the cloud side plus the reserved service range.
      type: list
      elements: str
      sample: [100.64.0.0/10, 172.16.0.0/12, 192.168.0.0/16]
'''

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

try:
    import netaddr
    HAS_NETADDR = True
    NETADDR_ERROR = None
except ImportError:
    HAS_NETADDR = False
    NETADDR_ERROR = traceback.format_exc()

# (option, label in messages); the order is the order of the pairs in messages
GROUPS = (('office_network_cidr', 'office network'), ('user_vpc_cidrs', 'user VPC'),
          ('datacenter_cidrs', 'datacenter'), ('reserved', 'reserved range'))


def parse(value, where, errors):
    text = str(value).strip()
    try:
        if '/' not in text:
            raise ValueError
        network = netaddr.IPNetwork(text)
    except (ValueError, netaddr.AddrFormatError):
        errors.append('%s: %r is not an IPv4 CIDR block (for example 192.168.0.0/16)' % (where, value))
        return None
    if network.version != 4:
        errors.append('%s: %r is not IPv4' % (where, value))
        return None
    if network.ip != network.network:
        errors.append('%s: %r has host bits set; did you mean %s?' % (where, value, network.cidr))
        return None
    return network


def merged(networks):
    return [str(n) for n in netaddr.cidr_merge(networks)]


def plan(params):
    """Return (plan, errors)."""
    errors = []
    groups = {}
    for option, label in GROUPS:
        values = params[option]
        if option == 'office_network_cidr':
            parsed = [parse(values, option, errors)]
        else:
            parsed = [parse(v, '%s[%d]' % (option, i), errors) for i, v in enumerate(values or [])]
        groups[option] = [n for n in parsed if n is not None]
    if not params['datacenter_cidrs']:
        errors.append('datacenter_cidrs must list at least one network')
    if errors:
        return None, errors
    for i, (option_a, label_a) in enumerate(GROUPS):
        for option_b, label_b in GROUPS[i + 1:]:
            for a in groups[option_a]:
                for b in groups[option_b]:
                    if a.first <= b.last and b.first <= a.last:
                        # name the later group first, as people read "X overlaps <the thing that was there>"
                        errors.append('%s %s overlaps %s %s' % (label_b, b, label_a, a))
    if errors:
        return None, errors
    cloud = groups['office_network_cidr'] + groups['user_vpc_cidrs']
    result = dict(
        office_network_cidr=str(groups['office_network_cidr'][0]),
        user_vpc_cidrs=merged(groups['user_vpc_cidrs']),
        datacenter_cidrs=merged(groups['datacenter_cidrs']),
        reserved=merged(groups['reserved']),
        cloud_cidrs=merged(cloud),
        local_subnets=merged(cloud),
        remote_subnets=merged(groups['datacenter_cidrs']),
        datacenter_routes=merged(cloud + groups['reserved']),
    )
    return result, []


def main():
    module = AnsibleModule(
        argument_spec=dict(
            office_network_cidr=dict(type='str', required=True),
            user_vpc_cidrs=dict(type='list', elements='str', default=[]),
            datacenter_cidrs=dict(type='list', elements='str', required=True),
            reserved=dict(type='list', elements='str', default=['100.64.0.0/10']),
        ),
        supports_check_mode=True,
    )
    if not HAS_NETADDR:
        module.fail_json(msg=missing_required_lib('netaddr'), exception=NETADDR_ERROR)
    result, errors = plan(module.params)
    if errors:
        module.fail_json(msg='; '.join(errors), errors=errors)
    module.exit_json(changed=False, plan=result)


if __name__ == '__main__':
    main()
