"""The seed's whole path with `ansible-playbook eds.vpc_access.site` / `.teardown`, as a user runs them, against the
local emulator (cloud side) and data-center hosts on this machine (seed_lab.py): an IPsec gateway (namespace +
strongSwan), an on-prem DNS + DHCP server (systemd container with Unbound and Kea, already serving the LAN), a
client, and a stand-in for the Alibaba side configured from the emulator's view of the connection.

What a user relies on, in the order a user meets it:
  check mode from an empty account: no API write, no file changed on the DC hosts, the changes are reported;
  one run converges both sides: the cloud side through the modules; the gateway's dual tunnel comes up from vpn_connection_info's
  peer_config; a client's DHCP lease carries the on-prem resolver and the option-121 routes, and the client
  resolves the EDS endpoint THROUGH the tunnel (the cloud DNS sees the on-prem resolver's address) and reaches the
  VPC host; a second run changes nothing anywhere and makes no API write; the slave tunnel carries the traffic
  when the master's path goes; teardown leaves no cloud resource and the DC hosts' configuration as before.

EDS_E2E_DC_CONNECTION=podman drives the DNS/DHCP container with containers.podman.podman instead of ssh (for
measuring; docs/testing.md has the figures).
"""

import os
import re
import subprocess
import time
import uuid

import pytest

from emulator_process import running_emulator
from netns import Lab, list_namespaces, wait_until
from recap import play_recap
from seed_lab import (CLOUD_DNS, DCGW_LAN_IP, DCSRV_IP, EDS_ADDRESS, EDS_NAME, REPO, SITE_VARS, VPC_HOST_IP,
                      CloudWatcher, SeedLab, Timer, close_ssh_masters, ssh_key, write_yaml)
from strongswan import child_bytes_out, child_installed, ike_established

SAMPLE_INVENTORY = os.path.join(REPO, "playbooks", "inventory", "sample")
CONNECTION = os.environ.get("EDS_E2E_DC_CONNECTION", "ssh")


@pytest.fixture
def emulator(tmp_path):
    with running_emulator(tmp_path / "emulator.log") as emu:
        yield emu


@pytest.fixture
def seed(tmp_path):
    """The lab; the container, ssh master connections, daemons and namespaces go when the test ends, also on failure."""
    lab = Lab(str(tmp_path / "lab"), prefix="eds-wp-%s-" % uuid.uuid4().hex[:6])
    the_seed = None
    daemons = []
    try:
        the_seed = SeedLab(lab, str(tmp_path / "w"))
        yield the_seed
    finally:
        daemons = list(lab.daemons)
        close_ssh_masters(str(tmp_path / "cp"))
        if the_seed:
            the_seed.dcsrv.remove()
        lab.cleanup()
    # nothing the test started outlives it: namespaces, the container, the daemons (by the PIDs it started)
    assert list_namespaces(lab.prefix) == []
    if the_seed:
        assert subprocess.run(["podman", "container", "exists", the_seed.dcsrv.name], check=False).returncode == 1
    assert [d.argv[0] for d in daemons if d.running()] == []


