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


@action("vpc", "DescribeVpcs")
def describe_vpcs(ctx, p):
    ids = _id_list(p["VpcId"], "VpcId") if p.get("VpcId") else None
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    items = []
    for vpc in ctx.region.table("vpcs").values():
        if ids is not None and vpc["VpcId"] not in ids:
            continue
        if p.get("VpcName") and vpc["VpcName"] != p["VpcName"]:
            continue
        if p.get("IsDefault") is not None and vpc["IsDefault"] != p["IsDefault"]:
            continue
        if p.get("ResourceGroupId") and vpc["ResourceGroupId"] != p["ResourceGroupId"]:
            continue
        if matches_tags(vpc, wanted_tags):
            items.append(_vpc_view(ctx, vpc))
    body = page_body(items, p, "Vpcs", "Vpc")
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
    ids = _id_list(p["VSwitchId"], "VSwitchId") if p.get("VSwitchId") else None
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    if p.get("VpcId") and p["VpcId"] not in ctx.region.table("vpcs"):
        raise ApiError("InvalidVpcId.NotFound", f"The specified VPC {p['VpcId']} does not exist.", status=404)
    items = []
    for vswitch in ctx.region.table("vswitches").values():
        if ids is not None and vswitch["VSwitchId"] not in ids:
            continue
        if any(p.get(key) and vswitch[key] != p[key] for key in ("VpcId", "ZoneId", "VSwitchName", "ResourceGroupId")):
            continue
        if p.get("IsDefault") is not None and vswitch["IsDefault"] != p["IsDefault"]:
            continue
        if p.get("RouteTableId") and _vswitch_view(ctx, vswitch)["RouteTable"]["RouteTableId"] != p["RouteTableId"]:
            continue
        if matches_tags(vswitch, wanted_tags):
            items.append(_vswitch_view(ctx, vswitch))
    body = page_body(items, p, "VSwitches", "VSwitch")
    check_dry_run(p)
    return body
