# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure rules shared by the route modules: destination checks, route matching, views and diffs.

Nothing here talks to the cloud, so the unit tests exercise it directly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import changed_options, snake_keys
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import ValidationError, check_cidr

# Ranges a route destination may not equal or fall inside. 100.64.0.0/10 (and every subnet of it) is refused by
# CreateRouteEntry (error InvalidCidrBlock: "cloud service address"); the others can never be a reachable unicast
# destination behind a VPN gateway, so the collection refuses them before any call too (see docs/routes.md).
RESERVED_DESTINATIONS = (
    (u"100.64.0.0/10", u"the Alibaba Cloud service range"),
    (u"127.0.0.0/8", u"loopback"),
    (u"169.254.0.0/16", u"link-local"),
    (u"224.0.0.0/4", u"multicast"),
    (u"240.0.0.0/4", u"reserved (class E)"),
)

VPN_ROUTE_WEIGHTS = (0, 100)
PBR_PRIORITY_RANGE = (1, 100)
PBR_DEFAULT_PRIORITY = 10


def normalize_cidr(value, option):
    """Canonical text of an IPv4 CIDR block; a bare address means a host route (/32).

    Raises ValidationError (a ValueError) naming the option when the value is not a CIDR block or has host bits set.
    """
    text = u"%s" % (value,)
    text = text.strip()
    if text and u"/" not in text:
        try:
            text = u"%s/32" % ipaddress.IPv4Address(text)
        except ValueError:
            raise ValidationError(u"%s: %r is not a valid IPv4 CIDR block" % (option, value))
    return check_cidr(text, option)


def reserved_range(cidr):
    """(range, label) of the reserved range that contains the canonical CIDR block, or None."""
    network = ipaddress.ip_network(cidr)
    for reserved, label in RESERVED_DESTINATIONS:
        reserved_network = ipaddress.ip_network(reserved)
        if network.subnet_of(reserved_network):
            return reserved, label
    return None


def route_destination(value, option):
    """Validated canonical destination of a route: a CIDR block outside every reserved range."""
    cidr = normalize_cidr(value, option)
    hit = reserved_range(cidr)
    if hit:
        raise ValidationError(u"%s: %s lies inside %s (%s): routes to it are refused" % (option, cidr, hit[0], hit[1]))
    return cidr


def same_cidr(left, right):
    """True when two CIDR texts denote the same network (the API may echo another spelling)."""
    try:
        return ipaddress.ip_network(u"%s" % left, strict=False) == ipaddress.ip_network(u"%s" % right, strict=False)
    except ValueError:
        return left == right


def matching(items, **wanted):
    """Items whose wire fields equal the wanted values; fields holding CIDR blocks compare as networks."""
    found = []
    for item in items:
        for key, value in wanted.items():
            current = item.get(key)
            if key in (u"RouteDest", u"RouteSource", u"DestinationCidrBlock"):
                if current is None or not same_cidr(current, value):
                    break
            elif current != value:
                break
        else:
            found.append(item)
    return found


def vpn_route_view(entry, route_source=False):
    """The managed attributes of a VPN gateway route (dbr, or pbr with route_source=True) as module output."""
    view = {
        u"vpn_gateway_id": entry.get(u"VpnInstanceId"),
        u"route_dest": entry.get(u"RouteDest"),
        u"next_hop": entry.get(u"NextHop"),
        u"weight": entry.get(u"Weight"),
        u"publish_vpc": entry.get(u"State") == u"published",
        u"state": entry.get(u"State"),
        u"create_time": entry.get(u"CreateTime"),
    }
    if route_source:
        view[u"route_source"] = entry.get(u"RouteSource")
        view[u"priority"] = entry.get(u"Priority")
    return view


def vpc_route_view(entry):
    """The managed attributes of a VPC route table entry as module output."""
    hops = (entry.get(u"NextHops") or {}).get(u"NextHop") or []
    hop = hops[0] if hops else {}
    return {
        u"route_entry_id": entry.get(u"RouteEntryId"),
        u"route_table_id": entry.get(u"RouteTableId"),
        u"destination_cidr_block": entry.get(u"DestinationCidrBlock"),
        u"next_hop_type": hop.get(u"NextHopType"),
        u"next_hop_id": hop.get(u"NextHopId"),
        u"name": entry.get(u"RouteEntryName") or u"",
        u"description": entry.get(u"Description") or u"",
        u"status": entry.get(u"Status"),
        u"type": entry.get(u"Type"),
    }


def published_route_view(entry):
    """A CEN published route entry (DescribePublishedRouteEntries item) as module output."""
    conflicts = (entry.get(u"Conflicts") or {}).get(u"Conflict") or []
    return {
        u"child_instance_route_table_id": entry.get(u"ChildInstanceRouteTableId"),
        u"destination_cidr_block": entry.get(u"DestinationCidrBlock"),
        u"next_hop_id": entry.get(u"NextHopId"),
        u"next_hop_type": entry.get(u"NextHopType"),
        u"publish_status": entry.get(u"PublishStatus"),
        u"route_type": entry.get(u"RouteType"),
        u"operational_mode": entry.get(u"OperationalMode"),
        u"conflicts": snake_keys(conflicts),
    }


def changed_fields(current, desired):
    """Names of the desired fields (those not None) whose value differs from the current view, sorted."""
    return sorted(changed_options(current, desired))
