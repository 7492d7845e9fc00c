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
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait.
    type: int
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
- name: Let the office network learn the data center through CEN
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
retries:
  description: Transient API errors that were retried (action, kind, code, delay, attempt).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.rules import (
    matching,
    published_route_view,
    route_destination,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.tables import system_route_table_id

DONE = {"present": "Published", "absent": "NonPublished"}


class CenPublication:

    def __init__(self, module, destination):
        self.module = module
        self.params = module.params
        self.destination = destination
        self.region = self.params["child_instance_region_id"] or module.region
        self.table_id = self.params["child_instance_route_table_id"] or system_route_table_id(
            module, self.params["child_instance_id"], region=self.region, option="child_instance_id")
        self.ident = dict(CenId=self.params["cen_id"], ChildInstanceId=self.params["child_instance_id"],
                          ChildInstanceType="VPC", ChildInstanceRegionId=self.region,
                          ChildInstanceRouteTableId=self.table_id)

    def find(self):
        entries = self.module.paginate("cbn", "DescribePublishedRouteEntries", "PublishedRouteEntries.PublishedRouteEntry",
                                       DestinationCidrBlock=self.destination, **self.ident)
        found = matching(entries, DestinationCidrBlock=self.destination)
        return found[0] if found else None

    def wait(self, status):
        return self.module.wait_for(
            self.find, until=lambda entry: entry is None or entry.get("PublishStatus") == status,
            what=u"CEN publication of %s from %s to %s" % (self.destination, self.table_id, self.params["cen_id"]),
            timeout=self.params["wait_timeout"], describe=lambda entry: entry.get("PublishStatus") if entry else u"gone")

    def run(self):
        module, state = self.module, self.params["state"]
        entry = self.find()
        if entry is None:
            if state == "absent":
                module.exit_json(retries=module.retries, changed=False, published_route_entry={}, diff=dict(before={}, after={}))
            if module.check_mode:
                module.warn(u"route table %s has no route to %s yet: it must exist before the real run" % (
                    self.table_id, self.destination))
                predicted = dict(child_instance_route_table_id=self.table_id, destination_cidr_block=self.destination,
                                 publish_status="Published")
                module.exit_json(retries=module.retries, changed=True, published_route_entry=predicted,
                                 diff=dict(before={}, after=dict(publish_status="Published")))
            module.fail_json(msg=u"route table %s of %s has no route to %s: create it first (vpc_route_entry)" % (
                self.table_id, self.params["child_instance_id"], self.destination))

        before = published_route_view(entry)
        status = entry.get("PublishStatus")
        changed = status != DONE[state]
        if changed and entry.get("OperationalMode") is False:
            module.fail_json(msg=u"the %s route to %s in %s cannot be %s: CEN does not allow it (publish status %s)" % (
                entry.get("RouteType"), self.destination, self.table_id,
                "published" if state == "present" else "withdrawn", status))
        after = dict(before, publish_status=DONE[state]) if changed else before
        if not module.check_mode:
            if changed:
                action = "PublishRouteEntries" if state == "present" else "WithdrawPublishedRouteEntries"
                module.call("cbn", action, DestinationCidrBlock=self.destination, **self.ident)
            if self.params["wait"] and changed:
                final = self.wait(DONE[state])
                after = published_route_view(final) if final else {}
        module.exit_json(retries=module.retries, changed=changed, published_route_entry=after,
                         diff=dict(before=dict(publish_status=before["publish_status"]),
                                   after=dict(publish_status=after.get("publish_status"))))


def main():
    module = AlicloudModule(
        argument_spec=dict(
            cen_id=dict(type="str", required=True),
            child_instance_id=dict(type="str", required=True),
            child_instance_region_id=dict(type="str"),
            child_instance_route_table_id=dict(type="str"),
            destination_cidr_block=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=300),
        ),
        supports_check_mode=True,
    )
    try:
        destination = route_destination(module.params["destination_cidr_block"], "destination_cidr_block")
    except ValueError as exc:
        module.fail_json(msg=u"%s" % exc)
    if module.params["wait_timeout"] < 0:
        module.fail_json(msg=u"wait_timeout must be 0 or more seconds, got %d" % module.params["wait_timeout"])
    CenPublication(module, destination).run()


if __name__ == "__main__":
    main()
