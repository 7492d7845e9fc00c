"""CEN transit routers (cbn 2017-09-12), read-only from the scenario: ListTransitRouters,
ListTransitRouterRouteTables, and the records the attachment actions use.

Scenario shape (top-level ``transit_routers``, wire field names):

    transit_routers:
      - TransitRouterId: tr-...
        CenId: cen-...                       # must be a cen_instances entry
        RegionId: cn-shanghai
        TransitRouterName: eds-tr
        Type: Enterprise                     # Enterprise | Basic (VPN attachments need Enterprise)
        TransitRouterCidrList: [{Cidr: 10.200.0.0/24}]      # addresses of private-network VPN attachments
        RouteTables: [{TransitRouterRouteTableId: vtb-..., TransitRouterRouteTableType: System}]
        VpcAttachments: [{TransitRouterAttachmentId: tr-attach-..., VpcId: vpc-..., RouteTableId: vtb-...}]

A VPC attachment is associated with, and propagates to, its RouteTableId (default: the System table). Global tables:
``transit_routers``, ``tr_route_tables``, ``tr_attachments`` (VPC and VPN), ``tr_associations`` and
``tr_propagations`` (key "<attachment id>|<route table id>").
"""

import datetime

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import page, token_page
from eds_emulator.services import action
from eds_emulator.services.tags import matches_tags

ROUTERS = "transit_routers"
ROUTE_TABLES = "tr_route_tables"
ATTACHMENTS = "tr_attachments"
ASSOCIATIONS = "tr_associations"
PROPAGATIONS = "tr_propagations"
ALI_UID = 1234567890123456  # the emulated account's id (AliUid / VpnOwnerId)
ROUTER_TYPES = ("Enterprise", "Basic")


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def link_key(attachment_id, table_id):
    return f"{attachment_id}|{table_id}"


def seed(store, data, scenario_error):
    """Load the scenario's transit_routers into the store (called by scenario.build_store)."""
    created = iso(store.now())
    for spec in data.get("transit_routers") or []:
        if not isinstance(spec, dict) or not spec.get("TransitRouterId") or not spec.get("RegionId"):
            raise scenario_error("every transit_routers entry needs TransitRouterId and RegionId")
        if spec.get("CenId") not in store.table("cen_instances"):
            raise scenario_error(f"transit router {spec['TransitRouterId']}: unknown CenId {spec.get('CenId')}")
        region = store.region(spec["RegionId"])
        if region is None:
            raise scenario_error(f"transit router {spec['TransitRouterId']}: unknown RegionId {spec['RegionId']}")
        router = {key: value for key, value in spec.items() if key not in ("RouteTables", "VpcAttachments")}
        router.setdefault("TransitRouterName", "")
        router.setdefault("TransitRouterDescription", "")
        router.setdefault("Type", "Enterprise")
        router.setdefault("Status", "Active")
        router.setdefault("CreationTime", created)
        router.setdefault("SupportMulticast", False)
        router.setdefault("AliUid", ALI_UID)
        router["TransitRouterCidrList"] = [dict({"TransitRouterCidrId": store.new_id("cidr"), "Name": "", "Description": "",
                                                 "PublishCidrRoute": True}, **cidr)
                                           for cidr in router.get("TransitRouterCidrList") or []]
        router.setdefault("tags", {})
        store.table(ROUTERS)[router["TransitRouterId"]] = router
        tables = spec.get("RouteTables") or [{"TransitRouterRouteTableId": store.new_id("vtb")}]
        for table in tables:
            record = dict(table)
            record.setdefault("TransitRouterRouteTableType", "System")
            record.setdefault("TransitRouterRouteTableName", "")
            record.setdefault("TransitRouterRouteTableDescription", "")
            record.setdefault("TransitRouterRouteTableStatus", "Active")
            record.setdefault("CreateTime", created)
            record.update(TransitRouterId=router["TransitRouterId"], RegionId=router["RegionId"])
            record.setdefault("tags", {})
            store.table(ROUTE_TABLES)[record["TransitRouterRouteTableId"]] = record
        system = next(t["TransitRouterRouteTableId"] for t in tables if t.get("TransitRouterRouteTableType", "System") == "System")
        for vpc in spec.get("VpcAttachments") or []:
            if vpc.get("VpcId") not in region.table("vpcs"):
                raise scenario_error(f"transit router {spec['TransitRouterId']}: unknown VpcId {vpc.get('VpcId')}")
            attachment_id = vpc.get("TransitRouterAttachmentId") or store.new_id("tr-attach")
            store.table(ATTACHMENTS)[attachment_id] = {
                "TransitRouterAttachmentId": attachment_id, "TransitRouterId": router["TransitRouterId"],
                "CenId": router["CenId"], "RegionId": router["RegionId"], "ResourceType": "VPC",
                "ResourceId": vpc["VpcId"], "TransitRouterAttachmentName": vpc.get("Name", ""),
                "TransitRouterAttachmentDescription": "", "CreationTime": created, "tags": {}, "ready_at": 0}
            table_id = vpc.get("RouteTableId") or system
            for name in (ASSOCIATIONS, PROPAGATIONS):
                store.table(name)[link_key(attachment_id, table_id)] = {
                    "TransitRouterAttachmentId": attachment_id, "TransitRouterRouteTableId": table_id, "ready_at": 0}


