"""Transit router VPN attachments (cbn 2017-09-12): CreateTransitRouterVpnAttachment, ListTransitRouterVpnAttachments,
UpdateTransitRouterVpnAttachmentAttribute, DeleteTransitRouterVpnAttachment.

Status from emulated timestamps: Attaching until ready_at (settings.delay("tr_attach")), Updating until busy_until
(a change of AutoPublishRouteEnabled, delay "tr_update"), Detaching from the delete until gone_at (delay
"tr_detach"), then gone; Attached otherwise. Busy answers (the codes the Terraform provider retries; which write
meets which is the emulator's choice, docs/vpn_attachment.md "Emulator"):
- IncorrectStatus.Status: Update/Delete of an attachment that is not Attached;
- OperationFailed.AllocateCidrFailed: a Create while another VPN attachment of the same transit router is still
  Attaching (its addresses are being allocated from the transit router's CIDR blocks);
- TaskConflict: a Create for an IPsec-VPN attachment still applying its own last write (provisioning/updating).
Other refusals: the IPsec connection must be an attachment (CreateVpnAttachment) in the transit router's region and
bound to nothing (InvalidOperation.VpnConnectionAttached, UNCONFIRMED); the transit router must be Enterprise
edition; a private-network connection needs a TR CIDR block with room (InvalidOperation.TransitRouterCidrFull);
Delete without Force while route table associations or propagations exist -> OperationFailed.RouteTableAssociationExist.
"""

import functools
import ipaddress
import re

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import token_page
from eds_emulator.services import action, check_dry_run, lifecycle_status, require
from eds_emulator.services import vpn_attachment_backend as attachments
from eds_emulator.services import vpn_busy as busy
from eds_emulator.services.tags import apply_tags, matches_tags
from eds_emulator.services.transit_routers import (
    ALI_UID, ASSOCIATIONS, ATTACHMENTS, PROPAGATIONS, ROUTERS, iso, router_or_404,
)

NOT_FOUND = "InvalidTransitRouterAttachmentId.NotFound"
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,127}$")


def _purge_if_gone(ctx, record):
    if record.get("gone_at") is not None and ctx.now() >= record["gone_at"]:
        _release(ctx, record)
        del ctx.store.table(ATTACHMENTS)[record["TransitRouterAttachmentId"]]
        return None
    return record


def _release(ctx, record):
    """A detached private connection gives its transit router addresses back."""
    region = ctx.store.region(record["RegionId"])
    connection = region.table(attachments.TABLE).get(record["ResourceId"]) if region else None
    if connection is not None and connection["NetworkType"] == "private":
        attachments.assign_private_addresses(ctx, connection, ["", ""])


def status(ctx, record):
    return lifecycle_status(ctx, record, "Detaching", "Attaching", "Updating", "Attached")


def vpn_attachments(ctx):
    """Every VPN attachment that is not gone yet."""
    return [r for r in list(ctx.store.table(ATTACHMENTS).values())
            if r["ResourceType"] == "VPN" and _purge_if_gone(ctx, r) is not None]


def binding_of(ctx, connection_id):
    """(transit router attachment, status) of an IPsec connection bound to a transit router, or None."""
    for record in vpn_attachments(ctx):
        if record["ResourceId"] == connection_id:
            return record, status(ctx, record)
    return None


def transit_router_name(ctx, router_id):
    router = ctx.store.table(ROUTERS).get(router_id) if router_id else None
    return router.get("TransitRouterName", "") if router else ""


def attachment_or_404(ctx, attachment_id):
    record = ctx.store.table(ATTACHMENTS).get(attachment_id) if attachment_id else None
    if record is not None:
        record = _purge_if_gone(ctx, record)
    if record is None:
        raise ApiError(NOT_FOUND, f"The specified TransitRouterAttachmentId {attachment_id} does not exist.", status=404)
    return record


def _name(value, name):
    text = str(value)
    if not NAME_RE.match(text) or text.lower().startswith(("http://", "https://")):
        raise ApiError.invalid(name, f"The {name} must be 2 to 128 characters, start with a letter and contain only "
                                     "letters, digits, underscores (_) and hyphens (-).", code=f"IllegalParam.{name}")
    return text


def _description(value, name):
    text = str(value)
    if not 2 <= len(text) <= 256 or not text[:1].isalpha() or text.lower().startswith(("http://", "https://")):
        raise ApiError.invalid(name, f"The {name} must be 2 to 256 characters and start with a letter, not with "
                                     "http:// or https://.", code=f"IllegalParam.{name}")
    return text


