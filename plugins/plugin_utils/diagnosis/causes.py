# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Name the cause of a broken private access in plain words, with the fix, from what playbooks/diagnose.yml read on
both sides (the facts shape is documented in plugins/filter/vpc_access_diagnosis.yml).

The order of the checks is the order things depend on each other: the tunnel first (a DNS query to the cloud DNS
cannot work without it, so DNS and DHCP are only judged on their own when the tunnel is up), then routes, DNS, DHCP.
A failed tunnel is explained by the VPN gateway's own log first (what the cloud side saw: authentication failed,
no proposal chosen...), then by what the data-center gateway shows (a firewall rule, its traffic selectors).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.eds.vpc_access.plugins.plugin_utils.diagnosis import parsers

CLOUD_SERVICES = "100.64.0.0/10"

CAUSES = {
    "no_connection": ("there is no IPsec-VPN connection named {name}",
                      "run the site playbook (eds.vpc_access.site) with the same inputs"),
    "no_attachment": ("there is no IPsec-VPN attachment named {name} (vpc_access_attach_to=transit_router)",
                      "run the site playbook (eds.vpc_access.site) with the same inputs"),
    "not_attached": ("the IPsec-VPN attachment {attachment} is not attached to the transit router {router}",
                     "run the site playbook (it attaches it with cen_transit_router_vpn_attachment)"),
    "tr_route_table": ("the transit router attachment {tr_attachment} is {detail} the route table {table}: the "
                       "office network does not learn the data-center networks, or their traffic is not forwarded",
                       "run the site playbook (it associates the attachment with the route table and propagates "
                       "its routes to it)"),
    "udp_blocked": ("the tunnel is down: UDP 500/4500 between the data-center gateway and the VPN gateway is blocked",
                    "allow UDP 500 and 4500 both ways between {local} and {remote} (firewall of the data-center "
                    "gateway and every firewall on the path)"),
    "customer_gateway_ip": ("the tunnel is down: the customer gateway's IP {cgw} is not the address the data-center "
                            "gateway's packets come from ({seen}, a NAT in front of it)",
                            "set vpc_access_datacenter_public_ip to {seen} (the public address after NAT) and run "
                            "the site playbook"),
    "psk_mismatch": ("the tunnel is down: the pre-shared keys differ (phase 1 authentication failed)",
                     "give the data-center gateway the connection's key again (run the site playbook; with "
                     "vpc_access_psk set, the same value on both sides)"),
    "ike_proposal_mismatch": ("the tunnel is down: the IKE (phase 1) proposals do not match",
                              "use the same IKE version, encryption, integrity and DH group on both sides "
                              "(vpc_access_ike_config, then run the site playbook)"),
    "ipsec_proposal_mismatch": ("the tunnel is down: the IPsec (phase 2) proposals do not match",
                                "use the same ESP encryption, integrity and PFS group on both sides "
                                "(vpc_access_ipsec_config, then run the site playbook)"),
    "subnets_not_mirrored": ("the tunnel is down in phase 2: the data-center gateway's subnets do not mirror the "
                             "connection's ({detail})",
                             "the data-center gateway's local subnets must be the connection's remote subnets and "
                             "its remote subnets the connection's local ones: run the site playbook"),
    "tunnel_down": ("the tunnel is down: {detail}",
                    "read the connection's log (eds.vpc_access.vpn_connection_logs_info) and swanctl --list-sas "
                    "on the data-center gateway"),
    "vpn_route_missing": ("the data-center network {cidrs} has no VPN route published to the VPC",
                          "run the site playbook (it adds the VPN route with publish_vpc: true)"),
    "cen_route_missing": ("the data-center network {cidrs} is not published to CEN {cen} (the office network does "
                          "not learn it)",
                          "run the site playbook (cen_route_publish)"),
    "route_conflict": ("a VPC route sends data-center traffic elsewhere: {detail}",
                       "remove the conflicting route or make it more specific"),
    "cloud_services_not_routed": ("100.64.0.0/10 (the cloud DNS and EDS endpoints) is not routed into the tunnel: "
                                  "{detail}",
                                  "with vpc_access_solution=cloud_route the data-center gateway's remote "
                                  "subnets include 100.64.0.0/10 (ipsec_peer_route_cloud_services): run the site "
                                  "playbook"),
    "dns_not_forwarding": ("the DNS server {host} does not forward aliyuncs.com to the cloud DNS: {name} gets {detail}",
                           "forward aliyuncs.com to {servers} on {host} (the dns_forwarding role, run by the site "
                           "playbook)"),
    "dns_wrong_answer": ("the DNS server {host} answers {name} from the wrong place: {detail} is not a private "
                         "address of the cloud (100.64.0.0/10)",
                         "forward aliyuncs.com to {servers} only (forward_only), not to a public resolver"),
    "cname_not_resolving": ("the DNS server {host} does not resolve the CNAME {name}: {detail}",
                            "add {name} CNAME {target} (the dns_forwarding role with vpc_access_solution=cname)"),
    "dhcp_dns_missing": ("the DHCP server {host} does not hand out the DNS servers {servers} (option 6): {detail}",
                         "run the site playbook (the dhcp_options role) so that clients get {servers}"),
}


