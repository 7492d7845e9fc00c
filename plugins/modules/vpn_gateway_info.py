#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_gateway_info
short_description: List Alibaba Cloud VPN gateways
version_added: 0.1.0
description:
  - Lists VPN gateways of a region (VPC API C(DescribeVpnGateways), every page), filtered by id, VPC, name,
    status, gateway type, resource group and tags. Returns C([]) when nothing matches.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  vpn_gateway_ids:
    description: Only these gateway IDs.
    type: list
    elements: str
    aliases: [ids]
  vpc_id:
    description: Only gateways of this VPC.
    type: str
  name:
    description: Only gateways with exactly this name.
    type: str
  status:
    description: Only gateways in this status.
    type: str
    choices: [init, provisioning, active, updating, deleting]
  tags:
    description: Only gateways that have all these tags (a null value matches any value of that key).
    type: dict
  gateway_type:
    description: Only gateways of this type, C(Traditional) or C(Enhanced.SiteToSite) (the API's C(GatewayType)).
    type: str
    choices: [Traditional, Enhanced.SiteToSite]
    version_added: 1.2.0
  resource_group_id:
    description: Only gateways of this resource group.
    type: str
    version_added: 1.2.0
'''

EXAMPLES = r'''
- name: Gateways of the user VPC tagged for EDS
  eds.vpc_access.vpn_gateway_info:
    vpc_id: vpc-uf6example
    tags:
      project: eds
  register: result

- name: Show their IPsec addresses
  ansible.builtin.debug:
    msg: "{{ result.vpn_gateways | map(attribute='internet_ip') | list }}"
'''

RETURN = r'''
vpn_gateways:
  description: Matching gateways, in the shape returned by M(eds.vpc_access.vpn_gateway) (snake_case, tags as a dict).
  returned: always
  type: list
  elements: dict
  sample:
    - vpn_gateway_id: vpn-uf6example
      name: edsvpn-gw
      status: active
      vpc_id: vpc-uf6example
      internet_ip: 47.100.1.2
      bandwidth: 10
      tags: {project: eds}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.output import vpn_gateway_out as normalise


def main():
    module = AlicloudModule(
        argument_spec=dict(
            vpn_gateway_ids=dict(type='list', elements='str', aliases=['ids']),
            vpc_id=dict(type='str'),
            name=dict(type='str'),
            status=dict(type='str', choices=['init', 'provisioning', 'active', 'updating', 'deleting']),
            tags=dict(type='dict'),
            gateway_type=dict(type='str', choices=['Traditional', 'Enhanced.SiteToSite']),
            resource_group_id=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    ids = p['vpn_gateway_ids']
    single = ids[0] if ids and len(ids) == 1 else None
    items = module.paginate('vpc', 'DescribeVpnGateways', 'VpnGateways.VpnGateway', VpcId=p['vpc_id'],
                            VpnGatewayId=single, Status=p['status'], GatewayType=p['gateway_type'],
                            ResourceGroupId=p['resource_group_id'])
    gateways = [gw for gw in map(normalise, items)
                if res.matches_filters(gw, among={'vpn_gateway_id': ids}, equal={'name': p['name']}, tags=p['tags'])]
    module.exit_json(changed=False, vpn_gateways=gateways)


if __name__ == '__main__':
    main()
