"""playbooks/site.yml, teardown.yml and check mode, run as a user runs them (`ansible-playbook eds.vpc_access.site`)
with the sample inventory (data-center groups empty) against the local emulator started by scripts/emulator.

What a user relies on: the first run builds the cloud side, a second run changes nothing and makes no write call,
check mode on an empty account makes no write call and says what would change, teardown leaves nothing behind, and
bad inputs stop the run before any API call.
"""

import json
import os
import re
import shutil
import subprocess
import urllib.request

import pytest

from emulator_process import running_emulator
from recap import play_recap

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INVENTORY = os.path.join(REPO, "playbooks", "inventory", "sample")


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    with running_emulator(tmp_path_factory.mktemp("emulator") / "emulator.log") as emu:
        yield emu


@pytest.fixture(scope="module")
def playbook(collections_path, tmp_path_factory):
    """playbook(name, *args, check=False) -> CompletedProcess of `ansible-playbook eds.vpc_access.<name>`; .stats has the
    localhost PLAY RECAP counts, .summary the lines of the summary task."""
    home = tmp_path_factory.mktemp("ansible")

    def _run(emulator, name, *args, check=False, inventory=INVENTORY):
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        env.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default",
                   ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(home), ANSIBLE_LOCALHOST_WARNING="false",
                   ALICLOUD_ACCESS_KEY="testid", ALICLOUD_SECRET_KEY="testsecret")
        cmd = ["ansible-playbook", "eds.vpc_access." + name, "-i", inventory,
               "-e", "vpc_access_endpoint_url=" + emulator.url] + list(args) + (["--check"] if check else [])
        # cwd: the topology picture site.yml writes (vpc_access_report_dir, default the current directory)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False, cwd=str(home))
        proc.stats = play_recap(proc.stdout).get("localhost")
        rows = "vpn gateway|customer gateway|ipsec connection|transit router attachment|vpn route|cen publish|solution:"
        proc.summary = re.findall(r'(?m)^\s+"((?:' + rows + r')[^"]*)",?$', proc.stdout)
        proc.log = proc.stdout[-6000:] + proc.stderr[-3000:]
        return proc
    return _run


def test_site_converges_is_idempotent_and_teardown_removes_everything(emulator, playbook):
    emulator.reset()
    fresh = emulator.resources()

    first = playbook(emulator, "site")
    assert first.returncode == 0, first.log
    # the VPN gateway's task and the site's one vpn_site task (customer gateway, connection, route, publication)
    assert first.stats["changed"] >= 2 and first.stats["failed"] == 0, first.log
    rows = {" ".join(line.split()[:2]): line for line in first.summary}
    for row in ("vpn gateway", "customer gateway", "ipsec connection", "vpn route", "cen publish"):
        assert rows[row].endswith(" changed"), first.summary
    made = emulator.resources()
    for table in ("cn-shanghai/vpn_gateways", "cn-shanghai/customer_gateways", "cn-shanghai/vpn_connections",
                  "cn-shanghai/vpn_route_entries", "cen_publications"):
        assert len(made.get(table, [])) == 1, (table, made)
    assert any(line.startswith("ipsec connection") and "vco-" in line and line.endswith("changed")
               for line in first.summary), first.summary

    emulator.call("/_emulator/stats/reset", "POST")
    second = playbook(emulator, "site")
    assert second.returncode == 0, second.log
    assert second.stats["changed"] == 0, second.log
    stats = emulator.stats()
    assert stats["writes"] == 0, {a: c for a, c in stats["by_action"].items() if c.get("write")}
    assert stats["reads"] > 0
    assert emulator.resources() == made
    assert all(line.endswith(" ok") for line in second.summary if not line.startswith("solution")), second.summary

    down = playbook(emulator, "teardown")
    assert down.returncode == 0, down.log
    assert down.stats["changed"] >= 5, down.log
    assert emulator.resources() == fresh

    emulator.call("/_emulator/stats/reset", "POST")
    again = playbook(emulator, "teardown")
    assert again.returncode == 0 and again.stats["changed"] == 0, again.log
    assert emulator.stats()["writes"] == 0


