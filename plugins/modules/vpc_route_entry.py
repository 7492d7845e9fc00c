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
    description: Whether the route exists.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait until a new or changed route is C(Available), or a removed one is gone.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait.
    type: int
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
      description: ID of the route table.
      type: str
      sample: vtb-bp145q7glnuzdvzu2xxxx
    destination_cidr_block:
      description: Destination CIDR block.
      type: str
      sample: 192.10.0.0/16
    next_hop_type:
      description: Type of the next hop.
      type: str
      sample: VpnGateway
    next_hop_id:
      description: ID of the next hop.
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
retries:
  description: Transient API errors that were retried (action, kind, code, delay, attempt).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.rules import (
    changed_fields,
    matching,
    route_destination,
    vpc_route_view,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import CHECK_MODE_ID
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.tables import system_route_table_id
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import check_text

MANAGED = ("destination_cidr_block", "next_hop_type", "next_hop_id", "name", "description")
TEXT_LIMITS = (("name", 128), ("description", 256))


def validate(module):
    params = module.params
    try:
        destination = route_destination(params["destination_cidr_block"], "destination_cidr_block")
    except ValueError as exc:
        module.fail_json(msg=u"%s" % exc)
    for option, limit in TEXT_LIMITS:
        if params[option] is not None:
            try:
                check_text(params[option], option, 1, limit)
            except ValueError as exc:
                module.fail_json(msg=u"%s" % exc)
    if params["wait_timeout"] < 0:
        module.fail_json(msg=u"wait_timeout must be 0 or more seconds, got %d" % params["wait_timeout"])
    # required_if is evaluated before defaults apply, so a present route without an explicit state needs this
    if params["state"] == "present" and not params["next_hop_id"]:
        module.fail_json(msg=u"next_hop_id is required with state=present (the %s the route points to)"
                         % params["next_hop_type"])
    return destination


class VpcRoute:

    def __init__(self, module, destination):
        self.module = module
        self.params = module.params
        self.destination = destination
        self.table_id = self.params["route_table_id"] or system_route_table_id(module, self.params["vpc_id"])

    def find(self, entry_id=None):
        filters = dict(RouteEntryId=entry_id) if entry_id else dict(DestinationCidrBlock=self.destination)
        entries = self.module.paginate("vpc", "DescribeRouteEntryList", "RouteEntrys.RouteEntry",
                                       RegionId=self.module.region, RouteTableId=self.table_id, MaxResult=100, **filters)
        found = matching(entries, DestinationCidrBlock=self.destination)
        if len(found) > 1:
            self.module.fail_json(msg=u"%d routes to %s in %s: %s" % (
                len(found), self.destination, self.table_id, ", ".join(e.get("RouteEntryId", "?") for e in found)))
        return found[0] if found else None

    def wait_until(self, entry_id, done, what):
        return self.module.wait_for(
            lambda: self.find(entry_id), until=done, timeout=self.params["wait_timeout"],
            what=u"route %s (%s) in %s" % (self.destination, what, self.table_id),
            describe=lambda entry: entry.get("Status") if entry else u"gone")

    def wait_available(self, entry_id):
        entry = self.wait_until(entry_id, lambda e: e is None or e.get("Status") == "Available", "Available")
        if entry is None:
            self.module.fail_json(msg=u"route %s in %s disappeared while waiting for it" % (self.destination, self.table_id))
        return entry

    def desired(self):
        params = self.params
        return dict(destination_cidr_block=self.destination, next_hop_type=params["next_hop_type"],
                    next_hop_id=params["next_hop_id"], name=params["name"], description=params["description"])

    def managed(self, view):
        return dict((name, view.get(name)) for name in MANAGED) if view else {}

    def create(self, desired, salt=None):
        params = dict(RegionId=self.module.region, RouteTableId=self.table_id, DestinationCidrBlock=self.destination,
                      NextHopType=desired["next_hop_type"], NextHopId=desired["next_hop_id"])
        if desired["name"] is not None:
            params["RouteEntryName"] = desired["name"]
        if desired["description"] is not None:
            params["Description"] = desired["description"]
        body = self.module.call("vpc", "CreateRouteEntry", create=True, token_salt=salt, **params)
        entry_id = body.get("RouteEntryId")
        if salt is None and self.find(entry_id) is None:
            # the ClientToken of an identical earlier create (since deleted) was replayed: create anew
            return self.create(desired, salt=entry_id)
        return entry_id

    def modify(self, entry, changes, desired):
        params = dict(RegionId=self.module.region, RouteEntryId=entry["RouteEntryId"])
        if "next_hop_type" in changes or "next_hop_id" in changes:
            params.update(NewNextHopType=desired["next_hop_type"], NewNextHopId=desired["next_hop_id"])
        if "name" in changes:
            params["RouteEntryName"] = desired["name"]
        if "description" in changes:
            params["Description"] = desired["description"]
        self.module.call("vpc", "ModifyRouteEntry", **params)

    def run(self):
        module, params = self.module, self.params
        current = self.find()
        if current and current.get("Type") != "Custom":
            module.fail_json(msg=u"the route to %s in %s is a %s route: only custom routes can be managed" % (
                self.destination, self.table_id, current.get("Type")))
        if current and current.get("Status") == "Deleting":
            # a route being deleted is gone for every purpose but blocks a new one with the same destination
            if params["state"] == "present" and not module.check_mode:
                self.wait_until(current["RouteEntryId"], lambda e: e is None, "gone")
            current = None
        before = vpc_route_view(current) if current else {}
        changed = False

        if params["state"] == "absent":
            after = {}
            if current:
                changed = True
                if not module.check_mode:
                    module.call("vpc", "DeleteRouteEntry", RegionId=module.region, RouteEntryId=current["RouteEntryId"])
                    if params["wait"]:
                        self.wait_until(current["RouteEntryId"], lambda e: e is None, "gone")
        else:
            desired = self.desired()
            if current is None:
                changed = True
                after = dict(desired, route_entry_id=CHECK_MODE_ID, route_table_id=self.table_id, status="Pending",
                             type="Custom", name=desired["name"] or "", description=desired["description"] or "")
                if not module.check_mode:
                    entry_id = self.create(desired)
                    after = vpc_route_view(self.wait_available(entry_id) if params["wait"] else self.find(entry_id))
            else:
                changes = changed_fields(before, desired)
                after = before
                if changes:
                    changed = True
                    after = dict(before, **dict((name, desired[name]) for name in changes))
                    if not module.check_mode:
                        if current.get("Status") != "Available":
                            current = self.wait_available(current["RouteEntryId"])
                        self.modify(current, changes, desired)
                        entry = self.wait_available(current["RouteEntryId"]) if params["wait"] else self.find()
                        after = vpc_route_view(entry)

        module.exit_json(retries=module.retries, changed=changed, route_entry=after,
                         diff=dict(before=self.managed(before), after=self.managed(after)))


def main():
    module = AlicloudModule(
        argument_spec=dict(
            route_table_id=dict(type="str"),
            vpc_id=dict(type="str"),
            destination_cidr_block=dict(type="str", required=True),
            next_hop_type=dict(type="str", default="VpnGateway",
                               choices=["VpnGateway", "Instance", "HaVip", "RouterInterface", "NetworkInterface",
                                        "NatGateway", "IPv6Gateway", "Attachment", "VpcPeer", "Ipv4Gateway",
                                        "GatewayEndpoint", "Ecr"]),
            next_hop_id=dict(type="str"),
            name=dict(type="str"),
            description=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=300),
        ),
        required_one_of=[("route_table_id", "vpc_id")],
        mutually_exclusive=[("route_table_id", "vpc_id")],
        supports_check_mode=True,
    )
    destination = validate(module)
    VpcRoute(module, destination).run()


if __name__ == "__main__":
    main()
