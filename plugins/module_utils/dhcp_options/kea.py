# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kea DHCPv4: find the scopes in kea-dhcp4.conf (JSON with comments and <?include?>) and insert our includes.

An include cannot merge into an existing list and Kea rejects a second "option-data" key in one map, so the
include goes inside the scope's own option-data list (roles/dhcp_options/README.md, "Why Kea uses its include
directive").
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import (
    HEADER, ConfigError, apply_inserts, dns_list, rfc3442_bytes, routes_for, safe_name, scope_report, split_servers,
    subnet_key)

NUMBER = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


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
        match = NUMBER.match(self.text, self.pos)
        if not match:
            self.fail("unexpected %r" % char)
        self.pos = match.end()
        try:
            return {"kind": "scalar", "start": start, "value": json.loads(match.group(0))}
        except ValueError:
            self.fail("bad number %r" % match.group(0))

    def string(self):
        match = STRING.match(self.text, self.pos)
        if not match:
            self.fail("unterminated string")
        self.pos = match.end()
        try:
            return json.loads(match.group(0))
        except ValueError:
            self.fail("bad string %s" % match.group(0))

    def container(self, kind, closer):
        node = {"kind": kind, "start": self.pos, "members": [], "items": []}
        self.pos += 1
        while True:
            self.skip()
            if self.text.startswith(closer, self.pos):
                node["end"] = self.pos
                self.pos += 1
                return node
            if self.pos >= len(self.text):
                self.fail("unexpected end, expected '%s'" % closer)
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
    """[(label, node, chain of enclosing nodes, scope entry)] for every requested scope."""
    root = KeaParser(text, path).parse()
    dhcp4 = member(root, "Dhcp4")
    if not dhcp4 or dhcp4["kind"] != "object":
        raise ConfigError("%s: no \"Dhcp4\" object (is this a kea-dhcp4 configuration?)" % path)
    subnets = [(s, [dhcp4]) for s in items(member(dhcp4, "subnet4"))]
    for network in items(member(dhcp4, "shared-networks")):
        subnets += [(s, [dhcp4, network]) for s in items(member(network, "subnet4"))]
    found = []
    for scope in request["scopes"] or [{}]:
        if not scope.get("subnet"):
            found.append(("global", dhcp4, [dhcp4], scope))
            continue
        label = "subnet %s" % scope["subnet"]
        want = subnet_key(scope["subnet"], "dhcp_options_scopes: " + label)
        match = [(s, chain) for s, chain in subnets if isinstance(scalar(member(s, "subnet")), str)
                 and subnet_key(scalar(member(s, "subnet")), path) == want]
        if not match:
            raise ConfigError("dhcp_options_scopes: %s is not defined in %s (scopes inside files the configuration "
                              "includes are not supported: list a subnet defined in the main file)" % (label, path))
        subnet, chain = match[0]
        if not scope.get("pool"):
            found.append((label, subnet, chain + [subnet], scope))
            continue
        label += " pool %s" % scope["pool"]
        pools = [p for p in items(member(subnet, "pools"))
                 if pool_key(scalar(member(p, "pool"))) == pool_key(scope["pool"])]
        if not pools:
            raise ConfigError("dhcp_options_scopes: %s is not defined in %s" % (label, path))
        found.append((label, pools[0], chain + [subnet, pools[0]], scope))
    return found


def render_kea(request, text, path):
    """(new main text, {drop-in name: text}, report) for the stripped main text."""
    dropin_dir = request["dropin_dir"]
    inserts, dropins, report = [], {}, {}
    for label, node, chain, scope in kea_scopes(request, text, path):
        existing = split_servers(kea_option(chain, "domain-name-servers", 6))
        router = scope.get("router") or (split_servers(kea_option(chain, "routers", 3)) or [""])[0]
        dns = dns_list(request, existing)
        entries = [{"name": "domain-name-servers", "data": ", ".join(dns)}]
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
        report[label] = scope_report(existing, dns, router, routes)
    return apply_inserts(text, inserts), dropins, report


def strip_kea(text, dropin_dir):
    return re.sub(r'\n<\?include "%s/[^"\n]*"\?>\n' % re.escape(dropin_dir), "", text)
