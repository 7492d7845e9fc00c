"""The DNS/DHCP server's systemd container (joined to a lab namespace) and the configuration snapshots that tell
whether teardown gave the data-center hosts' files back."""

import hashlib
import os
import shlex
import sys

from netns import run

from seed_lab.plan import IMAGE, REPO

# the boot wait of Molecule's containers, one code for both (a Molecule resource runs as a script, so it cannot
# import from tests/; the tests know where it is)
sys.path.insert(0, os.path.join(REPO, "extensions", "molecule", "resources", "podman"))
from systemd_boot import wait_booted  # noqa: E402 (needs the path above)


def image():
    """The daemons image built from this checkout's recipe (scripts/setup-test-host tags it by the recipe's hash;
    `latest` follows whichever checkout built last)."""
    with open(os.path.join(REPO, "tests", "images", "daemons.Containerfile"), "rb") as f:
        tag = hashlib.sha256(f.read()).hexdigest()[:12]
    ref = "%s:%s" % (IMAGE, tag)
    if run("podman", "image", "exists", ref, check=False).returncode != 0:
        raise RuntimeError("image %s is missing: run scripts/setup-test-host images" % ref)
    return ref


class Container:
    """A systemd container of the daemons image whose network is a lab namespace (no network of podman's own)."""

    def __init__(self, name, ns, workdir):
        self.name = name
        self.ns = ns
        self.workdir = workdir

    def start(self):
        """podman run; removed by seed_lab.state.down (by name)."""
        # the host's name server is unreachable from the lab: a lookup of the container's own name (fact gathering,
        # daemons' checkers) would wait seconds for it; the host resolves through its own server, like a DNS host
        run("podman", "run", "-d", "--name", self.name, "--hostname", self.name, "--network", "ns:/run/netns/" + self.ns.name,
            "--dns", "127.0.0.1", "--add-host", "%s:127.0.1.1" % self.name,
            "--systemd=always", "--cap-add", "NET_ADMIN,NET_RAW", image(), "/sbin/init")
        return self

    def wait_booted(self, timeout=60):
        """Until systemd in the container has finished booting (TimeoutError otherwise)."""
        wait_booted(self.name, timeout)

    def exec(self, *cmd, check=True, input_text=None, timeout=60):
        return run("podman", "exec", "-i" if input_text is not None else "-t=false", self.name, *cmd,
                   check=check, input_text=input_text, timeout=timeout)

    def write(self, path, text, mode="0644"):
        self.exec("sh", "-c", "cat > %s && chmod %s %s" % (shlex.quote(path), mode, shlex.quote(path)), input_text=text)

    def snapshot(self, paths):
        """{path: 'type mode sha256'} of everything under paths."""
        script = "find %s -printf '%%y %%m %%p\\n' | while read -r t m p; do " \
                 "if [ $t = f ]; then echo \"$t $m $(sha256sum \"$p\" | cut -c1-64) $p\"; else echo \"$t $m - $p\"; fi; done" \
                 % " ".join(shlex.quote(p) for p in paths)
        return parse_snapshot(self.exec("sh", "-c", script).stdout)

    def ssh_inventory(self, key_file, control_dir):
        """Host vars for ansible's ssh connection into this container: sshd in inetd mode over `podman exec -i`
        (no sshd listens, no network from the host), pipelining and one persistent master connection."""
        with open(key_file + ".pub", encoding="utf-8") as f:
            self.exec("sh", "-c", "mkdir -p /root/.ssh /run/sshd && chmod 700 /root/.ssh && cat > /root/.ssh/authorized_keys",
                      input_text=f.read())
        # without PAM: pam_systemd's session registration costs seconds per session in a busy container
        proxy = "podman exec -i %s /usr/sbin/sshd -i -o UsePAM=no" % self.name
        return {
            "ansible_connection": "ssh", "ansible_host": self.name, "ansible_user": "root",
            "ansible_ssh_private_key_file": key_file, "ansible_ssh_pipelining": True,
            # one master connection for all the test's runs (closed by close_ssh_masters); no compression on a pipe
            "ansible_ssh_args": "-o ControlMaster=auto -o ControlPersist=600s",
            # no pty for the commands that are not pipelined (ansible.builtin.script): sshd logs a pty session in
            # utmp and looks the (unknown) peer up first, seconds each time without a name server
            "ansible_ssh_use_tty": False,
            "ansible_ssh_common_args": "-o ProxyCommand=%s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                                       "-o LogLevel=ERROR" % shlex.quote(proxy),
            "ansible_control_path_dir": control_dir,
        }

    def podman_inventory(self):
        return {"ansible_connection": "containers.podman.podman", "ansible_host": self.name}


def parse_snapshot(text):
    out = {}
    for line in text.splitlines():
        kind, mode, digest, path = line.split(" ", 3)
        out[path] = "%s %s %s" % (kind, mode, digest)
    return out


def local_snapshot(paths):
    """The same as Container.snapshot for directories/files on this machine (the DC gateway's strongSwan)."""
    out = {}
    for top in paths:
        for root, dirs, files in os.walk(top):
            out[root] = "d %o -" % (os.stat(root).st_mode & 0o7777)
            for name in dirs + files:
                path = os.path.join(root, name)
                st = os.lstat(path)
                if name in files:
                    with open(path, "rb") as f:
                        out[path] = "f %o %s" % (st.st_mode & 0o7777, hashlib.sha256(f.read()).hexdigest())
    return out
