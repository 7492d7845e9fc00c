"""IPsec-VPN attachments (connections made by CreateVpnAttachment, bound to no VPN gateway): records and rules.

An attachment is an IPsec-VPN connection record in the same table as the gateway-bound ones (``vpn_connections``),
so DescribeVpnConnection(s), DownloadVpnConnectionConfig and the customer gateway dependency check see it as the API
does. What differs is kept in these fields: ``VpnGatewayId`` empty, ``attachment`` true, ``NetworkType`` and
``TunnelBandwidth`` of its own, and the binding to a transit router (``AttachType`` NO_ASSOCIATED | CEN,
``TransitRouterId``/``TransitRouterName``, written by services/transit_router_vpn_attachments.py).

The parameter blocks are validated by the connection rules (vpn_connection_backend.py / vpn_connection_checks.py)
through a stand-in gateway that carries the attachment's own tunnel addresses. Choices (docs/vpn_attachment.md,
"Emulator"): TunnelOptionsSpecification makes a dual-tunnel attachment, CustomerGatewayId alone a single-tunnel
one; tunnels are named by TunnelIndex 1 | 2 (the SDK model) or Role master | slave (what the Terraform provider
sends); public attachments get two public addresses at once, private ones get theirs from the transit router's CIDR
block when they are attached (InternetIp is empty until then).
"""

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.services import vpn_connection_backend as backend
from eds_emulator.services import vpn_gateways

TABLE = backend.TABLE
NETWORK_TYPES = ("public", "private")
TUNNEL_BANDWIDTHS = ("Standard", "Large")
ROLES = {1: "master", 2: "slave"}


def attachment_or_404(ctx, connection_id):
    """An attachment record, or the connection NotFound (a gateway-bound connection is not an attachment)."""
    record = ctx.region.table(TABLE).get(connection_id) if connection_id else None
    if record is None or not record.get("attachment"):
        raise ApiError(backend.NOT_FOUND, "The specified vpn connection instance id does not exist.", status=404)
    return record


def _used_addresses(ctx):
    used = set()
    for region in ctx.store.regions.values():
        for gw in region.table(vpn_gateways.TABLE).values():
            used.update(gw.get(k) for k in ("InternetIp", "DisasterRecoveryInternetIp", "SslVpnInternetIp"))
        for conn in region.table(TABLE).values():
            used.update(t.get("InternetIp") for t in conn.get("tunnels", []))
            used.add(conn.get("InternetIp"))
    used.discard("")
    used.discard(None)
    return used


def _stand_in_gateway(ctx, network_type, dual):
    """What the connection rules read from a gateway: tunnel addresses, network type, dual or single."""
    used = _used_addresses(ctx)
    first = second = ""
    if network_type == "public":
        first = vpn_gateways._public_ip(ctx, used)  # pylint: disable=protected-access
        second = vpn_gateways._public_ip(ctx, used) if dual else ""  # pylint: disable=protected-access
    return {"VpnGatewayId": "", "InternetIp": first, "DisasterRecoveryInternetIp": second,
            "DisasterRecoveryVSwitchId": "attachment" if dual else "", "NetworkType": network_type, "Spec": "",
            "ResourceGroupId": ""}


def _with_roles(specs):
    """TunnelOptionsSpecification entries with a Role (from TunnelIndex when only that is given)."""
    out = []
    for index, spec in enumerate(specs, start=1):
        spec = dict(spec)
        tunnel_index = spec.pop("TunnelIndex", None)
        if tunnel_index is not None:
            if tunnel_index not in ROLES:
                raise ApiError.invalid(f"TunnelOptionsSpecification.{index}.TunnelIndex",
                                       f"The TunnelOptionsSpecification.{index}.TunnelIndex must be 1 or 2.",
                                       code="InvalidParameter")
            if spec.get("Role") and spec["Role"] != ROLES[tunnel_index]:
                raise ApiError.invalid(f"TunnelOptionsSpecification.{index}.Role",
                                       f"The TunnelOptionsSpecification.{index}.Role does not match its TunnelIndex.",
                                       code="InvalidParameter")
            spec["Role"] = ROLES[tunnel_index]
        out.append(spec)
    return out


