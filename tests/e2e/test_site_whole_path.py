"""The seed's whole path with `ansible-playbook eds.vpc_access.site` / `.teardown`, as a user runs them, against the
local emulator (cloud side) and data-center hosts on this machine: an IPsec gateway (namespace + strongSwan), an
on-prem DNS + DHCP server (systemd container with Unbound and Kea, already serving the LAN), a client, and a
stand-in for the Alibaba side configured from the emulator's view of the connection (seed_lab/lab.py).

The test runs `python -m seed_lab demo`, the command scripts/demo runs, so the demo is what CI checks. Its steps and
their checks, in the order a user meets them, are in seed_lab/scenario.py: check mode from an empty account (no API
write, no file changed on the DC hosts, the changes reported); one run converges both sides, the gateway's dual
tunnel up from vpn_connection_info's peer_config; a client's DHCP lease carries the on-prem resolver and the
option-121 routes, and the client resolves the EDS endpoint THROUGH the tunnel (the cloud DNS sees the on-prem
resolver's address) and reaches the VPC host; a second run changes nothing anywhere and makes no API write; the
slave tunnel carries the traffic when the master's path goes; teardown leaves no cloud resource and the DC hosts'
configuration as before. It runs with --keep and removes the lab with `python -m seed_lab down` from another
process, as `EDS_DEMO_KEEP=1 scripts/demo` and `scripts/demo --cleanup` do.

Each of site.yml's routing modes (seed_lab.plan.ROUTING_MODES: protected_flows, destination, bgp) is one test
case; the three labs run side by side (each its own prefix, work directory and emulator), started together by a
module fixture, so the variants cost about one lab's wall time, not three. EDS_E2E_ROUTING_MODES=a,b limits them.
The protected_flows lab then runs the transit_router variant (site.yml with vpc_access_attach_to=transit_router:
no VPN gateway, the connection an IPsec-VPN attachment bound to the CEN's transit router) on the same lab:
`demo --transit-router`, steps tr-site tr-client tr-teardown (seed_lab/transit_router.py), the cloud stand-in
configured from the attachment as the emulator holds it.

EDS_E2E_DC_CONNECTION=podman drives the DNS/DHCP container with containers.podman.podman instead of ssh (for
measuring; docs/testing.md has the figures).
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from netns import list_namespaces
from seed_lab.plan import ROUTING_MODES
from seed_lab.scenario import STEPS
from seed_lab.state import STATE_FILE, LabState, down, is_running
from seed_lab.transit_router import TRANSIT_ROUTER_STEPS

CONNECTION = os.environ.get("EDS_E2E_DC_CONNECTION", "ssh")
E2E = os.path.dirname(os.path.abspath(__file__))
# the lab's namespaces (seed_lab.lab.SeedLab) and its daemons: emulator, the two charons, the stub cloud DNS
# (+ zebra and bgpd on both gateways with BGP)
NAMESPACES = {"lan", "wan", "vpc", "dcgw", "cloud", "vpc-host", "clouddns", "dcsrv", "client"}
DAEMONS = {"protected_flows": 4, "destination": 4, "bgp": 8}
MODES = [m for m in sorted(ROUTING_MODES) if m in os.environ.get("EDS_E2E_ROUTING_MODES", ",".join(ROUTING_MODES)).split(",")]
DEMO_TIMEOUT = 2400
# the routing mode whose lab also runs the transit_router variant (the attachment routes by protected data flows)
TRANSIT_ROUTER_LAB = "protected_flows"


def steps(mode):
    return list(STEPS) + (list(TRANSIT_ROUTER_STEPS) if mode == TRANSIT_ROUTER_LAB else [])


def seed_lab_env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (E2E, os.environ.get("PYTHONPATH")) if p))


def seed_lab(prefix, workdir, *args, timeout):
    """python -m seed_lab --prefix P --workdir W ARGS: (returncode, output). On timeout it gets SIGTERM first, on
    which it removes what it started."""
    return finish(start_seed_lab(prefix, workdir, *args), timeout)


def start_seed_lab(prefix, workdir, *args):
    """The command in the background, its output in a file next to the work directory, one per subcommand
    (<workdir>.demo.out keeps the steps' timings after `down`; several run at once: a pipe nobody reads would
    block them)."""
    log = open("%s.%s.out" % (workdir.rstrip("/"), args[0]), "w+", encoding="utf-8")  # pylint: disable=consider-using-with
    proc = subprocess.Popen([sys.executable, "-m", "seed_lab", "--prefix", prefix, "--workdir", workdir] + list(args),
                            stdout=log, stderr=subprocess.STDOUT, text=True, env=seed_lab_env())
    proc.log, proc.args_given = log, args
    return proc


def finish(proc, timeout):
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(timeout=180)
        raise AssertionError("seed_lab %s timed out after %d s:\n%s" % (" ".join(proc.args_given), timeout, output(proc)[-12000:])) from None
    out = output(proc)
    print(out)
    return proc.returncode, out


def output(proc):
    proc.log.seek(0)
    return proc.log.read()


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    """One `demo --keep` per routing mode, all started at once: {mode: (prefix, workdir, Popen, started)}."""
    runs = {}
    try:
        for mode in MODES:
            prefix = "eds-wp-%s-" % uuid.uuid4().hex[:6]
            workdir = str(tmp_path_factory.mktemp("wp-" + mode) / "lab")
            args = ("demo", "--keep", "--connection", CONNECTION, "--routing-mode", mode) + (
                ("--transit-router",) if mode == TRANSIT_ROUTER_LAB else ())
            runs[mode] = (prefix, workdir, start_seed_lab(prefix, workdir, *args), time.monotonic())
        yield runs
    finally:
        for prefix, workdir, proc, _started in runs.values():
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=180)
            proc.log.close()
            if os.path.exists(os.path.join(workdir, STATE_FILE)):
                down(LabState.load(workdir))


@pytest.mark.parametrize("routing_mode", MODES)
def test_site_whole_path(demos, routing_mode):
    prefix, workdir, proc, started = demos[routing_mode]
    processes = []
    try:
        rc, out = finish(proc, max(60, DEMO_TIMEOUT - (time.monotonic() - started)))
        assert rc == 0, out[-12000:]
        # every step ran and passed its checks (seed_lab.scenario prints a header per step, "Passed:" at the end)
        assert [line[4:] for line in out.splitlines() if line.startswith("=== ")] == steps(routing_mode), out[-3000:]
        assert "\nPassed: " in out and "NOT SO" not in out, out[-3000:]

        # --keep: the lab is still there for a look around, all of it recorded
        state = LabState.load(workdir)
        processes = state["processes"]
        assert {n[len(prefix):] for n in list_namespaces(prefix)} == NAMESPACES == {n[len(prefix):] for n in state["namespaces"]}
        assert subprocess.run(["podman", "container", "exists", prefix + "dcsrv"], check=False).returncode == 0
        assert len(processes) == DAEMONS[routing_mode] and all(is_running(p) for p in processes), processes

        rc, out = seed_lab(prefix, workdir, "down", timeout=180)
        assert rc == 0, out
        assert not os.path.exists(os.path.join(workdir, STATE_FILE))
    finally:
        if os.path.exists(os.path.join(workdir, STATE_FILE)):
            state = LabState.load(workdir)
            processes = processes or state["processes"]
            down(state)
    # nothing the test started outlives it: namespaces, the container, the daemons (by the PIDs it started)
    assert list_namespaces(prefix) == []
    assert subprocess.run(["podman", "container", "exists", prefix + "dcsrv"], check=False).returncode == 1
    assert [p["argv"][0] for p in processes if is_running(p)] == []
