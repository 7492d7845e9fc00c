"""The seed's whole path on one machine: the data center and a stand-in for the Alibaba side, for site.yml.

    client (DHCP) --+                                     +-- vpc-host 192.168.1.10
    dcsrv 192.10.0.53 (podman container: Unbound+Kea) --[lan]-- dcgw 192.10.0.1      cloud 192.168.0.1 --[vpc]--+
                    |                                   dcgw 203.0.113.154 --[wan]-- cloud <master>, <slave>     |
                                                                                     +-- clouddns 100.100.2.136/.138

- dcgw: the data-center IPsec gateway, a namespace with the host's strongSwan (Charon); site.yml's ipsec_peer role
  runs on the local connection and writes into the gateway's own directories. It owns the customer gateway's
  public address (vpc_access_datacenter_public_ip of the sample inventory).
- dcsrv: the on-prem DNS + DHCP server, a systemd container of the daemons image joined to a lab namespace
  (podman --network ns:...), driven over ssh (ProxyCommand `podman exec -i ... sshd -i`) or podman's connection.
- cloud: the VPN gateway's tunnel addresses (from the emulator) on one link each, a charon configured from the
  emulator's view of the connection; the VPC host and the stub cloud DNS sit behind it.
Every address exists only inside the lab's namespaces and the container.
"""

import hashlib
import os
import re
import shlex
import subprocess
import sys
import threading
import time

import yaml
from alibabacloud_tea_openapi import models as openapi_models
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from netns import run, wait_until
from strongswan import Charon, cloud_swanctl_conf

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REGION = "cn-shanghai"
EDS_NAME = "ecd-vpc.%s.aliyuncs.com" % REGION
# what the stub cloud DNS answers for EDS_NAME
EDS_ADDRESS = "100.100.3.10"
CLOUD_DNS = ("100.100.2.136", "100.100.2.138")
DC_PUBLIC_IP = "203.0.113.154"   # vpc_access_datacenter_public_ip of playbooks/inventory/sample
DCGW_LAN_IP = "192.10.0.1"
DCSRV_IP = "192.10.0.53"
CLOUD_VPC_IP = "192.168.0.1"
VPC_HOST_IP = "192.168.1.10"
CLOUD_DNS_HOST_IP = "192.168.0.53"
IMAGE = "localhost/eds-vpc-access/bookworm-daemons"

# the data center's servers as they were before the playbook: Unbound serving the LAN, Kea the LAN scope
UNBOUND_LAN = """\
server:
    interface: 0.0.0.0
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    local-zone: "corp.example." static
    local-data: "intranet.corp.example. 300 IN A 192.10.0.80"
"""
KEA_DHCP4 = """\
{
"Dhcp4": {
    "interfaces-config": { "interfaces": [ "eth0" ] },
    "lease-database": { "type": "memfile", "lfc-interval": 3600 },
    "valid-lifetime": 600,
    "subnet4": [ {
        "id": 1,
        "subnet": "192.10.0.0/16",
        "pools": [ { "pool": "192.10.0.100 - 192.10.0.150" } ],
        "option-data": [ { "name": "routers", "data": "192.10.0.1" } ]
    } ]
}
}
"""
# the files the roles touch on the DNS/DHCP server: their checksums, types and modes are the "before" of teardown
DCSRV_CONFIG_DIRS = ("/etc/unbound", "/etc/kea")

# site.yml's inputs for this lab (besides playbooks/inventory/sample): the demo's vars
SITE_VARS = {
    "vpc_access_solution": "cloud_route",
    "vpc_access_userspace_esp": True,        # no ESP in this kernel: strongSwan's userspace ESP on the gateway
    "vpc_access_tunnel_timeout": 60,
    "vpc_access_dhcp_dns_servers": [DCSRV_IP],   # clients ask the on-prem resolver, which forwards through the tunnel
    "vpc_access_vpn_gateway_lan_ip": DCGW_LAN_IP,  # option 121: the cloud ranges via the DC gateway
    "vpc_access_dhcp_scopes": [{"subnet": "192.10.0.0/16"}],
}

