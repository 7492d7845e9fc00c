# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""DownloadVpnConnectionConfig -> the `peer_config` structure of docs/peer_config.md (pure logic).

The download is already written from the data-center gateway's point of view (local = data center); DPD, NAT
traversal, tunnel roles and the BGP switch are not part of it and come from DescribeVpnConnection.
The shape is a public interface (the ipsec_peer role and the peer_config_text filter read it): add keys only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import (
    MASK,
    ROLES,
    connection_out,
    split_subnets,
    to_bool,
    to_int,
)

IKE_OUT = (("ike_version", "IkeVersion"), ("ike_mode", "IkeMode"), ("ike_enc_alg", "IkeEncAlg"),
           ("ike_auth_alg", "IkeAuthAlg"), ("ike_pfs", "IkePfs"), ("ike_lifetime", "IkeLifetime"),
           ("local_id", "LocalId"), ("remote_id", "RemoteId"), ("psk", "Psk"))
IPSEC_OUT = (("ipsec_enc_alg", "IpsecEncAlg"), ("ipsec_auth_alg", "IpsecAuthAlg"), ("ipsec_pfs", "IpsecPfs"),
             ("ipsec_lifetime", "IpsecLifetime"))


def _block(obj, keys):
    out = {}
    for key, wire in keys:
        value = (obj or {}).get(wire)
        if value == "":
            value = None
        if key.endswith("lifetime"):
            value = to_int(value)
        out[key] = value
    return out


def _bgp(enabled, cfg):
    """peer-side BGP block; cfg = a DownloadVpnConnectionConfig BgpConfig (strings) or None."""
    if not enabled or not cfg:
        return {"enabled": bool(enabled and cfg), "local_asn": None, "peer_asn": None, "local_bgp_ip": None,
                "peer_bgp_ip": None, "tunnel_cidr": None}
    return {
        "enabled": True,
        "local_asn": to_int(cfg.get("LocalAsn")),
        "peer_asn": to_int(cfg.get("PeerAsn")),
        "local_bgp_ip": cfg.get("LocalBgpIp") or None,
        "peer_bgp_ip": cfg.get("PeerBgpIp") or None,
        "tunnel_cidr": cfg.get("TunnelCidr") or None,
    }


def _from_describe(bgp):
    """The connection's own BGP block (Alibaba side = local) seen from the peer: used when the download has none."""
    if not bgp or not bgp.get("tunnel_cidr"):
        return None
    return {"LocalAsn": bgp.get("peer_asn"), "PeerAsn": bgp.get("local_asn"), "LocalBgpIp": bgp.get("peer_bgp_ip"),
            "PeerBgpIp": bgp.get("local_bgp_ip"), "TunnelCidr": bgp.get("tunnel_cidr")}


def _items(obj, outer, inner):
    return ((obj or {}).get(outer) or {}).get(inner) or []


def peer_config(conn, download, return_psk=False):
    """conn: DescribeVpnConnection body; download: DownloadVpnConnectionConfig body (with VpnConnectionConfig)."""
    cfg = (download or {}).get("VpnConnectionConfig") or {}
    shaped = connection_out(conn)
    local = split_subnets(cfg.get("LocalSubnet")) or []
    remote = split_subnets(cfg.get("RemoteSubnet")) or []
    bgp_enabled = shaped["bgp"]["enabled"]
    bgp_configs = _items(cfg, "BgpConfigs", "BgpConfig")
    tunnels = []
    tunnel_cfgs = _items(cfg, "TunnelsConfig", "TunnelConfig")
    if shaped["tunnels"]:
        described = dict((t["tunnel_id"], t) for t in shaped["tunnels"])
        for tcfg in tunnel_cfgs:
            tunnel_id = tcfg.get("TunnelId")
            about = described.get(tunnel_id) or {}
            bgp_cfg = next((b for b in bgp_configs if b.get("TunnelId") == tunnel_id), None) or _from_describe(about.get("bgp"))
            tunnels.append(_tunnel(tunnel_id, about.get("role"), tcfg, about, bgp_enabled, bgp_cfg, return_psk))
        tunnels.sort(key=lambda t: ROLES.index(t["role"]) if t["role"] in ROLES else len(ROLES))
    else:
        bgp_cfg = bgp_configs[0] if bgp_configs else _from_describe(shaped["bgp"])
        tunnels.append(_tunnel(None, "master", cfg, shaped, bgp_enabled, bgp_cfg, return_psk))
    return {
        "vpn_connection_id": shaped["vpn_connection_id"],
        "name": shaped["name"],
        "vpn_gateway_id": shaped["vpn_gateway_id"],
        "routing_mode": shaped["routing_mode"],
        "local_subnets": local,
        "remote_subnets": remote,
        "tunnels": tunnels,
    }


def _tunnel(tunnel_id, role, tcfg, about, bgp_enabled, bgp_cfg, return_psk):
    ike = _block(tcfg.get("IkeConfig"), IKE_OUT)
    if ike.get("psk") and not return_psk:
        ike["psk"] = MASK
    return {
        "tunnel_id": tunnel_id,
        "role": role,
        "local": tcfg.get("Local") or None,
        "remote": tcfg.get("Remote") or None,
        "ike_config": ike,
        "ipsec_config": _block(tcfg.get("IpsecConfig"), IPSEC_OUT),
        "enable_dpd": to_bool(about.get("enable_dpd")),
        "enable_nat_traversal": to_bool(about.get("enable_nat_traversal")),
        "bgp": _bgp(bgp_enabled, bgp_cfg),
    }