def new_attachment(ctx, p):
    """A validated attachment record for CreateVpnAttachment (not stored yet, no id)."""
    network_type = validation.enum(p.get("NetworkType") or "public", "NetworkType", NETWORK_TYPES)
    bandwidth = validation.enum(p.get("TunnelBandwidth") or "Standard", "TunnelBandwidth", TUNNEL_BANDWIDTHS)
    specs = backend.tunnel_specs(p)
    dual = specs is not None
    if dual and not ctx.region.dual_tunnel:
        raise ApiError.invalid("TunnelOptionsSpecification", "TunnelOptionsSpecification: the region "
                               f"{ctx.region.region_id} supports single-tunnel IPsec-VPN connections only.",
                               code="InvalidParameter")
    if not dual and not p.get("CustomerGatewayId"):
        raise ApiError.missing("TunnelOptionsSpecification" if ctx.region.dual_tunnel else "CustomerGatewayId")
    params = dict(p)
    if dual:
        params["TunnelOptionsSpecification"] = _with_roles(specs)
    gw = _stand_in_gateway(ctx, network_type, dual)
    record = backend.new_record(ctx, gw, params)
    zones = list(ctx.region.zones) + ["", ""]
    for tunnel in record["tunnels"]:
        tunnel["ZoneNo"] = zones[tunnel["TunnelIndex"] - 1]
    record.update(attachment=True, AttachType="NO_ASSOCIATED", TransitRouterId="", TransitRouterName="",
                  NetworkType=network_type, TunnelBandwidth=bandwidth, Spec="",
                  ResourceGroupId=p.get("ResourceGroupId") or vpn_gateways.DEFAULT_RESOURCE_GROUP,
                  RemoteCaCertificate=p.get("RemoteCaCert") or "")
    return record


def modified_attachment(ctx, stored, p):
    """The attachment as ModifyVpnAttachmentAttribute would leave it (a validated copy)."""
    if p.get("NetworkType") is not None and p["NetworkType"] != stored["NetworkType"]:
        raise ApiError.invalid("NetworkType", "The NetworkType of an IPsec-VPN attachment cannot be changed.",
                               code="InvalidParameter")
    params = dict(p)
    if params.get("RemoteCaCert") is not None:
        params["RemoteCaCertificate"] = params.pop("RemoteCaCert")
    if stored["tunnels"]:
        if params.get("CustomerGatewayId"):
            raise ApiError.invalid("CustomerGatewayId", "The CustomerGatewayId is not supported by a dual-tunnel "
                                   "IPsec-VPN attachment; use TunnelOptionsSpecification.", code="InvalidParameter")
        if backend.tunnel_specs(params) is not None:
            params["TunnelOptionsSpecification"] = _with_roles(params["TunnelOptionsSpecification"])
    gw = {"VpnGatewayId": "", "InternetIp": stored["InternetIp"]}
    if params.get("CustomerGatewayId") and not stored["tunnels"]:
        backend.customer_gateway(ctx, params["CustomerGatewayId"])
    record = backend.modified_record(ctx, gw, stored, params)
    if params.get("CustomerGatewayId") and not stored["tunnels"]:
        record["CustomerGatewayId"] = params["CustomerGatewayId"]
        backend.check_bgp_peer(ctx, record["CustomerGatewayId"], record["bgp"].get("EnableBgp"))
    return record


def assign_private_addresses(ctx, record, addresses):
    """A private attachment's tunnels get their addresses from the transit router's CIDR block when attached."""
    targets = record["tunnels"] or [record]
    for target, address in zip(targets, addresses):
        target["InternetIp"] = address
        ike = target.get("TunnelIkeConfig") if record["tunnels"] else target.get("IkeConfig")
        if ike is not None and not ike.get("LocalId"):
            ike["LocalId"] = address
    if record["tunnels"]:
        record["InternetIp"] = record["tunnels"][0]["InternetIp"]
