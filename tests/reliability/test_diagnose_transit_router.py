"""diagnose.yml on the CEN's transit router (vpc_access_attach_to: transit_router, no VPN gateway), against the
emulator: one data center (localhost) and several (group datacenters).

Each site's picture (its text summary) shows the transit router, the site's own IPsec-VPN attachment, the transit
router attachment that binds it and the state of each tunnel; the diagnosis judges that attachment (its tunnels, its
binding and route table links; a site without one is told so); the reads cover every site at once (one listing of
the transit router's attachments whatever the number of sites); and diagnose writes nothing (the emulator's count of
write calls). The converge of these sites is tests/reliability/test_multisite_transit_router.py.
"""

import json

import yaml

from test_multisite import GATEWAY_VARS, assert_ok, inventory
from test_multisite_transit_router import TRANSIT_ROUTER, cloud, playbook

TUNNEL = "transit_router -> customer_gateway: "


def writes(emu):
    return {a: v["count"] for a, v in emu.stats()["by_action"].items() if v["write"]}


def tunnels(summary):
    """[(role, internet ip, status)] of the tunnel lines of a picture's summary."""
    return [tuple(line[len(TUNNEL):].split()) for line in summary.splitlines()
            if line.startswith(TUNNEL) and line != TUNNEL + "no VPN attachment"]


def assert_site_picture(summary, state, name, statuses):
    """The site's summary: the transit router with the site's attachment and its binding, each tunnel (master, slave)
    with its address and this status."""
    vco = state["vpn_attachments"][name][0]
    tr_attachment = state["tr_attachments"][name][0]
    assert f"transit router | {TRANSIT_ROUTER} | VPN attachment {vco} | {tr_attachment}\n" in summary, summary
    assert f"vpn attachment {vco}: local " in summary, summary
    drawn = tunnels(summary)
    assert [(role, status) for role, _ip, status in drawn] == list(zip(["master", "slave"], statuses)), summary
    assert all(ip.count(".") == 3 for _role, ip, _status in drawn), summary
    assert "vpn_gateway" not in summary, summary
    others = [v[0] for k, v in state["vpn_attachments"].items() if k != name]
    assert all(other not in summary for other in others), (name, summary)


def test_several_sites_on_the_transit_router(emu, tmp_path):
    sites = ["dc01", "dc02", "dc03"]
    inv = inventory(tmp_path, sites=sites)
    # dc01 and dc02 converge; dc03 does not (it has no attachment: the diagnosis says so)
    proc, seconds = playbook("site", inv, emu, "--limit", "dc01,dc02")
    assert sorted(assert_ok(proc, seconds, "converge of dc01, dc02")) == ["dc01", "dc02"]
    state = cloud(emu)
    assert sorted(state["tr_attachments"]) == ["eds-dc01", "eds-dc02"]

    # what each data center's gateway sends (the emulator's peers, docs/emulator.md "Peers"): dc01 the right
    # configuration (its tunnels come up), dc02 another pre-shared key (they stay down, the log says why)
    emu.admin("/peers", {"peers": [{"address": "203.0.113.101"}, {"address": "203.0.113.102", "psk": "Not-The-Key-1"}]})
    emu.admin("/stats/reset", {})
    proc, seconds = playbook("diagnose", inv, emu)
    assert sorted(assert_ok(proc, seconds, "diagnose of three sites")) == sites
    stats = emu.stats()
    assert writes(emu) == {}, writes(emu)
    assert cloud(emu) == state
    # every site's reads in one task: one listing of the transit router's attachments and one of the region's
    # IPsec-VPN attachments, whatever the number of sites; no VPN gateway is looked for; the log of dc02 only
    calls = {a: v["count"] for a, v in stats["by_action"].items()}
    assert calls["ListTransitRouterVpnAttachments"] == 1 and calls["DescribeVpnConnections"] == 1, calls
    assert calls["ListTransitRouters"] == 1 and "DescribeVpnGateways" not in calls, calls
    assert calls["DescribeVpnConnectionLogs"] == 2, calls    # dc02's two tunnels

    for site, statuses in (("dc01", ["ipsec_sa_established"] * 2), ("dc02", ["ike_sa_not_established"] * 2)):
        assert_site_picture((tmp_path / f"eds-{site}-topology.txt").read_text(), state, f"eds-{site}", statuses)
    report = json.loads((tmp_path / "eds-dc01-diagnosis.json").read_text())
    assert report["healthy"] and report["tunnel_up"], report
    report = json.loads((tmp_path / "eds-dc02-diagnosis.json").read_text())
    assert [c["cause"] for c in report["causes"]] == ["psk_mismatch"] and not report["tunnel_up"], report
    report = json.loads((tmp_path / "eds-dc03-diagnosis.json").read_text())
    assert [c["cause"] for c in report["causes"]] == ["no_attachment"], report
    assert "named eds-dc03" in report["causes"][0]["message"], report
    summary = (tmp_path / "eds-dc03-topology.txt").read_text()
    assert f"transit router | {TRANSIT_ROUTER} | VPN attachment - | -\n" in summary, summary
    assert tunnels(summary) == [] and f"{TUNNEL}no VPN attachment" in summary, summary

    # dc01's transit router attachment loses its propagation (behind the playbooks' back): its diagnosis names it;
    # diagnose --check runs the same, without a write
    attachment = state["tr_attachments"]["eds-dc01"][0]
    store = emu.state()["store"]
    propagations = store["globals"]["tr_propagations"]
    del propagations[next(k for k in propagations if k.startswith(attachment + "|"))]
    emu.admin("/state", {"store": store})
    emu.admin("/stats/reset", {})
    proc, seconds = playbook("diagnose", inv, emu, "--check")
    assert_ok(proc, seconds, "diagnose --check after the propagation went")
    assert writes(emu) == {}, writes(emu)
    report = json.loads((tmp_path / "eds-dc01-diagnosis.json").read_text())
    assert [c["cause"] for c in report["causes"]] == ["tr_route_table"], report
    assert f"{attachment} is not propagated to the route table vtb-" in report["causes"][0]["message"], report


