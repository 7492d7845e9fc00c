"""User tags on any resource record, and the VPC TagResources / UnTagResources / ListTagResources actions.

Records keep their tags in ``record["tags"]`` (key -> value, insertion ordered).
"""

import collections

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import token_page
from eds_emulator.services import action, require

MAX_TAGS_PER_RESOURCE = 20
# ResourceType (case-insensitive) -> (per-region table, wire ResourceType echoed by ListTagResources, not-found code)
# VPC/VSWITCH/ROUTETABLE/VPNGATEWAY are documented; CUSTOMERGATEWAY and VPNCONNECTION are an emulator choice
# (the ResourceType list of the TagResources SDK model names no type for them).
ResourceType = collections.namedtuple("ResourceType", "table wire not_found")
RESOURCE_TYPES = {
    "vpngateway": ResourceType("vpn_gateways", "VPNGATEWAY", "InvalidVpnGatewayInstanceId.NotFound"),
    "vpc": ResourceType("vpcs", "VPC", "InvalidVpcId.NotFound"),
    "vswitch": ResourceType("vswitches", "VSWITCH", "InvalidVSwitchId.NotFound"),
    "routetable": ResourceType("route_tables", "ROUTETABLE", "InvalidRouteTableId.NotFound"),
    "customergateway": ResourceType("customer_gateways", "CUSTOMERGATEWAY", "InvalidCustomerGatewayInstanceId.NotFound"),
    "vpnconnection": ResourceType("vpn_connections", "VPNCONNECTION", "InvalidVpnConnectionInstanceId.NotFound"),
    # IPsec-VPN attachments live in the connections table (services/vpn_attachment_backend.py); the type is the one
    # the Terraform provider tags them with
    "vpnattachment": ResourceType("vpn_connections", "VPNATTACHMENT", "InvalidVpnConnectionInstanceId.NotFound"),
}


def apply_tags(record, tags):
    """Add/overwrite tags on a record. tags: [(key, value)] from validation.tags() or [{"Key","Value"}]."""
    current = record.setdefault("tags", {})
    for item in tags:
        key, value = (item["Key"], item.get("Value", "")) if isinstance(item, dict) else item
        current[key] = value
    if len(current) > MAX_TAGS_PER_RESOURCE:
        raise ApiError("QuotaExceeded.TagNum", f"A resource can have at most {MAX_TAGS_PER_RESOURCE} tags.")


def tags_out(record):
    """The {"Tag": [{"Key","Value"}]} wrapper of a record's tags."""
    return {"Tag": [{"Key": k, "Value": v} for k, v in record.get("tags", {}).items()]}


def matches_tags(record, wanted):
    """Describe* filters Tag.N: every given key must be present with the given value."""
    have = record.get("tags", {})
    return all(have.get(key) == value for key, value in wanted)


def _resource_type(p):
    require(p, "ResourceType")
    spec = RESOURCE_TYPES.get(str(p["ResourceType"]).lower())
    if spec is None:
        raise ApiError.invalid("ResourceType", f'The specified ResourceType "{p["ResourceType"]}" is not supported.')
    return spec


def _resource_ids(p, required=True):
    ids = p.get("ResourceId") or []
    if not isinstance(ids, list):
        raise ApiError.invalid("ResourceId", "ResourceId must be given as ResourceId.N.", code="InvalidParameter")
    if required and not ids:
        raise ApiError.missing("ResourceId.N")
    if len(ids) > 50:
        raise ApiError("InvalidParameter", "At most 50 ResourceId.N can be given.")
    return ids


def _records(ctx, spec, ids):
    rows = ctx.region.table(spec.table)
    records = []
    for resource_id in ids:
        record = rows.get(resource_id)
        if record is None or record.get("gone_at") is not None and record["gone_at"] <= ctx.now():
            raise ApiError(spec.not_found, f"The specified resource {resource_id} does not exist.", status=404)
        records.append(record)
    return records


@action("vpc", "TagResources", write=True)
def tag_resources(ctx, p):
    spec = _resource_type(p)
    ids = _resource_ids(p)
    require(p, "Tag")
    pairs = validation.tags(p.get("Tag"), "Tag", key_max=128)
    records = _records(ctx, spec, ids)
    for record in records:  # check every quota before changing anything
        merged = dict(record.get("tags", {}))
        merged.update(pairs)
        if len(merged) > MAX_TAGS_PER_RESOURCE:
            raise ApiError("QuotaExceeded.TagNum", f"A resource can have at most {MAX_TAGS_PER_RESOURCE} tags.")
    for record in records:
        apply_tags(record, pairs)
    return {}


@action("vpc", "UnTagResources", write=True)
def untag_resources(ctx, p):
    spec = _resource_type(p)
    ids = _resource_ids(p)
    keys = p.get("TagKey") or []
    if not isinstance(keys, list) or len(keys) > 20:
        raise ApiError("InvalidParameter", "TagKey.N must be a list of at most 20 keys.")
    remove_all = p.get("All", False)
    if not keys and not remove_all:
        raise ApiError.missing("TagKey.N")
    for record in _records(ctx, spec, ids):
        if remove_all:
            record["tags"] = {}
        else:
            for key in keys:
                record.setdefault("tags", {}).pop(key, None)
    return {}


@action("vpc", "ListTagResources")
def list_tag_resources(ctx, p):
    spec = _resource_type(p)
    ids = _resource_ids(p, required=False)
    wanted = validation.tags(p.get("Tag"), "Tag", key_max=128)
    if not ids and not wanted:
        raise ApiError("MissingParameter", "Specify at least ResourceId.N or Tag.N.")
    rows = ctx.region.table(spec.table)
    now = ctx.now()
    candidates = [(i, rows[i]) for i in ids if i in rows] if ids else list(rows.items())
    out = []
    for resource_id, record in candidates:
        if record.get("gone_at") is not None and record["gone_at"] <= now:
            continue
        if not matches_tags(record, wanted):
            continue
        for key, value in record.get("tags", {}).items():
            out.append({"ResourceId": resource_id, "ResourceType": spec.wire, "TagKey": key, "TagValue": value})
    chunk, next_token = token_page(out, p, "MaxResults", default_size=50, max_size=50)[:2]
    return {"NextToken": next_token, "TagResources": {"TagResource": chunk}}
