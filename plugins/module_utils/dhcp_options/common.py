# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the three backends share: the option 6 list, the option 121 routes, scope keys and text insertions.

The edits are insertions only: one include line per scope, placed AFTER the scope's own statements (Kea, dhcpd and
dnsmasq all apply the later of two definitions of an option in one scope). Our lines are recognised by the drop-in
directory in their path; removing them gives back the original text byte for byte, which is how state=absent works
and why every run starts from the stripped text (idempotence).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re

# in every drop-in the role writes: changing it changes every managed host's files on the next run
HEADER = "Managed by eds.vpc_access.dhcp_options; remove with dhcp_options_state=absent, do not edit."


class ConfigError(Exception):
    """A problem the user must fix, in the configuration or in the role's variables: the failure message."""


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


def route_destinations(request):
    """The option 121 destinations, checked: dhcp_options_vpn_destinations, then dhcp_options_vpc_cidrs."""
    nets = []
    for option in ("vpn_destinations", "vpc_cidrs"):
        for value in request[option]:
            try:
                nets.append(ipaddress.IPv4Network(value, strict=False))
            except ValueError as exc:
                raise ConfigError("dhcp_options_%s: %s: %s" % (option, value, exc))
    return dedupe(nets)


def vpn_gateway(request):
    """The gateway of the option 121 routes, or '' when option 121 is off."""
    gateway = request.get("vpn_gateway") or ""
    if not gateway:
        return ""
    try:
        return str(ipaddress.IPv4Address(gateway))
    except ValueError as exc:
        raise ConfigError("dhcp_options_vpn_gateway: %s" % exc)


def routes_for(request, router, label):
    """Option 121 routes for one scope, or [] when option 121 is off."""
    gateway = vpn_gateway(request)
    if not gateway:
        return []
    nets = route_destinations(request)
    if not router:
        raise ConfigError(
            "dhcp_options_scopes: %s: option 121 makes clients ignore option 3 (RFC 3442), so the role adds the "
            "default route, but no router is configured for this scope: set 'router' in its dhcp_options_scopes "
            "entry" % label)
    try:
        router = str(ipaddress.IPv4Address(router))
    except ValueError as exc:
        raise ConfigError("dhcp_options_scopes: %s: router: %s" % (label, exc))
    routes = [(str(n), gateway) for n in nets]
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


def apply_inserts(text, inserts):
    for pos, snippet in sorted(inserts, key=lambda i: i[0], reverse=True):
        text = text[:pos] + snippet + text[pos:]
    return text


def scope_report(existing, dns, router, routes):
    """One scope's entry of the module's RV(report)."""
    return {"existing_dns": existing, "dns": dns, "router": router,
            "routes": [{"destination": d, "gateway": g} for d, g in routes]}
