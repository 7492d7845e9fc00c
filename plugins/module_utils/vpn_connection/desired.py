# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the user asked for, what differs from the API and what the connection will look like (pure logic).

The desired state holds only what the user set (None = not managed), in the shape of
vpn_connection_model.connection_out(); tunnels are keyed by role.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.inherit import effective_tunnels
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import (
    API_DEFAULTS,
    DESTINATION_CIDR,
    ROLES,
    psk_matches,
    routing_mode,
    split_subnets,
    tunnel_by_role,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.rules import parse_asn

BLOCKS = ("ike_config", "ipsec_config", "bgp", "health_check")


def _prune(value):
    """Drop None leaves (and blocks that end up empty): None means "not managed"."""
    if isinstance(value, dict):
        pruned = dict((k, _prune(v)) for k, v in value.items())
        pruned = dict((k, v) for k, v in pruned.items() if v is not None)
        return pruned or None
    return value


def _bgp(opt):
    if not opt:
        return None
    return {
        "enabled": opt.get("enabled"),
        "local_asn": parse_asn(opt.get("local_asn")) if opt.get("local_asn") is not None else None,
        "tunnel_cidr": opt.get("tunnel_cidr"),
        "local_bgp_ip": opt.get("local_bgp_ip"),
    }


def _ike(opt, psk):
    ike = dict(opt or {})
    ike["psk"] = psk
    return ike


def desired_subnets(params):
    """(local, remote) wanted by the options, or (None, None) when the user manages neither."""
    local = split_subnets(params.get("local_subnets"))
    remote = split_subnets(params.get("remote_subnets"))
    if params.get("routing_mode") == "destination":
        return [DESTINATION_CIDR], [DESTINATION_CIDR]
    return local, remote


def _tunnel_settings(opt):
    """The settings of one tunnel: the top-level options of a single-tunnel connection, or one tunnels[] entry."""
    return {
        "customer_gateway_id": opt.get("customer_gateway_id"),
        "enable_dpd": opt.get("enable_dpd"),
        "enable_nat_traversal": opt.get("enable_nat_traversal"),
        "ike_config": _ike(opt.get("ike_config"), opt.get("psk")),
        "ipsec_config": opt.get("ipsec_config"),
        "bgp": _bgp(opt.get("bgp")),
    }


def desired_from_params(params):
    local, remote = desired_subnets(params)
    tunnels = effective_tunnels(params)
    # with tunnels, the top-level tunnel settings are the tunnels' defaults (inherit.py), not the connection's
    desired = {} if tunnels else _tunnel_settings(params)
    desired.update({
        "name": params.get("name"),
        "local_subnets": local,
        "remote_subnets": remote,
        "effect_immediately": params.get("effect_immediately"),
        "health_check": params.get("health_check"),
    })
    desired = _prune(desired) or {}
    if tunnels:
        desired["tunnels"] = {}
        for tunnel in tunnels:
            wanted = _prune(_tunnel_settings(tunnel)) or {}
            bgp = wanted.get("bgp")
            if bgp is not None:
                bgp.pop("enabled", None)  # dual tunnel: one switch for both tunnels (EnableTunnelsBgp), see tunnels_bgp_enabled
                if not bgp:
                    wanted.pop("bgp")
            desired["tunnels"][tunnel["role"]] = wanted
        enabled = tunnels_bgp_enabled(params)
        if enabled is not None:
            desired["bgp"] = {"enabled": enabled}
    return desired


def tunnels_bgp_enabled(params):
    """EnableTunnelsBgp wanted for a dual-tunnel connection: bgp.enabled, else the tunnels' (validated to agree)."""
    if params.get("bgp") and params["bgp"].get("enabled") is not None:
        return params["bgp"]["enabled"]
    for tunnel in params.get("tunnels") or []:
        if tunnel.get("bgp") and tunnel["bgp"].get("enabled") is not None:
            return tunnel["bgp"]["enabled"]
    return None


def _leaf_differs(key, wanted, actual):
    if key == "psk":
        return not psk_matches(wanted, actual)
    return wanted != actual


def _changes(desired, current):
    changed = {}
    for key, wanted in desired.items():
        actual = (current or {}).get(key)
        if isinstance(wanted, dict):
            sub = _changes(wanted, actual if isinstance(actual, dict) else {})
            if sub:
                changed[key] = sub
        elif _leaf_differs(key, wanted, actual):
            changed[key] = wanted
    return changed


def changes(desired, current):
    """The part of `desired` that differs from `current` (a connection_out() shape), same nesting."""
    desired = copy.deepcopy(desired)
    tunnels = desired.pop("tunnels", None)
    changed = _changes(desired, current)
    if tunnels:
        tunnel_changes = {}
        for role, wanted in tunnels.items():
            sub = _changes(wanted, tunnel_by_role(current, role) or {})
            if sub:
                tunnel_changes[role] = sub
        if tunnel_changes:
            changed["tunnels"] = tunnel_changes
    return changed


def _deep_update(target, source):
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_update(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def initial_state(desired, gateway_id, dual):
    """What the API will hold right after CreateVpnConnection, before applying the user's values (check mode)."""
    state = {
        "vpn_connection_id": None,
        "name": None,
        "vpn_gateway_id": gateway_id,
        "customer_gateway_id": None,
        "local_subnets": [],
        "remote_subnets": [],
        "status": "ike_sa_not_established",
        "state": None,
        "create_time": None,
        "tags": {},
        "tunnels": [],
    }
    if dual:
        state.update(enable_dpd=None, enable_nat_traversal=None, ike_config=None, ipsec_config=None,
                     health_check=None, bgp={"enabled": False}, effect_immediately=False)
        for role in ROLES:
            keys = ("enable_dpd", "enable_nat_traversal", "ike_config", "ipsec_config")
            tunnel = dict((k, copy.deepcopy(API_DEFAULTS[k])) for k in keys)
            tunnel.update(tunnel_id=None, role=role, customer_gateway_id=None, internet_ip=None, status=None,
                          state=None, zone_no=None,
                          bgp={"local_asn": None, "tunnel_cidr": None, "local_bgp_ip": None, "peer_asn": None,
                               "peer_bgp_ip": None, "status": None})
            state["tunnels"].append(tunnel)
    else:
        state.update(copy.deepcopy(API_DEFAULTS))
    return state


def predict(current, desired):
    """current (connection_out shape) with the desired values applied: the result of the write(s)."""
    after = copy.deepcopy(current)
    desired = copy.deepcopy(desired)
    tunnels = desired.pop("tunnels", None) or {}
    _deep_update(after, desired)
    after["routing_mode"] = routing_mode(after.get("local_subnets"), after.get("remote_subnets"))
    for role, wanted in tunnels.items():
        tunnel = tunnel_by_role(after, role)
        if tunnel is not None:
            _deep_update(tunnel, wanted)
    return after
