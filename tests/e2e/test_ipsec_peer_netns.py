"""ipsec_peer end to end in network namespaces: the role configures the DC gateway's strongSwan from a peer_config,
a strongSwan configured from the mirrored config stands in for the Alibaba VPN gateway, and the LAN host reaches
the VPC host (and a cloud-service address in 100.64.0.0/10) through the tunnel; dual tunnel fails over.

The role runs on the test host (local connection) and writes into the DC gateway's own directories
(ipsec_peer_swanctl_dir / ipsec_peer_strongswan_dir); swanctl reaches the namespace's charon over its vici socket
(ipsec_peer_vici_uri), a file-system socket that works across network namespaces. The kernel here has no ESP, so
both sides use userspace ESP (ipsec_peer_userspace_esp on the DC side).
"""

import base64
import os
import shutil
import re
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
        # the role runs in the host's namespace here: the host's own firewall stays untouched
        ipsec_peer_manage_firewall=False,
    )
    variables.update(extra)
    return variables


def role(run_role, charon, variables, check=False, verbosity=0):
    # swanctl reads strongswan.conf for its own plugins: the namespace's keeps its output free of host noise
    return run_role("ipsec_peer", variables, check=check, env={"STRONGSWAN_CONF": charon.conf}, verbosity=verbosity)


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

    # 2. load + initiate + verify through the role; even -vvv output holds no key
    proc = role(run_role, dc, role_vars(dc, peer_config, ipsec_peer_initiate=True, ipsec_peer_verify=True,
                                        ipsec_peer_verify_timeout=30), verbosity=3)
    assert_ran(proc, charons=(dc, cloud))
    assert proc.stats["changed"] >= 1
    for secret in ("e2e-master-not-a-secret-0123", "e2e-slave-not-a-secret-4567"):
        for text in (proc.stdout, proc.stderr):
            assert secret not in text and base64.b64encode(secret.encode()).decode() not in text
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


def tunnel(role, local, remote, psk, ike, esp, version="ikev2", mode="main"):
    return dict(
        tunnel_id=None, role=role, local=local, remote=remote, enable_dpd=True, enable_nat_traversal=True,
        ike_config=dict(ike_version=version, ike_mode=mode, ike_enc_alg=ike[0], ike_auth_alg=ike[1], ike_pfs=ike[2],
                        ike_lifetime=28800, local_id=None, remote_id=None, psk=psk),
        ipsec_config=dict(ipsec_enc_alg=esp[0], ipsec_auth_alg=esp[1], ipsec_pfs=esp[2], ipsec_lifetime=1800),
        bgp=dict(enabled=False, local_asn=None, peer_asn=None, local_bgp_ip=None, peer_bgp_ip=None, tunnel_cidr=None),
    )


def test_every_alibaba_setting_renders_to_what_charon_loads(lab, tmp_path, run_role):
    gw = lab.namespace("gw")
    dc = Charon(gw, str(tmp_path / "gw")).start()
    connections = [
        dict(vpn_connection_id="vco-v1", name="v1 legacy", routing_mode="protected_flows",
             local_subnets=["192.10.0.0/24", "192.10.1.0/24"], remote_subnets=["192.168.0.0/16"],
             tunnels=[tunnel("master", "203.0.113.10", "47.0.0.10", "k1", ("des", "md5", "group1"),
                             ("3des", "sha384", "group5"), version="ikev1", mode="aggressive")]),
        dict(vpn_connection_id="vco-v2", name="v2", routing_mode="destination",
             local_subnets=["0.0.0.0/0"], remote_subnets=["0.0.0.0/0"],
             tunnels=[tunnel("master", "203.0.113.10", "47.0.0.11", "k2", ("aes192", "sha512", "group14"),
                             ("aes256", "sha256", "disabled"))]),
    ]
    # policy-based for both: this test is about the algorithm and IKE settings (route mode: test_route_based_*)
    variables = role_vars(dc, None, ipsec_peer_connections=connections, ipsec_peer_userspace_esp=False, ipsec_peer_mode="policy")

    check = role(run_role, dc, variables, check=True)
    assert_ran(check)
    assert check.stats["changed"] >= 1 and os.listdir(os.path.join(dc.swanctl_dir, "conf.d")) == []

    assert_ran(role(run_role, dc, variables), charons=(dc,))
    conns = dc.swanctl("--list-conns").stdout
    # IKEv1 negotiates one subnet pair per CHILD_SA; the name is made swanctl-safe
    assert re.search(r"(?m)^v1-legacy: IKEv1, reauthentication every 28800s", conns), conns
    assert "v1-legacy-1: TUNNEL" in conns and "v1-legacy-2: TUNNEL" in conns
    assert re.search(r"(?m)^v2: IKEv2, no reauthentication, rekeying every 28800s", conns), conns
    with open(os.path.join(dc.swanctl_dir, "conf.d", "alicloud-v1-legacy.conf"), encoding="utf-8") as f:
        v1 = f.read()
    with open(os.path.join(dc.swanctl_dir, "conf.d", "alicloud-v2.conf"), encoding="utf-8") as f:
        v2 = f.read()
    assert "aggressive = yes" in v1 and "proposals = des-md5-modp768" in v1 and "esp_proposals = 3des-sha384-modp1536" in v1
    assert "proposals = aes192-sha512-modp2048" in v2 and "esp_proposals = aes256-sha256\n" in v2
    # destination routing already covers the cloud-service range: no extra selector, no policy priority
    assert "remote_ts = 0.0.0.0/0\n" in v2 and "priority" not in v2

    # swanctl's own complaint comes back when the load fails (a subnet that is none)
    broken = [dict(connections[1], name="broken", local_subnets=["192.10.0.0/not-a-prefix"])]
    proc = role(run_role, dc, role_vars(dc, None, ipsec_peer_connections=broken, ipsec_peer_userspace_esp=False,
                                        ipsec_peer_mode="policy"))
    assert proc.returncode != 0 and "swanctl --load-all failed" in proc.stdout, proc.stdout[-3000:]
    assert "local_ts" in proc.stdout

    # a masked key is refused before anything is written, naming the key and the fix
    masked = [dict(connections[1], name="masked")]
    masked[0]["tunnels"] = [dict(masked[0]["tunnels"][0], ike_config=dict(masked[0]["tunnels"][0]["ike_config"], psk="********"))]
    proc = role(run_role, dc, role_vars(dc, None, ipsec_peer_connections=masked))
    assert proc.returncode != 0 and "return_psk: true" in proc.stdout, proc.stdout[-3000:]
    assert not os.path.exists(os.path.join(dc.swanctl_dir, "conf.d", "alicloud-masked.conf"))


