"""VPCs and vSwitches, read-only from the scenario: DescribeVpcs, DescribeVSwitches."""

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import page_body
from eds_emulator.services import action, check_dry_run
from eds_emulator.services.tags import matches_tags, tags_out


def _id_list(value, name, limit=20):
    ids = [part.strip() for part in str(value).split(",") if part.strip()]
    if len(ids) > limit:
        raise ApiError.invalid(name, f"At most {limit} IDs can be given in {name}.", code="InvalidParameter")
    return ids


def _vpc_view(ctx, vpc):
    tables = [t["RouteTableId"] for t in ctx.region.table("route_tables").values() if t.get("VpcId") == vpc["VpcId"]]
    vswitches = [s["VSwitchId"] for s in ctx.region.table("vswitches").values() if s["VpcId"] == vpc["VpcId"]]
    return {
        "VpcId": vpc["VpcId"], "RegionId": ctx.region_id, "Status": vpc["Status"], "VpcName": vpc["VpcName"],
        "CreationTime": vpc["CreationTime"], "CidrBlock": vpc["CidrBlock"], "Ipv6CidrBlock": "",
        "VRouterId": vpc["VRouterId"], "Description": vpc["Description"], "IsDefault": vpc["IsDefault"],
        "ResourceGroupId": vpc["ResourceGroupId"], "CenStatus": _cen_status(ctx, vpc["VpcId"]),
        "DnsHostnameStatus": "DISABLED", "EnabledIpv6": False,
        "VSwitchIds": {"VSwitchId": vswitches}, "RouterTableIds": {"RouterTableIds": tables},
        "UserCidrs": {"UserCidr": []}, "NatGatewayIds": {"NatGatewayIds": []},
        "SecondaryCidrBlocks": {"SecondaryCidrBlock": []}, "Tags": tags_out(vpc),
    }


def _cen_status(ctx, vpc_id):
    for cen in ctx.store.table("cen_instances").values():
        for child in cen.get("ChildInstances", []):
            if child.get("ChildInstanceId") == vpc_id and child.get("ChildInstanceRegionId") == ctx.region_id:
                return "Attached"
    return "Detached"


def _selected(ctx, p, table, id_key, equal_keys):
    """The records of a region table that pass the filters DescribeVpcs and DescribeVSwitches share: the id list,
    the parameters that must equal the record's value, IsDefault and Tag."""
    ids = _id_list(p[id_key], id_key) if p.get(id_key) else None
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    return [record for record in ctx.region.table(table).values()
            if (ids is None or record[id_key] in ids)
            and not any(p.get(key) and record[key] != p[key] for key in equal_keys)
            and (p.get("IsDefault") is None or record["IsDefault"] == p["IsDefault"])
            and matches_tags(record, wanted_tags)]


@action("vpc", "DescribeVpcs")
def describe_vpcs(ctx, p):
    vpcs = _selected(ctx, p, "vpcs", "VpcId", ("VpcName", "ResourceGroupId"))
    body = page_body([_vpc_view(ctx, vpc) for vpc in vpcs], p, "Vpcs", "Vpc")
    check_dry_run(p)
    return body


def _vswitch_view(ctx, vswitch):
    table = next((t for t in ctx.region.table("route_tables").values()
                  if vswitch["VSwitchId"] in t.get("VSwitchIds", [])), None)
    if table is None:
        table = next((t for t in ctx.region.table("route_tables").values()
                      if t.get("VpcId") == vswitch["VpcId"] and t.get("RouteTableType") == "System"), {})
    return {
        "VSwitchId": vswitch["VSwitchId"], "VpcId": vswitch["VpcId"], "Status": vswitch["Status"],
        "CidrBlock": vswitch["CidrBlock"], "Ipv6CidrBlock": "", "ZoneId": vswitch["ZoneId"],
        "AvailableIpAddressCount": vswitch["AvailableIpAddressCount"], "Description": vswitch["Description"],
        "VSwitchName": vswitch["VSwitchName"], "CreationTime": vswitch["CreationTime"],
        "IsDefault": vswitch["IsDefault"], "ResourceGroupId": vswitch["ResourceGroupId"], "NetworkAclId": "",
        "OwnerId": 0, "ShareType": "", "EnabledIpv6": False,
        "RouteTable": {"RouteTableId": table.get("RouteTableId", ""), "RouteTableType": table.get("RouteTableType", "")},
        "Tags": tags_out(vswitch),
    }


@action("vpc", "DescribeVSwitches")
def describe_vswitches(ctx, p):
    vswitches = _selected(ctx, p, "vswitches", "VSwitchId", ("VpcId", "ZoneId", "VSwitchName", "ResourceGroupId"))
    if p.get("VpcId") and p["VpcId"] not in ctx.region.table("vpcs"):
        raise ApiError("InvalidVpcId.NotFound", f"The specified VPC {p['VpcId']} does not exist.", status=404)
    views = [_vswitch_view(ctx, vswitch) for vswitch in vswitches]
    if p.get("RouteTableId"):
        views = [view for view in views if view["RouteTable"]["RouteTableId"] == p["RouteTableId"]]
    body = page_body(views, p, "VSwitches", "VSwitch")
    check_dry_run(p)
    return body
