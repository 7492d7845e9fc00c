"""P5: no-op re-run of the data-center roles per backend vs a read-only play and an empty play on the same host.

Each backend is one Molecule scenario of extensions/molecule/: its platforms are started here with podman
(containers `eds-bench-*`, one network per scenario), its own prepare and converge playbooks and inventory
variables are reused unchanged, the role is converged once, then the converge playbook (the no-op), the same plays
with as many read-only tasks (stat) as the no-op runs, and the same plays with nothing in them (same hosts, same
gather_facts) are run N times each, interleaved, over the containers.podman.podman connection Molecule uses and
over ssh with pipelining (sshd in inetd mode through `podman exec -i`, as users run it).
"""

import datetime
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOLECULE = os.path.join(REPO, "extensions", "molecule")
CONTAINERS_CONF = os.path.join(REPO, "tests", "containers.conf")   # podman settings this host needs (runc, ulimits)
sys.path.insert(0, os.path.join(MOLECULE, "resources", "podman"))
from systemd_boot import wait_booted  # noqa: E402  pylint: disable=wrong-import-position,import-error
IMAGE = "localhost/eds-vpc-access/bookworm-daemons:latest"
PREFIX = "eds-bench-"
# tasks a no-op must not run (names of the roles' checker, reload/restart, rollback and snapshot tasks, handlers)
GUARDED = re.compile(r"checker|^(queue the )?re(load|start)|rollback|restore|about to be removed", re.IGNORECASE)
# (role, backend, Molecule scenario)
BACKENDS = [
    ("dns_forwarding", "bind", "dns_forwarding_bind"),
    ("dns_forwarding", "unbound", "dns_forwarding_unbound"),
    ("dns_forwarding", "dnsmasq", "dns_forwarding_dnsmasq"),
    ("dhcp_options", "kea", "dhcp_options_kea"),
    ("dhcp_options", "dhcpd", "dhcp_options_dhcpd"),
    ("dhcp_options", "dnsmasq", "dhcp_options_dnsmasq"),
    ("ipsec_peer", "strongSwan", "ipsec_peer"),
    ("bgp_peer", "FRR", "bgp_peer"),
]


def podman(*args, check=True):
    return subprocess.run(["podman", *args], capture_output=True, text=True, check=check)  # noqa: S603 S607


def image(platform):
    """The platform's image; ${EDS_DAEMONS_TAG:-latest} as Molecule expands it (scripts/lib.sh sets the tag)."""
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: os.environ.get(m[1]) or m[2], platform.get("image", IMAGE))


def container_name(platform):
    return PREFIX + platform["name"].removeprefix("eds-")