def netns_python(tmp_path, ns):
    """An interpreter that runs inside namespace `ns`: the role's own ip/nft commands then act on the gateway's
    namespace, never on the host's."""
    path = tmp_path / ("python-%s" % ns.name)
    path.write_text("#!/bin/sh\nexec ip netns exec %s %s \"$@\"\n" % (ns.name, shutil.which("python3") or "python3"))
    path.chmod(0o755)
    return str(path)


def test_route_based_destination_routing_over_userspace_esp(seed_topology, tmp_path, run_role):
    """Destination routing (0.0.0.0/0 selectors): routes to the cloud CIDRs over the tunnel device, the master's
    preferred by metric, the slave's left when the master goes; the firewall table; nothing else of the gateway's
    routing touched; absent gives it all back."""
    topo = seed_topology
    peer_config = topo.peer_config(load_peer_config())
    peer_config.update(routing_mode="destination", local_subnets=["0.0.0.0/0"], remote_subnets=["0.0.0.0/0"],
                       routes=["192.168.0.0/16"])
    cloud = Charon(topo.cloud, str(tmp_path / "cloud"), userspace_esp=True, route_based=True)
    cloud.write("alicloud-mirror.conf", cloud_swanctl_conf(peer_config))
    cloud.start().load()
    topo.cloud.route("192.10.0.0/16", dev="ipsec0")     # Alibaba's VPN route for the data-center CIDR
    topo.add_vpc_host("svc-host", "192.168.0.20", extra_addrs=[CLOUD_SERVICE_IP])
    dc = Charon(topo.dcgw, str(tmp_path / "dcgw"))
    nft_dir = tmp_path / "nftables.d"
    env = {"STRONGSWAN_CONF": dc.conf, "ANSIBLE_PYTHON_INTERPRETER": netns_python(tmp_path, topo.dcgw)}
    variables = role_vars(dc, peer_config, ipsec_peer_manage_firewall=True, ipsec_peer_nftables_dir=str(nft_dir),
                          ipsec_peer_nftables_conf="", ipsec_peer_lan_interfaces=["lan0"])
    routes_before = topo.dcgw.ip("-4", "route", "show", "table", "all").stdout

    def run(check=False, **extra):
        return run_role("ipsec_peer", dict(variables, **extra), check=check, env=env)

    assert_ran(run(ipsec_peer_load=False))     # the userspace-ESP drop-in charon reads when it starts
    with open(os.path.join(dc.strongswan_dir, "eds-vpc-access-libipsec.conf"), encoding="utf-8") as f:
        assert "fwmark = 0x3e0c5" in f.read()
    with open(os.path.join(dc.swanctl_dir, "conf.d", "alicloud-dc1-to-vpc.conf"), encoding="utf-8") as f:
        conf = f.read()
    assert conf.count("local_ts = 0.0.0.0/0") == 2 and conf.count("remote_ts = 0.0.0.0/0") == 2, conf
    assert "if_id_in = 41" in conf and "if_id_out = 42" in conf and "priority" not in conf, conf
    dc.start()
    assert_ran(run(ipsec_peer_initiate=True, ipsec_peer_verify=True, ipsec_peer_verify_timeout=30), charons=(dc, cloud))
    assert_ran(run(ipsec_peer_initiate=True, ipsec_peer_verify=True), changed=0)

    routes = topo.dcgw.ip("route").stdout
    for metric in (100, 110):
        for cidr in ("192.168.0.0/16", "100.64.0.0/10"):
            assert re.search(r"(?m)^%s dev ipsec0 .*metric %d" % (re.escape(cidr), metric), routes), routes
    # charon's table 220 is reached only by the mark no packet carries; the main table has no default via ipsec0
    assert "fwmark 0x3e0c5 lookup 220" in topo.dcgw.ip("rule").stdout
    assert not re.search(r"(?m)^default", routes), routes
    nft = topo.dcgw.run("nft", "list", "table", "inet", "eds_vpc_access_ipsec").stdout
    assert "udp dport { 500, 4500 } accept" in nft and 'iifname "ipsec0" oifname "lan0" accept' in nft, nft

    assert topo.lan_host.ping("192.168.0.10", count=3, wait=2), dc.log()[-3000:]
    assert topo.vpc_host.ping("192.10.0.10", count=2, wait=2)
    assert topo.lan_host.ping(CLOUD_SERVICE_IP, count=2, wait=2)

    # the master goes: its routes go with its CHILD_SA, the slave's (metric 110) carry the traffic
    topo.dcgw.link_down(topo.wan_link("master").dc_if)
    wait_until(lambda: not ike_established(dc.sas(), "dc1-to-vpc-master"), 30, 0.5, "the master IKE_SA to go")
    wait_until(lambda: "metric 100" not in topo.dcgw.ip("route").stdout, 10, 0.2, "the master's routes to go")
    before = child_bytes_out(dc.sas(), "dc1-to-vpc-slave")
    wait_until(lambda: topo.lan_host.ping("192.168.0.10", wait=1), 30, 0.2, "traffic over the slave tunnel")
    assert child_bytes_out(dc.sas(), "dc1-to-vpc-slave") > before
    assert "192.168.0.0/16 dev ipsec0 scope link metric 110" in topo.dcgw.ip("route").stdout

    assert_ran(run(ipsec_peer_state="absent"))
    assert topo.dcgw.run("nft", "list", "ruleset").stdout.strip() == ""
    assert sorted(os.listdir(nft_dir)) == [] and os.listdir(dc.strongswan_dir) == []
    assert sorted(os.listdir(dc.swanctl_dir)) == ["conf.d", "swanctl.conf"]
    after = topo.dcgw.ip("-4", "route", "show", "table", "all").stdout
    # charon's own table 220 (unreachable, see the rule above), its TUN device and the master's link (the test took
    # it down, which flushed its routes) aside, the routes are as before

    def ours(table):
        return [r for r in table.splitlines() if not any(word in r for word in ("ipsec0", "table 220", "wan-m"))]
    assert ours(after) == ours(routes_before), after
    assert "192.168.0.0/16" not in after and "100.64.0.0/10" not in after
    assert_ran(run(ipsec_peer_state="absent"), changed=0)


