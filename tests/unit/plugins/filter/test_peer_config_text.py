# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Behaviour of the peer_config_text filter beyond the golden files: input validation, PSK handling,
options, and the rule that a setting a vendor cannot express is an error naming vendor and option."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import re

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.eds.vpc_access.plugins.filter.peer_config_text import FilterModule, peer_config_text
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import VENDORS
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import (
    AUTH_ALGS, DH_GROUPS, ENC_ALGS, PSK_PLACEHOLDER)

HERE = os.path.dirname(os.path.abspath(__file__))
REAL_PSK = "Real-Psk-4f1c9a"


def case(name):
    with open(os.path.join(HERE, "cases", name + ".yml")) as f:
        return yaml.safe_load(f)["peer_config"]


@pytest.fixture
def single():
    return case("single-ikev2-flows")


def error_of(peer_config, vendor, **options):
    with pytest.raises(AnsibleFilterError) as exc:
        peer_config_text(peer_config, vendor, **options)
    return str(exc.value)


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters()["peer_config_text"] is peer_config_text


@pytest.mark.parametrize("path, message", [
    (["routing_mode"], "peer_config is missing the key routing_mode"),
    (["tunnels"], "peer_config is missing the key tunnels"),
    (["tunnels", 0, "remote"], "peer_config is missing the key tunnels[0].remote"),
    (["tunnels", 0, "ike_config", "ike_pfs"], "peer_config is missing the key tunnels[0].ike_config.ike_pfs"),
    (["tunnels", 0, "ipsec_config", "ipsec_lifetime"], "peer_config is missing the key tunnels[0].ipsec_config.ipsec_lifetime"),
    (["tunnels", 0, "bgp", "enabled"], "peer_config is missing the key tunnels[0].bgp.enabled"),
])
def test_a_missing_key_is_named(single, path, message):
    parent = single
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    assert message in error_of(single, "h3c")


@pytest.mark.parametrize("path, value, message", [
    (["routing_mode"], "bgp", "routing_mode must be one of protected_flows, destination, got 'bgp'"),
    (["tunnels", 0, "ike_config", "ike_enc_alg"], "aes128", "tunnels[0].ike_config.ike_enc_alg must be one of aes, aes192"),
    (["tunnels", 0, "ipsec_config", "ipsec_pfs"], "group24", "tunnels[0].ipsec_config.ipsec_pfs must be one of disabled"),
    (["tunnels", 0, "ike_config", "ike_lifetime"], "86400", "tunnels[0].ike_config.ike_lifetime must be an integer"),
    (["tunnels", 0, "remote"], "vpn.example.com", "tunnels[0].remote must be an IPv4 address"),
    (["local_subnets"], ["192.10.0.1/16"], "local_subnets[0] must be an IPv4 CIDR"),
    (["tunnels"], [], "tunnels must be a list of 1 (single tunnel) or 2 (dual tunnel) entries"),
    (["tunnels", 0, "enable_dpd"], "yes", "tunnels[0].enable_dpd must be true or false"),
])
def test_a_bad_value_is_named(single, path, value, message):
    parent = single
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    assert message in error_of(single, "strongswan")


def test_not_a_mapping():
    assert "peer_config must be a mapping" in error_of([case("single-ikev2-flows")], "h3c")


def test_two_tunnels_need_a_master_and_a_slave():
    pc = case("dual-ikev2-destination-bgp")
    pc["tunnels"][1]["role"] = pc["tunnels"][0]["role"]
    assert "one tunnel with role master and one with role slave" in error_of(pc, "juniper_srx")


def test_bgp_addresses_must_lie_in_the_tunnel_cidr():
    pc = case("single-ikev1-destination-bgp")
    pc["tunnels"][0]["bgp"]["peer_bgp_ip"] = "169.254.11.1"
    assert "tunnels[0].bgp.peer_bgp_ip 169.254.11.1 is not inside tunnel_cidr 169.254.10.0/30" in error_of(pc, "cisco_ios")


def test_unknown_vendor_lists_the_vendors(single):
    message = error_of(single, "mikrotik")
    assert "unknown vendor 'mikrotik'" in message and all(v in message for v in VENDORS)


@pytest.mark.parametrize("vendor", VENDORS)
def test_without_include_psk_the_psk_is_never_written(vendor):
    for name in ("single-ikev2-flows", "dual-ikev2-destination-bgp"):
        pc = case(name)
        for t in pc["tunnels"]:
            t["ike_config"]["psk"] = REAL_PSK
        text = peer_config_text(pc, vendor)
        assert REAL_PSK not in text
        if vendor != "libreswan":  # ipsec.conf never holds secrets
            assert PSK_PLACEHOLDER in text and "PSK NOT INCLUDED" in text


