# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules of eds.vpc_access.vpn_connection, checked before any API call (pure logic).

Every message names the option and the rule. Enumerations are left to the argument spec (`choices`).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import validation
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import effective, tunnel_by_role

ALIBABA_ASN = validation.ALIBABA_ASN
BGP_RANGE = ipaddress.ip_network("169.254.0.0/16")
BGP_RESERVED = frozenset(ipaddress.ip_network(c) for c in (
    "169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30", "169.254.5.0/30",
    "169.254.6.0/30", "169.254.169.252/30"))
ID_MAX = 100
# top-level options that a dual-tunnel connection refuses (the other tunnel settings are the tunnels' defaults,
# inherit.py); bgp keys that differ per tunnel
SINGLE_ONLY = ("customer_gateway_id", "health_check")
PER_TUNNEL_BGP = ("tunnel_cidr", "local_bgp_ip")


def parse_asn(value, option="local_asn"):
    """The Alibaba-side ASN as an int (plain or asdot). Unlike a customer gateway's, it may be 45104, the default."""
    if str(value).strip() == str(ALIBABA_ASN):
        return ALIBABA_ASN
    return validation.parse_asn(value, option)


def _problem(check, *args):
    """The message of a shared validation check, or None."""
    try:
        check(*args)
    except validation.ValidationError as exc:
        return str(exc)
    return None


def _identity_problem(value):
    if len(value) > ID_MAX:
        return "must be at most %d characters long" % ID_MAX
    if any(c.isspace() for c in value):
        return "must not contain spaces"
    return None


def _check_lifetime(errors, where, block):
    if block and block.get("lifetime") is not None:
        problem = _problem(validation.check_lifetime, block["lifetime"], where + ".lifetime")
        if problem:
            errors.append(problem)


def _check_psk(errors, option, psk):
    if psk is not None:
        problem = _problem(validation.check_psk, psk, option)
        if problem:
            errors.append(problem)


def _check_ike(errors, where, ike):
    if not ike:
        return
    _check_lifetime(errors, where, ike)
    for key in ("local_id", "remote_id"):
        if ike.get(key) is not None:
            problem = _identity_problem(ike[key])
            if problem:
                errors.append("%s.%s %s" % (where, key, problem))


def _check_ipsec(errors, where, ipsec):
    _check_lifetime(errors, where, ipsec)


def _check_bgp(errors, where, bgp):
    if not bgp:
        return
    if bgp.get("local_asn") is not None:
        problem = _problem(parse_asn, bgp["local_asn"], where + ".local_asn")
        if problem:
            errors.append(problem)
    net = None
    if bgp.get("tunnel_cidr") is not None:
        try:
            net = ipaddress.ip_network(bgp["tunnel_cidr"], strict=True)
        except ValueError:
            errors.append("%s.tunnel_cidr %r is not a valid CIDR block" % (where, bgp["tunnel_cidr"]))
        else:
            if net.version != 4 or net.prefixlen != 30 or not net.subnet_of(BGP_RANGE):
                errors.append("%s.tunnel_cidr must be a /30 inside 169.254.0.0/16, got %s" % (where, net))
                net = None
            elif net in BGP_RESERVED:
                errors.append("%s.tunnel_cidr %s is reserved by Alibaba Cloud (169.254.0.0/30 to 169.254.6.0/30 and "
                              "169.254.169.252/30 cannot be used)" % (where, net))
                net = None
    if bgp.get("local_bgp_ip") is not None:
        problem = _problem(validation.check_ipv4, bgp["local_bgp_ip"], where + ".local_bgp_ip")
        if problem:
            errors.append(problem)
        elif net is not None and ipaddress.ip_address(bgp["local_bgp_ip"]) not in list(net.hosts()):
            errors.append("%s.local_bgp_ip %s must be a host address inside tunnel_cidr %s"
                          % (where, bgp["local_bgp_ip"], net))
    if bgp.get("enabled") and (bgp.get("tunnel_cidr") is None) != (bgp.get("local_bgp_ip") is None):
        errors.append("%s: set tunnel_cidr and local_bgp_ip together" % where)


def _check_health(errors, health):
    if not health:
        return
    for key in ("source_ip", "destination_ip"):
        if health.get(key) is not None:
            problem = _problem(validation.check_ipv4, health[key], "health_check." + key)
            if problem:
                errors.append(problem)
    for key in ("interval", "retry"):
        if health.get(key) is not None and health[key] < 1:
            errors.append("health_check.%s must be a positive integer, got %s" % (key, health[key]))
    if health.get("enabled") and (health.get("source_ip") is None or health.get("destination_ip") is None):
        errors.append("health_check: enabled=true needs source_ip and destination_ip")


