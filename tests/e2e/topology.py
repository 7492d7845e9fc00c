"""The seed's network diagram built from namespaces (reusable: tests add hosts to the LAN and VPC switches).

    lan host 192.10.0.10 --[lan switch]-- dcgw 192.10.0.1
                                          dcgw wan-m 203.0.113.10 ==== cloud wan-m 47.0.0.10   (master tunnel)
                                          dcgw wan-s 198.51.100.10 === cloud wan-s 47.0.1.10   (slave tunnel, dual only)
    vpc host 192.168.0.10 --[vpc switch]-- cloud 192.168.0.1

The WAN links are point-to-point veth pairs with /32 addresses and host routes, so each tunnel has its own path
and taking one link down leaves only the other. Only the gateways forward. Every address exists only inside the
lab's namespaces.
"""

import copy

LAN_CIDR = "192.10.0.0/16"
VPC_CIDR = "192.168.0.0/16"


class WanLink:
    def __init__(self, role, dc_if, dc_ip, cloud_if, cloud_ip):
        self.role = role
        self.dc_if = dc_if
        self.dc_ip = dc_ip
        self.cloud_if = cloud_if
        self.cloud_ip = cloud_ip


class SeedTopology:
    """Namespaces: lan_host, dcgw, cloud, vpc_host (+ the lan/vpc switches); attributes hold names and addresses."""

    def __init__(self, lab, dual=True):
        self.lab = lab
        self.lan_switch = lab.switch("lan-sw")
        self.vpc_switch = lab.switch("vpc-sw")
        self.dcgw = lab.namespace("dcgw")
        self.cloud = lab.namespace("cloud")
        self.dcgw_lan_ip = "192.10.0.1"
        self.cloud_vpc_ip = "192.168.0.1"
        self.lan_switch.attach(self.dcgw, "lan0", self.dcgw_lan_ip + "/16")
        self.vpc_switch.attach(self.cloud, "vpc0", self.cloud_vpc_ip + "/16")
        # userspace ESP routes a local traffic selector only when the gateway has an address inside it: this one
        # lets the cloud side offer the cloud-service range 100.64.0.0/10 (seed solution 3)
        self.cloud.addr("lo", "100.64.0.1/32")
        self.wan = [WanLink("master", "wan-m", "203.0.113.10", "wan-m", "47.0.0.10")]
        if dual:
            self.wan.append(WanLink("slave", "wan-s", "198.51.100.10", "wan-s", "47.0.1.10"))
        for link in self.wan:
            lab.veth(self.dcgw, link.dc_if, self.cloud, link.cloud_if)
            self.dcgw.addr(link.dc_if, link.dc_ip + "/32")
            self.dcgw.route(link.cloud_ip + "/32", dev=link.dc_if, src=link.dc_ip)
            self.cloud.addr(link.cloud_if, link.cloud_ip + "/32")
            self.cloud.route(link.dc_ip + "/32", dev=link.cloud_if, src=link.cloud_ip)
        self.dcgw.forwarding()
        self.cloud.forwarding()
        self.lan_host = self.add_lan_host("lan-host", "192.10.0.10")
        self.vpc_host = self.add_vpc_host("vpc-host", "192.168.0.10")

    def add_lan_host(self, name, ip):
        """A host on the on-prem LAN (192.10.0.0/16), default route via the DC gateway."""
        ns = self.lab.namespace(name)
        self.lan_switch.attach(ns, "eth0", ip + "/16")
        ns.route("default", via=self.dcgw_lan_ip)
        return ns

    def add_vpc_host(self, name, ip, extra_addrs=()):
        """A host in the VPC (192.168.0.0/16), default route via the cloud gateway; extra_addrs (e.g. a cloud
        service address in 100.64.0.0/10) go on its loopback and are routed to it by the cloud gateway."""
        ns = self.lab.namespace(name)
        self.vpc_switch.attach(ns, "eth0", ip + "/16")
        ns.route("default", via=self.cloud_vpc_ip)
        for addr in extra_addrs:
            ns.addr("lo", addr + "/32")
            self.cloud.route(addr + "/32", via=ip)
        return ns

    def wan_link(self, role):
        return next(link for link in self.wan if link.role == role)

    def peer_config(self, template):
        """`template` (a peer_config) with this topology's tunnel addresses and IKE identities filled in."""
        config = copy.deepcopy(template)
        config["local_subnets"] = [LAN_CIDR]
        config["remote_subnets"] = [VPC_CIDR]
        config["tunnels"] = [t for t in config["tunnels"] if t["role"] in {link.role for link in self.wan}]
        for tunnel in config["tunnels"]:
            link = self.wan_link(tunnel["role"])
            tunnel["local"], tunnel["remote"] = link.dc_ip, link.cloud_ip
            tunnel["ike_config"]["local_id"], tunnel["ike_config"]["remote_id"] = link.dc_ip, link.cloud_ip
        return config