@pytest.mark.parametrize("vendor", [v for v in VENDORS if v != "libreswan"])
def test_include_psk_writes_each_tunnels_own_psk(vendor):
    pc = case("dual-ikev2-destination-bgp")
    pc["tunnels"][0]["ike_config"]["psk"] = "Psk-of-the-slave"  # listed first in this case
    pc["tunnels"][1]["ike_config"]["psk"] = "Psk-of-the-master"
    text = peer_config_text(pc, vendor, include_psk=True)
    assert "Psk-of-the-master" in text and "Psk-of-the-slave" in text and PSK_PLACEHOLDER not in text
    assert text.index("Psk-of-the-master") < text.index("Psk-of-the-slave"), "master tunnel first"


@pytest.mark.parametrize("vendor", [v for v in VENDORS if v != "libreswan"])
def test_include_psk_with_a_masked_psk_is_refused(single, vendor):
    assert "return_psk: true" in error_of(single, vendor, include_psk=True)


def test_libreswan_ipsec_conf_never_holds_the_psk(single):
    """include_psk is for libreswan_secrets; ipsec.conf renders the same either way."""
    single["tunnels"][0]["ike_config"]["psk"] = REAL_PSK
    text = peer_config_text(single, "libreswan", include_psk=True)
    assert REAL_PSK not in text and text == peer_config_text(single, "libreswan")
    assert 'PSK "%s"' % REAL_PSK in peer_config_text(single, "libreswan_secrets", include_psk=True)


def test_strongswan_writes_a_psk_with_quotes_as_hex(single):
    single["tunnels"][0]["ike_config"]["psk"] = 'a"b\\c'
    text = peer_config_text(single, "strongswan", include_psk=True)
    assert "secret = 0x61226205c63" not in text  # guard against a wrong encoding below
    assert "secret = 0x%s" % 'a"b\\c'.encode().hex() in text


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("field, values", [
    ("ike_config.ike_enc_alg", ENC_ALGS), ("ike_config.ike_auth_alg", AUTH_ALGS), ("ike_config.ike_pfs", DH_GROUPS),
    ("ipsec_config.ipsec_enc_alg", ENC_ALGS), ("ipsec_config.ipsec_auth_alg", AUTH_ALGS),
    ("ipsec_config.ipsec_pfs", DH_GROUPS),
])
@pytest.mark.parametrize("version", ["ikev1", "ikev2"])
def test_every_alibaba_algorithm_renders_or_is_refused_by_name(vendor, field, values, version):
    """Never a KeyError, never a silently dropped setting: rendered, or an error naming vendor and option."""
    for value in values:
        pc = case("single-ikev2-flows")
        tunnel = pc["tunnels"][0]
        # a base every vendor can express, so only the swept setting decides
        tunnel["ike_config"].update(ike_version=version, ike_enc_alg="aes", ike_auth_alg="sha1", ike_pfs="group14")
        tunnel["ipsec_config"].update(ipsec_enc_alg="aes", ipsec_auth_alg="sha1", ipsec_pfs="group14")
        section, key = field.split(".")
        tunnel[section][key] = value
        try:
            text = peer_config_text(pc, vendor)
        except AnsibleFilterError as exc:
            message = str(exc)
            assert "vendor '%s" % vendor in message and "tunnels[0].%s=%r" % (field, value) in message, message
        else:
            assert text.strip()


@pytest.mark.parametrize("vendor, change, message", [
    ("cisco_asa", {"ike_config.ike_version": "ikev1"},
     "vendor 'cisco_asa (IKEv1)' cannot express tunnels[0].ike_config.ike_auth_alg='sha256'"),
    ("libreswan", {"ike_config.ike_enc_alg": "des"}, "vendor 'libreswan' cannot express tunnels[0].ike_config.ike_enc_alg='des'"),
    ("libreswan", {"ipsec_config.ipsec_pfs": "group2"},
     "vendor 'libreswan' cannot express tunnels[0].ipsec_config.ipsec_pfs='group2'"),
    ("strongswan", {"enable_nat_traversal": False},
     "vendor 'strongswan' cannot express tunnels[0].enable_nat_traversal=False"),
    ("h3c", {"enable_nat_traversal": False}, "vendor 'h3c' cannot express tunnels[0].enable_nat_traversal=False"),
    ("cisco_ios", {"ike_config.ike_version": "ikev1", "ike_config.local_id": "dc1.example.com"},
     "vendor 'cisco_ios' cannot express tunnels[0].ike_config.local_id='dc1.example.com'"),
    ("cisco_asa", {"ike_config.remote_id": "vpn.example.com"},
     "vendor 'cisco_asa' cannot express tunnels[0].ike_config.remote_id='vpn.example.com'"),
])
def test_settings_a_vendor_cannot_express(single, vendor, change, message):
    for dotted, value in change.items():
        target = single["tunnels"][0]
        keys = dotted.split(".")
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    assert message in error_of(single, vendor)


