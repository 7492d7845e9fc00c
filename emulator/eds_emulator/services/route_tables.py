"""VPC route tables (seeded by the scenario: one system table per VPC) and their route entries.

A table lists three kinds of entries:
- system routes, derived from the VPC: one per vSwitch CIDR (next hop type ``local``) and 100.64.0.0/10
  (``service``), never writable;
- custom routes (CreateRouteEntry), stored in the region table ``route_entries``; the entry is ``Pending``
  (``Modifying``, ``Deleting``) for settings.delay("route_entry"), then ``Available`` (or gone). CreateRouteEntry
  while another entry of the table is not ``Available`` answers 400 IncorrectRouteEntryStatus (the Terraform
  provider retries that code on route entries); DeleteRouteEntry / ModifyRouteEntry take the VPC's task lock
  (400 TaskConflict while another route write in that VPC runs);
- routes a VPN gateway of the VPC publishes (PublishVpc=true, services/vpn_routes.py), derived on read into the
  system table with next hop ``VpnGateway``; they are removed by withdrawing them on the gateway.
"""

import datetime
import hashlib
import ipaddress

from eds_emulator.errors import ApiError
from eds_emulator.pagination import page, token_page
from eds_emulator.services import action, check_dry_run, require, vpn_routes

ENTRIES = "route_entries"
TASKS = "vpc_route_tasks"
MAX_CUSTOM_ENTRIES = 200

CLOUD_SERVICE_RANGE = ipaddress.ip_network("100.64.0.0/10")
# Not unicast destinations behind a next hop: refused with InvalidDestinationCidrBlock ("must not included in black
# list cidr"). The exact black list of the real API is not documented: this one is an emulator choice.
BLACK_LIST = tuple(ipaddress.ip_network(n) for n in ("127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"))
NEXT_HOP_TYPES = ("Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway",
                  "NatGateway", "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr",
                  "GatewayLoadBalancerEndpoint", "RouteTargetGroup")


# --- helpers shared with services/cen.py and services/vpn_routes.py -------------------------------------------------

def gmt(ts):
    """GmtModified format of route entries: yyyy-MM-ddTHH:mmZ."""
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def derived_id(*parts):
    """A stable rte- id for an entry that is computed, not stored (system and VPN-published routes)."""
    return "rte-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:21]


def route_table_or_404(region, table_id, name="RouteTableId"):
    table = region.table("route_tables").get(table_id) if table_id else None
    if table is None:
        raise ApiError("InvalidRouteTableId.NotFound", f"The specified {name} {table_id} does not exist.", status=404)
    return table


def system_table(region, vpc_id):
    for table in region.table("route_tables").values():
        if table.get("VpcId") == vpc_id and table.get("RouteTableType") == "System":
            return table
    return None


def vpc_task(ctx, vpc_id, check=True):
    """Take the VPC's route task lock for one write: 400 TaskConflict while another route write there runs
    (check=False: take it without that check, for a create that checked its table's entries instead)."""
    tasks = ctx.region.table(TASKS)
    now = ctx.now()
    if check and tasks.get(vpc_id, 0) > now:
        raise ApiError("TaskConflict", "The operation is too frequent, please wait a moment and try again.")
    tasks[vpc_id] = now + ctx.settings.delay("route_entry")


def entry_status(record, now):
    """Status of a stored custom entry, or None once a deletion has completed."""
    if record.get("gone_at") is not None:
        return None if now >= record["gone_at"] else "Deleting"
    if now < record.get("ready_at", 0):
        return record.get("pending_status", "Pending")
    return "Available"


def _purge(region, now):
    entries = region.table(ENTRIES)
    for entry_id in [i for i, r in entries.items() if entry_status(r, now) is None]:
        del entries[entry_id]


