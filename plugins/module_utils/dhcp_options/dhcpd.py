# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ISC dhcpd: find the subnet blocks of dhcpd.conf and insert our include statements as their last statements."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import (
    HEADER, ConfigError, apply_inserts, dns_list, rfc3442_bytes, routes_for, safe_name, scope_report, split_servers,
    subnet_key)

TOKEN = re.compile(r'#[^\n]*|"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"#]+', re.S)
# the name dhclient.conf uses; dhcpd 4.4 has no name for option 121
ROUTE_OPTION = "rfc3442-classless-static-routes"


def dhcpd_tokens(text):
    """(token, start) for words, strings and the characters { } ; - comments skipped."""
    for match in TOKEN.finditer(text):
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
    """(name of option 121, whether the file defines it) - an admin's own definition is reused."""
    for statement in top["statements"]:
        if len(statement) > 3 and statement[0] == "option" and statement[2] == "code" and statement[3] == "121":
            return statement[1], True
    return ROUTE_OPTION, False


def dhcpd_scope_chain(scope, top, blocks, subnets, path):
    """(label, [top, ..., the scope's block]) of one dhcp_options_scopes entry."""
    if not scope.get("subnet"):
        return "global", [top]
    label = "subnet %s" % scope["subnet"]
    want = subnet_key(scope["subnet"], "dhcp_options_scopes: " + label)
    match = [b for key, b in subnets if key == want]
    if not match:
        raise ConfigError("dhcp_options_scopes: %s is not declared in %s (subnets inside files it includes are not "
                          "supported)" % (label, path))
    return label, [top] + [b for b in blocks if b["open"] < match[0]["open"] < b["close"]] + [match[0]]


def render_dhcpd(request, text, path):
    """(new main text, {drop-in name: text}, report) for the stripped main text."""
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
        label, chain = dhcpd_scope_chain(scope, top, blocks, subnets, path)
        existing = split_servers(dhcpd_option(chain, "domain-name-servers"))
        router = scope.get("router") or (split_servers(dhcpd_option(chain, "routers")) or [""])[0]
        dns = dns_list(request, existing)
        lines = ["option domain-name-servers %s;" % ", ".join(dns)]
        routes = routes_for(request, router, label)
        if routes:
            need_definition = need_definition or not defined
            lines.append("option %s %s;" % (route_option, ", ".join(str(b) for b in rfc3442_bytes(routes))))
        name = safe_name(label) + ".conf"
        dropins[name] = "# %s\n# %s\n%s\n" % (HEADER, label, "\n".join(lines))
        inserts.append(dhcpd_insert(text, chain[-1], '%s/%s' % (dropin_dir, name)))
        report[label] = scope_report(existing, dns, router, routes)
    if need_definition:
        # declared before any use, in a drop-in of its own
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
