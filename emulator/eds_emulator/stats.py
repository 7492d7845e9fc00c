"""Request statistics: counts by action, reads vs writes, errors (benchmarks and zero-write tests read them)."""

import threading


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self.requests = 0
            self.reads = 0
            self.writes = 0
            self.errors = 0
            self.faults = 0
            self.replays = 0
            self.by_action = {}
            self.by_code = {}

    def record(self, action, write, code=None, fault=False, replay=False):
        """One API request that reached dispatch. write: the action is a write (counted even if it failed)."""
        with self._lock:
            self.requests += 1
            entry = self.by_action.setdefault(action, {"count": 0, "errors": 0, "write": bool(write)})
            entry["count"] += 1
            if write:
                self.writes += 1
            else:
                self.reads += 1
            if code is not None:
                self.errors += 1
                entry["errors"] += 1
                self.by_code[code] = self.by_code.get(code, 0) + 1
            if fault:
                self.faults += 1
            if replay:
                self.replays += 1

    def to_dict(self):
        with self._lock:
            return {
                "requests": self.requests, "reads": self.reads, "writes": self.writes, "errors": self.errors,
                "faults": self.faults, "replays": self.replays,
                "by_action": {k: dict(v) for k, v in sorted(self.by_action.items())},
                "by_code": dict(sorted(self.by_code.items())),
            }