def test_route_based_refuses_bad_bgp_and_missing_routes(lab, tmp_path, run_role):
    gw = lab.namespace("gw")
    dc = Charon(gw, str(tmp_path / "gw"))
    peer_config = dict(load_peer_config(), routing_mode="destination", local_subnets=["0.0.0.0/0"],
                       remote_subnets=["0.0.0.0/0"])
    proc = role(run_role, dc, role_vars(dc, peer_config))
    assert proc.returncode != 0 and "give the connection 'routes'" in proc.stdout, proc.stdout[-3000:]
    bgp = dict(enabled=True, local_asn=65010, peer_asn=45104, local_bgp_ip="10.0.0.2", peer_bgp_ip="10.0.0.1",
               tunnel_cidr="10.0.0.0/29")
    bad = dict(peer_config, tunnels=[dict(t, bgp=bgp) for t in peer_config["tunnels"]])
    proc = role(run_role, dc, role_vars(dc, bad))
    assert proc.returncode != 0, proc.stdout[-3000:]
    assert "tunnels[0].bgp.tunnel_cidr must be a /30 inside 169.254.0.0/16, got 10.0.0.0/29" in proc.stdout
    assert "tunnels[1].bgp.local_bgp_ip must be an address in 169.254.0.0/16" in proc.stdout
    forced = role(run_role, dc, role_vars(dc, bad, ipsec_peer_mode="policy"))
    assert forced.returncode != 0 and "BGP needs the route-based mode" in forced.stdout
    assert os.listdir(os.path.join(dc.swanctl_dir, "conf.d")) == []
