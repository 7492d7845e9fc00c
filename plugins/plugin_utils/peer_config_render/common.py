# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decisions and text helpers shared by the vendor renderers (docs/peer_config_vendors.md, "Layout")."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import (
    AUTH_ALGS, DH_GROUPS, PeerConfigError, unsupported)

# Vendor keyword tables that follow from the API's own names (each vendor file keeps the ones that do not)
AES128_ENC = {"aes": "aes128", "aes192": "aes192", "aes256": "aes256", "des": "des", "3des": "3des"}  # aes with its key size
SAME_AUTH = dict((alg, alg) for alg in AUTH_ALGS)  # md5, sha1, sha256, sha384, sha512
SHA_AUTH = dict(SAME_AUTH, sha1="sha")  # the same, SHA-1 spelled "sha"
SAME_DH = dict((group, group) for group in DH_GROUPS)  # group1, group2, group5, group14
DH_NUMBERS = dict((group, group[len("group"):]) for group in DH_GROUPS)  # 1, 2, 5, 14
DH_DASHED = dict((group, "dh-" + group) for group in DH_GROUPS)  # dh-group1, ...

# A dual tunnel's slave path is a backup: its static route gets a worse preference than the master's.
BACKUP_PREFERENCE_NOTE = "slave tunnel: backup route, used when the master tunnel is down"


def mask(net):
    return str(net.netmask)


def wildcard(net):
    return str(net.hostmask)


def route_based(vendor, pc, selectors_on_tunnels, always=False):
    """Whether the vendor text uses tunnel interfaces (route-based) rather than policies.

    Route-based is needed for destination routing, BGP and dual tunnels (each tunnel its own interface, the
    master preferred). A vendor whose tunnel interfaces always protect 0.0.0.0/0 cannot carry protected data
    flows on them, so that combination is an error rather than a silently widened selector.
    """
    needed = always or pc.routing_mode == "destination" or pc.bgp or pc.dual
    if needed and not selectors_on_tunnels and not pc.selectors_are_any:
        why = []
        if pc.dual:
            why.append("a dual tunnel")
        if pc.bgp:
            why.append("BGP")
        if pc.routing_mode == "destination":
            why.append("destination routing")
        raise unsupported(vendor, "routing_mode", pc.routing_mode,
                          "%s needs tunnel interfaces, and %s tunnel interfaces protect 0.0.0.0/0 only, not the "
                          "subnets %s <-> %s; use routing_mode destination (subnets 0.0.0.0/0) on the Alibaba side"
                          % (" and ".join(why), vendor, ", ".join(map(str, pc.local_subnets)),
                             ", ".join(map(str, pc.remote_subnets))))
    return needed


def static_routes(pc, opts, is_route_based, selectors_route_themselves=False):
    """The cloud-side prefixes routed into the tunnel interface(s); [] when BGP or a policy does it.

    ``routes`` is only meaningful for a route-based text without BGP; given anywhere else it is an error,
    so a user never believes a route was configured when it was not.
    """
    if not is_route_based or pc.bgp:
        if opts.routes:
            raise PeerConfigError("routes=%s has no effect here: %s" % (
                [str(r) for r in opts.routes],
                "BGP learns the cloud routes" if pc.bgp else "the protected data flows select the traffic (policy-based)"))
        return []
    if pc.routing_mode == "protected_flows":
        if opts.routes:
            raise PeerConfigError("routes has no effect with routing_mode protected_flows: remote_subnets %s are routed"
                                  % [str(n) for n in pc.remote_subnets])
        return [] if selectors_route_themselves else list(pc.remote_subnets)
    return list(opts.routes)


def begin(vendor, pc, opts, default_wan, can_force_encap, can_disable_natt, selectors_on_tunnels, always=False,
          selectors_route_themselves=False):
    """The checks every renderer starts with (check_transport, route_based, static_routes).

    Returns (route-based?, the static routes, the WAN interface).
    """
    check_transport(vendor, pc, opts, can_force_encap, can_disable_natt)
    is_route_based = route_based(vendor, pc, selectors_on_tunnels, always)
    routes = static_routes(pc, opts, is_route_based, selectors_route_themselves)
    return is_route_based, routes, opts.wan_interface or default_wan


def check_transport(vendor, pc, opts, can_force_encap, can_disable_natt):
    """NAT traversal off and forced UDP encapsulation are expressible on some vendors only."""
    if opts.force_encap and not can_force_encap:
        raise unsupported(vendor, "force_encap", True, "%s has no switch to force UDP encapsulation of ESP" % vendor)
    for t in pc.tunnels:
        if not t["enable_nat_traversal"]:
            if opts.force_encap:
                raise PeerConfigError("force_encap=true contradicts tunnels[%d].enable_nat_traversal=false" % t["index"])
            if not can_disable_natt:
                raise unsupported(vendor, "tunnels[%d].enable_nat_traversal" % t["index"], False,
                                  "%s always negotiates NAT traversal; it has no switch to turn it off" % vendor)


def require_address_identity(vendor, t, which, address):
    """For vendors that identify a peer by its address only: the identity must be that address."""
    ident = t["ike"][which]
    if not ident.is_address or ident.value != address:
        raise unsupported(vendor, "tunnels[%d].ike_config.%s" % (t["index"], which), ident.value,
                          "%s identifies this side by its IP address %s only" % (vendor, address))


