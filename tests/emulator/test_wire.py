"""Wire format: dispatch, parameter rebuilding, error bodies, region checks, request log, admin endpoints."""

import socket

import pytest
from alibabacloud_tea_openapi import utils_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models
from darabonba.runtime import RuntimeOptions

from emulator_harness import REGION, USER_VPC
from eds_emulator.errors import ApiError
from eds_emulator.params import parse_params


def _call(emu, action, version="2016-04-28", query=None):
    """A generic RPC call through the SDK's own OpenApiClient (same signing path as every product client)."""
    client = OpenApiClient(emu.config())
    params = utils_models.Params(action=action, version=version, protocol="HTTP", pathname="/", method="POST",
                                 auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
    request = utils_models.OpenApiRequest(query=query or {})
    return client.call_api(params, request, RuntimeOptions())


def test_unknown_action_is_404(emu):
    with pytest.raises(ClientException) as err:
        _call(emu, "DescribeUnicorns", query={"RegionId": REGION})
    assert err.value.code == "InvalidApi.NotFound"
    assert err.value.status_code == 404


def test_unknown_version_is_404(emu):
    with pytest.raises(ClientException) as err:
        _call(emu, "DescribeVpnGateways", version="2099-01-01", query={"RegionId": REGION})
    assert err.value.code == "InvalidApi.NotFound"


def test_missing_region_id(emu):
    with pytest.raises(ClientException) as err:
        emu.vpc().describe_vpn_gateways(models.DescribeVpnGatewaysRequest())
    assert err.value.code == "MissingParameter"
    assert "RegionId" in err.value.message


def test_unknown_region(emu):
    with pytest.raises(ClientException) as err:
        emu.vpc().describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id="mars-north-1"))
    assert err.value.code == "InvalidRegionId.NotFound"
    assert err.value.status_code == 404


def test_error_body_shape(emu):
    with pytest.raises(ClientException) as err:
        emu.vpc().describe_vpn_gateway(models.DescribeVpnGatewayRequest(region_id=REGION, vpn_gateway_id="vpn-none"))
    data = err.value.data
    assert data["Code"] == "InvalidVpnGatewayInstanceId.NotFound"
    assert data["HostId"] == "vpc.cn-shanghai.aliyuncs.com"
    assert data["RequestId"] == err.value.request_id
    assert data["Recommend"].startswith("https://api.aliyun.com/troubleshoot?")
    assert data["statusCode"] == 404


def test_bad_boolean_is_rejected(emu):
    with pytest.raises(ClientException) as err:
        _call(emu, "DescribeVpnGateways", query={"RegionId": REGION, "IncludeReservationData": "maybe"})
    assert err.value.code == "InvalidParameter"
    assert "IncludeReservationData" in err.value.message


def test_bad_integer_is_rejected(emu):
    with pytest.raises(ClientException) as err:
        _call(emu, "DescribeVpnGateways", query={"RegionId": REGION, "PageSize": "ten"})
    assert err.value.code == "InvalidParameter"


def test_success_headers_and_request_id(emu):
    response = emu.vpc().describe_vpcs(models.DescribeVpcsRequest(region_id=REGION, vpc_id=USER_VPC))
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    assert response.headers["x-acs-request-id"] == response.body.request_id
    assert len(response.body.request_id) == 36 and response.body.request_id == response.body.request_id.upper()


def test_request_log_has_one_line_per_request(emu):
    before = emu.read_log().count("vpc:DescribeVpcs")
    emu.vpc().describe_vpcs(models.DescribeVpcsRequest(region_id=REGION))
    emu.vpc().describe_vpcs(models.DescribeVpcsRequest(region_id=REGION))
    assert emu.read_log().count("vpc:DescribeVpcs") == before + 2


# pure parsing logic of the wire layer (no I/O)
def test_params_rebuild_lists_and_objects():
    params = parse_params("Tags.1.Key=a&Tags.1.Value=1&Tags.2.Key=b&Tags.2.Value=&RegionId=cn-shanghai",
                          b"TunnelOptionsSpecification.1.TunnelIkeConfig.IkeLifetime=600"
                          b"&TunnelOptionsSpecification.1.EnableDpd=False",
                          "application/x-www-form-urlencoded")
    assert params["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}]
    assert params["TunnelOptionsSpecification"] == [{"TunnelIkeConfig": {"IkeLifetime": 600}, "EnableDpd": False}]


def test_params_parse_json_strings_and_drop_owner_fields():
    params = parse_params("IkeConfig=%7B%22IkeVersion%22%3A+%22ikev2%22%7D&OwnerId=1&RegionId=x")
    assert params == {"IkeConfig": {"IkeVersion": "ikev2"}, "RegionId": "x"}


@pytest.mark.parametrize("query", ["Tags.2.Key=a", "Tags.1.Key=a&Tags=b", "IkeConfig=%7Bnot-json", "IkeConfig=%5B1%5D",
                                   "Tags.1.Key=a&Tags.1.Key=b", "EnableDpd=yes", "PageSize=1.5"])
def test_params_reject_malformed(query):
    with pytest.raises(ApiError) as err:
        parse_params(query)
    assert err.value.status == 400


def test_body_ignored_unless_form():
    assert parse_params("A=1", b"B=2", "application/json") == {"A": "1"}


def test_bad_content_length_gets_an_answer(emu):
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400")
