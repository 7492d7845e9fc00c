# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules of vpn_connection: each rule rejects what the API rejects, with a message naming the option."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import desired_from_params
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.rules import (
    network_type_problems, parse_asn, state_problems, static_problems)

SINGLE_GW = {"VpnGatewayId": "vpn-1", "InternetIp": "47.0.0.10", "DisasterRecoveryInternetIp": ""}
DUAL_GW = {"VpnGatewayId": "vpn-2", "InternetIp": "47.0.0.10", "DisasterRecoveryInternetIp": "47.0.0.11"}


def params(**kw):
    base = dict(state="present", vpn_connection_id=None, vpn_gateway_id="vpn-1", name="c1",
                customer_gateway_id="cgw-1", routing_mode=None, local_subnets=["192.168.0.0/16"],
                remote_subnets=["192.10.0.0/16"], psk=None, ike_config=None, ipsec_config=None, bgp=None,
                health_check=None, tunnels=None, tags=None)
    base.update(kw)
    return base


def one(problems, *fragments):
    assert len(problems) == 1, problems
    for fragment in fragments:
        assert fragment in problems[0]


def test_valid_single_tunnel_has_no_problem():
    assert static_problems(params(psk="Abc123!@#", ike_config=dict(version="ikev2", lifetime=86400))) == []


@pytest.mark.parametrize("asn,value", [("65010", 65010), ("1.10", 65546), ("123.456", 8061384),
                                       (4294967295, 4294967295), ("45104", 45104)])
def test_asn_plain_and_asdot(asn, value):
    assert parse_asn(asn) == value


@pytest.mark.parametrize("asn", ["0", "4294967296", "65536.1", "abc", "1.2.3", "-5"])
def test_asn_out_of_range_or_malformed(asn):
    with pytest.raises(ValueError):
        parse_asn(asn)
    one(static_problems(params(bgp=dict(enabled=True, local_asn=asn))), "bgp.local_asn")


@pytest.mark.parametrize("psk,fragment", [("", "1 to 100"), ("a" * 101, "1 to 100"), ("has space", "spaces"),
                                          ("tab\there", "spaces"), ("non-ascii-\u00e9", "ASCII")])
def test_psk_rules(psk, fragment):
    one(static_problems(params(psk=psk)), "psk", fragment)


def test_psk_allowed_specials():
    assert static_problems(params(psk="~!`@#$%^&*()_-+={}[]\\|;:'\",.<>/?aZ09")) == []
    assert static_problems(params(psk="a" * 100)) == []


@pytest.mark.parametrize("block", ["ike_config", "ipsec_config"])
@pytest.mark.parametrize("lifetime", [-1, 86401])
def test_lifetimes(block, lifetime):
    one(static_problems(params(**{block: dict(lifetime=lifetime)})), "%s.lifetime" % block, "86400")


def test_lifetime_bounds_accepted():
    assert static_problems(params(ike_config=dict(lifetime=0), ipsec_config=dict(lifetime=86400))) == []


@pytest.mark.parametrize("cidr,fragment", [
    ("169.254.10.0/29", "/30 inside"), ("10.0.0.0/30", "/30 inside"), ("169.254.3.0/30", "reserved"),
    ("169.254.169.252/30", "reserved"), ("169.254.10.1/30", "not a valid"), ("169.254.10.0", "/30 inside"),
])
def test_bgp_tunnel_cidr(cidr, fragment):
    one(static_problems(params(bgp=dict(tunnel_cidr=cidr))), "bgp.tunnel_cidr", fragment)


def test_bgp_ip_inside_cidr():
    one(static_problems(params(bgp=dict(enabled=True, tunnel_cidr="169.254.10.0/30", local_bgp_ip="169.254.11.1"))),
        "local_bgp_ip", "inside tunnel_cidr")
    assert static_problems(params(bgp=dict(enabled=True, tunnel_cidr="169.254.10.0/30", local_bgp_ip="169.254.10.1"))) == []


@pytest.mark.parametrize("key", ["local_subnets", "remote_subnets"])
def test_subnet_syntax(key):
    one(static_problems(params(**{key: ["192.168.0.0/33"]})), key, "not a valid")
    one(static_problems(params(**{key: ["192.168.0.1/16"]})), key, "host bits")


