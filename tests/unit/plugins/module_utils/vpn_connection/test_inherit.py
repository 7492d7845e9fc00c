# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Top-level tunnel settings as the defaults of every tunnels[] entry, and what the module then asks for."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import (
    changes, desired_from_params, initial_state, predict)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.inherit import effective_tunnels
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import mask_psk
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.requests import create_request

IKE_NONE = dict(version=None, mode=None, enc_alg=None, auth_alg=None, pfs=None, lifetime=None, local_id=None,
                remote_id=None)
IPSEC_NONE = dict(enc_alg=None, auth_alg=None, pfs=None, lifetime=None)
BGP_NONE = dict(enabled=None, local_asn=None, tunnel_cidr=None, local_bgp_ip=None)


def block(none, **kw):
    out = dict(none)
    out.update(kw)
    return out


def tunnel(role, **kw):
    """A tunnels[] entry as Ansible hands it over: unset suboptions are None."""
    out = dict(role=role, customer_gateway_id="cgw-" + role, psk=None, enable_dpd=None, enable_nat_traversal=None,
               ike_config=None, ipsec_config=None, bgp=None)
    out.update(kw)
    return out


def params(**kw):
    base = dict(state="present", name="c1", vpn_gateway_id="vpn-1", local_subnets=["192.168.0.0/16"],
                remote_subnets=["192.10.0.0/16"], routing_mode=None, effect_immediately=None, health_check=None,
                customer_gateway_id=None, psk=None, enable_dpd=None, enable_nat_traversal=None, ike_config=None,
                ipsec_config=None, bgp=None, tunnels=[tunnel("master"), tunnel("slave")])
    base.update(kw)
    return base


def test_every_tunnel_inherits_the_top_level_settings():
    p = params(psk="Shared-1", enable_dpd=False, enable_nat_traversal=False,
               ike_config=block(IKE_NONE, version="ikev2", enc_alg="aes256"),
               ipsec_config=block(IPSEC_NONE, pfs="group14"))
    for t in effective_tunnels(p):
        assert t["psk"] == "Shared-1"
        assert t["enable_dpd"] is False and t["enable_nat_traversal"] is False
        assert t["ike_config"] == {"version": "ikev2", "enc_alg": "aes256"}
        assert t["ipsec_config"] == {"pfs": "group14"}


def test_a_tunnel_value_overrides_and_dicts_merge_per_key():
    slave = tunnel("slave", psk="Own-2", enable_dpd=True, ike_config=block(IKE_NONE, lifetime=28800, enc_alg="aes"))
    p = params(psk="Shared-1", enable_dpd=False, ike_config=block(IKE_NONE, version="ikev2", enc_alg="aes256"),
               tunnels=[tunnel("master"), slave])
    master, slave = effective_tunnels(p)
    assert master["psk"] == "Shared-1" and slave["psk"] == "Own-2"
    assert master["enable_dpd"] is False and slave["enable_dpd"] is True
    assert master["ike_config"] == {"version": "ikev2", "enc_alg": "aes256"}
    assert slave["ike_config"] == {"version": "ikev2", "enc_alg": "aes", "lifetime": 28800}


def test_only_the_asn_of_the_top_level_bgp_is_inherited():
    slave = tunnel("slave", bgp=block(BGP_NONE, tunnel_cidr="169.254.11.0/30", local_bgp_ip="169.254.11.1"))
    p = params(bgp=block(BGP_NONE, enabled=True, local_asn="65010"), tunnels=[tunnel("master"), slave])
    master, slave = effective_tunnels(p)
    assert master["bgp"] == {"local_asn": "65010"}
    assert slave["bgp"] == {"local_asn": "65010", "tunnel_cidr": "169.254.11.0/30", "local_bgp_ip": "169.254.11.1"}


def test_no_defaults_leaves_the_tunnels_as_given():
    p = params()
    assert effective_tunnels(p) == p["tunnels"]
    assert effective_tunnels(params(tunnels=None)) is None


def test_the_input_is_not_changed():
    p = params(ike_config=block(IKE_NONE, version="ikev2"))
    effective_tunnels(p)
    assert p["tunnels"][0]["ike_config"] is None


def test_desired_state_holds_the_effective_values_per_tunnel_and_none_at_the_top():
    p = params(psk="Shared-1", ike_config=block(IKE_NONE, version="ikev2"), bgp=block(BGP_NONE, enabled=True,
                                                                                      local_asn="65010"))
    desired = desired_from_params(p)
    assert "ike_config" not in desired and "psk" not in desired
    assert desired["bgp"] == {"enabled": True}
    for role in ("master", "slave"):
        assert desired["tunnels"][role]["ike_config"] == {"version": "ikev2", "psk": "Shared-1"}
        assert desired["tunnels"][role]["bgp"] == {"local_asn": 65010}


def test_create_request_and_prediction_carry_the_inherited_values_psk_masked():
    p = params(psk="Shared-1", ike_config=block(IKE_NONE, version="ikev2"),
               tunnels=[tunnel("master"), tunnel("slave", ike_config=block(IKE_NONE, lifetime=28800))])
    desired = desired_from_params(p)
    request = create_request(desired, "vpn-1", True)
    specs = dict((s["Role"], s) for s in request["TunnelOptionsSpecification"])
    assert specs["master"]["TunnelIkeConfig"] == {"IkeVersion": "ikev2", "Psk": "Shared-1"}
    assert specs["slave"]["TunnelIkeConfig"] == {"IkeVersion": "ikev2", "IkeLifetime": 28800, "Psk": "Shared-1"}
    after = mask_psk(predict(initial_state(desired, "vpn-1", True), desired))
    assert [t["ike_config"]["version"] for t in after["tunnels"]] == ["ikev2", "ikev2"]
    assert [t["ike_config"]["lifetime"] for t in after["tunnels"]] == [86400, 28800]
    assert [t["ike_config"]["psk"] for t in after["tunnels"]] == ["********", "********"]
    assert "Shared-1" not in repr(after)


def test_a_changed_default_changes_every_tunnel_that_does_not_override_it():
    p = params(ike_config=block(IKE_NONE, version="ikev2"))
    current = predict(initial_state(desired_from_params(p), "vpn-1", True), desired_from_params(p))
    assert changes(desired_from_params(p), current) == {}
    p2 = params(ike_config=block(IKE_NONE, version="ikev2", enc_alg="aes256"),
                tunnels=[tunnel("master"), tunnel("slave", ike_config=block(IKE_NONE, enc_alg="aes"))])
    assert changes(desired_from_params(p2), current) == {"tunnels": {"master": {"ike_config": {"enc_alg": "aes256"}}}}
