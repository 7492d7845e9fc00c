# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CenPublication: a VPC route published to a CEN instance (the cen_route_publish module) on the lifecycle.

The publication is never created nor deleted: the route exists in its table (vpc_route_entry makes it), and both
states are an update of its publish status, PublishRouteEntries (present) or WithdrawPublishedRouteEntries (absent).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import wait_argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import ValidationError
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.rules import (
    matching,
    published_route_view,
    route_destination,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.tables import system_route_table_id

DONE = {"present": "Published", "absent": "NonPublished"}
ACTIONS = {"present": "PublishRouteEntries", "absent": "WithdrawPublishedRouteEntries"}


def argument_spec():
    return dict(
        cen_id=dict(type="str", required=True),
        child_instance_id=dict(type="str", required=True),
        child_instance_region_id=dict(type="str"),
        child_instance_route_table_id=dict(type="str"),
        destination_cidr_block=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        **wait_argument_spec(300)
    )


class CenPublication(Resource):
    result_key = "published_route_entry"
    managed_keys = ("publish_status",)
    output = staticmethod(published_route_view)

    def problems(self):
        try:
            self.destination = route_destination(self.params["destination_cidr_block"], "destination_cidr_block")
        except ValidationError as exc:
            return [u"%s" % exc]
        return []

    def find(self):
        params = self.params
        self.region = params["child_instance_region_id"] or self.module.region
        self.table_id = params["child_instance_route_table_id"] or system_route_table_id(
            self.module, params["child_instance_id"], region=self.region, option="child_instance_id")
        self.ident_params = dict(CenId=params["cen_id"], ChildInstanceId=params["child_instance_id"],
                                 ChildInstanceType="VPC", ChildInstanceRegionId=self.region,
                                 ChildInstanceRouteTableId=self.table_id)
        return self.read(None)

    def read(self, ident):
        entries = self.module.paginate("cbn", "DescribePublishedRouteEntries", "PublishedRouteEntries.PublishedRouteEntry",
                                       DestinationCidrBlock=self.destination, **self.ident_params)
        found = matching(entries, DestinationCidrBlock=self.destination)
        return found[0] if found else None

    def plan(self, wire):
        state = self.params["state"]
        if wire is None:
            if state == "absent":
                return Plan()
            if not self.module.check_mode:
                self.module.fail_json(msg=u"route table %s of %s has no route to %s: create it first (vpc_route_entry)"
                                      % (self.table_id, self.params["child_instance_id"], self.destination))
            self.module.warn(u"route table %s has no route to %s yet: it must exist before the real run" % (
                self.table_id, self.destination))
            predicted = dict(child_instance_route_table_id=self.table_id, destination_cidr_block=self.destination,
                             publish_status="Published")
            return Plan("update", None, {}, self.managed(predicted), predicted)
        current = self.output(wire)
        status = wire.get("PublishStatus")
        if status == DONE[state]:
            return Plan(None, wire, self.managed(current), self.managed(current), current)
        if wire.get("OperationalMode") is False:
            self.module.fail_json(msg=u"the %s route to %s in %s cannot be %s: CEN does not allow it (publish status %s)" % (
                wire.get("RouteType"), self.destination, self.table_id,
                "published" if state == "present" else "withdrawn", status))
        predicted = dict(current, publish_status=DONE[state])
        return Plan("update", wire, self.managed(current), self.managed(predicted), predicted)

    def update(self, plan):
        self.write(ACTIONS[self.params["state"]], "cbn", DestinationCidrBlock=self.destination, **self.ident_params)

    def wait_done(self, plan, ident):
        self.final = self.module.wait_for(
            lambda: self.read(None),
            until=lambda entry: entry is None or entry.get("PublishStatus") == DONE[self.params["state"]],
            what=u"CEN publication of %s from %s to %s" % (self.destination, self.table_id, self.params["cen_id"]),
            timeout=self.params["wait_timeout"], describe=lambda entry: entry.get("PublishStatus") if entry else u"gone")

    def read_back(self, plan, ident):
        if not self.params["wait"]:
            # CEN reports the old status until it has applied the change: return the status the call leads to
            return plan.result
        return self.output(self.final) if self.final else {}

    def diff(self, plan, resource):
        if plan.action is None and not plan.before:
            return dict(before={}, after={})
        return dict(before=plan.before, after=dict(publish_status=resource.get("publish_status")))
