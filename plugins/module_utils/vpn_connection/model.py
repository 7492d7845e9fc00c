# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IPsec-VPN connection as the modules see it (pure logic, no SDK).

One shape serves three purposes: the module output (`vpn_connection`, `vpn_connections[]`), the "current" side of
the comparison and the "desired" side built from the module options. Values are normalised the way the API returns
them (lifetimes and ASNs as ints, booleans as bools, subnets as sorted lists) so that comparing is plain equality.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import MASK
DESTINATION_CIDR = "0.0.0.0/0"
ROLES = ("master", "slave")

# option key -> wire key, per block (the request JSON and the Describe objects use the same wire keys)
IKE_KEYS = (
    ("version", "IkeVersion"),
    ("mode", "IkeMode"),
    ("enc_alg", "IkeEncAlg"),
    ("auth_alg", "IkeAuthAlg"),
    ("pfs", "IkePfs"),
    ("lifetime", "IkeLifetime"),
    ("local_id", "LocalId"),
    ("remote_id", "RemoteId"),
    ("psk", "Psk"),
)
IPSEC_KEYS = (
    ("enc_alg", "IpsecEncAlg"),
    ("auth_alg", "IpsecAuthAlg"),
    ("pfs", "IpsecPfs"),
    ("lifetime", "IpsecLifetime"),
)
BGP_KEYS = (
    ("local_asn", "LocalAsn"),
    ("tunnel_cidr", "TunnelCidr"),
    ("local_bgp_ip", "LocalBgpIp"),
)
HEALTH_KEYS = (
    ("enabled", "enable"),
    ("destination_ip", "dip"),
    ("source_ip", "sip"),
    ("interval", "interval"),
    ("retry", "retry"),
    ("policy", "policy"),
)
# What CreateVpnConnection fills in when a key is omitted (its documented parameter defaults, emulated in
# emulator/eds_emulator/services/vpn_connections.py); used to predict check-mode results.
API_DEFAULTS = {
    "effect_immediately": False,
    "enable_dpd": True,
    "enable_nat_traversal": True,
    "ike_config": {"version": "ikev1", "mode": "main", "enc_alg": "aes", "auth_alg": "md5", "pfs": "group2",
                   "lifetime": 86400, "local_id": None, "remote_id": None, "psk": None},
    "ipsec_config": {"enc_alg": "aes", "auth_alg": "md5", "pfs": "group2", "lifetime": 86400},
    "bgp": {"enabled": False, "local_asn": None, "tunnel_cidr": None, "local_bgp_ip": None,
            "peer_asn": None, "peer_bgp_ip": None, "status": None},
    "health_check": {"enabled": False, "destination_ip": None, "source_ip": None, "interval": None, "retry": None,
                     "policy": None, "status": None},
}
INT_KEYS = frozenset(("lifetime", "local_asn", "peer_asn", "interval", "retry"))


def to_bool(value):
    """API booleans come as bools or as the strings "true"/"false" (TunnelOptions, VcoHealthCheck.Enable)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"


def to_int(value):
    """API ints come as ints or as decimal strings (TunnelOptions lifetimes and ASNs)."""
    if value is None or value == "":
        return None
    return int(value)


def split_subnets(value):
    """"a,b" (wire) or a list -> sorted list without blanks; the API treats the order as meaningless."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    return sorted(set(item.strip() for item in value if item and item.strip()))


def join_subnets(value):
    return ",".join(value)


def routing_mode(local_subnets, remote_subnets):
    if local_subnets == [DESTINATION_CIDR] and remote_subnets == [DESTINATION_CIDR]:
        return "destination"
    return "protected_flows"


def _block(obj, keys):
    """Wire object -> option-keyed dict (ints normalised); None when the API returned nothing."""
    if not obj:
        return None
    out = {}
    for key, wire in keys:
        value = obj.get(wire)
        if value == "":
            value = None
        if key in INT_KEYS:
            value = to_int(value)
        out[key] = value
    return out


def _tags(conn):
    tags = (conn.get("Tags") or conn.get("Tag") or {}).get("Tag") or []
    return dict((t.get("Key"), t.get("Value") or "") for t in tags)


def _bgp_out(bgp, status_key):
    """A connection's or a tunnel's BGP configuration (wire names) -> the module's bgp keys; the two objects differ
    only in the name of the session status (status_key)."""
    return {
        "local_asn": to_int(bgp.get("LocalAsn")),
        "tunnel_cidr": bgp.get("TunnelCidr") or None,
        "local_bgp_ip": bgp.get("LocalBgpIp") or None,
        "peer_asn": to_int(bgp.get("PeerAsn")),
        "peer_bgp_ip": bgp.get("PeerBgpIp") or None,
        "status": bgp.get(status_key) or None,
    }


