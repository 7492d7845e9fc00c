"""Two data centers, the data-center half (docs/site_playbook.md "Several data centers"): real role runs.

Each site's DNS/DHCP server is a systemd container of the daemons image (Unbound and Kea running, as a site's
server already serves its LAN): dns_forwarding and dhcp_options reload their daemons through systemd, so a
container is the cheapest real host for them (a network namespace has no init). `--network none`: nothing in this
test needs a network between the hosts. Ansible reaches the containers as the seed lab does (seed_lab/container.py
ssh_inventory): ssh with pipelining and one master connection per server, over `podman exec -i <container> sshd -i`
(the podman connection has no pipelining: 3x the time and CPU of the role runs, docs/testing.md). The cloud side
is the emulator. Checked: each site's server gets its own site's plan (its CIDRs allowed on the resolver, its
DNS server in DHCP option 6, never the other site's); `teardown.yml --limit 'dcA,<dcA's server>'` gives dcA's server
its files back byte for byte and leaves dcB's server and cloud resources exactly as they were.
The ten-site cloud half under faults is tests/reliability/test_multisite.py.
"""

import json
import os
import shutil
import subprocess
import tempfile
import uuid

import pytest
import yaml

from emulator_process import REPO, running_emulator
from recap import play_recap
from seed_lab.container import Container, image, parse_snapshot
from seed_lab.playbooks import ssh_key
from seed_lab.state import close_ssh_masters

pytestmark = pytest.mark.skipif(not shutil.which("podman"), reason="needs podman")

CONFIG_DIRS = ("/etc/unbound", "/etc/kea")
# the stand-in of the cloud DNS's answer: a local zone of the LAN configuration answers before any forwarding, so
# the verification's dig succeeds without a cloud DNS behind the (absent) tunnel
UNBOUND_LAN = "server:\n" + "".join("    %s\n" % line for line in (
    "interface: 127.0.0.1", "do-ip6: no", "access-control: 127.0.0.0/8 allow",
    'local-zone: "ecd-vpc.cn-shanghai.aliyuncs.com." static',
    'local-data: "ecd-vpc.cn-shanghai.aliyuncs.com. 300 IN A 100.68.0.10"'))
KEA_DHCP4 = """\
{ "Dhcp4": { "interfaces-config": { "interfaces": [ ] }, "lease-database": { "type": "memfile", "lfc-interval": 3600 },
  "valid-lifetime": 600, "subnet4": [ ] } }
"""
SITES = {"dcA": {"cidr": "10.1.0.0/16", "ip": "203.0.113.11", "dns": "10.1.0.53"},
         "dcB": {"cidr": "10.2.0.0/16", "ip": "203.0.113.12", "dns": "10.2.0.53"}}


def podman(*args, check=True, input_text=None):
    return subprocess.run(["podman", *args], capture_output=True, text=True, check=check, input=input_text, timeout=120)  # noqa: S603


def snapshot(name):
    script = ("find %s -printf '%%y %%m %%p\\n' | while read -r t m p; do if [ $t = f ]; then "
              "echo \"$t $m $(sha256sum \"$p\" | cut -c1-64) $p\"; else echo \"$t $m - $p\"; fi; done" % " ".join(CONFIG_DIRS))
    return parse_snapshot(podman("exec", name, "sh", "-c", script).stdout)


def config_text(name):
    return podman("exec", name, "sh", "-c", "find %s -type f -exec cat {} +" % " ".join(CONFIG_DIRS)).stdout


class Servers(dict):
    """{site: container name}; .inventory: {container name: its host vars for the ssh connection}."""

    inventory = None


@pytest.fixture
def servers(tmp_path):
    """Servers, each booted and serving its LAN."""
    prefix = "eds-ms-%s-" % uuid.uuid4().hex[:8]
    names = Servers((site, prefix + site.lower()) for site in SITES)
    # short: a control socket's path (the directory, ssh's 40-character %C and a temporary suffix) must fit in
    # 108 bytes, which pytest's per-test directory would not leave
    control_dir = tempfile.mkdtemp(prefix="eds-ms-cp-")
    try:
        for name in names.values():
            podman("run", "-d", "--name", name, "--hostname", name, "--network", "none", "--add-host", f"{name}:127.0.1.1",
                   "--systemd=always", image(), "/sbin/init")
        key = ssh_key(str(tmp_path))
        inventory = {}
        for name in names.values():
            server = Container(name, None, str(tmp_path))
            server.wait_booted()
            server.write("/etc/unbound/unbound.conf.d/lan.conf", UNBOUND_LAN)
            server.write("/etc/kea/kea-dhcp4.conf", KEA_DHCP4)
            server.exec("systemctl", "restart", "unbound", "kea-dhcp4-server")
            inventory[name] = server.ssh_inventory(key, control_dir)
        names.inventory = inventory
        yield names
    finally:
        close_ssh_masters(control_dir)
        shutil.rmtree(control_dir, ignore_errors=True)
        for name in names.values():
            podman("rm", "-f", "-t", "0", name, check=False)


