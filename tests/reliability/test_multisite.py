"""Ten data centers in one run of the site playbook (docs/site_playbook.md "Several data centers"), cloud half.

One emulator, ten hosts in the group `datacenters`, forks 10, the emulator's busy (VpnGateway.Configuring) and
throttling faults on: every site converges with no failed task and no duplicate; a re-run writes nothing; a CIDR
clash between two sites stops the run before any API call, naming both; tearing one site down (--limit) leaves the
nine others exactly as they were and keeps the shared gateway; the last ones take it with them.
The data-center half (per-site roles) is tests/e2e/test_multisite_datacenter.py.
"""

import json
import os
import re
import subprocess
import time

import pytest
import yaml

from harness import ANSIBLE_PLAYBOOK, REPO, base_env, dangling_references

SITES = [f"dc{i:02d}" for i in range(1, 11)]
# throttling on every action; VpnGateway.Configuring only where the API answers it: the writes one VPN gateway
# serialises (a read or another product's write never gets it, and the modules rightly do not retry it there)
GATEWAY_WRITES = ("CreateVpnConnection", "ModifyVpnConnectionAttribute", "DeleteVpnConnection", "CreateVpnRouteEntry",
                  "DeleteVpnRouteEntry", "PublishVpnRouteEntry", "CreateVpnPbrRouteEntry", "DeleteVpnPbrRouteEntry")
FAULTS = {"default": {"throttle": 0.15},
          "actions": {action: {"throttle": 0.15, "busy": 0.15} for action in GATEWAY_WRITES}}
GATEWAY_VARS = os.path.join(REPO, "playbooks", "inventory", "multisite", "group_vars", "all.yml")
REGION = "cn-shanghai"


def inventory(tmp_path, name="inventory", clash=None, sites=SITES):
    """A multi-site inventory of sites with the example's shared inputs; clash=(site, {var: value}) overrides one
    site's host variables."""
    hosts = {}
    for i, site in enumerate(sites, start=1):
        hosts[site] = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                       "vpc_access_datacenter_public_ip": f"203.0.113.{100 + i}",
                       "vpc_access_datacenter_cidrs": [f"10.{i}.0.0/16"]}
    if clash:
        hosts[clash[0]].update(clash[1])
    path = tmp_path / name
    (path / "group_vars").mkdir(parents=True)
    (path / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {"datacenters": {"hosts": hosts}}}}))
    (path / "group_vars" / "all.yml").write_text(open(GATEWAY_VARS, encoding="utf-8").read())
    return str(path)


def playbook(name, inv, emu, *args, timeout=900):
    cmd = [ANSIBLE_PLAYBOOK, os.path.join(REPO, "playbooks", f"{name}.yml"), "-i", inv, "--forks", "10",
           "-e", json.dumps({"vpc_access_endpoint_url": emu.url, "vpc_access_report_dir": os.path.dirname(inv)}),
           *args]
    started = time.monotonic()
    proc = subprocess.run(cmd, env=base_env(emu.url), capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    return proc, time.monotonic() - started


def recap(stdout):
    """{host: {ok, changed, failed, ...}} from the PLAY RECAP."""
    return {m.group(1): {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(2))}
            for m in re.finditer(r"^(\S+)\s+: (ok=.*)$", stdout, re.M)}


def cloud(emu):
    """What the sites own in the emulator, by kind: {kind: {natural key: id}}."""
    store = emu.state()["store"]
    tables = store["regions"][REGION]["tables"]
    return {
        "vpn_gateways": {g["Name"]: k for k, g in tables.get("vpn_gateways", {}).items()},
        "customer_gateways": {c["IpAddress"]: k for k, c in tables.get("customer_gateways", {}).items()},
        "vpn_connections": {c["Name"]: k for k, c in tables.get("vpn_connections", {}).items()},
        "vpn_routes": {r["RouteDest"]: r["NextHop"] for r in tables.get("vpn_route_entries", {}).values()},
        "cen_publications": sorted(k.rsplit("|", 1)[1] for k in store["globals"].get("cen_publications", {})),
    }


def assert_ok(proc, seconds, what):
    hosts = recap(proc.stdout)
    assert proc.returncode == 0 and hosts and all(h["failed"] == 0 and h["unreachable"] == 0 for h in hosts.values()), \
        f"{what} ({seconds:.0f}s):\n{proc.stdout[-5000:]}\n{proc.stderr[-2000:]}"
    return hosts


