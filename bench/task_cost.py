"""P1 breakdown: where the time and memory of one cloud task go, and the same task run in the worker process.

Per-task figures come from real ansible-playbook runs: a play of TASKS tasks of one kind minus an empty play, on
the implicit localhost (local connection, pipelining). Kinds: `debug` (an action plugin alone: worker fork,
task executor, result back), `ping` (plus a module process: AnsiballZ payload, interpreter start,
`ansible.module_utils.basic`), `uri` (the floor: plus one HTTP read), `vpn_gateway_info` run as a module process
(the collection without its action plugins: a copy of plugins/ and meta/ without plugins/action/) and
`vpn_gateway_info` through its action plugin (plugins/plugin_utils/cloud_action.py: the module run in the worker).
The module process's own parts are measured apart: AnsiballZ build (cold = first task of a run, then cached),
interpreter start, imports, and the payload run end to end.

Memory: /proc/<pid>/smaps_rollup of every process under ansible-playbook, sampled every few milliseconds:
for a worker (a fork of the controller, sharing its pages) what it owns (Private_Clean + Private_Dirty), for a
module process its RSS. Per task = the largest worker's private memory + the largest module process's RSS.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import yaml

TASKS = 10
PY = sys.executable
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(PY), "ansible-playbook")


def module_process_tree(repo):
    """A collection tree with the same modules and module_utils but no action plugin (the module process path)."""
    root = tempfile.mkdtemp(prefix="eds-bench-modproc-")
    target = os.path.join(root, "ansible_collections", "eds", "vpc_access")
    os.makedirs(target)
    for name in ("plugins", "meta"):
        shutil.copytree(os.path.join(repo, name), os.path.join(target, name))
    shutil.copy(os.path.join(repo, "galaxy.yml"), target)
    shutil.rmtree(os.path.join(target, "plugins", "action"), ignore_errors=True)
    return root


def play(kind, count, url):
    task = {
        "debug": {"ansible.builtin.debug": {"msg": "x"}},
        "ping": {"ansible.builtin.ping": {}},
        "uri": {"ansible.builtin.uri": {"url": f"{url}/_emulator/health"}},
        "vpn_gateway_info": {"eds.vpc_access.vpn_gateway_info": {"region": "cn-shanghai"}},
    }[kind]
    return [{"name": f"{count} x {kind}", "hosts": "localhost", "gather_facts": False,
             "tasks": [dict(task, name=f"{kind} {i}") for i in range(count)]}]


class MemorySampler(threading.Thread):
    """Largest private memory of the forked workers and largest RSS of the module processes under `root_pid`."""

    def __init__(self, root_pid):
        super().__init__(daemon=True)
        self.root, self.stop, self.worker_private, self.module_rss, self.controller_rss = root_pid, False, 0, 0, 0

    def run(self):
        while not self.stop:
            own = smaps(self.root)
            if own:
                self.controller_rss = max(self.controller_rss, own["Rss"])
            for pid, ppid in children(self.root):
                kib = smaps(pid)
                if not kib:
                    continue
                if ppid == self.root and cmdline(pid) == cmdline(self.root):      # a worker: fork of ansible-playbook
                    self.worker_private = max(self.worker_private, kib["Private_Clean"] + kib["Private_Dirty"])
                elif ppid != self.root:                                            # started by a worker: the module
                    self.module_rss = max(self.module_rss, kib["Rss"])
            time.sleep(0.003)


def children(root):
    """(pid, ppid) of every process below root."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, todo = [], [root]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent:
                found.append((pid, ppid))
                todo.append(pid)
    return found


def smaps(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+):\s+(\d+) kB", handle.read(), re.M)}
    except OSError:
        return None


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return None