class Scenario:
    """The platforms, playbooks and inventory of one Molecule scenario, run outside Molecule."""

    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(MOLECULE, name)
        with open(os.path.join(self.dir, "molecule.yml"), encoding="utf-8") as handle:
            self.config = yaml.safe_load(handle)
        self.platforms = self.config["platforms"]
        self.network = PREFIX + name.replace("_", "-")
        playbooks = self.config.get("provisioner", {}).get("playbooks", {})
        self.prepare = self.playbook_path(playbooks.get("prepare", "prepare.yml"))
        self.converge = self.playbook_path(playbooks.get("converge", "converge.yml"))

    def playbook_path(self, relative):
        path = os.path.normpath(os.path.join(self.dir, relative))
        return path if os.path.exists(path) else None

    def remove(self):
        """By name, whatever state a previous run left them in."""
        for platform in self.platforms:
            podman("rm", "-f", "-t", "0", container_name(platform), check=False)
        podman("network", "rm", "-f", self.network, check=False)

    def start(self):
        self.remove()
        podman("network", "create", self.network)
        for platform in self.platforms:
            cmd = ["run", "-d", "--name", container_name(platform), "--hostname", platform["name"],
                   "--network", self.network, "--systemd", str(platform.get("systemd", "true")).lower()]
            for cap in platform.get("capabilities", []):
                cmd += ["--cap-add", cap]
            for device in platform.get("devices", []):
                cmd += ["--device", device]
            command = platform.get("command", "/sbin/init")
            podman(*cmd, image(platform), *shlex.split(command))
        for platform in self.platforms:
            # the same wait as Molecule's create (extensions/molecule/resources/podman/systemd_boot.py)
            wait_booted(container_name(platform), 300)

    def inventory(self, path, podman_executable="podman", ssh_key=None):
        """Over containers.podman.podman (as Molecule), or with ssh_key over ssh: sshd in inetd mode through
        `podman exec -i` (no sshd listens), pipelining, one ControlPersist master per host (as
        tests/e2e/seed_lab/container.py)."""
        group_vars = self.config.get("provisioner", {}).get("inventory", {}).get("group_vars", {})
        groups = {}
        for platform in self.platforms:
            name = container_name(platform)
            host = {"ansible_connection": "containers.podman.podman", "ansible_host": name,
                    "ansible_podman_executable": podman_executable}
            if ssh_key:
                proxy = f"{podman_executable} exec -i {name} /usr/sbin/sshd -i -o UsePAM=no"
                host = {"ansible_connection": "ssh", "ansible_host": name, "ansible_user": "root",
                        "ansible_ssh_private_key_file": ssh_key, "ansible_ssh_pipelining": True,
                        "ansible_ssh_args": "-o ControlMaster=auto -o ControlPersist=600s",
                        "ansible_ssh_executable": os.path.join(os.path.dirname(podman_executable), "ssh"),
                        "ansible_ssh_use_tty": False,
                        "ansible_ssh_common_args": f"-o ProxyCommand={shlex.quote(proxy)} -o StrictHostKeyChecking=no "
                                                   "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR",
                        "ansible_control_path_dir": os.path.join(os.path.dirname(ssh_key), "cp")}
            for group in platform.get("groups", []):
                groups.setdefault(group, {"hosts": {}})["hosts"][platform["name"]] = host
        for group, variables in group_vars.items():
            if group != "all":
                groups.setdefault(group, {"hosts": {}})["vars"] = variables
        inventory = {"all": {"vars": group_vars.get("all", {}), "children": groups}}
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(inventory, handle)

    def empty_playbook(self, path):
        """The converge playbook with nothing in its plays: same hosts, same gather_facts."""
        with open(self.converge, encoding="utf-8") as handle:
            plays = yaml.safe_load(handle)
        empty = [{"name": f"Empty: {play.get('name', play['hosts'])}", "hosts": play["hosts"],
                  "gather_facts": play.get("gather_facts", True)} for play in plays]
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(empty, handle, sort_keys=False)

    def read_only_playbook(self, path, count):
        """The converge playbook's plays, the role plays holding `count` read-only module tasks (stat) instead."""
        with open(self.converge, encoding="utf-8") as handle:
            plays = yaml.safe_load(handle)
        stat = [{"name": f"Read {i}", "ansible.builtin.stat": {"path": "/etc/hostname"}} for i in range(count)]
        reads = [{"name": f"Reads: {play.get('name', play['hosts'])}", "hosts": play["hosts"],
                  "gather_facts": play.get("gather_facts", True), "tasks": stat if play.get("roles") else []}
                 for play in plays]
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(reads, handle, sort_keys=False)

    def authorize(self, ssh_key):
        for platform in self.platforms:
            with open(ssh_key + ".pub", encoding="utf-8") as handle:
                subprocess.run(["podman", "exec", "-i", container_name(platform), "sh", "-c",  # noqa: S603 S607
                                "mkdir -p /root/.ssh /run/sshd && chmod 700 /root/.ssh && "
                                "cat > /root/.ssh/authorized_keys"], stdin=handle, check=True, capture_output=True)

    def role_hosts(self):
        """Inventory names of the hosts the role plays target (a group name or a host name)."""
        with open(self.converge, encoding="utf-8") as handle:
            plays = yaml.safe_load(handle)
        targets = {play["hosts"] for play in plays if play.get("roles")}
        return sorted(p["name"] for p in self.platforms if p["name"] in targets or targets & set(p.get("groups", [])))