# the cloud DNS stand-in: answers EDS_NAME, NXDOMAIN for other names, and logs who asked which address
STUB_DNS = """\
import selectors, socket, sys
import dns.message, dns.rcode, dns.rdatatype, dns.rrset
name, answer = sys.argv[1].rstrip(".") + ".", sys.argv[2]
sel = selectors.DefaultSelector()
for addr in sys.argv[3:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    sel.register(s, selectors.EVENT_READ)
print("listening", flush=True)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        data, peer = s.recvfrom(4096)
        q = dns.message.from_wire(data)
        r = dns.message.make_response(q)
        qname, qtype = q.question[0].name.to_text(), q.question[0].rdtype
        if qname == name and qtype == dns.rdatatype.A:
            r.answer.append(dns.rrset.from_text(qname, 60, "IN", "A", answer))
        elif qname != name:
            r.set_rcode(dns.rcode.NXDOMAIN)
        print("query %s %s from %s to %s" % (qname, dns.rdatatype.to_text(qtype), peer[0], s.getsockname()[0]), flush=True)
        s.sendto(r.to_wire(), peer)
"""

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
        self.started = False

    def start(self):
        self.started = True
        # the host's name server is unreachable from the lab: a lookup of the container's own name (fact gathering,
        # daemons' checkers) would wait seconds for it; the host resolves through its own server, like a DNS host
        run("podman", "run", "-d", "--name", self.name, "--hostname", self.name, "--network", "ns:/run/netns/" + self.ns.name,
            "--dns", "127.0.0.1", "--add-host", "%s:127.0.1.1" % self.name,
            "--systemd=always", "--cap-add", "NET_ADMIN,NET_RAW", image(), "/sbin/init")
        return self

    def wait_booted(self, timeout=60):
        wait_until(lambda: self.exec("systemctl", "is-system-running", check=False).stdout.strip() in ("running", "degraded"),
                   timeout, 0.2, "systemd in %s" % self.name)

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

    def remove(self):
        if self.started:
            run("podman", "rm", "-f", "-t", "0", self.name, check=False)
            self.started = False


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


class SeedLab:
    """The namespaces, links, the DNS/DHCP container and the daemons of the whole path (see the module docstring)."""

    def __init__(self, lab, workdir):
        self.lab = lab
        self.workdir = workdir
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
        self.dc_charon = Charon(self.dcgw, os.path.join(workdir, "dcgw"), userspace_esp=True)
        self.cloud_charon = Charon(self.cloud, os.path.join(workdir, "cloud"), userspace_esp=True)
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
                "dcgw": local_snapshot([charon.swanctl_dir, charon.strongswan_dir, charon.conf])}

    def inventory(self, connection, key_file, control_dir):
        """The test inventory: the gateway on the local connection, the DNS/DHCP server over `connection`."""
        charon = self.dc_charon
        server = self.dcsrv.ssh_inventory(key_file, control_dir) if connection == "ssh" else self.dcsrv.podman_inventory()
        server.update(ansible_python_interpreter="/usr/bin/python3", vpc_access_dns_query_address=DCSRV_IP)
        gateway = {
            "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
            "ipsec_peer_swanctl_dir": charon.swanctl_dir, "ipsec_peer_strongswan_dir": charon.strongswan_dir,
            "ipsec_peer_vici_uri": charon.uri, "ipsec_peer_install_packages": False, "ipsec_peer_manage_service": False,
            # dead-peer detection every second: the slave takes over within seconds when the master's path goes
            "ipsec_peer_dpd_delay": 1,
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
        self.cloud_charon.write("alicloud-mirror.conf", cloud_swanctl_conf(peer_config, extra_local_subnets=["100.64.0.0/10"]))
        self.cloud_charon.start().load()

    def add_tunnel_addresses(self, peer_config):
        """One link per tunnel address of the VPN gateway, each with its own route back to the data center."""
        for metric, tunnel in enumerate(peer_config["tunnels"], start=1):
            ifname = "wan-%s" % tunnel["role"][0]
            self.wan.attach(self.cloud, ifname, tunnel["remote"] + "/32")
            self.cloud.ip("route", "add", DC_PUBLIC_IP + "/32", "dev", ifname, "src", tunnel["remote"], "metric", str(metric))
            self.dcgw.route(tunnel["remote"] + "/32", dev="wan0")
            self.tunnel_links[tunnel["role"]] = ifname

    def start_cloud_dns(self):
        script = os.path.join(self.workdir, "stub_dns.py")
        with open(script, "w", encoding="utf-8") as f:
            f.write(STUB_DNS)
        self.cloud_dns = self.cloud_dns_ns.start(python(), script, EDS_NAME, EDS_ADDRESS, *CLOUD_DNS, log_name="clouddns.log")
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


def write_yaml(path, data):
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(data, f, default_flow_style=False)
    return path


def ssh_key(workdir):
    """A throwaway ed25519 key for the test's ssh connection."""
    path = os.path.join(workdir, "id_ed25519")
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "eds-e2e", "-f", path)
    return path


