"""Ten data centers in one run of the site playbook (docs/site_playbook.md "Several data centers"), cloud half.

One emulator, ten hosts in the group `datacenters`, forks 10, the emulator's busy (VpnGateway.Configuring) and
throttling faults on: every site converges with no failed task and no duplicate; a re-run writes nothing; a CIDR
clash between two sites stops the run before any API call, naming both; tearing one site down (--limit) leaves the
nine others exactly as they were and keeps the shared gateway; the last ones take it with them. A --limit that takes
a site's host without its data-center hosts (or the other way round) is refused before any API call, the example
inventory's site group (site_<site>, playbooks/inventory/multisite/sites.yml) takes exactly one site, and
diagnose.yml diagnoses each site of the run on its own.
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
# busy 0.25: about 30 gateway writes a converge, so a run without one busy answer (a test that proves nothing) has a
# chance of 0.75^30 (2e-4); at 0.15 it was 0.85^30 (0.8 %), and it happened
FAULTS = {"default": {"throttle": 0.15},
          "actions": {action: {"throttle": 0.15, "busy": 0.25} for action in GATEWAY_WRITES}}
GATEWAY_VARS = os.path.join(REPO, "playbooks", "inventory", "multisite", "group_vars", "all.yml")
SITE_GROUPS = os.path.join(REPO, "playbooks", "inventory", "multisite", "sites.yml")
REGION = "cn-shanghai"


def inventory(tmp_path, name="inventory", clash=None, sites=SITES, dc_groups=None):
    """A multi-site inventory of sites with the example's shared inputs and site groups; clash=(site, {var: value})
    overrides one site's host variables; dc_groups={group: {host: site}} adds data-center hosts."""
    hosts = {}
    for i, site in enumerate(sites, start=1):
        hosts[site] = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                       "vpc_access_datacenter_public_ip": f"203.0.113.{100 + i}",
                       "vpc_access_datacenter_cidrs": [f"10.{i}.0.0/16"]}
    if clash:
        hosts[clash[0]].update(clash[1])
    path = tmp_path / name
    (path / "group_vars").mkdir(parents=True)
    children = {"datacenters": {"hosts": hosts}}
    for group, members in (dc_groups or {}).items():
        children[group] = {"hosts": {host: {"ansible_connection": "local", "vpc_access_datacenter": site}
                                     for host, site in members.items()}}
    (path / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": children}}))
    (path / "group_vars" / "all.yml").write_text(open(GATEWAY_VARS, encoding="utf-8").read())
    (path / "sites.yml").write_text(open(SITE_GROUPS, encoding="utf-8").read())
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


def task_output(stdout, task):
    """The msg of a debug task that ran once for every site ({site's host: lines}), from the default callback's output."""
    block = stdout.split(f"TASK [{task}]", 1)[1]
    found = re.search(r"^ok: \[\S+\] => (\{.*?^\})$", block, re.M | re.S)
    assert found, block[:3000]
    return json.loads(found.group(1))["msg"]


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
    # the picture reads the gateway's connections once for every site (one page): with the cloud side's lookup and
    # its peer configuration read, at most two per site and one
    assert stats["by_action"]["DescribeVpnConnections"]["count"] <= 2 * len(SITES) + 1, stats["by_action"]
    # each site's picture and summary from its own connection, never another site's
    for site in SITES:
        picture = (tmp_path / f"eds-{site}-topology.txt").read_text()
        assert f"connection {state['vpn_connections'][f'eds-{site}']}: " in picture, (site, picture)
        assert all(conn not in picture for name, conn in state["vpn_connections"].items() if name != f"eds-{site}"), \
            (site, picture)
    summary = task_output(proc.stdout, "What was created or changed")
    assert sorted(summary) == SITES, summary
    for index, site in enumerate(SITES, start=1):
        rows = {" ".join(line.split()[:2]): line.split()[2:] for line in summary[site]}
        assert rows["ipsec connection"] == [state["vpn_connections"][f"eds-{site}"], "ok"], (site, summary[site])
        assert rows["vpn route"] == [f"10.{index}.0.0/16", "published", "ok"], (site, summary[site])
    pictures = task_output(proc.stdout, "Where the picture is")
    assert sorted(pictures) == SITES and all(
        pictures[site][0] == f"topology: {tmp_path}/eds-{site}-topology.svg (summary {tmp_path}/eds-{site}-topology.txt)"
        for site in SITES), pictures

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


# three sites; dc01 and dc02 with data-center hosts (never run here: they would need the daemons, that is
# tests/e2e/test_multisite_datacenter.py), dc03 without
DC_GROUPS = {"ipsec_gateways": {"dc01-gw": "dc01", "dc02-gw": "dc02"},
             "dns_servers": {"dc01-dns": "dc01"}, "dhcp_servers": {"dc01-dns": "dc01"}}
PARTIAL = json.dumps({"vpc_access_allow_partial_site": True})


def site_groups(inv):
    """{site group: sorted hosts} as ansible-inventory reads the inventory (sites.yml after hosts.yml)."""
    cmd = [os.path.join(os.path.dirname(ANSIBLE_PLAYBOOK), "ansible-inventory"), "-i", inv, "--list"]
    proc = subprocess.run(cmd, env=base_env(), capture_output=True, text=True, timeout=300, check=True)  # noqa: S603
    data = json.loads(proc.stdout)
    return {g: sorted(v.get("hosts", [])) for g, v in data.items() if g.startswith("site_")}


def owned(state, site, index):
    """The resources of one site in cloud(emu)'s shape, without the shared gateway."""
    return (f"203.0.113.{100 + index}" in state["customer_gateways"], f"eds-{site}" in state["vpn_connections"],
            f"10.{index}.0.0/16" in state["vpn_routes"], f"10.{index}.0.0/16" in state["cen_publications"])


def test_a_limit_takes_whole_sites(emu, tmp_path):
    inv = inventory(tmp_path, sites=SITES[:3], dc_groups=DC_GROUPS)
    # the example's site groups: a site's host with its data-center hosts
    assert site_groups(inv) == {"site_dc01": ["dc01", "dc01-dns", "dc01-gw"], "site_dc02": ["dc02", "dc02-gw"],
                                "site_dc03": ["dc03"]}

    # part of a site: refused before any API call, naming the site, the hosts left out and the --limit to use
    for name, limit, extra, messages in (
            ("site", "dc01", [], ["site dc01: --limit dc01 runs the site's host without its data-center host(s) "
                                  "dc01-gw, dc01-dns; take the whole site with --limit site_dc01"]),
            ("site", "dc01-gw", [], ["site dc01: --limit dc01-gw runs its data-center host(s) dc01-gw without the "
                                     "site's host dc01, which holds their plan; take the whole site with --limit "
                                     "site_dc01."]),
            # the explicit choice lets a site's host run alone, never data-center hosts without theirs
            ("site", "dc01,dc02-gw", ["-e", PARTIAL],
             ["site dc02: --limit dc01,dc02-gw runs its data-center host(s) dc02-gw without the site's host dc02"]),
            ("teardown", "dc02", [], ["site dc02: --limit dc02 runs the site's host without its data-center host(s) "
                                      "dc02-gw; take the whole site with --limit site_dc02"]),
            ("verify", "dc01,dc02", [], ["site dc01: --limit dc01,dc02 runs", "site dc02: --limit dc01,dc02 runs"]),
            ("diagnose", "dc01-dns,dc03", [], ["site dc01: --limit dc01-dns,dc03 runs its data-center host(s) "
                                               "dc01-dns without the site's host dc01"])):
        emu.admin("/stats/reset", {})
        proc = playbook(name, inv, emu, "--limit", limit, *extra)[0]
        assert proc.returncode != 0, proc.stdout[-3000:]
        for message in messages:
            assert message in proc.stdout, (name, limit, proc.stdout[-3000:])
        assert "PLAY [Validate the inputs" not in proc.stdout, (name, limit, proc.stdout[-3000:])
        assert emu.stats()["requests"] == 0, (name, limit)

    # a site group converges exactly that site (here dc03, a site without data-center hosts)
    proc, seconds = playbook("site", inv, emu, "--limit", "site_dc03")
    assert sorted(assert_ok(proc, seconds, "converge of site_dc03")) == ["dc03"]
    state = cloud(emu)
    assert list(state["vpn_gateways"]) == ["eds"] and list(state["vpn_connections"]) == ["eds-dc03"]
    assert owned(state, "dc03", 3) == (True,) * 4
    assert owned(state, "dc01", 1) == owned(state, "dc02", 2) == (False,) * 4

    # the cloud side of a site alone, chosen explicitly
    proc, seconds = playbook("site", inv, emu, "--limit", "dc01", "-e", PARTIAL)
    assert sorted(assert_ok(proc, seconds, "converge of dc01 alone")) == ["dc01"]
    state = cloud(emu)
    assert sorted(state["vpn_connections"]) == ["eds-dc01", "eds-dc03"] and owned(state, "dc01", 1) == (True,) * 4

    # one diagnosis per site of the run, each from its own connection (dc02 has none: the diagnosis says so);
    # read-only: the VPN gateway's diagnosis, once per site with a connection, is the only write
    emu.admin("/stats/reset", {})
    proc, seconds = playbook("diagnose", inv, emu, "--limit", "dc01,dc02,site_dc03", "-e", PARTIAL)
    assert sorted(assert_ok(proc, seconds, "diagnose of three sites")) == ["dc01", "dc02", "dc03"]
    writes = {a: v["count"] for a, v in emu.stats()["by_action"].items() if v["write"]}
    assert writes == {"DiagnoseVpnGateway": 2}, writes
    conns = cloud(emu)["vpn_connections"]
    for site in ("dc01", "dc02", "dc03"):
        report = json.loads((tmp_path / f"eds-{site}-diagnosis.json").read_text())
        causes = [c["cause"] for c in report["causes"]]
        topology = (tmp_path / f"eds-{site}-topology.txt").read_text()
        if site == "dc02":
            assert causes == ["no_connection"] and "eds-dc02" in report["causes"][0]["message"], report
        else:
            assert "no_connection" not in causes, (site, report)
            assert conns[f"eds-{site}"] in topology, (site, topology)
            assert all(conns[other] not in topology for other in conns if other != f"eds-{site}"), (site, topology)
    assert not (tmp_path / "eds-diagnosis.json").exists()

    # a site group tears down exactly that site; the other's resources and the shared gateway stay
    before = cloud(emu)
    proc, seconds = playbook("teardown", inv, emu, "--limit", "site_dc03")
    assert sorted(assert_ok(proc, seconds, "teardown of site_dc03")) == ["dc03"]
    after = cloud(emu)
    assert owned(after, "dc03", 3) == (False,) * 4
    assert after["vpn_gateways"] == before["vpn_gateways"]
    assert {k: v for k, v in after.items() if k != "vpn_gateways"} == {
        "customer_gateways": {"203.0.113.101": before["customer_gateways"]["203.0.113.101"]},
        "vpn_connections": {"eds-dc01": before["vpn_connections"]["eds-dc01"]},
        "vpn_routes": {"10.1.0.0/16": before["vpn_routes"]["10.1.0.0/16"]},
        "cen_publications": ["10.1.0.0/16"]}

    # the last site's cloud side alone (explicitly): it takes the gateway with it
    proc, seconds = playbook("teardown", inv, emu, "--limit", "dc01", "-e", PARTIAL)
    assert_ok(proc, seconds, "teardown of dc01 alone")
    assert cloud(emu) == {"vpn_gateways": {}, "customer_gateways": {}, "vpn_connections": {}, "vpn_routes": {},
                          "cen_publications": []}


def test_one_site_diagnose_keeps_its_name_and_host(emu, tmp_path):
    """No datacenters group: diagnose.yml runs on localhost and writes <vpc_access_name>-diagnosis.* as before."""
    path = tmp_path / "one"
    (path / "group_vars").mkdir(parents=True)
    (path / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {"ipsec_gateways": {"hosts": {}}}}}))
    (path / "group_vars" / "all.yml").write_text(open(GATEWAY_VARS, encoding="utf-8").read())
    single = json.dumps({"vpc_access_datacenter_public_ip": "203.0.113.154",
                         "vpc_access_datacenter_cidrs": ["192.10.0.0/16"], "vpc_access_report_dir": str(path)})
    proc, seconds = playbook("diagnose", str(path), emu, "-e", single)
    assert sorted(assert_ok(proc, seconds, "diagnose of one site")) == ["localhost"]
    report = json.loads((path / "eds-diagnosis.json").read_text())
    assert [c["cause"] for c in report["causes"]] == ["no_connection"], report
    assert report["causes"][0]["message"].endswith("named eds"), report
    assert (path / "eds-topology.txt").exists()
