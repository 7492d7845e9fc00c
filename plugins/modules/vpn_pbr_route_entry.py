#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpn_pbr_route_entry
short_description: Manage policy-based routes of an Alibaba Cloud VPN gateway
version_added: 0.1.0
description:
  - Adds, changes or removes a policy-based route (C(pbr)) on a VPN gateway. Traffic from O(route_source) to
    O(route_dest) goes into the IPsec connection O(next_hop).
  - A route is identified by O(vpn_gateway_id), O(route_source), O(route_dest) and O(next_hop).
  - O(weight), O(priority) and O(publish_vpc) are changed in place (C(ModifyVpnPbrRouteEntryWeight),
    C(ModifyVpnPbrRouteEntryPriority), C(PublishVpnRouteEntry) with C(RouteType=pbr)); only the options you set
    are compared.
  - Every route write makes the gateway C(updating) for a while. The module waits until the gateway is C(active)
    before each write and, with O(wait), after the last one; busy answers are retried by the client layer.
  - IPsec connections created with automatic route configuration already have policy-based routes for their
    subnets; this module manages additional ones or takes over existing ones.
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
    description: Shows source, destination, next hop, weight, priority and publish flag before and after.
options:
  route_source:
    description:
      - Source CIDR block (the cloud side, for example the office-network VPC C(172.16.0.0/12)).
      - Must be a CIDR block without host bits; a bare address means C(/32).
    type: str
    required: true
  route_dest:
    description:
      - Destination CIDR block (the data-center side). A bare address means C(/32).
      - Refused before any call when it is not a CIDR block, has host bits set, or lies inside a reserved range
        (C(100.64.0.0/10), C(127.0.0.0/8), C(169.254.0.0/16), C(224.0.0.0/4), C(240.0.0.0/4)).
    type: str
    required: true
  weight:
    description:
      - C(100) active, C(0) standby. Defaults to C(100) on creation; unchanged on an existing route when not set.
    type: int
    choices: [0, 100]
  priority:
    description:
      - Policy priority from C(1) to C(100); a smaller value wins. Defaults to C(10) on creation; unchanged on an
        existing route when not set.
    type: int
  publish_vpc:
    description:
      - Whether the route is published to the system route table of the gateway's VPC.
      - Defaults to V(false) on creation; unchanged on an existing route when not set.
    type: bool
notes:
  - Withdrawing a policy-based route from the VPC also withdraws a destination-based route with the same
    destination on the same gateway; that is how the API behaves.
seealso:
  - module: eds.vpc_access.vpn_route_entry
"""

EXAMPLES = r"""
- name: Send office-network traffic for the data center through the connection
  eds.vpc_access.vpn_pbr_route_entry:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    route_source: 172.16.0.0/12
    route_dest: 192.10.0.0/16
    next_hop: "{{ vpn_connection.vpn_connection_id }}"
    priority: 10
    publish_vpc: true

- name: Make it the standby path
  eds.vpc_access.vpn_pbr_route_entry:
    vpn_gateway_id: vpn-bp1a3kqjiiq9legfxxxxx
    route_source: 172.16.0.0/12
    route_dest: 192.10.0.0/16
    next_hop: vco-bp15oes1py4i66rmdxxxxx
    weight: 0
"""

RETURN = r"""
vpn_pbr_route_entry:
  description: The route after the run (predicted in check mode); empty when it is absent.
  returned: always
  type: dict
  contains:
    vpn_gateway_id:
      description: ID of the VPN gateway.
      type: str
      sample: vpn-bp1a3kqjiiq9legfxxxxx
    route_source:
      description: Source CIDR block.
      type: str
      sample: 172.16.0.0/12
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
    priority:
      description: Policy priority, smaller wins.
      type: int
      sample: 10
    publish_vpc:
      description: Whether the route is published to the VPC system route table.
      type: bool
      sample: true
    state:
      description: C(published) or C(normal) (not published).
      type: str
      sample: published
    create_time:
      description: Creation time in epoch milliseconds; null in check mode before creation.
      type: int
      sample: 1563874074000
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
"""

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.vpn_routes import PBR, VpnRoute, argument_spec


def main():
    VpnRoute(AlicloudModule(argument_spec=argument_spec(PBR), supports_check_mode=True), PBR).run()


if __name__ == "__main__":
    main()
