"""IPsec-VPN connection actions: CreateVpnConnection, DescribeVpnConnections, DescribeVpnConnection,
ModifyVpnConnectionAttribute, DeleteVpnConnection, DownloadVpnConnectionConfig.

Layers, as in moto: this module takes the request (required parameters, order of the checks, the gateway lock),
vpn_connection_backend.py holds the state and its rules, vpn_connection_checks.py validates the parameter blocks and
vpn_connection_views.py shapes the answers. Connection and tunnel Status follow from the peer the data center
really is (vpn_negotiation.py; `ike_sa_not_established` while none is set).
"""

from eds_emulator import validation
from eds_emulator.pagination import page_body
from eds_emulator.services import action, check_dry_run, require
from eds_emulator.services import vpn_auto_routes as auto_routes
from eds_emulator.services import vpn_busy as busy
from eds_emulator.services import vpn_connection_backend as backend
from eds_emulator.services import vpn_connection_checks as checks
from eds_emulator.services.tags import apply_tags, matches_tags
from eds_emulator.services.vpn_connection_views import connection_view, modify_view, peer_config
from eds_emulator.services.vpn_gateways import gateway_for_write, gateway_or_404

TABLE = backend.TABLE


@action("vpc", "CreateVpnConnection", write=True)
def create_vpn_connection(ctx, p):
    require(p, "VpnGatewayId", "LocalSubnet", "RemoteSubnet")
    gw = gateway_or_404(ctx, p["VpnGatewayId"])
    name = checks.connection_name(p["Name"]) if p.get("Name") is not None else None
    tags = validation.tags(p.get("Tags"), "Tags")
    record = backend.new_record(ctx, gw, p)
    backend.check_connection_quota(ctx, gw["VpnGatewayId"])
    auto_routes.check_room(ctx, gw["VpnGatewayId"], auto_routes.new_route_count(record))
    check_dry_run(p)
    gateway_for_write(ctx, gw["VpnGatewayId"])  # validation passed: lock (400 VpnGateway.Configuring if busy)
    connection_id = ctx.store.new_id("vco")
    record.update(VpnConnectionId=connection_id, Name=name or connection_id, CreateTime=ctx.now_ms())
    routes = auto_routes.planned_routes(ctx, record)
    apply_tags(record, tags)
    ctx.region.table(TABLE)[connection_id] = record
    auto_routes.apply_routes(ctx, record, routes)
    busy.mark_connection(ctx, record, "create")
    return {"VpnConnectionId": connection_id, "Name": record["Name"], "CreateTime": record["CreateTime"]}


@action("vpc", "DescribeVpnConnections")
def describe_vpn_connections(ctx, p):
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    items = []
    for record in busy.connections(ctx).values():
        if any(p.get(key) and record[key] != p[key] for key in ("VpnConnectionId", "VpnGatewayId")):
            continue
        cgw_ids = [record["CustomerGatewayId"]] + [t["CustomerGatewayId"] for t in record["tunnels"]]
        if p.get("CustomerGatewayId") and p["CustomerGatewayId"] not in cgw_ids:  # either tunnel's (a choice)
            continue
        if p.get("ResourceGroupId") and record["ResourceGroupId"] != p["ResourceGroupId"]:
            continue
        if not matches_tags(record, wanted_tags):
            continue
        items.append(connection_view(ctx, record, plural=True))
    return page_body(items, p, "VpnConnections", "VpnConnection")


@action("vpc", "DescribeVpnConnection")
def describe_vpn_connection(ctx, p):
    require(p, "VpnConnectionId")
    return connection_view(ctx, backend.connection_or_404(ctx, p["VpnConnectionId"]))


@action("vpc", "ModifyVpnConnectionAttribute", write=True)
def modify_vpn_connection_attribute(ctx, p):
    require(p, "VpnConnectionId")
    stored = backend.connection_or_404(ctx, p["VpnConnectionId"])
    gw = gateway_or_404(ctx, stored["VpnGatewayId"])
    record = backend.modified_record(ctx, gw, stored, p)
    routes = auto_routes.planned_routes(ctx, record)
    busy.check_connection_idle(ctx, stored)
    gateway_for_write(ctx, gw["VpnGatewayId"])
    stored.clear()
    stored.update(record)
    auto_routes.apply_routes(ctx, stored, routes)
    busy.mark_connection(ctx, stored, "update")
    return modify_view(ctx, stored)


@action("vpc", "DeleteVpnConnection", write=True)
def delete_vpn_connection(ctx, p):
    require(p, "VpnConnectionId")
    record = backend.connection_or_404(ctx, p["VpnConnectionId"])
    busy.check_connection_idle(ctx, record)
    gateway_for_write(ctx, record["VpnGatewayId"])
    auto_routes.remove_routes(ctx, record["VpnConnectionId"])
    busy.mark_connection(ctx, record, "delete")  # `deleting`, then gone (at once with time scale 0)
    return {}


@action("vpc", "DownloadVpnConnectionConfig")
def download_vpn_connection_config(ctx, p):
    require(p, "VpnConnectionId")
    record = backend.connection_or_404(ctx, p["VpnConnectionId"])
    return peer_config(ctx, record, backend.customer_gateway)