def _router_for_create(ctx, p):
    if p.get("TransitRouterId"):
        router = router_or_404(ctx, p["TransitRouterId"])
        if p.get("CenId") and router["CenId"] != p["CenId"]:
            raise ApiError("IllegalParam.CenId", f"The transit router {router['TransitRouterId']} does not belong to "
                                                 f"{p['CenId']}.")
    else:
        require(p, "CenId", "RegionId")
        if p["CenId"] not in ctx.store.table("cen_instances"):
            raise ApiError("ParameterCenInstanceId", f"The specified CenId {p['CenId']} does not exist.")
        router = next((r for r in ctx.store.table(ROUTERS).values()
                       if r["CenId"] == p["CenId"] and r["RegionId"] == p["RegionId"]), None)
        if router is None:
            raise ApiError("InvalidTransitRouterId.NotFound", f"The CEN instance {p['CenId']} has no transit router in "
                                                              f"{p['RegionId']}.", status=404)
    if p.get("RegionId") and router["RegionId"] != p["RegionId"]:
        raise ApiError("IllegalParam.RegionId", f"The transit router {router['TransitRouterId']} is in "
                                                f"{router['RegionId']}, not {p['RegionId']}.")
    if router["Type"] != "Enterprise":
        raise ApiError("OperationUnsupported.TransitRouterType", "VPN attachments need an Enterprise edition transit "
                                                                 "router.")
    return router


def _zones(region, value):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(z, dict) for z in value) or len(value) > 2:
        raise ApiError.invalid("Zone", "Zone.N must be a list of at most two {ZoneId} objects.", code="IllegalParam.Zone")
    zones = []
    for index, zone in enumerate(value, start=1):
        zone_id = zone.get("ZoneId")
        if not zone_id:
            raise ApiError.missing(f"Zone.{index}.ZoneId")
        if region.zones and zone_id not in region.zones:
            raise ApiError.invalid(f"Zone.{index}.ZoneId", f"The zone {zone_id} is not a zone of {region.region_id}.",
                                   code="IllegalParam.ZoneId")
        if zone_id in zones:
            raise ApiError.invalid(f"Zone.{index}.ZoneId", f"The zone {zone_id} is given twice.", code="IllegalParam.ZoneId")
        zones.append(zone_id)
    return zones


def _free_addresses(ctx, router, count):
    used = set()
    for region in ctx.store.regions.values():
        for conn in region.table(attachments.TABLE).values():
            used.update(t["InternetIp"] for t in conn["tunnels"])
            used.add(conn["InternetIp"])
    free = []
    for cidr in router["TransitRouterCidrList"]:
        for host in ipaddress.ip_network(cidr["Cidr"]).hosts():
            if str(host) not in used and len(free) < count:
                free.append(str(host))
    if len(free) < count:
        raise ApiError("InvalidOperation.TransitRouterCidrFull", f"The transit router {router['TransitRouterId']} has "
                       "no free address in its CIDR blocks for a private IPsec-VPN connection.")
    return free


@action("cbn", "CreateTransitRouterVpnAttachment", write=True)
def create_transit_router_vpn_attachment(ctx, p):
    require(p, "VpnId")
    router = _router_for_create(ctx, p)
    region = ctx.store.region(router["RegionId"])
    name = _name(p["TransitRouterAttachmentName"], "TransitRouterAttachmentName") if p.get("TransitRouterAttachmentName") else ""
    description = (_description(p["TransitRouterAttachmentDescription"], "TransitRouterAttachmentDescription")
                   if p.get("TransitRouterAttachmentDescription") else "")
    validation.enum(p.get("ChargeType") or "POSTPAY", "ChargeType", ("POSTPAY",))
    zones = _zones(region, p.get("Zone"))
    tags = validation.tags(p.get("Tag"), "Tag")
    if p.get("VpnOwnerId") not in (None, ALI_UID):
        raise ApiError("IllegalParam.VpnOwnerId", "Cross-account IPsec-VPN connections are not emulated.")
    connection = region.table(attachments.TABLE).get(p["VpnId"])
    if connection is None or not connection.get("attachment"):
        raise ApiError("InvalidVpnConnectionInstanceId.NotFound", f"The IPsec-VPN attachment {p['VpnId']} does not "
                                                                  f"exist in {router['RegionId']}.", status=404)
    current = binding_of(ctx, p["VpnId"])
    if current:
        raise ApiError("InvalidOperation.VpnConnectionAttached", f"The IPsec-VPN connection {p['VpnId']} is already "
                       f"attached ({current[0]['TransitRouterAttachmentId']}, {current[1]}).")
    private = connection["NetworkType"] == "private"
    addresses = _free_addresses(ctx, router, max(1, len(connection["tunnels"]))) if private else []
    check_dry_run(p)
    window = busy.connection_window(ctx, connection)
    if window:
        raise ApiError("TaskConflict", f"The IPsec-VPN connection {p['VpnId']} is {window}. Try again later.")
    if any(r["TransitRouterId"] == router["TransitRouterId"] and status(ctx, r) == "Attaching" for r in vpn_attachments(ctx)):
        raise ApiError("OperationFailed.AllocateCidrFailed", f"The transit router {router['TransitRouterId']} is "
                                                             "allocating addresses for another attachment. Try again later.")
    attachment_id = ctx.store.new_id("tr-attach")
    record = {
        "TransitRouterAttachmentId": attachment_id, "TransitRouterId": router["TransitRouterId"],
        "CenId": router["CenId"], "RegionId": router["RegionId"], "ResourceType": "VPN", "ResourceId": p["VpnId"],
        "VpnOwnerId": ALI_UID, "TransitRouterAttachmentName": name, "TransitRouterAttachmentDescription": description,
        "AutoPublishRouteEnabled": p.get("AutoPublishRouteEnabled", True), "ChargeType": "POSTPAY",
        "OrderType": "PayByCenOwner", "Zones": zones, "CreationTime": iso(ctx.now()), "tags": {},
        "ready_at": ctx.now() + ctx.settings.delay("tr_attach"),
    }
    apply_tags(record, tags)
    ctx.store.table(ATTACHMENTS)[attachment_id] = record
    if private:
        attachments.assign_private_addresses(ctx, connection, addresses)
    return {"TransitRouterAttachmentId": attachment_id}


