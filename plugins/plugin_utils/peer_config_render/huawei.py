# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei USG firewalls (VRP V500 system-view commands; AR routers use the same IKE/IPsec commands)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import lookup, unsupported

VENDOR = "huawei"
DEFAULT_WAN = "GigabitEthernet1/0/1"
ENC = {"aes": "aes-128", "aes192": "aes-192", "aes256": "aes-256", "des": "des", "3des": "3des"}
AUTH = {"md5": "md5", "sha1": "sha1", "sha256": "sha2-256", "sha384": "sha2-384", "sha512": "sha2-512"}
INTEGRITY = {"md5": "hmac-md5-96", "sha1": "hmac-sha1-96", "sha256": "hmac-sha2-256", "sha384": "hmac-sha2-384",
             "sha512": "hmac-sha2-512"}
PRF = {"md5": "hmac-md5", "sha1": "hmac-sha1", "sha256": "hmac-sha2-256", "sha384": "hmac-sha2-384", "sha512": "hmac-sha2-512"}
DH = common.SAME_DH
PFS = common.DH_DASHED
ACL_NUMBER = 3100
BACKUP_PREFERENCE = 100  # the static default is 60: the slave tunnel's routes lose to the master's


def _identity(t, side, address_is):
    """local-id or remote-id lines (side "local"/"remote"); an IP identity must be the tunnel's own address."""
    ident = t["ike"][side + "_id"]
    if not ident.is_address:
        return [" %s-id-type fqdn" % side, " %s-id %s" % (side, ident.value)]
    if ident.value != t[side]:
        raise unsupported(VENDOR, "tunnels[%d].ike_config.%s_id" % (t["index"], side), ident.value,
                          "an IP identity on %s is %s %s" % (VENDOR, address_is, t[side]))
    return [" %s-id-type ip" % side]


def _ids(t):
    return _identity(t, "local", "the tunnel's local address") + _identity(t, "remote", "the peer's address")


def _ike(name, t, number, psk):
    ike = t["ike"]
    where = "tunnels[%d].ike_config." % t["index"]
    v2 = ike["ike_version"] == "ikev2"
    out = [
        "ike proposal %d" % number,
        " encryption-algorithm %s" % lookup(ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
        " dh %s" % lookup(DH, VENDOR, where + "ike_pfs", ike["ike_pfs"]),
        " authentication-method pre-share",
    ]
    if v2:
        out += [" integrity-algorithm %s" % lookup(INTEGRITY, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"]),
                " prf %s" % lookup(PRF, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"])]
    else:
        out.append(" authentication-algorithm %s" % lookup(AUTH, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"]))
    out += [" sa duration %d" % ike["ike_lifetime"], "#", "ike peer %s" % name,
            " undo version %d" % (1 if v2 else 2)]
    if not v2:
        out.append(" exchange-mode %s" % ike["ike_mode"])
    out += [" pre-shared-key %s" % psk, " ike-proposal %d" % number] + _ids(t)
    out.append(" remote-address %s" % t["remote"])
    out.append(" nat traversal" if t["enable_nat_traversal"] else " undo nat traversal")
    if t["enable_dpd"]:
        out += [" dpd type periodic", " dpd idle-time 10"]
    return out + ["#"]


def _proposal(name, t):
    ipsec = t["ipsec"]
    where = "tunnels[%d].ipsec_config." % t["index"]
    return [
        "ipsec proposal %s" % name,
        " transform esp",
        " encapsulation-mode tunnel",
        " esp authentication-algorithm %s" % lookup(AUTH, VENDOR, where + "ipsec_auth_alg", ipsec["ipsec_auth_alg"]),
        " esp encryption-algorithm %s" % lookup(ENC, VENDOR, where + "ipsec_enc_alg", ipsec["ipsec_enc_alg"]),
        "#",
    ]


def _sa_settings(t):
    ipsec = t["ipsec"]
    out = []
    if ipsec["ipsec_pfs"] != "disabled":
        out.append(" pfs %s" % lookup(PFS, VENDOR, "tunnels[%d].ipsec_config.ipsec_pfs" % t["index"], ipsec["ipsec_pfs"]))
    return out + [" sa duration time-based %d" % ipsec["ipsec_lifetime"]]


def render(pc, opts):
    tunnel_mode, routes, wan = common.begin(VENDOR, pc, opts, DEFAULT_WAN,
                                            can_force_encap=False, can_disable_natt=True, selectors_on_tunnels=False)
    lines = common.header("#", pc, VENDOR, opts, ["security zones and security policies are not part of this text"])
    lines.append("#")
    if not tunnel_mode:
        lines += common.vrp_acl(pc, "acl number %d" % ACL_NUMBER)
    for number, t in enumerate(pc.tunnels, 1):
        name = pc.tunnel_name(t)
        lines += _ike(name, t, number, opts.psk(t)) + _proposal(name, t)
        if tunnel_mode:
            lines += ["ipsec profile %s" % name, " ike-peer %s" % name, " proposal %s" % name] + _sa_settings(t)
            lines += ["#", "interface Tunnel%d" % number]
            if pc.bgp:
                lines.append(" ip address %s %s" % (t["bgp"]["local_bgp_ip"], common.mask(t["bgp"]["tunnel_cidr"])))
            else:
                lines.append(" ip address unnumbered interface %s" % wan)
            lines += [" tunnel-protocol ipsec", " source %s" % t["local"], " destination %s" % t["remote"],
                      " ipsec profile %s" % name, "#"]
        else:
            lines += ["ipsec policy %s 10 isakmp" % pc.base, " security acl %d" % ACL_NUMBER, " ike-peer %s" % name,
                      " proposal %s" % name, " tunnel local %s" % t["local"]] + _sa_settings(t)
            lines += ["#", "interface %s" % wan, " ipsec policy %s" % pc.base, "#"]
    lines += common.vrp_tunnel_routes(pc, routes, tunnel_mode, BACKUP_PREFERENCE)
    if pc.bgp:
        lines += common.vrp_bgp(pc, "ipv4-family unicast")
    lines.append("#")
    return common.text(lines)
