# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology graph (node ids are the SVG's titles) and its plain-text summary."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.topology.drawing import GREEN, RED, graph, summary

TOPOLOGY = {
    "name": "eds-dc1", "region": "cn-shanghai",
    "office_network": {"id": "cn-shanghai+dir-1", "name": "office", "vpc_id": "vpc-office", "cidr": "172.16.0.0/12"},
    "user_vpc": {"id": "vpc-user", "cidrs": ["192.168.0.0/16"]},
    "cen": {"id": "cen-1"},
    "vpn_gateway": {"id": "vpn-1", "status": "active"},
    "connection": {"id": "vco-1", "local_subnets": ["192.168.0.0/16"], "remote_subnets": ["192.10.0.0/16"],
                   "tunnels": [{"role": "master", "internet_ip": "47.0.0.1", "status": "ipsec_sa_established"},
                               {"role": "slave", "internet_ip": "47.0.0.2", "status": "ike_sa_not_established"}]},
    "customer_gateway": {"id": "cgw-1", "ip": "203.0.113.154"},
    "datacenter": {"cidrs": ["192.10.0.0/16"], "gateways": ["dcgw"]},
    "dns": {"solution": "cloud_route", "servers": ["dcsrv"], "cloud_dns_servers": ["100.100.2.136"], "dhcp": True},
}


def test_cloud_route_topology():
    drawn = graph(TOPOLOGY)
    assert [n[0] for n in drawn["nodes"]] == ["office_network", "user_vpc", "cen", "vpn_gateway", "customer_gateway",
                                              "datacenter", "cloud_dns", "dns_dcsrv"]
    tunnels = [e for e in drawn["edges"] if e[:2] == ("vpn_gateway", "customer_gateway")]
    assert [(e[2].split()[0], e[3]) for e in tunnels] == [("master", GREEN), ("slave", RED)]
    assert ("dns_dcsrv", "cloud_dns", "forward aliyuncs.com", drawn["edges"][-1][3]) == drawn["edges"][-1]
    text = summary(TOPOLOGY, drawn)
    assert "vpn_gateway -> customer_gateway: slave 47.0.0.2 ike_sa_not_established" in text
    assert "connection vco-1: local 192.168.0.0/16 <-> remote 192.10.0.0/16" in text
    assert text.endswith("problems: none found\n")


def test_cname_without_cen_or_connection():
    drawn = graph({"dns": {"solution": "cname", "servers": ["ns1"], "cname": "private.wuying.com",
                           "endpoint": "dir-1.ecd-vpc.example"}, "problems": ["psk_mismatch"]})
    ids = [n[0] for n in drawn["nodes"]]
    assert "cen" not in ids and "office_network" not in ids and "private_endpoint" in ids
    assert ("vpn_gateway", "customer_gateway", "no IPsec connection", RED) in drawn["edges"]
    assert ("dns_ns1", "private_endpoint") in [e[:2] for e in drawn["edges"]]
    assert "problems: psk_mismatch" in summary({"problems": ["psk_mismatch"]}, drawn)


def test_transit_router_replaces_the_vpn_gateway():
    """vpc_access_attach_to=transit_router: the tunnels end on the transit router, the summary names the attachment."""
    topology = dict(TOPOLOGY, vpn_gateway={"id": "", "status": "not found"},
                    transit_router={"id": "tr-1", "attachment_id": "tr-attach-1"},
                    connection={"id": "vco-att", "local_subnets": ["172.16.0.0/12"], "remote_subnets": ["10.1.0.0/16"],
                                "tunnels": [{"role": "master", "internet_ip": "47.0.0.1",
                                             "status": "ipsec_sa_established"},
                                            {"role": "slave", "internet_ip": "47.0.0.2", "status": None}]})
    drawn = graph(topology)
    ids = [n[0] for n in drawn["nodes"]]
    assert "vpn_gateway" not in ids and ids[:5] == ["office_network", "user_vpc", "cen", "transit_router",
                                                    "customer_gateway"]
    label = dict((n[0], n[1]) for n in drawn["nodes"])["transit_router"]
    assert label.split("\n") == ["transit router", "tr-1", "VPN attachment vco-att", "tr-attach-1"]
    assert ("transit_router", "cen", "attached", drawn["edges"][2][3]) == drawn["edges"][2]
    tunnels = [e for e in drawn["edges"] if e[:2] == ("transit_router", "customer_gateway")]
    assert [(e[2], e[3]) for e in tunnels] == [("master 47.0.0.1\nipsec_sa_established", GREEN),
                                               ("slave 47.0.0.2\nunknown", RED)]
    assert all("vpn_gateway" not in e[:2] for e in drawn["edges"])
    text = summary(topology, drawn)
    assert "vpn attachment vco-att: local 172.16.0.0/12 <-> remote 10.1.0.0/16" in text
    assert "connection vco-att" not in text
    assert "transit_router -> customer_gateway: master 47.0.0.1 ipsec_sa_established" in text


def test_transit_router_without_an_attachment_yet():
    drawn = graph({"transit_router": {"id": "tr-1"}})
    assert ("transit_router", "customer_gateway", "no VPN attachment", RED) in drawn["edges"]
    assert "vpn attachment -: local - <-> remote -" in summary({"transit_router": {"id": "tr-1"}}, drawn)


def test_an_empty_transit_router_keeps_the_vpn_gateway_drawing():
    """The gateway path passes transit_router with an empty id: the same graph and summary as without it."""
    drawn = graph(TOPOLOGY)
    with_empty = dict(TOPOLOGY, transit_router={"id": "", "attachment_id": ""})
    assert graph(with_empty) == drawn
    assert summary(with_empty, graph(with_empty)) == summary(TOPOLOGY, drawn)
