"""Ten data centers on the CEN's transit router (vpc_access_attach_to: transit_router) in one run of the site
playbook (docs/site_playbook.md "Several data centers"), cloud half.

One emulator, ten hosts in the group `datacenters`, forks 10, throttling on every action and the busy codes of the
transit router's and the IPsec-VPN attachments' writes (besides the ones the emulator answers by itself when ten
attachments of one transit router, and their links to its one route table, are written at once): every site gets
its customer gateway, IPsec-VPN attachment and transit router attachment (associated with and propagated to the
System route table), no failed task, no duplicate, no VPN gateway; the transit router is looked up once; each site's
data-center hosts read that site's peer configuration; check mode and a re-run write nothing; --limit tears down
and converges one site and leaves the nine others exactly as they were. The gateway path is
tests/reliability/test_multisite.py.
"""

import json
import os
import subprocess
import time

import yaml

from harness import ANSIBLE_PLAYBOOK, REPO, base_env
from test_multisite import REGION, SITES, assert_ok, inventory

TRANSIT_ROUTER = "tr-uf6sampleplan000000001"      # the emulator's default scenario: the CEN's transit router
SYSTEM_TABLE = "vtb-uf6trsystem00000000001"       # ... and its System route table
TR_VARS = json.dumps({"vpc_access_attach_to": "transit_router"})
# the busy code each write answers while another change is applied (plugins/module_utils/client/busy_codes.py
# retries each one on these actions): a rate on top of the ones the emulator produces by itself
BUSY = {"CreateVpnAttachment": "TaskConflict", "DeleteVpnAttachment": "VpnConnection.Configuring",
        "CreateTransitRouterVpnAttachment": "OperationFailed.AllocateCidrFailed",
        "DeleteTransitRouterVpnAttachment": "IncorrectStatus.Status",
        "AssociateTransitRouterAttachmentWithRouteTable": "Operation.Blocking",
        "EnableTransitRouterRouteTablePropagation": "Operation.Blocking",
        "DissociateTransitRouterAttachmentFromRouteTable": "Operation.Blocking",
        "DisableTransitRouterRouteTablePropagation": "Operation.Blocking"}
# busy 0.25 on 40 writes a converge: a run that meets none (and proves nothing) has a chance of 0.75^40 (1e-5)
FAULTS = {"default": {"throttle": 0.15},
          "actions": {action: {"throttle": 0.15, "busy": 0.25, "busy_code": code} for action, code in BUSY.items()}}
VPN_GATEWAY_ACTIONS = ("CreateVpnGateway", "DescribeVpnGateways", "CreateVpnConnection", "CreateVpnRouteEntry",
                       "PublishRouteEntries")
# a play after site.yml on one stand-in data-center host per site (group tr_probe, vpc_access_datacenter: <site>):
# what site.yml's data-center plays configure it from (hostvars[vpc_access_datacenter], the same expression),
# without the daemons (tests/e2e/test_multisite_datacenter.py runs them); no key is printed
PROBE_PLAY = [{
    "name": "What each data-center host is configured from",
    "hosts": "tr_probe",
    "gather_facts": False,
    "tasks": [{
        "name": "Its site's peer configuration",
        "ansible.builtin.debug": {"msg": (
            "PROBE {{ inventory_hostname }} {{ __peer | map(attribute='name') | join(',') }}"
            " {{ __peer | map(attribute='vpn_connection_id') | join(',') }}"
            " {{ __peer | map(attribute='local_subnets') | flatten | join(',') }}"
            " {{ __peer | map(attribute='remote_subnets') | flatten | join(',') }}"
            " {{ __peer | map(attribute='tunnels') | flatten | map(attribute='local') | unique | join(',') }}")},
        "vars": {"__peer": "{{ hostvars[vpc_access_datacenter].vpc_access_peer_configs }}"},
    }],
}]