def timed_play(plays, env, sample=False):
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(plays, handle)
    started = time.monotonic()
    proc = subprocess.Popen([ANSIBLE_PLAYBOOK, handle.name], env=env, stdout=subprocess.PIPE,  # noqa: S603
                            stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    out = proc.communicate()[0]
    seconds = time.monotonic() - started
    if sampler:
        sampler.stop = True
        sampler.join()
    os.unlink(handle.name)
    if proc.returncode != 0:
        raise RuntimeError(f"{plays[0]['name']} failed:\n{out[-3000:]}")
    return seconds, sampler


def per_task(base_env, trees, url, runs):
    """Seconds per task of each kind (median over runs, interleaved, unsampled), then memory from one more run
    of each kind with the sampler on (sampling costs CPU, so those runs are not timed)."""
    kinds = [("debug", "plugin"), ("ping", "plugin"), ("uri", "plugin"), ("vpn_gateway_info", "modproc"),
             ("vpn_gateway_info", "plugin")]
    samples = {k: [] for k in kinds}
    empty = []
    for _attempt in range(runs):
        empty.append(timed_play(play("debug", 0, url), base_env(trees["plugin"], url))[0])
        for kind, tree in kinds:
            samples[(kind, tree)].append(timed_play(play(kind, TASKS, url), base_env(trees[tree], url))[0])
    base = statistics.median(empty)
    rows = []
    for kind, tree in kinds:
        sampler = timed_play(play(kind, TASKS, url), base_env(trees[tree], url), sample=True)[1]
        worker, module = sampler.worker_private / 1024, sampler.module_rss / 1024
        rows.append({"kind": kind, "path": tree, "play": statistics.median(samples[(kind, tree)]),
                     "per_task": (statistics.median(samples[(kind, tree)]) - base) / TASKS,
                     "worker_private_mib": worker, "module_rss_mib": module, "task_mib": worker + module,
                     "controller_mib": sampler.controller_rss / 1024})
    return {"empty": base, "rows": rows}


BALLZ = """
import os, sys, tempfile, time
os.environ['ANSIBLE_LOCAL_TEMP'] = tempfile.mkdtemp()
from ansible.plugins.loader import init_plugin_loader, module_loader
init_plugin_loader()
from ansible.executor.module_common import modify_module
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader
tv = {'ansible_python_interpreter': sys.executable}
path = module_loader.find_plugin_with_context(sys.argv[1]).plugin_resolved_path
times = []
for _ in range(2):
    t = time.monotonic()
    built = modify_module(module_name=sys.argv[1], module_path=path, module_args=dict(region='cn-shanghai'),
                          templar=Templar(loader=DataLoader(), variables=tv), task_vars=tv)
    times.append(time.monotonic() - t)
open(sys.argv[2], 'wb').write(built.b_module_data)
print(times[0], times[1], len(built.b_module_data))
"""


def process_parts(base_env, trees, url, runs):
    """The module process's parts for vpn_gateway_info: AnsiballZ build, interpreter, imports, payload run."""
    env = base_env(trees["modproc"], url)
    payload = tempfile.NamedTemporaryFile(suffix=".py", delete=False).name  # noqa: SIM115
    probes = {
        "interpreter start (python -c pass)": [PY, "-c", "pass"],
        "+ ansible.module_utils.basic": [PY, "-c", "import ansible.module_utils.basic"],
        "+ the module's code and the SDK": [PY, "-c", "import ansible.module_utils.basic, importlib;"
                                            "[importlib.import_module(m) for m in ('ansible_collections.eds."
                                            "vpc_access.plugins.modules.vpn_gateway_info',) + tuple(sys.argv[1:])]",
                                            "alibabacloud_tea_openapi.client", "alibabacloud_tea_openapi.utils_models",
                                            "alibabacloud_tea_openapi.utils", "darabonba.runtime"],
        "AnsiballZ payload run end to end (one DescribeVpnGateways)": [PY, payload],
    }
    probes["+ the module's code and the SDK"][2] = "import sys;" + probes["+ the module's code and the SDK"][2]
    found = {name: [] for name in probes}
    cold, warm, size = [], [], 0
    try:
        for _attempt in range(runs):
            out = subprocess.run([PY, "-c", BALLZ, "eds.vpc_access.vpn_gateway_info", payload], env=env,  # noqa: S603
                                 capture_output=True, text=True, check=True).stdout.split()
            cold.append(float(out[0]))
            warm.append(float(out[1]))
            size = int(out[2])
            for name, cmd in probes.items():
                started = time.monotonic()
                subprocess.run(cmd, env=dict(env, PYTHONPATH=trees["modproc"]), capture_output=True, check=True)  # noqa: S603
                found[name].append(time.monotonic() - started)
    finally:
        os.unlink(payload)
    parts = [{"part": "AnsiballZ payload build, first task of a run (cached afterwards)", "s": statistics.median(cold)},
             {"part": "AnsiballZ payload build, cached", "s": statistics.median(warm)}]
    parts += [{"part": name, "s": statistics.median(values)} for name, values in found.items()]
    return {"parts": parts, "payload_kib": size / 1024}


def breakdown(repo, base_env, plugin_tree, url, runs):
    trees = {"plugin": plugin_tree, "modproc": module_process_tree(repo)}
    try:
        result = per_task(base_env, trees, url, runs)
        result.update(process_parts(base_env, trees, url, runs))
        return result
    finally:
        shutil.rmtree(trees["modproc"])


LABELS = {("debug", "plugin"): "ansible.builtin.debug (action plugin only: fork, task executor, result)",
          ("ping", "plugin"): "ansible.builtin.ping (+ module process: AnsiballZ, interpreter, basic)",
          ("uri", "plugin"): "ansible.builtin.uri, one HTTP read (the floor)",
          ("vpn_gateway_info", "modproc"): "vpn_gateway_info as a module process (before)",
          ("vpn_gateway_info", "plugin"): "vpn_gateway_info in the worker (its action plugin)"}


def report(data, fmt):
    lines = [f"Where one cloud task's time and memory go ({TASKS} tasks of a kind in one play, minus an empty play "
             f"of {fmt(data['empty'])} s; local connection, pipelining):", "",
             "| Task | Play s | s per task | Worker private MiB | Module process RSS MiB | Memory per task MiB "
             "| Controller RSS MiB |",
             "|---|---|---|---|---|---|---|"]
    for row in data["rows"]:
        lines.append(f"| {LABELS[(row['kind'], row['path'])]} | {fmt(row['play'])} | {fmt(row['per_task'])} | "
                     f"{fmt(row['worker_private_mib'], 1)} | {fmt(row['module_rss_mib'], 1)} | "
                     f"{fmt(row['task_mib'], 1)} | {fmt(row['controller_mib'], 1)} |")
    lines += ["", f"The module process's parts (vpn_gateway_info, payload {fmt(data['payload_kib'], 0)} KiB; "
              "each line a fresh process, cumulative):", "", "| Part | s |", "|---|---|"]
    lines += [f"| {part['part']} | {fmt(part['s'])} |" for part in data["parts"]]
    return lines + [""]