def _tunnel_out(tunnel):
    return {
        "tunnel_id": tunnel.get("TunnelId"),
        "role": tunnel.get("Role"),
        "customer_gateway_id": tunnel.get("CustomerGatewayId"),
        "internet_ip": tunnel.get("InternetIp"),
        "status": tunnel.get("Status"),
        "state": tunnel.get("State"),
        "zone_no": tunnel.get("ZoneNo"),
        "enable_dpd": to_bool(tunnel.get("EnableDpd")),
        "enable_nat_traversal": to_bool(tunnel.get("EnableNatTraversal")),
        "ike_config": _block(tunnel.get("TunnelIkeConfig"), IKE_KEYS),
        "ipsec_config": _block(tunnel.get("TunnelIpsecConfig"), IPSEC_KEYS),
        "bgp": _bgp_out(tunnel.get("TunnelBgpConfig") or {}, "BgpStatus"),
    }


def is_dual(conn):
    return bool(((conn.get("TunnelOptionsSpecification") or {}).get("TunnelOptions")))


def connection_out(conn):
    """DescribeVpnConnection(s) item (wire names) -> the documented module shape (PSK in clear: mask before output)."""
    local = split_subnets(conn.get("LocalSubnet")) or []
    remote = split_subnets(conn.get("RemoteSubnet")) or []
    tunnels = [_tunnel_out(t) for t in (conn.get("TunnelOptionsSpecification") or {}).get("TunnelOptions") or []]
    tunnels.sort(key=lambda t: (ROLES.index(t["role"]) if t["role"] in ROLES else len(ROLES), t["tunnel_id"] or ""))
    dual = bool(tunnels)
    out = {
        "vpn_connection_id": conn.get("VpnConnectionId"),
        "name": conn.get("Name"),
        "vpn_gateway_id": conn.get("VpnGatewayId"),
        "customer_gateway_id": None if dual else conn.get("CustomerGatewayId"),
        "routing_mode": routing_mode(local, remote),
        "local_subnets": local,
        "remote_subnets": remote,
        "effect_immediately": to_bool(conn.get("EffectImmediately")),
        "network_type": conn.get("NetworkType") or None,
        "tunnel_bandwidth": conn.get("TunnelBandwidth") or None,
        "status": conn.get("Status"),
        "state": conn.get("State"),
        "create_time": conn.get("CreateTime"),
        "tags": _tags(conn),
        "tunnels": tunnels,
    }
    if dual:
        out.update(enable_dpd=None, enable_nat_traversal=None, ike_config=None, ipsec_config=None, health_check=None,
                   bgp={"enabled": bool(to_bool(conn.get("EnableTunnelsBgp")))})
        return out
    bgp = conn.get("VpnBgpConfig") or {}
    health = conn.get("VcoHealthCheck") or {}
    bgp_enabled = to_bool(bgp.get("EnableBgp"))
    if bgp_enabled is None:  # DescribeVpnConnections items carry no EnableBgp: a configured peer means enabled
        bgp_enabled = bool(bgp.get("TunnelCidr"))
    out.update(
        enable_dpd=to_bool(conn.get("EnableDpd")),
        enable_nat_traversal=to_bool(conn.get("EnableNatTraversal")),
        ike_config=_block(conn.get("IkeConfig"), IKE_KEYS),
        ipsec_config=_block(conn.get("IpsecConfig"), IPSEC_KEYS),
        bgp=dict(enabled=bool(bgp_enabled), **_bgp_out(bgp, "Status")),
        health_check={
            "enabled": bool(to_bool(health.get("Enable"))),
            "destination_ip": health.get("Dip") or None,
            "source_ip": health.get("Sip") or None,
            "interval": to_int(health.get("Interval")),
            "retry": to_int(health.get("Retry")),
            "policy": health.get("Policy") or None,
            "status": health.get("Status") or None,
        },
    )
    return out


def tunnel_by_role(out, role):
    for tunnel in out.get("tunnels") or []:
        if tunnel.get("role") == role:
            return tunnel
    return None


def mask_psk(out, return_psk=False):
    """A deep copy of a connection shape with every PSK replaced by MASK (unless return_psk)."""
    out = copy.deepcopy(out)
    if return_psk or out is None:
        return out
    blocks = [out.get("ike_config")] + [t.get("ike_config") for t in out.get("tunnels") or []]
    for block in blocks:
        if block and block.get("psk"):
            block["psk"] = MASK
    return out


def psk_matches(wanted, actual):
    """True when the API's PSK equals the wanted one.

    The API may return a PSK masked as a clear prefix plus "****" (seen by Terraform for VPN attachments,
    UNCONFIRMED for classic connections): then only the visible prefix can be compared.
    """
    if actual is None:
        return False
    if actual == wanted:
        return True
    if actual.endswith("****"):
        prefix = actual.rstrip("*")
        return bool(prefix) and wanted.startswith(prefix)
    return False


def effective(desired, current, *path):
    """The value a key will have after the run: desired if managed, else current, else the API default."""
    for source in (desired, current, API_DEFAULTS):
        value = source
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None
