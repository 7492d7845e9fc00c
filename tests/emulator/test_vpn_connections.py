"""IPsec-VPN connections through the real VPC SDK: single and dual tunnel, defaults, validation, gateway lock,
documented response types, DownloadVpnConnectionConfig from the peer's point of view."""

import json

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException

from emulator_harness import REGION, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, USER_VPC, USER_VSW_E, USER_VSW_F

CGW_IP = "203.0.113.10"
CGW2_IP = "203.0.113.11"


def _gateway(client, models, region, **kw):
    return client.create_vpn_gateway(models.CreateVpnGatewayRequest(region_id=region, bandwidth=10, auto_pay=True,
                                                                    **kw)).body.vpn_gateway_id


def _cgw(client, models, region, ip, asn=None):
    return client.create_customer_gateway(models.CreateCustomerGatewayRequest(
        region_id=region, ip_address=ip, asn=asn)).body.customer_gateway_id


@pytest.fixture
def single(emu, vpc_models):
    """(client, gateway id, customer gateway id) in the single-tunnel region."""
    client = emu.vpc()
    gw = _gateway(client, vpc_models, SINGLE_REGION, vpc_id=SINGLE_VPC, v_switch_id=SINGLE_VSW)
    cgw = _cgw(client, vpc_models, SINGLE_REGION, CGW_IP, asn="65001")
    return client, gw, cgw


@pytest.fixture
def dual(emu, vpc_models):
    client = emu.vpc()
    gw = _gateway(client, vpc_models, REGION, vpc_id=USER_VPC, v_switch_id=USER_VSW_E,
                  disaster_recovery_vswitch_id=USER_VSW_F)
    cgw1 = _cgw(client, vpc_models, REGION, CGW_IP, asn="65001")
    cgw2 = _cgw(client, vpc_models, REGION, CGW2_IP, asn="65002")
    return client, gw, cgw1, cgw2


def _create_single(client, models, gw, cgw, **kw):
    params = dict(region_id=SINGLE_REGION, vpn_gateway_id=gw, customer_gateway_id=cgw, local_subnet="192.168.0.0/16",
                  remote_subnet="192.10.0.0/16", name="c1")
    params.update(kw)
    return client.create_vpn_connection(models.CreateVpnConnectionRequest(**params)).body


def _describe(client, models, conn_id, region=SINGLE_REGION):
    return client.describe_vpn_connection(models.DescribeVpnConnectionRequest(region_id=region,
                                                                              vpn_connection_id=conn_id)).body.to_map()


def _error(call):
    with pytest.raises(ClientException) as info:
        call()
    return info.value


def _tunnels(cgw1, cgw2, **master):
    models_spec = [{"Role": "master", "CustomerGatewayId": cgw1}, {"Role": "slave", "CustomerGatewayId": cgw2}]
    models_spec[0].update(master)
    return models_spec


def _create_dual(client, models, gw, tunnels, **kw):
    spec = [models.CreateVpnConnectionRequestTunnelOptionsSpecification().from_map(t) for t in tunnels]
    params = dict(region_id=REGION, vpn_gateway_id=gw, local_subnet="192.168.0.0/16", remote_subnet="192.10.0.0/16",
                  name="d1", tunnel_options_specification=spec)
    params.update(kw)
    return client.create_vpn_connection(models.CreateVpnConnectionRequest(**params)).body


