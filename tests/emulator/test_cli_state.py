"""The command line, persistence (--state), accepted keys, the admin endpoints and statistics."""

import json
import os
import subprocess
import sys

import pytest
import yaml
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models

from emulator_harness import EMULATOR_DIR, REGION, Emulator


def cgw(client, ip="203.0.113.20"):
    return client.create_customer_gateway(models.CreateCustomerGatewayRequest(region_id=REGION, ip_address=ip)).body


def cgw_ids(client):
    body = client.describe_customer_gateways(models.DescribeCustomerGatewaysRequest(region_id=REGION)).body
    return [c.customer_gateway_id for c in body.customer_gateways.customer_gateway]


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    return subprocess.run([sys.executable, "-m", "eds_emulator", *args], env=env, capture_output=True, text=True,
                          timeout=30, check=False)


def test_ready_line_free_port_and_clean_sigterm():
    first, second = Emulator(), Emulator()
    try:
        assert first.url.startswith("http://127.0.0.1:") and first.port != second.port
        assert first.admin("/health")["status"] == "ok"
    finally:
        assert first.stop() == 0
        assert second.stop() == 0
        first.cleanup()
        second.cleanup()


def test_state_persists_across_restarts(tmp_path):
    state = tmp_path / "state.json"
    first = Emulator(["--state", str(state), "--time-scale", "0"])
    try:
        made = cgw(first.vpc()).customer_gateway_id
    finally:
        first.cleanup()
    saved = json.loads(state.read_text())
    assert made in saved["store"]["regions"][REGION]["tables"]["customer_gateways"]
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # written atomically: no temp file left
    second = Emulator(["--state", str(state), "--time-scale", "0"])
    try:
        client = second.vpc()
        assert cgw_ids(client) == [made]
        newer = cgw(client, ip="203.0.113.21").customer_gateway_id
        assert newer != made  # the id sequence continues after a restart
    finally:
        second.cleanup()


def test_reset_returns_to_the_scenario_and_clears_state_file(tmp_path):
    state = tmp_path / "state.json"
    emu = Emulator(["--state", str(state)])
    try:
        cgw(emu.vpc())
        assert emu.admin("/reset", {})["status"] == "reset"
        assert cgw_ids(emu.vpc()) == []
        assert json.loads(state.read_text())["store"]["regions"][REGION]["tables"].get("customer_gateways", {}) == {}
    finally:
        emu.cleanup()


def test_custom_scenario_and_extra_keys(start_emulator, tmp_path):
    scenario = {"access_keys": [{"id": "scn", "secret": "scn-secret"}],
                "regions": {"eu-central-1": {"zones": ["eu-central-1a"], "vpcs": [
                    {"VpcId": "vpc-gk1custom0000000000001", "CidrBlock": "10.1.0.0/16"}]}}}
    path = tmp_path / "custom.yml"
    path.write_text(yaml.safe_dump(scenario))
    emu = start_emulator("--scenario", str(path), "--access-key", "extra:extra-secret",
                         "--sts-key", "STS.extra:sts-secret:sts-token")
    for client in (emu.vpc(access_key_id="scn", secret="scn-secret"),
                   emu.vpc(access_key_id="extra", secret="extra-secret"),
                   emu.vpc(access_key_id="STS.extra", secret="sts-secret", security_token="sts-token")):
        body = client.describe_vpcs(models.DescribeVpcsRequest(region_id="eu-central-1")).body
        assert [v.vpc_id for v in body.vpcs.vpc] == ["vpc-gk1custom0000000000001"]
    with pytest.raises(ClientException) as err:
        emu.vpc().describe_vpcs(models.DescribeVpcsRequest(region_id="eu-central-1"))  # testid is not in this scenario
    assert err.value.code == "InvalidAccessKeyId.NotFound"


@pytest.mark.parametrize("content,message", [
    ("regions: {r1: {vpcs: [{CidrBlock: 10.0.0.0/8}]}}\naccess_keys: [{id: a, secret: b}]", "VpcId"),
    ("unknown_key: 1", "unknown top-level"),
    ("access_keys: [{id: a}]", "id and secret"),
    ("regions: {}", "no access key"),
])
def test_bad_scenario_exits_2(tmp_path, content, message):
    path = tmp_path / "bad.yml"
    path.write_text(content)
    result = run_cli("--scenario", str(path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "READY" not in result.stdout


def test_bad_flags_exit_2():
    assert run_cli("--throttle-rate", "3").returncode == 2
    assert run_cli("--access-key", "no-colon").returncode == 2
    assert run_cli("--fault", "DescribeVpcs").returncode == 2


def test_stats_count_reads_writes_errors(emu):
    client = emu.vpc()
    cgw(client)
    cgw_ids(client)
    with pytest.raises(ClientException):
        cgw(client)  # duplicate address
    stats = emu.stats()
    assert (stats["requests"], stats["reads"], stats["writes"], stats["errors"]) == (3, 1, 2, 1)
    assert stats["by_action"]["CreateCustomerGateway"] == {"count": 2, "errors": 1, "write": True}
    assert stats["by_code"] == {"InvalidIpAddress.AlreadyExist": 1}
    assert emu.admin("/stats/reset", {})["requests"] == 0


def test_admin_endpoints(emu):
    state = emu.state()
    assert set(state) == {"store", "settings", "now"}
    assert state["settings"]["time_scale"] == 0
    assert emu.admin("/nowhere")["http_status"] == 404
    assert emu.admin("/clock", {"advance": -1})["http_status"] == 400
    before = emu.admin("/clock")["offset"]
    assert emu.admin("/clock", {"advance": 60})["offset"] == before + 60
    assert emu.admin("/state", {"nothing": 1})["http_status"] == 400


def test_quiet_and_log_file(start_emulator, tmp_path):
    log = tmp_path / "requests.log"
    emu = start_emulator("--log-file", str(log))
    emu.vpc().describe_vpcs(models.DescribeVpcsRequest(region_id=REGION))
    assert "vpc:DescribeVpcs" in log.read_text()
    quiet = start_emulator("--quiet")
    quiet.vpc().describe_vpcs(models.DescribeVpcsRequest(region_id=REGION))
    assert "DescribeVpcs" not in quiet.read_log()
