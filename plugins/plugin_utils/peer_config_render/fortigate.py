# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""FortiGate (FortiOS 6.4+ CLI): interface-mode phase1/phase2; protected flows become phase2 selectors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import common
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import lookup

VENDOR = "fortigate"
DEFAULT_WAN = "wan1"
ENC = common.AES128_ENC
AUTH = common.SAME_AUTH
DH = common.DH_NUMBERS
IFNAME_MAX = 15  # a phase1-interface name is also an interface name
DISTANCE = 10  # FortiOS' static route default
BACKUP_DISTANCE = 20


def interface_name(pc, t):
    """The phase1-interface name: at most 15 characters, '-1'/'-2' for the master/slave of a dual tunnel."""
    if not pc.dual:
        return pc.base[:IFNAME_MAX]
    return "%s-%d" % (pc.base[:IFNAME_MAX - 2], 1 if t["role"] == "master" else 2)


def _proposal(where, enc, auth):
    return "%s-%s" % (lookup(ENC, VENDOR, where + "_enc_alg", enc), lookup(AUTH, VENDOR, where + "_auth_alg", auth))


def _phase1(pc, t, opts, wan):
    ike = t["ike"]
    where = "tunnels[%d].ike_config.ike" % t["index"]
    out = [
        '    edit "%s"' % interface_name(pc, t),
        '        set interface "%s"' % wan,
        "        set ike-version %s" % ike["ike_version"][-1],
        "        set local-gw %s" % t["local"],
        "        set keylife %d" % ike["ike_lifetime"],
    ]
    if ike["ike_version"] == "ikev1":
        out.append("        set mode %s" % ike["ike_mode"])
    local, remote = ike["local_id"], ike["remote_id"]
    if not local.is_address:
        out += ["        set localid-type fqdn", '        set localid "%s"' % local.value]
    elif local.value != t["local"]:
        out += ["        set localid-type address", '        set localid "%s"' % local.value]
    if remote.is_address and remote.value == t["remote"]:
        out.append("        set peertype any")
    else:
        out += ["        set peertype one", '        set peerid "%s"' % remote.value]
    out += [
        "        set net-device disable",
        "        set proposal %s" % _proposal(where, ike["ike_enc_alg"], ike["ike_auth_alg"]),
        "        set dhgrp %s" % lookup(DH, VENDOR, where + "_pfs", ike["ike_pfs"]),
        "        set nattraversal %s" % ("forced" if opts.force_encap else
                                         "enable" if t["enable_nat_traversal"] else "disable"),
    ]
    out += ["        set dpd on-idle", "        set dpd-retryinterval 10"] if t["enable_dpd"] else ["        set dpd disable"]
    out += ["        set remote-gw %s" % t["remote"], "        set psksecret %s" % opts.psk(t), "    next"]
    return out


def _phase2(pc, t):
    ipsec = t["ipsec"]
    where = "tunnels[%d].ipsec_config.ipsec" % t["index"]
    ifname = interface_name(pc, t)
    flows = pc.flows
    out = []
    for i, (lnet, rnet) in enumerate(flows, 1):
        out += [
            '    edit "%s"' % (ifname if len(flows) == 1 else "%s-%d" % (ifname, i)),
            '        set phase1name "%s"' % ifname,
            "        set proposal %s" % _proposal(where, ipsec["ipsec_enc_alg"], ipsec["ipsec_auth_alg"]),
        ]
        if ipsec["ipsec_pfs"] == "disabled":
            out.append("        set pfs disable")
        else:
            out += ["        set pfs enable", "        set dhgrp %s" % lookup(DH, VENDOR, where + "_pfs", ipsec["ipsec_pfs"])]
        out += [
            "        set keylifeseconds %d" % ipsec["ipsec_lifetime"],
            "        set auto-negotiate enable",
            "        set src-subnet %s %s" % (lnet.network_address, common.mask(lnet)),
            "        set dst-subnet %s %s" % (rnet.network_address, common.mask(rnet)),
            "    next",
        ]
    return out


def render(pc, opts):
    _route_based_, routes, wan = common.begin(VENDOR, pc, opts, DEFAULT_WAN,
                                              can_force_encap=True, can_disable_natt=True, selectors_on_tunnels=True, always=True)
    lines = common.header("#", pc, VENDOR, opts, ["interface-mode IPsec; firewall policies are not part of this text"])
    lines.append("config vpn ipsec phase1-interface")
    for t in pc.tunnels:
        lines += _phase1(pc, t, opts, wan)
    lines += ["end", "config vpn ipsec phase2-interface"]
    for t in pc.tunnels:
        lines += _phase2(pc, t)
    lines.append("end")
    if pc.bgp:
        lines.append("config system interface")
        for t in pc.tunnels:
            bgp = t["bgp"]
            lines += ['    edit "%s"' % interface_name(pc, t), "        set ip %s 255.255.255.255" % bgp["local_bgp_ip"],
                      "        set remote-ip %s %s" % (bgp["peer_bgp_ip"], common.mask(bgp["tunnel_cidr"])), "    next"]
        lines.append("end")
    if routes:
        lines.append("config router static")
        for t in pc.tunnels:
            for net in routes:
                lines += ["    edit 0", "        set dst %s %s" % (net.network_address, common.mask(net)),
                          '        set device "%s"' % interface_name(pc, t),
                          "        set distance %d" % (DISTANCE if t["role"] == "master" else BACKUP_DISTANCE), "    next"]
        lines.append("end")
    elif not pc.bgp:
        lines.append("# " + common.NO_STATIC_ROUTES)
    if pc.bgp:
        lines += ["config router bgp", "    set as %d" % pc.tunnels[0]["bgp"]["local_asn"], "    config neighbor"]
        for t in pc.tunnels:
            lines += ['        edit "%s"' % t["bgp"]["peer_bgp_ip"], "            set remote-as %d" % t["bgp"]["peer_asn"],
                      "        next"]
        lines.append("    end")
        networks = common.bgp_networks(pc)
        if networks:
            lines.append("    config network")
            for i, net in enumerate(networks, 1):
                lines += ["        edit %d" % i, "            set prefix %s %s" % (net.network_address, common.mask(net)),
                          "        next"]
            lines.append("    end")
        else:
            lines.append("# " + common.NO_BGP_NETWORKS)
        lines.append("end")
    return common.text(lines)
