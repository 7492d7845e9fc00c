# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology of a private access to EDS as a graph (nodes and edges with stable ids) and as plain text.

The graph is plain data, drawn by the topology_diagram module with graphviz; the node ids are the SVG's <title>s,
so a test (and a user's tooling) finds them again: office_network, user_vpc, cen, vpn_gateway (or transit_router),
customer_gateway, datacenter, dns_<host>, cloud_dns, private_endpoint.

A topology with a transit_router id (vpc_access_attach_to=transit_router, docs/site_playbook.md) has no VPN gateway:
its connection is an IPsec-VPN attachment of that transit router, drawn as the node transit_router in place of
vpn_gateway; without one, the drawing is the VPN gateway's, unchanged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

UP = "ipsec_sa_established"
GREEN, RED, GREY = "#2e7d32", "#c62828", "#616161"


def _join(values):
    return ", ".join(v for v in values or [] if v) or "-"


def graph(topology):
    """topology (the module's option) -> {"nodes": [(id, label, cluster)], "edges": [(tail, head, label, colour)]}."""
    nodes, edges = [], []
    office = topology.get("office_network") or {}
    vpc = topology.get("user_vpc") or {}
    cen = topology.get("cen") or {}
    gateway = topology.get("vpn_gateway") or {}
    router = topology.get("transit_router") or {}
    conn = topology.get("connection") or {}
    cgw = topology.get("customer_gateway") or {}
    dc = topology.get("datacenter") or {}
    dns = topology.get("dns") or {}
    if office:
        nodes.append(("office_network", "EDS office network\n%s\nVPC %s\n%s" % (
            office.get("name") or office.get("id") or "-", office.get("vpc_id") or "-", office.get("cidr") or "-"),
            "cloud"))
    nodes.append(("user_vpc", "user VPC\n%s\n%s" % (vpc.get("id") or "-", _join(vpc.get("cidrs"))), "cloud"))
    if cen.get("id"):
        nodes.append(("cen", "CEN / transit router\n%s" % cen["id"], "cloud"))
        if office:
            edges.append(("office_network", "cen", "attached", GREY))
        edges.append(("user_vpc", "cen", "routes %s" % _join(conn.get("remote_subnets")), GREY))
    if router.get("id"):
        # the tunnels end on the transit router, which reaches the VPCs through the CEN
        peer, missing = "transit_router", "no VPN attachment"
        nodes.append(("transit_router", "transit router\n%s\nVPN attachment %s\n%s" % (
            router["id"], conn.get("id") or "-", router.get("attachment_id") or "-"), "cloud"))
        if cen.get("id"):
            edges.append(("transit_router", "cen", "attached", GREY))
    else:
        peer, missing = "vpn_gateway", "no IPsec connection"
        nodes.append(("vpn_gateway", "VPN gateway\n%s\n%s" % (gateway.get("id") or "-", gateway.get("status") or "-"),
                      "cloud"))
        edges.append(("vpn_gateway", "user_vpc", "attached", GREY))
    nodes.append(("customer_gateway", "customer gateway\n%s\n%s" % (cgw.get("id") or "-", cgw.get("ip") or "-"),
                  "datacenter"))
    tunnels = conn.get("tunnels") or []
    for tunnel in tunnels:
        status = tunnel.get("status") or "unknown"
        edges.append((peer, "customer_gateway", "%s %s\n%s" % (
            tunnel.get("role") or "tunnel", tunnel.get("internet_ip") or "", status),
            GREEN if status == UP else RED))
    if not tunnels:
        edges.append((peer, "customer_gateway", missing, RED))
    nodes.append(("datacenter", "data-center networks\n%s" % _join(dc.get("cidrs")), "datacenter"))
    edges.append(("customer_gateway", "datacenter", _join(dc.get("gateways")), GREY))
    if dns.get("solution") == "cloud_route":
        nodes.append(("cloud_dns", "cloud DNS\n%s" % _join(dns.get("cloud_dns_servers")), "cloud"))
    if dns.get("solution") == "cname" and dns.get("endpoint"):
        nodes.append(("private_endpoint", "private endpoint\n%s" % dns["endpoint"], "cloud"))
    for host in dns.get("servers") or []:
        node = "dns_" + host
        nodes.append((node, "DNS server %s" % host, "datacenter"))
        edges.append(("datacenter", node, "DHCP option 6" if dns.get("dhcp") else "", GREY))
        if dns.get("solution") == "cloud_route":
            edges.append((node, "cloud_dns", "forward aliyuncs.com", GREY))
        elif dns.get("solution") == "cname" and dns.get("endpoint"):
            edges.append((node, "private_endpoint", "CNAME %s" % (dns.get("cname") or ""), GREY))
    return {"nodes": nodes, "edges": edges}


def summary(topology, drawn):
    """The plain-text summary written beside the SVG."""
    conn = topology.get("connection") or {}
    lines = ["topology of %s (%s)" % (topology.get("name") or "-", topology.get("region") or "-")]
    for node_id, label, cluster in drawn["nodes"]:
        lines.append("%-20s %-11s %s" % (node_id, cluster, label.replace("\n", " | ")))
    kind = "vpn attachment" if (topology.get("transit_router") or {}).get("id") else "connection"
    lines.append("%s %s: local %s <-> remote %s" % (
        kind, conn.get("id") or "-", _join(conn.get("local_subnets")), _join(conn.get("remote_subnets"))))
    for tail, head, label, _colour in drawn["edges"]:
        lines.append("%s -> %s%s" % (tail, head, (": " + label.replace("\n", " ")) if label else ""))
    problems = topology.get("problems") or []
    lines.append("problems: %s" % (_join(problems) if problems else "none found"))
    return "\n".join(lines) + "\n"


def dot_source(drawn, title, graphviz):
    """A graphviz.Digraph of the graph (graphviz is the imported Python package)."""
    dot = graphviz.Digraph("topology", graph_attr={"rankdir": "LR", "label": title, "labelloc": "t",
                                                   "fontname": "Helvetica"},
                           node_attr={"shape": "box", "style": "rounded", "fontname": "Helvetica"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "10"})
    for cluster, label in (("cloud", "Alibaba Cloud"), ("datacenter", "data center")):
        with dot.subgraph(name="cluster_" + cluster) as sub:
            sub.attr(label=label, style="dashed")
            for node_id, text, where in drawn["nodes"]:
                if where == cluster:
                    sub.node(node_id, text)
    for tail, head, label, colour in drawn["edges"]:
        dot.edge(tail, head, label=label, color=colour, fontcolor=colour)
    return dot
