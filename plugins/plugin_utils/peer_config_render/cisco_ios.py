# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco IOS / IOS XE: crypto map (policy-based) or static VTI (route-based), global configuration mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import lookup, unsupported

VENDOR = "cisco_ios"
DEFAULT_WAN = "GigabitEthernet0/0"
ISAKMP_ENC = {"aes": "aes", "aes192": "aes 192", "aes256": "aes 256", "des": "des", "3des": "3des"}
ISAKMP_HASH = common.SHA_AUTH
IKEV2_ENC = {"aes": "aes-cbc-128", "aes192": "aes-cbc-192", "aes256": "aes-cbc-256", "des": "des", "3des": "3des"}
IKEV2_INTEGRITY = common.SAME_AUTH
DH = common.DH_NUMBERS
ESP_ENC = {"aes": "esp-aes", "aes192": "esp-aes 192", "aes256": "esp-aes 256", "des": "esp-des", "3des": "esp-3des"}
ESP_AUTH = {"md5": "esp-md5-hmac", "sha1": "esp-sha-hmac", "sha256": "esp-sha256-hmac", "sha384": "esp-sha384-hmac",
            "sha512": "esp-sha512-hmac"}
PFS = common.SAME_DH
BACKUP_DISTANCE = 10  # static routes default to distance 1: the slave tunnel's routes lose to the master's


