# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""peer_config shaping: the docs/peer_config.md structure from DescribeVpnConnection + DownloadVpnConnectionConfig."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.peer_config import peer_config

TOP_KEYS = {"vpn_connection_id", "name", "vpn_gateway_id", "routing_mode", "local_subnets", "remote_subnets", "tunnels"}
TUNNEL_KEYS = {"tunnel_id", "role", "local", "remote", "ike_config", "ipsec_config", "enable_dpd",
               "enable_nat_traversal", "bgp"}
IKE_KEYS = {"ike_version", "ike_mode", "ike_enc_alg", "ike_auth_alg", "ike_pfs", "ike_lifetime", "local_id",
            "remote_id", "psk"}
BGP_KEYS = {"enabled", "local_asn", "peer_asn", "local_bgp_ip", "peer_bgp_ip", "tunnel_cidr"}

SINGLE_CONN = {
    "VpnConnectionId": "vco-1", "VpnGatewayId": "vpn-1", "CustomerGatewayId": "cgw-1", "Name": "c1",
    "LocalSubnet": "192.168.0.0/16", "RemoteSubnet": "192.10.0.0/16", "EnableDpd": True, "EnableNatTraversal": False,
    "VpnBgpConfig": {"EnableBgp": "true", "LocalAsn": 45104, "PeerAsn": 65001, "LocalBgpIp": "169.254.10.1",
                     "PeerBgpIp": "169.254.10.2", "TunnelCidr": "169.254.10.0/30"},
}
SINGLE_DOWNLOAD = {"VpnConnectionConfig": {
    "Local": "203.0.113.10", "Remote": "47.0.0.10", "LocalSubnet": "192.10.0.0/16", "RemoteSubnet": "192.168.0.0/16",
    "IkeConfig": {"IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "sha256",
                  "IkePfs": "group14", "IkeLifetime": 86400, "LocalId": "203.0.113.10", "RemoteId": "47.0.0.10",
                  "Psk": "s3cret"},
    "IpsecConfig": {"IpsecEncAlg": "aes", "IpsecAuthAlg": "sha256", "IpsecPfs": "group14", "IpsecLifetime": 3600},
}}


def test_single_tunnel_shape_and_values():
    cfg = peer_config(SINGLE_CONN, SINGLE_DOWNLOAD)
    assert set(cfg) == TOP_KEYS
    assert cfg["local_subnets"] == ["192.10.0.0/16"] and cfg["remote_subnets"] == ["192.168.0.0/16"]
    assert cfg["routing_mode"] == "protected_flows"
    [tunnel] = cfg["tunnels"]
    assert set(tunnel) == TUNNEL_KEYS and set(tunnel["ike_config"]) == IKE_KEYS and set(tunnel["bgp"]) == BGP_KEYS
    assert tunnel["tunnel_id"] is None and tunnel["role"] == "master"
    assert (tunnel["local"], tunnel["remote"]) == ("203.0.113.10", "47.0.0.10")
    assert tunnel["ike_config"]["psk"] == "********"
    assert tunnel["ipsec_config"] == {"ipsec_enc_alg": "aes", "ipsec_auth_alg": "sha256", "ipsec_pfs": "group14",
                                      "ipsec_lifetime": 3600}
    assert tunnel["enable_dpd"] is True and tunnel["enable_nat_traversal"] is False
    # BGP seen from the data center: its own ASN/address are "local"
    assert tunnel["bgp"] == {"enabled": True, "local_asn": 65001, "peer_asn": 45104, "local_bgp_ip": "169.254.10.2",
                             "peer_bgp_ip": "169.254.10.1", "tunnel_cidr": "169.254.10.0/30"}


def test_return_psk_gives_the_key():
    assert peer_config(SINGLE_CONN, SINGLE_DOWNLOAD, return_psk=True)["tunnels"][0]["ike_config"]["psk"] == "s3cret"


def test_bgp_off_gives_null_keys():
    conn = dict(SINGLE_CONN, VpnBgpConfig={"EnableBgp": "false", "LocalAsn": 45104})
    assert peer_config(conn, SINGLE_DOWNLOAD)["tunnels"][0]["bgp"] == dict(dict.fromkeys(BGP_KEYS, None), enabled=False)


def test_dual_tunnel_uses_tunnel_configs_roles_and_string_asns():
    conn = {
        "VpnConnectionId": "vco-2", "VpnGatewayId": "vpn-2", "Name": "d", "LocalSubnet": "0.0.0.0/0",
        "RemoteSubnet": "0.0.0.0/0", "EnableTunnelsBgp": True,
        "TunnelOptionsSpecification": {"TunnelOptions": [
            {"TunnelId": "tun-a", "Role": "master", "EnableDpd": "true", "EnableNatTraversal": "true"},
            {"TunnelId": "tun-b", "Role": "slave", "EnableDpd": "false", "EnableNatTraversal": "true"}]},
    }
    download = {"VpnConnectionConfig": {
        "LocalSubnet": "0.0.0.0/0", "RemoteSubnet": "0.0.0.0/0",
        "TunnelsConfig": {"TunnelConfig": [
            {"TunnelId": "tun-b", "Local": "203.0.113.11", "Remote": "47.0.0.11",
             "IkeConfig": {"IkeVersion": "ikev2", "IkeLifetime": 86400, "Psk": "k2"}, "IpsecConfig": {}},
            {"TunnelId": "tun-a", "Local": "203.0.113.10", "Remote": "47.0.0.10",
             "IkeConfig": {"IkeVersion": "ikev2", "IkeLifetime": 86400, "Psk": "k1"}, "IpsecConfig": {}}]},
        "BgpConfigs": {"BgpConfig": [
            {"TunnelId": "tun-a", "LocalAsn": "65001", "PeerAsn": "45104", "LocalBgpIp": "169.254.20.2",
             "PeerBgpIp": "169.254.20.1", "TunnelCidr": "169.254.20.0/30"}]},
    }}
    cfg = peer_config(conn, download)
    assert cfg["routing_mode"] == "destination"
    assert [(t["role"], t["tunnel_id"], t["local"]) for t in cfg["tunnels"]] == [
        ("master", "tun-a", "203.0.113.10"), ("slave", "tun-b", "203.0.113.11")]
    assert cfg["tunnels"][0]["bgp"]["local_asn"] == 65001 and cfg["tunnels"][0]["bgp"]["peer_asn"] == 45104
    assert cfg["tunnels"][1]["enable_dpd"] is False
    assert all(t["ike_config"]["psk"] == "********" for t in cfg["tunnels"])