def finding(code, **values):
    title, fix = CAUSES[code]
    safe = dict((k, v if not isinstance(v, list) else ", ".join(map(str, v))) for k, v in values.items())
    return {"cause": code, "message": title.format(**safe), "fix": fix.format(**safe), "evidence": values}


def _log_cause(lines):
    """The cause the VPN gateway's log names (the latest attempt wins)."""
    for line in reversed(lines or []):
        if "AUTHENTICATION_FAILED" in line or "MAC mismatched" in line:
            return "psk_mismatch", line
        if "TS_UNACCEPTABLE" in line:
            return "subnets_not_mirrored", line
        if "NO_PROPOSAL_CHOSEN for CHILD_SA" in line:
            return "ipsec_proposal_mismatch", line
        if "no IKE config found" in line:
            return "customer_gateway_ip", line
        if "no acceptable IKE proposal" in line or "NO_PROPOSAL_CHOSEN" in line:
            return "ike_proposal_mismatch", line
        if "not responding" in line:
            return "udp_blocked", line
    return None, None


def _nets(values):
    out = []
    for value in values or []:
        try:
            out.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            continue
    return out


def _dc_children(gateways):
    for host, data in sorted((gateways or {}).items()):
        for name, conn in sorted(parsers.swanctl_conns(data.get("conns")).items()):
            for child_name, child in sorted(conn["children"].items()):
                yield host, name, conn, child_name, child


def _telemetry(conn):
    """A connection's tunnel telemetry (vpn_connection_info); an IPsec-VPN attachment (vpn_attachment_info) has
    none, only each tunnel's negotiation status (or its own, single tunnel): the same keys from those."""
    if conn.get("telemetry"):
        return conn["telemetry"]
    tunnels = conn.get("tunnels") or ([conn] if conn.get("status") else [])
    return [{"role": t.get("role"), "internet_ip": t.get("internet_ip"),
             "ipsec_sa_established": t.get("status") == "ipsec_sa_established"} for t in tunnels]