def table_entries(ctx, region, table):
    """Every entry of a route table as internal dicts: wire fields plus ``kind`` (system|custom|vpn) and ``status``."""
    now = ctx.now()
    _purge(region, now)
    vpc_id = table["VpcId"]
    out = []
    for vswitch in region.table("vswitches").values():
        if vswitch.get("VpcId") == vpc_id:
            out.append(dict(kind="system", RouteEntryId=derived_id(table["RouteTableId"], vswitch["CidrBlock"]),
                            DestinationCidrBlock=vswitch["CidrBlock"], NextHopType="local", NextHopId="",
                            RouteEntryName="", Description="", status="Available", modified=0))
    out.append(dict(kind="system", RouteEntryId=derived_id(table["RouteTableId"], str(CLOUD_SERVICE_RANGE)),
                    DestinationCidrBlock=str(CLOUD_SERVICE_RANGE), NextHopType="service", NextHopId="",
                    RouteEntryName="", Description="", status="Available", modified=0))
    for record in region.table(ENTRIES).values():
        if record["RouteTableId"] == table["RouteTableId"]:
            out.append(dict(record, kind="custom", status=entry_status(record, now), modified=record["modified_at"]))
    if table.get("RouteTableType") == "System":
        for gateway_id, dest, created_ms in vpn_routes.published_destinations(region, vpc_id):
            out.append(dict(kind="vpn", RouteEntryId=derived_id(table["RouteTableId"], gateway_id, dest),
                            DestinationCidrBlock=dest, NextHopType="VpnGateway", NextHopId=gateway_id,
                            RouteEntryName="", Description=f"published by VPN gateway {gateway_id}",
                            status="Available", modified=created_ms / 1000.0))
    return out


def entry_out(ctx, table, entry):
    return {
        "Description": entry.get("Description", ""),
        "DestinationCidrBlock": entry["DestinationCidrBlock"],
        "GmtModified": gmt(entry["modified"] or ctx.now()),
        "IpVersion": "ipv4",
        "NextHops": {"NextHop": [{
            "Enabled": 1,
            "NextHopId": entry["NextHopId"],
            "NextHopRegionId": ctx.region_id,
            "NextHopRelatedInfo": {"InstanceId": "", "InstanceType": "", "RegionId": ""},
            "NextHopType": entry["NextHopType"],
            "Weight": 0,
        }]},
        "Origin": "",
        "RouteEntryId": entry["RouteEntryId"],
        "RouteEntryName": entry.get("RouteEntryName", ""),
        "RouteTableId": table["RouteTableId"],
        "ServiceType": "",
        "Status": entry["status"],
        "Type": "System" if entry["kind"] == "system" else "Custom",
    }


# --- validation -----------------------------------------------------------------------------------------------------

def destination(value, region, vpc_id):
    """A custom route destination: CIDR (a bare address is /32), outside 100.64.0.0/10, the black list and vSwitches."""
    text = str(value).strip()
    try:
        network = ipaddress.ip_network(text if "/" in text else text + "/32", strict=True)
    except ValueError:
        raise ApiError("InvalidCidrBlock.Malformed", f"Specified CIDR block {value} is not valid.") from None
    if network.version == 4 and network.subnet_of(CLOUD_SERVICE_RANGE):
        raise ApiError("InvalidCidrBlock", f"Specified CIDR block {network} is not valid: {CLOUD_SERVICE_RANGE} and its "
                                           "subnets are cloud service addresses.")
    for black in BLACK_LIST:
        if network.version == 4 and network.subnet_of(black):
            raise ApiError("InvalidDestinationCidrBlock",
                           f"The specified destinationCidrBlock must not included in black list cidr ({black}).")
    for vswitch in region.table("vswitches").values():
        if vswitch.get("VpcId") == vpc_id and network.subnet_of(ipaddress.ip_network(vswitch["CidrBlock"])):
            raise ApiError("InvalidCidrBlock", f"Specified CIDR block {network} is not valid: it belongs to the CIDR "
                                               f"block of vSwitch {vswitch['VSwitchId']}.")
    return str(network)


