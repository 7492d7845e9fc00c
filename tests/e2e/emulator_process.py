"""The local API emulator as a user starts it (scripts/emulator), for tests that run the site playbooks against it."""

import contextlib
import json
import os
import subprocess
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# bookkeeping of the emulator, not resources: client tokens, id counter, per-VPC/CEN write locks
BOOKKEEPING = {"idempotency", "id_counter", "seed", "cen_tasks", "vpc_route_tasks",
               # what the data center really sends and the diagnoses run (emulator services/vpn_negotiation.py)
               "vpn_peers", "vpn_peers_changed", "vpn_diagnoses"}


class Emulator:
    def __init__(self, proc, url):
        self.proc = proc
        self.url = url

    def call(self, path, method="GET"):
        req = urllib.request.Request(self.url + path, method=method, data=b"{}" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"{}")

    def stats(self):
        return self.call("/_emulator/stats")

    def reset_stats(self):
        self.call("/_emulator/stats/reset", "POST")

    def reset(self):
        self.call("/_emulator/reset", "POST")
        self.reset_stats()

    def writes(self):
        """{action: counts} of the write calls since the last stats reset."""
        return {a: c for a, c in self.stats()["by_action"].items() if c.get("write")}

    def resources(self):
        """{table: sorted ids} of everything that exists now (deleted records whose deletion is over are left out)."""
        state = self.call("/_emulator/state")
        now = state["now"]
        out = {}

        def add(where, table):
            out[where] = sorted(k for k, v in table.items()
                                if not (isinstance(v, dict) and v.get("gone_at") is not None and v["gone_at"] <= now))

        for region, data in state["store"]["regions"].items():
            for name, table in data["tables"].items():
                if name not in BOOKKEEPING and isinstance(table, dict):
                    add("%s/%s" % (region, name), table)
        for name, table in state["store"].get("globals", {}).items():
            if name not in BOOKKEEPING and isinstance(table, dict):
                add(name, table)
        return {k: v for k, v in out.items() if v}


def start_emulator(log_path, time_scale="0.001", detach=False, on_start=None, extra_args=()):
    """scripts/emulator on 127.0.0.1 with a free port, once it is READY. Its output goes to files (log_path and
    log_path.out), so with detach=True (its own session) it can outlive this process and be stopped by its PID;
    on_start(pid, argv) is called as soon as the process exists."""
    log_path = str(log_path)
    out_path = log_path + ".out"
    with open(out_path, "w", encoding="utf-8") as out, open(log_path, "w", encoding="utf-8") as err:
        argv = [os.path.join(REPO, "scripts", "emulator"), "--port", "0", "--time-scale", time_scale, "--quiet"] + list(extra_args)
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=detach)
    if on_start:
        on_start(proc.pid, argv)
    deadline = time.monotonic() + 60
    while True:
        with open(out_path, encoding="utf-8") as f:
            line = f.readline()
        if line.startswith("READY ") and line.endswith("\n"):
            return Emulator(proc, line.split()[1])
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait(timeout=30)
            with open(log_path, encoding="utf-8") as f:
                raise RuntimeError("emulator did not start: %s" % f.read())
        time.sleep(0.05)


@contextlib.contextmanager
def running_emulator(log_path, time_scale="0.001", extra_args=()):
    """start_emulator(); stopped by its PID when the block ends, also on failure."""
    emu = start_emulator(log_path, time_scale, extra_args=extra_args)
    try:
        yield emu
    finally:
        emu.proc.terminate()
        emu.proc.wait(timeout=30)