def run(play, inv, emu, *args, timeout=900):
    cmd = [ANSIBLE_PLAYBOOK, play, "-i", inv, "--forks", "10", "-e", TR_VARS,
           "-e", json.dumps({"vpc_access_endpoint_url": emu.url, "vpc_access_report_dir": os.path.dirname(inv)}),
           *args]
    started = time.monotonic()
    proc = subprocess.run(cmd, env=base_env(emu.url), capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    return proc, time.monotonic() - started


def playbook(name, inv, emu, *args):
    return run(os.path.join(REPO, "playbooks", f"{name}.yml"), inv, emu, *args)


def probed_site(tmp_path, inv, emu):
    """site.yml followed by the probe play: (proc, seconds, {data-center host: its probe line's fields})."""
    play = tmp_path / "site_and_probe.yml"
    play.write_text(yaml.safe_dump([{"name": "The site playbook",
                                     "ansible.builtin.import_playbook": os.path.join(REPO, "playbooks", "site.yml")}]
                                   + PROBE_PLAY, sort_keys=False))
    proc, seconds = run(str(play), inv, emu)
    probes = {}
    for line in proc.stdout.splitlines():
        if '"msg": "PROBE ' in line:
            fields = line.split('"msg": "PROBE ', 1)[1].rstrip('"').split(" ")
            probes[fields[0]] = fields[1:]
    return proc, seconds, probes


def cloud(emu):
    """What the sites own in the emulator, by kind."""
    store = emu.state()["store"]
    tables, shared = store["regions"][REGION]["tables"], store["globals"]
    connections = tables.get("vpn_connections", {}).values()
    vpn = {a["TransitRouterAttachmentId"]: a for a in shared.get("tr_attachments", {}).values()
           if a["ResourceType"] == "VPN"}
    return {
        "vpn_gateways": sorted(tables.get("vpn_gateways", {})),
        "gateway_connections": sorted(c["Name"] for c in connections if not c.get("attachment")),
        "customer_gateways": {c["IpAddress"]: k for k, c in tables.get("customer_gateways", {}).items()},
        # name: (id, its customer gateways, remote subnets)
        "vpn_attachments": {c["Name"]: (c["VpnConnectionId"],
                                        sorted({t.get("CustomerGatewayId") for t in c.get("tunnels") or []}),
                                        c.get("RemoteSubnet")) for c in connections if c.get("attachment")},
        # name: (transit router attachment id, its transit router, the IPsec-VPN attachment it binds)
        "tr_attachments": {a["TransitRouterAttachmentName"]: (k, a["TransitRouterId"], a["ResourceId"])
                           for k, a in vpn.items()},
        "tr_links": sorted((kind, key.split("|")[0], key.split("|")[1])
                           for kind in ("tr_associations", "tr_propagations")
                           for key in shared.get(kind, {}) if key.split("|")[0] in vpn),
        "tr_attachment_count": len(vpn),
    }


def owned_by(state, site, index):
    """Everything of one site in cloud()'s shape (one entry of each kind)."""
    ip, name = f"203.0.113.{100 + index}", f"eds-{site}"
    attachment = state["tr_attachments"].get(name, ("",))[0]
    return {"customer_gateway": state["customer_gateways"].get(ip), "vpn_attachment": state["vpn_attachments"].get(name),
            "tr_attachment": state["tr_attachments"].get(name),
            "tr_links": [link for link in state["tr_links"] if link[1] == attachment]}


def assert_site(state, site, index):
    mine = owned_by(state, site, index)
    cgw, (vco, cgws, remote), (attachment, router, bound) = \
        mine["customer_gateway"], mine["vpn_attachment"], mine["tr_attachment"]
    assert cgws == [cgw] and remote == f"10.{index}.0.0/16", (site, mine)
    assert router == TRANSIT_ROUTER and bound == vco, (site, mine)
    assert mine["tr_links"] == [("tr_associations", attachment, SYSTEM_TABLE),
                                ("tr_propagations", attachment, SYSTEM_TABLE)], (site, mine)


def test_ten_sites_on_the_transit_router_in_parallel_under_busy_and_throttling(emu, base_seed, tmp_path):
    probe_hosts = {f"{site}-gw": site for site in SITES}
    inv = inventory(tmp_path, dc_groups={"tr_probe": probe_hosts})
    # check mode on an empty account: every site says what it would make, nothing is written
    fresh = cloud(emu)
    proc, seconds = playbook("site", inv, emu, "--check")
    hosts = assert_ok(proc, seconds, "check mode")
    assert all(hosts[site]["changed"] > 0 for site in SITES), hosts
    assert emu.stats()["writes"] == 0 and cloud(emu) == fresh

    seed = base_seed + 700
    emu.faults({**FAULTS, "seed": seed})
    proc, seconds, probes = probed_site(tmp_path, inv, emu)
    faults = emu.stats()
    emu.faults({})
    context = f"REL_SEED={base_seed} (fault seed {seed})"
    hosts = assert_ok(proc, seconds, f"converge of {len(SITES)} sites on the transit router, {context}")
    assert sorted(hosts) == sorted(SITES + list(probe_hosts))
    busy = {code: n for code, n in faults["by_code"].items() if code in BUSY.values()}
    assert busy and faults["by_code"].get("Throttling.User", 0) > 0, \
        f"{context}: the faults were not met, the test proves nothing: {faults['by_code']}"
    assert not set(faults["by_action"]) & set(VPN_GATEWAY_ACTIONS), faults["by_action"].keys()

    # one of each per site, bound to each other; nothing twice; no VPN gateway
    state = cloud(emu)
    assert state["vpn_gateways"] == [] and state["gateway_connections"] == []
    assert sorted(state["customer_gateways"]) == sorted(f"203.0.113.{100 + i}" for i in range(1, 11))
    assert sorted(state["vpn_attachments"]) == sorted(state["tr_attachments"]) == [f"eds-{s}" for s in SITES]
    assert state["tr_attachment_count"] == len(SITES) and len(state["tr_links"]) == 2 * len(SITES)
    for index, site in enumerate(SITES, start=1):
        assert_site(state, site, index)

    # each site's data-center host reads its own site's peer configuration (one connection: its site's attachment,
    # its site's CIDRs and public address), nobody else's
    assert sorted(probes) == sorted(probe_hosts), proc.stdout[-3000:]
    for index, site in enumerate(SITES, start=1):
        assert probes[f"{site}-gw"] == [f"eds-{site}", state["vpn_attachments"][f"eds-{site}"][0], f"10.{index}.0.0/16",
                                        "172.16.0.0/12,192.168.0.0/16", f"203.0.113.{100 + index}"], probes[f"{site}-gw"]
    print(f"{context}: converge {seconds:.0f}s, {faults['requests']} requests, {faults['faults']} faults "
          f"{faults['by_code']}")

    # a no-op re-run: no write at all, changed=0 everywhere; the transit router is looked up once, not per site
    emu.admin("/stats/reset", {})
    proc, seconds, probes = probed_site(tmp_path, inv, emu)
    hosts = assert_ok(proc, seconds, "re-run")
    stats = emu.stats()
    assert stats["writes"] == 0, {a: v for a, v in stats["by_action"].items() if v["write"]}
    assert all(h["changed"] == 0 for h in hosts.values()), hosts
    assert stats["by_action"]["ListTransitRouters"]["count"] == 1, stats["by_action"]["ListTransitRouters"]
    assert cloud(emu) == state
    print(f"re-run {seconds:.0f}s, {stats['requests']} requests ({stats['requests'] / len(SITES):.1f} per site)")

    # one site goes (--limit): its three resources and its links only; the nine others stay exactly as they were
    proc, seconds = playbook("teardown", inv, emu, "--limit", "dc03")
    assert sorted(assert_ok(proc, seconds, "teardown of dc03")) == ["dc03"]
    after = cloud(emu)
    gone = owned_by(state, "dc03", 3)
    assert after == {
        "vpn_gateways": [], "gateway_connections": [],
        "customer_gateways": {k: v for k, v in state["customer_gateways"].items() if k != "203.0.113.103"},
        "vpn_attachments": {k: v for k, v in state["vpn_attachments"].items() if k != "eds-dc03"},
        "tr_attachments": {k: v for k, v in state["tr_attachments"].items() if k != "eds-dc03"},
        "tr_links": [link for link in state["tr_links"] if link not in gone["tr_links"]],
        "tr_attachment_count": len(SITES) - 1}

    # and comes back alone (--limit): the others keep their ids
    proc, seconds = playbook("site", inv, emu, "--limit", "dc03")
    assert sorted(assert_ok(proc, seconds, "converge of dc03")) == ["dc03"]
    again = cloud(emu)
    assert_site(again, "dc03", 3)
    assert {k: v for k, v in again["tr_attachments"].items() if k != "eds-dc03"} == after["tr_attachments"]
    assert {k: v for k, v in again["vpn_attachments"].items() if k != "eds-dc03"} == after["vpn_attachments"]

    # every site goes in one run; the transit router, its route table and the office network's attachment stay
    fresh = emu.state()["store"]["globals"]
    proc, seconds = playbook("teardown", inv, emu)
    assert_ok(proc, seconds, "teardown of every site")
    assert cloud(emu) == {"vpn_gateways": [], "gateway_connections": [], "customer_gateways": {}, "vpn_attachments": {},
                          "tr_attachments": {}, "tr_links": [], "tr_attachment_count": 0}
    left = emu.state()["store"]["globals"]
    assert left["transit_routers"] == fresh["transit_routers"] and left["tr_route_tables"] == fresh["tr_route_tables"]
    assert "tr-attach-uf6officenetwork01" in left["tr_attachments"]

    emu.admin("/stats/reset", {})
    proc, seconds = playbook("teardown", inv, emu)
    hosts = assert_ok(proc, seconds, "second teardown")
    assert all(h["changed"] == 0 for h in hosts.values()) and emu.stats()["writes"] == 0, hosts
