# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VpnRoute: a VPN gateway's destination-based (dbr) or policy-based (pbr) route on the lifecycle.

Both route types share it: every write is serialised on the gateway (it turns `updating` and refuses a second
write with VpnGateway.Configuring), so each write waits for the gateway to be `active` first (before_write), and
the last write waits again when `wait` is set, leaving the gateway ready for the next task of a loop. A route write
also waits (before_write) for its next-hop connection to have applied its own last write
(vpn_connection/readiness.py), which the API otherwise answers with VpnTask.CONFLICT.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import wait_argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.readiness import wait_connection_ready
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.rules import (
    PBR_DEFAULT_PRIORITY,
    PBR_PRIORITY_RANGE,
    VPN_ROUTE_WEIGHTS,
    matching,
    normalize_cidr,
    route_destination,
    vpn_route_view,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import ValidationError


# The API vocabulary of one route type.
RouteKind = namedtuple("RouteKind", "route_type result_key describe list_path create delete modify_weight policy")
DBR = RouteKind(u"dbr", u"vpn_route_entry", u"DescribeVpnRouteEntries", u"VpnRouteEntries.VpnRouteEntry",
                u"CreateVpnRouteEntry", u"DeleteVpnRouteEntry", u"ModifyVpnRouteEntryWeight", policy=False)
PBR = RouteKind(u"pbr", u"vpn_pbr_route_entry", u"DescribeVpnPbrRouteEntries", u"VpnPbrRouteEntries.VpnPbrRouteEntry",
                u"CreateVpnPbrRouteEntry", u"DeleteVpnPbrRouteEntry", u"ModifyVpnPbrRouteEntryWeight", policy=True)
DEFAULTS = (("weight", 100), ("publish_vpc", False), ("priority", PBR_DEFAULT_PRIORITY))


def argument_spec(kind):
    spec = dict(
        vpn_gateway_id=dict(type="str", required=True),
        route_dest=dict(type="str", required=True),
        next_hop=dict(type="str", required=True),
        weight=dict(type="int", choices=list(VPN_ROUTE_WEIGHTS)),
        publish_vpc=dict(type="bool"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        **wait_argument_spec(600)
    )
    spec.update(quotas.argument_spec("routes_per_gateway"))
    if kind.policy:
        spec.update(route_source=dict(type="str", required=True), priority=dict(type="int"))
    return spec


class VpnRoute(Resource):
    quota_codes = {u"Resource.QuotaFull": "routes_per_gateway"}

    def __init__(self, module, kind):
        Resource.__init__(self, module)
        self.kind = kind
        self.result_key = kind.result_key
        self.managed_keys = ("route_dest", "next_hop", "weight", "publish_vpc") + (
            ("route_source", "priority") if kind.policy else ())
        self.gateway_id = self.params["vpn_gateway_id"]
        self.key = {}
        self.gateway_count = 0  # routes of this kind on the gateway, counted by find()

    # -- validate --------------------------------------------------------------------------------------------
    def problems(self):
        """Every bad option; on success self.key holds the wire fields naming the route."""
        params, errors, key = self.params, [], {}
        options = [(u"RouteDest", u"route_dest", route_destination)]
        if self.kind.policy:
            options.append((u"RouteSource", u"route_source", normalize_cidr))
        for field, option, check in options:
            try:
                key[field] = check(params[option], option)
            except ValidationError as exc:
                errors.append(u"%s" % exc)
        if not params["next_hop"].strip():
            errors.append(u"next_hop must be the id of an IPsec connection (vco-...), got an empty value")
        key[u"NextHop"] = params["next_hop"].strip()
        if self.kind.policy and params["priority"] is not None:
            low, high = PBR_PRIORITY_RANGE
            if not low <= params["priority"] <= high:
                errors.append(u"priority must be between %d and %d, got %d" % (low, high, params["priority"]))
        self.key = key
        return errors

    # -- find ------------------------------------------------------------------------------------------------
    def find(self):
        if self.module.call("vpc", "DescribeVpnGateway", not_found_ok=True, VpnGatewayId=self.gateway_id) is None:
            if self.params["state"] == "absent":
                return None
            self.module.fail_json(msg=u"VPN gateway %s does not exist in region %s" % (self.gateway_id, self.module.region))
        return self.read(None)

    def read(self, ident):
        extra = {} if self.kind.policy else {u"RouteEntryType": u"custom"}
        entries = self.module.paginate("vpc", self.kind.describe, self.kind.list_path,
                                       VpnGatewayId=self.gateway_id, **extra)
        self.gateway_count = len(entries)
        found = matching(entries, **self.key)
        if len(found) > 1:
            self.module.fail_json(msg=u"%d routes match %s on VPN gateway %s: %s" % (
                len(found), self.key, self.gateway_id, found))
        return found[0] if found else None

    def output(self, wire):
        return vpn_route_view(wire, route_source=self.kind.policy)

    # -- plan ------------------------------------------------------------------------------------------------
    def desired(self, wire=None):
        desired = dict(weight=self.params["weight"], publish_vpc=self.params["publish_vpc"])
        if self.kind.policy:
            desired["priority"] = self.params["priority"]
        return desired

    def predict(self, current, changes=None, tags=None):
        """What the route will look like after the run (check mode reports it without any write)."""
        view = dict(current or dict(vpn_gateway_id=self.gateway_id, route_dest=self.key[u"RouteDest"],
                                    next_hop=self.key[u"NextHop"], create_time=None))
        for name, value in self.desired().items():
            if value is not None:
                view[name] = value
        view["state"] = u"published" if view.get("publish_vpc") else u"normal"
        if self.kind.policy:
            view["route_source"] = self.key[u"RouteSource"]
        return view

    def plan_create(self):
        full = quotas.full(self.params, "routes_per_gateway", self.gateway_count,
                           u"%s routes" % self.kind.route_type, u"VPN gateway %s" % self.gateway_id)
        if full:
            self.module.fail_json(msg=full)
        for name, default in DEFAULTS:
            if name in self.managed_keys and self.params[name] is None:
                self.params[name] = default
        predicted = self.predict(None)
        return Plan("create", None, {}, self.managed(predicted), predicted)

    # -- apply -----------------------------------------------------------------------------------------------
    def before_write(self):
        self.wait_gateway_active(self.gateway_id)
        wait_connection_ready(self.module, self.key[u"NextHop"], self.params["wait_timeout"])

    def write(self, action, service="vpc", **params):
        params.update(VpnGatewayId=self.gateway_id)
        return Resource.write(self, action, service, **params)

    def _identity(self, entry):
        """The fields Delete/Modify/Publish calls need to name the existing route."""
        ident = dict(self.key)
        ident[u"Weight"] = entry.get(u"Weight")
        if self.kind.policy and entry.get(u"Priority") is not None:
            ident[u"Priority"] = entry.get(u"Priority")
        return ident

    def created_exists(self, body):
        return self.read(None) is not None

    def replay_salt(self, body):
        return u"%s" % body.get(u"CreateTime")

    def create(self, plan):
        params = dict(self.key, Weight=self.params["weight"], PublishVpc=self.params["publish_vpc"],
                      OverlayMode=u"Ipsec")
        if self.kind.policy:
            params[u"Priority"] = self.params["priority"]
        self.create_with_token(self.kind.create, params)

    def modify(self, plan):
        entry, changes, desired = plan.wire, plan.changes, self.desired()
        if "priority" in changes:
            self.write(u"ModifyVpnPbrRouteEntryPriority", NewPriority=desired["priority"], **self._identity(entry))
            entry = dict(entry, Priority=desired["priority"])
        if "weight" in changes:
            self.write(self.kind.modify_weight, NewWeight=desired["weight"], **self._identity(entry))
            entry = dict(entry, Weight=desired["weight"])
        if "publish_vpc" in changes:
            self.write(u"PublishVpnRouteEntry", RouteType=self.kind.route_type, RouteDest=self.key[u"RouteDest"],
                       NextHop=self.key[u"NextHop"], PublishVpc=desired["publish_vpc"])

    def delete(self, plan):
        self.write(self.kind.delete, **self._identity(plan.wire))

    def ident(self, wire):
        return None

    def wait_done(self, plan, ident):
        self.wait_gateway_active(self.gateway_id)

    def read_back(self, plan, ident):
        if plan.action == "delete":
            return {}
        entry = self.read(None)
        if entry is None:
            self.module.fail_json(msg=u"%s %s via %s was written but the gateway does not list it" % (
                self.kind.route_type, self.key[u"RouteDest"], self.key[u"NextHop"]))
        return self.output(entry)
