"""The bad-input corpus: (case id, module or role, arguments, the option the message must name).

Module cases run against the emulator after one clean converge of the cloud half (so "immutable change" cases
meet real resources); role cases run in check mode on localhost and fail in argument_specs or the role's own
checks before touching anything. ``@GW``/``@CGW``/``@CONN`` are replaced by the ids of the converged resources.
"""

VPC = "vpc-uf6uservpc00000000001"
VSW_E, VSW_F = "vsw-uf6uservpc000000000e1", "vsw-uf6uservpc000000000f1"
GW_ARGS = {"name": "rel-site", "vpc_id": VPC, "vswitch_id": VSW_E, "disaster_recovery_vswitch_id": VSW_F, "bandwidth": 10}
IKE2 = {"version": "ikev2"}
TUNNEL = {"role": "master", "customer_gateway_id": "@CGW", "psk": "rel-corpus-psk"}
CONN_ARGS = {"name": "rel-corpus", "vpn_gateway_id": "@GW", "local_subnets": ["192.168.0.0/16"],
             "remote_subnets": ["192.10.0.0/16"],
             "tunnels": [TUNNEL, dict(TUNNEL, role="slave")]}


# Cases a module gets wrong today: strict xfail, so the day it is fixed the suite says "remove me".
KNOWN_GAPS = {}


def conn(**changes):
    args = dict(CONN_ARGS)
    args.update(changes)
    return args


def tunnels(**changes):
    return [dict(TUNNEL, **changes), dict(TUNNEL, role="slave", **changes)]


PEER_TUNNEL = {"role": "master", "customer_gateway_ip": "203.0.113.10",
               "ike_config": {"psk": "rel-corpus-psk", "local_id": "47.100.0.1", "remote_id": "203.0.113.10"}}
PEER_CONN = {"name": "rel", "local_subnets": ["192.10.0.0/16"], "remote_subnets": ["192.168.0.0/16"],
             "tunnels": [PEER_TUNNEL]}

