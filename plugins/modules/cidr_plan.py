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
    C(datacenter 192.168.10.0/24 overlaps user VPC 192.168.0.0/16 (datacenter_cidrs vs user_vpc_cidrs)). Overlaps inside one group are allowed
    and merged.
  - With O(sites) (the site playbook's data centers, one per inventory host) it also checks every site's networks
    against the cloud side, the reserved ranges and every other site, naming both sites and both CIDRs, for example
    C(site dc2 datacenter 10.1.0.0/24 overlaps site dc1 datacenter 10.1.0.0/16).
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
  sites:
    description:
      - Every data center of a multi-site plan, this one included - each with its C(name) and its
        C(datacenter_cidrs). Two sites may not overlap each other, nor the office network, the user VPCs or the
        reserved ranges. O(datacenter_cidrs) stays the plan of the site this task runs for.
      - Empty (the default) for a single data center.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The site (the inventory host of the data center).
        type: str
        required: true
      datacenter_cidrs:
        description: Its on-premises networks.
        type: list
        elements: str
        required: true
'''

EXAMPLES = r'''
- name: Check the seed's sample plan
  eds.vpc_access.cidr_plan:
    office_network_cidr: 172.16.0.0/12
    user_vpc_cidrs: [192.168.0.0/16]
    datacenter_cidrs: [192.10.0.0/16]
  delegate_to: localhost
  register: cidr

- name: Check one site of several against the cloud and the other sites
  eds.vpc_access.cidr_plan:
    office_network_cidr: 172.16.0.0/12
    user_vpc_cidrs: [192.168.0.0/16]
    datacenter_cidrs: [10.1.0.0/16]
    sites:
      - {name: dc1, datacenter_cidrs: [10.1.0.0/16]}
      - {name: dc2, datacenter_cidrs: [10.2.0.0/16]}
  delegate_to: localhost

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
    sites:
      description: The networks of every site of O(sites), merged and sorted, by site name.
      returned: when O(sites) is given
      type: dict
      sample: {dc1: [10.1.0.0/16], dc2: [10.2.0.0/16]}
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

# the default of the reserved option: the Alibaba Cloud service range (also site_inputs' plans)
RESERVED = ('100.64.0.0/10',)
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
                    if overlaps(a, b):
                        # name the later group first, as people read "X overlaps <the thing that was there>"
                        errors.append('%s %s overlaps %s %s (%s vs %s)' % (label_b, b, label_a, a, option_b, option_a))
    sites = site_problems(params.get('sites') or [], groups, errors)
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
    if sites:
        result['sites'] = dict((name, merged(networks)) for name, networks in sites)
    return result, []


def site_problems(sites, groups, errors):
    """Parse the sites and add every clash of a site with the cloud side or another site; returns [(name, nets)]."""
    parsed = []
    for i, site in enumerate(sites):
        name = str(site.get('name') or '')
        where = 'sites[%d] (%s).datacenter_cidrs' % (i, name or '?')
        nets = [parse(v, '%s[%d]' % (where, j), errors) for j, v in enumerate(site.get('datacenter_cidrs') or [])]
        if not site.get('datacenter_cidrs'):
            errors.append('%s must list at least one network' % where)
        if not name:
            errors.append('sites[%d]: name is required' % i)
        parsed.append((name, [n for n in nets if n is not None]))
    names = [name for name, dummy in parsed]
    errors.extend('sites: %s is given twice' % name for name in sorted(set(n for n in names if n and names.count(n) > 1)))
    if errors:
        return parsed
    for name, nets in parsed:
        for option, label in GROUPS:
            if option == 'datacenter_cidrs':
                continue
            for a in groups[option]:
                errors.extend('site %s datacenter %s overlaps %s %s' % (name, b, label, a) for b in nets if overlaps(a, b))
    for i, (name_a, nets_a) in enumerate(parsed):
        for name_b, nets_b in parsed[i + 1:]:
            errors.extend('site %s datacenter %s overlaps site %s datacenter %s' % (name_b, b, name_a, a)
                          for a in nets_a for b in nets_b if overlaps(a, b))
    return parsed


def overlaps(a, b):
    return a.first <= b.last and b.first <= a.last


def main():
    module = AnsibleModule(
        argument_spec=dict(
            office_network_cidr=dict(type='str', required=True),
            user_vpc_cidrs=dict(type='list', elements='str', default=[]),
            datacenter_cidrs=dict(type='list', elements='str', required=True),
            reserved=dict(type='list', elements='str', default=list(RESERVED)),
            sites=dict(type='list', elements='dict', default=[], options=dict(
                name=dict(type='str', required=True),
                datacenter_cidrs=dict(type='list', elements='str', required=True),
            )),
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
