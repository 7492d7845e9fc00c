# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Juniper SRX (Junos): route-based st0 tunnels as `set` commands; protected flows become traffic selectors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import lookup

VENDOR = "juniper_srx"
DEFAULT_WAN = "ge-0/0/0.0"
ENC = {"aes": "aes-128-cbc", "aes192": "aes-192-cbc", "aes256": "aes-256-cbc", "des": "des-cbc", "3des": "3des-cbc"}
IKE_AUTH = {"md5": "md5", "sha1": "sha1", "sha256": "sha-256", "sha384": "sha-384", "sha512": "sha-512"}
ESP_AUTH = {"md5": "hmac-md5-96", "sha1": "hmac-sha1-96", "sha256": "hmac-sha-256-128", "sha384": "hmac-sha-384-192",
            "sha512": "hmac-sha-512-256"}
DH = common.SAME_DH
VERSION = {"ikev1": "v1-only", "ikev2": "v2-only"}
VPN_ZONE = "vpn"
BACKUP_PREFERENCE = 10  # static routes default to preference 5: the slave tunnel's routes lose to the master's


def _identity(ident):
    return ("inet %s" % ident.value) if ident.is_address else ("hostname %s" % ident.value)


def _tunnel(pc, t, number, opts, wan):
    ike, ipsec = t["ike"], t["ipsec"]
    name = pc.tunnel_name(t)
    where = "tunnels[%d]." % t["index"]
    p = "set security ike proposal %s " % name
    out = [
        p + "authentication-method pre-shared-keys",
        p + "dh-group %s" % lookup(DH, VENDOR, where + "ike_config.ike_pfs", ike["ike_pfs"]),
        p + "authentication-algorithm %s" % lookup(IKE_AUTH, VENDOR, where + "ike_config.ike_auth_alg", ike["ike_auth_alg"]),
        p + "encryption-algorithm %s" % lookup(ENC, VENDOR, where + "ike_config.ike_enc_alg", ike["ike_enc_alg"]),
        p + "lifetime-seconds %d" % ike["ike_lifetime"],
    ]
    p = "set security ike policy %s " % name
    if ike["ike_version"] == "ikev1":
        out.append(p + "mode %s" % ike["ike_mode"])
    out += [p + "proposals %s" % name, p + 'pre-shared-key ascii-text "%s"' % opts.psk(t)]
    p = "set security ike gateway %s " % name
    out += [
        p + "ike-policy %s" % name,
        p + "address %s" % t["remote"],
        p + "local-identity %s" % _identity(ike["local_id"]),
        p + "remote-identity %s" % _identity(ike["remote_id"]),
        p + "external-interface %s" % wan,
        p + "local-address %s" % t["local"],
        p + "version %s" % VERSION[ike["ike_version"]],
    ]
    if t["enable_dpd"]:
        out += [p + "dead-peer-detection interval 10", p + "dead-peer-detection threshold 3"]
    if not t["enable_nat_traversal"]:
        out.append(p + "no-nat-traversal")
    p = "set security ipsec proposal %s " % name
    out += [
        p + "protocol esp",
        p + "authentication-algorithm %s" % lookup(ESP_AUTH, VENDOR, where + "ipsec_config.ipsec_auth_alg",
                                                   ipsec["ipsec_auth_alg"]),
        p + "encryption-algorithm %s" % lookup(ENC, VENDOR, where + "ipsec_config.ipsec_enc_alg", ipsec["ipsec_enc_alg"]),
        p + "lifetime-seconds %d" % ipsec["ipsec_lifetime"],
    ]
    p = "set security ipsec policy %s " % name
    if ipsec["ipsec_pfs"] != "disabled":
        out.append(p + "perfect-forward-secrecy keys %s" % lookup(DH, VENDOR, where + "ipsec_config.ipsec_pfs",
                                                                  ipsec["ipsec_pfs"]))
    out.append(p + "proposals %s" % name)
    p = "set security ipsec vpn %s " % name
    out += [p + "bind-interface st0.%d" % number, p + "ike gateway %s" % name, p + "ike ipsec-policy %s" % name]
    if not pc.selectors_are_any:
        for i, (lnet, rnet) in enumerate(pc.flows, 1):
            out += [p + "traffic-selector ts%d local-ip %s" % (i, lnet), p + "traffic-selector ts%d remote-ip %s" % (i, rnet)]
    out.append(p + "establish-tunnels immediately")
    if pc.bgp:
        out.append("set interfaces st0 unit %d family inet address %s/%d" % (
            number, t["bgp"]["local_bgp_ip"], t["bgp"]["tunnel_cidr"].prefixlen))
    else:
        out.append("set interfaces st0 unit %d family inet" % number)
    out.append("set security zones security-zone %s interfaces st0.%d%s" % (
        VPN_ZONE, number, " host-inbound-traffic protocols bgp" if pc.bgp else ""))
    return out


def render(pc, opts):
    _route_based_, routes, wan = common.begin(VENDOR, pc, opts, DEFAULT_WAN,
                                              can_force_encap=False, can_disable_natt=True, selectors_on_tunnels=True,
                                              always=True, selectors_route_themselves=True)
    lines = common.header("#", pc, VENDOR, opts, [
        "route-based st0 tunnels; security policies between zone %s and your trust zone are not part of this text" % VPN_ZONE])
    lines.append("set security zones security-zone untrust host-inbound-traffic system-services ike")
    for number, t in enumerate(pc.tunnels, 1):
        lines += _tunnel(pc, t, number, opts, wan)
    for net in routes:
        lines.append("set routing-options static route %s next-hop st0.1" % net)
        if pc.dual:
            lines.append("set routing-options static route %s qualified-next-hop st0.2 preference %d" % (net, BACKUP_PREFERENCE))
    if pc.routing_mode == "destination" and not pc.bgp and not routes:
        lines.append("# " + common.NO_STATIC_ROUTES)
    if pc.bgp:
        group = "set protocols bgp group %s " % pc.base
        lines += ["set routing-options autonomous-system %d" % pc.tunnels[0]["bgp"]["local_asn"], group + "type external"]
        lines += [group + "neighbor %s peer-as %d" % (t["bgp"]["peer_bgp_ip"], t["bgp"]["peer_asn"]) for t in pc.tunnels]
        networks = common.bgp_networks(pc)
        if networks:
            policy = "set policy-options policy-statement %s-export term dc " % pc.base
            lines += [policy + "from route-filter %s exact" % n for n in networks]
            lines += [policy + "then accept", group + "export %s-export" % pc.base]
        else:
            lines.append("# " + common.NO_BGP_NETWORKS)
    return common.text(lines)
