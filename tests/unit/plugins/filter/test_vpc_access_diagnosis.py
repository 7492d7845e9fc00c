# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cause naming of diagnose.yml (filter vpc_access_diagnosis) and the readers of what the data-center tools print:
each fault gives its cause and no other, a healthy setup gives none, dig's retry noise is never an answer."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.eds.vpc_access.plugins.filter.vpc_access_diagnosis import (
    FilterModule, dig_answer, vpc_access_diagnosis)
from ansible_collections.eds.vpc_access.plugins.plugin_utils.diagnosis import parsers

# what `swanctl --list-conns` prints for one tunnel of the rendered configuration
CONN = """\
eds-dc1-{role}: IKEv2, no reauthentication, rekeying every 86400s, dpd delay 1s
  local:  203.0.113.154
  remote: {peer}
  local pre-shared key authentication:
    id: 203.0.113.154
  remote pre-shared key authentication:
    id: {peer}
  eds-dc1-{role}: TUNNEL, rekeying every 86400s, dpd action is restart
    local:  192.10.0.0/16
    remote: 100.64.0.0/10 192.168.0.0/16
"""
CONNS = CONN.format(role="master", peer="47.100.0.1") + CONN.format(role="slave", peer="47.100.0.2")
SAS_UP = """\
eds-dc1-master: #1, ESTABLISHED, IKEv2, 5f1b2c3d4e5f6a7b_i* 1a2b3c4d5e6f7a8b_r
  local  '203.0.113.154' @ 203.0.113.154[4500]
  remote '47.100.0.1' @ 47.100.0.1[4500]
  AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048
  established 12s ago, rekeying in 85000s
  eds-dc1-master: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-256/HMAC_SHA2_256_128/MODP_2048
    installed 12s ago, rekeying in 85000s, expires in 95000s
    in  c1d2e3f4,      0 bytes,     0 packets
    out c5d6e7f8,      0 bytes,     0 packets
    local  192.10.0.0/16
    remote 100.64.0.0/10 192.168.0.0/16
"""
SAS_CONNECTING = """\
eds-dc1-master: #3, CONNECTING, IKEv2, 5f1b2c3d4e5f6a7b_i* 0000000000000000_r
  local  '203.0.113.154' @ 203.0.113.154[500]
  remote '%any' @ 47.100.0.1[500]
"""
NFT_DROP_500 = json.dumps({"nftables": [
    {"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
    {"table": {"family": "inet", "name": "eds_fault", "handle": 1}},
    {"chain": {"family": "inet", "table": "eds_fault", "name": "output", "handle": 1, "type": "filter",
               "hook": "output", "prio": 0, "policy": "accept"}},
    {"rule": {"family": "inet", "table": "eds_fault", "chain": "output", "handle": 2, "expr": [
        {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": 500}},
        {"drop": None}]}}]})
NFT_ACCEPT_SET = json.dumps({"nftables": [
    {"rule": {"family": "inet", "table": "filter", "chain": "input", "expr": [
        {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}},
                   "right": {"set": [500, 4500]}}},
        {"accept": None}]}},
    {"rule": {"family": "inet", "table": "filter", "chain": "input", "expr": [
        {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 500}},
        {"drop": None}]}}]})
DIG_OK = """\
; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> +time=3 +tries=1 @192.10.0.53 ecd-vpc.cn-shanghai.aliyuncs.com A
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1

;; QUESTION SECTION:
;ecd-vpc.cn-shanghai.aliyuncs.com. IN	A

;; ANSWER SECTION:
ecd-vpc.cn-shanghai.aliyuncs.com. 60 IN	A	100.100.3.10

;; Query time: 3 msec
;; SERVER: 192.10.0.53#53(192.10.0.53) (UDP)
;; WHEN: Sun Dec 06 05:40:00 UTC 2026
;; MSG SIZE  rcvd: 77
"""
# what `dig +short` printed in the demo: the retry noise on the answer's stream
DIG_RETRY_THEN_ANSWER = DIG_OK.replace(";; Got answer:", ";; communications error to 192.10.0.53#53: timed out\n;; Got answer:")
DIG_TIMEOUT = """\
; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> +time=3 +tries=1 @192.10.0.53 ecd-vpc.cn-shanghai.aliyuncs.com A
;; global options: +cmd
;; communications error to 192.10.0.53#53: timed out
;; no servers could be reached
"""
DIG_SERVFAIL = DIG_OK.replace("status: NOERROR", "status: SERVFAIL").replace(
    ";; ANSWER SECTION:\necd-vpc.cn-shanghai.aliyuncs.com. 60 IN\tA\t100.100.3.10\n\n", "")
