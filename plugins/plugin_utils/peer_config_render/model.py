# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of the ``peer_config`` structure (docs/peer_config.md) and the render options.

Everything a vendor renderer reads is checked here once, so renderers can index without guarding,
and every message names the key path that is wrong.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

MASKED_PSK = "********"
PSK_PLACEHOLDER = "<PSK-NOT-INCLUDED>"

ROUTING_MODES = ("protected_flows", "destination")
ROLES = ("master", "slave")
IKE_VERSIONS = ("ikev1", "ikev2")
IKE_MODES = ("main", "aggressive")
ENC_ALGS = ("aes", "aes192", "aes256", "des", "3des")
AUTH_ALGS = ("md5", "sha1", "sha256", "sha384", "sha512")
DH_GROUPS = ("group1", "group2", "group5", "group14")
IPSEC_PFS = ("disabled",) + DH_GROUPS


class PeerConfigError(ValueError):
    """Bad input, or an option the chosen vendor cannot express."""


def unsupported(vendor, option, value, why):
    """The error for a setting a vendor cannot express: names the vendor, the option and the value."""
    return PeerConfigError("vendor '%s' cannot express %s=%r: %s" % (vendor, option, value, why))


def lookup(table, vendor, option, value):
    """Map an Alibaba value through a vendor table; a missing entry is an explicit error, never a default."""
    if value not in table:
        raise unsupported(vendor, option, value, "%s supports only %s" % (vendor, ", ".join(sorted(table))))
    return table[value]


def _key(path, key):
    """The key path as the messages show it: tunnels[0].ike_config.psk (top-level keys bare)."""
    return "%s.%s" % (path, key) if path else key


def _require(mapping, key, path):
    if not isinstance(mapping, dict):
        raise PeerConfigError("%s must be a mapping, got %s" % (path or "peer_config", type(mapping).__name__))
    if key not in mapping:
        raise PeerConfigError("peer_config is missing the key %s" % _key(path, key))
    return mapping[key]


def _choice(mapping, key, path, choices):
    value = _require(mapping, key, path)
    if value not in choices:
        raise PeerConfigError("%s must be one of %s, got %r" % (_key(path, key), ", ".join(choices), value))
    return value


def _int(mapping, key, path, minimum=0):
    value = _require(mapping, key, path)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise PeerConfigError("%s must be an integer >= %d, got %r" % (_key(path, key), minimum, value))
    return value


def _bool(mapping, key, path):
    value = _require(mapping, key, path)
    if not isinstance(value, bool):
        raise PeerConfigError("%s must be true or false, got %r" % (_key(path, key), value))
    return value


def _text(mapping, key, path):
    value = _require(mapping, key, path)
    if not isinstance(value, str) or not value:
        raise PeerConfigError("%s must be a non-empty string, got %r" % (_key(path, key), value))
    return value


def _address(mapping, key, path):
    value = _text(mapping, key, path)
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise PeerConfigError("%s must be an IPv4 address, got %r" % (_key(path, key), value))


def _networks(mapping, key, path):
    value = _require(mapping, key, path)
    if not isinstance(value, (list, tuple)) or not value:
        raise PeerConfigError("%s must be a non-empty list of CIDRs, got %r" % (_key(path, key), value))
    return [parse_network(item, "%s[%d]" % (_key(path, key), i)) for i, item in enumerate(value)]


def parse_network(value, where):
    """A CIDR as an IPv4Network; host bits set is an error (it is almost always a typo)."""
    try:
        return ipaddress.IPv4Network(str(value))
    except ValueError as exc:
        raise PeerConfigError("%s must be an IPv4 CIDR such as 192.168.0.0/16, got %r (%s)" % (where, value, exc))


def is_any(networks):
    return all(net.prefixlen == 0 for net in networks)


class Identity:
    """An IKE identity: an IPv4 address or else a name (FQDN / key id)."""

    def __init__(self, value):
        self.value = value
        try:
            ipaddress.IPv4Address(value)
            self.is_address = True
        except ValueError:
            self.is_address = False


def _algorithms(section, prefix, path, pfs_choices):
    """enc_alg, auth_alg, pfs and lifetime, which ike_config and ipsec_config share (keys prefixed ike_/ipsec_)."""
    return {
        prefix + "_enc_alg": _choice(section, prefix + "_enc_alg", path, ENC_ALGS),
        prefix + "_auth_alg": _choice(section, prefix + "_auth_alg", path, AUTH_ALGS),
        prefix + "_pfs": _choice(section, prefix + "_pfs", path, pfs_choices),
        prefix + "_lifetime": _int(section, prefix + "_lifetime", path, minimum=1),
    }


def _ike(tunnel, path):
    ike = _require(tunnel, "ike_config", path)
    path += ".ike_config"
    result = {
        "ike_version": _choice(ike, "ike_version", path, IKE_VERSIONS),
        "ike_mode": _choice(ike, "ike_mode", path, IKE_MODES),
    }
    result.update(_algorithms(ike, "ike", path, DH_GROUPS))
    result.update(local_id=Identity(_text(ike, "local_id", path)), remote_id=Identity(_text(ike, "remote_id", path)),
                  psk=_text(ike, "psk", path))
    return result


def _ipsec(tunnel, path):
    return _algorithms(_require(tunnel, "ipsec_config", path), "ipsec", path + ".ipsec_config", IPSEC_PFS)


