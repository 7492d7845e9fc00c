"""IPsec-VPN connections: CreateVpnConnection, DescribeVpnConnections, DescribeVpnConnection,
ModifyVpnConnectionAttribute, DeleteVpnConnection, DownloadVpnConnectionConfig (alibaba-api.md §3.3).

Records keep the wire names with native types (ints, bools); the documented response types are applied on the
way out: inside TunnelOptions every scalar is a string, VcoHealthCheck.Enable and VpnBgpConfig.EnableBgp are
"true"/"false" strings, the single-tunnel IkeConfig/IpsecConfig lifetimes are ints.

Choices where the reference is silent (also in docs/emulator.md, "IPsec-VPN connections"):
- connection and tunnel Status stay `ike_sa_not_established` (there is no peer to negotiate with), State `active`;
- a dual-tunnel gateway only takes dual-tunnel connections and vice versa (400 InvalidParameter naming
  TunnelOptionsSpecification / CustomerGatewayId);
- IKEv1 with several CIDR blocks is accepted (the API's behaviour is UNCONFIRMED; the modules enforce IKEv2);
- Modify merges the keys given into the stored blocks (an omitted key keeps its value, an omitted Psk is kept);
- tunnel ids are `tun-` + 21 characters; enabling BGP needs the customer gateway to have an ASN.
"""

import ipaddress
import string

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import page_body
from eds_emulator.services import action, require
from eds_emulator.services.tags import apply_tags, matches_tags, tags_out
from eds_emulator.services.vpn_gateways import gateway_for_write, gateway_or_404, is_dual_tunnel

TABLE = "vpn_connections"
NOT_FOUND = "InvalidVpnConnectionInstanceId.NotFound"
CGW_NOT_FOUND = "InvalidCustomerGatewayInstanceId.NotFound"
ALIBABA_ASN = 45104
PSK_ALPHABET = string.ascii_letters + string.digits
PSK_LENGTH = 16
ENC = ("aes", "aes192", "aes256", "des", "3des")
AUTH = ("md5", "sha1", "sha256", "sha384", "sha512")
IKE_PFS = ("group1", "group2", "group5", "group14")
IPSEC_PFS = ("disabled",) + IKE_PFS
HEALTH_POLICIES = ("revoke_route", "reserve_route")
BGP_RANGE = ipaddress.ip_network("169.254.0.0/16")
BGP_RESERVED = frozenset(ipaddress.ip_network(c) for c in (
    "169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30", "169.254.5.0/30",
    "169.254.6.0/30", "169.254.169.252/30"))
IKE_DEFAULTS = {"IkeVersion": "ikev1", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "md5", "IkePfs": "group2",
                "IkeLifetime": 86400}
IPSEC_DEFAULTS = {"IpsecEncAlg": "aes", "IpsecAuthAlg": "md5", "IpsecPfs": "group2", "IpsecLifetime": 86400}
STATUS = "ike_sa_not_established"


# --- validation ------------------------------------------------------------------------------------------------
def _identity(value, name):
    text = str(value)
    if not 1 <= len(text) <= 100 or any(ch.isspace() for ch in text):
        raise ApiError.invalid(name, f"The {name} must be 1 to 100 characters without spaces.", code="InvalidParameter")
    return text


IKE_CHECKS = {
    "IkeVersion": lambda v, n: validation.enum(v, n, ("ikev1", "ikev2")),
    "IkeMode": lambda v, n: validation.enum(v, n, ("main", "aggressive")),
    "IkeEncAlg": lambda v, n: validation.enum(v, n, ENC),
    "IkeAuthAlg": lambda v, n: validation.enum(v, n, AUTH),
    "IkePfs": lambda v, n: validation.enum(v, n, IKE_PFS),
    "IkeLifetime": validation.lifetime,
    "LocalId": _identity,
    "RemoteId": _identity,
    "Psk": validation.psk,
}
IPSEC_CHECKS = {
    "IpsecEncAlg": lambda v, n: validation.enum(v, n, ENC),
    "IpsecAuthAlg": lambda v, n: validation.enum(v, n, AUTH),
    "IpsecPfs": lambda v, n: validation.enum(v, n, IPSEC_PFS),
    "IpsecLifetime": validation.lifetime,
}


