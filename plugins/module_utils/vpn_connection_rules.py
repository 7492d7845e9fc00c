# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules of eds.vpc_access.vpn_connection, checked before any API call (pure logic).

Every message names the option and the rule. Enumerations are left to the argument spec (`choices`).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re
import string

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection_model import effective, tunnel_by_role

PSK_CHARS = frozenset(string.ascii_letters + string.digits + "~!`@#$%^&*()_-+={}[]\\|;:'\",.<>/?")
LIFETIME_MAX = 86400
ASN_MAX = 4294967295
BGP_RANGE = ipaddress.ip_network("169.254.0.0/16")
BGP_RESERVED = frozenset(ipaddress.ip_network(c) for c in (
    "169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30", "169.254.5.0/30",
    "169.254.6.0/30", "169.254.169.252/30"))
NAME_MAX = 100
ID_MAX = 100
TAGS_MAX = 20
SINGLE_ONLY = ("customer_gateway_id", "psk", "ike_config", "ipsec_config", "enable_dpd", "enable_nat_traversal",
               "health_check")


def parse_asn(value):
    """An ASN as an int: plain decimal or asdot "high.low" (high * 65536 + low). ValueError when malformed."""
    text = str(value).strip()
    match = re.match(r"^(\d+)\.(\d+)$", text)
    if match:
        high, low = int(match.group(1)), int(match.group(2))
        if high > 65535 or low > 65535:
            raise ValueError(text)
        asn = high * 65536 + low
    elif re.match(r"^\d+$", text):
        asn = int(text)
    else:
        raise ValueError(text)
    if not 1 <= asn <= ASN_MAX:
        raise ValueError(text)
    return asn


def psk_problem(psk):
    if not 1 <= len(psk) <= 100:
        return "must be 1 to 100 characters long"
    if any(c.isspace() for c in psk):
        return "must not contain spaces"
    bad = sorted(set(c for c in psk if c not in PSK_CHARS))
    if bad:
        return "contains characters the API does not accept (%s); allowed: letters, digits and %s" % (
            "".join(bad), "".join(sorted(PSK_CHARS - set(string.ascii_letters + string.digits))))
    return None


def cidr_problem(value):
    try:
        net = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        return "is not a valid CIDR block (%s)" % exc
    if net.version != 4:
        return "must be an IPv4 CIDR block"
    return None


def ipv4_problem(value):
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return "is not an IPv4 address"
    return None


def _identity_problem(value):
    if len(value) > ID_MAX:
        return "must be at most %d characters long" % ID_MAX
    if any(c.isspace() for c in value):
        return "must not contain spaces"
    return None


def _check_ike(errors, where, ike):
    if not ike:
        return
    if ike.get("lifetime") is not None and not 0 <= ike["lifetime"] <= LIFETIME_MAX:
        errors.append("%s.lifetime must be between 0 and %d seconds, got %s" % (where, LIFETIME_MAX, ike["lifetime"]))
    for key in ("local_id", "remote_id"):
        if ike.get(key) is not None:
            problem = _identity_problem(ike[key])
            if problem:
                errors.append("%s.%s %s" % (where, key, problem))


def _check_ipsec(errors, where, ipsec):
    if ipsec and ipsec.get("lifetime") is not None and not 0 <= ipsec["lifetime"] <= LIFETIME_MAX:
        errors.append("%s.lifetime must be between 0 and %d seconds, got %s" % (where, LIFETIME_MAX, ipsec["lifetime"]))


def _check_bgp(errors, where, bgp):
    if not bgp:
        return
    if bgp.get("local_asn") is not None:
        try:
            parse_asn(bgp["local_asn"])
        except ValueError:
            errors.append("%s.local_asn must be an ASN from 1 to %d, plain or asdot (e.g. 65000 or 1.10), got %r"
                          % (where, ASN_MAX, bgp["local_asn"]))
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
        problem = ipv4_problem(bgp["local_bgp_ip"])
        if problem:
            errors.append("%s.local_bgp_ip %s" % (where, problem))
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
            problem = ipv4_problem(health[key])
            if problem:
                errors.append("health_check.%s %s" % (key, problem))
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
            problem = cidr_problem(cidr)
            if problem:
                errors.append("%s: %r %s" % (key, cidr, problem))
        if mode == "destination" and value != ["0.0.0.0/0"]:
            errors.append("%s: routing_mode=destination uses 0.0.0.0/0 on both sides; omit %s or set it to "
                          "['0.0.0.0/0']" % (key, key))
        if mode != "destination" and "0.0.0.0/0" in value:
            errors.append("%s: 0.0.0.0/0 means destination routing; set routing_mode=destination instead" % key)


