"""Fault injection seen through the real SDK: throttling, 5xx, dropped connections, latency; seeded."""

import time

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from alibabacloud_vpc20160428 import models
from darabonba.exceptions import UnretryableException
from darabonba.policy.retry import RetryCondition, RetryOptions

from emulator_harness import REGION


def vpcs(client):
    return client.describe_vpcs(models.DescribeVpcsRequest(region_id=REGION))


def create_cgw(client, token=None):
    return client.create_customer_gateway(models.CreateCustomerGatewayRequest(
        region_id=REGION, ip_address="203.0.113.77", client_token=token)).body


def outcome(client):
    try:
        vpcs(client)
        return "ok"
    except ThrottlingException:
        return "throttled"


def test_throttling_carries_retry_after(emu):
    emu.faults({"actions": {"DescribeVpcs": {"throttle": 1, "retry_after_ms": 50}}})
    with pytest.raises(ThrottlingException) as err:
        vpcs(emu.vpc())
    assert err.value.code == "Throttling.User" and err.value.status_code == 400 and err.value.retry_after == 50
    # other actions are not affected by a per-action rule
    assert emu.vpc().describe_vswitches(models.DescribeVSwitchesRequest(region_id=REGION)).status_code == 200
    assert emu.stats()["faults"] == 1


@pytest.mark.parametrize("status,code", [(503, "ServiceUnavailable"), (500, "InternalError")])
def test_server_errors(emu, status, code):
    emu.faults({"default": {"error": 1, "error_status": status}})
    with pytest.raises(ServerException) as err:
        vpcs(emu.vpc())
    assert (err.value.status_code, err.value.code) == (status, code)


def test_busy_gateway_answer_then_success(emu):
    """busy: a write is refused with VpnGateway.Configuring (nothing happens), and goes through once the rule is spent."""
    emu.faults({"actions": {"CreateCustomerGateway": {"busy": 1, "times": 1}}})
    client = emu.vpc()
    with pytest.raises(ClientException) as err:
        create_cgw(client)
    assert (err.value.status_code, err.value.code) == (400, "VpnGateway.Configuring")
    assert create_cgw(client).customer_gateway_id.startswith("cgw-")
    assert emu.stats()["faults"] == 1


def test_dropped_connection(emu):
    emu.faults({"actions": {"DescribeVpcs": {"drop": 1}}})
    with pytest.raises(UnretryableException):
        vpcs(emu.vpc())
    assert emu.stats()["by_code"] == {"fault:drop": 1}


def test_lost_response_after_a_write_is_recovered_by_client_token(emu):
    """drop_after: the write happens, the answer is lost; a retry with the same ClientToken gets the same id."""
    emu.faults({"actions": {"CreateCustomerGateway": {"drop_after": 1, "times": 1}}})
    client = emu.vpc()
    with pytest.raises(UnretryableException):
        create_cgw(client, token="retry-me")
    existing = client.describe_customer_gateways(models.DescribeCustomerGatewaysRequest(region_id=REGION)).body
    assert existing.total_count == 1
    retried = create_cgw(client, token="retry-me")
    assert retried.customer_gateway_id == existing.customer_gateways.customer_gateway[0].customer_gateway_id


def test_latency(emu):
    emu.faults({"actions": {"DescribeVpcs": {"latency_ms": 300}}})
    client = emu.vpc()
    vpcs(client)  # warm the connection pool
    started = time.monotonic()
    vpcs(client)
    assert time.monotonic() - started >= 0.3


def test_times_limits_a_rule(emu):
    emu.faults({"actions": {"DescribeVpcs": {"throttle": 1, "times": 2, "retry_after_ms": 1}}})
    client = emu.vpc()
    assert [outcome(client) for attempt in range(4)] == ["throttled", "throttled", "ok", "ok"]


def test_sdk_retry_honours_throttling(emu):
    emu.faults({"actions": {"DescribeVpcs": {"throttle": 1, "times": 2, "retry_after_ms": 20}}})
    retry = RetryOptions({"retryable": True, "retryCondition": [RetryCondition({
        "maxAttempts": 3, "exception": ["ThrottlingException"], "backoff": {"policy": "Fixed", "period": 10}})]})
    assert vpcs(emu.vpc(retry_options=retry)).status_code == 200
    assert emu.stats()["by_action"]["DescribeVpcs"]["count"] == 3


def test_faults_are_seeded(start_emulator):
    runs = []
    for seed in ("7", "7", "8"):
        emu = start_emulator("--seed", seed, "--throttle-rate", "0.5", "--retry-after-ms", "1")
        client = emu.vpc()
        runs.append([outcome(client) for attempt in range(24)])
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert "ok" in runs[0] and "throttled" in runs[0]


def test_fault_flags(start_emulator):
    emu = start_emulator("--error-rate", "1", "--error-status", "500")
    with pytest.raises(ServerException) as err:
        vpcs(emu.vpc())
    assert err.value.status_code == 500
    per_action = start_emulator("--fault", "DescribeVpcs:throttle=1,retry_after_ms=5")
    with pytest.raises(ThrottlingException) as throttled:
        vpcs(per_action.vpc())
    assert throttled.value.retry_after == 5
    assert per_action.admin("/faults")["actions"]["DescribeVpcs"]["throttle"] == 1


def test_faults_endpoint_validates_and_merges(emu):
    assert emu.faults({"default": {"throttle": 2}})["http_status"] == 400
    assert emu.faults({"default": {"bogus": 1}})["http_status"] == 400
    emu.faults({"actions": {"DescribeVpcs": {"latency_ms": 1}}})
    merged = emu.faults({"merge": True, "actions": {"DescribeVSwitches": {"error": 0.5}}})
    assert set(merged["actions"]) == {"DescribeVpcs", "DescribeVSwitches"}
    assert emu.faults({})["actions"] == {}


def test_auth_errors_are_not_masked_by_faults(emu):
    emu.faults({"default": {"error": 1}})
    with pytest.raises(ClientException) as err:
        vpcs(emu.vpc(secret="wrong"))
    assert err.value.code == "SignatureDoesNotMatch"
