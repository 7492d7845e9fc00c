#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: customer_gateway_info
short_description: List Alibaba Cloud VPN customer gateways
version_added: 0.1.0
description:
  - Lists customer gateways of a region (VPC API C(DescribeCustomerGateways), every page), filtered by id,
    name, IP address and tags. Returns C([]) when nothing matches. BGP keys are masked.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  customer_gateway_ids:
    description: Only these customer gateway IDs.
    type: list
    elements: str
    aliases: [ids]
  name:
    description: Only customer gateways with exactly this name.
    type: str
  ip_address:
    description: Only the customer gateway with this IP address.
    type: str
  tags:
    description: Only customer gateways that have all these tags (a null value matches any value of that key).
    type: dict
'''

EXAMPLES = r'''
- name: Find the customer gateway of the data-center router
  eds.vpc_access.customer_gateway_info:
    ip_address: 115.28.1.154
  register: result
'''

RETURN = r'''
customer_gateways:
  description: Matching customer gateways, shaped like M(eds.vpc_access.customer_gateway) returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - customer_gateway_id: cgw-uf6example
      ip_address: 115.28.1.154
      asn: 65010
      name: dc-tokyo
      tags: {site: tokyo}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.output import (
    customer_gateway_out as normalise, customer_gateway_public as public_view)


def main():
    module = AlicloudModule(
        argument_spec=dict(
            customer_gateway_ids=dict(type='list', elements='str', aliases=['ids']),
            name=dict(type='str'),
            ip_address=dict(type='str'),
            tags=dict(type='dict'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    ids = p['customer_gateway_ids']
    single = ids[0] if ids and len(ids) == 1 else None
    items = module.paginate('vpc', 'DescribeCustomerGateways', 'CustomerGateways.CustomerGateway',
                            CustomerGatewayId=single)
    wanted_ip = p['ip_address'].strip() if p['ip_address'] is not None else None
    found = [public_view(gw) for gw in map(normalise, items)
             if res.matches_filters(gw, among={'customer_gateway_id': ids}, tags=p['tags'],
                                    equal={'name': p['name'], 'ip_address': wanted_ip})]
    module.exit_json(changed=False, customer_gateways=found)


if __name__ == '__main__':
    main()
