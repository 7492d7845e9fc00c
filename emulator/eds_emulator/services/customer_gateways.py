"""Customer gateways: Create/Describe(s)/Modify/Delete. Synchronous (no status), IP unique per region."""

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import page_body
from eds_emulator.services import action, require
from eds_emulator.services import vpn_busy as busy
from eds_emulator.services.tags import apply_tags, matches_tags, tags_out

TABLE = "customer_gateways"
NOT_FOUND = "InvalidCustomerGatewayInstanceId.NotFound"
DEFAULT_RESOURCE_GROUP = "rg-acfmdefault000000000"


def customer_gateway_or_404(ctx, gateway_id):
    record = ctx.region.table(TABLE).get(gateway_id) if gateway_id else None
    if record is None:
        raise ApiError(NOT_FOUND, "The specified customer gateway instance id does not exist.", status=404)
    return record


def _view(record):
    out = {key: record[key] for key in ("CustomerGatewayId", "IpAddress", "Name", "Description", "CreateTime",
                                        "ResourceGroupId", "AuthKey")}
    if record.get("Asn") is not None:  # no BGP ASN given: the key is left out (docs/emulator.md)
        out["Asn"] = record["Asn"]
    out["Tags"] = tags_out(record)
    return out


def _references(value, gateway_id):
    """Whether a (nested) connection record names this customer gateway in a CustomerGatewayId field."""
    if isinstance(value, dict):
        return any((key == "CustomerGatewayId" and item == gateway_id) or _references(item, gateway_id)
                   for key, item in value.items())
    if isinstance(value, list):
        return any(_references(item, gateway_id) for item in value)
    return False


@action("vpc", "CreateCustomerGateway", write=True)
def create_customer_gateway(ctx, p):
    require(p, "IpAddress")
    address = validation.gateway_ip(p["IpAddress"])
    asn = validation.asn(p["Asn"]) if p.get("Asn") not in (None, "") else None
    auth_key = validation.auth_key(p["AuthKey"]) if p.get("AuthKey") not in (None, "") else ""
    name = validation.free_text(p["Name"], "Name") if p.get("Name") is not None else ""
    description = validation.free_text(p["Description"], "Description") if p.get("Description") is not None else ""
    tags = validation.tags(p.get("Tags"), "Tags")
    if any(cgw["IpAddress"] == address for cgw in ctx.region.table(TABLE).values()):
        raise ApiError("InvalidIpAddress.AlreadyExist", f"The specified IpAddress {address} already exists.")
    limit = ctx.settings.quota("customer_gateways")
    if len(ctx.region.table(TABLE)) >= limit:
        raise ApiError("Resource.QuotaFull", f"The region already has {limit} customer gateways (quota {limit}).")
    gateway_id = ctx.store.new_id("cgw")
    record = {"CustomerGatewayId": gateway_id, "IpAddress": address, "Asn": asn, "AuthKey": auth_key, "Name": name,
              "Description": description, "CreateTime": ctx.now_ms(),
              "ResourceGroupId": p.get("ResourceGroupId") or DEFAULT_RESOURCE_GROUP, "tags": {}}
    apply_tags(record, tags)
    ctx.region.table(TABLE)[gateway_id] = record
    return {key: record[key] for key in ("CustomerGatewayId", "IpAddress", "Name", "Description", "CreateTime")}


@action("vpc", "DescribeCustomerGateways")
def describe_customer_gateways(ctx, p):
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    items = [_view(record) for record in ctx.region.table(TABLE).values()
             if (not p.get("CustomerGatewayId") or record["CustomerGatewayId"] == p["CustomerGatewayId"])
             and (not p.get("ResourceGroupId") or record["ResourceGroupId"] == p["ResourceGroupId"])
             and matches_tags(record, wanted_tags)]
    return page_body(items, p, "CustomerGateways", "CustomerGateway")


@action("vpc", "DescribeCustomerGateway")
def describe_customer_gateway(ctx, p):
    require(p, "CustomerGatewayId")
    return _view(customer_gateway_or_404(ctx, p["CustomerGatewayId"]))


@action("vpc", "ModifyCustomerGatewayAttribute", write=True)
def modify_customer_gateway_attribute(ctx, p):
    require(p, "CustomerGatewayId")
    record = customer_gateway_or_404(ctx, p["CustomerGatewayId"])
    record.update(validation.given(p, {"Name": validation.free_text, "Description": validation.free_text,
                                       "AuthKey": validation.auth_key}))
    return {key: record[key] for key in ("CustomerGatewayId", "IpAddress", "Name", "Description", "CreateTime",
                                         "ResourceGroupId")}


@action("vpc", "DeleteCustomerGateway", write=True)
def delete_customer_gateway(ctx, p):
    require(p, "CustomerGatewayId")
    record = customer_gateway_or_404(ctx, p["CustomerGatewayId"])
    gateway_id = record["CustomerGatewayId"]
    users = [c for c in busy.connections(ctx).values() if _references(c, gateway_id)]
    if users:
        # the real code is UNCONFIRMED (the DeleteCustomerGateway doc names none); emulator choice, docs/emulator.md
        raise ApiError("DependencyViolation.VpnConnection",
                       f"The customer gateway is used by {len(users)} IPsec-VPN connection(s); delete them first.")
    del ctx.region.table(TABLE)[gateway_id]
    return {}