def _check_subnets(errors, params):
    mode = params.get("routing_mode")
    for key in ("local_subnets", "remote_subnets"):
        value = params.get(key)
        if value is None:
            continue
        if not value:
            errors.append("%s must not be empty" % key)
        for cidr in value:
            problem = _problem(validation.check_cidr, cidr, key)
            if problem:
                errors.append(problem)
        if mode == "destination" and value != ["0.0.0.0/0"]:
            errors.append("%s: routing_mode=destination uses 0.0.0.0/0 on both sides; omit %s or set it to "
                          "['0.0.0.0/0']" % (key, key))
        if mode != "destination" and "0.0.0.0/0" in value:
            errors.append("%s: 0.0.0.0/0 means destination routing; set routing_mode=destination instead" % key)
    errors.extend(quotas.subnet_problems(params))
    _check_overlap(errors, params.get("local_subnets") or [], params.get("remote_subnets") or [])


def _check_overlap(errors, local, remote):
    """A protected data flow whose cloud and data-center sides overlap can never be routed."""
    nets = {}
    for key, values in (("local_subnets", local), ("remote_subnets", remote)):
        try:
            nets[key] = [(cidr, ipaddress.ip_network(u"%s" % cidr)) for cidr in values if cidr != "0.0.0.0/0"]
        except ValueError:
            return  # malformed CIDRs are reported by the syntax check
    for lcidr, lnet in nets["local_subnets"]:
        for rcidr, rnet in nets["remote_subnets"]:
            if lnet.overlaps(rnet):
                errors.append("local_subnets %s overlaps remote_subnets %s: the cloud and data-center sides of a "
                              "protected data flow must not overlap" % (lcidr, rcidr))


def _check_tunnels(errors, params):
    tunnels = params.get("tunnels")
    if tunnels is None:
        return
    roles = sorted(t.get("role") for t in tunnels)
    if roles != ["master", "slave"]:
        errors.append("tunnels must hold exactly two entries, one with role=master and one with role=slave, got %s"
                      % (roles,))
    if params.get("customer_gateway_id") is not None:
        errors.append("customer_gateway_id cannot be combined with tunnels: set it per tunnel "
                      "(tunnels[].customer_gateway_id)")
    if params.get("health_check") is not None:
        errors.append("health_check is only supported by single-tunnel connections")
    bgp = params.get("bgp") or {}
    for key in PER_TUNNEL_BGP:
        if bgp.get(key) is not None:
            errors.append("bgp.%s cannot be combined with tunnels: it differs per tunnel, set tunnels[].bgp.%s"
                          % (key, key))
    switches = set(t["bgp"]["enabled"] for t in tunnels if t.get("bgp") and t["bgp"].get("enabled") is not None)
    if bgp.get("enabled") is not None:
        switches.add(bgp["enabled"])
    if len(switches) > 1:
        errors.append("bgp.enabled: BGP is switched on or off for both tunnels at once (EnableTunnelsBgp); "
                      "the values given disagree")
    cidrs = [t["bgp"]["tunnel_cidr"] for t in tunnels if t.get("bgp") and t["bgp"].get("tunnel_cidr")]
    if len(cidrs) != len(set(cidrs)):
        errors.append("tunnels[].bgp.tunnel_cidr must differ between the tunnels")
    for tunnel in tunnels:
        where = "tunnels[role=%s]" % tunnel.get("role")
        _check_psk(errors, where + ".psk", tunnel.get("psk"))
        _check_ike(errors, where + ".ike_config", tunnel.get("ike_config"))
        _check_ipsec(errors, where + ".ipsec_config", tunnel.get("ipsec_config"))
        _check_bgp(errors, where + ".bgp", tunnel.get("bgp"))


def static_problems(params):
    """Rule violations visible from the options alone (no API state needed). Returns a list of messages."""
    errors = []
    if not params.get("vpn_connection_id") and not params.get("vpn_gateway_id"):
        errors.append("vpn_gateway_id is required when the connection is found by name (no vpn_connection_id)")
    if params.get("state") == "absent":
        return errors
    if params.get("name") is not None:
        problem = _problem(validation.check_text, params["name"], "name")
        if problem:
            errors.append(problem)
    _check_psk(errors, "psk", params.get("psk"))
    _check_subnets(errors, params)
    _check_ike(errors, "ike_config", params.get("ike_config"))
    _check_ipsec(errors, "ipsec_config", params.get("ipsec_config"))
    _check_bgp(errors, "bgp", params.get("bgp"))
    _check_health(errors, params.get("health_check"))
    _check_tunnels(errors, params)
    if params.get("tags"):
        problem = _problem(validation.check_tags, params["tags"])
        if problem:
            errors.append(problem)
    several = len(params.get("local_subnets") or []) > 1 or len(params.get("remote_subnets") or []) > 1
    for where, version in _ike_versions_set(params):
        if several and version == "ikev1":
            errors.append("%s must be ikev2: several local or remote CIDR blocks require IKEv2" % where)
    return errors