def test_transit_router_variant_converges_without_a_vpn_gateway_and_teardown_undoes_it(emulator, playbook):
    """vpc_access_attach_to=transit_router: an IPsec-VPN attachment on the CEN's transit router instead of a VPN
    gateway, associated and propagated; idempotent; teardown leaves the account as it was."""
    emulator.reset()
    fresh = emulator.resources()
    variant = ("-e", "vpc_access_attach_to=transit_router")

    first = playbook(emulator, "site", *variant)
    assert first.returncode == 0, first.log
    made = emulator.resources()
    assert made.get("cn-shanghai/vpn_gateways", []) == [], made
    assert len(made["cn-shanghai/vpn_connections"]) == 1 and len(made["cn-shanghai/customer_gateways"]) == 1, made
    attachments = set(made["tr_attachments"]) - set(fresh["tr_attachments"])
    assert len(attachments) == 1, made
    attachment = attachments.pop()
    assert attachment + "|vtb-uf6trsystem00000000001" in made["tr_associations"], made
    assert attachment + "|vtb-uf6trsystem00000000001" in made["tr_propagations"], made
    assert any(line.startswith("transit router attachment") and attachment in line and line.endswith("changed")
               for line in first.summary), first.summary
    assert any(line.startswith("vpn gateway") and line.endswith("skipped") for line in first.summary), first.summary
    # the picture's summary (printed by "Where the picture is"): the transit router in place of a VPN gateway, the
    # site's attachment with its subnets and both tunnels, read after the data-center plays
    vco = made["cn-shanghai/vpn_connections"][0]
    picture = re.findall(r'(?m)^\s+"((?:vpn attachment|connection|transit_router|vpn_gateway)[ _][^"]*)",?$', first.stdout)
    assert [line for line in picture if line.startswith(("vpn attachment", "connection "))] == [
        f"vpn attachment {vco}: local 172.16.0.0/12,192.168.0.0/16 <-> remote 192.10.0.0/16"
        .replace(",", ", ")], picture
    router = [line.split() for line in picture if line.split()[:2] == ["transit_router", "cloud"]]
    assert len(router) == 1 and "tr-uf6sampleplan000000001" in router[0] and vco in router[0], picture
    assert [line.split(":")[1].split()[0] for line in picture if line.startswith("transit_router -> customer_gateway")] \
        == ["master", "slave"], picture
    assert not any(line.startswith("vpn_gateway") for line in picture), picture

    emulator.call("/_emulator/stats/reset", "POST")
    second = playbook(emulator, "site", *variant)
    assert second.returncode == 0 and second.stats["changed"] == 0, second.log
    assert emulator.stats()["writes"] == 0
    assert emulator.resources() == made

    down = playbook(emulator, "teardown", *variant)
    assert down.returncode == 0, down.log
    assert emulator.resources() == fresh

    emulator.call("/_emulator/stats/reset", "POST")
    again = playbook(emulator, "teardown", *variant)
    assert again.returncode == 0 and again.stats["changed"] == 0, again.log
    assert emulator.stats()["writes"] == 0


def settings(emulator, **values):
    req = urllib.request.Request(emulator.url + "/_emulator/settings", method="POST", data=json.dumps(values).encode())
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def test_china_site_account_gets_a_subscription_gateway(emulator, playbook):
    """An account of the China site creates VPN gateways by subscription only (PREPAY and its months): the playbook
    sends them when asked; pay-as-you-go, its default, is refused there by the API."""
    emulator.reset()
    fresh = emulator.resources()
    settings(emulator, site="china")
    try:
        refused = playbook(emulator, "site")
        assert refused.returncode != 0 and "InstanceChargeType" in refused.stdout, refused.log
        assert emulator.resources() == fresh

        prepay = ("-e", "vpc_access_instance_charge_type=PREPAY", "-e", "vpc_access_period=12")
        first = playbook(emulator, "site", *prepay)
        assert first.returncode == 0, first.log
        (gateway,) = emulator.call("/_emulator/state")["store"]["regions"]["cn-shanghai"]["tables"]["vpn_gateways"].values()
        assert gateway["ChargeType"] == "Prepay", gateway
        emulator.reset_stats()
        second = playbook(emulator, "site", *prepay)
        assert second.returncode == 0 and second.stats["changed"] == 0, second.log
        assert emulator.stats()["writes"] == 0
        # the API does not release a subscription before it expires: teardown removes everything else and says so
        down = playbook(emulator, "teardown", *prepay)
        assert down.returncode == 0, down.log
        assert "it is a subscription (PREPAY), which the API does not release" in down.stdout, down.log
        left = emulator.resources()
        assert left.pop("cn-shanghai/vpn_gateways") == [gateway["VpnGatewayId"]] and left == fresh, left
    finally:
        emulator.reset()