DIG_PUBLIC = DIG_OK.replace("100.100.3.10", "47.102.1.1")
DIG_CNAME = DIG_OK.replace("ecd-vpc.cn-shanghai.aliyuncs.com. 60 IN\tA\t100.100.3.10",
                           "private.wuying.com. 300 IN\tCNAME\tdir-1.ecd-vpc.cn-shanghai.aliyuncs.com.\n"
                           "dir-1.ecd-vpc.cn-shanghai.aliyuncs.com. 60 IN\tA\t100.100.3.11")
# what the dhcp_options role makes of Kea: an include inside the scope's option-data, the options in the drop-in
KEA = """\
{
"Dhcp4": {
    "subnet4": [ {
        "id": 1,
        "subnet": "192.10.0.0/16",
        "option-data": [ { "name": "routers", "data": "192.10.0.1" }
<?include "/etc/kea/eds-dhcp-options/192.10.0.0_16.json"?>
]
    } ]
}
}
"""
KEA_DROPIN = """\
// Ansible managed: eds.vpc_access.dhcp_options
// subnet 192.10.0.0/16
,
{"data": "192.10.0.53", "name": "domain-name-servers"},
{"code": 121, "csv-format": false, "data": "0A6440C0A800010C0A800000C0A8000100"}
"""
KEA_DROPIN_WITHOUT_DNS = "\n".join(l for l in KEA_DROPIN.splitlines() if "domain-name-servers" not in l) + "\n"
KEA_FILES = {"/etc/kea/kea-dhcp4.conf": KEA, "/etc/kea/eds-dhcp-options/192.10.0.0_16.json": KEA_DROPIN}


def telemetry(status):
    return [{"role": role, "tunnel_id": "tun-" + role, "internet_ip": ip, "status": status,
             "ipsec_sa_established": status == "ipsec_sa_established",
             "last_failure": "phase 1 (IKE SA) negotiation failed" if status == "ike_sa_not_established" else None}
            for role, ip in (("master", "47.100.0.1"), ("slave", "47.100.0.2"))]


def healthy():
    return {
        "name": "eds-dc1", "solution": "cloud_route", "datacenter_public_ip": "203.0.113.154",
        "cloud_dns_servers": ["100.100.2.136", "100.100.2.138"], "dhcp_dns_servers": ["192.10.0.53"],
        "cloud": {
            "connection": {"vpn_connection_id": "vco-1", "routing_mode": "protected_flows",
                           "local_subnets": ["100.64.0.0/10", "192.168.0.0/16"], "remote_subnets": ["192.10.0.0/16"],
                           "telemetry": telemetry("ipsec_sa_established")},
            "logs": ["2026-12-06 05:30:00 [IKE] <vco-1|tun-master> CHILD_SA established with SPIs"],
            "diagnosis": {"items": [{"name": "RouteEntryConflict", "level": "normal", "description": {}}]},
            "vpn_routes_missing": [], "cen_routes_missing": [], "cen_id": "cen-1"},
        "gateways": [{"host": "dcgw", "conns": CONNS, "sas": SAS_UP, "nft": ""}],
        "dns": [{"host": "dcsrv", "name": "ecd-vpc.cn-shanghai.aliyuncs.com", "output": DIG_OK, "rc": 0}],
        "dhcp": [{"host": "dcsrv", "files": dict(KEA_FILES)}],
    }


def down(facts, log_line, status="ike_sa_not_established"):
    facts["cloud"]["connection"]["telemetry"] = telemetry(status)
    facts["cloud"]["logs"] = ["2026-12-06 05:30:00 [IKE] <vco-1|tun-master> initiating IKE_SA to 203.0.113.154",
                              "2026-12-06 05:30:00 [IKE] <vco-1|tun-master> " + log_line]
    facts["gateways"][0]["sas"] = SAS_CONNECTING
    return facts


def causes(facts):
    return [c["cause"] for c in vpc_access_diagnosis(facts)["causes"]]


def test_healthy_setup_has_no_cause():
    result = vpc_access_diagnosis(healthy())
    assert result["healthy"] and result["tunnel_up"] and result["causes"] == []
    assert result["text"].startswith("healthy")