def router_or_404(ctx, router_id, name="TransitRouterId"):
    router = ctx.store.table(ROUTERS).get(router_id) if router_id else None
    if router is None:
        raise ApiError("InvalidTransitRouterId.NotFound", f"The specified {name} {router_id} does not exist.", status=404)
    return router


def route_table_or_404(ctx, table_id):
    table = ctx.store.table(ROUTE_TABLES).get(table_id) if table_id else None
    if table is None:
        raise ApiError("InvalidTransitRouterRouteTableId.NotFound",
                       f"The specified TransitRouterRouteTableId {table_id} does not exist.", status=404)
    return table


def _router_view(router):
    out = {key: value for key, value in router.items() if key != "tags"}
    out["Tags"] = [{"Key": k, "Value": v} for k, v in router["tags"].items()]
    return out


@action("cbn", "ListTransitRouters")
def list_transit_routers(ctx, p):
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    items = []
    for router in ctx.store.table(ROUTERS).values():
        if any(p.get(key) and router.get(key) != p[key] for key in
               ("CenId", "RegionId", "TransitRouterId", "TransitRouterName", "Status", "Type")):
            continue
        if matches_tags(router, wanted_tags):
            items.append(_router_view(router))
    chunk, number, size, total = page(items, p)
    return {"TotalCount": total, "PageNumber": number, "PageSize": size, "TransitRouters": chunk}


@action("cbn", "ListTransitRouterRouteTables")
def list_transit_router_route_tables(ctx, p):
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    ids, names = p.get("TransitRouterRouteTableIds") or [], p.get("TransitRouterRouteTableNames") or []
    if p.get("TransitRouterId"):
        router_or_404(ctx, p["TransitRouterId"])
    items = []
    for table in ctx.store.table(ROUTE_TABLES).values():
        if p.get("TransitRouterId") and table["TransitRouterId"] != p["TransitRouterId"]:
            continue
        if (ids and table["TransitRouterRouteTableId"] not in ids) or (names and table["TransitRouterRouteTableName"] not in names):
            continue
        if any(p.get(key) and table[key] != p[key] for key in ("TransitRouterRouteTableType", "TransitRouterRouteTableStatus")):
            continue
        if not matches_tags(table, wanted_tags):
            continue
        out = {key: value for key, value in table.items() if key != "tags"}
        out.update(Tags=[{"Key": k, "Value": v} for k, v in table["tags"].items()],
                   RouteTableOptions={"MultiRegionECMP": "disable"})
        items.append(out)
    chunk, token, size, total = token_page(items, p, default_size=20, max_size=100)
    return {"TotalCount": total, "MaxResults": size, "NextToken": token, "TransitRouterRouteTables": chunk}
