# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""H3C Comware V7 (SecPath firewalls, MSR routers): system-view commands."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import lookup

VENDOR = "h3c"
DEFAULT_WAN = "GigabitEthernet1/0/1"
ENC = {"aes": "aes-cbc-128", "aes192": "aes-cbc-192", "aes256": "aes-cbc-256", "des": "des-cbc", "3des": "3des-cbc"}
IKE_AUTH = common.SHA_AUTH
IKEV2_AUTH = common.SAME_AUTH
ESP_AUTH = common.SAME_AUTH
DH = common.SAME_DH
PFS = common.DH_DASHED
ACL_BASE = 3100
BACKUP_PREFERENCE = 100  # the static default is 60: the slave tunnel's routes lose to the master's


def _identity(ident):
    return ("address %s" % ident.value) if ident.is_address else ("fqdn %s" % ident.value)


def _remote_match(ident):
    return ("address %s 255.255.255.255" % ident.value) if ident.is_address else ("fqdn %s" % ident.value)


def _ikev1(name, t, number, psk):
    ike = t["ike"]
    where = "tunnels[%d].ike_config." % t["index"]
    out = [
        "ike proposal %d" % number,
        " encryption-algorithm %s" % lookup(ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
        " authentication-algorithm %s" % lookup(IKE_AUTH, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"]),
        " authentication-method pre-share",
        " dh %s" % lookup(DH, VENDOR, where + "ike_pfs", ike["ike_pfs"]),
        " sa duration %d" % ike["ike_lifetime"],
        "#",
        "ike keychain %s" % name,
        " pre-shared-key address %s 255.255.255.255 key simple %s" % (t["remote"], psk),
        "#",
        "ike profile %s" % name,
        " keychain %s" % name,
        " exchange-mode %s" % ike["ike_mode"],
        " local-identity %s" % _identity(ike["local_id"]),
        " match remote identity %s" % _remote_match(ike["remote_id"]),
        " proposal %d" % number,
    ]
    if t["enable_dpd"]:
        out.append(" dpd interval 10 retry 3 periodic")
    return out + ["#"]


def _ikev2(name, t, psk):
    ike = t["ike"]
    where = "tunnels[%d].ike_config." % t["index"]
    auth = lookup(IKEV2_AUTH, VENDOR, where + "ike_auth_alg", ike["ike_auth_alg"])
    remote = ike["remote_id"]
    out = [
        "ikev2 proposal %s" % name,
        " encryption %s" % lookup(ENC, VENDOR, where + "ike_enc_alg", ike["ike_enc_alg"]),
        " integrity %s" % auth,
        " prf %s" % auth,
        " dh %s" % lookup(DH, VENDOR, where + "ike_pfs", ike["ike_pfs"]),
        "#",
        "ikev2 policy %s" % name,
        " proposal %s" % name,
        "#",
        "ikev2 keychain %s" % name,
        " peer %s" % name,
        "  address %s 32" % t["remote"],
        "  identity %s" % _identity(remote),
        "  pre-shared-key plaintext %s" % psk,
        "#",
        "ikev2 profile %s" % name,
        " authentication-method local pre-share",
        " authentication-method remote pre-share",
        " keychain %s" % name,
        " identity local %s" % _identity(ike["local_id"]),
        " match remote identity %s" % (("address %s 32" % remote.value) if remote.is_address else ("fqdn %s" % remote.value)),
        " sa duration %d" % ike["ike_lifetime"],
    ]
    if t["enable_dpd"]:
        out.append(" dpd interval 10 periodic")
    return out + ["#"]


def _transform_set(name, t):
    ipsec = t["ipsec"]
    where = "tunnels[%d].ipsec_config." % t["index"]
    out = [
        "ipsec transform-set %s" % name,
        " esp encryption-algorithm %s" % lookup(ENC, VENDOR, where + "ipsec_enc_alg", ipsec["ipsec_enc_alg"]),
        " esp authentication-algorithm %s" % lookup(ESP_AUTH, VENDOR, where + "ipsec_auth_alg", ipsec["ipsec_auth_alg"]),
    ]
    if ipsec["ipsec_pfs"] != "disabled":
        out.append(" pfs %s" % lookup(PFS, VENDOR, where + "ipsec_pfs", ipsec["ipsec_pfs"]))
    return out + ["#"]


def _ike_ref(name, t):
    return (" ikev2-profile %s" if t["ike"]["ike_version"] == "ikev2" else " ike-profile %s") % name


def render(pc, opts):
    tunnel_mode, routes, wan = common.begin(VENDOR, pc, opts, DEFAULT_WAN,
                                            can_force_encap=False, can_disable_natt=False, selectors_on_tunnels=False)
    lines = common.header("#", pc, VENDOR, opts, ["security zones and security policies are not part of this text"])
    lines.append("#")
    if not tunnel_mode:
        lines += common.vrp_acl(pc, "acl advanced %d" % ACL_BASE)
    for number, t in enumerate(pc.tunnels, 1):
        name = pc.tunnel_name(t)
        psk = opts.psk(t)
        lines += _ikev2(name, t, psk) if t["ike"]["ike_version"] == "ikev2" else _ikev1(name, t, number, psk)
        lines += _transform_set(name, t)
        if tunnel_mode:
            lines += ["ipsec profile %s isakmp" % name, " transform-set %s" % name, _ike_ref(name, t),
                      " sa duration time-based %d" % t["ipsec"]["ipsec_lifetime"], "#",
                      "interface Tunnel%d mode ipsec" % number]
            if pc.bgp:
                lines.append(" ip address %s %s" % (t["bgp"]["local_bgp_ip"], common.mask(t["bgp"]["tunnel_cidr"])))
            else:
                lines.append(" ip address unnumbered interface %s" % wan)
            lines += [" source %s" % t["local"], " destination %s" % t["remote"],
                      " tunnel protection ipsec profile %s" % name, "#"]
        else:
            lines += ["ipsec policy %s 1 isakmp" % pc.base, " transform-set %s" % name,
                      " security acl %d" % ACL_BASE, " local-address %s" % t["local"],
                      " remote-address %s" % t["remote"], _ike_ref(name, t),
                      " sa duration time-based %d" % t["ipsec"]["ipsec_lifetime"], "#",
                      "interface %s" % wan, " ipsec apply policy %s" % pc.base, "#"]
    lines += common.vrp_tunnel_routes(pc, routes, tunnel_mode, BACKUP_PREFERENCE)
    if pc.bgp:
        lines += common.vrp_bgp(pc, "address-family ipv4 unicast")
    lines.append("#")
    return common.text(lines)