@pytest.mark.parametrize("line, status, cause", [
    ("authentication of '203.0.113.154' with pre-shared key failed: tried 1 shared key, MAC mismatched",
     "ike_sa_not_established", "psk_mismatch"),
    ("sending AUTHENTICATION_FAILED", "ike_sa_not_established", "psk_mismatch"),
    ("received proposals unacceptable: no acceptable IKE proposal, sending NO_PROPOSAL_CHOSEN",
     "ike_sa_not_established", "ike_proposal_mismatch"),
    ("no acceptable proposal found, sending NO_PROPOSAL_CHOSEN for CHILD_SA", "ipsec_sa_not_established",
     "ipsec_proposal_mismatch"),
    ("traffic selectors 192.168.0.0/16 === 10.99.0.0/16 unacceptable, sending TS_UNACCEPTABLE",
     "ipsec_sa_not_established", "subnets_not_mirrored"),
    ("retransmit 5 of request with message ID 0, giving up: peer 203.0.113.154 not responding",
     "ike_sa_not_established", "udp_blocked"),
    ("received packet: from 198.51.100.7[500] to 47.100.0.1[500]: no IKE config found for 47.100.0.1...198.51.100.7,"
     " sending NO_PROPOSAL_CHOSEN", "ike_sa_not_established", "customer_gateway_ip"),
])
def test_each_tunnel_failure_names_one_cause_from_the_gateway_log(line, status, cause):
    facts = down(healthy(), line, status)
    result = vpc_access_diagnosis(facts)
    assert [c["cause"] for c in result["causes"]] == [cause]
    assert not result["healthy"] and not result["tunnel_up"]
    # DNS through a tunnel that is down is not blamed on DNS
    assert "DNS through the tunnel not judged" in result["text"]


def test_nat_names_the_address_the_packets_come_from():
    facts = down(healthy(), "received packet: from 198.51.100.7[500] to 47.100.0.1[500]: no IKE config found for "
                            "47.100.0.1...198.51.100.7, sending NO_PROPOSAL_CHOSEN")
    cause = vpc_access_diagnosis(facts)["causes"][0]
    assert "198.51.100.7" in cause["message"] and "203.0.113.154" in cause["message"]
    assert "vpc_access_datacenter_public_ip to 198.51.100.7" in cause["fix"]


def test_a_firewall_rule_on_the_gateway_names_udp_blocked_with_the_rule():
    facts = down(healthy(), "retransmit 5 of request with message ID 0, giving up: peer 203.0.113.154 not responding")
    facts["gateways"][0]["nft"] = NFT_DROP_500
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "udp_blocked"
    assert cause["evidence"]["rules"] == ["dcgw: inet eds_fault output: udp dport 500 drop"]
    assert "47.100.0.1" in cause["fix"] and "203.0.113.154" in cause["fix"]


def test_a_chain_whose_policy_drops_ike_names_udp_blocked_with_the_chain():
    facts = down(healthy(), "retransmit 5 of request with message ID 0, giving up: peer 203.0.113.154 not responding")
    # what nft prints for a default-drop input chain that accepts SSH, ICMP, DNS but not IKE
    with open(os.path.join(os.path.dirname(__file__), "..", "plugin_utils", "fixtures", "nft", "closed.json"),
              encoding="utf-8") as f:
        facts["gateways"][0]["nft"] = f.read()
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "udp_blocked"
    assert cause["evidence"]["rules"] == ["dcgw: inet site_fw input: policy drop, no rule accepts udp 500/4500"]


def test_subnets_not_mirrored_seen_on_the_gateway_without_a_log():
    facts = down(healthy(), "initiating IKE_SA again", status="ipsec_sa_not_established")
    facts["gateways"][0]["conns"] = CONNS.replace("    local:  192.10.0.0/16", "    local:  10.99.0.0/16", 1)
    assert causes(facts) == ["subnets_not_mirrored"]


def test_unexplained_failure_says_which_phase():
    facts = down(healthy(), "initiating IKE_SA again")
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "tunnel_down" and "phase 1 (IKE SA) negotiation failed" in cause["message"]


def test_no_connection():
    facts = healthy()
    facts["cloud"]["connection"] = None
    assert causes(facts) == ["no_connection"]


def test_routes():
    facts = healthy()
    facts["cloud"]["vpn_routes_missing"] = ["192.10.0.0/16"]
    facts["cloud"]["cen_routes_missing"] = ["192.10.0.0/16"]
    facts["cloud"]["diagnosis"]["items"][0] = {"name": "RouteEntryConflict", "level": "error",
                                               "description": {"conflicts": [{"destination": "192.10.0.0/16"}]}}
    assert causes(facts) == ["vpn_route_missing", "cen_route_missing", "route_conflict"]