@pytest.mark.parametrize("solution", ["cloud_route", "cname", "custom_address"])
def test_check_mode_on_an_empty_account_writes_nothing_and_reports_the_changes(emulator, playbook, solution):
    emulator.reset()
    fresh = emulator.resources()
    proc = playbook(emulator, "site", "-e", "vpc_access_solution=" + solution, check=True)
    assert proc.returncode == 0, proc.log
    stats = emulator.stats()
    assert stats["writes"] == 0, {a: c for a, c in stats["by_action"].items() if c.get("write")}
    assert stats["reads"] > 0
    assert emulator.resources() == fresh
    rows = {line.split()[0] + " " + line.split()[1]: line for line in proc.summary if not line.startswith("solution")}
    for row in ("vpn gateway", "customer gateway", "ipsec connection", "vpn route", "cen publish"):
        assert rows[row].endswith("would change"), proc.summary
    solution_line = [line for line in proc.summary if line.startswith("solution")]
    assert solution_line and solution_line[0].startswith("solution: " + solution), proc.summary
    # the cname solution points private.wuying.com at the office network's private endpoint, read from the API
    assert "ep-uf6eds0000000000001" in solution_line[0]


@pytest.mark.parametrize("extra, message", [
    (["-e", "vpc_access_solution=vpn"], "vpc_access_solution"),
    (["-e", '{"vpc_access_datacenter_cidrs": ["192.168.10.0/24"]}'], "192.168.10.0/24"),
    (["-e", "vpc_access_bandwidth=lots"], "vpc_access_bandwidth"),
    (["-e", "vpc_access_routing_mode=bgp"], "vpc_access_datacenter_asn: vpc_access_routing_mode bgp needs"),
    (["-e", '{"vpc_access_routing_mode": "bgp", "vpc_access_datacenter_asn": "65010", '
            '"vpc_access_bgp_tunnel_cidrs": ["10.0.0.0/30", "169.254.20.2/30"]}'],
     "vpc_access_bgp_tunnel_cidrs: 10.0.0.0/30, 169.254.20.2/30 must be /30 networks inside 169.254.0.0/16"),
    (["-e", '{"vpc_access_routing_mode": "bgp", "vpc_access_datacenter_asn": "45104"}'],
     "vpc_access_datacenter_asn: 45104 equals vpc_access_bgp_cloud_asn"),
    (["-e", "vpc_access_routing_mode=static"], "vpc_access_routing_mode"),
])
def test_bad_input_stops_the_run_before_any_api_call(emulator, playbook, extra, message):
    emulator.reset()
    proc = playbook(emulator, "site", *extra)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr, proc.log
    assert emulator.stats()["requests"] == 0


def test_a_missing_input_is_named(emulator, playbook, tmp_path):
    """Survey-friendly: the inventory's group_vars are not used here, every required input comes from extra vars."""
    emulator.reset()
    inventory = tmp_path / "hosts.yml"
    shutil.copy(os.path.join(INVENTORY, "hosts.yml"), inventory)
    proc = playbook(emulator, "site", "-e", "vpc_access_region=cn-shanghai", inventory=str(inventory))
    assert proc.returncode != 0
    assert "vpc_access_vpc_id" in proc.stdout + proc.stderr, proc.log
    assert emulator.stats()["requests"] == 0