def _text(p, name, limit, code):
    value = p.get(name)
    if value is None:
        return None
    if not 1 <= len(value) <= limit or value.lower().startswith(("http://", "https://")):
        raise ApiError(code, f"The specified {name} is not valid: 1 to {limit} characters, not starting with "
                             "http:// or https://.")
    return value


def _next_hop(ctx, vpc_id, hop_type, hop_id):
    if hop_type not in NEXT_HOP_TYPES:
        raise ApiError.invalid("NextHopType", f'The specified NextHopType "{hop_type}" is not valid.')
    if not hop_id:
        raise ApiError.missing("NextHopId")
    if hop_type == "VpnGateway":
        gateway = ctx.region.table("vpn_gateways").get(hop_id)
        if gateway is None:
            raise ApiError("InvalidNextHop.NotFound", f"Specified next hop {hop_id} does not exist.", status=400)
        if gateway.get("VpcId") != vpc_id:
            raise ApiError("InvalidNexthop", f"The Specified nexthop illegal: {hop_id} is not in {vpc_id}.")
    # other next hop types (ECS, ENI, NAT...) are not emulated resources: any id is accepted


def _find_custom(ctx, p):
    """The stored custom entry a Delete/Modify request names (RouteEntryId, or RouteTableId + DestinationCidrBlock)."""
    entries = ctx.region.table(ENTRIES)
    _purge(ctx.region, ctx.now())
    if p.get("RouteEntryId"):
        record = entries.get(p["RouteEntryId"])
        if record is None:
            _deny_derived(ctx, lambda e: e["RouteEntryId"] == p["RouteEntryId"])
    else:
        require(p, "RouteTableId", "DestinationCidrBlock")
        table = route_table_or_404(ctx.region, p["RouteTableId"])
        text = str(p["DestinationCidrBlock"]).strip()
        try:
            wanted = ipaddress.ip_network(text if "/" in text else text + "/32", strict=False)
        except ValueError:
            raise ApiError("InvalidCidrBlock.Malformed", f"Specified CIDR block {text} is not valid.") from None
        record = next((r for r in entries.values() if r["RouteTableId"] == table["RouteTableId"]
                       and ipaddress.ip_network(r["DestinationCidrBlock"]) == wanted
                       and (not p.get("NextHopId") or r["NextHopId"] == p["NextHopId"])), None)
        if record is None:
            _deny_derived(ctx, lambda e: e["RouteTableId"] == table["RouteTableId"]
                          and ipaddress.ip_network(e["DestinationCidrBlock"]) == wanted, table)
    if record is None:
        raise ApiError("InvalidRouteEntry.NotFound", "Route entry not exists.", status=400)
    return record


def _deny_derived(ctx, matches, table=None):
    tables = [table] if table else list(ctx.region.table("route_tables").values())
    for candidate in tables:
        for entry in table_entries(ctx, ctx.region, candidate):
            entry["RouteTableId"] = candidate["RouteTableId"]
            if entry["kind"] != "custom" and matches(entry):
                if entry["kind"] == "vpn":
                    raise ApiError("OperationDenied", "Specified operation is denied as the route entry is published "
                                                      f"by VPN gateway {entry['NextHopId']}: withdraw it there.")
                raise ApiError("OperationDenied", "Specified operation is denied as route entry type is system.")


# --- actions --------------------------------------------------------------------------------------------------------

