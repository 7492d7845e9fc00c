# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Comparison and request building: what the API returns is compared as it returns it; only changes are sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import (
    changes, desired_from_params, initial_state, predict)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import (
    MASK, connection_out, mask_psk, psk_matches)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.requests import (
    create_request, modify_request)

SINGLE = {
    "VpnConnectionId": "vco-1", "VpnGatewayId": "vpn-1", "CustomerGatewayId": "cgw-1", "Name": "c1",
    "LocalSubnet": "192.168.0.0/16,172.16.0.0/12", "RemoteSubnet": "192.10.0.0/16", "EffectImmediately": False,
    "EnableDpd": True, "EnableNatTraversal": True, "Status": "ike_sa_not_established", "CreateTime": 1,
    "IkeConfig": {"IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "md5", "IkePfs": "group2",
                  "IkeLifetime": 86400, "LocalId": "47.0.0.10", "RemoteId": "203.0.113.10", "Psk": "generated0123456"},
    "IpsecConfig": {"IpsecEncAlg": "aes", "IpsecAuthAlg": "md5", "IpsecPfs": "group2", "IpsecLifetime": 86400},
    "VpnBgpConfig": {"EnableBgp": "false", "LocalAsn": 45104},
    "VcoHealthCheck": {"Enable": "false", "Interval": 3, "Retry": 3},
    "Tags": {"Tag": [{"Key": "env", "Value": "test"}]},
}

DUAL = {
    "VpnConnectionId": "vco-2", "VpnGatewayId": "vpn-2", "Name": "d1", "LocalSubnet": "192.168.0.0/16",
    "RemoteSubnet": "192.10.0.0/16", "EnableTunnelsBgp": False,
    "TunnelOptionsSpecification": {"TunnelOptions": [
        {"TunnelId": "tun-b", "Role": "slave", "CustomerGatewayId": "cgw-2", "EnableDpd": "true",
         "EnableNatTraversal": "false", "Status": "ike_sa_not_established",
         "TunnelIkeConfig": {"IkeVersion": "ikev2", "IkeLifetime": "86400", "Psk": "p2"},
         "TunnelIpsecConfig": {"IpsecLifetime": "3600", "IpsecPfs": "group2"},
         "TunnelBgpConfig": {"LocalAsn": "45104", "PeerAsn": "65001"}},
        {"TunnelId": "tun-a", "Role": "master", "CustomerGatewayId": "cgw-1", "EnableDpd": "true",
         "EnableNatTraversal": "true", "TunnelIkeConfig": {"IkeVersion": "ikev2", "IkeLifetime": "86400", "Psk": "p1"},
         "TunnelIpsecConfig": {"IpsecLifetime": "86400", "IpsecPfs": "group2"}, "TunnelBgpConfig": {}},
    ]},
    "Tag": {"Tag": []},
}


def p(**kw):
    base = dict(state="present", name="c1", customer_gateway_id="cgw-1", routing_mode=None, local_subnets=None,
                remote_subnets=None, effect_immediately=None, psk=None, ike_config=None, ipsec_config=None,
                enable_dpd=None, enable_nat_traversal=None, bgp=None, health_check=None, tunnels=None)
    base.update(kw)
    return base


def test_shape_normalises_types_and_order():
    out = connection_out(SINGLE)
    assert out["local_subnets"] == ["172.16.0.0/12", "192.168.0.0/16"]
    assert out["routing_mode"] == "protected_flows"
    assert out["bgp"]["enabled"] is False and out["health_check"]["enabled"] is False
    assert out["tags"] == {"env": "test"}
    dual = connection_out(DUAL)
    assert [t["role"] for t in dual["tunnels"]] == ["master", "slave"]
    slave = dual["tunnels"][1]
    assert slave["ike_config"]["lifetime"] == 86400 and slave["ipsec_config"]["lifetime"] == 3600
    assert slave["enable_dpd"] is True and slave["enable_nat_traversal"] is False
    assert slave["bgp"]["local_asn"] == 45104 and slave["bgp"]["peer_asn"] == 65001
    assert dual["customer_gateway_id"] is None and dual["ike_config"] is None


def test_rerun_with_same_values_in_other_order_and_types_changes_nothing():
    want = p(local_subnets=["192.168.0.0/16", "172.16.0.0/12", "172.16.0.0/12"], remote_subnets=["192.10.0.0/16"],
             ike_config=dict(version="ikev2", lifetime=86400, mode=None), enable_dpd=True, psk="generated0123456",
             bgp=dict(enabled=False), health_check=dict(enabled=False))
    assert changes(desired_from_params(want), connection_out(SINGLE)) == {}


def test_only_differing_leaves_are_reported():
    want = p(ike_config=dict(version="ikev2", auth_alg="sha256"), ipsec_config=dict(lifetime=86400), psk="other")
    assert changes(desired_from_params(want), connection_out(SINGLE)) == {"ike_config": {"auth_alg": "sha256", "psk": "other"}}


def test_destination_mode_sets_both_subnets():
    diff = changes(desired_from_params(p(routing_mode="destination")), connection_out(SINGLE))
    assert diff == {"local_subnets": ["0.0.0.0/0"], "remote_subnets": ["0.0.0.0/0"]}


def test_masked_psk_prefix_counts_as_equal():
    assert psk_matches("123456abcdef", "123456****")
    assert not psk_matches("999999abcdef", "123456****")
    assert not psk_matches("x", None)