def test_single_tunnel_defaults_and_types(single, vpc_models):
    client, gw, cgw = single
    created = _create_single(client, vpc_models, gw, cgw)
    assert created.vpn_connection_id.startswith("vco-") and isinstance(created.create_time, int)
    conn = _describe(client, vpc_models, created.vpn_connection_id)
    ike, ipsec = conn["IkeConfig"], conn["IpsecConfig"]
    gateway = client.describe_vpn_gateway(vpc_models.DescribeVpnGatewayRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw)).body
    assert {k: ike[k] for k in ("IkeVersion", "IkeMode", "IkeEncAlg", "IkeAuthAlg", "IkePfs", "IkeLifetime")} == {
        "IkeVersion": "ikev1", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "md5", "IkePfs": "group2",
        "IkeLifetime": 86400}
    assert ipsec == {"IpsecEncAlg": "aes", "IpsecAuthAlg": "md5", "IpsecPfs": "group2", "IpsecLifetime": 86400}
    assert len(ike["Psk"]) == 16 and ike["Psk"].isalnum()
    assert ike["LocalId"] == gateway.internet_ip and ike["RemoteId"] == CGW_IP
    assert conn["EnableDpd"] is True and conn["EnableNatTraversal"] is True and conn["EffectImmediately"] is False
    assert conn["Status"] == "ike_sa_not_established"
    assert conn["VcoHealthCheck"]["Enable"] == "false" and conn["VpnBgpConfig"]["EnableBgp"] == "false"
    assert "Tags" in conn and conn["TunnelOptionsSpecification"]["TunnelOptions"] == []


def test_writes_lock_the_gateway_and_the_connection(start_emulator, vpc_models):
    emu = start_emulator("--time-scale", "1")
    client = emu.vpc()
    gw = _gateway(client, vpc_models, SINGLE_REGION, vpc_id=SINGLE_VPC, v_switch_id=SINGLE_VSW)
    cgw = _cgw(client, vpc_models, SINGLE_REGION, CGW_IP)
    cgw2 = _cgw(client, vpc_models, SINGLE_REGION, CGW2_IP)
    emu.advance(600)  # provisioning done
    created = _create_single(client, vpc_models, gw, cgw)
    status = client.describe_vpn_gateway(vpc_models.DescribeVpnGatewayRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw)).body.status
    assert status == "updating"

    def rename():
        client.modify_vpn_connection_attribute(vpc_models.ModifyVpnConnectionAttributeRequest(
            region_id=SINGLE_REGION, vpn_connection_id=created.vpn_connection_id, name="c2"))
    # the connection itself is provisioning: its own writes meet VpnConnection.Configuring, others the gateway's code
    err = _error(rename)
    assert err.code == "VpnConnection.Configuring" and err.status_code == 400
    err = _error(lambda: _create_single(client, vpc_models, gw, cgw2, name="other"))
    assert err.code == "VpnGateway.Configuring" and err.status_code == 400
    emu.advance(10)  # the gateway is active again, the connection still provisioning (15 s)
    assert _error(rename).code == "VpnConnection.Configuring"
    emu.advance(5)
    rename()
    assert _describe(client, vpc_models, created.vpn_connection_id)["Name"] == "c2"


def test_given_psk_and_blocks_are_kept(single, vpc_models):
    client, gw, cgw = single
    ike = {"IkeVersion": "ikev2", "IkeAuthAlg": "sha256", "IkeLifetime": 3600, "Psk": "Abc~!`@#$%^&*()_-+={}[]|;:'\",.<>/?"}
    created = _create_single(client, vpc_models, gw, cgw, ike_config=json.dumps(ike), local_subnet="192.168.1.0/24,192.168.2.0/24",
                             ipsec_config=json.dumps({"IpsecPfs": "disabled"}), enable_dpd=False)
    conn = _describe(client, vpc_models, created.vpn_connection_id)
    assert conn["IkeConfig"]["Psk"] == ike["Psk"] and conn["IkeConfig"]["IkeLifetime"] == 3600
    assert conn["IkeConfig"]["IkeMode"] == "main" and conn["IpsecConfig"]["IpsecPfs"] == "disabled"
    assert conn["LocalSubnet"] == "192.168.1.0/24,192.168.2.0/24" and conn["EnableDpd"] is False