def _ike_versions_set(params):
    """(where, version) of each IKE version the options set; with tunnels, the one each tunnel ends up with
    (its own, else the top-level default it inherits, inherit.py)."""
    top = (params.get("ike_config") or {}).get("version")
    if not params.get("tunnels"):
        return [("ike_config.version", top)]
    found = []
    for tunnel in params["tunnels"]:
        own = (tunnel.get("ike_config") or {}).get("version")
        if own is not None:
            found.append(("tunnels[role=%s].ike_config.version" % tunnel.get("role"), own))
        elif top is not None:
            found.append(("ike_config.version (inherited by tunnels[role=%s])" % tunnel.get("role"), top))
    return found


def ike_versions(desired, current, dual):
    """(where, effective IKE version) for each IKE block the connection will have after the run."""
    if not dual:
        return [("ike_config.version", effective(desired, current, "ike_config", "version"))]
    found = []
    for role in ("master", "slave"):
        wanted = (desired.get("tunnels") or {}).get(role) or {}
        actual = tunnel_by_role(current, role) if current else None
        found.append(("tunnels[role=%s].ike_config.version" % role,
                      effective(wanted, actual or {}, "ike_config", "version")))
    return found


def state_problems(params, desired, current, gateway):
    """Rules that need the API's view (gateway kind, current values); checked after reads, before any write.

    `gateway` is the DescribeVpnGateway body, `current` the connection_out() shape or None on create.
    """
    errors = []
    dual_gateway = bool(gateway.get("DisasterRecoveryInternetIp") or gateway.get("DisasterRecoveryVSwitchId"))
    gw_id = gateway.get("VpnGatewayId")
    if params.get("tunnels") and not dual_gateway:
        errors.append("tunnels: VPN gateway %s is a single-tunnel gateway; dual-tunnel connections need a gateway "
                      "created with a disaster-recovery vSwitch" % gw_id)
    if dual_gateway and current is None and not params.get("tunnels"):
        errors.append("tunnels is required: VPN gateway %s is a dual-tunnel gateway, its connections need two "
                      "tunnels (role master and slave)" % gw_id)
    if current is None:
        if not params.get("tunnels") and dual_gateway is False and not params.get("customer_gateway_id"):
            errors.append("customer_gateway_id is required to create a single-tunnel connection")
        for tunnel in params.get("tunnels") or []:
            if not tunnel.get("customer_gateway_id"):
                errors.append("tunnels[role=%s].customer_gateway_id is required to create the connection"
                              % tunnel.get("role"))
        if not desired.get("local_subnets") or not desired.get("remote_subnets"):
            errors.append("local_subnets and remote_subnets are required to create a connection in "
                          "routing_mode=protected_flows (or set routing_mode=destination)")
    else:
        if params.get("customer_gateway_id") and current.get("customer_gateway_id") \
                and params["customer_gateway_id"] != current["customer_gateway_id"]:
            errors.append("customer_gateway_id cannot be changed on a single-tunnel connection (the API has no such "
                          "modification); delete the connection (state=absent) and create it again")
        if params.get("tunnels") and not current.get("tunnels"):
            errors.append("tunnels: connection %s is a single-tunnel connection" % current.get("vpn_connection_id"))
    dual = bool(params.get("tunnels")) or bool(current and current.get("tunnels"))
    local = effective(desired, current, "local_subnets") or []
    remote = effective(desired, current, "remote_subnets") or []
    if len(local) > 1 or len(remote) > 1:
        for where, version in ike_versions(desired, current, dual):
            if version != "ikev2":
                errors.append("%s must be ikev2: several local or remote CIDR blocks (%s / %s) require IKEv2, got %s"
                              % (where, ",".join(local), ",".join(remote), version or "the default ikev1"))
    return errors


def network_type_problems(params, gateway, current):
    """network_type (vpn_connection only): V(private) needs a private VPN gateway; fixed once created.

    `gateway` is the DescribeVpnGateway body, `current` the connection_out() shape or None on create.
    """
    wanted = params.get("network_type")
    if wanted is None:
        return []
    gateway_type = gateway.get("NetworkType") or "public"
    if wanted == "private" and gateway_type != "private":
        return ["network_type=private needs a private VPN gateway; VPN gateway %s is a %s gateway"
                % (gateway.get("VpnGatewayId"), gateway_type)]
    if current is not None and current.get("network_type") and current["network_type"] != wanted:
        return ["network_type cannot be changed from %s to %s (the API has no such modification); delete the "
                "connection (state=absent) and create it again" % (current["network_type"], wanted)]
    return []