def run_json(playbook, env, inventory, label):
    """ansible-playbook with the json callback: wall seconds, per-host stats and per-task durations."""
    started = time.monotonic()
    proc = subprocess.run([env["BENCH_ANSIBLE_PLAYBOOK"], "-i", inventory, playbook], env=env,  # noqa: S603
                          capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    try:
        out = json.loads(proc.stdout[proc.stdout.index("{"):])
    except ValueError as exc:
        raise RuntimeError(f"{label}: no JSON output (rc {proc.returncode}):\n{proc.stdout[-2000:]}\n"
                           f"{proc.stderr[-2000:]}") from exc
    if proc.returncode != 0:
        failed = [(t["task"]["name"], h, r.get("msg")) for p in out["plays"] for t in p["tasks"]
                  for h, r in t["hosts"].items() if r.get("failed") or r.get("unreachable")]
        raise RuntimeError(f"{label} failed (rc {proc.returncode}): {failed[:3]}\n{proc.stderr[-1500:]}")
    tasks = [(t["task"]["name"], h, task_seconds(t["task"]["duration"]), bool(r.get("skipped")))
             for p in out["plays"] for t in p["tasks"] for h, r in t["hosts"].items()]
    changed = [f'{t["task"]["name"]} on {h}' for p in out["plays"] for t in p["tasks"] for h, r in t["hosts"].items()
               if r.get("changed")]
    return seconds, out["stats"], tasks, changed


def task_seconds(span):
    def parse(value):
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (parse(span["end"]) - parse(span["start"])).total_seconds()


def ran(stats, hosts):
    """ok + skipped of these hosts in the recap (a play without tasks and facts leaves a host out of it)."""
    return sum(stats.get(h, {}).get("ok", 0) + stats.get(h, {}).get("skipped", 0) for h in hosts)


def counting_podman(work):
    """A podman for the connection plugin that logs its sub-command: one line per round trip to the container; and
    an ssh that logs "exec" too: with pipelining one ssh client run (through the master) is one module run."""
    log, wrapper = os.path.join(work, "podman.log"), os.path.join(work, "podman")
    for name in ("podman", "ssh"):
        with open(os.path.join(work, name), "w", encoding="utf-8") as handle:
            first = '"$1"' if name == "podman" else "exec"
            handle.write(f'#!/bin/sh\necho {first} >> {shlex.quote(log)}\nexec {name} "$@"\n')
        os.chmod(os.path.join(work, name), 0o755)  # noqa: S103
    return wrapper, log


def round_trips(log):
    """podman exec calls logged since the last call (the log is emptied)."""
    if not os.path.exists(log):
        return 0
    with open(log, encoding="utf-8") as handle:
        count = sum(1 for line in handle if line.strip() == "exec")
    os.unlink(log)
    return count


def bare_exec(container, runs):
    """Median seconds of `podman exec <container> true`: the price of one round trip without Python."""
    samples = []
    for _attempt in range(runs):
        started = time.monotonic()
        podman("exec", container, "true")
        samples.append(time.monotonic() - started)
    return statistics.median(samples)


def noop_run(scenario, env, inventory, log, label):
    """One converge that must change nothing: seconds, recap stats, task timings, round trips (podman exec/ssh)."""
    seconds, stats, timings, changed_tasks = run_json(scenario.converge, env, inventory, f"{scenario.name} {label}")
    changed = {host: s["changed"] for host, s in stats.items() if s["changed"]}
    if changed:
        raise RuntimeError(f"{scenario.name}: {label} is not a no-op: changed {changed}: " + "; ".join(changed_tasks))
    return seconds, stats, timings, round_trips(log)


def measure(scenario, runs, env, work, connection="podman", env_base=None):
    inventory = os.path.join(work, "inventory.yml")
    empty, reads = os.path.join(work, "empty.yml"), os.path.join(work, "reads.yml")
    wrapper, log = counting_podman(work)
    ssh_key = None
    if connection == "ssh":
        ssh_key = os.path.join(work, "id_ed25519")
        os.makedirs(os.path.join(work, "cp"))
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ssh_key], check=True)  # noqa: S603 S607
    scenario.inventory(inventory, wrapper, ssh_key)
    scenario.empty_playbook(empty)
    role_hosts = scenario.role_hosts()
    scenario.start()
    if ssh_key:
        scenario.authorize(ssh_key)
    if scenario.prepare:
        run_json(scenario.prepare, env, inventory, f"{scenario.name} prepare")
    run_json(scenario.converge, env, inventory, f"{scenario.name} first converge")
    # the read-only play has as many tasks on the role host as a no-op run beyond what the empty play runs
    _s, stats, _t, _c = run_json(scenario.converge, env, inventory, f"{scenario.name} counting run")
    _s, empty_stats, _t, _c = run_json(empty, env, inventory, f"{scenario.name} empty counting run")
    read_count = ran(stats, role_hosts) - ran(empty_stats, role_hosts)
    scenario.read_only_playbook(reads, read_count)
    round_trips(log)
    noop, floor, read_only, tasks, facts, per_task = [], [], [], [], [], {}
    trips = {"noop": [], "empty": [], "reads": [], "base": []}
    base, guarded = [], set()
    for attempt in range(runs):
        seconds, stats, timings, trip = noop_run(scenario, env, inventory, log, f"no-op run {attempt + 1}")
        noop.append(seconds)
        trips["noop"].append(trip)
        tasks.append(ran(stats, role_hosts))
        guarded.update(n.split(" : ")[-1] for n, _h, _s, skip in timings if not skip
                       and GUARDED.search(n.split(" : ")[-1]))
        if env_base:    # the baseline's role right after this one's: the same host load for both
            seconds, _stats, _timings, trip = noop_run(scenario, env_base, inventory, log,
                                                       f"baseline no-op run {attempt + 1}")
            base.append(seconds)
            trips["base"].append(trip)
        facts.append(sum(s for name, h, s, _k in timings if name == "Gathering Facts" and h in role_hosts))
        for name, host, secs, skipped in timings:
            if host in role_hosts and name != "Gathering Facts":
                per_task.setdefault(name, {"s": [], "skipped": skipped})["s"].append(secs)
        seconds, stats, _timings, _changed = run_json(empty, env, inventory, f"{scenario.name} empty play {attempt + 1}")
        floor.append(seconds)
        trips["empty"].append(round_trips(log))
        empty_tasks = ran(stats, role_hosts)
        read_only.append(run_json(reads, env, inventory, f"{scenario.name} read-only play {attempt + 1}")[0])
        trips["reads"].append(round_trips(log))
    exec_s = bare_exec(container_name(next(p for p in scenario.platforms if p["name"] == role_hosts[0])), runs)
    return {"noop": noop, "empty": floor, "reads": read_only, "read_count": read_count, "tasks": tasks,
            "empty_tasks": empty_tasks, "facts": facts, "per_task": per_task, "trips": trips, "exec_s": exec_s,
            "base": base, "guarded": sorted(guarded)}


