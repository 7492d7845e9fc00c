# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the data-center tools print, read into plain data: swanctl --list-conns / --list-sas, nft -j list ruleset,
dig (full output, not +short: its errors are told apart from answers) and the DHCP servers' configuration files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

IKE_PORTS = (500, 4500)


# --- swanctl ------------------------------------------------------------------------------------------------------
def swanctl_conns(text):
    """swanctl --list-conns -> {name: {version, local_addrs, remote_addrs, children: {name: {local_ts, remote_ts}}}}."""
    conns, conn, child = {}, None, None
    for line in (text or "").splitlines():
        top = re.match(r"^(\S+): IKEv(\d|1/2)", line)
        if top:
            conn = conns.setdefault(top.group(1), {"version": top.group(2), "local_addrs": [], "remote_addrs": [],
                                                   "children": {}})
            child = None
            continue
        if conn is None:
            continue
        sub = re.match(r"^  (\S+): (TUNNEL|TRANSPORT|PASS|DROP)", line)
        if sub:
            child = conn["children"].setdefault(sub.group(1), {"mode": sub.group(2), "local_ts": [], "remote_ts": []})
            continue
        addr = re.match(r"^  (local|remote):\s+(.*)$", line)
        if addr and child is None:
            conn[addr.group(1) + "_addrs"] = [a.strip() for a in re.split(r"[ ,]+", addr.group(2)) if a.strip()]
            continue
        ts = re.match(r"^    (local|remote):\s+(.*)$", line)
        if ts and child is not None:
            child[ts.group(1) + "_ts"] = sorted(t for t in ts.group(2).split() if t)
    return conns


def swanctl_sas(text):
    """swanctl --list-sas -> {ike name: {state, local, remote, children: {name: state}}} (the last SA of a name
    wins, an ESTABLISHED one over others)."""
    sas, ike = {}, None
    for line in (text or "").splitlines():
        top = re.match(r"^(\S+): #\d+, (\w+),", line)
        if top:
            name, state = top.group(1), top.group(2)
            if sas.get(name, {}).get("state") == "ESTABLISHED" and state != "ESTABLISHED":
                ike = {"children": {}}
                continue
            ike = sas[name] = {"state": state, "local": None, "remote": None, "children": {}}
            continue
        if ike is None:
            continue
        end = re.match(r"^  (local|remote)\s+'[^']*' @ (\S+?)\[(\d+)\]", line)
        if end:
            ike[end.group(1)] = end.group(2)
            continue
        child = re.match(r"^  (\S+): #\d+, reqid \d+, (\w+),", line)
        if child:
            ike["children"][child.group(1)] = child.group(2)
    return sas


# --- nftables -----------------------------------------------------------------------------------------------------
def _ports(right):
    """The ports a match's right-hand side names: an int, a set of ints/ranges, or a range."""
    if isinstance(right, int):
        return {right}
    if isinstance(right, dict):
        if "set" in right:
            out = set()
            for item in right["set"]:
                out |= _ports(item)
            return out
        if "range" in right:
            low, high = right["range"]
            return set(p for p in IKE_PORTS if low <= p <= high)
    if isinstance(right, list):
        out = set()
        for item in right:
            out |= _ports(item)
        return out
    return set()


def nft_ike_blocks(ruleset_json):
    """nft -j list ruleset -> the rules that drop or reject UDP 500/4500, as text ("table chain: udp dport 500 drop")."""
    data = _ruleset(ruleset_json)
    found = []
    for item in data.get("nftables", []):
        rule = item.get("rule")
        if not rule:
            continue
        exprs = rule.get("expr") or []
        verdict = next((k for e in exprs for k in ("drop", "reject") if isinstance(e, dict) and k in e), None)
        if verdict is None:
            continue
        for expr in exprs:
            match = expr.get("match") if isinstance(expr, dict) else None
            payload = ((match or {}).get("left") or {}).get("payload") if isinstance(match, dict) else None
            if not payload or payload.get("protocol") != "udp" or payload.get("field") not in ("dport", "sport"):
                continue
            if match.get("op", "==") in ("==", "in") and _ports(match.get("right")) & set(IKE_PORTS):
                ports = sorted(_ports(match["right"]) & set(IKE_PORTS))
                found.append("%s %s %s: udp %s %s %s" % (rule.get("family"), rule.get("table"), rule.get("chain"),
                                                         payload["field"], ",".join(map(str, ports)), verdict))
    return found


