# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One engine for the VPN gateway's destination-based (dbr) and policy-based (pbr) routes.

Both route types share the life cycle: every write is serialised on the gateway (it turns `updating` and refuses
a second write with VpnGateway.Configuring), so each write waits for the gateway to be `active` first, and the
last write waits again when `wait` is set, leaving the gateway ready for the next task of a loop. A route write
also waits for its next-hop connection to have applied its own last write (vpn_connection/readiness.py), which the
API otherwise answers with VpnTask.CONFLICT.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.readiness import wait_connection_ready
from ansible_collections.eds.vpc_access.plugins.module_utils.routes.rules import (
    PBR_DEFAULT_PRIORITY,
    PBR_PRIORITY_RANGE,
    VPN_ROUTE_WEIGHTS,
    changed_fields,
    matching,
    normalize_cidr,
    route_destination,
    vpn_route_view,
)


class RouteKind:
    """The API vocabulary of one route type."""

    def __init__(self, route_type, result_key, describe, list_path, create, delete, modify_weight, policy):
        self.route_type = route_type
        self.result_key = result_key
        self.describe = describe
        self.list_path = list_path
        self.create = create
        self.delete = delete
        self.modify_weight = modify_weight
        self.policy = policy


DBR = RouteKind(u"dbr", u"vpn_route_entry", u"DescribeVpnRouteEntries", u"VpnRouteEntries.VpnRouteEntry",
                u"CreateVpnRouteEntry", u"DeleteVpnRouteEntry", u"ModifyVpnRouteEntryWeight", policy=False)
PBR = RouteKind(u"pbr", u"vpn_pbr_route_entry", u"DescribeVpnPbrRouteEntries", u"VpnPbrRouteEntries.VpnPbrRouteEntry",
                u"CreateVpnPbrRouteEntry", u"DeleteVpnPbrRouteEntry", u"ModifyVpnPbrRouteEntryWeight", policy=True)