def _view(ctx, record):
    return {
        "TransitRouterAttachmentId": record["TransitRouterAttachmentId"], "TransitRouterId": record["TransitRouterId"],
        "CenId": record["CenId"], "VpnId": record["ResourceId"], "VpnOwnerId": record["VpnOwnerId"],
        "VpnRegionId": record["RegionId"], "ResourceType": "VPN", "Status": status(ctx, record),
        "TransitRouterAttachmentName": record["TransitRouterAttachmentName"],
        "TransitRouterAttachmentDescription": record["TransitRouterAttachmentDescription"],
        "AutoPublishRouteEnabled": record["AutoPublishRouteEnabled"], "ChargeType": record["ChargeType"],
        "OrderType": record["OrderType"], "CreationTime": record["CreationTime"],
        "Zones": [{"ZoneId": zone} for zone in record["Zones"]],
        "Tags": [{"Key": k, "Value": v} for k, v in record["tags"].items()],
    }


@action("cbn", "ListTransitRouterVpnAttachments")
def list_transit_router_vpn_attachments(ctx, p):
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    items = []
    for record in vpn_attachments(ctx):
        if any(p.get(key) and record[key] != p[key] for key in ("TransitRouterAttachmentId", "TransitRouterId", "CenId")):
            continue
        if p.get("RegionId") and record["RegionId"] != p["RegionId"]:
            continue
        if matches_tags(record, wanted_tags):
            items.append(_view(ctx, record))
    chunk, token, size, total = token_page(items, p, default_size=20, max_size=100)
    return {"TotalCount": total, "MaxResults": size, "NextToken": token, "TransitRouterAttachments": chunk}


def vpn_attachment_or_404(ctx, attachment_id):
    record = attachment_or_404(ctx, attachment_id)
    if record["ResourceType"] != "VPN":
        raise ApiError(NOT_FOUND, f"The specified TransitRouterAttachmentId {attachment_id} is not a VPN attachment.",
                       status=404)
    return record


def check_attached(ctx, record):
    state = status(ctx, record)
    if state != "Attached":
        raise ApiError("IncorrectStatus.Status", f"The transit router attachment {record['TransitRouterAttachmentId']} "
                                                 f"is {state}. Try again later.")


@action("cbn", "UpdateTransitRouterVpnAttachmentAttribute", write=True)
def update_transit_router_vpn_attachment_attribute(ctx, p):
    require(p, "TransitRouterAttachmentId")
    record = vpn_attachment_or_404(ctx, p["TransitRouterAttachmentId"])
    changes = validation.given(p, {
        "TransitRouterAttachmentName": _name, "TransitRouterAttachmentDescription": _description,
        "AutoPublishRouteEnabled": validation.as_is,
        "OrderType": functools.partial(validation.enum, allowed=("PayByCenOwner", "PayByResourceOwner"))})
    check_dry_run(p)
    check_attached(ctx, record)
    if changes.get("AutoPublishRouteEnabled", record["AutoPublishRouteEnabled"]) != record["AutoPublishRouteEnabled"]:
        record["busy_until"] = ctx.now() + ctx.settings.delay("tr_update")
    record.update(changes)
    return {}


@action("cbn", "DeleteTransitRouterVpnAttachment", write=True)
def delete_transit_router_vpn_attachment(ctx, p):
    require(p, "TransitRouterAttachmentId")
    record = vpn_attachment_or_404(ctx, p["TransitRouterAttachmentId"])
    attachment_id = record["TransitRouterAttachmentId"]
    links = [(name, key) for name in (ASSOCIATIONS, PROPAGATIONS) for key in ctx.store.table(name)
             if key.split("|", 1)[0] == attachment_id]
    if links and not p.get("Force"):
        kinds = sorted({"associated with" if name == ASSOCIATIONS else "propagating to" for name, _key in links})
        raise ApiError("OperationFailed.RouteTableAssociationExist",
                       f"Operation failed because the attachment is still {' and '.join(kinds)} a transit router route "
                       "table (dissociate it and disable the propagation first, or use Force).")
    check_dry_run(p)
    check_attached(ctx, record)
    for name, key in links:
        del ctx.store.table(name)[key]
    record["gone_at"] = ctx.now() + ctx.settings.delay("tr_detach")
    return {}
