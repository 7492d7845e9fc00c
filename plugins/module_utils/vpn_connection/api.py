# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API calls of the vpn_connection modules, on the client layer (AlicloudModule).

Connection writes are asynchronous and serialised per VPN gateway: the gateway is `updating` until the write is
applied, and a second write meanwhile fails with VpnGateway.Configuring; the connection itself is `provisioning` /
`updating` a while longer (readiness.py). So every write waits for an `active` gateway and a ready connection first
and (with wait=true) afterwards; a connection being deleted counts as gone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import single_match
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.readiness import (
    is_being_deleted,
    wait_connection_ready,
)

# TagResources/UnTagResources resource type of IPsec-VPN connections. Not in the VPC TagResources list of
# the SDK docs (alibaba-api.md 3.7, UNCONFIRMED); the emulator accepts it case-insensitively.
TAG_RESOURCE_TYPE = "VpnConnection"


class VpnConnectionApi(object):
    def __init__(self, module):
        self.module = module
        self.gateway_connections = None  # how many connections the gateway has, when find() listed them

    # --- reads ----------------------------------------------------------------------------------------------
    def describe(self, connection_id, not_found_ok=False):
        return self.module.call("vpc", "DescribeVpnConnection", VpnConnectionId=connection_id,
                                not_found_ok=not_found_ok)

    def list(self, **filters):
        return self.module.paginate("vpc", "DescribeVpnConnections", "VpnConnections.VpnConnection", **filters)

    def find(self, connection_id, gateway_id, name):
        """The DescribeVpnConnection body of the connection, or None. By id, else by (gateway, name). A connection
        being deleted is None: it is on its way out and a new one may take its name."""
        if connection_id:
            return self._live(self.describe(connection_id, not_found_ok=True))
        listed = self.list(VpnGatewayId=gateway_id)
        self.gateway_connections = len(listed)
        matches = [c for c in listed if c.get("Name") == name and not is_being_deleted(c)]
        found = single_match(self.module, matches, "VpnConnectionId",
                             "name %r on VPN gateway %s" % (name, gateway_id))
        if found is None:
            return None
        # the list items lack some keys (VpnBgpConfig.EnableBgp): read the connection itself
        return self._live(self.describe(found["VpnConnectionId"], not_found_ok=True))

    @staticmethod
    def _live(body):
        return None if body is None or is_being_deleted(body) else body

    def gateway(self, gateway_id):
        body = self.module.call("vpc", "DescribeVpnGateway", VpnGatewayId=gateway_id, not_found_ok=True)
        if body is None:
            self.module.fail_json(msg="vpn_gateway_id %s: no such VPN gateway in region %s"
                                      % (gateway_id, self.module.region))
        return body

    def download(self, connection_id):
        return self.module.call("vpc", "DownloadVpnConnectionConfig", VpnConnectionId=connection_id)

    def wait_active(self, gateway_id, timeout):
        def status():
            body = self.module.call("vpc", "DescribeVpnGateway", VpnGatewayId=gateway_id, not_found_ok=True)
            return body.get("Status") if body else None
        self.module.wait_for(status, lambda s: s == "active", "VPN gateway %s to be active" % gateway_id, timeout)

    def wait_ready(self, gateway_id, connection_id, timeout):
        """The gateway takes writes again and the connection has applied its own last write."""
        self.wait_active(gateway_id, timeout)
        wait_connection_ready(self.module, connection_id, timeout)

    # --- writes ---------------------------------------------------------------------------------------------
    def create(self, request, wait, timeout):
        gateway_id = request["VpnGatewayId"]
        self.wait_active(gateway_id, timeout)
        body = self.module.call("vpc", "CreateVpnConnection", create=True, **request)
        if self._live(self.describe(body["VpnConnectionId"], not_found_ok=True)) is None:
            # the ClientToken replayed the create of a connection deleted since (same options as back then):
            # a token salted with that id makes the API create a new one, and is stable across retries
            self.wait_active(gateway_id, timeout)
            body = self.module.call("vpc", "CreateVpnConnection", create=True, token_salt=body["VpnConnectionId"],
                                    **request)
        if wait:
            self.wait_ready(gateway_id, body["VpnConnectionId"], timeout)
        return self.describe(body["VpnConnectionId"])

    def modify(self, gateway_id, request, wait, timeout):
        self.wait_ready(gateway_id, request["VpnConnectionId"], timeout)
        self.module.call("vpc", "ModifyVpnConnectionAttribute", **request)
        if wait:
            self.wait_ready(gateway_id, request["VpnConnectionId"], timeout)

    def delete(self, raw, wait, timeout):
        gateway_id = raw["VpnGatewayId"]
        connection_id = raw["VpnConnectionId"]
        self.wait_ready(gateway_id, connection_id, timeout)
        self.module.call("vpc", "DeleteVpnConnection", VpnConnectionId=connection_id, not_found_ok=True)
        if wait:
            self.wait_active(gateway_id, timeout)
            self.module.wait_for(lambda: self.describe(connection_id, not_found_ok=True), lambda body: body is None,
                                 "connection %s to be deleted" % connection_id, timeout,
                                 describe=lambda body: "present" if body else "absent")
