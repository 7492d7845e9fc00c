# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VpcRoute: a custom route of a VPC route table (the vpc_route_entry module) on the lifecycle.

Route writes in one VPC are serialised by the API (TaskConflict, retried by the client layer) and a route stays
Pending for a while: a change waits for Available first, and with wait=true for Available (or gone) afterwards.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import CHECK_MODE_ID
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import wait_argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import ValidationError, check_text
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.rules import matching, route_destination, vpc_route_view
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.tables import system_route_table_id

NEXT_HOP_TYPES = ["VpnGateway", "Instance", "HaVip", "RouterInterface", "NetworkInterface", "NatGateway", "IPv6Gateway",
                  "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr"]
TEXT_LIMITS = (("name", 128), ("description", 256))


def argument_spec():
    return dict(
        route_table_id=dict(type="str"),
        vpc_id=dict(type="str"),
        destination_cidr_block=dict(type="str", required=True),
        next_hop_type=dict(type="str", default="VpnGateway", choices=NEXT_HOP_TYPES),
        next_hop_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        **wait_argument_spec(300)
    )


class VpcRoute(Resource):
    result_key = "route_entry"
    id_field = "RouteEntryId"
    managed_keys = ("destination_cidr_block", "next_hop_type", "next_hop_id", "name", "description")
    output = staticmethod(vpc_route_view)

    def problems(self):
        params, errors = self.params, []
        try:
            self.destination = route_destination(params["destination_cidr_block"], "destination_cidr_block")
        except ValidationError as exc:
            errors.append(u"%s" % exc)
        for option, limit in TEXT_LIMITS:
            if params[option] is not None:
                try:
                    check_text(params[option], option, 1, limit)
                except ValidationError as exc:
                    errors.append(u"%s" % exc)
        # required_if is evaluated before defaults apply, so a present route without an explicit state needs this
        if params["state"] == "present" and not params["next_hop_id"]:
            errors.append(u"next_hop_id is required with state=present (the %s the route points to)"
                          % params["next_hop_type"])
        return errors

    # -- find ------------------------------------------------------------------------------------------------
    def read(self, ident=None):
        filters = dict(RouteEntryId=ident) if ident else dict(DestinationCidrBlock=self.destination)
        entries = self.module.paginate("vpc", "DescribeRouteEntryList", "RouteEntrys.RouteEntry",
                                       RouteTableId=self.table_id, MaxResult=100, **filters)
        found = matching(entries, DestinationCidrBlock=self.destination)
        if len(found) > 1:
            self.module.fail_json(msg=u"%d routes to %s in %s: %s" % (
                len(found), self.destination, self.table_id, ", ".join(e.get("RouteEntryId", "?") for e in found)))
        return found[0] if found else None

    def find(self):
        self.table_id = self.params["route_table_id"] or system_route_table_id(self.module, self.params["vpc_id"])
        current = self.read()
        if current and current.get("Type") != "Custom":
            self.module.fail_json(msg=u"the route to %s in %s is a %s route: only custom routes can be managed" % (
                self.destination, self.table_id, current.get("Type")))
        if current and current.get("Status") == "Deleting":
            # a route being deleted is gone for every purpose but blocks a new one with the same destination
            if self.params["state"] == "present" and not self.module.check_mode:
                self.wait_until(current["RouteEntryId"], lambda e: e is None, "gone")
            current = None
        return current

    def wait_until(self, entry_id, done, what):
        return self.module.wait_for(
            lambda: self.read(entry_id), until=done, timeout=self.params["wait_timeout"],
            what=u"route %s (%s) in %s" % (self.destination, what, self.table_id),
            describe=lambda entry: entry.get("Status") if entry else u"gone")

    def wait_available(self, entry_id):
        entry = self.wait_until(entry_id, lambda e: e is None or e.get("Status") == "Available", "Available")
        if entry is None:
            self.module.fail_json(msg=u"route %s in %s disappeared while waiting for it" % (self.destination, self.table_id))
        return entry

    # -- plan ------------------------------------------------------------------------------------------------
    def desired(self, wire=None):
        params = self.params
        return dict(destination_cidr_block=self.destination, next_hop_type=params["next_hop_type"],
                    next_hop_id=params["next_hop_id"], name=params["name"], description=params["description"])

    def plan_create(self):
        desired = self.desired()
        predicted = dict(desired, route_entry_id=CHECK_MODE_ID, route_table_id=self.table_id, status="Pending",
                         type="Custom", name=desired["name"] or "", description=desired["description"] or "")
        return Plan("create", None, {}, self.managed(predicted), predicted)

    # -- apply -----------------------------------------------------------------------------------------------
    def create(self, plan):
        params = dict(RouteTableId=self.table_id, DestinationCidrBlock=self.destination,
                      NextHopType=self.params["next_hop_type"], NextHopId=self.params["next_hop_id"],
                      RouteEntryName=self.params["name"], Description=self.params["description"])
        return self.create_with_token("CreateRouteEntry", params)["RouteEntryId"]

    def modify(self, plan):
        changes, desired = plan.changes, self.desired()
        entry = plan.wire if plan.wire.get("Status") == "Available" else self.wait_available(plan.wire["RouteEntryId"])
        params = dict(RouteEntryId=entry["RouteEntryId"])
        if "next_hop_type" in changes or "next_hop_id" in changes:
            params.update(NewNextHopType=desired["next_hop_type"], NewNextHopId=desired["next_hop_id"])
        if "name" in changes:
            params["RouteEntryName"] = desired["name"]
        if "description" in changes:
            params["Description"] = desired["description"]
        self.write("ModifyRouteEntry", **params)

    def delete(self, plan):
        self.write("DeleteRouteEntry", RouteEntryId=plan.wire["RouteEntryId"])
        return plan.wire["RouteEntryId"]

    def wait_done(self, plan, ident):
        if plan.action == "delete":
            self.wait_until(ident, lambda e: e is None, "gone")
        else:
            self.wait_available(ident)

    def read_back(self, plan, ident):
        if plan.action == "delete":
            return {}
        # an update without wait reads by destination, as a route being replaced may show under a new id
        entry = self.read(ident if plan.action == "create" else None)
        return self.output(entry) if entry else {}