# A base chain of these hooks sees the gateway's own IKE packets (to and from the VPN gateway); IKE runs over IPv4.
IKE_HOOKS = ("input", "output")
IKE_FAMILIES = ("inet", "ip")
# interfaces IKE with the VPN gateway never uses
LOOPBACK = ("lo",)


def _match_excludes_ike(match):
    """True when this match expression cannot match an IKE packet (UDP 500/4500 to or from the VPN gateway)."""
    left, right, op = match.get("left") or {}, match.get("right"), match.get("op", "==")
    if not isinstance(left, dict):
        return False
    values = right.get("set") if isinstance(right, dict) and "set" in right else right
    values = values if isinstance(values, list) else [values]
    negated = op == "!="
    udp = "udp" in values or 17 in values
    payload, meta, ct = left.get("payload") or {}, left.get("meta") or {}, left.get("ct") or {}
    if payload.get("protocol") in ("udp", "th") and payload.get("field") in ("dport", "sport"):
        ports = _ports(right) & set(IKE_PORTS)
        return ports == set(IKE_PORTS) if negated else not ports
    if payload.get("protocol") in ("ip", "ip6") and payload.get("field") in ("protocol", "nexthdr"):
        return udp if negated else not udp
    if payload.get("protocol") not in (None, "ip", "ip6", "udp", "th"):
        return not negated                       # a header field of TCP, ICMP ...: not an IKE packet
    if meta.get("key") == "l4proto":
        return udp if negated else not udp
    if meta.get("key") in ("iif", "iifname", "oif", "oifname"):
        return not negated and all(v in LOOPBACK for v in values)
    if ct.get("key") == "state":
        # "new" lets the first packet of an exchange through; "established" the answers to the gateway's own
        return not negated and not set(values) & set(("new", "established"))
    return False                                 # addresses, marks ...: not judged, so it may match


def _chain_lets_ike_through(rules, table, chain, seen):
    """Whether some rule of the chain (or of a chain it jumps to) may accept an IKE packet."""
    if (table, chain) in seen:
        return False
    seen.add((table, chain))
    for rule in rules.get((table, chain), []):
        exprs = [e for e in rule.get("expr") or [] if isinstance(e, dict)]
        if any(_match_excludes_ike(e["match"]) for e in exprs if isinstance(e.get("match"), dict)):
            continue
        for expr in exprs:
            if "accept" in expr:
                return True
            target = (expr.get("jump") or expr.get("goto") or {}).get("target")
            if target and _chain_lets_ike_through(rules, table, target, seen):
                return True
    return False


def nft_ike_policy_drops(ruleset_json):
    """nft -j list ruleset -> the base chains (input/output) whose policy drops IKE: policy drop and no rule that may
    accept UDP 500/4500 ("inet filter input: policy drop, no rule accepts udp 500/4500"). A packet must pass every
    base chain of its hook, so an accepting rule in another table (the ipsec_peer role's own) does not help."""
    data = _ruleset(ruleset_json)
    rules, chains = {}, []
    for item in data.get("nftables", []):
        rule, chain = item.get("rule"), item.get("chain")
        if rule:
            rules.setdefault(((rule.get("family"), rule.get("table")), rule.get("chain")), []).append(rule)
        elif chain and chain.get("hook") in IKE_HOOKS and chain.get("family") in IKE_FAMILIES \
                and chain.get("policy") == "drop":
            chains.append(chain)
    ports = "/".join(map(str, IKE_PORTS))
    return ["%s %s %s: policy drop, no rule accepts udp %s" % (c["family"], c["table"], c["name"], ports)
            for c in chains
            if not _chain_lets_ike_through(rules, (c["family"], c["table"]), c["name"], set())]


