"""VPN gateway routes: destination-based (dbr) and policy-based (pbr) entries, weights, priorities, publishing.

Every write goes through _lock: 400 VpnTask.CONFLICT while the next hop connection applies its own last write, then
gateway_for_write (404 for an unknown gateway, 400 Appliance.Configuring / VpnGateway.Configuring while the gateway
is not active, then `updating` for settings.delay("vpn_gateway_update")); deleting a route that is still being
applied answers VpnRouteEntry.Configuring (services/vpn_busy.py). Validation runs before the lock, so a refused
request never makes the gateway busy. Routes published to the VPC (PublishVpc) show up in the VPC's system
route table (services/route_tables.py derives them from the tables here).
"""

import ipaddress

from eds_emulator.errors import ApiError
from eds_emulator.pagination import page
from eds_emulator.services import action, check_dry_run, require, vpn_busy
from eds_emulator.services.vpn_gateways import gateway_for_write, gateway_or_404

DBR = "vpn_route_entries"
PBR = "vpn_pbr_route_entries"
WEIGHTS = (0, 100)
RESERVED_DESTINATIONS = tuple(ipaddress.ip_network(n) for n in (
    "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"))


def published_destinations(region, vpc_id):
    """(gateway id, destination, first create time ms) of every route the VPC's gateways publish to it."""
    found = {}
    for gateway in region.table("vpn_gateways").values():
        if gateway.get("VpcId") != vpc_id or gateway.get("gone_at") is not None:
            continue
        for table in (DBR, PBR):
            for route in region.table(table).values():
                if route["VpnInstanceId"] == gateway["VpnGatewayId"] and route["State"] == "published":
                    key = (gateway["VpnGatewayId"], route["RouteDest"])
                    found[key] = min(found.get(key, route["CreateTime"]), route["CreateTime"])
    return [(gw, dest, created) for (gw, dest), created in sorted(found.items())]


# --- validation -----------------------------------------------------------------------------------------------------

def _cidr(value, name, reserved=False):
    text = str(value).strip()
    try:
        network = ipaddress.IPv4Network(text, strict=True)
    except ValueError:
        raise ApiError(f"IllegalParam.{name}", f'The specified {name} "{value}" is not a valid CIDR block.') from None
    if reserved:
        for block in RESERVED_DESTINATIONS:
            if network.subnet_of(block):
                raise ApiError(f"IllegalParam.{name}", f"The specified {name} {network} lies in the reserved range {block}.")
    return str(network)


def _int(p, name, low, high, allowed=None):
    value = p.get(name)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ApiError.invalid(name, f"The {name} must be an integer.") from None
    if (allowed is not None and value not in allowed) or not low <= value <= high:
        valid = ", ".join(map(str, allowed)) if allowed else f"{low} to {high}"
        raise ApiError.invalid(name, f"The specified {name} {value} is not valid. Valid values: {valid}.")
    return value


def _bool(p, name):
    value = p.get(name)
    if not isinstance(value, bool):
        raise ApiError.invalid(name, f"The {name} must be true or false.")
    return value


def _description(p):
    value = p.get("Description")
    if value is not None and (not 1 <= len(value) <= 100 or value.lower().startswith(("http://", "https://"))):
        raise ApiError("InvalidDescription", "The description must be 1 to 100 characters and cannot start with "
                                             "http:// or https://.")
    return value or ""


def _overlay(p):
    if p.get("OverlayMode") not in (None, "", "Ipsec"):
        raise ApiError.invalid("OverlayMode", 'The OverlayMode must be "Ipsec".')
    return "Ipsec"


def _connection(ctx, gateway_id, connection_id):
    """The next hop must be an IPsec connection of this gateway."""
    connection = vpn_busy.connections(ctx).get(connection_id)
    if connection is None or connection.get("VpnGatewayId") != gateway_id:
        raise ApiError("InvalidVpnConnectionInstanceId.NotFound",
                       f"The specified IPsec connection {connection_id} does not exist on VPN gateway {gateway_id}.",
                       status=404)


def _key(p, policy):
    """Table key and canonical fields naming one route."""
    dest = _cidr(p["RouteDest"], "RouteDest")
    fields = {"VpnInstanceId": p["VpnGatewayId"], "RouteDest": dest, "NextHop": p["NextHop"]}
    if policy:
        fields["RouteSource"] = _cidr(p["RouteSource"], "RouteSource")
        return "|".join((p["VpnGatewayId"], fields["RouteSource"], dest, p["NextHop"])), fields
    return "|".join((p["VpnGatewayId"], dest, p["NextHop"])), fields


