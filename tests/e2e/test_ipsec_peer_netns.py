"""ipsec_peer end to end in network namespaces: the role configures the DC gateway's strongSwan from a peer_config,
a strongSwan configured from the mirrored config stands in for the Alibaba VPN gateway, and the LAN host reaches
the VPC host (and a cloud-service address in 100.64.0.0/10) through the tunnel; dual tunnel fails over.

The role runs on the test host (local connection) and writes into the DC gateway's own directories
(ipsec_peer_swanctl_dir / ipsec_peer_strongswan_dir); swanctl reaches the namespace's charon over its vici socket
(ipsec_peer_vici_uri), a file-system socket that works across network namespaces. The kernel here has no ESP, so
both sides use userspace ESP (ipsec_peer_userspace_esp on the DC side).
"""

import os
import stat
import time

import pytest
import yaml

from netns import wait_until
from strongswan import Charon, child_bytes_out, child_installed, cloud_swanctl_conf, ike_established

HERE = os.path.dirname(os.path.abspath(__file__))
CLOUD_SERVICE_IP = "100.100.2.136"


def load_peer_config():
    with open(os.path.join(HERE, "peer_config_dual.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def role_vars(charon, peer_config, **extra):
    variables = dict(
        ipsec_peer_connections=[peer_config],
        ipsec_peer_swanctl_dir=charon.swanctl_dir,
        ipsec_peer_strongswan_dir=charon.strongswan_dir,
        ipsec_peer_vici_uri=charon.uri,
        ipsec_peer_install_packages=False,
        ipsec_peer_manage_service=False,
        ipsec_peer_userspace_esp=True,
        ipsec_peer_route_cloud_services=True,
        ipsec_peer_dpd_delay=1,
    )
    variables.update(extra)
    return variables


def role(run_role, charon, variables, check=False):
    # swanctl reads strongswan.conf for its own plugins: the namespace's keeps its output free of host noise
    return run_role("ipsec_peer", variables, check=check, env={"STRONGSWAN_CONF": charon.conf})


def assert_ran(proc, changed=None, charons=()):
    logs = "".join("\n--- %s\n%s" % (c.dir, c.log()[-3000:]) for c in charons)
    assert proc.returncode == 0 and proc.stats and proc.stats["failed"] == 0, proc.stdout[-4000:] + proc.stderr[-2000:] + logs
    if changed is not None:
        assert proc.stats["changed"] == changed, proc.stdout[-4000:]


@pytest.fixture
def gateways(seed_topology, tmp_path):
    """(topology, dc charon dir, cloud charon started with the mirrored config, peer_config)."""
    topo = seed_topology
    peer_config = topo.peer_config(load_peer_config())
    cloud = Charon(topo.cloud, str(tmp_path / "cloud"), userspace_esp=True)
    cloud.write("alicloud-mirror.conf", cloud_swanctl_conf(peer_config, extra_local_subnets=["100.64.0.0/10"]))
    cloud.start().load()
    topo.add_vpc_host("svc-host", "192.168.0.20", extra_addrs=[CLOUD_SERVICE_IP])
    dc = Charon(topo.dcgw, str(tmp_path / "dcgw"), userspace_esp=False)
    return topo, dc, cloud, peer_config


def test_role_brings_up_dual_tunnel_and_slave_takes_over(gateways, run_role):
    topo, dc, cloud, peer_config = gateways
    assert not topo.lan_host.ping("192.168.0.10"), "the VPC must not be reachable before the tunnel exists"

    # 1. files only (charon not running yet); this also writes the userspace-ESP drop-in charon reads at start
    assert_ran(role(run_role, dc, role_vars(dc, peer_config, ipsec_peer_load=False)))
    conf_d = os.path.join(dc.swanctl_dir, "conf.d")
    assert sorted(os.listdir(conf_d)) == ["alicloud-dc1-to-vpc.conf", "alicloud-dc1-to-vpc.secrets.conf"]
    assert stat.S_IMODE(os.stat(os.path.join(conf_d, "alicloud-dc1-to-vpc.secrets.conf")).st_mode) == 0o600
    with open(os.path.join(conf_d, "alicloud-dc1-to-vpc.conf"), encoding="utf-8") as f:
        assert "e2e-master-not-a-secret" not in f.read()
    dc.start()

    # 2. load + initiate + verify through the role
    proc = role(run_role, dc, role_vars(dc, peer_config, ipsec_peer_initiate=True, ipsec_peer_verify=True,
                                           ipsec_peer_verify_timeout=30))
    assert_ran(proc, charons=(dc, cloud))
    assert proc.stats["changed"] >= 1
    for secret in ("e2e-master-not-a-secret-0123", "e2e-slave-not-a-secret-4567"):
        assert secret not in proc.stdout and secret not in proc.stderr
    sas = dc.sas()
    assert ike_established(sas, "dc1-to-vpc-master") and ike_established(sas, "dc1-to-vpc-slave"), sas
    assert child_installed(sas, "dc1-to-vpc-master") and child_installed(sas, "dc1-to-vpc-slave"), sas

    # 3. idempotent: nothing changes, nothing is re-initiated
    assert_ran(role(run_role, dc, role_vars(dc, peer_config, ipsec_peer_initiate=True, ipsec_peer_verify=True)),
               changed=0)

    # LAN host -> VPC host and -> a cloud-service address (100.64.0.0/10, seed solution 3) through the tunnel
    assert topo.lan_host.ping("192.168.0.10", count=3, wait=2), dc.log()[-3000:]
    assert topo.vpc_host.ping("192.10.0.10", count=2, wait=2)
    assert topo.lan_host.ping(CLOUD_SERVICE_IP, count=2, wait=2)

    # 4. the master's WAN link goes down: DPD removes the master's SAs and the slave carries the traffic
    topo.dcgw.link_down(topo.wan_link("master").dc_if)
    started = time.monotonic()
    wait_until(lambda: not ike_established(dc.sas(), "dc1-to-vpc-master"), 30, 0.5, "the master IKE_SA to go")
    before = child_bytes_out(dc.sas(), "dc1-to-vpc-slave")
    wait_until(lambda: topo.lan_host.ping("192.168.0.10", wait=1), 30, 0.2, "traffic over the slave tunnel")
    assert topo.lan_host.ping("192.168.0.10", count=3, wait=2)
    assert child_bytes_out(dc.sas(), "dc1-to-vpc-slave") > before
    print("failover took %.1f s" % (time.monotonic() - started))


def test_absent_terminates_unloads_and_removes_only_its_files(gateways, run_role):
    topo, dc, cloud, peer_config = gateways
    single = dict(peer_config, tunnels=peer_config["tunnels"][:1])
    dc_other = os.path.join(dc.swanctl_dir, "conf.d", "local-other.conf")
    with open(dc_other, "w", encoding="utf-8") as f:
        f.write("connections {\n  other {\n    remote_addrs = 192.0.2.99\n    local { auth = psk }\n"
                "    remote { auth = psk }\n  }\n}\n")
    assert_ran(role(run_role, dc, role_vars(dc, single, ipsec_peer_load=False)))
    dc.start()
    assert_ran(role(run_role, dc, role_vars(dc, single, ipsec_peer_initiate=True, ipsec_peer_verify=True)))
    assert topo.lan_host.ping("192.168.0.10", count=2, wait=2)

    check = role(run_role, dc, role_vars(dc, single, ipsec_peer_state="absent"), check=True)
    assert_ran(check)
    assert check.stats["changed"] >= 1 and ike_established(dc.sas(), "dc1-to-vpc"), "check mode must change nothing"

    assert_ran(role(run_role, dc, role_vars(dc, single, ipsec_peer_state="absent")))
    assert sorted(os.listdir(os.path.join(dc.swanctl_dir, "conf.d"))) == ["local-other.conf"]
    assert os.listdir(dc.strongswan_dir) == []
    conns = dc.swanctl("--list-conns").stdout
    assert "dc1-to-vpc" not in conns and "other:" in conns
    assert "dc1-to-vpc" not in dc.sas()
    assert "ike-dc1-to-vpc" not in dc.swanctl("--list-creds", check=False).stdout
    assert not topo.lan_host.ping("192.168.0.10")
    assert_ran(role(run_role, dc, role_vars(dc, single, ipsec_peer_state="absent")), changed=0)