def test_single_modify_sends_whole_blocks_without_the_unmanaged_psk():
    current = connection_out(SINGLE)
    desired = desired_from_params(p(ike_config=dict(auth_alg="sha256"), local_subnets=["10.0.0.0/8"]))
    diff = changes(desired, current)
    req = modify_request("vco-1", diff, desired, current)
    ike = json.loads(req["IkeConfig"])
    assert ike["IkeAuthAlg"] == "sha256" and ike["IkeVersion"] == "ikev2" and ike["IkeLifetime"] == 86400
    assert "Psk" not in ike
    assert req["LocalSubnet"] == "10.0.0.0/8" and req["RemoteSubnet"] == "192.10.0.0/16"
    assert "IpsecConfig" not in req and "Name" not in req and req["VpnConnectionId"] == "vco-1"


def test_single_modify_bgp_and_health_check_json():
    current = connection_out(SINGLE)
    desired = desired_from_params(p(bgp=dict(enabled=True, local_asn="1.10", tunnel_cidr="169.254.10.0/30",
                                             local_bgp_ip="169.254.10.1"),
                                    health_check=dict(enabled=True, source_ip="192.168.0.1", destination_ip="192.10.0.1")))
    req = modify_request("vco-1", changes(desired, current), desired, current)
    assert json.loads(req["BgpConfig"]) == {"EnableBgp": True, "LocalAsn": 65546, "TunnelCidr": "169.254.10.0/30",
                                            "LocalBgpIp": "169.254.10.1"}
    health = json.loads(req["HealthCheckConfig"])
    assert health == {"enable": True, "sip": "192.168.0.1", "dip": "192.10.0.1", "interval": 3, "retry": 3}


def test_dual_modify_addresses_tunnels_by_id_and_sends_only_changed_ones():
    current = connection_out(DUAL)
    tunnels = [dict(role="master", ipsec_config=dict(lifetime=86400)),
               dict(role="slave", ipsec_config=dict(lifetime=7200), enable_nat_traversal=False, psk="newkey")]
    desired = desired_from_params(p(name="d1", customer_gateway_id=None, tunnels=tunnels))
    diff = changes(desired, current)
    assert diff == {"tunnels": {"slave": {"ipsec_config": {"lifetime": 7200}, "ike_config": {"psk": "newkey"}}}}
    req = modify_request("vco-2", diff, desired, current)
    [spec] = req["TunnelOptionsSpecification"]
    assert spec["TunnelId"] == "tun-b" and spec["Role"] == "slave" and spec["CustomerGatewayId"] == "cgw-2"
    assert spec["TunnelIpsecConfig"] == {"IpsecLifetime": 7200, "IpsecPfs": "group2"}
    assert spec["TunnelIkeConfig"] == {"IkeVersion": "ikev2", "IkeLifetime": 86400, "Psk": "newkey"}
    assert spec["EnableNatTraversal"] is False


def test_dual_bgp_switch():
    current = connection_out(DUAL)
    tunnels = [dict(role="master", bgp=dict(enabled=True, tunnel_cidr="169.254.20.0/30", local_bgp_ip="169.254.20.1")),
               dict(role="slave", bgp=dict(enabled=True, tunnel_cidr="169.254.21.0/30", local_bgp_ip="169.254.21.1"))]
    desired = desired_from_params(p(name="d1", customer_gateway_id=None, tunnels=tunnels))
    req = modify_request("vco-2", changes(desired, current), desired, current)
    assert req["EnableTunnelsBgp"] is True
    assert [s["TunnelBgpConfig"]["TunnelCidr"] for s in req["TunnelOptionsSpecification"]] == \
        ["169.254.20.0/30", "169.254.21.0/30"]


def test_create_requests():
    single = create_request(desired_from_params(p(local_subnets=["192.168.0.0/16"], remote_subnets=["192.10.0.0/16"],
                                                  ike_config=dict(version="ikev2"), psk="k1")),
                            "vpn-1", False, {"env": "test"})
    assert single["CustomerGatewayId"] == "cgw-1" and single["VpnGatewayId"] == "vpn-1"
    assert json.loads(single["IkeConfig"]) == {"IkeVersion": "ikev2", "Psk": "k1"}
    assert "IpsecConfig" not in single and single["Tags"] == [{"Key": "env", "Value": "test"}]
    tunnels = [dict(role="slave", customer_gateway_id="cgw-2"),
               dict(role="master", customer_gateway_id="cgw-1", ike_config=dict(version="ikev2"))]
    dual = create_request(desired_from_params(p(customer_gateway_id=None, tunnels=tunnels, routing_mode="destination")),
                          "vpn-2", True)
    assert [s["Role"] for s in dual["TunnelOptionsSpecification"]] == ["master", "slave"]
    assert dual["TunnelOptionsSpecification"][0]["TunnelIkeConfig"] == {"IkeVersion": "ikev2"}
    assert dual["LocalSubnet"] == "0.0.0.0/0" and "CustomerGatewayId" not in dual


def test_check_mode_prediction_fills_api_defaults():
    desired = desired_from_params(p(local_subnets=["192.168.0.0/16"], remote_subnets=["192.10.0.0/16"],
                                    ike_config=dict(version="ikev2"), psk="k1"))
    after = predict(initial_state(desired, "vpn-1", False), desired)
    assert after["ike_config"]["version"] == "ikev2" and after["ike_config"]["auth_alg"] == "md5"
    assert after["ipsec_config"]["lifetime"] == 86400 and after["enable_dpd"] is True
    assert mask_psk(after)["ike_config"]["psk"] == MASK and after["ike_config"]["psk"] == "k1"


def test_mask_psk_covers_tunnels_and_keeps_original():
    out = connection_out(DUAL)
    masked = mask_psk(out)
    assert [t["ike_config"]["psk"] for t in masked["tunnels"]] == [MASK, MASK]
    assert out["tunnels"][0]["ike_config"]["psk"] == "p1"
    assert mask_psk(out, return_psk=True)["tunnels"][0]["ike_config"]["psk"] == "p1"
