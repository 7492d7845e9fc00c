# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""dnsmasq: one drop-in in the conf-dir, computed from the dhcp-option lines dnsmasq already reads.

Nothing in the main file changes. The global scope uses a negated tag nobody sets: it matches every client and,
unlike an untagged line, wins over the server's own untagged option (Debian's dnsmasq reads the conf-dir BEFORE the
main file, and the later of two lines of one class wins; docs/role_dhcp_options.md, "Choices").
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import (
    HEADER, dns_list, routes_for, scope_report)

GLOBAL_TAG = "eds-dhcp-options-unset"


def dnsmasq_options(texts):
    """[(tags, option, values)] of every dhcp-option line of the texts, in the order dnsmasq reads them."""
    found = []
    for text in texts:
        for line in text.splitlines():
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


def dns_disabled(texts):
    """port=0: dnsmasq serves no DNS, so it is not its own clients' default DNS server."""
    return any(re.match(r"^\s*port\s*=\s*0\s*$", line) for text in texts for line in text.splitlines())


def render_dnsmasq(request, texts):
    """({drop-in name: text}, report) from the texts of the files dnsmasq reads, ours left out."""
    options = dnsmasq_options(texts)
    dns_off = dns_disabled(texts)
    lines, report = [], {}
    for scope in request["scopes"] or [{}]:
        tags = [scope["tag"]] if scope.get("tag") else []
        label = "tag %s" % scope["tag"] if tags else "global"
        existing = dnsmasq_value(options, tags, ("6", "option:dns-server"))
        if existing is None:
            # dnsmasq's implicit default: itself, when it also serves DNS
            existing = [] if dns_off else ["0.0.0.0"]
        router = scope.get("router") or (dnsmasq_value(options, tags, ("3", "option:router")) or [""])[0]
        prefix = "".join("tag:%s," % t for t in tags) or "tag:!%s," % GLOBAL_TAG
        dns = dns_list(request, existing)
        lines.append("dhcp-option=%soption:dns-server,%s" % (prefix, ",".join(dns)))
        routes = routes_for(request, router, label)
        if routes:
            lines.append("dhcp-option=%soption:classless-static-route,%s"
                         % (prefix, ",".join("%s,%s" % r for r in routes)))
        report[label] = scope_report(existing, dns, router, routes)
    return {request["dropin_file"]: "# %s\n%s\n" % (HEADER, "\n".join(lines))}, report