@action("vpc", "DescribeRouteTableList")
def describe_route_table_list(ctx, p):
    tables = sorted(ctx.region.table("route_tables").values(), key=lambda t: t["RouteTableId"])
    filters = {"VpcId": "VpcId", "RouteTableId": "RouteTableId", "RouteTableType": "RouteTableType",
               "RouteTableName": "RouteTableName", "RouterId": "VRouterId", "ResourceGroupId": "ResourceGroupId"}
    for param, field in filters.items():
        if p.get(param):
            tables = [t for t in tables if t.get(field) == p[param]]
    if p.get("RouterType") and p["RouterType"] != "VRouter":
        tables = []  # VBR route tables are not emulated
    for tag in p.get("Tag") or []:
        tables = [t for t in tables if (t.get("tags") or {}).get(tag.get("Key")) == tag.get("Value")]
    items, number, size, total = page(tables, p)
    return {
        "PageNumber": number, "PageSize": size, "TotalCount": total,
        "RouterTableList": {"RouterTableListType": [{
            "AssociateType": "VSwitch",
            "CreationTime": t.get("CreationTime", ""),
            "Description": t.get("Description", ""),
            "GatewayIds": {"GatewayIds": []},
            "OwnerId": 1234567890123456,
            "ResourceGroupId": t.get("ResourceGroupId", ""),
            "RoutePropagationEnable": True,
            "RouteTableId": t["RouteTableId"],
            "RouteTableName": t.get("RouteTableName", ""),
            "RouteTableType": t.get("RouteTableType", "System"),
            "RouterId": t.get("VRouterId", ""),
            "RouterType": "VRouter",
            "Status": t.get("Status", "Available"),
            "Tags": {"Tag": [{"Key": k, "Value": v} for k, v in sorted((t.get("tags") or {}).items())]},
            "VSwitchIds": {"VSwitchId": list(t.get("VSwitchIds", []))},
            "VpcId": t["VpcId"],
        } for t in items]},
    }


@action("vpc", "DescribeRouteEntryList")
def describe_route_entry_list(ctx, p):
    require(p, "RouteTableId")
    table = route_table_or_404(ctx.region, p["RouteTableId"])
    entries = [e for e in table_entries(ctx, ctx.region, table) if e["status"] is not None]
    wanted = []
    for text in ([p["DestinationCidrBlock"]] if p.get("DestinationCidrBlock") else []) + list(p.get("DestCidrBlockList") or []):
        try:
            wanted.append(ipaddress.ip_network(str(text).strip() if "/" in str(text) else f"{text}/32", strict=False))
        except ValueError:
            raise ApiError("InvalidCidrBlock.Malformed", f"Specified CIDR block {text} is not valid.") from None
    if wanted:
        entries = [e for e in entries if ipaddress.ip_network(e["DestinationCidrBlock"]) in wanted]
    for param, field in (("RouteEntryId", "RouteEntryId"), ("NextHopId", "NextHopId"), ("NextHopType", "NextHopType"),
                         ("RouteEntryName", "RouteEntryName")):
        if p.get(param):
            entries = [e for e in entries if e.get(field) == p[param]]
    if p.get("RouteEntryType"):
        kinds = {"System": ("system",), "Custom": ("custom", "vpn")}.get(p["RouteEntryType"], ())
        entries = [e for e in entries if e["kind"] in kinds]
    if p.get("IpVersion") and p["IpVersion"].lower() != "ipv4":
        entries = []
    items, next_token, _size, total = token_page(entries, p, size_param="MaxResult", default_size=10, max_size=100)
    return {"NextToken": next_token, "TotalCount": total,
            "RouteEntrys": {"RouteEntry": [entry_out(ctx, table, e) for e in items]}}