def argument_spec(kind):
    spec = dict(
        vpn_gateway_id=dict(type="str", required=True),
        route_dest=dict(type="str", required=True),
        next_hop=dict(type="str", required=True),
        weight=dict(type="int", choices=list(VPN_ROUTE_WEIGHTS)),
        publish_vpc=dict(type="bool"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )
    if kind.policy:
        spec.update(route_source=dict(type="str", required=True), priority=dict(type="int"))
    return spec


class VpnRouteManager:

    def __init__(self, module, kind):
        self.module = module
        self.kind = kind
        self.params = module.params
        self.gateway_id = self.params["vpn_gateway_id"]
        self.key = self._validated_key()
        self.gateway_count = 0  # routes of this kind on the gateway, counted by find()

    # -- input -------------------------------------------------------------------------------------------------
    def _validated_key(self):
        """The wire fields naming the route, checked before any API call."""
        params = self.params
        try:
            key = {u"RouteDest": route_destination(params["route_dest"], u"route_dest")}
            if self.kind.policy:
                key[u"RouteSource"] = normalize_cidr(params["route_source"], u"route_source")
        except ValueError as exc:
            self.module.fail_json(msg=u"%s" % exc)
        if not params["next_hop"].strip():
            self.module.fail_json(msg=u"next_hop must be the id of an IPsec connection (vco-...), got an empty value")
        key[u"NextHop"] = params["next_hop"].strip()
        if self.kind.policy and params["priority"] is not None:
            low, high = PBR_PRIORITY_RANGE
            if not low <= params["priority"] <= high:
                self.module.fail_json(msg=u"priority must be between %d and %d, got %d" % (low, high, params["priority"]))
        if params["wait_timeout"] < 0:
            self.module.fail_json(msg=u"wait_timeout must be 0 or more seconds, got %d" % params["wait_timeout"])
        return key

    def _desired(self):
        desired = dict(weight=self.params["weight"], publish_vpc=self.params["publish_vpc"])
        if self.kind.policy:
            desired["priority"] = self.params["priority"]
        return desired

    def _managed(self, view):
        """The attributes shown in --diff."""
        if not view:
            return {}
        names = ["route_dest", "next_hop", "weight", "publish_vpc"]
        if self.kind.policy:
            names += ["route_source", "priority"]
        return dict((name, view.get(name)) for name in names)

    # -- reads ---------------------------------------------------------------------------------------------------
    def gateway_status(self):
        body = self.module.call("vpc", "DescribeVpnGateway", not_found_ok=True,
                                RegionId=self.module.region, VpnGatewayId=self.gateway_id)
        return body.get("Status") if body else None

    def wait_gateway_active(self):
        status = self.module.wait_for(
            self.gateway_status, until=lambda status: status in ("active", None),
            what=u"VPN gateway %s" % self.gateway_id, timeout=self.params["wait_timeout"],
            describe=lambda status: status or u"gone")
        if status is None:
            self.module.fail_json(msg=u"VPN gateway %s disappeared while its routes were being changed" % self.gateway_id)

    def find(self):
        extra = {} if self.kind.policy else {u"RouteEntryType": u"custom"}
        entries = self.module.paginate("vpc", self.kind.describe, self.kind.list_path,
                                       RegionId=self.module.region, VpnGatewayId=self.gateway_id, **extra)
        self.gateway_count = len(entries)
        found = matching(entries, **self.key)
        if len(found) > 1:
            self.module.fail_json(msg=u"%d routes match %s on VPN gateway %s: %s" % (
                len(found), self.key, self.gateway_id, found))
        return found[0] if found else None

    def view(self, entry):
        return vpn_route_view(entry, route_source=self.kind.policy)

    # -- writes --------------------------------------------------------------------------------------------------
    def _write(self, action, create=False, token_salt=None, **params):
        """One gateway write: wait until the gateway takes writes and the next-hop connection is ready, then call."""
        self.wait_gateway_active()
        wait_connection_ready(self.module, self.key[u"NextHop"], self.params["wait_timeout"])
        params.update(RegionId=self.module.region, VpnGatewayId=self.gateway_id)
        return self.module.call("vpc", action, create=create, token_salt=token_salt, **params)

    def _identity(self, entry):
        """The fields Delete/Modify/Publish calls need to name the existing route."""
        ident = dict(self.key)
        ident[u"Weight"] = entry.get(u"Weight")
        if self.kind.policy and entry.get(u"Priority") is not None:
            ident[u"Priority"] = entry.get(u"Priority")
        return ident

    def _create(self, desired, salt=None):
        params = dict(self.key)
        params.update(Weight=desired["weight"], PublishVpc=desired["publish_vpc"], OverlayMode=u"Ipsec")
        if self.kind.policy:
            params[u"Priority"] = desired["priority"]
        return self._write(self.kind.create, create=True, token_salt=salt, **params)

    def _update(self, entry, changes, desired):
        if "priority" in changes:
            self._write(u"ModifyVpnPbrRouteEntryPriority", NewPriority=desired["priority"], **self._identity(entry))
            entry = dict(entry, Priority=desired["priority"])
        if "weight" in changes:
            self._write(self.kind.modify_weight, NewWeight=desired["weight"], **self._identity(entry))
            entry = dict(entry, Weight=desired["weight"])
        if "publish_vpc" in changes:
            self._write(u"PublishVpnRouteEntry", RouteType=self.kind.route_type, RouteDest=self.key[u"RouteDest"],
                        NextHop=self.key[u"NextHop"], PublishVpc=desired["publish_vpc"])

    def _predicted(self, desired, current_view=None):
        """What the route will look like after the run (check mode reports it without any write)."""
        view = dict(current_view or dict(
            vpn_gateway_id=self.gateway_id, route_dest=self.key[u"RouteDest"], next_hop=self.key[u"NextHop"],
            create_time=None))
        for name, value in desired.items():
            if value is not None:
                view[name] = value
        view["state"] = u"published" if view.get("publish_vpc") else u"normal"
        if self.kind.policy:
            view["route_source"] = self.key[u"RouteSource"]
        return view

    def run(self):
        module = self.module
        result = dict(changed=False, retries=module.retries)
        if self.gateway_status() is None:
            if self.params["state"] == "absent":
                module.exit_json(retries=module.retries, changed=False, diff=dict(before={}, after={}), **{self.kind.result_key: {}})
            module.fail_json(msg=u"VPN gateway %s does not exist in region %s" % (self.gateway_id, module.region))
        current = self.find()
        before = self.view(current) if current else {}

        if self.params["state"] == "absent":
            after = {}
            if current:
                result["changed"] = True
                if not module.check_mode:
                    self._write(self.kind.delete, **self._identity(current))
                    if self.params["wait"]:
                        self.wait_gateway_active()
        else:
            desired = self._desired()
            created_body = None
            if current is None:
                full = quotas.full(self.gateway_count, quotas.ROUTES_PER_GATEWAY, u"%s routes" % self.kind.route_type,
                                   u"VPN gateway %s" % self.gateway_id)
                if full:
                    module.fail_json(msg=full)
                for name, default in (("weight", 100), ("publish_vpc", False), ("priority", PBR_DEFAULT_PRIORITY)):
                    if name in desired and desired[name] is None:
                        desired[name] = default
                result["changed"] = True
                after = self._predicted(desired)
                if not module.check_mode:
                    created_body = self._create(desired)
            else:
                changes = changed_fields(before, desired)
                after = self._predicted(desired, before) if changes else before
                if changes:
                    result["changed"] = True
                    if not module.check_mode:
                        self._update(current, changes, desired)
            if result["changed"] and not module.check_mode:
                if self.params["wait"]:
                    self.wait_gateway_active()
                created = self.find()
                if created is None and created_body is not None:
                    # the ClientToken of an identical earlier create (since deleted) was replayed: create anew
                    self._create(desired, salt=u"%s" % created_body.get(u"CreateTime"))
                    if self.params["wait"]:
                        self.wait_gateway_active()
                    created = self.find()
                if created is None:
                    module.fail_json(msg=u"%s %s via %s was written but the gateway does not list it" % (
                        self.kind.route_type, self.key[u"RouteDest"], self.key[u"NextHop"]))
                after = self.view(created)

        result[self.kind.result_key] = after
        result["diff"] = dict(before=self._managed(before), after=self._managed(after))
        module.exit_json(**result)
