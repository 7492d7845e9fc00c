#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cen_route_publish
short_description: Publish a VPC route to a Cloud Enterprise Network (CEN) instance, or withdraw it
version_added: 0.1.0
description:
  - Routes of an attached VPC whose next hop is a VPN gateway are not advertised to CEN by default. This module
    publishes one route table entry (O(destination_cidr_block)) to the CEN instance O(cen_id) with
    C(PublishRouteEntries), so that the other networks attached to the CEN (for example an EDS office network)
    learn the data-center network; O(state=absent) withdraws it (C(WithdrawPublishedRouteEntries)).
  - The publication is identified by O(cen_id), the route table and O(destination_cidr_block); its state is read
    from C(DescribePublishedRouteEntries). O(state=present) waits until the entry is C(Published), O(state=absent)
    until it is C(NonPublished) (with O(wait)).
  - Uses the CBN API (C(cbn.aliyuncs.com), version 2017-09-12), which has no region parameter.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.attributes
  - eds.vpc_access.wait
attributes:
  diff_mode:
    support: full
    description: Shows the publish status before and after.
options:
  cen_id:
    description: ID of the CEN instance (C(cen-...)).
    type: str
    required: true
  child_instance_id:
    description: ID of the VPC attached to the CEN instance that holds the route.
    type: str
    required: true
  child_instance_region_id:
    description: Region of the VPC. Defaults to the module's region (O(region)).
    type: str
  child_instance_route_table_id:
    description: ID of the route table holding the route. Defaults to the system route table of the VPC.
    type: str
  destination_cidr_block:
    description:
      - Destination CIDR block of the route to publish. A bare address means C(/32).
      - Refused before any call when it is not a CIDR block, has host bits set, or lies inside a reserved range
        (C(100.64.0.0/10), C(127.0.0.0/8), C(169.254.0.0/16), C(224.0.0.0/4), C(240.0.0.0/4)).
    type: str
    required: true
  state:
    description: V(present) publishes the route, V(absent) withdraws it.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait until the publish status is C(Published) (present) or C(NonPublished) (absent).
  wait_timeout:
    default: 300
notes:
  - The route must exist in the route table first, for example made by M(eds.vpc_access.vpc_route_entry). In check
    mode a missing route is reported as a change (it may be created earlier in the same check run) with a warning.
  - System routes (vSwitch routes) are published by CEN automatically and cannot be withdrawn; the module fails
    naming the route when asked to change one.
seealso:
  - module: eds.vpc_access.vpc_route_entry
"""

EXAMPLES = r"""
- name: Let the office network learn the data-center route through CEN
  eds.vpc_access.cen_route_publish:
    cen_id: "{{ cen_id }}"
    child_instance_id: "{{ user_vpc_id }}"
    child_instance_region_id: cn-shanghai
    destination_cidr_block: 192.10.0.0/16

- name: Withdraw it
  eds.vpc_access.cen_route_publish:
    cen_id: "{{ cen_id }}"
    child_instance_id: "{{ user_vpc_id }}"
    child_instance_route_table_id: vtb-bp145q7glnuzdvzu2xxxx
    destination_cidr_block: 192.10.0.0/16
    state: absent
"""

RETURN = r"""
published_route_entry:
  description: The route table entry as CEN sees it after the run (predicted in check mode).
  returned: always
  type: dict
  contains:
    child_instance_route_table_id:
      description: ID of the route table.
      type: str
      sample: vtb-bp145q7glnuzdvzu2xxxx
    destination_cidr_block:
      description: Destination CIDR block.
      type: str
      sample: 192.10.0.0/16
    next_hop_id:
      description: ID of the next hop.
      type: str
      sample: vpn-bp1a3kqjiiq9legfxxxxx
    next_hop_type:
      description: Type of the next hop as CEN reports it.
      type: str
      sample: VpnGateway
    publish_status:
      description: C(Published) or C(NonPublished), the only values the API documents. With O(wait=false), the status
        the call leads to (CEN reports the old one until it has applied the change).
      type: str
      sample: Published
    route_type:
      description: C(System), C(Custom) or C(BGP).
      type: str
      sample: Custom
    operational_mode:
      description: Whether the route can be published or withdrawn.
      type: bool
      sample: true
    conflicts:
      description: Conflicting routes reported by CEN (snake_case keys), usually empty.
      type: list
      elements: dict
      sample: []
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
"""

from ansible_collections.eds.vpc_access.plugins.module_utils.cen.publication import CenPublication, argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule


def main():
    CenPublication(AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True)).run()


if __name__ == "__main__":
    main()