@pytest.mark.parametrize("kw,code", [
    (dict(ike_config=json.dumps({"Psk": "has space"})), "InvalidPsk"),
    (dict(ike_config=json.dumps({"Psk": "x" * 101})), "InvalidPsk"),
    (dict(ike_config=json.dumps({"IkeLifetime": 86401})), "InvalidParameter"),
    (dict(ipsec_config=json.dumps({"IpsecLifetime": -1})), "InvalidParameter"),
    (dict(ike_config=json.dumps({"IkeVersion": "ikev3"})), "InvalidParameter"),
    (dict(ike_config=json.dumps({"IkePfs": "disabled"})), "InvalidParameter"),
    (dict(ipsec_config=json.dumps({"IpsecEncAlg": "sm4"})), "InvalidParameter"),
    (dict(local_subnet="192.168.0.0/33"), "IllegalParam.LocalSubnet"),
    (dict(remote_subnet="192.10.0.1/16"), "IllegalParam.RemoteSubnet"),
    (dict(remote_subnet="0.0.0.0/0,10.0.0.0/8"), "IllegalParam.RemoteSubnet"),
    (dict(bgp_config=json.dumps({"EnableBgp": True, "TunnelCidr": "169.254.10.0/29", "LocalBgpIp": "169.254.10.1"})),
     "InvalidParameter"),
    (dict(bgp_config=json.dumps({"EnableBgp": True, "TunnelCidr": "169.254.6.0/30", "LocalBgpIp": "169.254.6.1"})),
     "InvalidParameter"),
    (dict(bgp_config=json.dumps({"EnableBgp": True, "TunnelCidr": "10.0.0.0/30", "LocalBgpIp": "10.0.0.1"})),
     "InvalidParameter"),
    (dict(bgp_config=json.dumps({"EnableBgp": True, "TunnelCidr": "169.254.10.0/30", "LocalBgpIp": "169.254.11.1"})),
     "InvalidParameter"),
    (dict(bgp_config=json.dumps({"LocalAsn": 0})), "InvalidParameter"),
    (dict(bgp_config=json.dumps({"LocalAsn": "65536.1"})), "InvalidParameter"),
    (dict(health_check_config=json.dumps({"enable": True, "dip": "192.10.0.1"})), "InvalidParameter"),
    (dict(name="http://x"), "InvalidName"),
    (dict(customer_gateway_id="cgw-doesnotexist"), "InvalidCustomerGatewayInstanceId.NotFound"),
])
def test_validation_rejects_without_side_effect(emu, single, vpc_models, kw, code):
    client, gw, cgw = single
    before = emu.stats()["writes"]
    err = _error(lambda: _create_single(client, vpc_models, gw, cgw, **kw))
    assert err.code == code, (err.code, err.message)
    listed = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(region_id=SINGLE_REGION))
    assert listed.body.total_count == 0
    status = client.describe_vpn_gateway(vpc_models.DescribeVpnGatewayRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw)).body.status
    assert status == "active"
    assert emu.stats()["writes"] >= before  # counted as a write attempt, but nothing was created


def test_bgp_and_health_check_single(single, vpc_models):
    client, gw, cgw = single
    created = _create_single(client, vpc_models, gw, cgw, bgp_config=json.dumps({
        "EnableBgp": True, "LocalAsn": "1.10", "TunnelCidr": "169.254.10.0/30", "LocalBgpIp": "169.254.10.1"}),
        health_check_config=json.dumps({"enable": True, "dip": "192.10.0.1", "sip": "192.168.0.1", "interval": 5,
                                        "retry": 4, "policy": "revoke_route"}))
    conn = _describe(client, vpc_models, created.vpn_connection_id)
    bgp = conn["VpnBgpConfig"]
    assert bgp["EnableBgp"] == "true" and bgp["LocalAsn"] == 65546 and bgp["PeerAsn"] == 65001
    assert bgp["PeerBgpIp"] == "169.254.10.2" and bgp["TunnelCidr"] == "169.254.10.0/30"
    health = conn["VcoHealthCheck"]
    assert health["Enable"] == "true" and health["Interval"] == 5 and health["Retry"] == 4
    assert health["Policy"] == "revoke_route"
    # the /30 is taken on this gateway now
    cgw2 = _cgw(client, vpc_models, SINGLE_REGION, CGW2_IP, asn="65002")
    err = _error(lambda: _create_single(client, vpc_models, gw, cgw2, name="c2", bgp_config=json.dumps({
        "EnableBgp": True, "TunnelCidr": "169.254.10.0/30", "LocalBgpIp": "169.254.10.1"})))
    assert "unique" in err.message


