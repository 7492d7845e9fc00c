"""What a lab has started, written down as it goes (<workdir>/state.json), and `down`, which removes exactly that:
from the process that built the lab or from another one (a lab kept for a look around, `scripts/demo --cleanup`).

Processes are stopped by the PIDs recorded when they started, each checked against its start time first, so a PID
the kernel has handed to another process since is never signalled. Namespaces are the ones netns.Lab recorded
(their names carry the lab's prefix, unique per run); the container is the one with the lab's name.
"""

import json
import os
import shutil
import signal
import threading
import time

from netns import delete_namespace, list_namespaces, run

STATE_FILE = "state.json"


def start_time(pid):
    """The process's start time (clock ticks since boot, /proc/PID/stat field 22); None when there is no such
    process or it has exited (a zombie)."""
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'
    fields = stat[stat.rfind(")") + 2:].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def _reap(pid):
    """Collect the exit status if the process is our child (else init does)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def is_running(proc):
    return proc["started"] is not None and start_time(proc["pid"]) == proc["started"]


def stop_process(proc, timeout=5.0):
    """SIGTERM, SIGKILL after timeout; `proc` is a recorded {pid, started, argv}. Returns an error message or None."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not is_running(proc):
            _reap(proc["pid"])
            return None
        try:
            os.kill(proc["pid"], sig)
        except ProcessLookupError:
            return None
        deadline = time.monotonic() + timeout
        while is_running(proc) and time.monotonic() < deadline:
            _reap(proc["pid"])
            time.sleep(0.05)
    _reap(proc["pid"])
    return "PID %d (%s) still runs" % (proc["pid"], " ".join(proc["argv"])) if is_running(proc) else None


class LabState:
    """{prefix, workdir, container, control_dir, emulator_url, namespaces, processes: [{pid, started, argv}],
    remove_workdir}; saved on every change."""

    def __init__(self, path, data):
        self.path = path
        self.data = data
        self.lock = threading.Lock()   # the cloud watcher's thread starts a daemon while site.yml runs

    @classmethod
    def create(cls, workdir, prefix, remove_workdir=False):
        state = cls(os.path.join(workdir, STATE_FILE), {
            "prefix": prefix, "workdir": workdir, "container": None, "control_dir": None, "emulator_url": None,
            "namespaces": [], "processes": [], "remove_workdir": remove_workdir})
        state.save()
        return state

    @classmethod
    def load(cls, workdir):
        path = os.path.join(workdir, STATE_FILE)
        with open(path, encoding="utf-8") as f:
            return cls(path, json.load(f))

    def __getitem__(self, key):
        return self.data[key]

    def save(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.data, f, indent=1)
        os.replace(tmp, self.path)

    def set(self, **values):
        with self.lock:
            self.data.update(values)
            self.save()

    def process(self, pid, argv):
        with self.lock:
            self.data["processes"].append({"pid": pid, "started": start_time(pid), "argv": [str(a) for a in argv]})
            self.save()

    # netns.Lab's journal
    def namespace(self, name):
        with self.lock:
            self.data["namespaces"].append(name)
            self.save()

    def daemon(self, daemon):
        self.process(daemon.pid, daemon.argv)

    def leftovers(self):
        """What of the lab still exists: ["namespace X", "container Y", "PID N (argv)"]."""
        existing = set(list_namespaces(self["prefix"]))
        left = ["namespace " + name for name in self["namespaces"] if name in existing]
        if self["container"] and run("podman", "container", "exists", self["container"], check=False).returncode == 0:
            left.append("container " + self["container"])
        left += ["PID %d (%s)" % (p["pid"], " ".join(p["argv"])) for p in self["processes"] if is_running(p)]
        return left


def close_ssh_masters(control_dir):
    """Stop the ControlPersist master connections ansible left (each by its control socket)."""
    if not control_dir or not os.path.isdir(control_dir):
        return
    for name in os.listdir(control_dir):
        run("ssh", "-o", "ControlPath=" + os.path.join(control_dir, name), "-O", "exit", "dummy", check=False, timeout=10)


def down(state):
    """Remove everything `state` records, in the reverse order of building: the ssh masters, the container (its
    network is a lab namespace), the processes by PID (daemons, then the emulator), the namespaces; then the state
    file (and the work directory if the lab made it). Raises RuntimeError naming whatever is left."""
    errors = []
    close_ssh_masters(state["control_dir"])
    if state["container"]:
        proc = run("podman", "rm", "-f", "-t", "0", state["container"], check=False, timeout=120)
        if proc.returncode != 0 and "no such container" not in proc.stderr.lower():
            errors.append("removing %s: %s" % (state["container"], proc.stderr.strip()))
    for proc in reversed(state["processes"]):
        error = stop_process(proc)
        if error:
            errors.append(error)
    existing = set(list_namespaces(state["prefix"]))
    for name in reversed(state["namespaces"]):
        error = delete_namespace(name) if name in existing else None
        if error:
            errors.append(error)
    left = state.leftovers()
    if errors or left:
        raise RuntimeError("the lab is not all gone: %s" % "; ".join(errors + left))
    os.remove(state.path)
    if state["remove_workdir"]:
        shutil.rmtree(state["workdir"], ignore_errors=True)
