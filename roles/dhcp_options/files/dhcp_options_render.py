# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compute the dhcp_options role's edits of one DHCP server's configuration.

Runs on the managed host (ansible.builtin.script) and WRITES NOTHING: it reads the server's main configuration
(and, for dnsmasq, its drop-in files), and prints one JSON object with the new main text, the drop-in files the
role owns and the current texts of everything it may change (for rollback). Ansible then writes the files, so
check mode and diff come from ansible.builtin.copy.

The edits are insertions only: one include line per scope, placed AFTER the scope's own statements (Kea, dhcpd and
dnsmasq all apply the later of two definitions of an option in one scope). Our lines are recognised by the drop-in
directory in their path; removing them gives back the original text byte for byte, which is how state=absent works
and why every run starts from the stripped text (idempotence).
"""

from __future__ import absolute_import, division, print_function

import base64
import ipaddress
import json
import os
import re
import stat
import sys

__metaclass__ = type

HEADER = "Managed by eds.vpc_access.dhcp_options; remove with dhcp_options_state=absent, do not edit."


GLOBAL_TAG = "eds-dhcp-options-unset"


class ConfigError(Exception):
    """A problem the user must fix: printed as the role's failure message."""


def read_text(path):
    # newline='' keeps CRLF files byte for byte
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def safe_name(label):
    return re.sub(r"[^A-Za-z0-9.-]+", "_", label).strip("_")


