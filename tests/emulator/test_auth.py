"""Request signing: the emulator verifies exactly what the real SDK signs, and rejects what it should."""

import asyncio
import hashlib
import urllib.request

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_openapi.utils import Utils
from alibabacloud_vpc20160428 import models

from emulator_harness import REGION, STS_AK, STS_SK, STS_TOKEN


def describe(client):
    return client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION))


def test_valid_signature_is_accepted(emu):
    assert describe(emu.vpc()).status_code == 200


def test_wrong_secret_gives_signature_does_not_match(emu):
    with pytest.raises(ClientException) as err:
        describe(emu.vpc(secret="not-the-secret"))
    assert err.value.code == "SignatureDoesNotMatch"
    assert err.value.status_code == 400
    assert err.value.request_id


def test_unknown_access_key(emu):
    with pytest.raises(ClientException) as err:
        describe(emu.vpc(access_key_id="nobody", secret="x"))
    assert err.value.code == "InvalidAccessKeyId.NotFound"
    assert err.value.status_code == 404


def test_sts_token_is_accepted(emu):
    client = emu.vpc(access_key_id=STS_AK, secret=STS_SK, security_token=STS_TOKEN)
    assert describe(client).status_code == 200


def test_sts_wrong_token_is_refused(emu):
    client = emu.vpc(access_key_id=STS_AK, secret=STS_SK, security_token="stolen")
    with pytest.raises(ClientException) as err:
        describe(client)
    assert err.value.code == "InvalidSecurityToken.MismatchWithAccessKey"


def test_sts_key_without_token_is_refused(emu):
    with pytest.raises(ClientException) as err:
        describe(emu.vpc(access_key_id=STS_AK, secret=STS_SK))
    assert err.value.code == "InvalidSecurityToken.Malformed"


def test_token_with_permanent_key_is_refused(emu):
    with pytest.raises(ClientException) as err:
        describe(emu.vpc(security_token="anything"))
    assert err.value.code == "InvalidSecurityToken.MismatchWithAccessKey"


@pytest.mark.parametrize("stamp", ["2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z"])
def test_stale_or_future_date_is_refused(emu, monkeypatch, stamp):
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: stamp))
    with pytest.raises(ClientException) as err:
        describe(emu.vpc())
    assert err.value.code == "InvalidTimeStamp.Expired"


def test_malformed_date_is_refused(emu, monkeypatch):
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: "yesterday"))
    with pytest.raises(ClientException) as err:
        describe(emu.vpc())
    assert err.value.code == "InvalidTimeStamp.Format"


def test_replayed_nonce_is_refused(emu, monkeypatch):
    monkeypatch.setattr(Utils, "get_nonce", staticmethod(lambda: "0123456789abcdef0123456789abcdef"))
    client = emu.vpc()
    describe(client)
    with pytest.raises(ClientException) as err:
        describe(client)
    assert err.value.code == "SignatureNonceUsed"


def test_nonce_of_a_refused_request_is_not_burnt(emu, monkeypatch):
    monkeypatch.setattr(Utils, "get_nonce", staticmethod(lambda: "fedcba9876543210fedcba9876543210"))
    with pytest.raises(ClientException):
        describe(emu.vpc(secret="wrong"))
    assert describe(emu.vpc()).status_code == 200


def test_form_body_and_unicode_are_signed_correctly(emu):
    """A form-bodied call (the only kind the SDK sends: CreateVpnConnection's TunnelOptionsSpecification) plus
    non-ASCII and reserved characters in the query must verify; the emulator answers past auth (404 gateway)."""
    client = emu.vpc()
    request = models.CreateVpnConnectionRequest(
        region_id=REGION, vpn_gateway_id="vpn-doesnotexist", name="描述 x+y/z*~", local_subnet="10.0.0.0/16",
        remote_subnet="192.10.0.0/16",
        tunnel_options_specification=[models.CreateVpnConnectionRequestTunnelOptionsSpecification(
            customer_gateway_id="cgw-1", role="master",
            tunnel_ike_config=models.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelIkeConfig(psk="p s+k"))])
    with pytest.raises(ClientException) as err:
        client.create_vpn_connection(request)
    assert err.value.code != "SignatureDoesNotMatch"


def test_async_client_signature_is_accepted(emu):
    """aiohttp re-encodes the query differently (/ and * unescaped) and adds unsigned headers."""
    client = emu.vpc()
    request = models.DescribeVpnGatewaysRequest(region_id=REGION, vpc_id="vpc-a/b*c d")
    response = asyncio.run(client.describe_vpn_gateways_async(request))
    assert response.status_code == 200
    assert response.body.total_count == 0


def test_legacy_v2_signature_is_accepted(emu):
    client = emu.vpc(signature_algorithm="v2")
    assert describe(client).body.total_count == 0


def test_legacy_v2_wrong_secret(emu):
    with pytest.raises(ClientException) as err:
        describe(emu.vpc(secret="wrong", signature_algorithm="v2"))
    assert err.value.code == "SignatureDoesNotMatch"


def _raw(emu, headers, body=b""):
    request = urllib.request.Request(emu.url + "/?RegionId=cn-shanghai", data=body, method="POST", headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_unsigned_request_is_refused(emu):
    status, body = _raw(emu, {"x-acs-action": "DescribeVpnGateways", "x-acs-version": "2016-04-28"})
    assert status == 400
    assert b'"IncompleteSignature"' in body


def test_body_not_matching_its_hash_is_refused(emu):
    """A tampered body: x-acs-content-sha256 is for another body -> SignatureDoesNotMatch."""
    stamp = Utils.get_timestamp()
    headers = {"host": emu.endpoint, "x-acs-action": "DescribeVpnGateways", "x-acs-version": "2016-04-28",
               "x-acs-date": stamp, "x-acs-signature-nonce": Utils.get_nonce(),
               "x-acs-content-sha256": hashlib.sha256(b"original").hexdigest(),
               "content-type": "application/x-www-form-urlencoded"}
    signed = ";".join(sorted(headers))
    headers["Authorization"] = f"ACS3-HMAC-SHA256 Credential=testid,SignedHeaders={signed},Signature={'0' * 64}"
    status, body = _raw(emu, headers, b"tampered")
    assert status == 400
    assert b'"SignatureDoesNotMatch"' in body