def _checked_block(given, prefix, base, checks):
    """Validated IKE/IPsec/BGP block: base (stored or defaults) with the given keys applied, each through its check."""
    if given is None:
        return dict(base)
    if not isinstance(given, dict):
        raise ApiError.invalid(prefix, f"The {prefix} must be an object.", code="InvalidParameter")
    out = dict(base)
    for key, value in given.items():
        if key not in checks:
            raise ApiError.invalid(prefix, f'The {prefix} key "{key}" is not supported.', code="InvalidParameter")
        if value is None or value == "":
            continue
        out[key] = checks[key](value, f"{prefix}.{key}")
    return out


def _ike(given, prefix, base):
    return _checked_block(given, prefix, base, IKE_CHECKS)


def _ipsec(given, prefix, base):
    return _checked_block(given, prefix, base, IPSEC_CHECKS)


def _local_asn(value, name):
    """Alibaba-side ASN: 1..4294967295 (45104, Alibaba's own, is the default), plain or asdot."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    try:
        return validation.asn(value, name)
    except ApiError:
        if str(value).strip() == str(ALIBABA_ASN):
            return ALIBABA_ASN
        raise


def _tunnel_cidr(value, name):
    net = validation.cidr(value, name, code="InvalidParameter")
    parsed = ipaddress.ip_network(net)
    if parsed.prefixlen != 30 or not parsed.subnet_of(BGP_RANGE):
        raise ApiError.invalid(name, f"The {name} {net} must be a /30 CIDR block within 169.254.0.0/16.",
                               code="InvalidParameter")
    if parsed in BGP_RESERVED:
        raise ApiError.invalid(name, f"The {name} {net} is reserved and cannot be used.", code="InvalidParameter")
    return net


def _flag(value, _name):
    return value if isinstance(value, bool) else str(value).lower() == "true"


BGP_CHECKS = {
    "EnableBgp": _flag,
    "LocalAsn": _local_asn,
    "TunnelCidr": _tunnel_cidr,
    "LocalBgpIp": lambda v, n: validation.ipv4(v, n, code="InvalidParameter"),
}


def _bgp(given, prefix, base):
    """Validated BGP block (keys EnableBgp, LocalAsn, TunnelCidr, LocalBgpIp) merged into base."""
    out = _checked_block(given, prefix, base, BGP_CHECKS)
    if out.get("TunnelCidr") and out.get("LocalBgpIp"):
        hosts = [str(h) for h in ipaddress.ip_network(out["TunnelCidr"]).hosts()]
        if out["LocalBgpIp"] not in hosts:
            raise ApiError.invalid(f"{prefix}.LocalBgpIp", f"The LocalBgpIp {out['LocalBgpIp']} is not a host "
                                   f"address of the TunnelCidr {out['TunnelCidr']}.", code="InvalidParameter")
    return out


def _health(given, base):
    if given is None:
        return dict(base)
    if not isinstance(given, dict):
        raise ApiError.invalid("HealthCheckConfig", "The HealthCheckConfig must be an object.", code="InvalidParameter")
    out = dict(base)
    for key, value in given.items():
        name = f"HealthCheckConfig.{key}"
        if value is None or value == "":
            continue
        if key == "enable":
            out["Enable"] = value if isinstance(value, bool) else str(value).lower() == "true"
        elif key in ("dip", "sip"):
            out[key.capitalize()] = validation.ipv4(value, name, code="InvalidParameter")
        elif key in ("interval", "retry"):
            out[key.capitalize()] = validation.int_range(value, name, 1, 3600 if key == "interval" else 100)
        elif key == "policy":
            out["Policy"] = validation.enum(value, name, HEALTH_POLICIES)
        else:
            raise ApiError.invalid("HealthCheckConfig", f'The HealthCheckConfig key "{key}" is not supported.',
                                   code="InvalidParameter")
    if out.get("Enable") and not (out.get("Dip") and out.get("Sip")):
        raise ApiError.invalid("HealthCheckConfig", "An enabled health check needs dip and sip.", code="InvalidParameter")
    return out


def _subnets(value, name):
    code = f"IllegalParam.{name}"
    blocks = validation.cidr_list(value, name, code=code)
    if "0.0.0.0/0" in blocks and len(blocks) > 1:
        raise ApiError(code, f'The specified "{name}" ({value}) is invalid.')
    return ",".join(blocks)


def _name(value):
    return validation.free_text(value, "Name", code="InvalidName")


# --- helpers -------------------------------------------------------------------------------------------------
def _customer_gateway(ctx, cgw_id, name="CustomerGatewayId"):
    cgw = ctx.region.table("customer_gateways").get(cgw_id) if cgw_id else None
    if cgw is None:
        raise ApiError(CGW_NOT_FOUND, f"The specified {name} {cgw_id} does not exist.", status=404)
    return cgw


def _connection_or_404(ctx, connection_id):
    record = ctx.region.table(TABLE).get(connection_id) if connection_id else None
    if record is None:
        raise ApiError(NOT_FOUND, "The specified vpn connection instance id does not exist.", status=404)
    return record


def _new_psk(ctx):
    return "".join(ctx.rng.choice(PSK_ALPHABET) for _position in range(PSK_LENGTH))


def _used_tunnel_cidrs(ctx, gateway_id, skip_id=None):
    used = set()
    for conn in ctx.region.table(TABLE).values():
        if conn["VpnGatewayId"] != gateway_id or conn["VpnConnectionId"] == skip_id:
            continue
        if conn["bgp"].get("TunnelCidr"):
            used.add(conn["bgp"]["TunnelCidr"])
        used.update(t["TunnelBgpConfig"].get("TunnelCidr") for t in conn["tunnels"] if t["TunnelBgpConfig"].get("TunnelCidr"))
    return used


def _check_bgp_cidrs(ctx, gateway_id, record):
    cidrs = [record["bgp"].get("TunnelCidr")] + [t["TunnelBgpConfig"].get("TunnelCidr") for t in record["tunnels"]]
    cidrs = [c for c in cidrs if c]
    used = _used_tunnel_cidrs(ctx, gateway_id, skip_id=record.get("VpnConnectionId"))
    if len(set(cidrs)) != len(cidrs) or used.intersection(cidrs):
        raise ApiError.invalid("TunnelCidr", "The BGP TunnelCidr must be unique within a VPN gateway.",
                               code="InvalidParameter")


def _check_bgp_peer(ctx, cgw_id, enabled):
    if enabled and not _customer_gateway(ctx, cgw_id).get("Asn"):
        raise ApiError.invalid("CustomerGatewayId", f"BGP needs the customer gateway {cgw_id} to have an ASN.",
                               code="InvalidParameter")


def _peer_ip(cidr, local_ip):
    if not cidr:
        return ""
    hosts = [str(h) for h in ipaddress.ip_network(cidr).hosts()]
    others = [h for h in hosts if h != local_ip]
    return others[0] if others else ""


def _bool_text(value):
    return "true" if value else "false"


def _text(value):
    return "" if value is None else str(value)


# --- tunnels -------------------------------------------------------------------------------------------------
def _tunnel_specs(p):
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
        _customer_gateway(ctx, spec["CustomerGatewayId"], f"{where}.CustomerGatewayId")
        tunnel["CustomerGatewayId"] = spec["CustomerGatewayId"]
    for key in ("EnableDpd", "EnableNatTraversal"):
        if spec.get(key) is not None:
            tunnel[key] = spec[key]
    tunnel["TunnelIkeConfig"] = _ike(spec.get("TunnelIkeConfig"), f"{where}.TunnelIkeConfig", tunnel["TunnelIkeConfig"])
    tunnel["TunnelIpsecConfig"] = _ipsec(spec.get("TunnelIpsecConfig"), f"{where}.TunnelIpsecConfig",
                                         tunnel["TunnelIpsecConfig"])
    bgp = spec.get("TunnelBgpConfig")
    if bgp is not None and "EnableBgp" in bgp:
        raise ApiError.invalid(f"{where}.TunnelBgpConfig", "Use EnableTunnelsBgp to switch BGP on dual-tunnel "
                               "connections.", code="InvalidParameter")
    tunnel["TunnelBgpConfig"] = _bgp(bgp, f"{where}.TunnelBgpConfig", tunnel["TunnelBgpConfig"])
    if spec.get("RemoteCaCertificate") is not None:
        tunnel["RemoteCaCertificate"] = spec["RemoteCaCertificate"]
    return tunnel


def _new_tunnels(ctx, gw, specs):
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
            "TunnelIkeConfig": dict(IKE_DEFAULTS), "TunnelIpsecConfig": dict(IPSEC_DEFAULTS),
            "TunnelBgpConfig": {"LocalAsn": ALIBABA_ASN},
        }
        _apply_tunnel(ctx, gw, spec, tunnel, where)
        ike = tunnel["TunnelIkeConfig"]
        ike.setdefault("Psk", _new_psk(ctx))
        ike.setdefault("LocalId", tunnel["InternetIp"])
        ike.setdefault("RemoteId", _customer_gateway(ctx, tunnel["CustomerGatewayId"])["IpAddress"])
        tunnels.append(tunnel)
    return sorted(tunnels, key=lambda t: t["TunnelIndex"])


# --- output --------------------------------------------------------------------------------------------------
def _tunnel_view(ctx, tunnel, bgp_enabled):
    cgw = ctx.region.table("customer_gateways").get(tunnel["CustomerGatewayId"]) or {}
    bgp = tunnel["TunnelBgpConfig"]
    return {
        "TunnelId": tunnel["TunnelId"], "Role": tunnel["Role"], "CustomerGatewayId": tunnel["CustomerGatewayId"],
        "EnableDpd": _bool_text(tunnel["EnableDpd"]), "EnableNatTraversal": _bool_text(tunnel["EnableNatTraversal"]),
        "InternetIp": tunnel["InternetIp"], "RemoteCaCertificate": tunnel.get("RemoteCaCertificate", ""),
        "State": "active", "Status": STATUS, "ZoneNo": tunnel["ZoneNo"], "TunnelIndex": tunnel["TunnelIndex"],
        "TunnelIkeConfig": {k: _text(v) for k, v in tunnel["TunnelIkeConfig"].items()},
        "TunnelIpsecConfig": {k: _text(v) for k, v in tunnel["TunnelIpsecConfig"].items()},
        "TunnelBgpConfig": {
            "LocalAsn": _text(bgp.get("LocalAsn")), "LocalBgpIp": _text(bgp.get("LocalBgpIp")),
            "TunnelCidr": _text(bgp.get("TunnelCidr")),
            "PeerAsn": _text(cgw.get("Asn")) if bgp_enabled else "",
            "PeerBgpIp": _peer_ip(bgp.get("TunnelCidr"), bgp.get("LocalBgpIp")) if bgp_enabled else "",
            "BgpStatus": "false" if bgp_enabled else "",
        },
    }


def connection_view(ctx, record, plural=False):
    """The documented DescribeVpnConnection(s) item (plural items: `Tag` wrapper, no EnableBgp/ZoneNo)."""
    dual = bool(record["tunnels"])
    cgw = ctx.region.table("customer_gateways").get(record["CustomerGatewayId"]) or {}
    bgp = record["bgp"]
    health = record["health"]
    out = {
        "VpnConnectionId": record["VpnConnectionId"], "VpnGatewayId": record["VpnGatewayId"],
        "CustomerGatewayId": record["CustomerGatewayId"], "Name": record["Name"],
        "LocalSubnet": record["LocalSubnet"], "RemoteSubnet": record["RemoteSubnet"],
        "CreateTime": record["CreateTime"], "EffectImmediately": record["EffectImmediately"],
        "EnableDpd": record["EnableDpd"], "EnableNatTraversal": record["EnableNatTraversal"],
        "EnableTunnelsBgp": record["EnableTunnelsBgp"], "Status": "" if dual else STATUS, "State": "active",
        "AttachType": "VPNGW", "AttachInstanceId": record["VpnGatewayId"], "CrossAccountAuthorized": False,
        "InternetIp": record["InternetIp"], "NetworkType": record["NetworkType"], "Spec": record["Spec"],
        "RemoteCaCertificate": record.get("RemoteCaCertificate", ""), "ResourceGroupId": record["ResourceGroupId"],
        "TransitRouterId": "", "TransitRouterName": "", "TunnelBandwidth": "",
        "IkeConfig": {} if dual else dict(record["IkeConfig"]),
        "IpsecConfig": {} if dual else dict(record["IpsecConfig"]),
        "VpnBgpConfig": {} if dual else {
            "LocalAsn": bgp.get("LocalAsn", ALIBABA_ASN), "LocalBgpIp": bgp.get("LocalBgpIp", ""),
            "TunnelCidr": bgp.get("TunnelCidr", ""),
            "PeerAsn": cgw.get("Asn") if bgp.get("EnableBgp") and cgw.get("Asn") else None,
            "PeerBgpIp": _peer_ip(bgp.get("TunnelCidr"), bgp.get("LocalBgpIp")) if bgp.get("EnableBgp") else "",
            "Status": "false" if bgp.get("EnableBgp") else "", "AuthKey": "",
        },
        "VcoHealthCheck": {} if dual else {
            "Enable": _bool_text(health.get("Enable")), "Dip": health.get("Dip", ""), "Sip": health.get("Sip", ""),
            "Interval": health.get("Interval", 3), "Retry": health.get("Retry", 3), "Policy": health.get("Policy", ""),
            "Status": "failed" if health.get("Enable") else "",
        },
        "TunnelOptionsSpecification": {"TunnelOptions": [_tunnel_view(ctx, t, record["EnableTunnelsBgp"])
                                                         for t in record["tunnels"]]},
    }
    if out["VpnBgpConfig"] and out["VpnBgpConfig"]["PeerAsn"] is None:
        del out["VpnBgpConfig"]["PeerAsn"]
    if plural:
        out["Tag"] = tags_out(record)
    else:
        out["Tags"] = tags_out(record)
        out["ZoneNo"] = ""
        if not dual:
            out["VpnBgpConfig"]["EnableBgp"] = _bool_text(bgp.get("EnableBgp"))
    return out


# --- actions -------------------------------------------------------------------------------------------------
@action("vpc", "CreateVpnConnection", write=True)
def create_vpn_connection(ctx, p):
    require(p, "VpnGatewayId", "LocalSubnet", "RemoteSubnet")
    gw = gateway_or_404(ctx, p["VpnGatewayId"])
    local = _subnets(p["LocalSubnet"], "LocalSubnet")
    remote = _subnets(p["RemoteSubnet"], "RemoteSubnet")
    name = _name(p["Name"]) if p.get("Name") is not None else None
    tags = validation.tags(p.get("Tags"), "Tags")
    specs = _tunnel_specs(p)
    dual = is_dual_tunnel(gw)
    record = {
        "VpnGatewayId": gw["VpnGatewayId"], "LocalSubnet": local, "RemoteSubnet": remote, "CustomerGatewayId": "",
        "EffectImmediately": p.get("EffectImmediately", False), "AutoConfigRoute": p.get("AutoConfigRoute", True),
        "EnableDpd": True, "EnableNatTraversal": True, "EnableTunnelsBgp": False, "InternetIp": gw["InternetIp"],
        "NetworkType": gw.get("NetworkType", "public"), "Spec": gw.get("Spec", ""),
        "ResourceGroupId": gw.get("ResourceGroupId", ""), "RemoteCaCertificate": p.get("RemoteCaCertificate") or "",
        "IkeConfig": {}, "IpsecConfig": {}, "bgp": {"EnableBgp": False, "LocalAsn": ALIBABA_ASN},
        "health": {"Enable": False, "Interval": 3, "Retry": 3}, "tunnels": [], "tags": {},
    }
    if dual:
        if specs is None:
            raise ApiError.missing("TunnelOptionsSpecification")
        for key in ("CustomerGatewayId", "IkeConfig", "IpsecConfig", "BgpConfig", "HealthCheckConfig"):
            if p.get(key):
                raise ApiError.invalid(key, f"The {key} is not supported by a dual-tunnel VPN gateway; use "
                                       "TunnelOptionsSpecification.", code="InvalidParameter")
        record["tunnels"] = _new_tunnels(ctx, gw, specs)
        record["EnableTunnelsBgp"] = p.get("EnableTunnelsBgp", False)
        for tunnel in record["tunnels"]:
            _check_bgp_peer(ctx, tunnel["CustomerGatewayId"], record["EnableTunnelsBgp"])
    else:
        if specs:
            raise ApiError.invalid("TunnelOptionsSpecification", "The VPN gateway is a single-tunnel gateway; "
                                   "TunnelOptionsSpecification is not supported.", code="InvalidParameter")
        require(p, "CustomerGatewayId")
        cgw = _customer_gateway(ctx, p["CustomerGatewayId"])
        record["CustomerGatewayId"] = p["CustomerGatewayId"]
        for key in ("EnableDpd", "EnableNatTraversal"):
            if p.get(key) is not None:
                record[key] = p[key]
        ike = _ike(p.get("IkeConfig"), "IkeConfig", IKE_DEFAULTS)
        ike.setdefault("Psk", _new_psk(ctx))
        ike.setdefault("LocalId", gw["InternetIp"])
        ike.setdefault("RemoteId", cgw["IpAddress"])
        record["IkeConfig"] = ike
        record["IpsecConfig"] = _ipsec(p.get("IpsecConfig"), "IpsecConfig", IPSEC_DEFAULTS)
        record["bgp"] = _bgp(p.get("BgpConfig"), "BgpConfig", record["bgp"])
        record["health"] = _health(p.get("HealthCheckConfig"), record["health"])
        _check_bgp_peer(ctx, record["CustomerGatewayId"], record["bgp"].get("EnableBgp"))
    _check_bgp_cidrs(ctx, gw["VpnGatewayId"], record)
    if p.get("DryRun"):
        raise ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.")
    gateway_for_write(ctx, gw["VpnGatewayId"])  # validation passed: lock (400 VpnGateway.Configuring if busy)
    connection_id = ctx.store.new_id("vco")
    record.update(VpnConnectionId=connection_id, Name=name or connection_id, CreateTime=ctx.now_ms())
    apply_tags(record, tags)
    ctx.region.table(TABLE)[connection_id] = record
    return {"VpnConnectionId": connection_id, "Name": record["Name"], "CreateTime": record["CreateTime"]}


@action("vpc", "DescribeVpnConnections")
def describe_vpn_connections(ctx, p):
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    items = []
    for record in ctx.region.table(TABLE).values():
        if any(p.get(key) and record[key] != p[key] for key in ("VpnConnectionId", "VpnGatewayId")):
            continue
        cgw_ids = [record["CustomerGatewayId"]] + [t["CustomerGatewayId"] for t in record["tunnels"]]
        if p.get("CustomerGatewayId") and p["CustomerGatewayId"] not in cgw_ids:  # either tunnel's (a choice)
            continue
        if p.get("ResourceGroupId") and record["ResourceGroupId"] != p["ResourceGroupId"]:
            continue
        if not matches_tags(record, wanted_tags):
            continue
        items.append(connection_view(ctx, record, plural=True))
    return page_body(items, p, "VpnConnections", "VpnConnection")


@action("vpc", "DescribeVpnConnection")
def describe_vpn_connection(ctx, p):
    require(p, "VpnConnectionId")
    return connection_view(ctx, _connection_or_404(ctx, p["VpnConnectionId"]))


def _modify_dual(ctx, gw, record, p):
    for key in ("IkeConfig", "IpsecConfig", "BgpConfig", "HealthCheckConfig", "EnableDpd", "EnableNatTraversal"):
        if p.get(key) is not None and p.get(key) != {}:
            raise ApiError.invalid(key, f"The {key} is not supported by a dual-tunnel connection; use "
                                   "TunnelOptionsSpecification.", code="InvalidParameter")
    specs = _tunnel_specs(p) or []
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
        _check_bgp_peer(ctx, tunnel["CustomerGatewayId"], record["EnableTunnelsBgp"])


def _modify_single(ctx, record, p):
    if _tunnel_specs(p) or p.get("EnableTunnelsBgp") is not None:
        raise ApiError.invalid("TunnelOptionsSpecification", "The connection is a single-tunnel connection; "
                               "TunnelOptionsSpecification is not supported.", code="InvalidParameter")
    for key in ("EnableDpd", "EnableNatTraversal"):
        if p.get(key) is not None:
            record[key] = p[key]
    record["IkeConfig"] = _ike(p.get("IkeConfig"), "IkeConfig", record["IkeConfig"])
    record["IpsecConfig"] = _ipsec(p.get("IpsecConfig"), "IpsecConfig", record["IpsecConfig"])
    record["bgp"] = _bgp(p.get("BgpConfig"), "BgpConfig", record["bgp"])
    record["health"] = _health(p.get("HealthCheckConfig"), record["health"])
    _check_bgp_peer(ctx, record["CustomerGatewayId"], record["bgp"].get("EnableBgp"))


@action("vpc", "ModifyVpnConnectionAttribute", write=True)
def modify_vpn_connection_attribute(ctx, p):
    require(p, "VpnConnectionId")
    stored = _connection_or_404(ctx, p["VpnConnectionId"])
    gw = gateway_or_404(ctx, stored["VpnGatewayId"])
    # work on a copy: a request that fails validation changes nothing
    record = {k: (dict(v) if isinstance(v, dict) else v) for k, v in stored.items()}
    record["tunnels"] = [dict(t, TunnelIkeConfig=dict(t["TunnelIkeConfig"]), TunnelIpsecConfig=dict(t["TunnelIpsecConfig"]),
                              TunnelBgpConfig=dict(t["TunnelBgpConfig"])) for t in stored["tunnels"]]
    if p.get("Name") is not None:
        record["Name"] = _name(p["Name"])
    if p.get("LocalSubnet") is not None:
        record["LocalSubnet"] = _subnets(p["LocalSubnet"], "LocalSubnet")
    if p.get("RemoteSubnet") is not None:
        record["RemoteSubnet"] = _subnets(p["RemoteSubnet"], "RemoteSubnet")
    for key in ("EffectImmediately", "AutoConfigRoute"):
        if p.get(key) is not None:
            record[key] = p[key]
    if p.get("RemoteCaCertificate") is not None:
        record["RemoteCaCertificate"] = p["RemoteCaCertificate"]
    if record["tunnels"]:
        _modify_dual(ctx, gw, record, p)
    else:
        _modify_single(ctx, record, p)
    _check_bgp_cidrs(ctx, gw["VpnGatewayId"], record)
    gateway_for_write(ctx, gw["VpnGatewayId"])
    stored.clear()
    stored.update(record)
    view = connection_view(ctx, record)
    out = {key: view[key] for key in ("VpnConnectionId", "VpnGatewayId", "CustomerGatewayId", "Name", "LocalSubnet",
                                      "RemoteSubnet", "CreateTime", "EffectImmediately", "EnableDpd",
                                      "EnableNatTraversal", "EnableTunnelsBgp", "IkeConfig", "IpsecConfig",
                                      "ResourceGroupId", "VcoHealthCheck")}
    out["Description"] = ""
    out["VpnBgpConfig"] = {k: v for k, v in view["VpnBgpConfig"].items() if k != "AuthKey"}
    # ModifyVpnConnectionAttribute's own response types: TunnelOptions booleans and ints are native here
    tunnels = []
    for tunnel in record["tunnels"]:
        tv = _tunnel_view(ctx, tunnel, record["EnableTunnelsBgp"])
        tv.update(EnableDpd=tunnel["EnableDpd"], EnableNatTraversal=tunnel["EnableNatTraversal"],
                  TunnelIkeConfig=dict(tunnel["TunnelIkeConfig"]), TunnelIpsecConfig=dict(tunnel["TunnelIpsecConfig"]))
        bgp = tv.pop("TunnelBgpConfig")
        tv["TunnelBgpConfig"] = {"LocalAsn": tunnel["TunnelBgpConfig"].get("LocalAsn"), "LocalBgpIp": bgp["LocalBgpIp"],
                                 "TunnelCidr": bgp["TunnelCidr"], "PeerBgpIp": bgp["PeerBgpIp"],
                                 "PeerAsn": int(bgp["PeerAsn"]) if bgp["PeerAsn"] else None}
        for key in ("Status", "TunnelIndex"):
            tv.pop(key)
        tunnels.append(tv)
    out["TunnelOptionsSpecification"] = {"TunnelOptions": tunnels}
    return out


@action("vpc", "DeleteVpnConnection", write=True)
def delete_vpn_connection(ctx, p):
    require(p, "VpnConnectionId")
    record = _connection_or_404(ctx, p["VpnConnectionId"])
    gateway_for_write(ctx, record["VpnGatewayId"])
    del ctx.region.table(TABLE)[record["VpnConnectionId"]]
    return {}


def _peer_ike(ike, cgw_ip):
    """IKE block seen from the peer: the identities swap sides."""
    out = dict(ike)
    out["LocalId"], out["RemoteId"] = ike.get("RemoteId", cgw_ip), ike.get("LocalId", "")
    return out


def _peer_bgp(ctx, bgp, cgw_id, tunnel_id=""):
    cgw = ctx.region.table("customer_gateways").get(cgw_id) or {}
    return {"TunnelId": tunnel_id, "LocalAsn": _text(cgw.get("Asn")), "PeerAsn": _text(bgp.get("LocalAsn")),
            "LocalBgpIp": _peer_ip(bgp.get("TunnelCidr"), bgp.get("LocalBgpIp")),
            "PeerBgpIp": _text(bgp.get("LocalBgpIp")), "TunnelCidr": _text(bgp.get("TunnelCidr"))}


@action("vpc", "DownloadVpnConnectionConfig")
def download_vpn_connection_config(ctx, p):
    require(p, "VpnConnectionId")
    record = _connection_or_404(ctx, p["VpnConnectionId"])
    config = {"LocalSubnet": record["RemoteSubnet"], "RemoteSubnet": record["LocalSubnet"]}
    bgp_configs = []
    if record["tunnels"]:
        tunnel_configs = []
        for tunnel in record["tunnels"]:
            cgw = _customer_gateway(ctx, tunnel["CustomerGatewayId"])
            tunnel_configs.append({
                "TunnelId": tunnel["TunnelId"], "Local": cgw["IpAddress"], "Remote": tunnel["InternetIp"],
                "IkeConfig": _peer_ike(tunnel["TunnelIkeConfig"], cgw["IpAddress"]),
                "IpsecConfig": dict(tunnel["TunnelIpsecConfig"]),
            })
            if record["EnableTunnelsBgp"] and tunnel["TunnelBgpConfig"].get("TunnelCidr"):
                bgp_configs.append(_peer_bgp(ctx, tunnel["TunnelBgpConfig"], tunnel["CustomerGatewayId"],
                                             tunnel["TunnelId"]))
        config["TunnelsConfig"] = {"TunnelConfig": tunnel_configs}
    else:
        cgw = _customer_gateway(ctx, record["CustomerGatewayId"])
        config.update(Local=cgw["IpAddress"], Remote=record["InternetIp"],
                      IkeConfig=_peer_ike(record["IkeConfig"], cgw["IpAddress"]), IpsecConfig=dict(record["IpsecConfig"]))
        if record["bgp"].get("EnableBgp") and record["bgp"].get("TunnelCidr"):
            bgp_configs.append(_peer_bgp(ctx, record["bgp"], record["CustomerGatewayId"]))
    if bgp_configs:
        config["BgpConfigs"] = {"BgpConfig": bgp_configs}
    return {"VpnConnectionConfig": config}
