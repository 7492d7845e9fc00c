# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VpnConnection: an IPsec-VPN connection (the vpn_connection module) on the lifecycle.

Connection writes are asynchronous and serialised per VPN gateway: the gateway is `updating` until the write is
applied, and a second write meanwhile fails with VpnGateway.Configuring; the connection's own State stays
`provisioning` / `updating` a while longer (readiness.py), and a modify or delete meanwhile fails with
VpnConnection.Configuring. So every write waits for an `active` gateway and, on an existing connection, a ready
connection first (before_write) and, with wait=true, for both afterwards (wait_done). A connection being deleted
counts as gone (api.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import (
    CHECK_MODE_ID,
    compare_tags,
    fail_on_errors,
    merged_tags,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.api import TAG_RESOURCE_TYPE, VpnConnectionApi
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import (
    changes,
    desired_from_params,
    initial_state,
    predict,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out, mask_psk
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.readiness import wait_connection_ready
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.requests import create_request, modify_request
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.rules import (
    network_type_problems,
    state_problems,
    static_problems,
)


class VpnConnection(Resource):
    result_key = "vpn_connection"
    what = "IPsec-VPN connection"
    id_key = "vpn_connection_id"
    id_field = "VpnConnectionId"
    tag_resource_type = TAG_RESOURCE_TYPE
    missing_id_message = "vpn_connection_id %s: no such connection; to create one, give vpn_gateway_id and name instead"
    quota_codes = {"Resource.QuotaFull": "connections_per_gateway", "IllegalParam.LocalSubnet": "subnets_per_connection",
                   "IllegalParam.RemoteSubnet": "subnets_per_connection"}

    def __init__(self, module):
        Resource.__init__(self, module)
        self.api = VpnConnectionApi(module)
        self.gateway_id = self.params.get("vpn_gateway_id")
        self.connection_id = None  # the connection found (None: a create), whose readiness modify/delete wait for

    def problems(self):
        return static_problems(self.params)

    # --- find -----------------------------------------------------------------------------------------------
    def find(self):
        raw = self.api.find(self.params.get("vpn_connection_id"), self.params.get("vpn_gateway_id"),
                            self.params.get("name"))
        if raw is not None:
            self.gateway_id = raw["VpnGatewayId"]
            self.connection_id = raw["VpnConnectionId"]
        return raw

    def read(self, ident):
        return self.api.describe(ident, not_found_ok=True)

    output = staticmethod(connection_out)

    def managed(self, current):
        return current or {}

    # --- plan -----------------------------------------------------------------------------------------------
    def plan(self, wire):
        params = self.params
        if params["state"] == "absent":
            return Resource.plan(self, wire)
        self.refuse_missing_id(wire)
        if wire and params.get("vpn_gateway_id") and params["vpn_gateway_id"] != self.gateway_id:
            self.module.fail_json(msg="vpn_connection_id %s belongs to VPN gateway %s, not vpn_gateway_id %s"
                                      % (wire["VpnConnectionId"], self.gateway_id, params["vpn_gateway_id"]))
        if not wire and not params.get("name"):
            self.module.fail_json(msg="name is required to create a connection")
        self.gateway = self.api.gateway(self.gateway_id)
        current = connection_out(wire) if wire else None
        self.wanted = desired_from_params(params)
        fail_on_errors(self.module, state_problems(params, self.wanted, current, self.gateway)
                       + network_type_problems(params, self.gateway, current))
        return self.plan_create() if wire is None else self.plan_update(wire)

    def plan_create(self):
        dual = bool(self.params.get("tunnels"))
        full = quotas.full(self.params, "connections_per_gateway", self.api.gateway_connections or 0,
                           "IPsec-VPN connections", "VPN gateway %s" % self.gateway_id)
        if full:
            self.module.fail_json(msg=full)
        predicted = predict(initial_state(self.wanted, self.gateway_id, dual), self.wanted)
        network_type = self.params.get("network_type") or self.gateway.get("NetworkType") or "public"
        predicted.update(vpn_connection_id=CHECK_MODE_ID, tags=self.params.get("tags") or {},
                         network_type=network_type, tunnel_bandwidth=None)
        request = create_request(self.wanted, self.gateway_id, dual, self.params.get("tags"))
        request.update(self.unread_settings())
        if self.params.get("network_type") is not None:
            request["NetworkType"] = self.params["network_type"]
        return Plan("create", None, {}, predicted, predicted, request=request)

    def unread_settings(self):
        """auto_config_route: DescribeVpnConnection does not return it (docs/vpn_connection.md), so it cannot be
        compared; it is sent on create and with every modification, never a change on its own."""
        if self.params.get("auto_config_route") is None:
            return {}
        return {"AutoConfigRoute": self.params["auto_config_route"]}

    def plan_update(self, wire):
        current = connection_out(wire)
        changed = changes(self.wanted, current)
        tags, purge = self.params.get("tags"), self.params["purge_tags"]
        to_set, to_remove = compare_tags(current["tags"], tags, purge)
        if not changed and not to_set and not to_remove:
            return Plan(None, wire, current, current, current)
        after = predict(current, self.wanted)
        after["tags"] = merged_tags(current["tags"], tags, purge)
        return Plan("update", wire, current, after, after, changed, to_set, to_remove, current=current)

    # --- apply ----------------------------------------------------------------------------------------------
    def before_write(self):
        self.wait_gateway_active(self.gateway_id)
        if self.connection_id:
            wait_connection_ready(self.module, self.connection_id, self.params["wait_timeout"])

    def created_exists(self, body):
        return self.api._live(self.read(body["VpnConnectionId"])) is not None

    def create(self, plan):
        return self.create_with_token("CreateVpnConnection", plan.extra["request"])["VpnConnectionId"]

    def modify(self, plan):
        current = plan.extra["current"]
        request = modify_request(current["vpn_connection_id"], plan.changes, self.wanted, current)
        request.update(self.unread_settings())
        self.write("ModifyVpnConnectionAttribute", **request)

    def delete(self, plan):
        connection_id = self.ident(plan.wire)
        self.write("DeleteVpnConnection", VpnConnectionId=connection_id, not_found_ok=True)
        return connection_id

    def wait_done(self, plan, ident):
        self.wait_gateway_active(self.gateway_id)
        if plan.action in ("create", "update"):
            wait_connection_ready(self.module, ident, self.params["wait_timeout"])
        if plan.action == "delete":
            self.module.wait_for(lambda: self.read(ident), lambda body: body is None,
                                 "connection %s to be deleted" % ident, self.params["wait_timeout"],
                                 describe=lambda body: "present" if body else "absent")

    def read_back(self, plan, ident):
        if plan.action == "delete":
            return {}
        return connection_out(self.api.describe(ident))

    # --- result ---------------------------------------------------------------------------------------------
    def masked(self, view):
        return mask_psk(view) or {}

    def public(self, resource):
        return mask_psk(resource, self.params["return_psk"]) or {}