def test_modify_merges_and_keeps_psk(single, vpc_models):
    client, gw, cgw = single
    created = _create_single(client, vpc_models, gw, cgw)
    psk = _describe(client, vpc_models, created.vpn_connection_id)["IkeConfig"]["Psk"]
    resp = client.modify_vpn_connection_attribute(vpc_models.ModifyVpnConnectionAttributeRequest(
        region_id=SINGLE_REGION, vpn_connection_id=created.vpn_connection_id,
        ike_config=json.dumps({"IkeVersion": "ikev2", "IkeAuthAlg": "sha256"}), remote_subnet="192.10.0.0/16,10.1.0.0/16",
        bgp_config=json.dumps({"EnableBgp": True, "TunnelCidr": "169.254.20.0/30", "LocalBgpIp": "169.254.20.1"})))
    assert resp.body.ike_config.ike_auth_alg == "sha256" and resp.body.ike_config.ike_lifetime == 86400
    conn = _describe(client, vpc_models, created.vpn_connection_id)
    assert conn["IkeConfig"]["Psk"] == psk and conn["IkeConfig"]["IkeVersion"] == "ikev2"
    assert conn["IkeConfig"]["IkeEncAlg"] == "aes" and conn["RemoteSubnet"] == "192.10.0.0/16,10.1.0.0/16"
    assert conn["VpnBgpConfig"]["EnableBgp"] == "true"
    err = _error(lambda: client.modify_vpn_connection_attribute(vpc_models.ModifyVpnConnectionAttributeRequest(
        region_id=SINGLE_REGION, vpn_connection_id=created.vpn_connection_id,
        ipsec_config=json.dumps({"IpsecLifetime": 90000}), name="changed")))
    assert err.code == "InvalidParameter"
    assert _describe(client, vpc_models, created.vpn_connection_id)["Name"] == "c1"  # failed request changed nothing


def test_dual_tunnel_create_types_and_modify(dual, vpc_models):
    client, gw, cgw1, cgw2 = dual
    tunnels = _tunnels(cgw1, cgw2, TunnelIkeConfig={"IkeVersion": "ikev2", "Psk": "masterkey1"},
                       TunnelBgpConfig={"TunnelCidr": "169.254.30.0/30", "LocalBgpIp": "169.254.30.1"})
    tunnels[1]["TunnelBgpConfig"] = {"TunnelCidr": "169.254.31.0/30", "LocalBgpIp": "169.254.31.1"}
    created = _create_dual(client, vpc_models, gw, tunnels, enable_tunnels_bgp=True)
    conn = _describe(client, vpc_models, created.vpn_connection_id, REGION)
    options = conn["TunnelOptionsSpecification"]["TunnelOptions"]
    assert [t["Role"] for t in options] == ["master", "slave"]
    master, slave = options
    assert master["TunnelId"].startswith("tun-") and master["CustomerGatewayId"] == cgw1
    # documented Describe types: strings inside TunnelOptions
    assert master["EnableDpd"] == "true" and master["TunnelIkeConfig"]["IkeLifetime"] == "86400"
    assert master["TunnelBgpConfig"]["LocalAsn"] == "45104" and master["TunnelBgpConfig"]["PeerAsn"] == "65001"
    assert master["TunnelIkeConfig"]["Psk"] == "masterkey1" and len(slave["TunnelIkeConfig"]["Psk"]) == 16
    assert master["Status"] == "ike_sa_not_established" and conn["EnableTunnelsBgp"] is True
    gateway = client.describe_vpn_gateway(vpc_models.DescribeVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gw)).body
    assert master["InternetIp"] == gateway.internet_ip and slave["InternetIp"] == gateway.disaster_recovery_internet_ip
    spec = vpc_models.ModifyVpnConnectionAttributeRequestTunnelOptionsSpecification().from_map(
        {"TunnelId": slave["TunnelId"], "Role": "slave", "EnableNatTraversal": False,
         "TunnelIpsecConfig": {"IpsecLifetime": 7200, "IpsecAuthAlg": "sha1"}})
    resp = client.modify_vpn_connection_attribute(vpc_models.ModifyVpnConnectionAttributeRequest(
        region_id=REGION, vpn_connection_id=created.vpn_connection_id, tunnel_options_specification=[spec]))
    modified = resp.body.tunnel_options_specification.tunnel_options[1]
    assert modified.enable_nat_traversal is False and modified.tunnel_ipsec_config.ipsec_lifetime == 7200
    slave = _describe(client, vpc_models, created.vpn_connection_id, REGION)["TunnelOptionsSpecification"]["TunnelOptions"][1]
    assert slave["EnableNatTraversal"] == "false" and slave["TunnelIpsecConfig"]["IpsecLifetime"] == "7200"
    assert slave["TunnelIpsecConfig"]["IpsecEncAlg"] == "aes"