@pytest.mark.parametrize("key", ["local_subnets", "remote_subnets"])
def test_at_most_five_cidr_blocks_a_side(key):
    five = ["10.%d.0.0/16" % n for n in range(5)]
    assert static_problems(params(ike_config=dict(version="ikev2"), **{key: five})) == []
    one(static_problems(params(ike_config=dict(version="ikev2"), **{key: five + ["10.9.0.0/16"]})),
        key, "6 CIDR blocks given", "at most 5")


def test_destination_mode_conflicts_with_specific_subnets():
    one(static_problems(params(routing_mode="destination", remote_subnets=None)), "local_subnets", "destination")
    assert static_problems(params(routing_mode="destination", local_subnets=None, remote_subnets=None)) == []


def test_catch_all_subnet_needs_destination_mode():
    one(static_problems(params(local_subnets=["0.0.0.0/0"])), "routing_mode=destination")


def test_several_cidrs_with_explicit_ikev1_fail_statically():
    one(static_problems(params(local_subnets=["192.168.0.0/16", "172.16.0.0/12"], ike_config=dict(version="ikev1"))),
        "ike_config.version", "ikev2")


def test_several_cidrs_with_default_ike_version_fail_on_create():
    p = params(local_subnets=["192.168.0.0/16", "172.16.0.0/12"])
    assert static_problems(p) == []
    one(state_problems(p, desired_from_params(p), None, SINGLE_GW), "ike_config.version must be ikev2", "ikev1")


def test_several_cidrs_on_update_use_the_current_ike_version():
    current = connection_out({"VpnConnectionId": "vco-1", "VpnGatewayId": "vpn-1", "CustomerGatewayId": "cgw-1",
                              "LocalSubnet": "192.168.0.0/16", "RemoteSubnet": "192.10.0.0/16",
                              "IkeConfig": {"IkeVersion": "ikev2"}})
    p = params(local_subnets=["192.168.0.0/16", "172.16.0.0/12"])
    assert state_problems(p, desired_from_params(p), current, SINGLE_GW) == []
    current["ike_config"]["version"] = "ikev1"
    one(state_problems(p, desired_from_params(p), current, SINGLE_GW), "ikev2")


def tunnels(**kw):
    master = dict(role="master", customer_gateway_id="cgw-1", psk=None, ike_config=None, ipsec_config=None, bgp=None)
    slave = dict(role="slave", customer_gateway_id="cgw-2", psk=None, ike_config=None, ipsec_config=None, bgp=None)
    master.update(kw)
    return [master, slave]


def test_dual_needs_exactly_master_and_slave():
    p = params(customer_gateway_id=None, tunnels=tunnels()[:1])
    one(static_problems(p), "exactly two")
    p = params(customer_gateway_id=None, tunnels=[dict(role="master"), dict(role="master")])
    one(static_problems(p), "exactly two")


def test_dual_refuses_single_tunnel_options():
    problems = static_problems(params(tunnels=tunnels(), psk="abc", health_check=dict(enabled=False),
                                      bgp=dict(enabled=True, local_asn="65010", tunnel_cidr="169.254.10.0/30",
                                               local_bgp_ip="169.254.10.1")))
    assert any("customer_gateway_id cannot be combined" in p for p in problems)
    assert any("health_check is only supported" in p for p in problems)
    assert any("bgp.tunnel_cidr cannot be combined with tunnels: it differs per tunnel" in p for p in problems)
    assert any("bgp.local_bgp_ip cannot be combined" in p for p in problems)
    # the tunnels' defaults are accepted with tunnels (inherit.py)
    assert not any("psk" in p or "local_asn" in p for p in problems), problems


def test_dual_accepts_top_level_defaults():
    p = params(customer_gateway_id=None, tunnels=tunnels(), psk="Shared-Psk-1", enable_dpd=False,
               enable_nat_traversal=False, ike_config=dict(version="ikev2"), ipsec_config=dict(pfs="group14"),
               bgp=dict(enabled=True, local_asn="65010"))
    assert static_problems(p) == []


def test_dual_top_level_defaults_are_checked_under_their_own_name():
    p = params(customer_gateway_id=None, tunnels=tunnels(), psk="bad psk")
    one(static_problems(p), "psk")
    assert not static_problems(p)[0].startswith("tunnels")


def test_inherited_ikev1_with_several_cidrs_names_the_top_level_option():
    t = tunnels()
    t[1]["ike_config"] = dict(version="ikev2")
    p = params(customer_gateway_id=None, tunnels=t, ike_config=dict(version="ikev1"),
               local_subnets=["192.168.0.0/16", "172.16.0.0/12"])
    one(static_problems(p), "ike_config.version (inherited by tunnels[role=master]) must be ikev2")


