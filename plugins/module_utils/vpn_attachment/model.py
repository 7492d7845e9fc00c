# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPsec-VPN attachments (connections bound to no VPN gateway, CreateVpnAttachment): output shape and request
parameters, built on the IPsec-VPN connection logic of module_utils/vpn_connection (pure, no API call).

An attachment is an IPsec-VPN connection whose VpnGatewayId is empty; DescribeVpnConnection answers for it with
AttachType NO_ASSOCIATED (bound to nothing) or CEN (attached to a transit router). Its requests name tunnels by
TunnelIndex (1 = master, 2 = slave, the CreateVpnAttachment / ModifyVpnAttachmentAttribute SDK models) where
CreateVpnConnection names them by Role.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out

TUNNEL_INDEX = {"master": 1, "slave": 2}
# State of an attachment that is still applying its last write (the module waits for it to pass)
BUSY_STATES = ("provisioning", "updating", "attaching", "detaching", "upgrading")
TAG_RESOURCE_TYPE = "VPNATTACHMENT"


def is_attachment(conn):
    """Whether a DescribeVpnConnection(s) item is an attachment (not the connection of a VPN gateway)."""
    return not conn.get("VpnGatewayId") and conn.get("AttachType") != "VPNGW"


def attachment_out(conn):
    """DescribeVpnConnection body of an attachment -> the module shape (PSKs in clear: mask before output)."""
    out = connection_out(conn)
    out.pop("vpn_gateway_id", None)
    out.update(
        network_type=conn.get("NetworkType") or None,
        tunnel_bandwidth=conn.get("TunnelBandwidth") or None,
        attach_type=conn.get("AttachType") or None,
        transit_router_id=conn.get("TransitRouterId") or None,
        transit_router_name=conn.get("TransitRouterName") or None,
    )
    return out


def attachment_request(request):
    """A CreateVpnConnection / ModifyVpnConnectionAttribute request (vpn_connection/requests.py) turned into the
    CreateVpnAttachment / ModifyVpnAttachmentAttribute one: no gateway, tunnels by TunnelIndex."""
    out = dict(request)
    out.pop("VpnGatewayId", None)
    specs = []
    for spec in out.get("TunnelOptionsSpecification") or []:
        spec = dict(spec)
        role = spec.pop("Role", None)
        if role in TUNNEL_INDEX:
            spec["TunnelIndex"] = TUNNEL_INDEX[role]
        specs.append(spec)
    if specs:
        out["TunnelOptionsSpecification"] = specs
    return out
