#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_gateway_zones_info
short_description: List the zones of a region that can host an Alibaba Cloud VPN gateway
description:
  - Lists the zones of the region where a VPN gateway of a bandwidth specification can be created (VPC API
    C(DescribeVpnGatewayAvailableZones)), in the order the API gives them. Returns C([]) when none can.
  - Choose the vSwitches of M(eds.vpc_access.vpn_gateway) in these zones; M(eds.vpc_access.vpn_gateway) makes the
    same call before it creates a gateway and refuses a vSwitch in another zone. Two or more zones mean the region
    runs gateways in dual-tunnel mode (two vSwitches in two of these zones); one zone, that both vSwitches may be
    in it (even the same vSwitch).
version_added: 1.2.0
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  spec:
    description:
      - Bandwidth specification of the gateway, C(5M), C(10M), C(20M), C(50M), C(100M), C(200M), C(500M) or
        C(1000M) (the API's C(Spec)); the bandwidth in Mbit/s alone (C(10)) is read as C(10M).
      - Some zones host only the smaller specifications.
    type: str
    required: true
  gateway_type:
    description:
      - Only zones that can host this type of gateway, C(Traditional) (IPsec-VPN and SSL-VPN) or
        C(Enhanced.SiteToSite) (IPsec-VPN only). Unset, the API answers for every type.
    type: str
    choices: [Traditional, Enhanced.SiteToSite]
  accept_language:
    description: Language of RV(zones[].zone_name), C(en-US) (the API's default) or C(zh-CN).
    type: str
    choices: [en-US, zh-CN]
'''

EXAMPLES = r'''
- name: Zones that can host a 10 Mbit/s VPN gateway
  eds.vpc_access.vpn_gateway_zones_info:
    region: cn-shanghai
    spec: 10M
  register: vpn_zones

- name: The user VPC's vSwitches in those zones
  ansible.builtin.debug:
    msg: "{{ user_vswitches | selectattr('zone_id', 'in', vpn_zones.zone_ids) | list }}"

- name: A dual-tunnel gateway needs two of them
  ansible.builtin.assert:
    that: vpn_zones.zone_ids | length >= 2
    fail_msg: "{{ vpn_zones.zone_ids | length }} zone(s): a single-zone region takes the same vSwitch twice"
'''

RETURN = r'''
zones:
  description: The zones that can host the gateway, in the API's order.
  returned: always
  type: list
  elements: dict
  contains:
    zone_id:
      description: Zone ID.
      type: str
      sample: cn-shanghai-e
    zone_name:
      description: Zone name in O(accept_language).
      type: str
      sample: Shanghai Zone E
zone_ids:
  description: The IDs of RV(zones), for C(in) tests and C(selectattr).
  returned: always
  type: list
  elements: str
  sample: [cn-shanghai-e, cn-shanghai-f]
spec:
  description: The specification asked for, as the API takes it.
  returned: always
  type: str
  sample: 10M
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.gateways import zones as zone_rules
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule


def main():
    module = AlicloudModule(
        argument_spec=dict(
            spec=dict(type='str', required=True),
            gateway_type=dict(type='str', choices=list(zone_rules.GATEWAY_TYPES)),
            accept_language=dict(type='str', choices=list(zone_rules.LANGUAGES)),
        ),
        supports_check_mode=True,
    )
    p = module.params
    spec = zone_rules.spec_of(p['spec'])
    if spec is None:
        module.fail_json(msg='spec: %r is not a VPN gateway specification; use one of %s'
                             % (p['spec'], ', '.join(zone_rules.SPECS)))
    zones = zone_rules.read_zones(module, spec, p['gateway_type'], p['accept_language'])
    module.exit_json(changed=False, zones=zones, zone_ids=[z['zone_id'] for z in zones], spec=spec,
                     retries=module.retries)


if __name__ == '__main__':
    main()
