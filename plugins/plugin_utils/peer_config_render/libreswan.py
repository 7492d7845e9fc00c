# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Libreswan 4.x ipsec.conf (``libreswan``) and its ipsec.secrets lines (``libreswan_secrets``).

The algorithm tables are what Debian 12's Libreswan 4.10 accepts (checked with its ``algparse``):
DES, MODP768 (group1) and MODP1024 (group2) are not built in, so they are errors here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import PeerConfigError, lookup

VENDOR = "libreswan"
ENC = {"aes": "aes128", "aes192": "aes192", "aes256": "aes256", "3des": "3des"}
AUTH = {"md5": "md5", "sha1": "sha1", "sha256": "sha2_256", "sha384": "sha2_384", "sha512": "sha2_512"}
DH = {"group5": "modp1536", "group14": "modp2048"}


def _id(ident):
    # '@' keeps Libreswan from resolving a name identity through DNS
    return ident.value if ident.is_address else "@" + ident.value


def _proposal(where, enc, auth, dh=None):
    text = "%s-%s" % (lookup(ENC, VENDOR, where + "_enc_alg", enc), lookup(AUTH, VENDOR, where + "_auth_alg", auth))
    return text + (";" + lookup(DH, VENDOR, where + "_pfs", dh) if dh else "")


def _subnets(key, nets):
    if len(nets) == 1:
        return ["    %ssubnet=%s" % (key, nets[0])]
    return ["    %ssubnets={%s}" % (key, " ".join(str(n) for n in nets))]


def _conn(pc, t, number, opts, route_based):
    ike, ipsec = t["ike"], t["ipsec"]
    where = "tunnels[%d]." % t["index"]
    pfs = ipsec["ipsec_pfs"] != "disabled"
    out = [
        "conn %s" % pc.tunnel_name(t),
        "    authby=secret",
        "    ikev2=%s" % ("yes" if ike["ike_version"] == "ikev2" else "no"),
    ]
    if ike["ike_version"] == "ikev1" and ike["ike_mode"] == "aggressive":
        out.append("    aggressive=yes")
    out += ["    left=%s" % t["local"], "    leftid=%s" % _id(ike["local_id"])]
    out += _subnets("left", pc.local_subnets)
    out += ["    right=%s" % t["remote"], "    rightid=%s" % _id(ike["remote_id"])]
    out += _subnets("right", pc.remote_subnets)
    out += [
        "    ike=%s" % _proposal(where + "ike_config.ike", ike["ike_enc_alg"], ike["ike_auth_alg"], ike["ike_pfs"]),
        "    esp=%s" % _proposal(where + "ipsec_config.ipsec", ipsec["ipsec_enc_alg"], ipsec["ipsec_auth_alg"],
                                 ipsec["ipsec_pfs"] if pfs else None),
        "    pfs=%s" % ("yes" if pfs else "no"),
        "    ikelifetime=%ds" % ike["ike_lifetime"],
        "    salifetime=%ds" % ipsec["ipsec_lifetime"],
    ]
    if t["enable_dpd"]:
        out += ["    dpddelay=10", "    dpdtimeout=30", "    dpdaction=restart"]
    if opts.force_encap:
        out.append("    encapsulation=yes")
    elif not t["enable_nat_traversal"]:
        out.append("    encapsulation=no")
    if route_based:
        out.append("    ipsec-interface=%d" % number)
    out += ["    auto=start", ""]
    return out


def render(pc, opts):
    route_based, routes, _wan_ = common.begin(VENDOR, pc, opts, None,
                                              can_force_encap=True, can_disable_natt=True, selectors_on_tunnels=True)
    notes = ["the PSKs belong in ipsec.secrets: render them with vendor libreswan_secrets"]
    if route_based:
        notes.append("route-based: Libreswan creates the XFRM interfaces ipsec1.. (ipsec-interface=); routes, e.g.:")
        notes += common.linux_interface_notes(pc, routes)
    lines = common.header("#", pc, VENDOR, opts, notes, holds_psk=False)
    lines.append("")
    for number, t in enumerate(pc.tunnels, 1):
        lines += _conn(pc, t, number, opts, route_based)
    return common.text(lines[:-1])


def render_secrets(pc, opts):
    """ipsec.secrets lines, one per tunnel: ``<local id> <remote id> : PSK "<psk>"``."""
    lines = common.header("#", pc, VENDOR + "_secrets", opts)
    for t in pc.tunnels:
        psk = opts.psk(t)
        if '"' in psk or "\n" in psk:
            raise PeerConfigError("tunnels[%d].ike_config.psk contains a double quote or a newline, which an "
                                  "ipsec.secrets PSK string cannot hold" % t["index"])
        lines.append('%s %s : PSK "%s"' % (_id(t["ike"]["local_id"]), _id(t["ike"]["remote_id"]), psk))
    return common.text(lines)
