"""The lab's fixed plan: names and addresses, the data center's servers as they were before any playbook, and
site.yml's inputs (the extra vars besides playbooks/inventory/sample)."""

import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
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
# the credentials the emulator accepts (docs/emulator.md); the modules read them from the environment
CREDENTIALS = {"ALICLOUD_ACCESS_KEY": "testid", "ALICLOUD_SECRET_KEY": "testsecret"}

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

# site.yml's inputs for this lab (besides playbooks/inventory/sample)
SITE_VARS = {
    "vpc_access_solution": "cloud_route",
    "vpc_access_userspace_esp": True,        # no ESP in this kernel: strongSwan's userspace ESP on the gateway
    "vpc_access_tunnel_timeout": 60,
    "vpc_access_dhcp_dns_servers": [DCSRV_IP],   # clients ask the on-prem resolver, which forwards through the tunnel
    "vpc_access_vpn_gateway_lan_ip": DCGW_LAN_IP,  # option 121: the cloud ranges via the DC gateway
    "vpc_access_dhcp_scopes": [{"subnet": "192.10.0.0/16"}],
}

# How the connection routes (site.yml's vpc_access_routing_mode), and what each way adds to SITE_VARS; the steps
# read ROUTE_BASED/BGP for what changes on the gateway and the cloud stand-in.
ROUTING_MODES = {
    "protected_flows": {},
    "destination": {"vpc_access_routing_mode": "destination"},
    "bgp": {"vpc_access_routing_mode": "bgp", "vpc_access_datacenter_asn": "65010"},
}
ROUTE_BASED = ("destination", "bgp")
# the cloud stand-in's BGP speaker: Alibaba's ASN, announcing the VPC
CLOUD_ASN = 45104
DC_ASN = 65010
VPC_CIDR = "192.168.0.0/16"
DC_CIDR = "192.10.0.0/16"
DEFAULT_ROUTING_MODE = "protected_flows"


def site_vars(routing_mode=DEFAULT_ROUTING_MODE):
    """site.yml's extra vars for this lab with the given routing mode."""
    if routing_mode not in ROUTING_MODES:
        raise ValueError("routing_mode must be one of %s, not %r" % (", ".join(sorted(ROUTING_MODES)), routing_mode))
    return dict(SITE_VARS, **ROUTING_MODES[routing_mode])
