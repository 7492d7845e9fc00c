"""ansible-playbook eds.vpc_access.<name> as a user runs it against the lab: the sample inventory, the lab's
inventory and vars, the emulator's endpoint; and what that needs (the collection on a collections path, the ssh key).
"""

import os
import re
import resource
import shlex
import subprocess
import time

import yaml
from netns import run
from recap import play_recap

from seed_lab.checks import expect
from seed_lab.plan import CREDENTIALS, REPO

SAMPLE_INVENTORY = os.path.join(REPO, "playbooks", "inventory", "sample")
SUMMARY_ROW = re.compile(r'(?m)^\s+"((?:vpn gateway|customer gateway|ipsec connection|transit router attachment|vpn route|cen publish)[^"]*)",?$')


def collections_path(base_dir):
    """An ANSIBLE_COLLECTIONS_PATH on which this checkout is eds.vpc_access: its own tree when it sits at
    .../ansible_collections/eds/vpc_access (scripts/demo, scripts/test-all), else a symlink made under base_dir."""
    parts = REPO.split(os.sep)
    if parts[-3:-2] == ["ansible_collections"] and parts[-2:] == ["eds", "vpc_access"]:
        own = os.sep.join(parts[:-3])
    else:
        own = os.path.join(base_dir, "collections")
        link = os.path.join(own, "ansible_collections", "eds", "vpc_access")
        if not os.path.islink(link):
            os.makedirs(os.path.dirname(link), exist_ok=True)
            os.symlink(REPO, link)
    rest = os.environ.get("ANSIBLE_COLLECTIONS_PATH", "")
    return own + (os.pathsep + rest if rest and own not in rest.split(os.pathsep) else "")


def write_yaml(path, data):
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(data, f, default_flow_style=False)
    return path


def ssh_key(workdir):
    """A throwaway ed25519 key for the ssh connection into the DNS/DHCP container."""
    path = os.path.join(workdir, "id_ed25519")
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "eds-e2e", "-f", path)
    return path


class Site:
    """ansible-playbook with the sample inventory, the lab's inventory and vars; every run's output kept in workdir."""

    def __init__(self, emulator_url, workdir, inventory, site_vars, strongswan_conf):
        self.url = emulator_url
        self.workdir = workdir
        self.inventory = inventory
        self.vars = write_yaml(os.path.join(workdir, "vars.yml"), site_vars)
        self.env_changes = dict(ANSIBLE_COLLECTIONS_PATH=collections_path(workdir),
                                ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default", ANSIBLE_NOCOLOR="1",
                                ANSIBLE_LOG_PATH=os.path.join(workdir, "ansible.log"),
                                ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "ansible-tmp"),
                                ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_HOST_KEY_CHECKING="false",
                                # swanctl on the gateway (local connection) reads the gateway's strongswan.conf
                                STRONGSWAN_CONF=strongswan_conf, **CREDENTIALS)
        self.env_changes.setdefault("CONTAINERS_CONF", os.environ.get("CONTAINERS_CONF") or os.path.join(REPO, "tests", "containers.conf"))
        if os.environ.get("EDS_E2E_PROFILE"):
            self.env_changes["ANSIBLE_CALLBACKS_ENABLED"] = "ansible.posix.profile_tasks"
        # the Alibaba SDK ignores NO_PROXY: a proxy would swallow the calls to the local emulator
        self.env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        self.env.update(self.env_changes)
        self.runs = 0
        self.timeout = 900   # seconds per ansible-playbook run (the bgp variant on a loaded machine)

    def use_vars(self, site_vars, vars_file):
        """The next runs with these vars instead (written to vars_file in the work directory; run logs go on
        counting)."""
        self.vars = write_yaml(os.path.join(self.workdir, vars_file), site_vars)

    def argv(self, playbook, *args, check=False):
        return ["ansible-playbook", playbook, "-i", SAMPLE_INVENTORY, "-i", self.inventory, "-e", "@" + self.vars,
                "-e", "vpc_access_endpoint_url=" + self.url, "-e", "vpc_access_report_dir=" + self.workdir] \
            + list(args) + (["--check"] if check else [])

    def command_line(self, playbook="eds.vpc_access.site"):
        """The shell command a user types to run `playbook` against the lab."""
        env = " ".join("%s=%s" % (k, shlex.quote(self.env_changes[k])) for k in
                       ("ANSIBLE_COLLECTIONS_PATH", "CONTAINERS_CONF", "STRONGSWAN_CONF", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"))
        return "%s %s" % (env, " ".join(shlex.quote(a) for a in self.argv(playbook)))

    def run(self, playbook, *args, check=False, label=None):
        """One run, which must succeed on every host; the CompletedProcess with .recap, .summary, .log, .took, .cpu."""
        cmd = self.argv(playbook, *args, check=check)
        started, cpu = time.monotonic(), children_cpu()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=self.timeout, check=False)
        proc.took = time.monotonic() - started
        proc.cpu = children_cpu() - cpu
        self.runs += 1
        with open(os.path.join(self.workdir, "run-%d.log" % self.runs), "w", encoding="utf-8") as f:
            f.write(" ".join(cmd) + "\n" + proc.stdout + proc.stderr)
        proc.recap = play_recap(proc.stdout)
        proc.summary = SUMMARY_ROW.findall(proc.stdout)
        proc.log = "\n%s\n%s\n%s" % (" ".join(cmd), proc.stdout[-8000:], proc.stderr[-3000:])
        label = label or " ".join([os.path.basename(playbook)] + list(args))
        output = os.path.join(self.workdir, "run-%d.log" % self.runs)
        print("--- %s (%.1f s, %.1f s CPU, rc=%d, output in %s)" % (label, proc.took, proc.cpu, proc.returncode, output), flush=True)
        for host, counts in proc.recap.items():
            print("    %-10s : %s" % (host, " ".join("%s=%d" % item for item in counts.items())))
        for row in proc.summary:
            print("    " + row)
        expect(proc.returncode == 0 and proc.recap and all(c["failed"] == 0 and c["unreachable"] == 0 for c in proc.recap.values()),
               "%s succeeds on every host" % label, proc.log)
        return proc

    def site(self, *args, check=False):
        return self.run("eds.vpc_access.site", *args, check=check, label=" ".join(("site.yml",) + args + (("--check",) if check else ())))


def children_cpu():
    """User + system seconds of this process's ended children so far (ansible-playbook and every process it waited
    for; the lab's own short commands from another thread meanwhile count too, a few milliseconds each)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def changed(proc):
    return {host: counts["changed"] for host, counts in proc.recap.items()}