def tunnel_causes(facts):
    cloud = facts.get("cloud") or {}
    conn = cloud.get("connection")
    if not conn:
        code = "no_attachment" if cloud.get("transit_router") else "no_connection"
        return [finding(code, name=facts.get("name"))], False
    telemetry = _telemetry(conn)
    gateways = facts.get("gateways") or {}
    dc_up = any(ike.get("state") == "ESTABLISHED" and "INSTALLED" in ike["children"].values()
                for data in gateways.values() for ike in parsers.swanctl_sas(data.get("sas")).values())
    cloud_up = any(t.get("ipsec_sa_established") for t in telemetry)
    causes = []
    # the data-center gateway's traffic selectors against the connection's (the same subnets, mirrored)
    for host, name, _conn, child_name, child in _dc_children(gateways):
        if conn.get("routing_mode") == "destination":
            break
        # the ipsec_peer role adds 100.64.0.0/10 to the remote side for cloud_route (ipsec_peer_route_cloud_services)
        local_ok = set(child["local_ts"]) <= set(conn.get("remote_subnets") or [])
        remote_ok = set(child["remote_ts"]) - set([CLOUD_SERVICES]) <= set(conn.get("local_subnets") or [])
        if not (local_ok and remote_ok):
            causes.append(finding("subnets_not_mirrored", host=host, child=child_name, detail="%s on %s has "
                                  "local %s / remote %s, the connection remote %s / local %s" % (
                                      child_name, host, ", ".join(child["local_ts"]), ", ".join(child["remote_ts"]),
                                      ", ".join(conn.get("remote_subnets") or []),
                                      ", ".join(conn.get("local_subnets") or []))))
            break
    up = cloud_up or (dc_up and not telemetry)
    if up and not causes:
        return [], True
    if not causes:
        code, line = _log_cause(cloud.get("logs"))
        blocks = [(host, rule) for host, data in sorted(gateways.items())
                  for rule in parsers.nft_ike_blockers(data.get("nft"))]
        local = ", ".join(sorted(set(a for _h, _n, c, _cn, _ch in _dc_children(gateways) for a in c["local_addrs"]))) \
            or facts.get("datacenter_public_ip")
        remote = ", ".join(t.get("internet_ip") or "" for t in telemetry)
        if blocks:
            causes.append(finding("udp_blocked", local=local, remote=remote,
                                  rules=["%s: %s" % (h, r) for h, r in blocks]))
        elif code == "customer_gateway_ip":
            seen = line.split("received packet: from ", 1)[-1].split("[", 1)[0]
            causes.append(finding(code, cgw=facts.get("datacenter_public_ip"), seen=seen, log=line))
        elif code == "udp_blocked":
            causes.append(finding(code, local=local, remote=remote, log=line))
        elif code:
            causes.append(finding(code, detail=line, log=line))
        else:
            failed = [t.get("last_failure") for t in telemetry if t.get("last_failure")]
            causes.append(finding("tunnel_down", detail="; ".join(sorted(set(failed))) or
                                  "no IPsec SA on either side"))
    return causes, False


def route_causes(facts):
    cloud = facts.get("cloud") or {}
    conn = cloud.get("connection") or {}
    causes = []
    if cloud.get("vpn_routes_missing"):
        causes.append(finding("vpn_route_missing", cidrs=cloud["vpn_routes_missing"]))
    if cloud.get("cen_routes_missing"):
        causes.append(finding("cen_route_missing", cidrs=cloud["cen_routes_missing"], cen=cloud.get("cen_id")))
    causes += transit_router_causes(cloud)
    for item in (cloud.get("diagnosis") or {}).get("items") or []:
        if item.get("name") == "RouteEntryConflict" and item.get("level") != "normal":
            causes.append(finding("route_conflict", detail=item.get("description")))
    # cloud_route: the data-center gateway must send 100.64.0.0/10 (the cloud DNS, the EDS endpoints) into the tunnel
    if facts.get("solution") == "cloud_route" and conn and conn.get("routing_mode") != "destination":
        where = []
        for host, _name, _conn, child_name, child in _dc_children(facts.get("gateways")):
            if not any(n.subnet_of(ipaddress.ip_network(CLOUD_SERVICES)) or ipaddress.ip_network(CLOUD_SERVICES)
                       .subnet_of(n) for n in _nets(child["remote_ts"])):
                where.append("%s's %s does not send it into the tunnel" % (host, child_name))
        if where:
            causes.append(finding("cloud_services_not_routed", detail="; ".join(where)))
    return causes