MODULE_CASES = [
    # vpn_gateway: enums, types, ranges, required, immutable
    ("gw-bandwidth-enum", "vpn_gateway", dict(GW_ARGS, name="rel-x", bandwidth=7), "bandwidth"),
    ("gw-bandwidth-type", "vpn_gateway", dict(GW_ARGS, name="rel-x", bandwidth="ten"), "bandwidth"),
    ("gw-network-type", "vpn_gateway", dict(GW_ARGS, name="rel-x", network_type="internal"), "network_type"),
    ("gw-missing-vpc", "vpn_gateway", {"name": "rel-x", "bandwidth": 10}, "vpc_id"),
    ("gw-charge-type", "vpn_gateway", dict(GW_ARGS, name="rel-x", instance_charge_type="MONTHLY"), "instance_charge_type"),
    ("gw-prepay-period", "vpn_gateway", dict(GW_ARGS, name="rel-x", instance_charge_type="PREPAY", period=13), "period"),
    ("gw-ssl-connections", "vpn_gateway", dict(GW_ARGS, name="rel-x", enable_ssl=True, ssl_connections=7), "ssl_connections"),
    ("gw-name-rule", "vpn_gateway", dict(GW_ARGS, name="1-starts-with-digit"), "name"),
    ("gw-state-enum", "vpn_gateway", dict(GW_ARGS, state="gone"), "state"),
    ("gw-private-bandwidth", "vpn_gateway", dict(GW_ARGS, name="rel-x", network_type="private", bandwidth=10), "bandwidth"),
    ("gw-unknown-option", "vpn_gateway", dict(GW_ARGS, bandwith=10), "bandwith"),
    ("gw-tags-type", "vpn_gateway", dict(GW_ARGS, tags=[1, 2]), "tags"),
    ("gw-immutable-bandwidth", "vpn_gateway", dict(GW_ARGS, bandwidth=20), "bandwidth"),
    ("gw-immutable-vswitch", "vpn_gateway", dict(GW_ARGS, vswitch_id=VSW_F, disaster_recovery_vswitch_id=VSW_E), "vswitch_id"),
    # customer_gateway: IP ranges, ASN, BGP auth key, immutable
    ("cgw-ip-octet", "customer_gateway", {"name": "rel-x", "ip_address": "300.1.1.1"}, "ip_address"),
    ("cgw-ip-cgnat", "customer_gateway", {"name": "rel-x", "ip_address": "100.64.1.1"}, "ip_address"),
    ("cgw-ip-loopback", "customer_gateway", {"name": "rel-x", "ip_address": "127.0.0.1"}, "ip_address"),
    ("cgw-ip-multicast", "customer_gateway", {"name": "rel-x", "ip_address": "224.0.0.5"}, "ip_address"),
    ("cgw-ip-cidr", "customer_gateway", {"name": "rel-x", "ip_address": "203.0.113.0/24"}, "ip_address"),
    ("cgw-asn-reserved", "customer_gateway", {"ip_address": "203.0.113.20", "asn": "45104"}, "asn"),
    ("cgw-asn-too-big", "customer_gateway", {"ip_address": "203.0.113.20", "asn": "4294967296"}, "asn"),
    ("cgw-asn-asdot", "customer_gateway", {"ip_address": "203.0.113.20", "asn": "65536.1"}, "asn"),
    ("cgw-asn-text", "customer_gateway", {"ip_address": "203.0.113.20", "asn": "abc"}, "asn"),
    ("cgw-auth-key-space", "customer_gateway", {"ip_address": "203.0.113.20", "auth_key": "has space"}, "auth_key"),
    ("cgw-auth-key-long", "customer_gateway", {"ip_address": "203.0.113.20", "auth_key": "k" * 65}, "auth_key"),
    ("cgw-auth-key-question", "customer_gateway", {"ip_address": "203.0.113.20", "auth_key": "what?"}, "auth_key"),
    ("cgw-missing-key", "customer_gateway", {"name": "rel-x"}, "ip_address"),
    ("cgw-network-type", "customer_gateway", {"ip_address": "203.0.113.20", "network_type": "vpc"}, "network_type"),
    ("cgw-immutable-asn", "customer_gateway", {"name": "rel-site", "ip_address": "203.0.113.10", "asn": "65020"}, "asn"),
    # vpn_connection: CIDRs, conflicts, PSK, IKE version vs CIDR count, tunnels, BGP, health check
    ("vco-local-prefix", "vpn_connection", conn(local_subnets=["192.168.0.0/33"]), "local_subnets"),
    ("vco-remote-text", "vpn_connection", conn(remote_subnets=["not-a-cidr"]), "remote_subnets"),
    ("vco-subnet-conflict", "vpn_connection", conn(local_subnets=["192.10.0.0/24"]), "subnets"),
    ("vco-ikev1-many-cidrs", "vpn_connection",
     conn(local_subnets=["172.16.0.0/12", "192.168.0.0/16"], tunnels=tunnels(ike_config={"version": "ikev1"})),
     "ike_config.version"),
    ("vco-psk-long", "vpn_connection", conn(tunnels=tunnels(psk="p" * 101)), "psk"),
    ("vco-psk-space", "vpn_connection", conn(tunnels=tunnels(psk="with space")), "psk"),
    ("vco-ike-enc-enum", "vpn_connection", conn(tunnels=tunnels(ike_config={"enc_alg": "rc4"})), "enc_alg"),
    ("vco-ike-lifetime", "vpn_connection", conn(tunnels=tunnels(ike_config={"lifetime": 86401})), "lifetime"),
    ("vco-one-tunnel", "vpn_connection", conn(tunnels=[TUNNEL]), "tunnels"),
    ("vco-two-masters", "vpn_connection", conn(tunnels=[TUNNEL, TUNNEL]), "role"),
    ("vco-role-enum", "vpn_connection", conn(tunnels=[dict(TUNNEL, role="primary"), dict(TUNNEL, role="slave")]), "role"),
    ("vco-bgp-tunnel-cidr", "vpn_connection",
     conn(tunnels=tunnels(bgp={"enabled": True, "tunnel_cidr": "10.0.0.0/30", "local_bgp_ip": "10.0.0.1"})), "tunnel_cidr"),
    ("vco-bgp-asn", "vpn_connection",
     conn(tunnels=[dict(TUNNEL, bgp={"enabled": True, "local_asn": "4294967296", "tunnel_cidr": "169.254.10.0/30",
                                     "local_bgp_ip": "169.254.10.1"}),
                   dict(TUNNEL, role="slave", bgp={"enabled": True, "local_asn": "4294967296", "tunnel_cidr": "169.254.20.0/30",
                                                   "local_bgp_ip": "169.254.20.1"})]), "local_asn"),
    ("vco-health-interval", "vpn_connection",
     conn(health_check={"enabled": True, "interval": 0, "source_ip": "192.168.1.1", "destination_ip": "192.10.0.1"}),
     "interval"),
    ("vco-routing-mode", "vpn_connection", conn(routing_mode="bgp"), "routing_mode"),
    ("vco-missing-gateway", "vpn_connection", {k: v for k, v in CONN_ARGS.items() if k != "vpn_gateway_id"}, "vpn_gateway_id"),
    ("vco-subnets-type", "vpn_connection", conn(local_subnets={"a": 1}), "local_subnets"),
    ("vco-quota-zero", "vpn_connection", conn(quotas={"connections_per_gateway": 0}), "quotas.connections_per_gateway"),
    ("vco-quota-type", "vpn_connection", conn(quotas={"subnets_per_connection": "six"}), "subnets_per_connection"),
    ("cgw-quota-negative", "customer_gateway", {"ip_address": "203.0.113.20", "quotas": {"customer_gateways_per_region": -1}},
     "quotas.customer_gateways_per_region"),
    ("vpnrt-quota-unknown", "vpn_route_entry", {"vpn_gateway_id": "@GW", "route_dest": "10.9.0.0/16", "next_hop": "@CONN",
                                                "quotas": {"connections_per_gateway": 30}}, "quotas.connections_per_gateway"),
    # routes
    ("vrte-prefix", "vpc_route_entry", {"vpc_id": VPC, "destination_cidr_block": "192.10.0.0/40", "next_hop_id": "@GW"},
     "destination_cidr_block"),
    ("vrte-next-hop-type", "vpc_route_entry",
     {"vpc_id": VPC, "destination_cidr_block": "192.10.0.0/16", "next_hop_type": "Bogus", "next_hop_id": "@GW"}, "next_hop_type"),
    ("vrte-missing-dest", "vpc_route_entry", {"vpc_id": VPC, "next_hop_id": "@GW"}, "destination_cidr_block"),
    ("vrte-no-table", "vpc_route_entry", {"destination_cidr_block": "192.10.0.0/16", "next_hop_id": "@GW"}, "vpc_id"),
    ("cen-missing-id", "cen_route_publish", {"child_instance_id": VPC, "destination_cidr_block": "192.10.0.0/16"}, "cen_id"),
    ("cen-dest-text", "cen_route_publish",
     {"cen_id": "cen-sampleplan000000001", "child_instance_id": VPC, "destination_cidr_block": "x"}, "destination_cidr_block"),
    ("vpnrt-weight", "vpn_route_entry", {"vpn_gateway_id": "@GW", "route_dest": "192.10.0.0/16", "next_hop": "@CONN", "weight": 50},
     "weight"),
    ("vpnrt-dest", "vpn_route_entry", {"vpn_gateway_id": "@GW", "route_dest": "1.2.3.4/99", "next_hop": "@CONN"}, "route_dest"),
    ("vpnrt-missing-hop", "vpn_route_entry", {"vpn_gateway_id": "@GW", "route_dest": "192.10.0.0/16"}, "next_hop"),
    ("pbr-source", "vpn_pbr_route_entry",
     {"vpn_gateway_id": "@GW", "route_source": "192.168.0.0/99", "route_dest": "192.10.0.0/16", "next_hop": "@CONN"},
     "route_source"),
    ("pbr-priority", "vpn_pbr_route_entry",
     {"vpn_gateway_id": "@GW", "route_source": "192.168.0.0/16", "route_dest": "192.10.0.0/16", "next_hop": "@CONN",
      "priority": 101}, "priority"),
    # planning and _info modules
    ("plan-conflict", "cidr_plan", {"office_network_cidr": "172.16.0.0/12", "datacenter_cidrs": ["172.16.5.0/24"]},
     "datacenter_cidrs"),
    ("plan-office-text", "cidr_plan", {"office_network_cidr": "office", "datacenter_cidrs": ["192.10.0.0/16"]},
     "office_network_cidr"),
    ("plan-missing-dc", "cidr_plan", {"office_network_cidr": "172.16.0.0/12"}, "datacenter_cidrs"),
    ("gwinfo-status", "vpn_gateway_info", {"status": "running"}, "status"),
    ("cgwinfo-unknown", "customer_gateway_info", {"ip": "203.0.113.10"}, "ip"),
    ("vcoinfo-type", "vpn_connection_info", {"peer_config": "maybe"}, "peer_config"),
    ("office-ids-type", "office_network_info", {"office_site_ids": {"a": 1}}, "office_site_ids"),
    # diagnostics
    ("logs-period", "vpn_connection_logs_info", {"vpn_connection_id": "@CONN", "minute_period": 11}, "minute_period"),
    ("logs-window", "vpn_connection_logs_info", {"vpn_connection_id": "@CONN", "from_time": 1671003744,
                                                 "to_time": 1671009999}, "to_time"),
    ("diag-private", "vpn_gateway_diagnose", {"vpn_gateway_id": "@GW", "vpn_connection_id": "@CONN",
                                              "private_source_ip": "192.168.1.10"}, "private_destination_ip"),
    ("topo-dir", "topology_diagram", {"topology": {}, "path": "/nonexistent-eds-dir/topology.svg"}, "path"),
    ("topo-diagrams-dir", "topology_diagram", {"diagrams": [{"topology": {}, "path": "/nonexistent-eds-dir/a.svg"}]},
     "diagrams"),
]