def _existing(ctx, p, policy):
    """The route a Delete/Modify request names; its Weight (and Priority, when given) must match."""
    table = ctx.region.table(PBR if policy else DBR)
    key, _fields = _key(p, policy)
    route = table.get(key)
    if route is None:
        raise ApiError("InvalidRouteEntry.NotFound", "The specified route entry does not exist.", status=404)
    if _int(p, "Weight", 0, 100, WEIGHTS) != route["Weight"]:
        raise ApiError.invalid("Weight", f"The specified Weight does not match the route entry ({route['Weight']}).")
    if policy and p.get("Priority") is not None and _int(p, "Priority", 1, 100) != route["Priority"]:
        raise ApiError.invalid("Priority", f"The specified Priority does not match the route entry ({route['Priority']}).")
    return key, route


def _route_out(route, policy):
    out = {"CreateTime": route["CreateTime"], "NextHop": route["NextHop"], "NextHopTunnelId": "",
           "RouteDest": route["RouteDest"], "State": route["State"], "VpnInstanceId": route["VpnInstanceId"],
           "Weight": route["Weight"]}
    if policy:
        out.update(RouteSource=route["RouteSource"], Priority=route["Priority"])
    else:
        out.update(AsPath="", Community="", RouteEntryType="custom", Source="CUSTOM")
    return out


# --- create / delete ------------------------------------------------------------------------------------------------

def _lock(ctx, p):
    """A validated route write takes the gateway (VpnTask.CONFLICT first while its next hop is busy)."""
    vpn_busy.check_next_hop_idle(ctx, p["NextHop"])
    gateway_for_write(ctx, p["VpnGatewayId"])


def _policy(ctx):
    """Each handler below serves a pair of actions: the Pbr one for policy-based routes, its twin for
    destination-based ones."""
    return "Pbr" in ctx.action


@action("vpc", "CreateVpnRouteEntry", write=True)
@action("vpc", "CreateVpnPbrRouteEntry", write=True)
def create_vpn_route_entry(ctx, p):
    policy = _policy(ctx)
    names = ["VpnGatewayId", "RouteDest", "NextHop", "Weight", "PublishVpc"] + (["RouteSource"] if policy else [])
    require(p, *names)
    gateway_or_404(ctx, p["VpnGatewayId"])
    _cidr(p["RouteDest"], "RouteDest", reserved=True)
    key, fields = _key(p, policy)
    weight = _int(p, "Weight", 0, 100, WEIGHTS)
    publish = _bool(p, "PublishVpc")
    priority = _int(p, "Priority", 1, 100) if policy and p.get("Priority") is not None else 10
    description, overlay = _description(p), _overlay(p)
    _connection(ctx, p["VpnGatewayId"], p["NextHop"])
    table = ctx.region.table(PBR if policy else DBR)
    if key in table:
        raise ApiError("VpnRouteEntry.AlreadyExists", f"The route entry {key} already exists.")
    # each kind has its own quota per gateway; Resource.QuotaFull is the documented code of both create actions
    limit = ctx.settings.quota(PBR if policy else DBR)
    if sum(1 for r in table.values() if r["VpnInstanceId"] == p["VpnGatewayId"]) >= limit:
        raise ApiError("Resource.QuotaFull", f"The VPN gateway already has {limit} "
                       f"{'policy' if policy else 'destination'}-based routes (quota {limit}).")
    check_dry_run(p)
    _lock(ctx, p)
    route = dict(fields, Weight=weight, State="published" if publish else "normal", CreateTime=ctx.now_ms(),
                 Description=description, OverlayMode=overlay)
    if policy:
        route["Priority"] = priority
    table[key] = route
    vpn_busy.mark_route(ctx, route)
    out = {k: route[k] for k in ("CreateTime", "NextHop", "RouteDest", "State", "VpnInstanceId", "Weight",
                                 "Description", "OverlayMode")}
    if policy:
        out.update(RouteSource=route["RouteSource"], Priority=priority)
    return out


@action("vpc", "DeleteVpnRouteEntry", write=True)
@action("vpc", "DeleteVpnPbrRouteEntry", write=True)
def delete_vpn_route_entry(ctx, p):
    policy = _policy(ctx)
    require(p, "VpnGatewayId", "RouteDest", "NextHop", "Weight", *(["RouteSource"] if policy else []))
    gateway_or_404(ctx, p["VpnGatewayId"])
    key, route = _existing(ctx, p, policy)
    vpn_busy.check_route_idle(ctx, route)
    _lock(ctx, p)
    del ctx.region.table(PBR if policy else DBR)[key]
    return {}


