# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""strongSwan swanctl.conf (5.9+): connections plus their secrets, for /etc/swanctl/conf.d/<name>.conf."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import PSK_PLACEHOLDER, lookup

VENDOR = "strongswan"
DEFAULT_WAN = "eth0"
ENC = common.AES128_ENC
AUTH = common.SAME_AUTH
DH = {"group1": "modp768", "group2": "modp1024", "group5": "modp1536", "group14": "modp2048"}


def proposal(where, enc, auth, dh=None):
    """An swanctl proposal (enc-integ[-dh]) from Alibaba's names; the one map of them, also used by the
    ipsec_peer role through the eds.vpc_access.strongswan_proposal filter. `dh` None or "disabled": no DH group."""
    parts = [lookup(ENC, VENDOR, where + "_enc_alg", enc), lookup(AUTH, VENDOR, where + "_auth_alg", auth)]
    if dh and dh != "disabled":
        parts.append(lookup(DH, VENDOR, where + "_pfs", dh))
    return "-".join(parts)


def _secret(psk):
    # swanctl strings are quoted; a PSK with a quote or backslash is written as hex instead of being escaped
    if psk != PSK_PLACEHOLDER and ('"' in psk or "\\" in psk):
        return "0x" + binascii.hexlify(psk.encode("utf-8")).decode("ascii")
    return '"%s"' % psk


def _connection(pc, t, number, opts, route_based):
    ike, ipsec = t["ike"], t["ipsec"]
    name = pc.tunnel_name(t)
    where = "tunnels[%d]." % t["index"]
    v1 = ike["ike_version"] == "ikev1"
    out = [
        "    %s {" % name,
        "        version = %s" % ike["ike_version"][-1],
        "        local_addrs = %s" % t["local"],
        "        remote_addrs = %s" % t["remote"],
        "        proposals = %s" % proposal(where + "ike_config.ike", ike["ike_enc_alg"], ike["ike_auth_alg"], ike["ike_pfs"]),
    ]
    if v1:
        # IKEv1 SAs are not rekeyed in place: strongSwan re-authenticates them
        out += ["        rekey_time = 0s", "        reauth_time = %ds" % ike["ike_lifetime"]]
        if ike["ike_mode"] == "aggressive":
            out.append("        aggressive = yes")
    else:
        out.append("        rekey_time = %ds" % ike["ike_lifetime"])
    if t["enable_dpd"]:
        out.append("        dpd_delay = 10s")
    if opts.force_encap:
        out.append("        encap = yes")
    out += [
        "        local {", "            auth = psk", "            id = %s" % ike["local_id"].value, "        }",
        "        remote {", "            auth = psk", "            id = %s" % ike["remote_id"].value, "        }",
        "        children {",
        "            %s {" % name,
        "                local_ts = %s" % ", ".join(str(n) for n in pc.local_subnets),
        "                remote_ts = %s" % ", ".join(str(n) for n in pc.remote_subnets),
        "                esp_proposals = %s" % proposal(where + "ipsec_config.ipsec", ipsec["ipsec_enc_alg"],
                                                        ipsec["ipsec_auth_alg"], ipsec["ipsec_pfs"]),
        "                rekey_time = %ds" % ipsec["ipsec_lifetime"],
    ]
    if route_based:
        out += ["                if_id_in = %d" % number, "                if_id_out = %d" % number]
    out.append("                start_action = start")
    if t["enable_dpd"]:
        out.append("                dpd_action = restart")
    out += ["            }", "        }", "    }"]
    return out


def render(pc, opts):
    route_based, routes, wan = common.begin(VENDOR, pc, opts, DEFAULT_WAN,
                                            can_force_encap=True, can_disable_natt=False, selectors_on_tunnels=True)
    notes = []
    if route_based:
        notes.append("route-based: XFRM interfaces carry the traffic; set them up outside swanctl, e.g.:")
        notes += common.linux_interface_notes(pc, routes, lambda number: [
            "  ip link add ipsec%d type xfrm dev %s if_id %d && ip link set ipsec%d up" % (number, wan, number, number)])
    lines = common.header("#", pc, VENDOR, opts, notes)
    lines.append("connections {")
    for number, t in enumerate(pc.tunnels, 1):
        lines += _connection(pc, t, number, opts, route_based)
    lines += ["}", "secrets {"]
    for t in pc.tunnels:
        lines += ["    ike-%s {" % pc.tunnel_name(t),
                  "        id-local = %s" % t["ike"]["local_id"].value,
                  "        id-remote = %s" % t["ike"]["remote_id"].value,
                  "        secret = %s" % _secret(opts.psk(t)),
                  "    }"]
    lines.append("}")
    return common.text(lines)
