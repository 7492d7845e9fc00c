#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: customer_gateway
short_description: Create, update or delete an Alibaba Cloud VPN customer gateway
version_added: 0.1.0
description:
  - Manages the customer gateway, the cloud-side record of the data-center VPN device (VPC API
    C(CreateCustomerGateway), C(ModifyCustomerGatewayAttribute), C(DeleteCustomerGateway)).
  - Found by O(customer_gateway_id) when set, else by its natural key O(ip_address) (the API keeps addresses
    unique per region). A re-run never creates a second customer gateway.
  - Only options you set are compared. O(name), O(description), O(auth_key) and O(tags) change in place;
    O(ip_address) and O(asn) cannot change after creation and asking to change them fails naming the option.
  - Inputs are checked before any API call - the address must not be in 100.64.0.0/10, 127.0.0.0/8,
    169.254.0.0/16, 224.0.0.0/4 or 255.0.0.0/8 and must be public for a public connection; the ASN must be
    1..4294967295, not 45104; C(HIGH.LOW) means HIGH*65536+LOW.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.tags
  - eds.vpc_access.quotas.customer_gateway
  - eds.vpc_access.quotas
attributes:
  check_mode:
    support: full
    description: Predicts the change (id C((known after creation))) without any write call.
  diff_mode:
    support: full
    description: Shows the managed attributes before and after; O(auth_key) is masked.
options:
  state:
    description: C(present) creates or updates, C(absent) deletes.
    type: str
    choices: [present, absent]
    default: present
  customer_gateway_id:
    description: ID of an existing customer gateway (C(cgw-...)).
    type: str
    aliases: [id]
  ip_address:
    description: Static IPv4 address of the data-center gateway device; the natural key. Required to create.
    type: str
  network_type:
    description:
      - Network type of the IPsec-VPN connections that will use this gateway. Only used to check O(ip_address)
        (C(public) needs an address outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16); not sent to the API.
    type: str
    choices: [public, private]
    default: public
  asn:
    description:
      - Autonomous system number of the data-center gateway (for BGP), as a number or in the dotted form
        C(123.456) (= 123*65536+456). 1..4294967295, not 45104 (Alibaba Cloud's own).
    type: str
  auth_key:
    description:
      - BGP MD5 authentication key, 1 to 64 printable ASCII characters, no spaces, no C(?).
      - Compared with the key the API reports; if the API does not report the field, it is only set at creation.
    type: str
  name:
    description: Name, 1 to 100 characters, not starting with C(http://) or C(https://).
    type: str
  description:
    description: Description, 1 to 100 characters, not starting with C(http://) or C(https://).
    type: str
  tags:
    aliases: [resource_tags]
notes:
  - Tags are given at creation (C(Tags.N)) and changed later with C(TagResources) resource type
    C(CUSTOMERGATEWAY) (not in the documented list of that API; see docs/modules.md).
'''

EXAMPLES = r'''
- name: Customer gateway for the data-center router
  eds.vpc_access.customer_gateway:
    name: dc-tokyo
    ip_address: 115.28.1.154
    asn: "65010"
    tags:
      site: tokyo
  register: cgw

- name: Remove it
  eds.vpc_access.customer_gateway:
    ip_address: 115.28.1.154
    state: absent
'''

RETURN = r'''
customer_gateway:
  description: The customer gateway (API fields in snake_case, tags as a dict, auth_key masked); C({}) after delete.
  returned: always
  type: dict
  contains:
    customer_gateway_id:
      description: ID (C((known after creation)) in check mode).
      type: str
      sample: cgw-bp1jrawp82av6bws91234
    ip_address:
      description: Address of the data-center gateway.
      type: str
      sample: 115.28.1.154
    asn:
      description: ASN as a number.
      type: int
      sample: 65010
    name:
      description: Name.
      type: str
    description:
      description: Description.
      type: str
    create_time:
      description: Creation time, epoch milliseconds.
      type: int
    tags:
      description: User tags.
      type: dict
retries: {description: 'Transient API errors that were retried.', returned: always, type: list, elements: dict}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.customer_gateway import CustomerGateway, argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule


def main():
    CustomerGateway(AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True)).run()


if __name__ == '__main__':
    main()
