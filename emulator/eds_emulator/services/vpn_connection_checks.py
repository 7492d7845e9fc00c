"""Validation of the IPsec-VPN connection parameters: IkeConfig/IpsecConfig/BgpConfig/HealthCheckConfig blocks
(also the per-tunnel TunnelIkeConfig/TunnelIpsecConfig/TunnelBgpConfig), subnets and names.

Each check returns the normalised value or raises ApiError naming the parameter (the rules are those of the
CreateVpnConnection / ModifyVpnConnectionAttribute request models' docs).
"""

import ipaddress

from eds_emulator import validation
from eds_emulator.errors import ApiError

ALIBABA_ASN = 45104
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


def identity(value, name):
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
    "LocalId": identity,
    "RemoteId": identity,
    "Psk": validation.psk,
}
IPSEC_CHECKS = {
    "IpsecEncAlg": lambda v, n: validation.enum(v, n, ENC),
    "IpsecAuthAlg": lambda v, n: validation.enum(v, n, AUTH),
    "IpsecPfs": lambda v, n: validation.enum(v, n, IPSEC_PFS),
    "IpsecLifetime": validation.lifetime,
}


def checked_block(given, prefix, base, checks):
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


def ike(given, prefix, base):
    return checked_block(given, prefix, base, IKE_CHECKS)


def ipsec(given, prefix, base):
    return checked_block(given, prefix, base, IPSEC_CHECKS)


def local_asn(value, name):
    """Alibaba-side ASN: 1..4294967295 (45104, Alibaba's own, is the default), plain or asdot."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    try:
        return validation.asn(value, name)
    except ApiError:
        if str(value).strip() == str(ALIBABA_ASN):
            return ALIBABA_ASN
        raise


def tunnel_cidr(value, name):
    net = validation.cidr(value, name, code="InvalidParameter")
    parsed = ipaddress.ip_network(net)
    if parsed.prefixlen != 30 or not parsed.subnet_of(BGP_RANGE):
        raise ApiError.invalid(name, f"The {name} {net} must be a /30 CIDR block within 169.254.0.0/16.",
                               code="InvalidParameter")
    if parsed in BGP_RESERVED:
        raise ApiError.invalid(name, f"The {name} {net} is reserved and cannot be used.", code="InvalidParameter")
    return net


def flag(value, _name):
    return value if isinstance(value, bool) else str(value).lower() == "true"


BGP_CHECKS = {
    "EnableBgp": flag,
    "LocalAsn": local_asn,
    "TunnelCidr": tunnel_cidr,
    "LocalBgpIp": lambda v, n: validation.ipv4(v, n, code="InvalidParameter"),
}


def bgp(given, prefix, base):
    """Validated BGP block (keys EnableBgp, LocalAsn, TunnelCidr, LocalBgpIp) merged into base."""
    out = checked_block(given, prefix, base, BGP_CHECKS)
    if out.get("TunnelCidr") and out.get("LocalBgpIp"):
        hosts = [str(h) for h in ipaddress.ip_network(out["TunnelCidr"]).hosts()]
        if out["LocalBgpIp"] not in hosts:
            raise ApiError.invalid(f"{prefix}.LocalBgpIp", f"The LocalBgpIp {out['LocalBgpIp']} is not a host "
                                   f"address of the TunnelCidr {out['TunnelCidr']}.", code="InvalidParameter")
    return out


def health(given, base):
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


def subnets(value, name, limit):
    """LocalSubnet / RemoteSubnet: at most `limit` CIDR blocks (the quota connection_subnets; the code for more is
    UNCONFIRMED: IllegalParam.<name>, the documented code of a bad subnet list)."""
    code = f"IllegalParam.{name}"
    blocks = validation.cidr_list(value, name, code=code)
    if "0.0.0.0/0" in blocks and len(blocks) > 1:
        raise ApiError(code, f'The specified "{name}" ({value}) is invalid.')
    if len(blocks) > limit:
        raise ApiError(code, f'The specified "{name}" has {len(blocks)} CIDR blocks; at most {limit} are allowed.')
    return ",".join(blocks)


def connection_name(value):
    return validation.free_text(value, "Name", code="InvalidName")
