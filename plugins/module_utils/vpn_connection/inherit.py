# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Top-level tunnel settings as the defaults of every tunnels[] entry (pure logic).

A dual-tunnel connection usually has the same IKE/IPsec settings on both tunnels. The top-level `psk`,
`enable_dpd`, `enable_nat_traversal`, `ike_config`, `ipsec_config` and `bgp.local_asn` are therefore the defaults
every tunnels[] entry inherits when `tunnels` is given. A value set in the entry overrides the default; the dict
options are merged key by key (a tunnel that sets only `ike_config.lifetime` keeps the other inherited
`ike_config` keys). `bgp.tunnel_cidr` and `bgp.local_bgp_ip` are not inherited: they must differ between the
tunnels (rules.py refuses them at the top level with `tunnels`); `bgp.enabled` stays the one switch of both
tunnels (EnableTunnelsBgp, desired.tunnels_bgp_enabled).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

# the tunnel options a tunnels[] entry inherits from the top-level option of the same name
INHERITED_SCALARS = ("psk", "enable_dpd", "enable_nat_traversal")
INHERITED_BLOCKS = ("ike_config", "ipsec_config", "bgp")
# keys of the top-level bgp a tunnel inherits (the others are per tunnel or the connection-wide switch)
INHERITED_BGP_KEYS = ("local_asn",)


def _set(block):
    """The keys the user set in a suboptions dict (Ansible fills the others with None)."""
    return dict((k, v) for k, v in (block or {}).items() if v is not None)


def _defaults(params):
    """{option: default} from the top-level options, only those set."""
    defaults = {}
    for key in INHERITED_SCALARS:
        if params.get(key) is not None:
            defaults[key] = params[key]
    for key in INHERITED_BLOCKS:
        block = _set(params.get(key))
        if key == "bgp":
            block = dict((k, v) for k, v in block.items() if k in INHERITED_BGP_KEYS)
        if block:
            defaults[key] = block
    return defaults


def inherit_tunnel(defaults, tunnel):
    """One tunnels[] entry with the defaults applied: a value set in the entry wins, dicts merged per key."""
    out = copy.deepcopy(tunnel)
    for key, default in defaults.items():
        if isinstance(default, dict):
            merged = dict(default)
            merged.update(_set(out.get(key)))
            out[key] = merged
        elif out.get(key) is None:
            out[key] = default
    return out


def effective_tunnels(params):
    """params['tunnels'] with the top-level defaults applied (None when there are no tunnels)."""
    tunnels = params.get("tunnels")
    if tunnels is None:
        return None
    defaults = _defaults(params)
    return [inherit_tunnel(defaults, tunnel) for tunnel in tunnels]
