"""Negotiation status, connection logs and the gateway diagnosis follow from the peer the data center really is
(POST /_emulator/peers), through the real VPC SDK."""

import json

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException

from emulator_harness import REGION, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, USER_VPC, USER_VSW_E, USER_VSW_F

CGW_IP = "203.0.113.10"
PSK = "s3cret-psk"
IKE = {"IkeVersion": "ikev2", "IkeEncAlg": "aes256", "IkeAuthAlg": "sha256", "IkePfs": "group14", "Psk": PSK}
ESP = {"IpsecEncAlg": "aes256", "IpsecAuthAlg": "sha256", "IpsecPfs": "group14"}


@pytest.fixture
def single(emu, vpc_models):
    """(client, gateway id, connection id): a single-tunnel connection with known proposals and PSK."""
    client = emu.vpc()
    gw = client.create_vpn_gateway(vpc_models.CreateVpnGatewayRequest(
        region_id=SINGLE_REGION, bandwidth=10, auto_pay=True, vpc_id=SINGLE_VPC, v_switch_id=SINGLE_VSW)).body.vpn_gateway_id
    cgw = client.create_customer_gateway(vpc_models.CreateCustomerGatewayRequest(
        region_id=SINGLE_REGION, ip_address=CGW_IP)).body.customer_gateway_id
    conn = client.create_vpn_connection(vpc_models.CreateVpnConnectionRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw, customer_gateway_id=cgw, local_subnet="192.168.0.0/16",
        remote_subnet="192.10.0.0/16", ike_config=json.dumps(IKE), ipsec_config=json.dumps(ESP))).body.vpn_connection_id
    return client, gw, conn


def _status(client, models, conn):
    return client.describe_vpn_connection(models.DescribeVpnConnectionRequest(
        region_id=SINGLE_REGION, vpn_connection_id=conn)).body.status


def _logs(client, models, conn, region=SINGLE_REGION, **kw):
    if "from_" not in kw and "to" not in kw:
        kw.setdefault("minute_period", 10)
    body = client.describe_vpn_connection_logs(models.DescribeVpnConnectionLogsRequest(
        region_id=region, vpn_connection_id=conn, **kw)).body
    return body


PEER = {"address": CGW_IP, "psk": PSK,
        "ike_config": {"version": "ikev2", "enc_alg": "aes256", "auth_alg": "sha256", "pfs": "group14"},
        "ipsec_config": {"enc_alg": "aes256", "auth_alg": "sha256", "pfs": "group14"},
        "local_subnets": ["192.10.0.0/16"], "remote_subnets": ["192.168.0.0/16"]}


@pytest.mark.parametrize("change, status, needle", [
    ({}, "ipsec_sa_established", "CHILD_SA established"),
    ({"psk": "wrong"}, "ike_sa_not_established", "AUTHENTICATION_FAILED"),
    ({"ike_config": dict(PEER["ike_config"], enc_alg="aes128")}, "ike_sa_not_established", "no acceptable IKE proposal"),
    ({"ike_config": dict(PEER["ike_config"], version="ikev1")}, "ike_sa_not_established", "NO_PROPOSAL_CHOSEN"),
    ({"ipsec_config": dict(PEER["ipsec_config"], pfs="group2")}, "ipsec_sa_not_established", "CHILD_SA"),
    ({"local_subnets": ["10.9.0.0/16"]}, "ipsec_sa_not_established", "TS_UNACCEPTABLE"),
    ({"reachable": False}, "ike_sa_not_established", "not responding"),
])
def test_status_and_logs_follow_the_peer(emu, vpc_models, single, change, status, needle):
    client, conn = single[0], single[2]
    assert _status(client, vpc_models, conn) == "ike_sa_not_established"   # nobody answers yet
    emu.admin("/peers", {"peers": [dict(PEER, **change)]})
    emu.advance(61)
    assert _status(client, vpc_models, conn) == status
    body = _logs(client, vpc_models, conn)
    assert body.count == len(body.data.logs) >= 2
    assert any(needle in line for line in body.data.logs), body.data.logs
    assert all(conn in line for line in body.data.logs)


def test_peer_behind_nat_is_logged_as_a_stray_address(emu, vpc_models, single):
    client, conn = single[0], single[2]
    emu.admin("/peers", {"peers": [dict(PEER, address="198.51.100.7")]})
    emu.advance(31)
    assert _status(client, vpc_models, conn) == "ike_sa_not_established"
    logs = _logs(client, vpc_models, conn).data.logs
    assert any("198.51.100.7" in line and "no IKE config found" in line for line in logs), logs


def test_logs_window_and_paging(emu, vpc_models, single):
    client, conn = single[0], single[2]
    emu.admin("/peers", {"peers": [PEER]})
    emu.advance(300)
    # a fixed window: the emulated clock runs on, a "last 10 minutes" window would move between two reads
    now = int(emu.admin("/clock")["now"])
    window = {"from_": now - 600, "to": now}
    everything = _logs(client, vpc_models, conn, page_size=50, **window).data.logs
    pages, number = [], 1
    while True:
        body = _logs(client, vpc_models, conn, page_size=3, page_number=number, **window)
        pages.extend(body.data.logs)
        if body.count < 3:
            break
        number += 1
    assert pages == everything and len(everything) > 6
    # a one-minute window holds two attempts (one every 30 s)
    minute = _logs(client, vpc_models, conn, minute_period=1, to=now).data.logs
    assert 2 <= len(minute) <= 4 < len(everything)
    with pytest.raises(ClientException) as info:
        _logs(client, vpc_models, conn, minute_period=11)
    assert info.value.code == "InvalidParameter"


