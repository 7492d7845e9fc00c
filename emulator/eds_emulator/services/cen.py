"""CEN (cbn 2017-09-12) route publishing: PublishRouteEntries, WithdrawPublishedRouteEntries, DescribePublishedRouteEntries.

CEN instances and their attached VPCs come from the scenario (global table ``cen_instances``). Which routes CEN
sees is derived from the VPC route tables (services/route_tables.py): vSwitch routes are System routes, always
Published; 100.64.0.0/10 is a System route, NonPublished; custom routes (next hop VPN gateway etc.) are NonPublished
until published. PublishStatus takes only the two documented values, Published and NonPublished (the
DescribePublishedRouteEntries SDK model; the Terraform provider's alicloud_cen_route_entry waits for the first and
reads the second as "gone"). Publishing takes settings.delay("cen_publish"): the entry keeps reading NonPublished
until it is done, then Published (withdrawing: Published until done, then NonPublished; UNCONFIRMED whether the real
API is this asynchronous). Any publish/withdraw on the same CEN instance while one runs, the same route's included,
gets 400 Operation.Blocking. Publishing an already published route (or withdrawing a non-published one) is accepted
and changes nothing (UNCONFIRMED on the real API).
"""

import ipaddress

from eds_emulator.errors import ApiError
from eds_emulator.pagination import page
from eds_emulator.services import action, require
from eds_emulator.services.route_tables import route_table_or_404, table_entries

PUBLICATIONS = "cen_publications"
TASKS = "cen_tasks"
CHILD_TYPES = ("VPC", "VBR", "CCN")


def _child(ctx, p):
    """(cen, region state, attached child) for a request naming a CEN instance and one of its VPCs."""
    cen = ctx.store.table("cen_instances").get(p["CenId"])
    if cen is None:
        raise ApiError("ParameterCenInstanceId", f"The specified CenId {p['CenId']} does not exist.")
    if p["ChildInstanceType"] not in CHILD_TYPES:
        raise ApiError.invalid("ChildInstanceType", "The ChildInstanceType must be VPC or VBR.")
    child = next((c for c in cen.get("ChildInstances", []) if c["ChildInstanceId"] == p["ChildInstanceId"]
                  and c.get("ChildInstanceRegionId") == p["ChildInstanceRegionId"]
                  and c.get("ChildInstanceType", "VPC") == p["ChildInstanceType"]), None)
    if child is None:
        raise ApiError("ParameterInstanceId", f"The {p['ChildInstanceType']} {p['ChildInstanceId']} in "
                                              f"{p['ChildInstanceRegionId']} is not attached to {p['CenId']}.")
    region = ctx.store.region(p["ChildInstanceRegionId"])
    if region is None:
        raise ApiError("ParameterInstanceId", f"Unknown region {p['ChildInstanceRegionId']}.")
    return cen, region, child


def _tables(region, p):
    if p.get("ChildInstanceRouteTableId"):
        table = route_table_or_404(region, p["ChildInstanceRouteTableId"], "ChildInstanceRouteTableId")
        if table["VpcId"] != p["ChildInstanceId"]:
            raise ApiError("ParameterIllegal", f"The route table {table['RouteTableId']} does not belong to "
                                               f"{p['ChildInstanceId']}.")
        return [table]
    return sorted((t for t in region.table("route_tables").values() if t["VpcId"] == p["ChildInstanceId"]),
                  key=lambda t: t["RouteTableId"])


def _key(cen_id, table_id, dest):
    return f"{cen_id}|{table_id}|{dest}"


def _publication_status(ctx, cen_id, table_id, entry):
    """Publish status of a custom entry; drops completed withdrawals and publications of a deleted entry."""
    publications = ctx.store.table(PUBLICATIONS)
    key = _key(cen_id, table_id, entry["DestinationCidrBlock"])
    record = publications.get(key)
    if record is None:
        return "NonPublished"
    if record["route_entry_id"] != entry["RouteEntryId"]:
        del publications[key]  # the route was deleted and made anew: the old publication went with it
        return "NonPublished"
    done = ctx.now() >= record["ready_at"]
    if record["withdrawing"]:
        if done:
            del publications[key]
            return "NonPublished"
        return "Published"
    return "Published" if done else "NonPublished"


