"""playbooks/diagnose.yml on the seed lab (seed_lab: the emulator, a strongSwan gateway, a cloud stand-in, Unbound
and Kea in a container): healthy first, in check mode (no API write but the diagnosis, no file changed on the DC
hosts), then each fault of lab_faults.py injected one at a time on ONE lab (inject, diagnose, repair): diagnose.yml
names that cause and no other. The topology picture it writes is parsed (nodes and edges) and rendered to PNG once.
"""

import json
import os
import subprocess
import time
import uuid
import xml.etree.ElementTree as ET

from lab_faults import Faults, set_peer
from seed_lab.scenario import WholePath
from seed_lab.state import LabState, down

SVG = "{http://www.w3.org/2000/svg}"


def diagnose(whole, report_dir, check=False):
    proc = whole.site.run("eds.vpc_access.diagnose", "-e", "vpc_access_report_dir=" + report_dir, check=check,
                          label="diagnose.yml" + (" --check" if check else ""))
    with open(os.path.join(report_dir, whole.peer["name"] + "-diagnosis.json"), encoding="utf-8") as f:
        return json.load(f), proc


def svg_graph(path):
    """(node titles, edge titles -> [label texts]) of a Graphviz SVG."""
    root = ET.parse(path).getroot()
    nodes, edges = set(), {}
    for group in root.iter(SVG + "g"):
        title = group.find(SVG + "title")
        if title is None:
            continue
        if group.get("class") == "node":
            nodes.add(title.text)
        elif group.get("class") == "edge":
            edges.setdefault(title.text, []).append(" ".join(t.text or "" for t in group.iter(SVG + "text")))
    return nodes, edges


def test_diagnose_names_each_fault(tmp_path):
    prefix = "eds-dg-%s-" % uuid.uuid4().hex[:6]
    workdir = str(tmp_path / "lab")
    report_dir = str(tmp_path / "reports")
    os.makedirs(workdir, mode=0o700)
    os.makedirs(report_dir)
    state = LabState.create(workdir, prefix)
    whole = WholePath(state)
    timings = {}
    try:
        started = time.monotonic()
        whole.step_up()
        whole.site.timeout = 900   # the machine is shared: a run can take minutes under load
        whole.step_site()
        seed, emulator = whole.seed, whole.emulator
        set_peer(emulator.url)   # the gateway sends what the connection holds: the cloud reports the tunnels up
        timings["lab up + site.yml"] = time.monotonic() - started

        started = time.monotonic()
        before = seed.dc_snapshot()
        emulator.reset_stats()
        result, proc = diagnose(whole, report_dir, check=True)
        assert result["healthy"] and result["causes"] == [] and result["tunnel_up"], (result, proc.log)
        assert "healthy: the tunnel is up and every check passed" in proc.stdout
        assert set(emulator.writes()) == {"DiagnoseVpnGateway"}, emulator.writes()
        assert seed.dc_snapshot() == before, "diagnose.yml changed a file on the DC hosts"
        timings["healthy (check mode)"] = time.monotonic() - started

        # the picture: what was built, both tunnels up (green), the DNS path
        svg = os.path.join(report_dir, whole.peer["name"] + "-topology.svg")
        nodes, edges = svg_graph(svg)
        assert {"office_network", "user_vpc", "cen", "vpn_gateway", "customer_gateway", "datacenter", "dns_dcsrv",
                "cloud_dns"} <= nodes, nodes
        tunnels = edges.get("vpn_gateway->customer_gateway", [])
        assert len(tunnels) == 2 and all("ipsec_sa_established" in t for t in tunnels), edges
        assert {"office_network->cen", "user_vpc->cen", "vpn_gateway->user_vpc", "customer_gateway->datacenter",
                "datacenter->dns_dcsrv", "dns_dcsrv->cloud_dns"} <= set(edges), edges
        with open(svg.replace(".svg", ".txt"), encoding="utf-8") as f:
            summary = f.read()
        assert "vpn_gateway -> customer_gateway: master" in summary and "problems: none found" in summary, summary
        png = os.path.join(str(tmp_path), "topology.png")
        subprocess.run(["rsvg-convert", "--format", "png", "--output", png, svg], check=True, timeout=60)
        with open(png, "rb") as f:
            head = f.read(24)
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert head[:8] == b"\x89PNG\r\n\x1a\n" and width > 300 and height > 100, (width, height)
        keep = os.environ.get("EDS_E2E_KEEP_PICTURE")
        if keep:
            subprocess.run(["cp", png, svg, keep], check=True)

        faults = Faults(seed, emulator.url, whole.peer["name"])
        for name, cause in Faults.EXPECTED.items():
            started = time.monotonic()
            faults.inject(name)
            try:
                result, proc = diagnose(whole, report_dir)
                found = [c["cause"] for c in result["causes"]]
                assert found == [cause], "%s: diagnose.yml named %s, not [%s]\n%s" % (name, found, cause, proc.log)
                assert not result["healthy"]
                assert result["causes"][0]["fix"] and result["causes"][0]["message"] in proc.stdout
                if name in Faults.RULES:
                    rules = result["causes"][0]["evidence"]["rules"]
                    assert any(r.endswith(Faults.RULES[name]) for r in rules), (name, rules)
            finally:
                faults.repair(name)
            timings[name] = time.monotonic() - started
    finally:
        down(state)
        for what, took in timings.items():
            print("%-32s %6.1f s" % (what, took))