def _isakmp(name, t, number, psk):
    ike = t["ike"]
    where = "tunnels[%d].ike_config." % t["index"]
    local, remote = ike["local_id"], ike["remote_id"]
    if not local.is_address or local.value != t["local"]:
        raise unsupported(VENDOR, where + "local_id", local.value,
                          "an IOS ISAKMP profile identifies itself by its address %s (or the router's own hostname)" % t["local"])
    out = [
        "crypto keyring %s" % name,
        " local-address %s" % t["local"],
        " pre-shared-key address %s key %s" % (t["remote"], psk),
        "!",
        "crypto isakmp policy %d" % (number * 10),
        " encryption %s" % lookup(ISAKMP_ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
        " hash %s" % lookup(ISAKMP_HASH, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"]),
        " authentication pre-share",
        " group %s" % lookup(DH, VENDOR, where + "ike_pfs", ike["ike_pfs"]),
        " lifetime %d" % ike["ike_lifetime"],
        "!",
        "crypto isakmp profile %s" % name,
        " keyring %s" % name,
        " self-identity address",
        " match identity %s" % (("address %s 255.255.255.255" % remote.value) if remote.is_address
                                else ("host %s" % remote.value)),
        " local-address %s" % t["local"],
    ]
    if ike["ike_mode"] == "aggressive":
        out.append(" initiate mode aggressive")
    if t["enable_dpd"]:
        out.append(" keepalive 10 retry 3")
    return out + ["!"]


def _ikev2(name, t, psk):
    ike = t["ike"]
    where = "tunnels[%d].ike_config." % t["index"]
    local, remote = ike["local_id"], ike["remote_id"]
    out = [
        "crypto ikev2 proposal %s" % name,
        " encryption %s" % lookup(IKEV2_ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
        " integrity %s" % lookup(IKEV2_INTEGRITY, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"]),
        " group %s" % lookup(DH, VENDOR, where + "ike_pfs", ike["ike_pfs"]),
        "!",
        "crypto ikev2 policy %s" % name,
        " match address local %s" % t["local"],
        " proposal %s" % name,
        "!",
        "crypto ikev2 keyring %s" % name,
        " peer %s" % name,
        "  address %s" % t["remote"],
        "  pre-shared-key %s" % psk,
        "!",
        "crypto ikev2 profile %s" % name,
        " match identity remote %s" % (("address %s 255.255.255.255" % remote.value) if remote.is_address
                                       else ("fqdn %s" % remote.value)),
        " identity local %s" % (("address %s" % local.value) if local.is_address else ("fqdn %s" % local.value)),
        " authentication remote pre-share",
        " authentication local pre-share",
        " keyring local %s" % name,
        " lifetime %d" % ike["ike_lifetime"],
    ]
    if t["enable_dpd"]:
        out.append(" dpd 10 3 periodic")
    return out + ["!"]


def _transform_set(name, t):
    ipsec = t["ipsec"]
    where = "tunnels[%d].ipsec_config." % t["index"]
    return ["crypto ipsec transform-set %s %s %s" % (
        name, lookup(ESP_ENC, VENDOR, where + "ipsec_enc_alg", ipsec["ipsec_enc_alg"]),
        lookup(ESP_AUTH, VENDOR, where + "ipsec_auth_alg", ipsec["ipsec_auth_alg"])), " mode tunnel", "!"]


def _sa_settings(name, t):
    ipsec = t["ipsec"]
    out = [" set transform-set %s" % name]
    if ipsec["ipsec_pfs"] != "disabled":
        out.append(" set pfs %s" % lookup(PFS, VENDOR, "tunnels[%d].ipsec_config.ipsec_pfs" % t["index"], ipsec["ipsec_pfs"]))
    out.append(" set security-association lifetime seconds %d" % ipsec["ipsec_lifetime"])
    out.append((" set ikev2-profile %s" if t["ike"]["ike_version"] == "ikev2" else " set isakmp-profile %s") % name)
    return out


def render(pc, opts):
    vti, routes, wan = common.begin(VENDOR, pc, opts, DEFAULT_WAN,
                                    can_force_encap=False, can_disable_natt=True, selectors_on_tunnels=False)
    style = "static VTI (route-based)" if vti else "crypto map (policy-based)"
    lines = common.header("!", pc, VENDOR, opts, [style])
    lines.append("!")
    if not all(t["enable_nat_traversal"] for t in pc.tunnels):
        lines += ["no crypto ipsec nat-transparency udp-encapsulation", "!"]
    for number, t in enumerate(pc.tunnels, 1):
        name = pc.tunnel_name(t)
        psk = opts.psk(t)
        lines += _ikev2(name, t, psk) if t["ike"]["ike_version"] == "ikev2" else _isakmp(name, t, number, psk)
        lines += _transform_set(name, t)
        if vti:
            lines += ["crypto ipsec profile %s" % name] + _sa_settings(name, t) + ["!", "interface Tunnel%d" % number]
            if pc.bgp:
                lines.append(" ip address %s %s" % (t["bgp"]["local_bgp_ip"], common.mask(t["bgp"]["tunnel_cidr"])))
            else:
                lines.append(" ip unnumbered %s" % wan)
            lines += [" tunnel source %s" % t["local"], " tunnel mode ipsec ipv4", " tunnel destination %s" % t["remote"],
                      " tunnel protection ipsec profile %s" % name, "!"]
        else:
            lines += ["ip access-list extended %s" % pc.base]
            lines += [" permit ip %s %s %s %s" % (lnet.network_address, common.wildcard(lnet), rnet.network_address,
                                                  common.wildcard(rnet)) for lnet, rnet in pc.flows]
            lines += ["!", "crypto map %s 10 ipsec-isakmp" % pc.base, " set peer %s" % t["remote"]]
            lines += _sa_settings(name, t) + [" match address %s" % pc.base, "!",
                                              "interface %s" % wan, " crypto map %s" % pc.base, "!"]
    lines += common.tunnel_routes(pc, routes, vti, "!", lambda net, number: "ip route %s %s Tunnel%d%s" % (
        net.network_address, common.mask(net), number, " %d" % BACKUP_DISTANCE if number == 2 else ""))
    if pc.bgp:
        lines += ["!", "router bgp %d" % pc.tunnels[0]["bgp"]["local_asn"]]
        lines += [" neighbor %s remote-as %d" % (t["bgp"]["peer_bgp_ip"], t["bgp"]["peer_asn"]) for t in pc.tunnels]
        lines.append(" address-family ipv4")
        lines += ["  network %s mask %s" % (n.network_address, common.mask(n)) for n in common.bgp_networks(pc)]
        if not common.bgp_networks(pc):
            lines.append("  ! " + common.NO_BGP_NETWORKS)
        lines += ["  neighbor %s activate" % t["bgp"]["peer_bgp_ip"] for t in pc.tunnels]
        lines.append(" exit-address-family")
    lines += ["!", "end"]
    return common.text(lines)
