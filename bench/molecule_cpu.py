"""CPU and wall time of one Molecule scenario, per step, controller and containers apart.

    python bench/molecule_cpu.py SCENARIO [--json FILE]

Run from the collection copy (`. scripts/lib.sh && sync_collection && cd "$COLLECTION_COPY"`), as root on a host
with cgroup v1 (tests/containers.conf: podman on cgroupfs). `molecule test -s SCENARIO` runs in a cpuacct cgroup of
its own, so everything it starts counts, daemonised ssh ControlPersist masters and their `podman exec` proxies too;
the containers' CPU is read from podman's own cpuacct cgroups (libpod_parent/libpod-<id>). Both are sampled at each
step boundary that Molecule logs ("[scenario > step] Executing"). CPU seconds are what compares on a shared machine;
wall time depends on the load.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

import yaml  # the venv's (Molecule needs it)

CPUACCT = "/sys/fs/cgroup/cpuacct"
STEP = re.compile(r"\[(?P<scenario>[^ ]+) > (?P<step>[a-z_]+)\] Executing")


def usage(path):
    try:
        with open(os.path.join(path, "cpuacct.usage"), encoding="ascii") as f:
            return int(f.read()) / 1e9
    except OSError:
        return None


def container_cgroups():
    """podman's cgroups of running containers (libpod_parent/libpod-<id>), by container id."""
    parent = os.path.join(CPUACCT, "libpod_parent")
    try:
        names = os.listdir(parent)
    except OSError:
        return {}
    return {n[len("libpod-"):]: os.path.join(parent, n) for n in names if n.startswith("libpod-") and len(n) > 70}


class Sampler:
    def __init__(self, own_cgroup, prefix_ids):
        self.own = own_cgroup
        self.prefix_ids = prefix_ids  # callable: ids of this scenario's containers
        self.last = {}  # container id -> last CPU seconds seen (a destroyed container keeps its last figure)
        self.lock = threading.Lock()

    def sample(self):
        with self.lock:
            return self._sample()

    def poll(self, stop):
        # containers are also read every few seconds, so the last figure before `destroy` removes them is recent
        while not stop.wait(3):
            self.sample()

    def _sample(self):
        ids = self.prefix_ids()
        groups = container_cgroups()
        for cid in ids:
            if cid in groups:
                value = usage(groups[cid])
                if value is not None:
                    self.last[cid] = value
        return usage(self.own), sum(self.last.values())


def scenario_container_ids(names):
    out = subprocess.run(["podman", "ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}"],
                         capture_output=True, text=True, check=False).stdout
    return [line.split()[0] for line in out.splitlines() if line.split()[1:] and line.split()[1] in names]


def platform_names(scenario):
    with open(f"extensions/molecule/{scenario}/molecule.yml", encoding="utf-8") as f:
        return {p["name"] for p in yaml.safe_load(f)["platforms"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--json")
    args = ap.parse_args()
    names = platform_names(args.scenario)
    own = os.path.join(CPUACCT, f"eds-molecule-cpu-{os.getpid()}")
    os.mkdir(own)
    sampler = Sampler(own, lambda: scenario_container_ids(names))
    steps = []  # (step, wall at start, controller CPU at start, container CPU at start)
    start = time.monotonic()
    with open(os.path.join(own, "cgroup.procs"), "w", encoding="ascii") as f:
        f.write("0")  # this process; children inherit the cgroup, then this one moves back out below
    proc = subprocess.Popen(["molecule", "test", "-s", args.scenario], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    with open(os.path.join(CPUACCT, "cgroup.procs"), "w", encoding="ascii") as f:
        f.write(str(os.getpid()))  # the sampler's own CPU stays out of the figure
    # container ids are looked up by name: `podman ps` is the sampler's, outside the cgroup
    stop = threading.Event()
    threading.Thread(target=sampler.poll, args=(stop,), daemon=True).start()
    for line in proc.stdout:
        sys.stdout.write(line)
        m = STEP.search(line)
        if m:
            ctl, ctr = sampler.sample()
            steps.append([m["step"], time.monotonic() - start, ctl, ctr])
    rc = proc.wait()
    stop.set()
    wall = time.monotonic() - start
    ctl, ctr = sampler.sample()
    steps.append(["end", wall, ctl, ctr])
    try:
        os.rmdir(own)
    except OSError:
        pass
    rows = []
    for (name, w0, c0, k0), (_next, w1, c1, k1) in zip(steps, steps[1:]):
        rows.append({"step": name, "wall": round(w1 - w0, 1), "controller_cpu": round(c1 - c0, 1),
                     "container_cpu": round(k1 - k0, 1)})
    total = {"scenario": args.scenario, "rc": rc, "wall": round(wall, 1), "controller_cpu": round(ctl, 1),
             "container_cpu": round(ctr, 1), "steps": rows}
    print(f"\n{'step':<14}{'wall s':>8}{'ctl CPU s':>11}{'ctr CPU s':>11}")
    merged = {}
    for r in rows:
        acc = merged.setdefault(r["step"], [0, 0, 0])
        acc[0] += r["wall"]
        acc[1] += r["controller_cpu"]
        acc[2] += r["container_cpu"]
    for name, (w, c, k) in merged.items():
        print(f"{name:<14}{w:>8.1f}{c:>11.1f}{k:>11.1f}")
    print(f"{'total':<14}{wall:>8.1f}{ctl:>11.1f}{ctr:>11.1f}  rc={rc}  load={os.getloadavg()[0]:.1f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(total, f, indent=1)
    return rc


if __name__ == "__main__":
    sys.exit(main())
