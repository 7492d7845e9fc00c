#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpc_route_entry
short_description: Manage a custom route in an Alibaba Cloud VPC route table
version_added: 0.1.0
description:
  - Adds, changes or removes a custom route entry in a VPC route table, typically sending a data-center network to
    a VPN gateway (O(next_hop_type=VpnGateway)).
  - The table is O(route_table_id), or the system route table of O(vpc_id). A route is identified by its table and
    O(destination_cidr_block) (the API keeps destinations unique per table).
  - Next hop, O(name) and O(description) are changed in place (C(ModifyRouteEntry)); only the options you set are
    compared. System routes (vSwitch and cloud-service routes) are never touched.
  - Route writes in one VPC are serialised by the API (C(TaskConflict) while another write runs, and a route stays
    C(Pending) for a while); the client layer retries those answers and the module waits for C(Available).
  - O(destination_cidr_block) is checked before any API call, see the option.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.wait
  - eds.vpc_access.attributes
attributes:
  diff_mode:
    support: full
    description: Shows destination, next hop, name and description before and after.
options:
  route_table_id:
    description: ID of the route table (C(vtb-...)). Exactly one of O(route_table_id) and O(vpc_id) is required.
    type: str
  vpc_id:
    description: ID of the VPC whose system route table holds the route.
    type: str
  destination_cidr_block:
    description:
      - Destination CIDR block. A bare address means a host route (C(/32)).
      - Refused before any call when it is not a CIDR block, has host bits set, or lies inside a reserved range,
        C(100.64.0.0/10) and all its subnets (the cloud-service range, refused by the API), C(127.0.0.0/8),
        C(169.254.0.0/16), C(224.0.0.0/4), C(240.0.0.0/4).
      - The API also refuses a destination inside one of the VPC's vSwitch CIDR blocks (C(InvalidCidrBlock)).
    type: str
    required: true
  next_hop_type:
    description: Type of the next hop.
    type: str
    default: VpnGateway
    choices: [VpnGateway, Instance, HaVip, RouterInterface, NetworkInterface, NatGateway, IPv6Gateway, Attachment,
              VpcPeer, Ipv4Gateway, GatewayEndpoint, Ecr]
  next_hop_id:
    description: ID of the next hop, for example the VPN gateway C(vpn-...). Required with O(state=present).
    type: str
  name:
    description: Name of the route entry, 1 to 128 characters, not starting with C(http://) or C(https://).
    type: str
  description:
    description: Description of the route entry, 1 to 256 characters, not starting with C(http://) or C(https://).
    type: str
  state:
    description: Whether the route entry exists.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait until a new or changed route is C(Available), or a removed one is gone.
  wait_timeout:
    default: 300
notes:
  - Routes that the VPN gateway publishes (O(eds.vpc_access.vpn_route_entry#module:publish_vpc=true)) appear in the
    system route table with next hop C(VpnGateway); remove them by withdrawing them on the gateway.
seealso:
  - module: eds.vpc_access.vpn_route_entry
  - module: eds.vpc_access.cen_route_publish
"""

EXAMPLES = r"""
- name: Send the data center to the VPN gateway from the office-network VPC
  eds.vpc_access.vpc_route_entry:
    vpc_id: "{{ office_vpc_id }}"
    destination_cidr_block: 192.10.0.0/16
    next_hop_type: VpnGateway
    next_hop_id: "{{ vpn_gateway.vpn_gateway_id }}"
    name: to-datacenter

- name: Remove it from a custom route table
  eds.vpc_access.vpc_route_entry:
    route_table_id: vtb-bp145q7glnuzdvzu2xxxx
    destination_cidr_block: 192.10.0.0/16
    state: absent
"""

RETURN = r"""
route_entry:
  description: The route after the run (predicted in check mode); empty when absent.
  returned: always
  type: dict
  contains:
    route_entry_id:
      description: ID of the route entry; C((known after creation)) in check mode before creation.
      type: str
      sample: rte-bp1mnnr2al0naomnpxxxx
    route_table_id:
      description: ID of the route table that holds the entry.
      type: str
      sample: vtb-bp145q7glnuzdvzu2xxxx
    destination_cidr_block:
      description: Destination CIDR block of the route entry.
      type: str
      sample: 192.10.0.0/16
    next_hop_type:
      description: Type of the next hop.
      type: str
      sample: VpnGateway
    next_hop_id:
      description: ID of the next hop, for example the VPN gateway.
      type: str
      sample: vpn-bp1a3kqjiiq9legfxxxxx
    name:
      description: Name of the route entry.
      type: str
      sample: to-datacenter
    description:
      description: Description of the route entry.
      type: str
      sample: ""
    status:
      description: C(Pending) while the API applies it, then C(Available).
      type: str
      sample: Available
    type:
      description: C(Custom) for routes this module manages.
      type: str
      sample: Custom
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
"""

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.vpc_route import VpcRoute, argument_spec


def main():
    module = AlicloudModule(
        argument_spec=argument_spec(),
        required_one_of=[("route_table_id", "vpc_id")],
        mutually_exclusive=[("route_table_id", "vpc_id")],
        supports_check_mode=True,
    )
    VpcRoute(module).run()


if __name__ == "__main__":
    main()
