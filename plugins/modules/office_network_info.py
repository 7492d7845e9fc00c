#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: office_network_info
short_description: Read EDS (Elastic Desktop Service) office networks
version_added: 0.1.0
description:
  - Reads the office networks (office sites) of a region through the ECD API C(DescribeOfficeSites), every page,
    and returns what the VPN and DNS set-up needs - VPC, CIDR block, CEN attachment, DNS addresses, the desktop
    access type and the private (VPC) endpoint address that clients connect to.
  - Returns C([]) when nothing matches. Office networks carry no user tags in this API, so there is no tag filter.
  - Domain passwords, trust keys and client secrets that C(DescribeOfficeSites) may return for AD office networks
    are never returned.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  office_site_ids:
    description: Only these office network IDs (for example C(cn-shanghai+dir-4067420000)).
    type: list
    elements: str
    aliases: [ids, office_network_ids]
  name:
    description: Only office networks with exactly this name.
    type: str
  vpc_id:
    description: Only the office network of this VPC.
    type: str
'''

EXAMPLES = r'''
- name: The office network of the EDS desktops
  eds.vpc_access.office_network_info:
    name: eds-office
  register: office

- name: Use its VPC endpoint and DNS addresses
  ansible.builtin.debug:
    msg: >-
      {{ office.office_networks[0].private_endpoint }}
      {{ office.office_networks[0].dns_address | join(',') }}
'''

RETURN = r'''
office_networks:
  description: Matching office networks.
  returned: always
  type: list
  elements: dict
  contains:
    office_site_id:
      description: Office network ID.
      type: str
      sample: cn-shanghai+dir-4067420000
    name:
      description: Office network name.
      type: str
      sample: eds-office
    office_site_type:
      description: C(SIMPLE) (convenience account) or C(AD_CONNECTOR).
      type: str
    status:
      description: Registration status, for example C(REGISTERED).
      type: str
    vpc_id:
      description: ID of the VPC of the office network.
      type: str
      sample: vpc-uf6officenetwork00001
    vswitch_ids:
      description: IDs of the vSwitches of the office network.
      type: list
      elements: str
    cidr_block:
      description: IPv4 CIDR block of the office network.
      type: str
      sample: 172.16.0.0/12
    cen_id:
      description: CEN instance the office network is attached to (empty when none).
      type: str
    cen_attach_status:
      description: CEN attachment status.
      type: str
      sample: Attached
    dns_address:
      description: DNS server addresses of the office network.
      type: list
      elements: str
      sample: [100.100.2.136, 100.100.2.138]
    custom_dns_address:
      description: Custom DNS server addresses.
      type: list
      elements: str
    desktop_access_type:
      description: How clients connect - C(INTERNET), C(VPC) or C(Any).
      type: str
      sample: Any
    private_endpoint:
      description: The private (VPC) endpoint address clients use over the VPN (C(DesktopVpcEndpoint)), as the API gives it.
      type: str
      sample: http://ep-uf6eds0000000000001.epsrv-uf6eds0000000000001.cn-shanghai.privatelink.aliyuncs.com
    private_endpoint_host:
      description:
        - The host name of RV(office_networks[].private_endpoint) without scheme, port or path - the name a DNS
          record (for example a CNAME) for the clients points at. Empty when there is no VPC endpoint.
      type: str
      sample: ep-uf6eds0000000000001.epsrv-uf6eds0000000000001.cn-shanghai.privatelink.aliyuncs.com
    desktop_vpc_endpoint:
      description: Same value as RV(office_networks[].private_endpoint), under the API's name.
      type: str
    custom_access_point:
      description: Custom access gateway address, if any.
      type: str
    enable_internet_access:
      description: Whether desktops have Internet access.
      type: bool
    creation_time:
      description: Creation time (ISO 8601, UTC).
      type: str
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import matches_filters
from ansible_collections.eds.vpc_access.plugins.module_utils.office_network.output import office_network_out


def main():
    module = AlicloudModule(
        argument_spec=dict(
            office_site_ids=dict(type='list', elements='str', aliases=['ids', 'office_network_ids']),
            name=dict(type='str'),
            vpc_id=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    items = module.paginate('ecd', 'DescribeOfficeSites', 'OfficeSites', MaxResults=100,
                            OfficeSiteId=p['office_site_ids'] or None, VpcId=p['vpc_id'])
    networks = [net for net in map(office_network_out, items)
                if matches_filters(net, among={'office_site_id': p['office_site_ids']},
                                   equal={'vpc_id': p['vpc_id'], 'name': p['name']})]
    module.exit_json(changed=False, office_networks=networks)


if __name__ == '__main__':
    main()
