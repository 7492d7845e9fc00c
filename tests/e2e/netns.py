"""Network-namespace helpers for multi-host tests.

A ``Lab`` creates namespaces (all named ``<prefix><name>``), veth pairs, bridge "switches" living in their own
namespace, addresses and routes, and starts daemons inside a namespace in the background. ``Lab.cleanup()`` stops
every daemon it started by PID and deletes every namespace it created (which also destroys their links), also
after a failure half-way. Nothing is created in the host's own namespace.
"""

import os
import shlex
import signal
import subprocess
import time
import uuid


def run(*cmd, check=True, timeout=60, env=None, input_text=None):
    """Run a command; on failure raise with its output so test reports show it."""
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, input=input_text, check=False)
    if check and proc.returncode != 0:
        raise RuntimeError(
            "command failed (rc=%d): %s\nstdout: %s\nstderr: %s"
            % (proc.returncode, " ".join(shlex.quote(c) for c in cmd), proc.stdout.strip(), proc.stderr.strip())
        )
    return proc


def list_namespaces(prefix=""):
    """Names of the network namespaces whose name starts with prefix."""
    out = run("ip", "netns", "list").stdout
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    return [n for n in names if n.startswith(prefix)]


def delete_namespace(name):
    """Kill what still runs in namespace `name` (e.g. forking daemons), then delete it; an error message or None."""
    for pid in run("ip", "netns", "pids", name, check=False).stdout.split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    proc = run("ip", "netns", "del", name, check=False)
    if proc.returncode != 0 and name in list_namespaces(name):
        return "deleting %s: %s" % (name, proc.stderr.strip())
    return None


def wait_until(predicate, timeout=10.0, interval=0.1, what="condition"):
    """Poll predicate() until it returns a truthy value; raise TimeoutError naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError("timed out after %.1f s waiting for %s" % (timeout, what))
        time.sleep(interval)


class Daemon:
    """A process started in a namespace; stopped by its PID only."""

    def __init__(self, ns, argv, popen, log_path):
        self.ns = ns
        self.argv = argv
        self.popen = popen
        self.log_path = log_path

    @property
    def pid(self):
        return self.popen.pid

    def running(self):
        return self.popen.poll() is None

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self, timeout=5.0):
        """SIGTERM, then SIGKILL after timeout; reaps the process."""
        if self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=timeout)


class Namespace:
    """One network namespace: run commands in it, give it addresses and routes, start daemons in it."""

    def __init__(self, lab, name):
        self.lab = lab
        self.name = name

    def __str__(self):
        return self.name

    def run(self, *cmd, **kwargs):
        return run("ip", "netns", "exec", self.name, *cmd, **kwargs)

    def ip(self, *args, **kwargs):
        return run("ip", "-n", self.name, *args, **kwargs)

    def addr(self, ifname, cidr):
        self.ip("addr", "add", cidr, "dev", ifname)

    def route(self, dst, via=None, dev=None, src=None):
        args = ["route", "replace", dst]
        if via:
            args += ["via", via]
        if dev:
            args += ["dev", dev]
        if src:
            args += ["src", src]
        self.ip(*args)

    def link_up(self, ifname):
        self.ip("link", "set", ifname, "up")

    def link_down(self, ifname):
        self.ip("link", "set", ifname, "down")

    def sysctl(self, key, value):
        self.run("sysctl", "-qw", "%s=%s" % (key, value))

    def forwarding(self, on=True):
        self.sysctl("net.ipv4.ip_forward", 1 if on else 0)

    def ping(self, dst, count=1, wait=1, source=None, check=False):
        cmd = ["ping", "-n", "-c", str(count), "-i", "0.2", "-W", str(wait)]
        if source:
            cmd += ["-I", source]
        return self.run(*(cmd + [dst]), check=check, timeout=count * (wait + 1) + 5).returncode == 0

    def start(self, *argv, env=None, log_name=None):
        """Start argv in the background in this namespace, own session, output to a log file; PID remembered."""
        return self.lab.start(self, argv, env=env, log_name=log_name)


class Switch:
    """A Linux bridge in its own namespace; hosts plug into it with a veth pair."""

    def __init__(self, lab, ns, bridge):
        self.lab = lab
        self.ns = ns
        self.bridge = bridge
        self.ports = 0

    def attach(self, host, ifname, cidr=None):
        """Connect namespace `host` with interface `ifname` (optionally addressed) to this switch."""
        self.ports += 1
        port = "p%d" % self.ports
        self.lab.veth(host, ifname, self.ns, port)
        self.ns.ip("link", "set", port, "master", self.bridge)
        if cidr:
            host.addr(ifname, cidr)
        return ifname


class Lab:
    """Creates and, on cleanup(), removes namespaces, links and daemons. Every namespace is named <prefix><name>."""

    def __init__(self, workdir, prefix=None, journal=None):
        # unique per lab so parallel runs and helpers never touch each other's namespaces
        self.prefix = prefix or "eds-e2e-%s-" % uuid.uuid4().hex[:6]
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.namespaces = []
        self.daemons = []
        # told of every namespace (just before it exists) and daemon (just after it started): journal.namespace(name),
        # journal.daemon(daemon); a lab that outlives this process is removed later from that record
        self.journal = journal

    def namespace(self, name):
        full = self.prefix + name
        if self.journal:
            self.journal.namespace(full)
        run("ip", "netns", "add", full)
        ns = Namespace(self, full)
        self.namespaces.append(ns)
        ns.link_up("lo")
        return ns

    def veth(self, ns_a, if_a, ns_b, if_b):
        """A veth pair created directly inside the two namespaces (never in the host's), both ends up."""
        if len(if_a) > 15 or len(if_b) > 15:
            raise ValueError("interface names are limited to 15 characters: %s, %s" % (if_a, if_b))
        run("ip", "link", "add", if_a, "netns", ns_a.name, "type", "veth", "peer", "name", if_b, "netns", ns_b.name)
        ns_a.link_up(if_a)
        ns_b.link_up(if_b)

    def switch(self, name):
        ns = self.namespace(name)
        ns.ip("link", "add", "br0", "type", "bridge")
        ns.link_up("br0")
        return Switch(self, ns, "br0")

    def start(self, ns, argv, env=None, log_name=None):
        log_name = log_name or "%s-%s-%d.log" % (ns.name, os.path.basename(argv[0]), len(self.daemons))
        log_path = os.path.join(self.workdir, log_name)
        with open(log_path, "ab") as log:
            # `ip netns exec` execs the command: the PID is the daemon's own
            popen = subprocess.Popen(
                ["ip", "netns", "exec", ns.name] + list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        daemon = Daemon(ns, list(argv), popen, log_path)
        self.daemons.append(daemon)
        if self.journal:
            self.journal.daemon(daemon)
        return daemon

    def cleanup(self):
        """Stop every daemon (by PID), then every leftover process in our namespaces, then delete them."""
        errors = []
        for daemon in reversed(self.daemons):
            try:
                daemon.stop()
            except Exception as exc:  # pylint: disable=broad-except  # keep cleaning up
                errors.append("stopping %s: %s" % (daemon.pid, exc))
        self.daemons = []
        for ns in reversed(self.namespaces):
            error = delete_namespace(ns.name)
            if error:
                errors.append(error)
        self.namespaces = []
        if errors:
            raise RuntimeError("cleanup incomplete: " + "; ".join(errors))