def test_cloud_services_not_routed_by_the_gateway():
    facts = healthy()
    # what site.yml builds: the connection's local subnets are the planned cloud CIDRs, the gateway adds 100.64/10
    facts["cloud"]["connection"]["local_subnets"] = ["172.16.0.0/12", "192.168.0.0/16"]
    assert causes(facts) == []
    facts["gateways"][0]["conns"] = CONNS.replace("remote: 100.64.0.0/10 192.168.0.0/16", "remote: 192.168.0.0/16")
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "cloud_services_not_routed"
    assert "dcgw's eds-dc1-master does not send it" in cause["message"]
    facts["solution"] = "custom_address"   # not needed then
    assert causes(facts) == []


@pytest.mark.parametrize("output, cause", [
    (DIG_TIMEOUT, "dns_not_forwarding"),
    (DIG_SERVFAIL, "dns_not_forwarding"),
    (DIG_PUBLIC, "dns_wrong_answer"),
    (DIG_OK, None),
    (DIG_RETRY_THEN_ANSWER, None),
])
def test_dns(output, cause):
    facts = healthy()
    facts["dns"][0]["output"] = output
    assert causes(facts) == ([cause] if cause else [])


def test_cname():
    facts = healthy()
    facts.update(solution="cname", endpoint_host="dir-1.ecd-vpc.cn-shanghai.aliyuncs.com")
    facts["dns"][0].update(name="private.wuying.com", output=DIG_CNAME)
    assert causes(facts) == []
    facts["dns"][0]["output"] = DIG_OK.replace("ecd-vpc.cn-shanghai.aliyuncs.com. 60", "private.wuying.com. 60")
    assert causes(facts) == ["cname_not_resolving"]


def test_dhcp_without_the_dns_servers():
    facts = healthy()
    facts["dhcp"][0]["files"]["/etc/kea/eds-dhcp-options/192.10.0.0_16.json"] = KEA_DROPIN_WITHOUT_DNS
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "dhcp_dns_missing" and "no DNS server" in cause["message"]


def test_dhcp_server_kinds():
    assert parsers.dhcp_dns_servers(KEA_FILES) == ["192.10.0.53"]
    inline = json.dumps({"Dhcp4": {"option-data": [{"code": 6, "data": "10.0.0.9, 10.0.0.8"}]}})
    assert parsers.dhcp_dns_servers({"/etc/kea/kea-dhcp4.conf": "# Kea\n" + inline}) == ["10.0.0.8", "10.0.0.9"]
    dhcpd = "option domain-name-servers 100.100.2.136, 100.100.2.138;\n"
    assert parsers.dhcp_dns_servers({"/etc/dhcp/dhcpd.conf": dhcpd}) == ["100.100.2.136", "100.100.2.138"]
    dnsmasq = "dhcp-option=tag:lan,option:dns-server,10.0.0.1\ndhcp-option=6,10.0.0.2\n"
    assert parsers.dhcp_dns_servers({"/etc/dnsmasq.d/eds.conf": dnsmasq}) == ["10.0.0.1", "10.0.0.2"]
    assert parsers.dhcp_dns_servers({"/etc/other.conf": "x"}) is None


def test_dig_answer_keeps_retry_noise_out_of_the_answer():
    answer = dig_answer(DIG_RETRY_THEN_ANSWER)
    assert answer["addresses"] == ["100.100.3.10"] and answer["server"] == "192.10.0.53" and answer["error"] is None
    failed = dig_answer(DIG_TIMEOUT, 9)
    assert failed["addresses"] == [] and failed["status"] is None
    assert failed["error"] == "no answer: communications error to 192.10.0.53#53: timed out"
    assert dig_answer("", 10)["error"] == "no answer (dig exited 10)"
    assert dig_answer(DIG_SERVFAIL)["error"] == "the server answered SERVFAIL"


