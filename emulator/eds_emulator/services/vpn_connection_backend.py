"""IPsec-VPN connection state: records, tunnels, lookups and the rules that need other records (BGP CIDRs unique
per gateway, BGP peers with an ASN). The actions in vpn_connections.py drive it; vpn_connection_views.py renders it.

Choices where the reference is silent (also in docs/emulator.md, "IPsec-VPN connections"):
- a dual-tunnel gateway only takes dual-tunnel connections and vice versa (400 InvalidParameter naming
  TunnelOptionsSpecification / CustomerGatewayId);
- IKEv1 with several CIDR blocks is accepted (the API's behaviour is UNCONFIRMED; the modules enforce IKEv2);
- Modify merges the keys given into the stored blocks (an omitted key keeps its value, an omitted Psk is kept);
- tunnel ids are `tun-` + 21 characters; enabling BGP needs the customer gateway to have an ASN.
"""

import string

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.services import vpn_busy as busy
from eds_emulator.services import vpn_connection_checks as checks
from eds_emulator.services.vpn_gateways import is_dual_tunnel

TABLE = "vpn_connections"
NOT_FOUND = "InvalidVpnConnectionInstanceId.NotFound"
CGW_NOT_FOUND = "InvalidCustomerGatewayInstanceId.NotFound"
PSK_ALPHABET = string.ascii_letters + string.digits
PSK_LENGTH = 16


def customer_gateway(ctx, cgw_id, name="CustomerGatewayId"):
    cgw = ctx.region.table("customer_gateways").get(cgw_id) if cgw_id else None
    if cgw is None:
        raise ApiError(CGW_NOT_FOUND, f"The specified {name} {cgw_id} does not exist.", status=404)
    return cgw


def connection_or_404(ctx, connection_id):
    record = busy.connections(ctx).get(connection_id) if connection_id else None
    if record is None:
        raise ApiError(NOT_FOUND, "The specified vpn connection instance id does not exist.", status=404)
    return record


def check_connection_quota(ctx, gateway_id):
    """400 Resource.QuotaFull (documented for CreateVpnConnection) once the gateway has its quota of connections."""
    limit = ctx.settings.quota("vpn_connections")
    count = sum(1 for conn in busy.connections(ctx).values() if conn["VpnGatewayId"] == gateway_id)
    if count >= limit:
        raise ApiError("Resource.QuotaFull", f"The VPN gateway {gateway_id} already has {count} IPsec-VPN connections "
                       f"(quota {limit}).")


def _new_psk(ctx):
    return "".join(ctx.rng.choice(PSK_ALPHABET) for _position in range(PSK_LENGTH))


def _used_tunnel_cidrs(ctx, gateway_id, skip_id=None):
    used = set()
    for conn in busy.connections(ctx).values():
        if conn["VpnGatewayId"] != gateway_id or conn["VpnConnectionId"] == skip_id:
            continue
        if conn["bgp"].get("TunnelCidr"):
            used.add(conn["bgp"]["TunnelCidr"])
        used.update(t["TunnelBgpConfig"].get("TunnelCidr") for t in conn["tunnels"] if t["TunnelBgpConfig"].get("TunnelCidr"))
    return used


def check_bgp_cidrs(ctx, gateway_id, record):
    cidrs = [record["bgp"].get("TunnelCidr")] + [t["TunnelBgpConfig"].get("TunnelCidr") for t in record["tunnels"]]
    cidrs = [c for c in cidrs if c]
    used = _used_tunnel_cidrs(ctx, gateway_id, skip_id=record.get("VpnConnectionId"))
    if len(set(cidrs)) != len(cidrs) or used.intersection(cidrs):
        raise ApiError.invalid("TunnelCidr", "The BGP TunnelCidr must be unique within a VPN gateway.",
                               code="InvalidParameter")


def check_bgp_peer(ctx, cgw_id, enabled):
    if enabled and not customer_gateway(ctx, cgw_id).get("Asn"):
        raise ApiError.invalid("CustomerGatewayId", f"BGP needs the customer gateway {cgw_id} to have an ASN.",
                               code="InvalidParameter")