def test_ten_sites_in_parallel_under_busy_and_throttling(emu, base_seed, tmp_path):
    inv = inventory(tmp_path)
    seed = base_seed + 600
    emu.faults({**FAULTS, "seed": seed})
    proc, seconds = playbook("site", inv, emu)
    faults = emu.stats()
    emu.faults({})
    context = f"REL_SEED={base_seed} (fault seed {seed})"
    hosts = assert_ok(proc, seconds, f"converge of {len(SITES)} sites, {context}")
    assert sorted(hosts) == SITES
    assert faults["by_code"].get("VpnGateway.Configuring", 0) > 0 and faults["by_code"].get("Throttling.User", 0) > 0, \
        f"{context}: the faults were not met, the test proves nothing: {faults['by_code']}"
    state = cloud(emu)
    # one shared gateway, one of everything else per site: no duplicate, nothing missing
    assert list(state["vpn_gateways"]) == ["eds"]
    assert sorted(state["customer_gateways"]) == sorted(f"203.0.113.{100 + i}" for i in range(1, 11))
    assert sorted(state["vpn_connections"]) == [f"eds-{s}" for s in SITES]
    assert sorted(state["vpn_routes"]) == sorted(f"10.{i}.0.0/16" for i in range(1, 11))
    assert sorted(state["vpn_routes"].values()) == sorted(state["vpn_connections"].values())
    assert state["cen_publications"] == sorted(f"10.{i}.0.0/16" for i in range(1, 11))
    assert dangling_references(emu) == []
    print(f"{context}: converge {seconds:.0f}s, {faults['requests']} requests, {faults['faults']} faults "
          f"{faults['by_code']}")

    # a no-op re-run: no write at all, changed=0 on every site
    emu.admin("/stats/reset", {})
    proc, seconds = playbook("site", inv, emu)
    hosts = assert_ok(proc, seconds, "re-run")
    stats = emu.stats()
    assert stats["writes"] == 0, {a: v for a, v in stats["by_action"].items() if v["write"]}
    assert all(h["changed"] == 0 for h in hosts.values()), hosts
    # reads per site do not depend on the number of sites beyond the shared gateway's few
    print(f"re-run {seconds:.0f}s, {stats['requests']} requests ({stats['requests'] / len(SITES):.1f} per site)")

    # a clash between two sites (CIDRs, or the public IP of the customer gateway): the run stops before any call and
    # names both sites
    for name, clash, message in (
            ("clash", {"vpc_access_datacenter_cidrs": ["10.3.128.0/17"]},
             "site dc07 datacenter 10.3.128.0/17 overlaps site dc03 datacenter 10.3.0.0/16"),
            ("same-ip", {"vpc_access_datacenter_public_ip": "203.0.113.103"},
             "site dc07 and site dc03 have the same public IP 203.0.113.103")):
        bad = inventory(tmp_path, name, clash=("dc07", clash))
        emu.admin("/stats/reset", {})
        proc, seconds = playbook("site", bad, emu)
        assert proc.returncode != 0
        assert message in proc.stdout, proc.stdout[-3000:]
        assert emu.stats()["requests"] == 0

    # one site goes: its resources only; the nine others and the shared gateway stay exactly as they were
    before = cloud(emu)
    proc, seconds = playbook("teardown", inv, emu, "--limit", "dc03")
    hosts = assert_ok(proc, seconds, "teardown of dc03")
    assert sorted(hosts) == ["dc03"]
    after = cloud(emu)
    expected = {
        "vpn_gateways": before["vpn_gateways"],
        "customer_gateways": {k: v for k, v in before["customer_gateways"].items() if k != "203.0.113.103"},
        "vpn_connections": {k: v for k, v in before["vpn_connections"].items() if k != "eds-dc03"},
        "vpn_routes": {k: v for k, v in before["vpn_routes"].items() if k != "10.3.0.0/16"},
        "cen_publications": [c for c in before["cen_publications"] if c != "10.3.0.0/16"],
    }
    assert after == expected
    assert "stays: 9 IPsec connection(s) of other sites" in proc.stdout

    # the other nine go in one run, the shared gateway with the last of them
    proc, seconds = playbook("teardown", inv, emu)
    assert_ok(proc, seconds, "teardown of the rest")
    assert cloud(emu) == {"vpn_gateways": {}, "customer_gateways": {}, "vpn_connections": {}, "vpn_routes": {},
                          "cen_publications": []}


@pytest.mark.parametrize("flag", [False, True])
def test_the_shared_gateway_goes_with_the_last_site_or_when_asked(emu, tmp_path, flag):
    """Two sites; one torn down: the gateway stays unless vpc_access_teardown_gateway, which then fails while the
    other site's connection is still on it (the gateway is never taken from under a site)."""
    inv = inventory(tmp_path, sites=SITES[:2])
    assert_ok(*playbook("site", inv, emu), "converge of 2 sites")
    proc, seconds = playbook("teardown", inv, emu, "--limit", "dc01", "-e", json.dumps({"vpc_access_teardown_gateway": flag}))
    state = cloud(emu)
    assert sorted(state["vpn_connections"]) == ["eds-dc02"] and list(state["vpn_gateways"]) == ["eds"]
    if flag:
        assert proc.returncode != 0 and "still used by IPsec-VPN connections" in proc.stdout, proc.stdout[-3000:]
    else:
        assert_ok(proc, seconds, "teardown of dc01")
