"""FRR (zebra + bgpd) inside a network namespace, with its own socket and configuration directory.

The daemons run in the foreground as background processes of the lab (stopped by PID), as user frr, with the vty
sockets and zebra's API socket in the instance's directory; `vtysh --vty_socket <dir>` talks to exactly them, so
several instances (and parallel test runs) never meet. No systemd: `apply()` is what `frr.service` reloading a
configuration file does, `vtysh -f` of its commands.
"""

import json
import os
import pwd
import shutil
import stat

from netns import wait_until

FRR_BIN = "/usr/lib/frr"


class Frr:
    """zebra + bgpd in namespace `ns`; sockets, pid and log files under `directory`."""

    def __init__(self, ns, directory):
        self.ns = ns
        self.dir = directory
        self.daemons = []
        os.makedirs(directory, exist_ok=True)
        user = pwd.getpwnam("frr")
        os.chown(directory, user.pw_uid, user.pw_gid)

    def reachable(self):
        """The daemons drop to user frr, which must reach the directory: the lab's (and pytest's) 0700 directories
        above it get the search bit for others (no read bit: their content stays unlisted). Done when the daemons
        start: a pytest session starting meanwhile (another run on the machine) sets /tmp/pytest-of-<user> back to
        0700, and zebra could not create its pid file."""
        parent = os.path.dirname(os.path.abspath(self.dir))
        while parent != os.path.dirname(parent):
            mode = os.stat(parent).st_mode
            if not mode & stat.S_IXOTH:
                os.chmod(parent, stat.S_IMODE(mode) | stat.S_IXOTH)
            parent = os.path.dirname(parent)

    def start(self):
        """Start zebra, then bgpd (recorded by the namespace's lab, stopped by PID)."""
        self.reachable()
        for daemon in ("zebra", "bgpd"):
            argv = [os.path.join(FRR_BIN, daemon), "-u", "frr", "-g", "frr", "--vty_socket", self.dir,
                    "-z", os.path.join(self.dir, "zserv.api"), "-i", os.path.join(self.dir, daemon + ".pid"),
                    "-f", "/dev/null", "--log", "file:" + os.path.join(self.dir, daemon + ".log")]
            self.daemons.append(self.ns.start(*argv, log_name="%s-%s.out" % (os.path.basename(self.dir), daemon)))
            wait_until(lambda d=daemon: os.path.exists(os.path.join(self.dir, d + ".vty")) or not self.daemons[-1].running(),
                       20, 0.1, "FRR %s's vty socket" % daemon)
            if not self.daemons[-1].running():
                raise RuntimeError("FRR %s exited: %s" % (daemon, self.daemons[-1].log()))
        return self

    def vtysh(self, *commands, check=True):
        args = []
        for command in commands:
            args += ["-c", command]
        return self.ns.run("vtysh", "--vty_socket", self.dir, *args, check=check)

    def apply(self, config_file):
        """The commands of `config_file` into the running daemons (vtysh -f)."""
        copy = os.path.join(self.dir, "apply.conf")
        shutil.copyfile(config_file, copy)
        return self.ns.run("vtysh", "--vty_socket", self.dir, "-f", copy)

    def neighbors(self):
        """{peer address: state} of bgpd's sessions."""
        out = self.vtysh("show bgp neighbors json", check=False).stdout
        try:
            data = json.loads(out or "{}")
        except ValueError:
            return {}
        return {peer: info.get("bgpState") for peer, info in data.items() if isinstance(info, dict)}

    def established(self, peers):
        state = self.neighbors()
        return all(state.get(p) == "Established" for p in peers)
