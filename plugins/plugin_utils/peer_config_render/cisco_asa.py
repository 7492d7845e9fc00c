# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco ASA 9.8+: crypto map (policy-based) or VTI (route-based, needs the BGP tunnel addresses)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import lookup, unsupported

VENDOR = "cisco_asa"
DEFAULT_WAN = "outside"  # an ASA names interfaces by nameif
ENC = {"aes": "aes", "aes192": "aes-192", "aes256": "aes-256", "des": "des", "3des": "3des"}
IKEV1_HASH = {"md5": "md5", "sha1": "sha"}
IKEV1_DH = {"group2": "2", "group5": "5", "group14": "14"}
IKEV2_INTEGRITY = common.SHA_AUTH
IKEV2_DH = common.DH_NUMBERS
ESP_ENC_V1 = {"aes": "esp-aes", "aes192": "esp-aes-192", "aes256": "esp-aes-256", "des": "esp-des", "3des": "esp-3des"}
ESP_AUTH_V1 = {"md5": "esp-md5-hmac", "sha1": "esp-sha-hmac"}
ESP_INTEGRITY_V2 = {"md5": "md5", "sha1": "sha-1", "sha256": "sha-256", "sha384": "sha-384", "sha512": "sha-512"}
PFS = common.SAME_DH


