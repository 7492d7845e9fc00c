"""The local API emulator as a user starts it (scripts/emulator), for tests that run the site playbooks against it."""

import contextlib
import json
import os
import subprocess
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# bookkeeping of the emulator, not resources: client tokens, id counter, per-VPC/CEN write locks
BOOKKEEPING = {"idempotency", "id_counter", "seed", "cen_tasks", "vpc_route_tasks"}


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


@contextlib.contextmanager
def running_emulator(log_path, time_scale="0.001"):
    """scripts/emulator on 127.0.0.1 with a free port; stopped by its PID when the block ends, also on failure."""
    with open(log_path, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([os.path.join(REPO, "scripts", "emulator"), "--port", "0", "--time-scale", time_scale, "--quiet"],
                                stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("READY "):
            with open(log_path, encoding="utf-8") as f:
                raise RuntimeError("emulator did not start: %s" % f.read())
        yield Emulator(proc, line.split()[1])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