def nft_ike_blockers(ruleset_json):
    """Everything in the ruleset that drops IKE: the rules that do (nft_ike_blocks), then the base chains whose policy
    does (nft_ike_policy_drops); the JSON is read once for both."""
    data = _ruleset(ruleset_json)
    return nft_ike_blocks(data) + nft_ike_policy_drops(data)


def _ruleset(ruleset_json):
    if not ruleset_json:
        return {}
    try:
        data = json.loads(ruleset_json) if isinstance(ruleset_json, str) else ruleset_json
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# --- dig ------------------------------------------------------------------------------------------------------------
def dig_answer(text, rc=0):
    """Full dig output -> {status, answers: [{name, type, value}], addresses, server, error}.

    error is None when the server answered (any status); otherwise the reason (timeout, refused...), never the
    retry chatter (";; communications error to ...") as an answer."""
    text = text or ""
    out = {"status": None, "answers": [], "addresses": [], "cnames": [], "server": None, "error": None}
    header = re.search(r"->>HEADER<<- opcode: \w+, status: (\w+)", text)
    if header:
        out["status"] = header.group(1)
    server = re.search(r"^;; SERVER: ([^#\s]+)#(\d+)", text, re.M)
    if server:
        out["server"] = server.group(1)
    section = re.search(r"^;; ANSWER SECTION:\n(.*?)(?:\n\n|\Z)", text, re.M | re.S)
    for line in (section.group(1).splitlines() if section else []):
        parts = line.split()
        if len(parts) >= 5 and not line.startswith(";"):
            answer = {"name": parts[0].rstrip("."), "type": parts[3], "value": parts[4].rstrip(".")}
            out["answers"].append(answer)
            if answer["type"] in ("A", "AAAA"):
                out["addresses"].append(answer["value"])
            elif answer["type"] == "CNAME":
                out["cnames"].append(answer["value"])
    if out["status"] is None:
        reason = re.search(r"^;; (connection timed out[^\n]*|communications error[^\n]*)", text, re.M)
        out["error"] = ("no answer: " + reason.group(1)) if reason else ("no answer (dig exited %s)" % rc)
    elif out["status"] != "NOERROR":
        out["error"] = "the server answered %s" % out["status"]
    elif not out["answers"]:
        out["error"] = "the server answered NOERROR with no record"
    return out


# --- DHCP servers ----------------------------------------------------------------------------------------------------
def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(re.sub(r"^\s*(#|//).*$", "", line) for line in text.splitlines())


def _kea_dns(text, files):
    """The domain-name-servers (option 6) data of a Kea configuration, its <?include?> files expanded from files."""
    text = re.sub(r'<\?include\s+"([^"]+)"\s*\?>', lambda m: files.get(m.group(1)) or "", text)
    found = []
    for obj in re.findall(r"\{[^{}]*\}", _strip_comments(text)):
        if re.search(r'"name"\s*:\s*"domain-name-servers"', obj) or re.search(r'"code"\s*:\s*6\s*[,}]', obj):
            data = re.search(r'"data"\s*:\s*"([^"]*)"', obj)
            if data:
                found.extend(v.strip() for v in data.group(1).split(",") if v.strip())
    return found


def dhcp_dns_servers(files):
    """{path: content} of the running DHCP server's configuration (main file and drop-ins) -> the DNS servers it
    hands out (option 6), or None when none of the files is a Kea, ISC dhcpd or dnsmasq configuration."""
    files = dict((path, content) for path, content in (files or {}).items() if content is not None)
    found, known = [], False
    for path, content in sorted(files.items()):
        if path.endswith("kea-dhcp4.conf"):
            known = True
            found.extend(_kea_dns(content, files))
        elif path.endswith("dhcpd.conf") or "/dhcp/" in path:
            known = True
            for match in re.finditer(r"^\s*option\s+domain-name-servers\s+([^;]+);", content, re.M):
                found.extend(v.strip() for v in match.group(1).split(","))
        elif "dnsmasq" in path:
            known = True
            for match in re.finditer(r"^\s*dhcp-option\s*=\s*(?:[^,\n]*tag:[^,\n]*,)*(?:6|option:dns-server),(.*)$",
                                     content, re.M):
                found.extend(v.strip() for v in match.group(1).split(",") if v.strip())
    return sorted(set(found)) if known else None