ROLE_CASES = [
    ("dns-backend", "dns_forwarding", {"dns_forwarding_backend": "powerdns"}, "dns_forwarding_backend"),
    ("dns-state", "dns_forwarding", {"dns_forwarding_state": "gone"}, "dns_forwarding_state"),
    ("dns-zone-name", "dns_forwarding", {"dns_forwarding_zones": [{"forwarders": ["100.100.2.136"]}]}, "name"),
    ("dns-zone-forwarders", "dns_forwarding", {"dns_forwarding_zones": [{"name": "wuying.com"}]}, "forwarders"),
    ("dns-record-type", "dns_forwarding",
     {"dns_forwarding_records": [{"name": "a.example", "type": "MX", "value": "x"}]}, "type"),
    ("dns-install-type", "dns_forwarding", {"dns_forwarding_install": "perhaps"}, "dns_forwarding_install"),
    ("dhcp-backend", "dhcp_options", {"dhcp_options_backend": "isc"}, "dhcp_options_backend"),
    ("dhcp-dns-mode", "dhcp_options", {"dhcp_options_dns_mode": "append"}, "dhcp_options_dns_mode"),
    ("dhcp-scopes-type", "dhcp_options", {"dhcp_options_scopes": "everything"}, "dhcp_options_scopes"),
    ("dhcp-state", "dhcp_options", {"dhcp_options_state": "off"}, "dhcp_options_state"),
    ("ipsec-state", "ipsec_peer", {"ipsec_peer_state": "off"}, "ipsec_peer_state"),
    ("ipsec-start-action", "ipsec_peer", {"ipsec_peer_start_action": "go", "ipsec_peer_connections": [PEER_CONN]},
     "ipsec_peer_start_action"),
    ("ipsec-dpd-delay", "ipsec_peer", {"ipsec_peer_dpd_delay": "soon", "ipsec_peer_connections": [PEER_CONN]},
     "ipsec_peer_dpd_delay"),
    ("ipsec-missing-tunnels", "ipsec_peer",
     {"ipsec_peer_connections": [{k: v for k, v in PEER_CONN.items() if k != "tunnels"}]}, "tunnels"),
    ("ipsec-tunnel-role", "ipsec_peer",
     {"ipsec_peer_connections": [dict(PEER_CONN, tunnels=[dict(PEER_TUNNEL, role="backup")])]}, "role"),
]