class Site:
    """ansible-playbook eds.vpc_access.<name> with the sample inventory, the lab's inventory and the lab's vars."""

    def __init__(self, emulator, collections_path, workdir, inventory, strongswan_conf):
        self.emulator = emulator
        self.workdir = workdir
        self.inventory = inventory
        self.vars = write_yaml(os.path.join(workdir, "vars.yml"), SITE_VARS)
        self.env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        self.env.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default",
                        ANSIBLE_NOCOLOR="1", ANSIBLE_LOG_PATH=os.path.join(workdir, "ansible.log"), ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "ansible-tmp"),
                        ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_HOST_KEY_CHECKING="false",
                        ALICLOUD_ACCESS_KEY="testid", ALICLOUD_SECRET_KEY="testsecret",
                        # swanctl on the gateway (local connection) reads the gateway's strongswan.conf
                        STRONGSWAN_CONF=strongswan_conf)
        self.env.setdefault("CONTAINERS_CONF", os.path.join(REPO, "tests", "containers.conf"))
        if os.environ.get("EDS_E2E_PROFILE"):
            self.env["ANSIBLE_CALLBACKS_ENABLED"] = "ansible.posix.profile_tasks"
        self.runs = 0

    def run(self, playbook, *args, check=False, label=None):
        cmd = ["ansible-playbook", playbook, "-i", SAMPLE_INVENTORY, "-i", self.inventory, "-e", "@" + self.vars,
               "-e", "vpc_access_endpoint_url=" + self.emulator.url] + list(args) + (["--check"] if check else [])
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=300, check=False)
        proc.took = time.monotonic() - started
        self.runs += 1
        # every run's whole output stays next to the lab's logs
        with open(os.path.join(self.workdir, "run-%d.log" % self.runs), "w", encoding="utf-8") as f:
            f.write(" ".join(cmd) + "\n" + proc.stdout + proc.stderr)
        proc.recap = play_recap(proc.stdout)
        proc.summary = re.findall(r'(?m)^\s+"((?:vpn gateway|customer gateway|ipsec connection|vpn route|cen publish)[^"]*)",?$',
                                  proc.stdout)
        proc.log = "\n%s\n%s\n%s" % (" ".join(cmd), proc.stdout[-8000:], proc.stderr[-3000:])
        print("--- %s (%.1f s, rc=%d)" % (label or " ".join([os.path.basename(playbook)] + list(args)), proc.took, proc.returncode))
        for host, counts in proc.recap.items():
            print("    %-10s : %s" % (host, " ".join("%s=%d" % item for item in counts.items())))
        assert proc.returncode == 0 and proc.recap and all(c["failed"] == 0 and c["unreachable"] == 0 for c in proc.recap.values()), proc.log
        return proc

    def site(self, *args, check=False):
        return self.run("eds.vpc_access.site", *args, check=check, label="site.yml " + " ".join(args + (("--check",) if check else ())))


def changed(proc):
    return {host: counts["changed"] for host, counts in proc.recap.items()}


