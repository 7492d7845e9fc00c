"""The lab's hosts on one machine: the data center and a stand-in for the Alibaba side, for site.yml.

    client (DHCP) --+                                     +-- vpc-host 192.168.1.10
    dcsrv 192.10.0.53 (podman container: Unbound+Kea) --[lan]-- dcgw 192.10.0.1      cloud 192.168.0.1 --[vpc]--+
                    |                                   dcgw 203.0.113.154 --[wan]-- cloud <master>, <slave>     |
                                                                                     +-- clouddns 100.100.2.136/.138

- dcgw: the data-center IPsec gateway, a namespace with the host's strongSwan (Charon); site.yml's ipsec_peer role
  runs on the local connection with an interpreter inside the namespace (its ip and nft commands act there) and
  writes into the gateway's own directories. It owns the customer gateway's public address
  (vpc_access_datacenter_public_ip of the sample inventory).
- dcsrv: the on-prem DNS + DHCP server, a systemd container of the daemons image joined to a lab namespace
  (podman --network ns:...), driven over ssh (ProxyCommand `podman exec -i ... sshd -i`) or podman's connection.
- cloud: the VPN gateway's tunnel addresses (from the emulator) on one link each, a charon configured from the
  emulator's view of the connection; the VPC host and the stub cloud DNS sit behind it.
Every address exists only inside the lab's namespaces and the container.
"""

import os
import pwd
import re
import shutil
import sys

from frr import Frr
from netns import wait_until
from strongswan import Charon, cloud_swanctl_conf

from seed_lab.container import Container, local_snapshot
from seed_lab.plan import (CLOUD_ASN, CLOUD_DNS, CLOUD_DNS_HOST_IP, CLOUD_VPC_IP, DC_CIDR, DC_PUBLIC_IP, DCGW_LAN_IP,
                           DCSRV_CONFIG_DIRS, DCSRV_IP, EDS_ADDRESS, EDS_NAME, KEA_DHCP4, ROUTE_BASED, UNBOUND_LAN,
                           VPC_CIDR, VPC_HOST_IP)
from seed_lab.watcher import Watcher

# the data-center gateway's FRR configuration directory before any playbook: bgpd off, no BGP (as Debian ships it)
FRR_CONF = """\
frr defaults traditional
hostname dcgw
log syslog informational
no ipv6 forwarding
service integrated-vtysh-config
!
"""

STUB_DNS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stub_dns.py")

# busybox udhcpc's event script: applies the lease inside the client's namespace and records it; it never writes a
# resolv.conf (the name server is used explicitly with dig)
UDHCPC_SCRIPT = """\
#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface"
    if [ -n "$staticroutes" ]; then
      set -- $staticroutes
      while [ $# -ge 2 ]; do ip route replace "$1" via "$2" dev "$interface"; shift 2; done
    else
      for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
    fi
    printf 'ip=%s\\nmask=%s\\ndns=%s\\nrouter=%s\\nstaticroutes=%s\\n' "$ip" "$mask" "$dns" "$router" "$staticroutes" > "$LEASE_FILE" ;;
esac
exit 0
"""