def transit_router_causes(cloud):
    """vpc_access_attach_to=transit_router: the attachment is bound to the transit router, associated with its
    route table (forwarding) and propagated to it (the office network learns the data-center networks). Judged only
    when the transit router's attachments were read (cloud.transit_router.read)."""
    router = cloud.get("transit_router") or {}
    conn = cloud.get("connection") or {}
    if not router.get("read") or not conn:
        return []
    bound = router.get("attachment")
    if not bound:
        return [finding("not_attached", attachment=conn.get("vpn_connection_id"), router=router.get("id"))]
    table = router.get("route_table")
    missing = []
    if table and bound.get("route_table_association") != table:
        missing.append("not associated with")
    if table and table not in (bound.get("route_table_propagations") or []):
        missing.append("not propagated to")
    if missing:
        return [finding("tr_route_table", tr_attachment=bound.get("transit_router_attachment_id"),
                        detail=" and ".join(missing), table=table)]
    return []


def dns_causes(facts):
    causes = []
    servers = facts.get("cloud_dns_servers") or []
    for host, data in sorted((facts.get("dns") or {}).items()):
        answer = parsers.dig_answer(data.get("output"), data.get("rc"))
        name = data.get("name")
        if facts.get("solution") == "cname":
            target = facts.get("endpoint_host")
            if answer["error"] or (target and target not in answer["cnames"]):
                causes.append(finding("cname_not_resolving", host=host, name=name, target=target,
                                      detail=answer["error"] or "CNAME %s" % (answer["cnames"] or "missing")))
            continue
        if answer["error"]:
            causes.append(finding("dns_not_forwarding", host=host, name=name, servers=servers, detail=answer["error"]))
        elif not any(ipaddress.ip_address(a) in ipaddress.ip_network(CLOUD_SERVICES) for a in answer["addresses"]
                     if ":" not in a):
            causes.append(finding("dns_wrong_answer", host=host, name=name, servers=servers,
                                  detail=", ".join(answer["addresses"]) or "no address"))
    return causes


def dhcp_causes(facts):
    causes = []
    wanted = facts.get("dhcp_dns_servers") or facts.get("cloud_dns_servers") or []
    for host, data in sorted((facts.get("dhcp") or {}).items()):
        given = parsers.dhcp_dns_servers(data.get("files"))
        if given is None:
            continue
        missing = [s for s in wanted if s not in given]
        if missing:
            causes.append(finding("dhcp_dns_missing", host=host, servers=wanted,
                                  detail="it hands out %s" % (", ".join(given) or "no DNS server")))
    return causes


def _by_host(value):
    """[{host: name, ...}] (what each host of a play set) or {name: {...}} -> {name: {...}}."""
    if isinstance(value, list):
        return dict((item.get("host"), item) for item in value if isinstance(item, dict))
    return value or {}


def diagnose(facts):
    """facts -> {healthy, causes: [{cause, message, fix, evidence}], tunnel_up, notes}."""
    facts = dict(facts, **dict((key, _by_host(facts.get(key))) for key in ("gateways", "dns", "dhcp")))
    causes, tunnel_up = tunnel_causes(facts)
    notes = []
    if (facts.get("cloud") or {}).get("connection"):
        causes += route_causes(facts)
    if tunnel_up or facts.get("solution") == "cname":
        causes += dns_causes(facts)
    elif facts.get("dns"):
        notes.append("DNS through the tunnel not judged: the tunnel is down")
    if facts.get("solution") == "cloud_route":
        causes += dhcp_causes(facts)
    return {"healthy": not causes, "causes": causes, "tunnel_up": tunnel_up, "notes": notes}


def report_text(result):
    if result["healthy"]:
        lines = ["healthy: the tunnel is up and every check passed"]
    else:
        lines = ["%d problem(s):" % len(result["causes"])]
        for number, cause in enumerate(result["causes"], 1):
            lines.append("%d. %s" % (number, cause["message"]))
            lines.append("   fix: %s" % cause["fix"])
    lines.extend("note: %s" % note for note in result["notes"])
    return "\n".join(lines)