def test_swanctl_readers():
    conns = parsers.swanctl_conns(CONNS)
    assert conns["eds-dc1-master"]["local_addrs"] == ["203.0.113.154"]
    assert conns["eds-dc1-slave"]["children"]["eds-dc1-slave"]["remote_ts"] == ["100.64.0.0/10", "192.168.0.0/16"]
    sas = parsers.swanctl_sas(SAS_UP + SAS_CONNECTING.replace("eds-dc1-master", "eds-dc1-slave"))
    assert sas["eds-dc1-master"] == {"state": "ESTABLISHED", "local": "203.0.113.154", "remote": "47.100.0.1",
                                     "children": {"eds-dc1-master": "INSTALLED"}}
    assert sas["eds-dc1-slave"]["state"] == "CONNECTING"


def test_nft_reader_only_blocks_udp_ike():
    assert parsers.nft_ike_blocks(NFT_DROP_500) == ["inet eds_fault output: udp dport 500 drop"]
    assert parsers.nft_ike_blocks(NFT_ACCEPT_SET) == []
    assert parsers.nft_ike_blocks("") == [] and parsers.nft_ike_blocks("not json") == []


def test_bad_input_and_registration():
    with pytest.raises(AnsibleFilterError, match="must be a dictionary"):
        vpc_access_diagnosis(["x"])
    assert set(FilterModule().filters()) == {"vpc_access_diagnosis", "dig_answer"}
    facts = healthy()
    before = copy.deepcopy(facts)
    vpc_access_diagnosis(facts)
    assert facts == before   # the input is not changed


def on_transit_router(facts, status="ipsec_sa_established", links=("vtb-sys", ["vtb-sys"])):
    """The same site with vpc_access_attach_to=transit_router: the connection is an IPsec-VPN attachment (its tunnels'
    status, no telemetry) bound to the transit router by a transit router attachment with these links."""
    conn = facts["cloud"]["connection"]
    conn.pop("telemetry")
    conn["tunnels"] = [{"role": role, "tunnel_id": "tun-" + role, "internet_ip": ip, "status": status}
                       for role, ip in (("master", "47.100.0.1"), ("slave", "47.100.0.2"))]
    facts["cloud"].update(diagnosis=None, transit_router={
        "id": "tr-1", "read": True, "route_table": "vtb-sys",
        "attachment": {"transit_router_attachment_id": "tr-attach-1", "vpn_id": "vco-1",
                       "route_table_association": links[0], "route_table_propagations": links[1]}})
    return facts


def test_attachment_healthy_from_its_tunnels_status():
    result = vpc_access_diagnosis(on_transit_router(healthy()))
    assert result["healthy"] and result["tunnel_up"], result["text"]


def test_attachment_tunnels_down_named_from_its_log():
    facts = on_transit_router(healthy(), status="ike_sa_not_established")
    facts["cloud"]["logs"] = ["2026-12-06 05:30:00 [IKE] <vco-1|tun-master> sending AUTHENTICATION_FAILED"]
    facts["gateways"][0]["sas"] = SAS_CONNECTING
    result = vpc_access_diagnosis(facts)
    assert causes(facts) == ["psk_mismatch"] and not result["tunnel_up"]


def test_attachment_one_tunnel_up_is_up():
    facts = on_transit_router(healthy(), status="ike_sa_not_established")
    facts["cloud"]["connection"]["tunnels"][1]["status"] = "ipsec_sa_established"
    assert vpc_access_diagnosis(facts)["tunnel_up"]


def test_no_attachment():
    facts = on_transit_router(healthy())
    facts["cloud"]["connection"] = None
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "no_attachment" and cause["message"].startswith("there is no IPsec-VPN attachment named eds-dc1")


def test_attachment_not_attached_to_the_transit_router():
    facts = on_transit_router(healthy())
    facts["cloud"]["transit_router"]["attachment"] = None
    (cause,) = vpc_access_diagnosis(facts)["causes"]
    assert cause["cause"] == "not_attached" and "vco-1" in cause["message"] and "tr-1" in cause["message"]


@pytest.mark.parametrize("links, detail", [
    ((None, ["vtb-sys"]), "not associated with"),
    (("vtb-sys", []), "not propagated to"),
    (("vtb-other", ["vtb-other"]), "not associated with and not propagated to"),
])
def test_transit_router_attachment_route_table_links(links, detail):
    (cause,) = vpc_access_diagnosis(on_transit_router(healthy(), links=links))["causes"]
    assert cause["cause"] == "tr_route_table"
    assert "tr-attach-1 is %s the route table vtb-sys" % detail in cause["message"]


def test_transit_router_attachments_not_read_judge_nothing():
    facts = on_transit_router(healthy())
    facts["cloud"]["transit_router"].update(read=False, attachment=None)
    assert causes(facts) == []
