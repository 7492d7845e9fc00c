"""Shared helpers of the reliability suites: the emulator process, ansible-playbook runs, resource counts.

The emulator class comes from tests/emulator/emulator_harness.py (one implementation of "start it on port 0,
read READY, stop it by PID"). Playbooks run as real ``ansible-playbook`` processes: the real modules, the real
SDK, real HTTP. Every fault decision comes from a seed that the tests print, so a failure replays with
``REL_SEED=<seed> pytest tests/reliability -k <test>``.
"""

import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "emulator"))

# Emulator is re-exported for conftest.py and the tests
from emulator_harness import AK, SK, REGION, Emulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

PLAYBOOKS = os.path.join(HERE, "playbooks")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
# the collection under test: scripts/test-all sets ANSIBLE_COLLECTIONS_PATH to its copy; when run by hand from
# a checkout, <checkout>/../../.. must be an ansible_collections/eds/vpc_access tree or the variable set.
DEFAULT_TIMEOUT = 300


def base_env(url=None, **extra):
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({
        "ANSIBLE_PIPELINING": "1",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
        "ALICLOUD_ACCESS_KEY": AK,
        "ALICLOUD_SECRET_KEY": SK,
        "ALICLOUD_REGION": REGION,
    })
    if url:
        env["ALICLOUD_ENDPOINT_URL"] = url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def playbook_cmd(playbook, extra_vars=None, args=()):
    cmd = [ANSIBLE_PLAYBOOK, os.path.join(PLAYBOOKS, playbook)]
    if extra_vars:
        cmd += ["-e", json.dumps(extra_vars)]
    return cmd + list(args)


def run_playbook(playbook, env, extra_vars=None, args=(), timeout=DEFAULT_TIMEOUT, cwd=None):
    """Run ansible-playbook to completion; returns the CompletedProcess (stdout/stderr as text) and seconds."""
    started = time.monotonic()
    proc = subprocess.Popen(playbook_cmd(playbook, extra_vars, args), env=env, cwd=cwd or HERE,  # noqa: S603
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise AssertionError(f"ansible-playbook {playbook} did not finish in {timeout}s\n{out[-3000:]}\n{err[-3000:]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), time.monotonic() - started


def start_playbook(playbook, env, extra_vars=None, args=()):
    """Start ansible-playbook in its own process group (so a kill takes its module processes too)."""
    return subprocess.Popen(playbook_cmd(playbook, extra_vars, args), env=env, cwd=HERE,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def json_results(stdout):
    """Parse the ansible.posix.json callback: {task name: result for localhost}."""
    data = json.loads(stdout[stdout.index("{"):])
    results = {}
    for play in data["plays"]:
        for task in play["tasks"]:
            host = task["hosts"].get("localhost")
            if host is not None:
                results[task["task"]["name"]] = host
    return results


def resource_counts(emulator, region=REGION):
    """Number of each resource the cloud half creates, from the emulator's state."""
    store = emulator.state()["store"]
    tables = store["regions"][region]["tables"]
    return {
        "vpn_gateways": len(tables.get("vpn_gateways", {})),
        "customer_gateways": len(tables.get("customer_gateways", {})),
        "vpn_connections": len(tables.get("vpn_connections", {})),
        "route_entries": len(tables.get("route_entries", {})),
        "cen_publications": len(store["globals"].get("cen_publications", {})),
    }


def dangling_references(emulator, region=REGION):
    """Connections and routes that point at a gateway / customer gateway that does not exist (orphans)."""
    tables = emulator.state()["store"]["regions"][region]["tables"]
    gateways, cgws = set(tables.get("vpn_gateways", {})), set(tables.get("customer_gateways", {}))
    problems = []
    for conn in tables.get("vpn_connections", {}).values():
        if conn.get("VpnGatewayId") not in gateways:
            problems.append(("connection", conn.get("VpnConnectionId"), conn.get("VpnGatewayId")))
        used = {t.get("CustomerGatewayId") for t in (conn.get("tunnels") or [])}
        used.add(conn.get("CustomerGatewayId"))
        for cgw in used - {None, ""}:
            if cgw not in cgws:
                problems.append(("connection", conn.get("VpnConnectionId"), cgw))
    for route in tables.get("route_entries", {}).values():
        hop = route.get("NextHopId") or ""
        if hop.startswith("vpn-") and hop not in gateways:
            problems.append(("route", route.get("RouteEntryId"), hop))
    return problems


ONE_OF_EACH = {"vpn_gateways": 1, "customer_gateways": 1, "vpn_connections": 1, "route_entries": 1,
               "cen_publications": 1}