def header(comment, pc, vendor, opts, extra=(), holds_psk=True):
    """Leading comment lines: what this text is and whether the PSK is in it."""
    lines = ["%s eds.vpc_access peer configuration: %s %s, vendor %s" % (
        comment, pc.name, ("(%s)" % pc.connection_id) if pc.connection_id else "", vendor)]
    lines[0] = lines[0].replace("  ", " ")
    lines.append("%s routing_mode %s, %s, BGP %s" % (
        comment, pc.routing_mode, "dual tunnel" if pc.dual else "single tunnel", "on" if pc.bgp else "off"))
    for number, t in enumerate(pc.tunnels, 1):
        tunnel_id = " (%s)" % t["tunnel_id"] if t["tunnel_id"] else ""
        lines.append("%s tunnel %d: %s%s, %s -> %s" % (comment, number, t["role"], tunnel_id, t["local"], t["remote"]))
    if holds_psk and not opts.include_psk:
        lines.append("%s PSK NOT INCLUDED: replace every <PSK-NOT-INCLUDED> or render with include_psk=true" % comment)
    lines.extend("%s %s" % (comment, e) for e in extra)
    return lines


NO_STATIC_ROUTES = "no static routes: pass routes=[<VPC CIDR>, ...] to route cloud prefixes into the tunnel"
NO_BGP_NETWORKS = "no BGP network statements: local_subnets is 0.0.0.0/0; advertise the data-center prefixes yourself"


def bgp_networks(pc):
    """The data-center prefixes to advertise over BGP: local_subnets, except the destination-routing 0.0.0.0/0."""
    return [net for net in pc.local_subnets if net.prefixlen]


def linux_interface_notes(pc, routes, per_tunnel=lambda number: []):
    """Route-based Linux peers: what to run on each tunnel interface ipsecN (BGP address, routes), then BGP."""
    notes = []
    for number, t in enumerate(pc.tunnels, 1):
        notes += per_tunnel(number)
        if pc.bgp:
            notes.append("  ip addr add %s/%d dev ipsec%d" % (t["bgp"]["local_bgp_ip"], t["bgp"]["tunnel_cidr"].prefixlen, number))
        notes += ["  ip route add %s dev ipsec%d%s" % (n, number, " metric 100" if number == 2 else "") for n in routes]
    notes += linux_bgp_notes(pc)
    if not pc.bgp and not routes:
        notes.append(NO_STATIC_ROUTES)
    return notes


def linux_bgp_notes(pc):
    """Linux IPsec daemons carry no BGP: the notes say what a BGP daemon (FRR) must be given."""
    if not pc.bgp:
        return []
    notes = ["BGP is not part of this file: configure a BGP daemon, e.g. FRR bgpd:",
             "  router bgp %d" % pc.tunnels[0]["bgp"]["local_asn"]]
    notes += ["   neighbor %s remote-as %d" % (t["bgp"]["peer_bgp_ip"], t["bgp"]["peer_asn"]) for t in pc.tunnels]
    notes += ["   network %s" % n for n in bgp_networks(pc)]
    if not bgp_networks(pc):
        notes.append("   " + NO_BGP_NETWORKS)
    return notes


SEPARATORS = ("#", "!")


def text(lines):
    """The final text; a separator line ('#', '!') right after another one is dropped (blocks end with one)."""
    kept = []
    for line in lines:
        if not (line in SEPARATORS and kept and kept[-1] == line):
            kept.append(line)
    return "\n".join(kept) + "\n"


def tunnel_routes(pc, routes, is_route_based, comment, route_line):
    """Each static route into each tunnel interface, route_line(net, number) (number 2, the slave tunnel, takes the
    backup preference), or a comment that there are none where a route-based text without BGP needs them."""
    lines = [route_line(net, number) for number in range(1, len(pc.tunnels) + 1) for net in routes]
    if is_route_based and not pc.bgp and not routes:
        lines.append("%s %s" % (comment, NO_STATIC_ROUTES))
    return lines


def vrp_tunnel_routes(pc, routes, tunnel_mode, backup_preference):
    """tunnel_routes in the syntax H3C Comware and Huawei VRP share."""
    return tunnel_routes(pc, routes, tunnel_mode, "#", lambda net, number: "ip route-static %s %d Tunnel%d%s" % (
        net.network_address, net.prefixlen, number, " preference %d" % backup_preference if number == 2 else ""))


def vrp_acl(pc, first_line):
    """The advanced ACL of the protected flows (rule 5, 10, ... one a pair) in the syntax H3C Comware and Huawei VRP
    share; first_line opens it, in the syntax that differs."""
    out = [first_line]
    for i, (lnet, rnet) in enumerate(pc.flows):
        out.append(" rule %d permit ip source %s %s destination %s %s" % (
            (i + 1) * 5, lnet.network_address, wildcard(lnet), rnet.network_address, wildcard(rnet)))
    return out + ["#"]


def vrp_bgp(pc, address_family):
    """The BGP section of H3C Comware and Huawei VRP, which differ in the address family line only."""
    out = ["#", "bgp %d" % pc.tunnels[0]["bgp"]["local_asn"]]
    out += [" peer %s as-number %d" % (t["bgp"]["peer_bgp_ip"], t["bgp"]["peer_asn"]) for t in pc.tunnels]
    out.append(" " + address_family)
    out += ["  peer %s enable" % t["bgp"]["peer_bgp_ip"] for t in pc.tunnels]
    out += ["  network %s %d" % (net.network_address, net.prefixlen) for net in bgp_networks(pc)]
    if not bgp_networks(pc):
        out.append("# " + NO_BGP_NETWORKS)
    return out
