"""IPsec-VPN attachment actions (VPC API): CreateVpnAttachment, DescribeVpnAttachments, ModifyVpnAttachmentAttribute,
DeleteVpnAttachment. DescribeVpnConnection answers for an attachment too (services/vpn_connections.py, completed by
the view hook registered here).

States and busy answers (emulator choices, docs/vpn_attachment.md "Emulator"):
- a new attachment is `provisioning` for settings.delay("vpn_connection_create"), a modified one `updating` for
  ("vpn_connection_update") (services/vpn_busy.py windows); then its State follows its transit router binding:
  active (bound to nothing) | attaching | attached | detaching;
- Modify/Delete while `provisioning` -> 400 Appliance.Configuring (its appliance is being built); while `updating`
  -> 400 VpnConnection.Configuring; Modify while its transit router attachment is Attaching or Detaching -> 400
  VpnTask.CONFLICT;
- Delete while bound to a transit router -> 400 DependencyViolation.TransitRouterAttachment (UNCONFIRMED code).
"""

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import page
from eds_emulator.services import action, check_dry_run, require
from eds_emulator.services import transit_router_vpn_attachments as tr_attachments
from eds_emulator.services import vpn_attachment_backend as backend
from eds_emulator.services import vpn_busy as busy
from eds_emulator.services.tags import apply_tags, tags_out
from eds_emulator.services.vpn_connection_views import VIEW_HOOKS, modify_view

TABLE = backend.TABLE
ATTACH_TYPES = ("CEN", "NO_ASSOCIATED")
BINDING_STATES = {"Attaching": "attaching", "Attached": "attached", "Detaching": "detaching"}


def attachment_state(ctx, record):
    window = busy.connection_window(ctx, record)
    if window:
        return window
    binding = tr_attachments.binding_of(ctx, record["VpnConnectionId"])
    return BINDING_STATES.get(binding[1], "active") if binding else "active"


def _view_hook(ctx, record, out):
    if not record.get("attachment"):
        return
    binding = tr_attachments.binding_of(ctx, record["VpnConnectionId"])
    tr_id = binding[0]["TransitRouterId"] if binding else ""
    out.update(AttachType="CEN" if binding else "NO_ASSOCIATED", AttachInstanceId=tr_id, TransitRouterId=tr_id,
               TransitRouterName=tr_attachments.transit_router_name(ctx, tr_id), TunnelBandwidth=record["TunnelBandwidth"],
               NetworkType=record["NetworkType"], State=attachment_state(ctx, record), VpnGatewayId="")


VIEW_HOOKS.append(_view_hook)


def _check_idle(ctx, record):
    window = busy.connection_window(ctx, record)
    if window == "provisioning":
        raise ApiError("Appliance.Configuring", f"The appliance of the IPsec-VPN attachment {record['VpnConnectionId']} "
                                                "is being built. Try again later.")
    busy.check_connection_idle(ctx, record)


@action("vpc", "CreateVpnAttachment", write=True)
def create_vpn_attachment(ctx, p):
    require(p, "LocalSubnet", "RemoteSubnet")
    name = validation.free_text(p["Name"], "Name", code="InvalidName") if p.get("Name") is not None else None
    tags = validation.tags(p.get("Tags"), "Tags")
    record = backend.new_attachment(ctx, p)
    check_dry_run(p)
    connection_id = ctx.store.new_id("vco")
    record.update(VpnConnectionId=connection_id, Name=name or connection_id, CreateTime=ctx.now_ms())
    apply_tags(record, tags)
    ctx.region.table(TABLE)[connection_id] = record
    busy.mark_connection(ctx, record, "create")
    return {"VpnConnectionId": connection_id, "Name": record["Name"], "CreateTime": record["CreateTime"],
            "Code": "200", "Message": "successful", "Success": True}


def _list_item(ctx, record):
    binding = tr_attachments.binding_of(ctx, record["VpnConnectionId"])
    tr_id = binding[0]["TransitRouterId"] if binding else ""
    return {"InstanceId": record["VpnConnectionId"], "Name": record["Name"], "Description": "",
            "AttachType": "CEN" if binding else "NO_ASSOCIATED", "TransitRouterId": tr_id,
            "TransitRouterName": tr_attachments.transit_router_name(ctx, tr_id), "CrossAccountAuthorized": False,
            "TunnelBandwidth": record["TunnelBandwidth"], "Tag": '{"BGPSupport":"true"}', "Tags": tags_out(record)["Tag"]}


@action("vpc", "DescribeVpnAttachments")
def describe_vpn_attachments(ctx, p):
    """AttachType CEN (the documented default and only value) lists the attachments bound to a transit router;
    NO_ASSOCIATED (an emulator extension, UNCONFIRMED) the unbound ones."""
    attach_type = validation.enum(p.get("AttachType") or "CEN", "AttachType", ATTACH_TYPES)
    items = []
    for record in ctx.region.table(TABLE).values():
        if not record.get("attachment"):
            continue
        if p.get("VpnConnectionId") and record["VpnConnectionId"] != p["VpnConnectionId"]:
            continue
        item = _list_item(ctx, record)
        if item["AttachType"] == attach_type:
            items.append(item)
    chunk, number, size, total = page(items, p)
    return {"TotalCount": total, "PageNumber": number, "PageSize": size, "VpnAttachments": chunk}


@action("vpc", "ModifyVpnAttachmentAttribute", write=True)
def modify_vpn_attachment_attribute(ctx, p):
    require(p, "VpnConnectionId")
    stored = backend.attachment_or_404(ctx, p["VpnConnectionId"])
    record = backend.modified_attachment(ctx, stored, p)
    _check_idle(ctx, stored)
    binding = tr_attachments.binding_of(ctx, stored["VpnConnectionId"])
    if binding and binding[1] in ("Attaching", "Detaching"):
        raise ApiError("VpnTask.CONFLICT", f"The IPsec-VPN attachment {stored['VpnConnectionId']} is "
                                           f"{binding[1].lower()} its transit router. Try again later.")
    stored.clear()
    stored.update(record)
    busy.mark_connection(ctx, stored, "update")
    out = modify_view(ctx, stored)
    tunnels = out.pop("TunnelOptionsSpecification")["TunnelOptions"]
    for tunnel, spec in zip(tunnels, stored["tunnels"]):
        tunnel["TunnelIndex"] = spec["TunnelIndex"]
    out.update(TunnelOptionsSpecification=tunnels, AttachType="CEN" if binding else "NO_ASSOCIATED",
               AttachInstanceId=binding[0]["TransitRouterId"] if binding else "", NetworkType=stored["NetworkType"],
               Spec="", Status=attachment_state(ctx, stored), VpnGatewayId="")
    return out


@action("vpc", "DeleteVpnAttachment", write=True)
def delete_vpn_attachment(ctx, p):
    require(p, "VpnConnectionId")
    record = backend.attachment_or_404(ctx, p["VpnConnectionId"])
    _check_idle(ctx, record)
    binding = tr_attachments.binding_of(ctx, record["VpnConnectionId"])
    if binding:
        raise ApiError("DependencyViolation.TransitRouterAttachment",
                       f"The IPsec-VPN attachment is attached to the transit router {binding[0]['TransitRouterId']} "
                       f"({binding[0]['TransitRouterAttachmentId']}); delete that attachment first.")
    del ctx.region.table(TABLE)[record["VpnConnectionId"]]
    return {"Code": "200", "Message": "successful", "Success": True}