def test_site_whole_path(seed, emulator, collections_path, tmp_path):
    timer = Timer()
    mark = timer.start
    workdir = seed.workdir

    # --- the lab: the DNS/DHCP server already serving the LAN, the DC gateway's charon, the stub cloud DNS ---------
    seed.start_dcsrv()                      # boots while the rest is set up
    seed.dc_charon.start()
    seed.start_cloud_dns()
    key = ssh_key(workdir) if CONNECTION == "ssh" else None
    seed.serve_lan()
    inventory = write_yaml(os.path.join(workdir, "hosts.yml"), seed.inventory(CONNECTION, key, str(tmp_path / "cp")))
    site = Site(emulator, collections_path, workdir, inventory, seed.dc_charon.conf)
    before = seed.dc_snapshot()
    fresh = emulator.resources()
    assert before["dcsrv"] and before["dcgw"], before
    mark = timer.phase("lab up, Unbound and Kea serving the LAN (%s)" % CONNECTION, mark)

    # --- check mode from an empty account: no write, no file changed, the changes reported ---------------------------
    emulator.reset_stats()
    check = site.site(check=True)
    assert emulator.writes() == {}, emulator.writes()
    assert emulator.resources() == fresh
    assert seed.dc_snapshot() == before, "check mode changed a file on a DC host"
    rows = {" ".join(line.split()[:2]): line for line in check.summary}
    for row in ("vpn gateway", "customer gateway", "ipsec connection", "vpn route", "cen publish"):
        assert rows[row].endswith("would change"), check.summary
    # Unbound's forwarding and Kea's options would change; the gateway's play waits for a connection to exist
    assert check.recap["dcsrv"]["changed"] >= 2 and check.recap["dcgw"]["changed"] == 0, check.log
    mark = timer.phase("site.yml --check from empty", mark)

    # --- both sides in one run: cloud side through the modules, then peer_config -> ipsec_peer on the gateway, DNS
    # forwarding, DHCP options, verification. The cloud stand-in is configured from the emulator's view of the
    # connection (SDK, PSK included) as soon as the cloud play has created it, before the gateway's play starts it.
    watcher = CloudWatcher(seed, emulator.url)
    watcher.start()
    try:
        first = site.site()
    finally:
        peer = watcher.finish()
    assert peer, "the connection never appeared in the emulator"
    print("    cloud stand-in configured in %.1f s while site.yml ran" % watcher.took)
    assert sorted(t["role"] for t in peer["tunnels"]) == ["master", "slave"], peer["name"]
    assert {t["local"] for t in peer["tunnels"]} == {"203.0.113.154"}
    counts = changed(first)
    assert counts["localhost"] >= 5 and counts["dcgw"] >= 1 and counts["dcsrv"] >= 2, first.log
    assert all(line.endswith(" changed") for line in first.summary), first.summary
    assert re.search(r"%s via dcsrv: %s" % (re.escape(EDS_NAME), re.escape(EDS_ADDRESS)), first.stdout), first.log
    sas = seed.dc_charon.sas()
    name = peer["name"]
    for role in ("master", "slave"):
        assert ike_established(sas, "%s-%s" % (name, role)) and child_installed(sas, "%s-%s" % (name, role)), sas
    mark = timer.phase("site.yml, both sides (dual tunnel up)", mark)

    # --- a client on the LAN: DHCP lease, name through the on-prem resolver and the tunnel, the VPC host ----------
    lease = seed.dhcp_lease()
    assert lease["dns"].split() == [DCSRV_IP], lease
    routes = lease["staticroutes"].split()
    routes = dict(zip(routes[::2], routes[1::2]))
    assert routes.get("100.64.0.0/10") == DCGW_LAN_IP and routes.get("192.168.0.0/16") == DCGW_LAN_IP, lease
    client_routes = seed.client.ip("route").stdout
    assert re.search(r"(?m)^100\.64\.0\.0/10 via %s " % re.escape(DCGW_LAN_IP), client_routes), client_routes
    answer = seed.client.run("dig", "+short", "+time=3", "+tries=2", "@" + lease["dns"].split()[0], EDS_NAME, "A").stdout.split()
    assert answer == [EDS_ADDRESS], (answer, seed.cloud_dns.log())
    # the cloud DNS (either of its two addresses) saw the on-prem resolver's own address: the query came through
    # the tunnel from the resolver, not from the client
    seen = {(q[2], q[3]) for q in seed.cloud_dns_queries() if q[:2] == (EDS_NAME + ".", "A")}
    assert seen and all(src == DCSRV_IP and dst in CLOUD_DNS for src, dst in seen), seed.cloud_dns.log()
    assert seed.client.ping(VPC_HOST_IP, count=2, wait=2), seed.client.ip("route").stdout
    mark = timer.phase("client: lease, dig through the tunnel, ping VPC", mark)

    # --- second run: nothing changes on any host, no write call ----------------------------------------------------
    emulator.reset_stats()
    second = site.site()
    assert set(changed(second)) == {"localhost", "dcgw", "dcsrv"} and set(changed(second).values()) == {0}, second.log
    assert emulator.writes() == {}, emulator.writes()
    assert emulator.stats()["reads"] > 0
    mark = timer.phase("site.yml again: changed=0 everywhere, 0 writes", mark)

    # --- dual tunnel: the master's path goes, the slave carries the traffic ----------------------------------------
    dc = seed.dc_charon
    seed.cloud.link_down(seed.tunnel_links["master"])
    wait_until(lambda: not ike_established(dc.sas(), name + "-master"), 30, 0.5, "the master's IKE_SA to go (DPD)")
    slave_before = child_bytes_out(dc.sas(), name + "-slave")
    wait_until(lambda: seed.client.ping(VPC_HOST_IP, wait=1), 30, 0.2, "traffic over the slave tunnel")
    assert seed.client.ping(VPC_HOST_IP, count=3, wait=2)
    assert child_bytes_out(dc.sas(), name + "-slave") > slave_before, dc.sas()
    mark = timer.phase("failover: master path down, slave carries", mark)

    # --- teardown: no cloud resource left, the DC hosts' configuration as before -----------------------------------
    site.run("eds.vpc_access.teardown", label="teardown.yml")
    assert emulator.resources() == fresh
    after = seed.dc_snapshot()
    assert after == before, {h: sorted(set(after[h].items()) ^ set(before[h].items())) for h in before}
    assert name not in dc.swanctl("--list-conns").stdout
    timer.phase("teardown.yml: nothing left", mark)
    print("whole path: %.1f s" % (time.monotonic() - timer.start))