def p5(tree, runs, results, env_for, baseline=None):
    """Fill results["P5"]; env_for(tree, **extra) gives the bench environment. EDS_BENCH_P5_SCENARIOS (comma list
    of scenario names) and EDS_BENCH_P5_CONNECTIONS (podman,ssh) narrow a run; rows measured earlier for the
    other scenarios/connections are kept. With a baseline ({"ref", "tree"}), each no-op is followed by one of the
    baseline's roles on the same hosts (the same playbooks and inventory)."""
    median = statistics.median
    extra = {"ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json", "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
             "ANSIBLE_HOST_KEY_CHECKING": "False", "CONTAINERS_CONF": CONTAINERS_CONF,
             "BENCH_ANSIBLE_PLAYBOOK": os.path.join(os.path.dirname(sys.executable), "ansible-playbook")}
    env = env_for(tree, **extra)
    env_base = env_for(baseline["tree"], **extra) if baseline else None
    os.environ["CONTAINERS_CONF"] = CONTAINERS_CONF     # for this process's own podman calls
    only = [n for n in os.environ.get("EDS_BENCH_P5_SCENARIOS", "").split(",") if n]
    connections = os.environ.get("EDS_BENCH_P5_CONNECTIONS", "podman,ssh").split(",")
    rows, errors = [], []
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # a killed bench still removes containers
    try:
        for role, backend, name in BACKENDS:
            if only and name not in only:
                continue
            for connection in connections:
                scenario = Scenario(name)
                started = time.monotonic()
                with tempfile.TemporaryDirectory(prefix=PREFIX) as work:
                    try:
                        m = measure(scenario, runs, env, work, connection, env_base)
                    except (RuntimeError, subprocess.CalledProcessError) as exc:   # the others still run
                        errors.append(f"{role}/{backend}/{connection}: {exc}"[:1500])
                        print(f"P5 {role}/{backend}/{connection} FAILED: {exc}", file=sys.stderr, flush=True)
                        continue
                    finally:
                        scenario.remove()
                role_s, floor_s = median(m["noop"]), median(m["empty"])
                slowest = sorted(((median(v["s"]), k) for k, v in m["per_task"].items()), reverse=True)[:4]
                rows.append({"role": role, "backend": backend, "scenario": name, "connection": connection,
                             "noop": role_s, "empty": floor_s, "reads": median(m["reads"]),
                             "read_count": m["read_count"], "tasks": median(m["tasks"]),
                             "empty_tasks": m["empty_tasks"], "facts": median(m["facts"]),
                             "trips": median(m["trips"]["noop"]), "empty_trips": median(m["trips"]["empty"]),
                             "ssh_trips": True, "guarded": m["guarded"],    # rows before ssh_executable was wrapped counted 0 over ssh
                             "exec_s": m["exec_s"], "load": round(os.getloadavg()[0], 1),
                             "at": f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
                             "slowest": [[k.split(" : ", 1)[-1], round(s, 2)] for s, k in slowest],
                             "task_seconds_sum": round(sum(median(v["s"]) for v in m["per_task"].values()), 2)})
                if baseline:
                    rows[-1]["baseline"] = {"ref": baseline["ref"], "noop": median(m["base"]),
                                            "trips": median(m["trips"]["base"])}
                print(f"P5 {role}/{backend}/{connection}: no-op {role_s:.2f}s, read-only {median(m['reads']):.2f}s, "
                      f"empty {floor_s:.2f}s, {time.monotonic() - started:.0f}s in all", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
    done = {(r["scenario"], r["connection"]) for r in rows}
    kept = [r for r in results.get("P5", {}).get("rows", [])
            if "reads" in r and (r["scenario"], r.get("connection")) not in done]

    def order(row):
        return BACKENDS.index((row["role"], row["backend"], row["scenario"])), row["connection"]
    results["P5"] = {"rows": sorted(kept + rows, key=order), "errors": errors}
    if errors:
        raise RuntimeError("P5: " + " | ".join(errors))


def report(p5_result, fmt):
    lines = ["### P5: data-center roles, no-op re-run vs a read-only play and an empty play on the same host", "",
             "Connections: `podman` = `containers.podman.podman` (as Molecule; no pipelining), `ssh` = ssh with "
             "pipelining and one ControlPersist master through `podman exec -i <container> /usr/sbin/sshd -i` (as "
             "users run it). Tasks = ok + skipped in the recap of the role host, the fact gathering included. "
             "Read-only play = the converge playbook's plays with as many `ansible.builtin.stat` tasks on the role "
             "host as the no-op runs beyond the empty play (same hosts, same gather_facts); the goal is a no-op "
             "within 1.5x of it. Round trips = `podman exec` calls per run on all hosts (a logging wrapper around "
             "podman); over ssh, ssh client runs (a wrapper as `ansible_ssh_executable`: with pipelining one per "
             "module run) plus master connections. Play facts = the play's own fact "
             "gathering on the role host (the dns_forwarding converge has `gather_facts: false`; the role gathers "
             "the `min` subset itself).",
             "", "| Role | Backend | Connection | No-op median s | Read-only play s (tasks) | Ratio to read-only | "
             "Empty play s | Tasks | Round trips (empty) | Bare exec s | Play facts s | Load (1 min) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    rows = [row for row in p5_result["rows"] if "reads" in row]   # rows of the harness before the read-only play
    for row in rows:
        uncounted = row["connection"] == "ssh" and not row.get("ssh_trips")
        trips = "-" if uncounted else f"{fmt(row['trips'], 0)} ({fmt(row['empty_trips'], 0)})"
        lines.append(f"| {row['role']} | {row['backend']} | {row['connection']} | {fmt(row['noop'])} | "
                     f"{fmt(row['reads'])} ({row['read_count']}) | {fmt(row['noop'] / row['reads'])} | "
                     f"{fmt(row['empty'])} | {fmt(row['tasks'], 0)} | "
                     f"{trips} | {fmt(row['exec_s'])} | "
                     f"{fmt(row['facts'])} | {row['load']} |")
    lines += ["", "Slowest tasks of one no-op run (median s):", ""]
    for row in rows:
        lines.append(f"- {row['role']}/{row['backend']}/{row['connection']}: "
                     + "; ".join(f"{name} {s:.2f}" for name, s in row["slowest"]))
    for row in (row for row in rows if "guarded" in row):
        lines.append(f"- {row['role']}/{row['backend']}/{row['connection']}: checker, reload, restart or rollback "
                     f"tasks that ran in the no-op runs: {', '.join(filter(GUARDED.search, row['guarded'])) or 'none'}")
    for row in rows:
        if row.get("baseline"):
            lines.append(f"- before ({row['baseline']['ref']}), same runs: {row['role']}/{row['backend']}/"
                         f"{row['connection']}: no-op {fmt(row['baseline']['noop'])} s, "
                         + ("round trips not counted" if row["connection"] == "ssh" and not row.get("ssh_trips")
                            else f"{fmt(row['baseline']['trips'], 0)} round trips"))
    for error in p5_result.get("errors", []):
        lines.append(f"- not measured: {error.splitlines()[0]}")
    lines.append("")
    return lines