def test_one_sites_teardown_leaves_the_other_sites_datacenter(servers, tmp_path):
    hosts = {site: {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                    "vpc_access_datacenter_public_ip": s["ip"], "vpc_access_datacenter_cidrs": [s["cidr"]],
                    # a per-site input of the data-center plan: the DNS server its DHCP servers hand out
                    "vpc_access_dhcp_dns_servers": [s["dns"]]}
             for site, s in SITES.items()}
    dc_hosts = {servers[site]: dict(servers.inventory[servers[site]], ansible_python_interpreter="/usr/bin/python3",
                                    vpc_access_datacenter=site)
                for site in SITES}
    inv = tmp_path / "inventory"
    (inv / "group_vars").mkdir(parents=True)
    (inv / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {
        "datacenters": {"hosts": hosts}, "dns_servers": {"hosts": dc_hosts},
        "dhcp_servers": {"hosts": {name: {} for name in dc_hosts}}}}}))
    shutil.copy(os.path.join(REPO, "playbooks", "inventory", "multisite", "group_vars", "all.yml"), inv / "group_vars")
    before = {site: snapshot(name) for site, name in servers.items()}

    with running_emulator(tmp_path / "emulator.log") as emu:
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env.update(ALICLOUD_ACCESS_KEY="testid", ALICLOUD_SECRET_KEY="testsecret", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_LOCALHOST_WARNING="0")
        extra = json.dumps({"vpc_access_endpoint_url": emu.url, "vpc_access_report_dir": str(tmp_path)})

        def playbook(name, *args):
            proc = subprocess.run(["ansible-playbook", os.path.join(REPO, "playbooks", name), "-i", str(inv), "-e", extra,  # noqa: S603,S607
                                   "--forks", "4", *args], env=env, capture_output=True, text=True, timeout=900, check=False)
            recap = play_recap(proc.stdout)
            assert proc.returncode == 0 and all(h["failed"] == 0 for h in recap.values()), \
                f"{name} {args}:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
            return recap

        recap = playbook("site.yml")
        assert set(recap) == set(SITES) | set(servers.values())
        converged = {site: snapshot(name) for site, name in servers.items()}
        for site, name in servers.items():
            other = [s for s in SITES if s != site][0]
            assert converged[site] != before[site], f"{site}: nothing changed on its server"
            text = config_text(name)
            # its own site's plan: its CIDRs may query the resolver, DHCP hands out its DNS server; not the other's
            assert SITES[site]["dns"] in text and SITES[site]["cidr"] in text, text
            assert SITES[other]["dns"] not in text and SITES[other]["cidr"] not in text, text
        cloud = emu.resources()

        recap = playbook("teardown.yml", "--limit", f"dcA,{servers['dcA']}")
        assert set(recap) == {"dcA", servers["dcA"]}
        assert snapshot(servers["dcA"]) == before["dcA"]
        assert snapshot(servers["dcB"]) == converged["dcB"]
        left = emu.resources()
        gone = {table: sorted(set(ids) - set(left.get(table, []))) for table, ids in cloud.items()}
        gone = {table: ids for table, ids in gone.items() if ids}
        # dcA's customer gateway, connection (with the policy routes of its protected flows), VPN route and CEN
        # publication; dcB's and the gateway untouched
        assert sorted(gone) == ["cen_publications", "cn-shanghai/customer_gateways", "cn-shanghai/vpn_connections",
                                "cn-shanghai/vpn_pbr_route_entries", "cn-shanghai/vpn_route_entries"], gone
        assert all(len(ids) == 1 for table, ids in gone.items() if table != "cn-shanghai/vpn_pbr_route_entries"), gone
        connection = gone["cn-shanghai/vpn_connections"][0]
        assert all(connection in i for i in gone["cn-shanghai/vpn_pbr_route_entries"]), gone
        assert left["cn-shanghai/vpn_gateways"] == cloud["cn-shanghai/vpn_gateways"]