def test_dual_tunnel_logs_need_a_tunnel(emu, vpc_models):
    client = emu.vpc()
    gw = client.create_vpn_gateway(vpc_models.CreateVpnGatewayRequest(
        region_id=REGION, bandwidth=10, auto_pay=True, vpc_id=USER_VPC, v_switch_id=USER_VSW_E,
        disaster_recovery_vswitch_id=USER_VSW_F)).body.vpn_gateway_id
    cgw = client.create_customer_gateway(vpc_models.CreateCustomerGatewayRequest(
        region_id=REGION, ip_address=CGW_IP)).body.customer_gateway_id
    spec = vpc_models.CreateVpnConnectionRequestTunnelOptionsSpecification
    conn = client.create_vpn_connection(vpc_models.CreateVpnConnectionRequest(
        region_id=REGION, vpn_gateway_id=gw, local_subnet="192.168.0.0/16", remote_subnet="192.10.0.0/16",
        tunnel_options_specification=[spec(customer_gateway_id=cgw, role="master"),
                                      spec(customer_gateway_id=cgw, role="slave")])).body.vpn_connection_id
    emu.admin("/peers", {"peers": [{"address": CGW_IP, "psk": "not-the-generated-one"}]})
    emu.advance(31)
    body = client.describe_vpn_connection(vpc_models.DescribeVpnConnectionRequest(
        region_id=REGION, vpn_connection_id=conn)).body
    tunnels = body.tunnel_options_specification.tunnel_options
    assert {t.status for t in tunnels} == {"ike_sa_not_established"}
    with pytest.raises(ClientException) as info:
        _logs(client, vpc_models, conn, region=REGION)
    assert info.value.code == "MissingParameter"
    logs = _logs(client, vpc_models, conn, region=REGION, tunnel_id=tunnels[0].tunnel_id).data.logs
    assert any("AUTHENTICATION_FAILED" in line and tunnels[0].tunnel_id in line for line in logs)


def _diagnose(client, models, gw, conn, **kw):
    return client.diagnose_vpn_gateway(models.DiagnoseVpnGatewayRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw, resource_type="IPsec", resource_id=conn, **kw)).body.diagnose_id


def _result(client, models, gw, diagnose_id):
    return client.get_vpn_gateway_diagnose_result(models.GetVpnGatewayDiagnoseResultRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gw, diagnose_id=diagnose_id)).body


def test_diagnosis_reports_the_mismatch(emu, vpc_models, single):
    client, gw, conn = single
    emu.admin("/peers", {"peers": [dict(PEER, psk="wrong")]})
    diagnose_id = _diagnose(client, vpc_models, gw, conn,
                            ipsec_extend_info=json.dumps({"PrivateSourceIp": "192.168.1.1",
                                                          "PrivateDestinationIp": "192.10.0.53"}))
    body = _result(client, vpc_models, gw, diagnose_id)
    assert body.total_count == 7 and body.finished_count == 7 and body.finish_time
    items = {i.diagnose_name: (i.diagnose_result_level, json.loads(i.diagnose_result_description))
             for i in body.diagnose_result}
    level, consistency = items["VcoConfigConsistency"]
    assert level == "error" and consistency["vcoDiffConf"][0]["item"] == "psk"
    assert items["VpnIPsecQuota"] == ("normal", {"quotaName": "vpn_connections", "quantity": 10, "used": 1})
    assert items["VcoUserInternetIpConnectivity"][1]["lossRate"] == 0
    assert items["VcoPrivateConnectivity"][0] == "error"
    emu.admin("/peers", {"peers": [PEER]})
    items = {i.diagnose_name: i.diagnose_result_level
             for i in _result(client, vpc_models, gw, _diagnose(client, vpc_models, gw, conn)).diagnose_result}
    assert set(items.values()) == {"normal"}


def test_diagnosis_errors(emu, vpc_models, single):
    client, gw, conn = single
    for kw, code in (({"resource_type": "SSL"}, "InvalidResourceType"),
                     ({"resource_id": "vco-missing"}, "InvalidVpnConnectionInstanceId.NotFound")):
        params = dict(region_id=SINGLE_REGION, vpn_gateway_id=gw, resource_type="IPsec", resource_id=conn)
        params.update(kw)
        with pytest.raises(ClientException) as info:
            client.diagnose_vpn_gateway(vpc_models.DiagnoseVpnGatewayRequest(**params))
        assert info.value.code == code
    with pytest.raises(ClientException) as info:
        _result(client, vpc_models, gw, "vpndgn-missing")
    assert info.value.code == "InvalidDiagnoseId.NotFound"


def test_peers_endpoint_checks_its_input(emu):
    for bad in ({"peers": [{"address": "nope"}]}, {"peers": [{"address": CGW_IP, "colour": "red"}]},
                {"peers": [{"address": CGW_IP, "local_subnets": ["x"]}]}, {"peer": []}):
        answer = emu.admin("/peers", bad)
        assert answer["http_status"] == 400 and answer["error"], answer
    emu.admin("/peers", {"peers": [PEER]})
    emu.admin("/peers", {"peers": [{"address": "198.51.100.7"}], "merge": True})
    assert [p["address"] for p in emu.admin("/peers")["peers"]] == ["198.51.100.7", CGW_IP]