class SeedLab:
    """The namespaces, links, the DNS/DHCP container and the daemons of the whole path (see the module docstring)."""

    def __init__(self, lab, workdir, routing_mode="protected_flows"):
        self.lab = lab
        self.workdir = workdir
        self.route_based = routing_mode in ROUTE_BASED
        self.bgp = routing_mode == "bgp"
        self.lan = lab.switch("lan")
        self.wan = lab.switch("wan")
        self.vpc = lab.switch("vpc")
        # the data-center gateway: the LAN's router and the customer gateway's public address
        self.dcgw = lab.namespace("dcgw")
        self.lan.attach(self.dcgw, "lan0", DCGW_LAN_IP + "/16")
        self.wan.attach(self.dcgw, "wan0", DC_PUBLIC_IP + "/24")
        self.dcgw.forwarding()
        # the cloud: the VPC router; the tunnel addresses arrive with the emulator's VPN gateway (add_tunnel_addresses)
        self.cloud = lab.namespace("cloud")
        self.vpc.attach(self.cloud, "vpc0", CLOUD_VPC_IP + "/16")
        # userspace ESP routes a local traffic selector only when the gateway has an address inside it
        for addr in ("172.16.0.1/32", "100.64.0.1/32"):
            self.cloud.addr("lo", addr)
        self.cloud.forwarding()
        # each tunnel address answers ARP only on its own link: taking the master's link down takes its path away
        self.cloud.sysctl("net.ipv4.conf.all.arp_ignore", 1)
        self.vpc_host = lab.namespace("vpc-host")
        self.vpc.attach(self.vpc_host, "eth0", VPC_HOST_IP + "/16")
        self.vpc_host.route("default", via=CLOUD_VPC_IP)
        self.cloud_dns_ns = lab.namespace("clouddns")
        self.vpc.attach(self.cloud_dns_ns, "eth0", CLOUD_DNS_HOST_IP + "/16")
        self.cloud_dns_ns.route("default", via=CLOUD_VPC_IP)
        for addr in CLOUD_DNS:
            self.cloud_dns_ns.addr("lo", addr + "/32")
            self.cloud.route(addr + "/32", via=CLOUD_DNS_HOST_IP)
        # the on-prem DNS/DHCP server's network and the client
        self.dcsrv_ns = lab.namespace("dcsrv")
        self.lan.attach(self.dcsrv_ns, "eth0", DCSRV_IP + "/16")
        self.dcsrv_ns.route("default", via=DCGW_LAN_IP)
        self.client = lab.namespace("client")
        self.lan.attach(self.client, "eth0")
        self.dcsrv = Container(lab.prefix + "dcsrv", self.dcsrv_ns, workdir)
        # route-based: both charons start with what ipsec_peer's userspace-ESP drop-in sets (a service manager would
        # restart charon for it; here the lab is the service manager)
        self.dc_charon = Charon(self.dcgw, os.path.join(workdir, "dcgw"), userspace_esp=True, route_based=self.route_based)
        self.cloud_charon = Charon(self.cloud, os.path.join(workdir, "cloud"), userspace_esp=True, route_based=self.route_based)
        self.nftables_dir = os.path.join(workdir, "dcgw", "nftables.d")
        os.makedirs(self.nftables_dir, exist_ok=True)
        self.dcgw_python = os.path.join(workdir, "dcgw-python")
        with open(self.dcgw_python, "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\nexec ip netns exec %s %s \"$@\"\n" % (self.dcgw.name, python()))
        os.chmod(self.dcgw_python, 0o755)
        # BGP: FRR on both gateways; the gateway's configuration directory is bgp_peer_config_dir
        self.dc_frr = self.cloud_frr = self.frr_conf_dir = None
        if self.bgp:
            self.frr_conf_dir = os.path.join(workdir, "dcgw", "frr")
            os.makedirs(self.frr_conf_dir)
            shutil.copyfile("/etc/frr/daemons", os.path.join(self.frr_conf_dir, "daemons"))
            with open(os.path.join(self.frr_conf_dir, "frr.conf"), "w", encoding="utf-8") as f:
                f.write(FRR_CONF)
            # owner and mode as Debian's frr package installs them
            frr_user = pwd.getpwnam("frr")
            for name in ("daemons", "frr.conf"):
                os.chown(os.path.join(self.frr_conf_dir, name), frr_user.pw_uid, frr_user.pw_gid)
                os.chmod(os.path.join(self.frr_conf_dir, name), 0o640)
            self.dc_frr = Frr(self.dcgw, os.path.join(workdir, "dcgw", "frr-run"))
            self.cloud_frr = Frr(self.cloud, os.path.join(workdir, "cloud", "frr-run"))
        self.cloud_dns = None
        self.tunnel_links = {}

    # --- data center -------------------------------------------------------------------------------------------
    def start_dcsrv(self):
        """Start the container (boots in the background; finish with serve_lan)."""
        self.dcsrv.start()

    def serve_lan(self):
        """The data center's existing DNS and DHCP service, before any playbook."""
        self.dcsrv.wait_booted()
        self.dcsrv.write("/etc/unbound/unbound.conf.d/lan.conf", UNBOUND_LAN)
        self.dcsrv.write("/etc/kea/kea-dhcp4.conf", KEA_DHCP4)
        self.dcsrv.exec("systemctl", "start", "unbound", "kea-dhcp4-server")

    def dc_snapshot(self):
        """The DC hosts' configuration: {host: {path: 'type mode sha256'}}."""
        charon = self.dc_charon
        return {"dcsrv": self.dcsrv.snapshot(DCSRV_CONFIG_DIRS),
                "dcgw": local_snapshot([charon.swanctl_dir, charon.strongswan_dir, charon.conf, self.nftables_dir]
                                       + ([self.frr_conf_dir] if self.bgp else []))}

    def dc_routing(self):
        """The gateway's IPv4 routes (all tables; IPv6 link-local routes come and go on their own), rules and
        nftables ruleset, as text."""
        return "%s\n%s\n%s" % (self.dcgw.ip("-4", "route", "show", "table", "all").stdout, self.dcgw.ip("rule").stdout,
                               self.dcgw.run("nft", "list", "ruleset").stdout)

    def inventory(self, connection, key_file, control_dir):
        """The test inventory: the gateway on the local connection, the DNS/DHCP server over `connection`."""
        charon = self.dc_charon
        server = self.dcsrv.ssh_inventory(key_file, control_dir) if connection == "ssh" else self.dcsrv.podman_inventory()
        server.update(ansible_python_interpreter="/usr/bin/python3", vpc_access_dns_query_address=DCSRV_IP)
        gateway = {
            "ansible_connection": "local", "ansible_python_interpreter": self.dcgw_python,
            "ipsec_peer_swanctl_dir": charon.swanctl_dir, "ipsec_peer_strongswan_dir": charon.strongswan_dir,
            # the role's nftables table, in the gateway's namespace; the host's nftables.conf is not the gateway's
            "ipsec_peer_nftables_dir": self.nftables_dir, "ipsec_peer_nftables_conf": "",
            "ipsec_peer_lan_interfaces": ["lan0"],
            # bgp_peer writes the gateway's FRR configuration; the lab is its service manager (no systemd here)
            "bgp_peer_config_dir": self.frr_conf_dir or "", "bgp_peer_install_packages": False,
            "bgp_peer_manage_service": False,
            # reconnect at once when the tunnels come up (the verification play resolves through them)
            "bgp_peer_connect_retry": 1,
            "ipsec_peer_vici_uri": charon.uri, "ipsec_peer_install_packages": False, "ipsec_peer_manage_service": False,
            # dead-peer detection every second: the slave takes over within seconds when the master's path goes
            "ipsec_peer_dpd_delay": 1,
            # diagnose.yml runs swanctl and nft in the gateway's namespace (the local connection is the host's)
            "vpc_access_diagnose_command_prefix": ["ip", "netns", "exec", charon.ns.name],
        }
        return {"all": {"children": {
            "ipsec_gateways": {"hosts": {"dcgw": gateway}},
            "dns_servers": {"hosts": {"dcsrv": server}},
            "dhcp_servers": {"hosts": {"dcsrv": {}}},
        }}}

    # --- cloud stand-in ----------------------------------------------------------------------------------------
    def configure_cloud(self, peer_config):
        """The cloud stand-in for `peer_config`: its tunnel addresses and a charon with the mirrored configuration."""
        self.add_tunnel_addresses(peer_config)
        extra = [] if "0.0.0.0/0" in peer_config["remote_subnets"] else ["100.64.0.0/10"]
        charon = self.cloud_charon
        charon.write("alicloud-mirror.conf", cloud_swanctl_conf(peer_config, extra_local_subnets=extra))
        # started for the first connection; a later variant on the same lab (clear_cloud) reloads the running one
        if not (charon.daemon and charon.daemon.running()):
            charon.start()
        charon.load()
        if self.bgp:
            self.start_cloud_bgp(peer_config)
        elif self.route_based:
            # the VPN route Alibaba holds for the data-center CIDR (vpn_route_entry), into the tunnel device
            self.cloud.route(DC_CIDR, dev="ipsec0")

    def start_cloud_bgp(self, peer_config):
        """The VPN gateway's BGP side: ASN 45104 on each tunnel's cloud address, announcing the VPC."""
        lines = ["router bgp %d" % CLOUD_ASN, " bgp router-id %s" % CLOUD_VPC_IP, " no bgp ebgp-requires-policy",
                 " timers bgp 3 9"]
        for tunnel in peer_config["tunnels"]:
            bgp = tunnel["bgp"]
            # libipsec has one TUN device for both tunnels (the data center's updown puts its addresses the same way)
            self.cloud.addr("ipsec0", "%s/%s" % (bgp["local_bgp_ip"], bgp["tunnel_cidr"].split("/")[1]))
            lines += [" neighbor %s remote-as %d" % (bgp["peer_bgp_ip"], bgp["peer_asn"]),
                      " neighbor %s timers connect 1" % bgp["peer_bgp_ip"],
                      " neighbor %s advertisement-interval 0" % bgp["peer_bgp_ip"]]
        lines += [" address-family ipv4 unicast", "  network %s" % VPC_CIDR, " exit-address-family"]
        config = os.path.join(self.cloud_frr.dir, "cloud.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.cloud_frr.start().apply(config)

    def dc_frr_conf(self):
        with open(os.path.join(self.frr_conf_dir, "frr.conf"), encoding="utf-8") as f:
            return f.read()

    def add_tunnel_addresses(self, peer_config):
        """One link per tunnel address of the VPN gateway, each with its own route back to the data center."""
        for metric, tunnel in enumerate(peer_config["tunnels"], start=1):
            ifname = "wan-%s" % tunnel["role"][0]
            self.wan.attach(self.cloud, ifname, tunnel["remote"] + "/32")
            self.cloud.ip("route", "add", DC_PUBLIC_IP + "/32", "dev", ifname, "src", tunnel["remote"], "metric", str(metric))
            self.dcgw.route(tunnel["remote"] + "/32", dev="wan0")
            self.tunnel_links[tunnel["role"]] = ifname

    def clear_cloud(self, peer_config):
        """The cloud stand-in without `peer_config`'s connection, for the next variant on the same lab: its SAs,
        connections and secrets out of the charon (which keeps running), its tunnel links and the gateway's routes
        and neighbour entries for them gone."""
        charon = self.cloud_charon
        for tunnel in peer_config["tunnels"]:
            charon.swanctl("--terminate", "--ike", "%s-%s" % (peer_config["name"], tunnel["role"]), "--force",
                           "--timeout", "2", check=False)
        charon.write("alicloud-mirror.conf", "")
        charon.load()    # swanctl unloads what the files no longer hold
        for tunnel in peer_config["tunnels"]:
            self.cloud.ip("link", "del", self.tunnel_links.pop(tunnel["role"]))
            self.dcgw.ip("route", "del", tunnel["remote"] + "/32", "dev", "wan0")
        self.dcgw.ip("neigh", "flush", "dev", "wan0")

    def start_cloud_dns(self):
        self.cloud_dns = self.cloud_dns_ns.start(python(), STUB_DNS, EDS_NAME, EDS_ADDRESS, *CLOUD_DNS, log_name="clouddns.log")
        wait_until(lambda: "listening" in self.cloud_dns.log() or not self.cloud_dns.running(), 10, what="the stub cloud DNS")
        assert self.cloud_dns.running(), self.cloud_dns.log()

    def cloud_dns_queries(self):
        """[(name, type, source, destination)] the stub cloud DNS answered."""
        return re.findall(r"(?m)^query (\S+) (\S+) from (\S+) to (\S+)$", self.cloud_dns.log())

    # --- the client --------------------------------------------------------------------------------------------
    def dhcp_lease(self):
        """A real DHCP lease on the client (busybox udhcpc asking for option 121 too): {ip, mask, dns, router,
        staticroutes}; the script applies it in the client's namespace only."""
        script = os.path.join(self.workdir, "udhcpc.sh")
        lease_file = os.path.join(self.workdir, "lease.env")
        with open(script, "w", encoding="utf-8") as f:
            f.write(UDHCPC_SCRIPT)
        os.chmod(script, 0o755)
        env = dict(os.environ, LEASE_FILE=lease_file)
        self.client.run("udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "10", "-T", "1", "-O", "staticroutes", "-s", script,
                        env=env, timeout=30)
        with open(lease_file, encoding="utf-8") as f:
            return dict(line.split("=", 1) for line in f.read().splitlines())


def python():
    """The interpreter running the tests (it has dnspython)."""
    return sys.executable


class FrrReloader(Watcher):
    """The gateway's FRR service manager while site.yml runs (bgp_peer_manage_service is false: no systemd here):
    when frr.conf gains bgp_peer's block, its commands go into the running daemons (vtysh -f), as reloading
    frr.service would do, so BGP is up before site.yml's verification."""

    MARKER = "! BEGIN eds.vpc_access.bgp_peer"

    def __init__(self, seed):
        super().__init__()
        self.seed = seed
        self.applied = None

    def poll(self):
        text = self.seed.dc_frr_conf()
        if self.MARKER in text and text != self.applied:
            self.seed.dc_frr.apply(os.path.join(self.seed.frr_conf_dir, "frr.conf"))
            self.applied = text
        return False   # until finish(): site.yml may change the block again

    def result(self):
        return self.applied