@action("vpc", "CreateRouteEntry", write=True)
def create_route_entry(ctx, p):
    require(p, "RouteTableId", "DestinationCidrBlock")
    table = route_table_or_404(ctx.region, p["RouteTableId"])
    if p.get("NextHopList"):
        raise ApiError.invalid("NextHopList", "ECMP routes (NextHopList) are not emulated.", code="InvalidParameter")
    dest = destination(p["DestinationCidrBlock"], ctx.region, table["VpcId"])
    hop_type = p.get("NextHopType") or "Instance"
    _next_hop(ctx, table["VpcId"], hop_type, p.get("NextHopId"))
    name = _text(p, "RouteEntryName", 128, "InvalidRouteEntryName.Malformed")
    description = _text(p, "Description", 256, "InvalidDescription.Malformed")
    existing = table_entries(ctx, ctx.region, table)
    if any(e["status"] is not None and ipaddress.ip_network(e["DestinationCidrBlock"]) == ipaddress.ip_network(dest)
           for e in existing):
        raise ApiError("InvalidCIDRBlock.Duplicate", f"Specified CIDR block {dest} is already exists.")
    if sum(1 for e in existing if e["kind"] == "custom") >= MAX_CUSTOM_ENTRIES:
        raise ApiError("QuotaExceeded", "Route entry quota exceeded in this route table.")
    busy = next((e for e in existing if e["kind"] == "custom" and e["status"] not in (None, "Available")), None)
    if busy is not None:
        raise ApiError("IncorrectRouteEntryStatus", f"Specified routeEntry status error: {busy['RouteEntryId']} of "
                                                    f"{table['RouteTableId']} is {busy['status']}.")
    check_dry_run(p)
    vpc_task(ctx, table["VpcId"], check=False)
    now = ctx.now()
    entry_id = ctx.store.new_id("rte")
    ctx.region.table(ENTRIES)[entry_id] = {
        "RouteEntryId": entry_id, "RouteTableId": table["RouteTableId"], "DestinationCidrBlock": dest,
        "NextHopType": hop_type, "NextHopId": p["NextHopId"], "RouteEntryName": name or "",
        "Description": description or "", "created_at": now, "modified_at": now,
        "ready_at": now + ctx.settings.delay("route_entry"), "pending_status": "Pending", "gone_at": None,
    }
    return {"RouteEntryId": entry_id}


def _require_available(record, now):
    status = entry_status(record, now)
    if status != "Available":
        raise ApiError("IncorrectRouteEntryStatus",
                       f"Specified routeEntry status error: {record['RouteEntryId']} is {status}.")


@action("vpc", "DeleteRouteEntry", write=True)
def delete_route_entry(ctx, p):
    if not p.get("RouteEntryId") and not p.get("DestinationCidrBlock"):
        raise ApiError.missing("RouteEntryId")
    record = _find_custom(ctx, p)
    now = ctx.now()
    _require_available(record, now)
    check_dry_run(p)
    table = route_table_or_404(ctx.region, record["RouteTableId"])
    vpc_task(ctx, table["VpcId"])
    record["gone_at"] = now + ctx.settings.delay("route_entry")
    record["modified_at"] = now
    return {}


@action("vpc", "ModifyRouteEntry", write=True)
def modify_route_entry(ctx, p):
    if not p.get("RouteEntryId") and not p.get("DestinationCidrBlock"):
        raise ApiError.missing("RouteEntryId")
    record = _find_custom(ctx, p)
    name = _text(p, "RouteEntryName", 128, "InvalidRouteEntryName.Malformed")
    description = _text(p, "Description", 256, "InvalidDescription.Malformed")
    now = ctx.now()
    _require_available(record, now)
    table = route_table_or_404(ctx.region, record["RouteTableId"])
    if p.get("NewNextHopId") or p.get("NewNextHopType"):
        hop_type = p.get("NewNextHopType") or record["NextHopType"]
        hop_id = p.get("NewNextHopId") or record["NextHopId"]
        _next_hop(ctx, table["VpcId"], hop_type, hop_id)
        check_dry_run(p)
        vpc_task(ctx, table["VpcId"])
        record.update(NextHopType=hop_type, NextHopId=hop_id, ready_at=now + ctx.settings.delay("route_entry"),
                      pending_status="Modifying")
    else:
        check_dry_run(p)
    if name is not None:
        record["RouteEntryName"] = name
    if description is not None:
        record["Description"] = description
    record["modified_at"] = now
    return {}