def _check_tunnels(errors, params):
    tunnels = params.get("tunnels")
    if tunnels is None:
        return
    roles = sorted(t.get("role") for t in tunnels)
    if roles != ["master", "slave"]:
        errors.append("tunnels must hold exactly two entries, one with role=master and one with role=slave, got %s"
                      % (roles,))
    for key in SINGLE_ONLY:
        if params.get(key) is not None:
            errors.append("%s cannot be combined with tunnels: set it per tunnel (tunnels[].%s)" % (key, key)
                          if key != "health_check" else "health_check is only supported by single-tunnel connections")
    bgp = params.get("bgp") or {}
    for key in ("local_asn", "tunnel_cidr", "local_bgp_ip"):
        if bgp.get(key) is not None:
            errors.append("bgp.%s cannot be combined with tunnels: set it per tunnel (tunnels[].bgp.%s)" % (key, key))
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
        if tunnel.get("psk") is not None:
            problem = psk_problem(tunnel["psk"])
            if problem:
                errors.append("%s.psk %s" % (where, problem))
        _check_ike(errors, where + ".ike_config", tunnel.get("ike_config"))
        _check_ipsec(errors, where + ".ipsec_config", tunnel.get("ipsec_config"))
        _check_bgp(errors, where + ".bgp", tunnel.get("bgp"))


def _check_tags(errors, tags):
    if not tags:
        return
    if len(tags) > TAGS_MAX:
        errors.append("tags: at most %d tags per connection" % TAGS_MAX)
    for key, value in tags.items():
        if not key or len(key) > 64 or key.startswith(("aliyun", "acs:")) or "http://" in key or "https://" in key:
            errors.append("tags: key %r must be 1 to 64 characters, not start with aliyun or acs: and not contain "
                          "http:// or https://" % key)
        if value is not None and (len(str(value)) > 128 or str(value).startswith(("aliyun", "acs:"))):
            errors.append("tags: value of %r must be at most 128 characters and not start with aliyun or acs:" % key)


def static_problems(params):
    """Rule violations visible from the options alone (no API state needed). Returns a list of messages."""
    errors = []
    if not params.get("vpn_connection_id") and not params.get("vpn_gateway_id"):
        errors.append("vpn_gateway_id is required when the connection is found by name (no vpn_connection_id)")
    if params.get("state") == "absent":
        return errors
    name = params.get("name")
    if name is not None and (not 1 <= len(name) <= NAME_MAX or name.startswith(("http://", "https://"))):
        errors.append("name must be 1 to %d characters long and not start with http:// or https://" % NAME_MAX)
    if params.get("psk") is not None:
        problem = psk_problem(params["psk"])
        if problem:
            errors.append("psk %s" % problem)
    _check_subnets(errors, params)
    _check_ike(errors, "ike_config", params.get("ike_config"))
    _check_ipsec(errors, "ipsec_config", params.get("ipsec_config"))
    _check_bgp(errors, "bgp", params.get("bgp"))
    _check_health(errors, params.get("health_check"))
    _check_tunnels(errors, params)
    _check_tags(errors, params.get("tags"))
    several = len(params.get("local_subnets") or []) > 1 or len(params.get("remote_subnets") or []) > 1
    blocks = [("ike_config", params.get("ike_config"))] + [
        ("tunnels[role=%s].ike_config" % t.get("role"), t.get("ike_config")) for t in params.get("tunnels") or []]
    for where, ike in blocks:
        if several and ike and ike.get("version") == "ikev1":
            errors.append("%s.version must be ikev2: several local or remote CIDR blocks require IKEv2" % where)
    return errors


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
