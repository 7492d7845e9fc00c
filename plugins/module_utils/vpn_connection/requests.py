# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CreateVpnConnection / ModifyVpnConnectionAttribute parameters (wire names) from the desired state (pure logic).

Single tunnel: IkeConfig / IpsecConfig / BgpConfig / HealthCheckConfig are JSON strings in the query.
Dual tunnel: TunnelOptionsSpecification (a list of objects the SDK flattens into the form body).
A modified block is always sent whole (current values merged with the wanted ones) so that the API never falls
back to a default for a key the user did not mention; the PSK is only sent when the user set it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import (
    BGP_KEYS,
    HEALTH_KEYS,
    IKE_KEYS,
    IPSEC_KEYS,
    ROLES,
    join_subnets,
    tunnel_by_role,
)


def _wire(values, keys):
    """option-keyed dict -> wire-keyed dict without None values."""
    out = {}
    for key, wire in keys:
        if values and values.get(key) is not None:
            out[wire] = values[key]
    return out


def _merged(current, wanted, drop=("psk",)):
    """current block with the wanted keys applied; keys in `drop` are only kept when wanted."""
    merged = dict((k, v) for k, v in (current or {}).items() if k not in drop)
    merged.update(wanted or {})
    return merged


def _json(values):
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def _bgp_json(bgp):
    out = _wire(bgp, BGP_KEYS)
    if bgp and bgp.get("enabled") is not None:
        out["EnableBgp"] = bgp["enabled"]
    return out


def _tunnel_spec(tunnel, tunnel_id=None, role=None):
    spec = {}
    if tunnel_id:
        spec["TunnelId"] = tunnel_id
    if role:
        spec["Role"] = role
    for key, wire in (("customer_gateway_id", "CustomerGatewayId"), ("enable_dpd", "EnableDpd"),
                      ("enable_nat_traversal", "EnableNatTraversal")):
        if tunnel.get(key) is not None:
            spec[wire] = tunnel[key]
    for key, wire, keys in (("ike_config", "TunnelIkeConfig", IKE_KEYS), ("ipsec_config", "TunnelIpsecConfig", IPSEC_KEYS),
                            ("bgp", "TunnelBgpConfig", BGP_KEYS)):
        block = _wire(tunnel.get(key), keys)
        if block:
            spec[wire] = block
    return spec


def _common(params, desired, tags=None):
    req = {}
    if desired.get("name") is not None:
        req["Name"] = desired["name"]
    if desired.get("local_subnets") is not None:
        req["LocalSubnet"] = join_subnets(desired["local_subnets"])
    if desired.get("remote_subnets") is not None:
        req["RemoteSubnet"] = join_subnets(desired["remote_subnets"])
    if desired.get("effect_immediately") is not None:
        req["EffectImmediately"] = desired["effect_immediately"]
    if tags:
        req["Tags"] = [{"Key": k, "Value": "" if v is None else str(v)} for k, v in sorted(tags.items())]
    req.update(params)
    return req


def create_request(desired, gateway_id, dual, tags=None):
    req = _common({"VpnGatewayId": gateway_id}, desired, tags)
    if dual:
        tunnels = desired.get("tunnels") or {}
        req["TunnelOptionsSpecification"] = [_tunnel_spec(tunnels.get(role) or {}, role=role) for role in ROLES]
        if (desired.get("bgp") or {}).get("enabled") is not None:
            req["EnableTunnelsBgp"] = desired["bgp"]["enabled"]
        return req
    if desired.get("customer_gateway_id"):
        req["CustomerGatewayId"] = desired["customer_gateway_id"]
    for key, wire in (("enable_dpd", "EnableDpd"), ("enable_nat_traversal", "EnableNatTraversal")):
        if desired.get(key) is not None:
            req[wire] = desired[key]
    for key, wire, build in (("ike_config", "IkeConfig", lambda b: _wire(b, IKE_KEYS)),
                             ("ipsec_config", "IpsecConfig", lambda b: _wire(b, IPSEC_KEYS)),
                             ("bgp", "BgpConfig", _bgp_json),
                             ("health_check", "HealthCheckConfig", lambda b: _wire(b, HEALTH_KEYS))):
        block = build(desired.get(key))
        if block:
            req[wire] = _json(block)
    return req


def modify_request(connection_id, changed, desired, current):
    """ModifyVpnConnectionAttribute parameters for the `changed` part (see vpn_connection_desired.changes)."""
    scalars = dict((k, changed[k]) for k in ("name", "effect_immediately") if k in changed)
    if "local_subnets" in changed or "remote_subnets" in changed:
        # both sides together: the API derives the routing mode from the pair
        scalars["local_subnets"] = desired.get("local_subnets") or current["local_subnets"]
        scalars["remote_subnets"] = desired.get("remote_subnets") or current["remote_subnets"]
    req = _common({"VpnConnectionId": connection_id}, scalars)
    if current.get("tunnels"):
        if "enabled" in (changed.get("bgp") or {}):
            req["EnableTunnelsBgp"] = changed["bgp"]["enabled"]
        specs = []
        for role, tunnel_changes in sorted((changed.get("tunnels") or {}).items()):
            have = tunnel_by_role(current, role) or {}
            want = (desired.get("tunnels") or {}).get(role) or {}
            tunnel = {
                "customer_gateway_id": want.get("customer_gateway_id") or have.get("customer_gateway_id"),
                "enable_dpd": want.get("enable_dpd", have.get("enable_dpd")),
                "enable_nat_traversal": want.get("enable_nat_traversal", have.get("enable_nat_traversal")),
            }
            for block in ("ike_config", "ipsec_config", "bgp"):
                if block in tunnel_changes:
                    tunnel[block] = _merged(have.get(block), want.get(block),
                                            drop=("psk",) if block == "ike_config" else ("peer_asn", "peer_bgp_ip", "status"))
            specs.append(_tunnel_spec(tunnel, tunnel_id=have.get("tunnel_id"), role=role))
        if specs:
            req["TunnelOptionsSpecification"] = specs
        return req
    for key, wire in (("enable_dpd", "EnableDpd"), ("enable_nat_traversal", "EnableNatTraversal")):
        if key in changed:
            req[wire] = changed[key]
    if "ike_config" in changed:
        req["IkeConfig"] = _json(_wire(_merged(current.get("ike_config"), desired.get("ike_config")), IKE_KEYS))
    if "ipsec_config" in changed:
        req["IpsecConfig"] = _json(_wire(_merged(current.get("ipsec_config"), desired.get("ipsec_config")), IPSEC_KEYS))
    if "bgp" in changed:
        bgp = _merged(current.get("bgp"), desired.get("bgp"), drop=("peer_asn", "peer_bgp_ip", "status"))
        req["BgpConfig"] = _json(_bgp_json(bgp))
    if "health_check" in changed:
        health = _merged(current.get("health_check"), desired.get("health_check"), drop=("status",))
        req["HealthCheckConfig"] = _json(_wire(health, HEALTH_KEYS))
    return req