def tunnel_specs(p):
    specs = p.get("TunnelOptionsSpecification")
    if specs is None:
        return None
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise ApiError.invalid("TunnelOptionsSpecification", "TunnelOptionsSpecification.N must be a list of objects.",
                               code="InvalidParameter")
    return specs


def _apply_tunnel(ctx, gw, spec, tunnel, where):
    """Validate one TunnelOptionsSpecification entry and apply it to a tunnel record (new or stored)."""
    if spec.get("CustomerGatewayId"):
        customer_gateway(ctx, spec["CustomerGatewayId"], f"{where}.CustomerGatewayId")
        tunnel["CustomerGatewayId"] = spec["CustomerGatewayId"]
    for key in ("EnableDpd", "EnableNatTraversal"):
        if spec.get(key) is not None:
            tunnel[key] = spec[key]
    tunnel["TunnelIkeConfig"] = checks.ike(spec.get("TunnelIkeConfig"), f"{where}.TunnelIkeConfig", tunnel["TunnelIkeConfig"])
    tunnel["TunnelIpsecConfig"] = checks.ipsec(spec.get("TunnelIpsecConfig"), f"{where}.TunnelIpsecConfig",
                                               tunnel["TunnelIpsecConfig"])
    bgp = spec.get("TunnelBgpConfig")
    if bgp is not None and "EnableBgp" in bgp:
        raise ApiError.invalid(f"{where}.TunnelBgpConfig", "Use EnableTunnelsBgp to switch BGP on dual-tunnel "
                               "connections.", code="InvalidParameter")
    tunnel["TunnelBgpConfig"] = checks.bgp(bgp, f"{where}.TunnelBgpConfig", tunnel["TunnelBgpConfig"])
    if spec.get("RemoteCaCertificate") is not None:
        tunnel["RemoteCaCertificate"] = spec["RemoteCaCertificate"]
    return tunnel


def new_tunnels(ctx, gw, specs):
    if len(specs) != 2 or sorted(s.get("Role") for s in specs) != ["master", "slave"]:
        raise ApiError.invalid("TunnelOptionsSpecification", "A dual-tunnel connection needs exactly two tunnels, one "
                               "with Role master and one with Role slave.", code="InvalidParameter")
    zones = {}
    for key, vsw_key in (("master", "VSwitchId"), ("slave", "DisasterRecoveryVSwitchId")):
        vswitch = ctx.region.table("vswitches").get(gw.get(vsw_key)) or {}
        zones[key] = vswitch.get("ZoneId", "")
    tunnels = []
    for index, spec in enumerate(specs, start=1):
        where = f"TunnelOptionsSpecification.{index}"
        if not spec.get("CustomerGatewayId"):
            raise ApiError.missing(f"{where}.CustomerGatewayId")
        tunnel = {
            "TunnelId": ctx.store.new_id("tun"), "Role": spec["Role"], "CustomerGatewayId": "",
            "EnableDpd": True, "EnableNatTraversal": True, "RemoteCaCertificate": "",
            "InternetIp": gw["InternetIp"] if spec["Role"] == "master" else gw["DisasterRecoveryInternetIp"],
            "ZoneNo": zones[spec["Role"]], "TunnelIndex": 1 if spec["Role"] == "master" else 2,
            "TunnelIkeConfig": dict(checks.IKE_DEFAULTS), "TunnelIpsecConfig": dict(checks.IPSEC_DEFAULTS),
            "TunnelBgpConfig": {"LocalAsn": checks.ALIBABA_ASN},
        }
        _apply_tunnel(ctx, gw, spec, tunnel, where)
        ike = tunnel["TunnelIkeConfig"]
        ike.setdefault("Psk", _new_psk(ctx))
        ike.setdefault("LocalId", tunnel["InternetIp"])
        ike.setdefault("RemoteId", customer_gateway(ctx, tunnel["CustomerGatewayId"])["IpAddress"])
        tunnels.append(tunnel)
    return sorted(tunnels, key=lambda t: t["TunnelIndex"])


