# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The strongSwan text of eds.vpc_access.peer_config_text, loaded into a real charon, brings a tunnel up.

Two network namespaces: eds-pct-dc (the data center, loads the RENDERED swanctl.conf) and eds-pct-ali (stands in
for the Alibaba VPN gateway, loads a hand-written mirror). Each has a WAN veth end (the two ends face each other)
and a LAN veth pair whose inner end carries the LAN address. The filter is run through ansible-playbook, as a user
would. This kernel has no ESP, so both charons use kernel-libipsec; that is why the text is rendered with
force_encap=true (libipsec does ESP-in-UDP only) and non-GCM proposals.
"""

from __future__ import absolute_import, division, print_function

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest
import yaml

PREFIX = "eds-pct-"
DC_NS, ALI_NS = PREFIX + "dc", PREFIX + "ali"
DC_WAN, ALI_WAN = "203.0.113.10", "47.0.0.10"
DC_LAN, ALI_LAN = "192.10.0.1", "192.168.0.1"
PSK = "e2e-not-a-secret-psk-0123456789"
CHARON = "/usr/sbin/charon-systemd"

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists(CHARON) or not shutil.which("swanctl"),
                                reason="needs root, charon-systemd and swanctl (scripts/setup-test-host)")

STRONGSWAN_CONF = """charon {{
  load_modular = yes
  plugins {{
    include /etc/strongswan.d/charon/*.conf
    vici {{ socket = unix://{d}/charon.vici }}
    resolve {{ load = no }}
    stroke {{ load = no }}
    kernel-libipsec {{ load = 10 }}
  }}
  filelog {{ f {{ path = {d}/charon.log
                time_format = %T
                default = 1
                ike = 2
                flush_line = yes }} }}
}}
charon-systemd {{ journal {{ default = -1 }} }}
swanctl {{ load = pem pkcs1 x509 random nonce
          socket = unix://{d}/charon.vici }}
"""

# The Alibaba side: local/remote swapped, it waits for the data center to initiate.
MIRROR = """connections {{
    alibaba {{
        version = {version}
        local_addrs = {ali_wan}
        remote_addrs = {dc_wan}
        proposals = aes128-sha256-modp2048
        encap = yes
        local {{
            auth = psk
            id = {ali_wan}
        }}
        remote {{
            auth = psk
            id = {dc_wan}
        }}
        children {{
            alibaba {{
                local_ts = 192.168.0.0/16
                remote_ts = 192.10.0.0/16
                esp_proposals = aes128-sha256-modp2048
                start_action = none
            }}
        }}
    }}
}}
secrets {{
    ike-alibaba {{
        id-a = {ali_wan}
        id-b = {dc_wan}
        secret = "{psk}"
    }}
}}
"""

PLAYBOOK = """- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Render the data-center side through the filter, with the PSK and forced UDP encapsulation
      ansible.builtin.copy:
        dest: "{{ dest }}"
        content: "{{ peer_config | eds.vpc_access.peer_config_text('strongswan', include_psk=true, force_encap=true) }}"
        mode: "0600"
"""


# Every golden-file case (tests/unit/plugins/filter/cases), rendered without PSK: the placeholder is a valid secret string.
PLAYBOOK_CASES = """- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Render every case for strongSwan
      ansible.builtin.copy:
        dest: "{{ outdir }}/{{ item | basename | splitext | first }}.conf"
        content: "{{ case.peer_config | eds.vpc_access.peer_config_text('strongswan', routes=case.options.routes | default(none)) }}"
        mode: "0600"
      vars:
        case: "{{ lookup('ansible.builtin.file', item) | from_yaml }}"
      loop: "{{ cases }}"
"""
CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "unit", "plugins", "filter", "cases")


def peer_config(version):
    ike = {"ike_version": version, "ike_mode": "main", "ike_enc_alg": "aes", "ike_auth_alg": "sha256",
           "ike_pfs": "group14", "ike_lifetime": 86400, "local_id": DC_WAN, "remote_id": ALI_WAN, "psk": PSK}
    return {
        "vpn_connection_id": "vco-e2e0000000000000%s" % version[-1], "name": "dc1-to-vpc",
        "vpn_gateway_id": "vpn-e2e00000000000000", "routing_mode": "protected_flows",
        "local_subnets": ["192.10.0.0/16"], "remote_subnets": ["192.168.0.0/16"],
        "tunnels": [{
            "tunnel_id": None, "role": "master", "local": DC_WAN, "remote": ALI_WAN, "ike_config": ike,
            "ipsec_config": {"ipsec_enc_alg": "aes", "ipsec_auth_alg": "sha256", "ipsec_pfs": "group14",
                             "ipsec_lifetime": 3600},
            "enable_dpd": True, "enable_nat_traversal": True,
            "bgp": {"enabled": False, "local_asn": None, "peer_asn": None, "local_bgp_ip": None,
                    "peer_bgp_ip": None, "tunnel_cidr": None},
        }],
    }


def run(*cmd, **kw):
    check = kw.pop("check", True)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=60,
                          check=check, **kw)


def wait_for(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def topology():
    """Two namespaces joined by a WAN veth; each with a LAN veth pair. Deleted afterwards, also on failure."""
    for ns in (DC_NS, ALI_NS):
        run("ip", "netns", "del", ns, check=False)  # left over by an interrupted run of this test
    try:
        for ns in (DC_NS, ALI_NS):
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "link", "add", "pct-wan-dc", "netns", DC_NS, "type", "veth", "peer", "name", "pct-wan-ali", "netns", ALI_NS)
        for ns, wan, lan, own, other in ((DC_NS, "pct-wan-dc", "pct-lan-dc", DC_WAN, ALI_WAN),
                                         (ALI_NS, "pct-wan-ali", "pct-lan-ali", ALI_WAN, DC_WAN)):
            run("ip", "-n", ns, "link", "add", lan, "type", "veth", "peer", "name", lan + "-p")
            for dev in (wan, lan, lan + "-p"):
                run("ip", "-n", ns, "link", "set", dev, "up")
            run("ip", "-n", ns, "addr", "add", own + "/32", "dev", wan)
            run("ip", "-n", ns, "route", "add", other + "/32", "dev", wan, "src", own)
            run("ip", "-n", ns, "addr", "add", (DC_LAN if ns == DC_NS else ALI_LAN) + "/16", "dev", lan)
        yield
    finally:
        for ns in (DC_NS, ALI_NS):
            run("ip", "netns", "del", ns, check=False)


class Charon:
    """charon-systemd in a namespace with its own strongswan.conf and vici socket; stopped by its PID."""

    def __init__(self, ns, workdir):
        self.ns, self.dir = ns, os.path.join(workdir, ns)
        os.mkdir(self.dir)
        self.conf = os.path.join(self.dir, "strongswan.conf")
        with open(self.conf, "w") as f:
            f.write(STRONGSWAN_CONF.format(d=self.dir))
        self.env = dict(os.environ, STRONGSWAN_CONF=self.conf)
        self.log = open(os.path.join(self.dir, "stdout.log"), "w")
        # `ip netns exec` execs the daemon: this PID is charon's own
        self.proc = subprocess.Popen(["ip", "netns", "exec", ns, CHARON], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        if not wait_for(lambda: os.path.exists(os.path.join(self.dir, "charon.vici"))):
            raise AssertionError("charon in %s did not open its vici socket:\n%s" % (ns, self.charon_log()))

    def swanctl(self, *args, check=True):
        return run("ip", "netns", "exec", self.ns, "swanctl", *args, env=self.env, check=check)

    def charon_log(self):
        path = os.path.join(self.dir, "charon.log")
        return open(path).read()[-4000:] if os.path.exists(path) else "(no charon.log)"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture
def lone_namespace():
    """One namespace with only lo: charon loads configurations there without touching the host's network."""
    run("ip", "netns", "del", PREFIX + "load", check=False)
    try:
        run("ip", "netns", "add", PREFIX + "load")
        run("ip", "-n", PREFIX + "load", "link", "set", "lo", "up")
        yield PREFIX + "load"
    finally:
        run("ip", "netns", "del", PREFIX + "load", check=False)


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix=PREFIX)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def ansible_playbook(workdir, playbook_text, variables):
    """The user's path: the filter called from a playbook."""
    vars_file, playbook = os.path.join(workdir, "vars.yml"), os.path.join(workdir, "render.yml")
    with open(vars_file, "w") as f:
        # the module side runs on this test's interpreter, not on whatever interpreter discovery finds
        yaml.safe_dump(dict(variables, ansible_python_interpreter=sys.executable), f)
    with open(playbook, "w") as f:
        f.write(playbook_text)
    result = run("ansible-playbook", "-i", "localhost,", playbook, "-e", "@" + vars_file, check=False,
                 env=dict(os.environ, ANSIBLE_NOCOLOR="1"))
    assert result.returncode == 0, result.stdout


def render_with_ansible(workdir, version):
    dest = os.path.join(workdir, "dc1-to-vpc.conf")
    ansible_playbook(workdir, PLAYBOOK, {"peer_config": peer_config(version), "dest": dest})
    with open(dest) as f:
        return dest, f.read()


@pytest.mark.parametrize("version", ["ikev2", "ikev1"])
def test_rendered_swanctl_conf_brings_the_tunnel_up(topology, workdir, version):
    path, text = render_with_ansible(workdir, version)
    assert 'secret = "%s"' % PSK in text and "encap = yes" in text
    mirror = os.path.join(workdir, "alibaba.conf")
    with open(mirror, "w") as f:
        f.write(MIRROR.format(version=version[-1], ali_wan=ALI_WAN, dc_wan=DC_WAN, psk=PSK))

    daemons = []
    try:
        dc, ali = Charon(DC_NS, workdir), None
        daemons.append(dc)
        ali = Charon(ALI_NS, workdir)
        daemons.append(ali)
        assert run("ip", "netns", "exec", DC_NS, "ping", "-c1", "-W1", "-I", DC_LAN, ALI_LAN, check=False).returncode != 0, \
            "the LANs must not reach each other before the tunnel is up"

        ali.swanctl("--load-all", "--file", mirror)
        loaded = dc.swanctl("--load-all", "--file", path).stdout
        assert "loaded connection 'dc1-to-vpc'" in loaded and "successfully loaded 1 connections, 0 unloaded" in loaded, loaded
        assert "loaded ike secret 'ike-dc1-to-vpc'" in loaded, loaded

        # no --initiate: the rendered start_action = start must bring the tunnel up by itself
        installed = wait_for(lambda: "INSTALLED" in dc.swanctl("--list-sas", "--ike", "dc1-to-vpc").stdout, timeout=20)
        sas = dc.swanctl("--list-sas").stdout
        assert installed, "CHILD_SA not INSTALLED:\n%s\n%s" % (sas, dc.charon_log())
        assert "IKEv%s" % version[-1] in sas and "AES_CBC-128/HMAC_SHA2_256_128" in sas, sas
        assert "local  192.10.0.0/16" in sas and "remote 192.168.0.0/16" in sas, sas

        ping = run("ip", "netns", "exec", DC_NS, "ping", "-c3", "-i0.2", "-W2", "-I", DC_LAN, ALI_LAN, check=False)
        assert ping.returncode == 0, "%s\n%s" % (ping.stdout, dc.charon_log())
    finally:
        for daemon in reversed(daemons):
            daemon.stop()


def test_every_case_loads_into_charon(lone_namespace, workdir):
    """Dual tunnel, IKEv1, if_id (route-based), several subnets: swanctl accepts every rendered connection and secret."""
    cases = sorted(glob.glob(os.path.join(os.path.abspath(CASES_DIR), "*.yml")))
    outdir = os.path.join(workdir, "out")
    os.mkdir(outdir)
    ansible_playbook(workdir, PLAYBOOK_CASES, {"cases": cases, "outdir": outdir})
    charon = Charon(lone_namespace, workdir)
    try:
        for path in cases:
            with open(path) as f:
                tunnels = yaml.safe_load(f)["peer_config"]["tunnels"]
            conf = os.path.join(outdir, os.path.basename(path)[:-4] + ".conf")
            loaded = charon.swanctl("--load-all", "--file", conf, check=False).stdout
            # ("opening directory ... failed" lines are swanctl looking for certificate folders next to the file)
            assert "successfully loaded %d connections" % len(tunnels) in loaded and "loading connection" not in loaded, \
                "%s:\n%s" % (conf, loaded)
            assert "loaded ike secret" in loaded, loaded
    finally:
        charon.stop()