def test_one_site_on_the_transit_router(emu, tmp_path):
    """No datacenters group: the site is localhost, its attachment is named vpc_access_name."""
    path = tmp_path / "one"
    (path / "group_vars").mkdir(parents=True)
    (path / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {"ipsec_gateways": {"hosts": {}}}}}))
    (path / "group_vars" / "all.yml").write_text(open(GATEWAY_VARS, encoding="utf-8").read())
    single = json.dumps({"vpc_access_datacenter_public_ip": "203.0.113.154",
                         "vpc_access_datacenter_cidrs": ["192.10.0.0/16"]})
    inv = str(path / "hosts.yml")

    # before the site playbook: no attachment, and the diagnosis says so
    proc, seconds = playbook("diagnose", inv, emu, "-e", single)
    assert sorted(assert_ok(proc, seconds, "diagnose before the site playbook")) == ["localhost"]
    report = json.loads((path / "eds-diagnosis.json").read_text())
    assert [c["cause"] for c in report["causes"]] == ["no_attachment"], report
    assert writes(emu) == {}, writes(emu)

    proc, seconds = playbook("site", inv, emu, "-e", single)
    assert_ok(proc, seconds, "converge of one site")
    state = cloud(emu)
    assert list(state["tr_attachments"]) == ["eds"]

    emu.admin("/stats/reset", {})
    proc, seconds = playbook("diagnose", inv, emu, "-e", single)
    assert sorted(assert_ok(proc, seconds, "diagnose of one site")) == ["localhost"]
    assert writes(emu) == {}, writes(emu)
    summary = (path / "eds-topology.txt").read_text()
    # no data-center gateway answers: both tunnels down
    assert_site_picture(summary, state, "eds", ["ike_sa_not_established"] * 2)
    # the picture's summary is also in the run's output
    assert f"VPN attachment {state['vpn_attachments']['eds'][0]}" in proc.stdout
    report = json.loads((path / "eds-diagnosis.json").read_text())
    # nothing answers at the data center's address: the attachment's log says the peer is not responding, and the
    # fix names both ends, the tunnels' cloud addresses read from the attachment
    assert [c["cause"] for c in report["causes"]] == ["udp_blocked"] and not report["tunnel_up"], report
    ips = [ip for _role, ip, _status in tunnels(summary)]
    assert report["causes"][0]["evidence"]["remote"] == ", ".join(ips) and "203.0.113.154" in report["causes"][0]["fix"]
