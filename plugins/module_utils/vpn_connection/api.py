# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reads of the vpn_connection modules, on the client layer (AlicloudModule); the writes are in resource.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import single_match

# TagResources/UnTagResources resource type of IPsec-VPN connections. The SDK's list of VPC TagResources types does
# not name it (unconfirmed on the real cloud, see docs/modules.md); the emulator accepts it case-insensitively.
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
        """The DescribeVpnConnection body of the connection, or None. By id, else by (gateway, name)."""
        if connection_id:
            return self.describe(connection_id, not_found_ok=True)
        listed = self.list(VpnGatewayId=gateway_id)
        self.gateway_connections = len(listed)
        matches = [c for c in listed if c.get("Name") == name]
        found = single_match(self.module, matches, "VpnConnectionId",
                             "name %r on VPN gateway %s" % (name, gateway_id))
        if found is None:
            return None
        # the list items lack some keys (VpnBgpConfig.EnableBgp): read the connection itself
        return self.describe(found["VpnConnectionId"], not_found_ok=True)

    def gateway(self, gateway_id):
        body = self.module.call("vpc", "DescribeVpnGateway", VpnGatewayId=gateway_id, not_found_ok=True)
        if body is None:
            self.module.fail_json(msg="vpn_gateway_id %s: no such VPN gateway in region %s"
                                      % (gateway_id, self.module.region))
        return body

    def download(self, connection_id):
        return self.module.call("vpc", "DownloadVpnConnectionConfig", VpnConnectionId=connection_id)