def _policy(t, number):
    ike = t["ike"]
    where = "tunnels[%d].ike_config." % t["index"]
    if ike["ike_version"] == "ikev1":
        return [
            "crypto ikev1 policy %d" % (number * 10),
            " authentication pre-share",
            " encryption %s" % lookup(ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
            " hash %s" % lookup(IKEV1_HASH, VENDOR + " (IKEv1)", where + "ike_auth_alg", ike["ike_auth_alg"]),
            " group %s" % lookup(IKEV1_DH, VENDOR + " (IKEv1)", where + "ike_pfs", ike["ike_pfs"]),
            " lifetime %d" % ike["ike_lifetime"],
            "!",
        ]
    integrity = lookup(IKEV2_INTEGRITY, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"])
    return [
        "crypto ikev2 policy %d" % (number * 10),
        " encryption %s" % lookup(ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
        " integrity %s" % integrity,
        " group %s" % lookup(IKEV2_DH, VENDOR, where + "ike_pfs", ike["ike_pfs"]),
        " prf %s" % integrity,
        " lifetime seconds %d" % ike["ike_lifetime"],
        "!",
    ]


def _esp(name, t):
    ipsec = t["ipsec"]
    where = "tunnels[%d].ipsec_config." % t["index"]
    if t["ike"]["ike_version"] == "ikev1":
        return ["crypto ipsec ikev1 transform-set %s %s %s" % (
            name, lookup(ESP_ENC_V1, VENDOR, where + "ipsec_enc_alg", ipsec["ipsec_enc_alg"]),
            lookup(ESP_AUTH_V1, VENDOR + " (IKEv1)", where + "ipsec_auth_alg", ipsec["ipsec_auth_alg"])), "!"]
    return ["crypto ipsec ikev2 ipsec-proposal %s" % name,
            " protocol esp encryption %s" % lookup(ENC, VENDOR, where + "ipsec_enc_alg", ipsec["ipsec_enc_alg"]),
            " protocol esp integrity %s" % lookup(ESP_INTEGRITY_V2, VENDOR, where + "ipsec_auth_alg", ipsec["ipsec_auth_alg"]),
            "!"]


def _sa_settings(prefix, name, t):
    ipsec = t["ipsec"]
    v2 = t["ike"]["ike_version"] == "ikev2"
    out = ["%s set %s %s" % (prefix, "ikev2 ipsec-proposal" if v2 else "ikev1 transform-set", name)]
    if ipsec["ipsec_pfs"] != "disabled":
        out.append("%s set pfs %s" % (prefix, lookup(PFS, VENDOR, "tunnels[%d].ipsec_config.ipsec_pfs" % t["index"],
                                                     ipsec["ipsec_pfs"])))
    out.append("%s set security-association lifetime seconds %d" % (prefix, ipsec["ipsec_lifetime"]))
    return out


def _tunnel_group(t, psk):
    v2 = t["ike"]["ike_version"] == "ikev2"
    out = ["tunnel-group %s type ipsec-l2l" % t["remote"], "tunnel-group %s ipsec-attributes" % t["remote"]]
    if v2:
        out += [" ikev2 remote-authentication pre-shared-key %s" % psk, " ikev2 local-authentication pre-shared-key %s" % psk]
    else:
        out.append(" ikev1 pre-shared-key %s" % psk)
    out.append(" isakmp keepalive threshold 10 retry 3" if t["enable_dpd"] else " isakmp keepalive disable")
    return out + ["!"]


def render(pc, opts):
    common.check_transport(VENDOR, pc, opts, can_force_encap=False, can_disable_natt=True)
    vti = common.route_based(VENDOR, pc, selectors_on_tunnels=False)
    if vti and not pc.bgp:
        raise unsupported(VENDOR, "routing_mode", pc.routing_mode,
                          "%s needs a VTI, and an ASA VTI needs an IP address, which only bgp.tunnel_cidr provides; "
                          "enable BGP on the connection" % ("a dual tunnel" if pc.dual else "destination routing"))
    common.static_routes(pc, opts, vti)
    if len(set(t["local"] for t in pc.tunnels)) > 1:
        raise unsupported(VENDOR, "tunnels[*].local", sorted(set(t["local"] for t in pc.tunnels)),
                          "the ASA text sources both tunnels from the one interface wan_interface; two local "
                          "addresses need two interfaces")
    wan = opts.wan_interface or DEFAULT_WAN
    versions = sorted(set(t["ike"]["ike_version"] for t in pc.tunnels))
    lines = common.header("!", pc, VENDOR, opts, ["%s; access rules (access-group) are not part of this text"
                                                  % ("VTI (route-based)" if vti else "crypto map (policy-based)")])
    lines += ["!", "crypto isakmp identity address"]
    if not all(t["enable_nat_traversal"] for t in pc.tunnels):
        lines.append("no crypto isakmp nat-traversal")
    lines += ["crypto %s enable %s" % (v, wan) for v in versions] + ["!"]
    for number, t in enumerate(pc.tunnels, 1):
        for which, address in (("local_id", t["local"]), ("remote_id", t["remote"])):
            common.require_address_identity(VENDOR, t, which, address)
        if t["ike"]["ike_mode"] == "aggressive" and t["ike"]["ike_version"] == "ikev1" and vti:
            raise unsupported(VENDOR, "tunnels[%d].ike_config.ike_mode" % t["index"], "aggressive",
                              "an ASA VTI (IPsec profile) negotiates IKEv1 in main mode only")
        name = pc.tunnel_name(t)
        lines += _policy(t, number) + _esp(name, t)
        if vti:
            bgp = t["bgp"]
            lines += ["crypto ipsec profile %s" % name] + _sa_settings("", name, t) + ["!"]
            lines += ["interface Tunnel%d" % number, " nameif %s" % name,
                      " ip address %s %s" % (bgp["local_bgp_ip"], common.mask(bgp["tunnel_cidr"])),
                      " tunnel source interface %s" % wan, " tunnel destination %s" % t["remote"],
                      " tunnel mode ipsec ipv4", " tunnel protection ipsec profile %s" % name, "!"]
        else:
            lines += ["access-list %s extended permit ip %s %s %s %s" % (
                pc.base, lnet.network_address, common.mask(lnet), rnet.network_address, common.mask(rnet))
                for lnet, rnet in pc.flows]
            prefix = "crypto map %s-map 10" % pc.base
            lines += ["%s match address %s" % (prefix, pc.base), "%s set peer %s" % (prefix, t["remote"])]
            if t["ike"]["ike_version"] == "ikev1" and t["ike"]["ike_mode"] == "aggressive":
                lines.append("%s set phase1-mode aggressive" % prefix)
            lines += _sa_settings(prefix, name, t)
            lines += ["crypto map %s-map interface %s" % (pc.base, wan), "!"]
        lines += _tunnel_group(t, opts.psk(t))
    if pc.bgp:
        lines += ["router bgp %d" % pc.tunnels[0]["bgp"]["local_asn"], " address-family ipv4 unicast"]
        for t in pc.tunnels:
            lines += ["  neighbor %s remote-as %d" % (t["bgp"]["peer_bgp_ip"], t["bgp"]["peer_asn"]),
                      "  neighbor %s activate" % t["bgp"]["peer_bgp_ip"]]
        lines += ["  network %s mask %s" % (n.network_address, common.mask(n)) for n in common.bgp_networks(pc)]
        if not common.bgp_networks(pc):
            lines.append("  ! " + common.NO_BGP_NETWORKS)
        lines += [" exit-address-family", "!"]
    return common.text(lines)