def _bgp(tunnel, path):
    bgp = _require(tunnel, "bgp", path)
    path += ".bgp"
    if not _bool(bgp, "enabled", path):
        return None
    cidr = parse_network(_text(bgp, "tunnel_cidr", path), path + ".tunnel_cidr")
    result = {
        "local_asn": _int(bgp, "local_asn", path, minimum=1),
        "peer_asn": _int(bgp, "peer_asn", path, minimum=1),
        "local_bgp_ip": _address(bgp, "local_bgp_ip", path),
        "peer_bgp_ip": _address(bgp, "peer_bgp_ip", path),
        "tunnel_cidr": cidr,
    }
    for key in ("local_bgp_ip", "peer_bgp_ip"):
        if ipaddress.IPv4Address(result[key]) not in cidr:
            raise PeerConfigError("%s %s is not inside tunnel_cidr %s" % (_key(path, key), result[key], cidr))
    return result


def _tunnel(tunnel, index):
    path = "tunnels[%d]" % index
    return {
        "index": index,
        "tunnel_id": tunnel.get("tunnel_id") if isinstance(tunnel, dict) else None,
        "role": _choice(tunnel, "role", path, ROLES),
        "local": _address(tunnel, "local", path),
        "remote": _address(tunnel, "remote", path),
        "ike": _ike(tunnel, path),
        "ipsec": _ipsec(tunnel, path),
        "enable_dpd": _bool(tunnel, "enable_dpd", path),
        "enable_nat_traversal": _bool(tunnel, "enable_nat_traversal", path),
        "bgp": _bgp(tunnel, path),
    }


def safe_name(value):
    """A configuration object name every vendor accepts: letters, digits, '-' and '_'."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-_")
    return name or "alibaba-vpn"


class PeerConfig:
    """The validated peer configuration, with the tunnels ordered master first."""

    def __init__(self, data):
        if not isinstance(data, dict):
            raise PeerConfigError("peer_config must be a mapping (one element of vpn_connection_info's peer_config), got %s"
                                  % type(data).__name__)
        self.name = _text(data, "name", "")
        self.connection_id = data.get("vpn_connection_id") or ""
        self.routing_mode = _choice(data, "routing_mode", "", ROUTING_MODES)
        self.local_subnets = _networks(data, "local_subnets", "")
        self.remote_subnets = _networks(data, "remote_subnets", "")
        tunnels = _require(data, "tunnels", "")
        if not isinstance(tunnels, list) or len(tunnels) not in (1, 2):
            raise PeerConfigError("tunnels must be a list of 1 (single tunnel) or 2 (dual tunnel) entries, got %r"
                                  % (tunnels,))
        self.tunnels = sorted((_tunnel(t, i) for i, t in enumerate(tunnels)), key=lambda t: ROLES.index(t["role"]))
        if len(self.tunnels) == 2 and [t["role"] for t in self.tunnels] != list(ROLES):
            raise PeerConfigError("a dual-tunnel peer_config needs one tunnel with role master and one with role slave, got %s"
                                  % ", ".join(t["role"] for t in self.tunnels))
        self.dual = len(self.tunnels) == 2
        bgps = [t["bgp"] for t in self.tunnels]
        self.bgp = any(bgps)
        if self.bgp and not all(bgps):
            raise PeerConfigError("tunnels[*].bgp.enabled must be the same on both tunnels")
        if self.bgp and len(set(b["local_asn"] for b in bgps)) != 1:
            raise PeerConfigError("tunnels[*].bgp.local_asn differs between the tunnels; one gateway has one ASN")
        self.base = safe_name(self.name)

    @property
    def flows(self):
        """(local, remote) subnet pairs: the protected data flows."""
        return [(lnet, rnet) for lnet in self.local_subnets for rnet in self.remote_subnets]

    @property
    def selectors_are_any(self):
        return is_any(self.local_subnets) and is_any(self.remote_subnets)

    def tunnel_name(self, tunnel):
        """Per-tunnel object name: the connection name, suffixed by role for a dual tunnel."""
        return "%s-%s" % (self.base, tunnel["role"]) if self.dual else self.base


class Options:
    """The filter's keyword options, checked once."""

    def __init__(self, include_psk=False, force_encap=False, routes=None, wan_interface=None):
        if not isinstance(include_psk, bool):
            raise PeerConfigError("include_psk must be true or false, got %r" % (include_psk,))
        if not isinstance(force_encap, bool):
            raise PeerConfigError("force_encap must be true or false, got %r" % (force_encap,))
        if routes is None:
            routes = []
        if not isinstance(routes, (list, tuple)):
            raise PeerConfigError("routes must be a list of CIDRs, got %r" % (routes,))
        if wan_interface is not None and (not isinstance(wan_interface, str) or not wan_interface.strip()):
            raise PeerConfigError("wan_interface must be a non-empty string, got %r" % (wan_interface,))
        self.include_psk = include_psk
        self.force_encap = force_encap
        self.routes = [parse_network(r, "routes[%d]" % i) for i, r in enumerate(routes)]
        self.wan_interface = wan_interface

    def psk(self, tunnel):
        """The PSK to write: the real one only on request, and never the masked one."""
        if not self.include_psk:
            return PSK_PLACEHOLDER
        psk = tunnel["ike"]["psk"]
        if psk == MASKED_PSK:
            raise PeerConfigError("include_psk=true but tunnels[%d].ike_config.psk is masked (%s): read the peer "
                                  "configuration with vpn_connection_info return_psk: true" % (tunnel["index"], MASKED_PSK))
        return psk