def test_tunnels_overriding_an_ikev1_default_are_accepted_with_several_cidrs():
    t = tunnels(ike_config=dict(version="ikev2"))
    t[1]["ike_config"] = dict(version="ikev2")
    p = params(customer_gateway_id=None, tunnels=t, ike_config=dict(version="ikev1"),
               local_subnets=["192.168.0.0/16", "172.16.0.0/12"])
    assert static_problems(p) == []


@pytest.mark.parametrize("wanted,gateway_type,current,fragment", [
    ("private", "public", None, "network_type=private needs a private VPN gateway; VPN gateway vpn-1 is a public"),
    ("private", None, None, "is a public gateway"),
    ("public", "private", {"network_type": "private"}, "network_type cannot be changed from private to public"),
])
def test_network_type_problems(wanted, gateway_type, current, fragment):
    gateway = dict(SINGLE_GW, NetworkType=gateway_type)
    one(network_type_problems(params(network_type=wanted), gateway, current), fragment)


@pytest.mark.parametrize("wanted,gateway_type,current", [
    (None, "public", None), ("private", "private", None), ("public", "private", None), ("public", "public", None),
    ("private", "private", {"network_type": "private"}),
])
def test_network_type_accepted(wanted, gateway_type, current):
    assert network_type_problems(params(network_type=wanted), dict(SINGLE_GW, NetworkType=gateway_type), current) == []


def test_dual_tunnel_bgp_switch_must_agree():
    t = tunnels(bgp=dict(enabled=True))
    t[1]["bgp"] = dict(enabled=False)
    one(static_problems(params(customer_gateway_id=None, tunnels=t)), "disagree")


def test_dual_tunnel_rules_are_checked_per_tunnel():
    one(static_problems(params(customer_gateway_id=None, tunnels=tunnels(psk="bad psk"))), "tunnels[role=master].psk")


def test_dual_needs_a_dual_gateway_and_vice_versa():
    p = params(customer_gateway_id=None, tunnels=tunnels())
    assert any("single-tunnel gateway" in m for m in state_problems(p, desired_from_params(p), None, SINGLE_GW))
    p = params()
    assert any("tunnels is required" in m for m in state_problems(p, desired_from_params(p), None, DUAL_GW))


def test_several_cidrs_dual_checks_each_tunnel():
    t = tunnels(ike_config=dict(version="ikev2"))
    p = params(customer_gateway_id=None, tunnels=t, remote_subnets=["192.10.0.0/16", "10.1.0.0/16"])
    one(state_problems(p, desired_from_params(p), None, DUAL_GW), "tunnels[role=slave].ike_config.version")


def test_create_needs_subnets_and_customer_gateway():
    p = params(local_subnets=None, remote_subnets=None, customer_gateway_id=None)
    problems = state_problems(p, desired_from_params(p), None, SINGLE_GW)
    assert any("customer_gateway_id is required" in m for m in problems)
    assert any("local_subnets and remote_subnets are required" in m for m in problems)


def test_single_tunnel_customer_gateway_is_immutable():
    current = connection_out({"VpnConnectionId": "vco-1", "VpnGatewayId": "vpn-1", "CustomerGatewayId": "cgw-1",
                              "LocalSubnet": "192.168.0.0/16", "RemoteSubnet": "192.10.0.0/16"})
    p = params(customer_gateway_id="cgw-9")
    one(state_problems(p, desired_from_params(p), current, SINGLE_GW), "cannot be changed")


def test_name_and_tags_rules():
    one(static_problems(params(name="http://x")), "name")
    one(static_problems(params(tags={"aliyun:x": "1"})), "tags")
    one(static_problems(params(vpn_gateway_id=None)), "vpn_gateway_id is required")


def test_health_check_rules():
    one(static_problems(params(health_check=dict(enabled=True, source_ip="192.168.1.1"))), "destination_ip")
    one(static_problems(params(health_check=dict(source_ip="1.2.3", destination_ip="192.10.0.1"))), "source_ip")


def test_overlapping_sides_of_a_protected_flow():
    one(static_problems(params(local_subnets=["192.168.0.0/16", "172.16.0.0/12"], remote_subnets=["192.168.10.0/24"])),
        "local_subnets 192.168.0.0/16 overlaps remote_subnets 192.168.10.0/24")
    assert static_problems(params(local_subnets=["192.168.0.0/16"], remote_subnets=["192.10.0.0/16"],
                                  ike_config=dict(version="ikev2"))) == []
