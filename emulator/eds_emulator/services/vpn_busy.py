"""The "busy" answers of the VPN API: which write meets which code, and when.

These are not injected faults (faults.py) but windows of emulated time a write opens. The Terraform provider retries
all of these codes on its VPN connection and VPN route resources; which write meets which code is the emulator's
choice (docs/emulator.md "Busy codes", UNCONFIRMED):

- VpnGateway.Configuring: any connection or route write while the gateway is `updating` after another write
  (services/vpn_gateways.py, settings.delay("vpn_gateway_update")).
- Appliance.Configuring: a connection or route write while the gateway is still `provisioning` (its appliance is
  being built; DeleteVpnGateway keeps its documented VpnGateway.Configuring).
- VpnConnection.Configuring: a Modify or Delete of a connection that is still `provisioning`, `updating` or
  `deleting` after its own last write (settings.delay("vpn_connection_create") / ("vpn_connection_update") /
  ("vpn_connection_delete"), longer than the gateway's: the connection's State can still be changing when the
  gateway is `active` again).
- VpnTask.CONFLICT: a route write whose next hop is such a connection.
- VpnRouteEntry.Configuring: DeleteVpnRouteEntry / DeleteVpnPbrRouteEntry of a route that is still being applied
  after its own last write (settings.delay("vpn_gateway_update")).

Each check runs after validation and before the gateway lock, so a refused request changes nothing.

The same windows are the connection's `State` (and each tunnel's) in Describe answers: provisioning -> active after
CreateVpnConnection, updating -> active after ModifyVpnConnectionAttribute, deleting -> gone after
DeleteVpnConnection (docs/emulator.md "Connection and tunnel State"; the transitional names are UNCONFIRMED).
"""

from eds_emulator.errors import ApiError

CONNECTIONS = "vpn_connections"
CONNECTION_WINDOWS = {"create": ("provisioning", "vpn_connection_create"),
                      "update": ("updating", "vpn_connection_update"),
                      "delete": ("deleting", "vpn_connection_delete")}


def connections(ctx):
    """The region's connection table, without the deleted connections whose `deleting` window has closed."""
    table = ctx.region.table(CONNECTIONS)
    now = ctx.now()
    for connection_id in [cid for cid, c in table.items() if c.get("gone_at") is not None and now >= c["gone_at"]]:
        del table[connection_id]
    return table


def mark_connection(ctx, connection, write):
    """A connection write (create | update | delete) opens the connection's window. A delete whose window is
    empty (time scale 0) removes the connection at once; otherwise it goes when the window closes."""
    state, delay = CONNECTION_WINDOWS[write]
    connection["busy_state"] = state
    connection["busy_until"] = ctx.now() + ctx.settings.delay(delay)
    if write == "delete":
        connection["gone_at"] = connection["busy_until"]
        connections(ctx)


def connection_window(ctx, connection):
    """The connection's transitional state (provisioning | updating | deleting) while its window is open, else None."""
    if connection and ctx.now() < connection.get("busy_until", 0):
        return connection.get("busy_state", "updating")
    return None


def connection_state(ctx, connection):
    """The connection's (and its tunnels') State: the open window's name, else active."""
    return connection_window(ctx, connection) or "active"


def check_connection_idle(ctx, connection):
    """400 VpnConnection.Configuring while the connection applies its last write."""
    state = connection_window(ctx, connection)
    if state:
        raise ApiError("VpnConnection.Configuring", f"The IPsec-VPN connection {connection['VpnConnectionId']} is "
                                                    f"{state}. Try again later.")


def check_next_hop_idle(ctx, connection_id):
    """400 VpnTask.CONFLICT for a route write whose next hop connection applies its last write."""
    state = connection_window(ctx, connections(ctx).get(connection_id))
    if state:
        raise ApiError("VpnTask.CONFLICT", f"Another task of the VPN gateway is running: the IPsec-VPN connection "
                                           f"{connection_id} is {state}. Try again later.")


def mark_route(ctx, route):
    """A route write (create, weight, priority, publish) opens the route's own window."""
    route["busy_until"] = ctx.now() + ctx.settings.delay("vpn_gateway_update")


def check_route_idle(ctx, route):
    """400 VpnRouteEntry.Configuring when a route still being applied is deleted."""
    if ctx.now() < route.get("busy_until", 0):
        raise ApiError("VpnRouteEntry.Configuring", f"The route entry to {route['RouteDest']} is being configured. "
                                                    "Try again later.")