def dedupe(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def split_servers(text):
    return [v.strip() for v in re.split(r"[,\s]+", text or "") if v.strip()]


def dns_list(request, existing):
    ours = list(request["dns_servers"])
    if request["dns_mode"] == "prepend":
        return dedupe(ours + existing)
    return dedupe(ours)


def routes_for(request, router, label):
    """Option 121 routes for one scope, or [] when option 121 is off."""
    gateway = request.get("vpn_gateway") or ""
    if not gateway:
        return []
    try:
        gateway = str(ipaddress.IPv4Address(gateway))
        nets = [ipaddress.IPv4Network(n, strict=False) for n in request["route_destinations"]]
    except ValueError as exc:
        raise ConfigError("dhcp_options_vpn_gateway/dhcp_options_vpn_destinations/dhcp_options_vpc_cidrs: %s" % exc)
    if not router:
        raise ConfigError(
            "%s: option 121 makes clients ignore option 3 (RFC 3442), so the role adds the default route, but no "
            "router is configured for this scope: set 'router' in its dhcp_options_scopes entry" % label)
    try:
        router = str(ipaddress.IPv4Address(router))
    except ValueError as exc:
        raise ConfigError("%s: router: %s" % (label, exc))
    routes = [(str(n), gateway) for n in dedupe(nets)]
    return routes + [("0.0.0.0/0", router)]


def rfc3442_bytes(routes):
    out = []
    for dest, gateway in routes:
        net = ipaddress.IPv4Network(dest)
        significant = (net.prefixlen + 7) // 8
        out.append(net.prefixlen)
        out.extend(net.network_address.packed[:significant])
        out.extend(ipaddress.IPv4Address(gateway).packed)
    return out


def subnet_key(text, label):
    try:
        return ipaddress.IPv4Network(text.strip(), strict=False)
    except ValueError as exc:
        raise ConfigError("%s: %s" % (label, exc))


# ---------------------------------------------------------------- Kea (JSON with comments and <?include?>)

class KeaParser:
    """Just enough of Kea's JSON dialect to find scopes and their option-data, with character positions."""

    def __init__(self, text, path):
        self.text = text
        self.path = path
        self.pos = 0

    def fail(self, what):
        line = self.text.count("\n", 0, self.pos) + 1
        raise ConfigError("%s line %d: cannot parse the Kea configuration (%s)" % (self.path, line, what))

    def skip(self):
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#" or text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    self.fail("unterminated comment")
                self.pos = end + 2
            else:
                break

    def include(self):
        if self.text.startswith("<?include", self.pos):
            end = self.text.find("?>", self.pos)
            if end < 0:
                self.fail("unterminated include")
            self.pos = end + 2
            return True
        return False

    def parse(self):
        value = self.value()
        self.skip()
        return value

    def value(self):
        self.skip()
        if self.pos >= len(self.text):
            self.fail("unexpected end")
        char = self.text[self.pos]
        start = self.pos
        if char == "{":
            return self.container("object", "}")
        if char == "[":
            return self.container("array", "]")
        if char == '"':
            return {"kind": "scalar", "start": start, "value": self.string()}
        if self.include():
            return {"kind": "include", "start": start}
        match = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null").match(self.text, self.pos)
        if not match:
            self.fail("unexpected %r" % char)
        self.pos = match.end()
        return {"kind": "scalar", "start": start, "value": json.loads(match.group(0))}

    def string(self):
        match = re.compile(r'"(?:[^"\\]|\\.)*"', re.S).match(self.text, self.pos)
        if not match:
            self.fail("unterminated string")
        self.pos = match.end()
        return json.loads(match.group(0))

    def container(self, kind, closer):
        node = {"kind": kind, "start": self.pos, "members": [], "items": []}
        self.pos += 1
        while True:
            self.skip()
            if self.text.startswith(closer, self.pos):
                node["end"] = self.pos
                self.pos += 1
                return node
            if self.include():
                # an admin's include stands for members we cannot see; a comma after it is optional
                node["items" if kind == "array" else "members"].append(("<include>", {"kind": "include"}))
            elif kind == "object":
                if self.text[self.pos:self.pos + 1] != '"':
                    self.fail("expected a key")
                key = self.string()
                self.skip()
                if self.text[self.pos:self.pos + 1] != ":":
                    self.fail("expected ':'")
                self.pos += 1
                node["members"].append((key, self.value()))
            else:
                node["items"].append(("", self.value()))
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith(closer, self.pos) and not self.text.startswith("<?include", self.pos):
                self.fail("expected ',' or '%s'" % closer)


def member(node, key):
    if not node or node.get("kind") != "object":
        return None
    found = None
    for name, value in node["members"]:
        if name == key:
            found = value
    return found


def items(node):
    if not node or node.get("kind") != "array":
        return []
    return [value for _name, value in node["items"] if value.get("kind") == "object"]


def scalar(node):
    return node.get("value") if node and node.get("kind") == "scalar" else None


def kea_option(scope_chain, name, code):
    """Value of an option as the most specific scope of the chain defines it (csv data only)."""
    for node in reversed(scope_chain):
        found = None
        for entry in items(member(node, "option-data")):
            if scalar(member(entry, "name")) == name or scalar(member(entry, "code")) == code:
                if scalar(member(entry, "csv-format")) is not False:
                    found = scalar(member(entry, "data"))
        if found is not None:
            return found
    return None


def pool_key(text):
    return re.sub(r"\s+", "", text or "")


def kea_scopes(request, text, path):
    root = KeaParser(text, path).parse()
    dhcp4 = member(root, "Dhcp4")
    if not dhcp4 or dhcp4["kind"] != "object":
        raise ConfigError("%s: no \"Dhcp4\" object (is this a kea-dhcp4 configuration?)" % path)
    subnets = [(s, [dhcp4]) for s in items(member(dhcp4, "subnet4"))]
    for network in items(member(dhcp4, "shared-networks")):
        subnets += [(s, [dhcp4, network]) for s in items(member(network, "subnet4"))]
    scopes = request["scopes"] or [{}]
    found = []
    for scope in scopes:
        if not scope.get("subnet"):
            found.append(("global", dhcp4, [dhcp4], scope))
            continue
        label = "subnet %s" % scope["subnet"]
        want = subnet_key(scope["subnet"], "dhcp_options_scopes: " + label)
        match = [(s, chain) for s, chain in subnets if scalar(member(s, "subnet"))
                 and subnet_key(scalar(member(s, "subnet")), path) == want]
        if not match:
            raise ConfigError("%s is not defined in %s (scopes inside files the configuration includes are not "
                              "supported: list a subnet defined in the main file)" % (label, path))
        subnet, chain = match[0]
        if not scope.get("pool"):
            found.append((label, subnet, chain + [subnet], scope))
            continue
        label += " pool %s" % scope["pool"]
        pools = [p for p in items(member(subnet, "pools")) if pool_key(scalar(member(p, "pool"))) == pool_key(scope["pool"])]
        if not pools:
            raise ConfigError("%s is not defined in %s" % (label, path))
        found.append((label, pools[0], chain + [subnet, pools[0]], scope))
    return found


def render_kea(request, text, path):
    dropin_dir = request["dropin_dir"]
    inserts, dropins, report = [], {}, {}
    for label, node, chain, scope in kea_scopes(request, text, path):
        existing = split_servers(kea_option(chain, "domain-name-servers", 6))
        router = scope.get("router") or (split_servers(kea_option(chain, "routers", 3)) or [""])[0]
        entries = [{"name": "domain-name-servers", "data": ", ".join(dns_list(request, existing))}]
        routes = routes_for(request, router, label)
        if routes:
            # kea 2.2 has no definition for option 121: send it as binary data by code
            entries.append({"code": 121, "csv-format": False,
                            "data": "".join("%02X" % b for b in rfc3442_bytes(routes))})
        name = safe_name(label) + ".json"
        body = ",\n".join(json.dumps(e, sort_keys=True) for e in entries)
        option_data = member(node, "option-data")
        if option_data and option_data["kind"] != "array":
            raise ConfigError("%s: the option-data of %s is not a list in this file (an include?): not supported"
                              % (path, label))
        if option_data:
            # after the scope's own entries: kea applies the last definition of an option in a scope
            pos = option_data["end"]
            content = ("," if option_data["items"] else "") + "\n" + body + "\n"
        else:
            pos = node["start"] + 1
            content = "\"option-data\": [\n" + body + "\n]" + ("," if node["members"] else "") + "\n"
        dropins[name] = "// %s\n// %s\n%s" % (HEADER, label, content)
        inserts.append((pos, '\n<?include "%s/%s"?>\n' % (dropin_dir, name)))
        report[label] = {"existing_dns": existing, "dns": entries[0]["data"], "router": router, "routes": routes}
    return apply_inserts(text, inserts), dropins, report


def strip_kea(text, dropin_dir):
    return re.sub(r'\n<\?include "%s/[^"\n]*"\?>\n' % re.escape(dropin_dir), "", text)


def apply_inserts(text, inserts):
    for pos, snippet in sorted(inserts, key=lambda i: i[0], reverse=True):
        text = text[:pos] + snippet + text[pos:]
    return text


# ---------------------------------------------------------------- ISC dhcpd

def dhcpd_tokens(text):
    """(kind, value, start) for words, strings and the characters { } ; - comments skipped."""
    pattern = re.compile(r'#[^\n]*|"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"#]+', re.S)
    for match in pattern.finditer(text):
        token = match.group(0)
        if token.startswith("#"):
            continue
        yield token, match.start()


def dhcpd_blocks(text, path):
    """Blocks {header, open, close, statements} plus the top-level statements, from a dhcpd.conf text."""
    top = {"header": [], "open": -1, "close": len(text), "statements": []}
    stack, current, blocks = [top], [], []
    for token, start in dhcpd_tokens(text):
        if token == "{":
            block = {"header": current, "open": start, "statements": []}
            stack.append(block)
            blocks.append(block)
            current = []
        elif token == "}":
            if len(stack) == 1:
                raise ConfigError("%s: unbalanced '}' at offset %d" % (path, start))
            stack.pop()["close"] = start
            current = []
        elif token == ";":
            stack[-1]["statements"].append(current)
            current = []
        else:
            current = current + [token]
    if len(stack) != 1:
        raise ConfigError("%s: unbalanced '{'" % path)
    return top, blocks


def dhcpd_option(block_chain, name):
    for block in reversed(block_chain):
        found = None
        for statement in block["statements"]:
            if len(statement) > 2 and statement[0] == "option" and statement[1] == name:
                found = " ".join(statement[2:])
        if found is not None:
            return found
    return None


def dhcpd_route_option_name(top):
    for statement in top["statements"]:
        if len(statement) > 3 and statement[0] == "option" and statement[2] == "code" and statement[3] == "121":
            return statement[1], True
    return "rfc3442-classless-static-routes", False


def render_dhcpd(request, text, path):
    dropin_dir = request["dropin_dir"]
    top, blocks = dhcpd_blocks(text, path)
    route_option, defined = dhcpd_route_option_name(top)
    subnets = []
    for block in blocks:
        header = block["header"]
        if len(header) == 4 and header[0] == "subnet" and header[2] == "netmask":
            subnets.append((subnet_key("%s/%s" % (header[1], header[3]), path), block))
    inserts, dropins, report, need_definition = [], {}, {}, False
    for scope in request["scopes"] or [{}]:
        if scope.get("subnet"):
            label = "subnet %s" % scope["subnet"]
            want = subnet_key(scope["subnet"], "dhcp_options_scopes: " + label)
            match = [b for key, b in subnets if key == want]
            if not match:
                raise ConfigError("%s is not declared in %s (subnets inside files it includes are not supported)"
                                  % (label, path))
            chain = [top] + [b for b in blocks if b["open"] < match[0]["open"] < b["close"]] + [match[0]]
        else:
            label, chain = "global", [top]
        block = chain[-1]
        existing = split_servers(dhcpd_option(chain, "domain-name-servers"))
        router = scope.get("router") or (split_servers(dhcpd_option(chain, "routers")) or [""])[0]
        lines = ["option domain-name-servers %s;" % ", ".join(dns_list(request, existing))]
        routes = routes_for(request, router, label)
        if routes:
            need_definition = need_definition or not defined
            lines.append("option %s %s;" % (route_option, ", ".join(str(b) for b in rfc3442_bytes(routes))))
        name = safe_name(label) + ".conf"
        dropins[name] = "# %s\n# %s\n%s\n" % (HEADER, label, "\n".join(lines))
        inserts.append(dhcpd_insert(text, block, '%s/%s' % (dropin_dir, name)))
        report[label] = {"existing_dns": existing, "router": router, "routes": routes}
    if need_definition:
        # option 121 has no name in dhcpd 4.4: declare it (the name dhclient.conf uses) before any use
        dropins["definitions.conf"] = "# %s\noption %s code 121 = array of unsigned integer 8;\n" % (HEADER, route_option)
        inserts.append((0, 'include "%s/definitions.conf";\n' % dropin_dir))
    return apply_inserts(text, inserts), dropins, report


def dhcpd_insert(text, block, include_path):
    """Insert point and text: last statement of the block (dhcpd applies the later option statement)."""
    close = block["close"]
    line_start = text.rfind("\n", 0, close) + 1
    if close == len(text):  # top level: end of file
        if text == "" or text.endswith("\n"):
            return close, 'include "%s";\n' % include_path
        return close, '\ninclude "%s";' % include_path
    if text[line_start:close].strip() == "":
        return line_start, '%s  include "%s";\n' % (text[line_start:close], include_path)
    return close, 'include "%s"; ' % include_path


def strip_dhcpd(text, dropin_dir):
    path = r'include "%s/[^"\n]*";' % re.escape(dropin_dir)
    text = re.sub(r"(?m)^[ \t]*" + path + r"\n", "", text)
    text = re.sub(path + r" (?=\})", "", text)
    return re.sub(r"\n" + path + r"\Z", "", text)


# ---------------------------------------------------------------- dnsmasq

def dnsmasq_options(files):
    """[(tags, option, values)] of every dhcp-option line, in the order dnsmasq reads them."""
    found = []
    for path in files:
        for line in read_text(path).splitlines():
            line = line.split("#", 1)[0].strip()
            key, _sep, value = line.partition("=")
            if key.strip() not in ("dhcp-option", "dhcp-option-force"):
                continue
            fields = [f.strip() for f in value.split(",")]
            tags = []
            while fields and re.match(r"^(tag|net):", fields[0]):
                tags.append(fields.pop(0).split(":", 1)[1])
            if fields and re.match(r"^(encap|vi-encap|vendor):", fields[0]):
                continue
            if fields:
                found.append((sorted(tags), fields[0], fields[1:]))
    return found


def dnsmasq_value(options, tags, names):
    for wanted in (sorted(tags), []):
        values = [v for t, o, v in options if t == wanted and o in names]
        if values:
            return values[-1]
    return None


def render_dnsmasq(request):
    files = [f for f in request["read_files"] if os.path.isfile(f)]
    options = dnsmasq_options(files)
    dns_off = any(re.match(r"^\s*port\s*=\s*0\s*$", line) for f in files for line in read_text(f).splitlines())
    lines, report = [], {}
    for scope in request["scopes"] or [{}]:
        tags = [scope["tag"]] if scope.get("tag") else []
        label = "tag %s" % scope["tag"] if tags else "global"
        existing = dnsmasq_value(options, tags, ("6", "option:dns-server"))
        if existing is None:
            # dnsmasq's implicit default: itself, when it also serves DNS
            existing = [] if dns_off else ["0.0.0.0"]
        router = scope.get("router") or (dnsmasq_value(options, tags, ("3", "option:router")) or [""])[0]
        # global: a negated tag nobody sets matches every client and, unlike an untagged line, wins over the
        # server's own untagged option (Debian's dnsmasq reads conf-dir BEFORE the main file; later lines win)
        prefix = "".join("tag:%s," % t for t in tags) or "tag:!%s," % GLOBAL_TAG
        lines.append("dhcp-option=%soption:dns-server,%s" % (prefix, ",".join(dns_list(request, existing))))
        routes = routes_for(request, router, label)
        if routes:
            lines.append("dhcp-option=%soption:classless-static-route,%s"
                         % (prefix, ",".join("%s,%s" % r for r in routes)))
        report[label] = {"existing_dns": existing, "router": router, "routes": routes}
    return {request["dnsmasq_dropin"]: "# %s\n%s\n" % (HEADER, "\n".join(lines))}, report


# ---------------------------------------------------------------- main

def current_dropins(directory, names=None):
    found = {}
    if os.path.isdir(directory):
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if os.path.isfile(path) and (names is None or name in names):
                found[name] = read_text(path)
    return found


def render(request):
    backend, present = request["backend"], request["state"] == "present"
    result = {"main_differs": False, "report": {}}
    if backend == "dnsmasq":
        conf_dir, ours = request["dropin_dir"], request["dnsmasq_dropin"]
        request["read_files"] = [f for f in request["read_files"] if os.path.basename(f) != ours]
        dropins, report = render_dnsmasq(request) if present else ({}, {})
        result.update(main_path=None, main_current=None, main_new=None, dropins=dropins, report=report,
                      current_dropins=current_dropins(conf_dir, [ours]))
        return result
    path = request["main_config"]
    if not os.path.isfile(path):
        raise ConfigError("%s does not exist: is the %s server configured on this host?" % (path, backend))
    text = read_text(path)
    strip = strip_kea if backend == "kea" else strip_dhcpd
    original = strip(text, request["dropin_dir"])
    if present:
        new, dropins, report = (render_kea if backend == "kea" else render_dhcpd)(request, original, path)
    else:
        new, dropins, report = original, {}, {}
    # the main file is rewritten with the mode it has, never a new one
    main_mode = "%04o" % stat.S_IMODE(os.stat(path).st_mode)
    result.update(main_path=path, main_mode=main_mode, main_current=text, main_new=new, main_differs=new != text,
                  dropins=dropins,
                  report=report, current_dropins=current_dropins(request["dropin_dir"]))
    return result


def main():
    request = json.loads(base64.b64decode(sys.argv[1]).decode("utf-8"))
    try:
        result = render(request)
    except ConfigError as exc:
        result = {"failed": True, "msg": str(exc)}
    except (OSError, UnicodeDecodeError) as exc:
        result = {"failed": True, "msg": "cannot read the DHCP server configuration: %s" % exc}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