@pytest.mark.parametrize("tunnels,code", [
    (lambda c1, c2: _tunnels(c1, c2)[:1], "InvalidParameter"),
    (lambda c1, c2: [dict(t, Role="master") for t in _tunnels(c1, c2)], "InvalidParameter"),
    (lambda c1, c2: _tunnels(c1, c2, TunnelIkeConfig={"Psk": "bad psk"}), "InvalidPsk"),
    (lambda c1, c2: _tunnels(c1, c2, TunnelIpsecConfig={"IpsecLifetime": 86401}), "InvalidParameter"),
])
def test_dual_validation(dual, vpc_models, tunnels, code):
    client, gw, cgw1, cgw2 = dual
    err = _error(lambda: _create_dual(client, vpc_models, gw, tunnels(cgw1, cgw2)))
    assert err.code == code, err.message


def test_gateway_kind_decides_connection_kind(single, dual, vpc_models):
    client, gw, cgw = single
    spec = _tunnels(cgw, cgw)
    err = _error(lambda: _create_single(client, vpc_models, gw, cgw, tunnel_options_specification=[
        vpc_models.CreateVpnConnectionRequestTunnelOptionsSpecification().from_map(t) for t in spec]))
    assert "TunnelOptionsSpecification" in err.message
    client, dual_gw, cgw1 = dual[:3]
    err = _error(lambda: client.create_vpn_connection(vpc_models.CreateVpnConnectionRequest(
        region_id=REGION, vpn_gateway_id=dual_gw, customer_gateway_id=cgw1, local_subnet="192.168.0.0/16",
        remote_subnet="192.10.0.0/16")))
    assert err.code == "MissingParameter" and "TunnelOptionsSpecification" in err.message


def test_download_config_is_the_peer_view(single, vpc_models):
    client, gw, cgw = single
    created = _create_single(client, vpc_models, gw, cgw, local_subnet="192.168.0.0/16,172.16.0.0/12",
                             ike_config=json.dumps({"IkeVersion": "ikev2", "Psk": "sharedkey1"}),
                             bgp_config=json.dumps({"EnableBgp": True, "TunnelCidr": "169.254.10.0/30",
                                                    "LocalBgpIp": "169.254.10.1"}))
    conn = _describe(client, vpc_models, created.vpn_connection_id)
    cfg = client.download_vpn_connection_config(vpc_models.DownloadVpnConnectionConfigRequest(
        region_id=SINGLE_REGION, vpn_connection_id=created.vpn_connection_id)).body.vpn_connection_config.to_map()
    assert cfg["Local"] == CGW_IP and cfg["Remote"] == conn["IkeConfig"]["LocalId"]
    assert cfg["LocalSubnet"] == "192.10.0.0/16" and cfg["RemoteSubnet"] == "192.168.0.0/16,172.16.0.0/12"
    assert cfg["IkeConfig"]["LocalId"] == CGW_IP and cfg["IkeConfig"]["RemoteId"] == conn["IkeConfig"]["LocalId"]
    assert cfg["IkeConfig"]["Psk"] == "sharedkey1" and cfg["IkeConfig"]["IkeLifetime"] == 86400
    [bgp] = cfg["BgpConfigs"]["BgpConfig"]
    assert bgp == {"TunnelId": "", "LocalAsn": "65001", "PeerAsn": "45104", "LocalBgpIp": "169.254.10.2",
                   "PeerBgpIp": "169.254.10.1", "TunnelCidr": "169.254.10.0/30"}