# --- modify ---------------------------------------------------------------------------------------------------------

def _modify(ctx, p, policy, field, new, *bounds):
    """Sets the route's field to the request's parameter `new`, an integer within bounds (see _int)."""
    gateway_or_404(ctx, p["VpnGatewayId"])
    _key_, route = _existing(ctx, p, policy)
    value = _int(p, new, *bounds)
    _lock(ctx, p)
    route[field] = value
    vpn_busy.mark_route(ctx, route)
    return {}


@action("vpc", "ModifyVpnRouteEntryWeight", write=True)
@action("vpc", "ModifyVpnPbrRouteEntryWeight", write=True)
def modify_vpn_route_entry_weight(ctx, p):
    policy = _policy(ctx)
    require(p, "VpnGatewayId", "RouteDest", "NextHop", "Weight", "NewWeight", *(["RouteSource"] if policy else []))
    return _modify(ctx, p, policy, "Weight", "NewWeight", 0, 100, WEIGHTS)


@action("vpc", "ModifyVpnPbrRouteEntryPriority", write=True)
def modify_vpn_pbr_route_entry_priority(ctx, p):
    require(p, "VpnGatewayId", "RouteSource", "RouteDest", "NextHop", "Weight", "NewPriority")
    return _modify(ctx, p, True, "Priority", "NewPriority", 1, 100)


@action("vpc", "PublishVpnRouteEntry", write=True)
def publish_vpn_route_entry(ctx, p):
    """Publish (PublishVpc=true) or withdraw a route; withdrawing a destination withdraws it for dbr and pbr alike."""
    require(p, "VpnGatewayId", "RouteDest", "NextHop", "RouteType", "PublishVpc")
    gateway_or_404(ctx, p["VpnGatewayId"])
    if p["RouteType"] not in ("dbr", "pbr"):
        raise ApiError.invalid("RouteType", 'The RouteType must be "dbr" or "pbr".')
    publish = _bool(p, "PublishVpc")
    dest = _cidr(p["RouteDest"], "RouteDest")
    table = ctx.region.table(PBR if p["RouteType"] == "pbr" else DBR)
    named = [r for r in table.values()
             if r["VpnInstanceId"] == p["VpnGatewayId"] and r["RouteDest"] == dest and r["NextHop"] == p["NextHop"]]
    if not named:
        raise ApiError("InvalidRouteEntry.NotFound", "The specified route entry does not exist.", status=404)
    _lock(ctx, p)
    if publish:
        for route in named:
            route["State"] = "published"
            vpn_busy.mark_route(ctx, route)
    else:
        for name in (DBR, PBR):
            for route in ctx.region.table(name).values():
                if route["VpnInstanceId"] == p["VpnGatewayId"] and route["RouteDest"] == dest:
                    route["State"] = "normal"
                    vpn_busy.mark_route(ctx, route)
    return {}


# --- describe -------------------------------------------------------------------------------------------------------

@action("vpc", "DescribeVpnRouteEntries")
@action("vpc", "DescribeVpnPbrRouteEntries")
def describe_vpn_route_entries(ctx, p):
    policy = _policy(ctx)
    list_key, item_key = ("VpnPbrRouteEntries", "VpnPbrRouteEntry") if policy else ("VpnRouteEntries", "VpnRouteEntry")
    require(p, "VpnGatewayId")
    gateway_or_404(ctx, p["VpnGatewayId"])
    routes = [r for r in ctx.region.table(PBR if policy else DBR).values() if r["VpnInstanceId"] == p["VpnGatewayId"]]
    if not policy and (p.get("RouteEntryType") or "custom") != "custom":
        routes = []  # no BGP routes without BGP peers
    routes.sort(key=lambda r: (r["CreateTime"], r["RouteDest"], r["NextHop"]))
    items, number, size, total = page(routes, p)
    body = {"PageNumber": number, "PageSize": size, "TotalCount": total,
            list_key: {item_key: [_route_out(r, policy) for r in items]}}
    if not policy:
        body["VpnRouteCounts"] = {"VpnRouteCount": [{"RouteCount": total, "RouteEntryType": "custom", "Source": "CUSTOM"}]}
    return body