def modify_dual(ctx, gw, record, p):
    for key in ("IkeConfig", "IpsecConfig", "BgpConfig", "HealthCheckConfig", "EnableDpd", "EnableNatTraversal"):
        if p.get(key) is not None and p.get(key) != {}:
            raise ApiError.invalid(key, f"The {key} is not supported by a dual-tunnel connection; use "
                                   "TunnelOptionsSpecification.", code="InvalidParameter")
    specs = tunnel_specs(p) or []
    for index, spec in enumerate(specs, start=1):
        where = f"TunnelOptionsSpecification.{index}"
        tunnel = None
        if spec.get("TunnelId"):
            tunnel = next((t for t in record["tunnels"] if t["TunnelId"] == spec["TunnelId"]), None)
            if tunnel is None:
                raise ApiError("InvalidTunnelId.NotFound", f"The specified {where}.TunnelId does not exist.", status=404)
        elif spec.get("Role"):
            tunnel = next((t for t in record["tunnels"] if t["Role"] == spec["Role"]), None)
        if tunnel is None:
            raise ApiError.missing(f"{where}.TunnelId")
        if spec.get("Role") and spec["Role"] != tunnel["Role"]:
            raise ApiError.invalid(f"{where}.Role", "The Role of a tunnel cannot be changed.", code="InvalidParameter")
        _apply_tunnel(ctx, gw, spec, tunnel, where)
    if p.get("EnableTunnelsBgp") is not None:
        record["EnableTunnelsBgp"] = p["EnableTunnelsBgp"]
    for tunnel in record["tunnels"]:
        check_bgp_peer(ctx, tunnel["CustomerGatewayId"], record["EnableTunnelsBgp"])


def modify_single(ctx, record, p):
    if tunnel_specs(p) or p.get("EnableTunnelsBgp") is not None:
        raise ApiError.invalid("TunnelOptionsSpecification", "The connection is a single-tunnel connection; "
                               "TunnelOptionsSpecification is not supported.", code="InvalidParameter")
    for key in ("EnableDpd", "EnableNatTraversal"):
        if p.get(key) is not None:
            record[key] = p[key]
    record["IkeConfig"] = checks.ike(p.get("IkeConfig"), "IkeConfig", record["IkeConfig"])
    record["IpsecConfig"] = checks.ipsec(p.get("IpsecConfig"), "IpsecConfig", record["IpsecConfig"])
    record["bgp"] = checks.bgp(p.get("BgpConfig"), "BgpConfig", record["bgp"])
    record["health"] = checks.health(p.get("HealthCheckConfig"), record["health"])
    check_bgp_peer(ctx, record["CustomerGatewayId"], record["bgp"].get("EnableBgp"))


def network_type(gw, p):
    """NetworkType of a new connection: the gateway's unless given; private only on a private gateway (the SDK's
    CreateVpnConnection model has no NetworkType, Terraform's alicloud_vpn_connection sends one: UNCONFIRMED)."""
    gateway_type = gw.get("NetworkType", "public")
    if p.get("NetworkType") is None:
        return gateway_type
    wanted = validation.enum(p["NetworkType"], "NetworkType", ("public", "private"))
    if wanted == "private" and gateway_type != "private":
        raise ApiError.invalid("NetworkType", "NetworkType private: a private IPsec-VPN connection needs a private "
                               f"VPN gateway; {gw['VpnGatewayId']} is {gateway_type}.", code="InvalidParameter")
    return wanted