def test_download_config_dual(dual, vpc_models):
    client, gw, cgw1, cgw2 = dual
    created = _create_dual(client, vpc_models, gw, _tunnels(cgw1, cgw2))
    cfg = client.download_vpn_connection_config(vpc_models.DownloadVpnConnectionConfigRequest(
        region_id=REGION, vpn_connection_id=created.vpn_connection_id)).body.vpn_connection_config.to_map()
    tunnels = cfg["TunnelsConfig"]["TunnelConfig"]
    assert [t["Local"] for t in tunnels] == [CGW_IP, CGW2_IP]
    assert all(t["TunnelId"].startswith("tun-") and len(t["IkeConfig"]["Psk"]) == 16 for t in tunnels)
    assert "BgpConfigs" not in cfg
    by_slave_cgw = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(
        region_id=REGION, customer_gateway_id=cgw2)).body
    assert [c.vpn_connection_id for c in by_slave_cgw.vpn_connections.vpn_connection] == [created.vpn_connection_id]


def test_list_filters_pagination_tags_and_delete(single, vpc_models):
    client, gw, cgw = single
    ids = [_create_single(client, vpc_models, gw, cgw, name=f"c{i}", tags=[
        vpc_models.CreateVpnConnectionRequestTags(key="n", value=str(i % 2))]).vpn_connection_id for i in range(10)]
    listed = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw, page_size=4, page_number=3)).body
    assert listed.total_count == 10 and len(listed.vpn_connections.vpn_connection) == 2
    tagged = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(
        region_id=SINGLE_REGION, tag=[vpc_models.DescribeVpnConnectionsRequestTag(key="n", value="1")])).body
    assert tagged.total_count == 5
    assert tagged.to_map()["VpnConnections"]["VpnConnection"][0]["Tag"]["Tag"] == [{"Key": "n", "Value": "1"}]
    client.delete_vpn_connection(vpc_models.DeleteVpnConnectionRequest(region_id=SINGLE_REGION, vpn_connection_id=ids[0]))
    err = _error(lambda: _describe(client, vpc_models, ids[0]))
    assert err.code == "InvalidVpnConnectionInstanceId.NotFound" and err.status_code == 404


def test_tags_after_create_with_tag_resources(single, vpc_models):
    client, gw, cgw = single
    created = _create_single(client, vpc_models, gw, cgw)
    client.tag_resources(vpc_models.TagResourcesRequest(region_id=SINGLE_REGION, resource_type="VpnConnection",
                                                        resource_id=[created.vpn_connection_id],
                                                        tag=[vpc_models.TagResourcesRequestTag(key="a", value="b")]))
    assert _describe(client, vpc_models, created.vpn_connection_id)["Tags"]["Tag"] == [{"Key": "a", "Value": "b"}]


def test_create_replays_client_token(single, vpc_models):
    client, gw, cgw = single
    first = _create_single(client, vpc_models, gw, cgw, client_token="tok-1")
    again = _create_single(client, vpc_models, gw, cgw, client_token="tok-1")
    assert first.vpn_connection_id == again.vpn_connection_id
    err = _error(lambda: _create_single(client, vpc_models, gw, cgw, client_token="tok-1", name="other"))
    assert err.code == "IdempotentParameterMismatch"