@pytest.mark.parametrize("vendor", ["h3c", "huawei", "cisco_asa", "cisco_ios", "juniper_srx"])
def test_force_encap_is_refused_where_it_cannot_be_expressed(single, vendor):
    assert "vendor '%s' cannot express force_encap=True" % vendor in error_of(single, vendor, force_encap=True)


@pytest.mark.parametrize("vendor, line", [
    ("strongswan", "encap = yes"), ("libreswan", "encapsulation=yes"), ("fortigate", "set nattraversal forced")])
def test_force_encap(single, vendor, line):
    assert line in peer_config_text(single, vendor, force_encap=True)
    assert line not in peer_config_text(single, vendor)


@pytest.mark.parametrize("vendor, line", [
    ("huawei", " undo nat traversal"), ("cisco_ios", "no crypto ipsec nat-transparency udp-encapsulation"),
    ("cisco_asa", "no crypto isakmp nat-traversal"), ("juniper_srx", "no-nat-traversal"),
    ("fortigate", "set nattraversal disable"), ("libreswan", "encapsulation=no")])
def test_nat_traversal_off(single, vendor, line):
    single["tunnels"][0]["enable_nat_traversal"] = False
    assert line in peer_config_text(single, vendor)


def test_routes_where_they_would_have_no_effect_are_refused():
    assert "routes=['10.0.0.0/8'] has no effect here" in error_of(case("single-ikev2-flows"), "h3c", routes=["10.0.0.0/8"])
    assert "BGP learns the cloud routes" in error_of(case("dual-ikev2-destination-bgp"), "h3c", routes=["10.0.0.0/8"])
    assert "routes[0] must be an IPv4 CIDR" in error_of(case("single-ikev2-destination"), "h3c", routes=["10.0.0.0/33"])


def test_destination_routing_without_routes_says_so():
    text = peer_config_text(case("single-ikev2-destination"), "cisco_ios")
    assert "! no static routes: pass routes=" in text and "ip route " not in text


def test_wan_interface(single):
    assert " crypto map dc1-to-vpc" in peer_config_text(single, "cisco_ios", wan_interface="Dialer1").split("interface Dialer1\n")[1]
    assert 'set interface "port1"' in peer_config_text(single, "fortigate", wan_interface="port1")


@pytest.mark.parametrize("vendor, local_line, remote_line", [
    ("h3c", " identity local fqdn dc1.example.com", " match remote identity fqdn vpn.example.com"),
    ("juniper_srx", "local-identity hostname dc1.example.com", "remote-identity hostname vpn.example.com"),
    ("strongswan", "id = dc1.example.com", "id = vpn.example.com"),
    ("libreswan", "leftid=@dc1.example.com", "rightid=@vpn.example.com"),
    ("fortigate", 'set localid "dc1.example.com"', 'set peerid "vpn.example.com"'),
])
def test_name_identities(single, vendor, local_line, remote_line):
    single["tunnels"][0]["ike_config"]["local_id"] = "dc1.example.com"
    single["tunnels"][0]["ike_config"]["remote_id"] = "vpn.example.com"
    text = peer_config_text(single, vendor)
    assert local_line in text and remote_line in text


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_input_is_not_modified(vendor):
    pc = case("dual-ikev2-destination-bgp")
    before = copy.deepcopy(pc)
    try:
        peer_config_text(pc, vendor)
    except AnsibleFilterError:
        pass
    assert pc == before


def test_aggressive_mode_ikev1(single):
    single["tunnels"][0]["ike_config"].update(ike_version="ikev1", ike_mode="aggressive")
    assert " exchange-mode aggressive" in peer_config_text(single, "h3c")
    assert "aggressive = yes" in peer_config_text(single, "strongswan")
    assert re.search(r"crypto map \S+ 10 set phase1-mode aggressive", peer_config_text(
        dict(single, tunnels=[dict(single["tunnels"][0], ike_config=dict(single["tunnels"][0]["ike_config"],
                                                                         ike_auth_alg="sha1"),
                                   ipsec_config=dict(single["tunnels"][0]["ipsec_config"], ipsec_auth_alg="sha1"))]),
        "cisco_asa"))


def test_asa_refuses_two_local_addresses():
    pc = case("dual-ikev2-destination-bgp")
    pc["tunnels"][0]["local"] = "203.0.113.51"
    pc["tunnels"][0]["ike_config"]["local_id"] = "203.0.113.51"
    assert "vendor 'cisco_asa' cannot express tunnels[*].local=['203.0.113.50', '203.0.113.51']" in error_of(pc, "cisco_asa")
