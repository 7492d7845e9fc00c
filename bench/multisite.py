"""P6: many data centers in one run of the site playbook (docs/site_playbook.md "Several data centers").

N sites (one host each in the group `datacenters`, the example's shared inputs from
playbooks/inventory/multisite) converged from empty against the emulator at forks 10, then re-run --runs times
without a change, the sizes in turns (the ratio to 1 site compares runs made under the same host load): wall time,
CPU, API calls and writes per site from /_emulator/stats. At --time-scale 0 and with provisioning delays.

Quotas: one VPN gateway takes 10 IPsec connections and 20 VPN routes by default, so 30 sites on one gateway need an
account whose quotas were raised. The emulator's are raised (POST /_emulator/settings) and the run says so with
vpc_access_quotas (the modules' quotas option), as a user with raised quotas does (docs/site_playbook.md).
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SIZES = (1, 10, 30)
SCALES = (0.0, 0.05)
FORKS = 10


# the account's raised quotas, as the emulator's below: the run tells the modules with vpc_access_quotas
QUOTAS = {"connections_per_gateway": 100, "routes_per_gateway": 100}


def admin(url, path, payload=None):
    request = urllib.request.Request(url + "/_emulator" + path, method="POST" if payload is not None else "GET",
                                     data=None if payload is None else json.dumps(payload).encode())
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30) as response:
        return json.loads(response.read())


def start_emulator(scale, workdir):
    out = open(os.path.join(workdir, "emulator.out"), "w+", encoding="utf-8")  # pylint: disable=consider-using-with
    proc = subprocess.Popen([os.path.join(REPO, "scripts", "emulator"), "--port", "0", "--time-scale", str(scale),  # noqa: S603
                             "--quiet"], stdout=out, stderr=subprocess.DEVNULL)
    for dummy in range(600):
        out.seek(0)
        line = out.readline()
        if line.startswith("READY ") and line.endswith("\n"):
            return proc, line.split()[1]
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("emulator did not start")


def inventory(workdir, sites):
    hosts = {f"dc{i:02d}": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                            "vpc_access_datacenter_public_ip": f"203.0.113.{100 + i}",
                            "vpc_access_datacenter_cidrs": [f"10.{i}.0.0/16"]} for i in range(1, sites + 1)}
    path = os.path.join(workdir, f"inventory-{sites}")
    os.makedirs(os.path.join(path, "group_vars"))
    with open(os.path.join(path, "hosts.yml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump({"all": {"children": {"datacenters": {"hosts": hosts}}}}, handle)
    shutil.copy(os.path.join(REPO, "playbooks", "inventory", "multisite", "group_vars", "all.yml"),
                os.path.join(path, "group_vars"))
    return path


def run_site(inv, url, env, workdir):
    cmd = [env["ANSIBLE_PLAYBOOK"], os.path.join(env["P6_COLLECTION"], "playbooks", "site.yml"), "-i", inv, "--forks", str(FORKS),
           "-e", json.dumps({"vpc_access_endpoint_url": url, "vpc_access_report_dir": workdir, "vpc_access_quotas": QUOTAS})]
    admin(url, "/stats/reset", {})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=workdir)  # noqa: S603
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats = admin(url, "/stats")
    # CPU of ansible-playbook and its workers (the emulator, not yet waited for, is not counted): the figure the
    # load of a shared host does not change
    stats["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stats["tasks_per_site"] = tasks_per_site(proc.stdout)
    if proc.returncode != 0:
        failed = [line for line in proc.stdout.splitlines() if line.startswith("fatal:")]
        raise RuntimeError((failed[0] if failed else proc.stdout[-500:])[:400])
    return seconds, stats


def tasks_per_site(stdout):
    """Task executions on a site's host (ok + changed + skipped + failed of its PLAY RECAP line), the median over the
    sites: each is a worker process forked by ansible-playbook, the cost that grows with N (a run_once task counts
    on the first site only, so the median leaves it out once there are 3 sites or more)."""
    counts = []
    for line in stdout.splitlines():
        if line.startswith("dc") and " : ok=" in line:
            fields = dict(item.split("=") for item in line.split(":", 1)[1].split())
            counts.append(sum(int(fields.get(key, 0)) for key in ("ok", "changed", "skipped", "failed")))
    return statistics.median(counts) if counts else float("nan")


def p6(tree, runs, results, base_env, ansible_playbook):
    env = dict(base_env(tree), ANSIBLE_PLAYBOOK=ansible_playbook, P6_COLLECTION=REPO)
    rows = []
    measure(runs, env, rows)
    results["P6"] = {"rows": rows, "forks": FORKS}


def measure(runs, env, rows):
    """Per time scale: every size converged from empty on an emulator of its own, then the no-op re-runs taken in
    turns (1, 10, 30 sites, 1, 10, 30, ...), so that the sizes compared share the host's load of the same minutes."""
    for scale in SCALES:
        sizes = []
        try:
            for sites in SIZES:
                workdir = tempfile.mkdtemp(prefix="eds-bench-p6-")
                size = {"sites": sites, "row": {"sites": sites, "scale": scale}, "workdir": workdir, "noop": []}
                sizes.append(size)
                try:
                    size["proc"], size["url"] = start_emulator(scale, workdir)
                    quotas = {"vpn_connections": 100, "vpn_route_entries": 100, "vpn_pbr_route_entries": 200}
                    admin(size["url"], "/settings", {"quotas": quotas})
                    size["inv"] = inventory(workdir, sites)
                    seconds, stats = run_site(size["inv"], size["url"], env, workdir)
                    size["row"].update(converge_s=seconds, converge_calls=stats["requests"],
                                       converge_writes=stats["writes"], converge_cpu_s=stats["cpu_s"])
                except RuntimeError as exc:
                    size["row"]["error"] = str(exc)
            for dummy in range(runs):
                for size in sizes:
                    if "error" in size["row"]:
                        continue
                    try:
                        size["noop"].append(run_site(size["inv"], size["url"], env, size["workdir"]))
                    except RuntimeError as exc:
                        size["row"]["error"] = str(exc)
            for size in sizes:
                noop, row = size["noop"], size["row"]
                if noop and "error" not in row:
                    row.update(noop_s=statistics.median(run[0] for run in noop),
                               noop_calls=statistics.median(run[1]["requests"] for run in noop),
                               noop_writes=max(run[1]["writes"] for run in noop),
                               noop_cpu_s=statistics.median(run[1]["cpu_s"] for run in noop),
                               noop_tasks=statistics.median(run[1]["tasks_per_site"] for run in noop))
                rows.append(row)
                print(f"P6 {row}", flush=True)
        finally:
            for size in sizes:
                if "proc" in size:
                    size["proc"].terminate()
                    size["proc"].wait(timeout=30)
                shutil.rmtree(size["workdir"], ignore_errors=True)


