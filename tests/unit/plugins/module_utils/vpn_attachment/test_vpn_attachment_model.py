# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPsec-VPN attachments: the requests name tunnels by index and carry no gateway; the shape adds the binding."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_attachment.model import (
    attachment_out, attachment_request, is_attachment)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import desired_from_params
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.requests import (
    create_request, modify_request)

PARAMS = dict(name="a1", local_subnets=["172.16.0.0/12"], remote_subnets=["192.10.0.0/16"], tunnels=[
    dict(role="slave", customer_gateway_id="cgw-2", psk="p2", ike_config=dict(version="ikev2")),
    dict(role="master", customer_gateway_id="cgw-1", ike_config=dict(version="ikev2")),
])

ATTACHED = {
    "VpnConnectionId": "vco-a", "VpnGatewayId": "", "Name": "a1", "LocalSubnet": "172.16.0.0/12",
    "RemoteSubnet": "192.10.0.0/16", "AttachType": "CEN", "TransitRouterId": "tr-1", "TransitRouterName": "eds-tr",
    "NetworkType": "private", "TunnelBandwidth": "Large", "State": "attached", "EnableTunnelsBgp": False,
    "TunnelOptionsSpecification": {"TunnelOptions": [
        {"TunnelId": "tun-2", "Role": "slave", "CustomerGatewayId": "cgw-2", "TunnelIkeConfig": {"Psk": "x"}},
        {"TunnelId": "tun-1", "Role": "master", "CustomerGatewayId": "cgw-1", "TunnelIkeConfig": {"Psk": "y"}}]},
}


def test_create_request_has_no_gateway_and_numbers_the_tunnels():
    request = attachment_request(create_request(desired_from_params(PARAMS), None, True))
    assert "VpnGatewayId" not in request
    specs = request["TunnelOptionsSpecification"]
    assert [(s["TunnelIndex"], s["CustomerGatewayId"]) for s in specs] == [(1, "cgw-1"), (2, "cgw-2")]
    assert all("Role" not in s for s in specs)
    assert specs[1]["TunnelIkeConfig"]["Psk"] == "p2" and "Psk" not in specs[0]["TunnelIkeConfig"]


def test_modify_request_keeps_the_tunnel_id_and_adds_its_index():
    current = attachment_out(ATTACHED)
    desired = desired_from_params(dict(tunnels=[dict(role="master"), dict(role="slave", psk="new")]))
    request = attachment_request(modify_request("vco-a", {"tunnels": {"slave": {"ike_config": {"psk": "new"}}}},
                                                desired, current))
    assert request["VpnConnectionId"] == "vco-a"
    assert [(s["TunnelId"], s["TunnelIndex"]) for s in request["TunnelOptionsSpecification"]] == [("tun-2", 2)]


def test_shape_adds_the_binding_and_drops_the_gateway():
    out = attachment_out(ATTACHED)
    assert "vpn_gateway_id" not in out
    assert (out["attach_type"], out["transit_router_id"], out["transit_router_name"]) == ("CEN", "tr-1", "eds-tr")
    assert (out["network_type"], out["tunnel_bandwidth"], out["state"]) == ("private", "Large", "attached")
    assert [t["role"] for t in out["tunnels"]] == ["master", "slave"]


def test_a_gateway_connection_is_not_an_attachment():
    assert is_attachment(ATTACHED)
    assert is_attachment(dict(ATTACHED, AttachType="NO_ASSOCIATED"))
    assert not is_attachment(dict(ATTACHED, VpnGatewayId="vpn-1", AttachType="VPNGW"))