def close_ssh_masters(control_dir):
    """Stop the ControlPersist master connections ansible left (each by its control socket)."""
    if not os.path.isdir(control_dir):
        return
    for name in os.listdir(control_dir):
        subprocess.run(["ssh", "-o", "ControlPath=" + os.path.join(control_dir, name), "-O", "exit", "dummy"],
                       capture_output=True, timeout=10, check=False)


class Timer:
    """Wall time per phase, printed as it goes (pytest shows it when the test fails)."""

    def __init__(self):
        self.start = time.monotonic()
        self.phases = []

    def phase(self, name, since):
        took = time.monotonic() - since
        self.phases.append((name, took))
        print("[%6.1f s] %-44s %5.1f s" % (time.monotonic() - self.start, name, took), flush=True)
        return time.monotonic()


def cloud_connection(url):
    """The VPN connection as the cloud holds it, read with the SDK (DescribeVpnConnections, DescribeCustomerGateway),
    in the shape cloud_swanctl_conf mirrors; None while there is none. Written independently of vpn_connection_info:
    the cloud stand-in must not inherit a mistake of the module whose output the gateway is configured from."""
    scheme, host = url.split("://", 1)
    client = VpcClient(openapi_models.Config(access_key_id="testid", access_key_secret="testsecret", region_id=REGION,
                                             endpoint=host, protocol=scheme))
    found = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(region_id=REGION)).body.to_map()
    connections = found["VpnConnections"]["VpnConnection"]
    if not connections:
        return None
    conn = connections[0]
    tunnels = []
    for option in conn["TunnelOptionsSpecification"]["TunnelOptions"]:
        cgw = client.describe_customer_gateway(vpc_models.DescribeCustomerGatewayRequest(
            region_id=REGION, customer_gateway_id=option["CustomerGatewayId"])).body.to_map()
        ike, esp = option["TunnelIkeConfig"], option["TunnelIpsecConfig"]
        # the cloud's LocalId/LocalSubnet are the data center's remote ones
        tunnels.append({
            "role": option["Role"], "local": cgw["IpAddress"], "remote": option["InternetIp"],
            "ike_config": {"ike_version": ike["IkeVersion"], "ike_enc_alg": ike["IkeEncAlg"], "ike_auth_alg": ike["IkeAuthAlg"],
                           "ike_pfs": ike["IkePfs"], "local_id": ike["RemoteId"], "remote_id": ike["LocalId"], "psk": ike["Psk"]},
            "ipsec_config": {"ipsec_enc_alg": esp["IpsecEncAlg"], "ipsec_auth_alg": esp["IpsecAuthAlg"], "ipsec_pfs": esp["IpsecPfs"]},
        })
    return {"name": conn["Name"], "local_subnets": conn["RemoteSubnet"].split(","),
            "remote_subnets": conn["LocalSubnet"].split(","), "tunnels": tunnels}


class CloudWatcher(threading.Thread):
    """Configures the cloud stand-in as soon as the emulator holds the connection, while site.yml runs: the cloud
    play creates it, and the gateway's play initiates the tunnels several tasks later."""

    def __init__(self, seed, url):
        super().__init__(daemon=True)
        self.seed = seed
        self.url = url
        self.peer = None
        self.error = None
        self.stop = threading.Event()
        self.took = None

    def run(self):
        try:
            while not self.stop.is_set():
                peer = cloud_connection(self.url)
                if peer:
                    started = time.monotonic()
                    self.seed.configure_cloud(peer)
                    self.took = time.monotonic() - started
                    self.peer = peer
                    return
                self.stop.wait(0.2)
        except Exception as exc:  # pylint: disable=broad-except  # reported by the test
            self.error = exc

    def finish(self):
        self.stop.set()
        self.join(30)
        if self.error:
            raise self.error
        return self.peer