def report(p6_results, fmt):
    rows = p6_results["rows"]
    one = {r["scale"]: r.get("noop_s") for r in rows if r["sites"] == 1}
    lines = ["", f"### P6: many data centers in one run (site.yml, one host per site, forks {p6_results['forks']})", "",
             "| --time-scale | Sites | Converge s | Calls per site | Writes per site | No-op re-run s | Ratio to 1 site "
             "| CPU s | CPU s per site | Tasks per site | Calls per site | Writes |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['scale']} | {r['sites']} | failed: {r['error']} | | | | | | | | | |")
            continue
        n = r["sites"]
        ratio = r["noop_s"] / one[r["scale"]] if one.get(r["scale"]) else float("nan")
        lines.append(f"| {r['scale']} | {n} | {fmt(r['converge_s'])} | {fmt(r['converge_calls'] / n, 1)} "
                     f"| {fmt(r['converge_writes'] / n, 1)} | {fmt(r['noop_s'])} | {fmt(ratio)} "
                     f"| {fmt(r.get('noop_cpu_s', float('nan')), 1)} | {fmt(r.get('noop_cpu_s', float('nan')) / n, 2)} "
                     f"| {fmt(r.get('noop_tasks', float('nan')), 0)} | {fmt(r['noop_calls'] / n, 1)} | {r['noop_writes']} |")
    lines += ["", "Goal: a no-op re-run of 30 sites at forks 10 within 3x the time of 1 site. Calls per site include "
              "the shared gateway's reads (made once), so they fall with N; a per-site figure that grew with N would "
              "be a lookup that scans the other sites. Writes per site of a converge count the writes the API refused "
              "as busy and the modules retried. CPU s: user + system of ansible-playbook and its workers (no-op "
              "re-run, median), the figure a shared host's load does not change. Tasks per site: the task executions on a site's "
              "host in a no-op re-run (PLAY RECAP ok + changed + skipped, median over the sites): each is a worker "
              "process forked by ansible-playbook, the cost that grows with N."]
    return lines