def new_record(ctx, gw, p):
    """A validated connection record for CreateVpnConnection (not stored yet, no id)."""
    limit = ctx.settings.quota("connection_subnets")
    local = checks.subnets(p["LocalSubnet"], "LocalSubnet", limit)
    remote = checks.subnets(p["RemoteSubnet"], "RemoteSubnet", limit)
    specs = tunnel_specs(p)
    record = {
        "VpnGatewayId": gw["VpnGatewayId"], "LocalSubnet": local, "RemoteSubnet": remote, "CustomerGatewayId": "",
        "EffectImmediately": p.get("EffectImmediately", False), "AutoConfigRoute": p.get("AutoConfigRoute", True),
        "EnableDpd": True, "EnableNatTraversal": True, "EnableTunnelsBgp": False, "InternetIp": gw["InternetIp"],
        "NetworkType": network_type(gw, p), "Spec": gw.get("Spec", ""),
        "ResourceGroupId": gw.get("ResourceGroupId", ""), "RemoteCaCertificate": p.get("RemoteCaCertificate") or "",
        "IkeConfig": {}, "IpsecConfig": {}, "bgp": {"EnableBgp": False, "LocalAsn": checks.ALIBABA_ASN},
        "health": {"Enable": False, "Interval": 3, "Retry": 3}, "tunnels": [], "tags": {},
    }
    if is_dual_tunnel(gw):
        if specs is None:
            raise ApiError.missing("TunnelOptionsSpecification")
        for key in ("CustomerGatewayId", "IkeConfig", "IpsecConfig", "BgpConfig", "HealthCheckConfig"):
            if p.get(key):
                raise ApiError.invalid(key, f"The {key} is not supported by a dual-tunnel VPN gateway; use "
                                       "TunnelOptionsSpecification.", code="InvalidParameter")
        record["tunnels"] = new_tunnels(ctx, gw, specs)
        record["EnableTunnelsBgp"] = p.get("EnableTunnelsBgp", False)
        for tunnel in record["tunnels"]:
            check_bgp_peer(ctx, tunnel["CustomerGatewayId"], record["EnableTunnelsBgp"])
    else:
        if specs:
            raise ApiError.invalid("TunnelOptionsSpecification", "The VPN gateway is a single-tunnel gateway; "
                                   "TunnelOptionsSpecification is not supported.", code="InvalidParameter")
        if not p.get("CustomerGatewayId"):
            raise ApiError.missing("CustomerGatewayId")
        cgw = customer_gateway(ctx, p["CustomerGatewayId"])
        record["CustomerGatewayId"] = p["CustomerGatewayId"]
        for key in ("EnableDpd", "EnableNatTraversal"):
            if p.get(key) is not None:
                record[key] = p[key]
        ike = checks.ike(p.get("IkeConfig"), "IkeConfig", checks.IKE_DEFAULTS)
        ike.setdefault("Psk", _new_psk(ctx))
        ike.setdefault("LocalId", gw["InternetIp"])
        ike.setdefault("RemoteId", cgw["IpAddress"])
        record["IkeConfig"] = ike
        record["IpsecConfig"] = checks.ipsec(p.get("IpsecConfig"), "IpsecConfig", checks.IPSEC_DEFAULTS)
        record["bgp"] = checks.bgp(p.get("BgpConfig"), "BgpConfig", record["bgp"])
        record["health"] = checks.health(p.get("HealthCheckConfig"), record["health"])
        check_bgp_peer(ctx, record["CustomerGatewayId"], record["bgp"].get("EnableBgp"))
    check_bgp_cidrs(ctx, gw["VpnGatewayId"], record)
    return record


def modified_record(ctx, gw, stored, p):
    """The record as ModifyVpnConnectionAttribute would leave it: a validated copy (a refused request changes
    nothing)."""
    record = {k: (dict(v) if isinstance(v, dict) else v) for k, v in stored.items()}
    record["tunnels"] = [dict(t, TunnelIkeConfig=dict(t["TunnelIkeConfig"]), TunnelIpsecConfig=dict(t["TunnelIpsecConfig"]),
                              TunnelBgpConfig=dict(t["TunnelBgpConfig"])) for t in stored["tunnels"]]
    if p.get("Name") is not None:
        record["Name"] = checks.connection_name(p["Name"])
    if p.get("LocalSubnet") is not None:
        record["LocalSubnet"] = checks.subnets(p["LocalSubnet"], "LocalSubnet", ctx.settings.quota("connection_subnets"))
    if p.get("RemoteSubnet") is not None:
        record["RemoteSubnet"] = checks.subnets(p["RemoteSubnet"], "RemoteSubnet", ctx.settings.quota("connection_subnets"))
    for key in ("EffectImmediately", "AutoConfigRoute"):
        if p.get(key) is not None:
            record[key] = p[key]
    if p.get("NetworkType") is not None and p["NetworkType"] != record["NetworkType"]:
        raise ApiError.invalid("NetworkType", "The NetworkType of an IPsec-VPN connection cannot be changed.",
                               code="InvalidParameter")
    if p.get("RemoteCaCertificate") is not None:
        record["RemoteCaCertificate"] = p["RemoteCaCertificate"]
    if record["tunnels"]:
        modify_dual(ctx, gw, record, p)
    else:
        modify_single(ctx, record, p)
    check_bgp_cidrs(ctx, gw["VpnGatewayId"], record)
    return record