def _published_entries(ctx, region, cen_id, table):
    out = []
    for entry in table_entries(ctx, region, table):
        if entry["status"] not in ("Available", "Modifying"):
            continue
        if entry["kind"] == "system":
            local = entry["NextHopType"] == "local"
            status, operational, route_type = ("Published" if local else "NonPublished"), False, "System"
        else:
            status, operational, route_type = _publication_status(ctx, cen_id, table["RouteTableId"], entry), True, "Custom"
        out.append({
            "ChildInstanceRouteTableId": table["RouteTableId"],
            "Conflicts": {"Conflict": []},
            "DestinationCidrBlock": entry["DestinationCidrBlock"],
            "NextHopId": entry["NextHopId"],
            "NextHopType": entry["NextHopType"],
            "OperationalMode": operational,
            "PublishStatus": status,
            "RouteType": route_type,
            "route_entry_id": entry["RouteEntryId"],
        })
    return out


def _target(ctx, p):
    """(cen, table, CEN view of the entry) named by a Publish/Withdraw request."""
    require(p, "CenId", "ChildInstanceId", "ChildInstanceRegionId", "ChildInstanceRouteTableId", "ChildInstanceType",
            "DestinationCidrBlock")
    cen, region, _child_ = _child(ctx, p)
    table = _tables(region, p)[0]
    try:
        wanted = ipaddress.ip_network(str(p["DestinationCidrBlock"]).strip(), strict=False)
    except ValueError:
        raise ApiError("ParameterIllegal", f"The DestinationCidrBlock {p['DestinationCidrBlock']} is not valid.") from None
    entry = next((e for e in _published_entries(ctx, region, cen["CenId"], table)
                  if ipaddress.ip_network(e["DestinationCidrBlock"]) == wanted), None)
    if entry is None:
        raise ApiError("InvalidOperation.NotFoundRoute",
                       f"The route table {table['RouteTableId']} has no available route to {wanted}.")
    if not entry["OperationalMode"]:
        raise ApiError("InvalidOperation.RouteEntryNotOperational",
                       f"The {entry['RouteType']} route to {wanted} cannot be published or withdrawn.")
    return cen, table, entry


def _cen_task(ctx, cen_id):
    tasks = ctx.store.table(TASKS)
    now = ctx.now()
    if tasks.get(cen_id, 0) > now:
        raise ApiError("Operation.Blocking", f"The CEN instance {cen_id} is being configured. Try again later.")
    tasks[cen_id] = now + ctx.settings.delay("cen_publish")
    return now + ctx.settings.delay("cen_publish")


def _pending(ctx, cen, table, entry):
    """Whether the entry's publication or withdrawal is still under way (it then reads as its old status)."""
    record = ctx.store.table(PUBLICATIONS).get(_key(cen["CenId"], table["RouteTableId"], entry["DestinationCidrBlock"]))
    return record is not None and ctx.now() < record["ready_at"]


@action("cbn", "PublishRouteEntries", write=True)
@action("cbn", "WithdrawPublishedRouteEntries", write=True)
def publish_route_entries(ctx, p):
    """Publish, or withdraw (the action says which); nothing to do when the entry already has that status."""
    withdrawing = ctx.action == "WithdrawPublishedRouteEntries"
    cen, table, entry = _target(ctx, p)
    if entry["PublishStatus"] == ("NonPublished" if withdrawing else "Published") and not _pending(ctx, cen, table, entry):
        return {}
    ready_at = _cen_task(ctx, cen["CenId"])
    ctx.store.table(PUBLICATIONS)[_key(cen["CenId"], table["RouteTableId"], entry["DestinationCidrBlock"])] = {
        "route_entry_id": entry["route_entry_id"], "ready_at": ready_at, "withdrawing": withdrawing}
    return {}


@action("cbn", "DescribePublishedRouteEntries")
def describe_published_route_entries(ctx, p):
    require(p, "CenId", "ChildInstanceId", "ChildInstanceRegionId", "ChildInstanceType")
    cen, region, _child_ = _child(ctx, p)
    entries = []
    for table in _tables(region, p):
        entries.extend(_published_entries(ctx, region, cen["CenId"], table))
    if p.get("DestinationCidrBlock"):
        try:
            wanted = ipaddress.ip_network(str(p["DestinationCidrBlock"]).strip(), strict=False)
        except ValueError:
            raise ApiError("ParameterIllegal", f"The DestinationCidrBlock {p['DestinationCidrBlock']} is not valid.") from None
        entries = [e for e in entries if ipaddress.ip_network(e["DestinationCidrBlock"]) == wanted]
    items, number, size, total = page(entries, p)
    for item in items:
        item.pop("route_entry_id")
    return {"PageNumber": number, "PageSize": size, "TotalCount": total,
            "PublishedRouteEntries": {"PublishedRouteEntry": items}}
