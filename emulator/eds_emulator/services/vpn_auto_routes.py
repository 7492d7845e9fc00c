"""The policy-based routes an IPsec-VPN connection adds to its gateway by itself (AutoConfigRoute).

CreateVpnConnection documents AutoConfigRoute as "whether to automatically configure routes", true by default, and
says that both LocalSubnet and RemoteSubnet set to specific CIDR blocks select the protected data flow mode. The
emulator then adds one policy-based route per (LocalSubnet block, RemoteSubnet block) pair: source the VPC side,
destination the data center, next hop the connection, weight 100, priority 10, not published to the VPC (State
``normal``). They are ordinary entries of DescribeVpnPbrRouteEntries: publish them with PublishVpnRouteEntry
(RouteType pbr), remove them with DeleteVpnPbrRouteEntry.

Choices where the reference is silent (docs/emulator.md, "AutoConfigRoute"; all UNCONFIRMED):
- destination routing mode (both sides 0.0.0.0/0) adds no route;
- a Modify that changes the subnets of a connection with AutoConfigRoute true re-derives its routes: pairs that
  stay keep their weight, priority and publication, pairs that go are removed, new pairs are added;
- AutoConfigRoute false leaves the routes already there alone (nothing is added or removed any more);
- a route the user made before with the same source, destination and next hop is left as it is (not duplicated,
  and not removed with the connection);
- DeleteVpnConnection removes the routes the connection added (not the ones the user added).
"""

from eds_emulator.errors import ApiError
from eds_emulator.services.vpn_routes import PBR

AUTO = "auto_config"  # bookkeeping flag on a route record: added by its connection
WEIGHT = 100
PRIORITY = 10


def _blocks(text):
    return [block for block in str(text).split(",") if block]


def wanted_pairs(record):
    """(source, destination) pairs the connection's routes should cover; none in destination routing mode."""
    local, remote = _blocks(record["LocalSubnet"]), _blocks(record["RemoteSubnet"])
    if local == ["0.0.0.0/0"] and remote == ["0.0.0.0/0"]:
        return []
    return [(source, dest) for source in local for dest in remote]


def route_key(gateway_id, source, dest, next_hop):
    """The PBR table key (services/vpn_routes.py names routes the same way)."""
    return "|".join((gateway_id, source, dest, next_hop))


def check_room(ctx, gateway_id, adding, removing=0):
    """The gateway's policy-based route quota must hold the routes a connection adds: 400
    QuotaExceeded.PolicyBasedRoute otherwise (a documented error of CreateVpnConnection and
    ModifyVpnConnectionAttribute)."""
    limit = ctx.settings.quota("vpn_pbr_route_entries")
    count = sum(1 for route in ctx.region.table(PBR).values() if route["VpnInstanceId"] == gateway_id)
    if adding and count - removing + adding > limit:
        raise ApiError("QuotaExceeded.PolicyBasedRoute", f"The VPN gateway {gateway_id} has {count} policy-based routes; "
                       f"the connection's {adding} more would exceed the quota of {limit}.")


def new_route_count(record):
    """How many routes a new connection record adds."""
    return len(wanted_pairs(record)) if record.get("AutoConfigRoute", True) else 0


def planned_routes(ctx, record):
    """(keys to add, keys to remove) for the connection record as it is about to be stored; checks the quota."""
    table = ctx.region.table(PBR)
    gateway_id, connection_id = record["VpnGatewayId"], record["VpnConnectionId"]
    mine = {key for key, route in table.items() if route.get(AUTO) == connection_id}
    if not record.get("AutoConfigRoute", True):
        return [], []
    wanted = [route_key(gateway_id, source, dest, connection_id) for source, dest in wanted_pairs(record)]
    add, remove = [key for key in wanted if key not in table], sorted(mine - set(wanted))
    check_room(ctx, gateway_id, len(add), len(remove))
    return add, remove


def apply_routes(ctx, record, plan):
    """Store the plan of planned_routes (the caller checked the quota)."""
    add, remove = plan
    table = ctx.region.table(PBR)
    for key in remove:
        del table[key]
    for key in add:
        gateway_id, source, dest, next_hop = key.split("|")
        table[key] = {"VpnInstanceId": gateway_id, "RouteSource": source, "RouteDest": dest, "NextHop": next_hop,
                      "Weight": WEIGHT, "Priority": PRIORITY, "State": "normal", "CreateTime": ctx.now_ms(),
                      "Description": "", "OverlayMode": "Ipsec", AUTO: record["VpnConnectionId"]}


def remove_routes(ctx, connection_id):
    """DeleteVpnConnection: the routes the connection added go with it."""
    table = ctx.region.table(PBR)
    for key in [key for key, route in table.items() if route.get(AUTO) == connection_id]:
        del table[key]
