"""Transit router route table associations and propagations (cbn 2017-09-12):
AssociateTransitRouterAttachmentWithRouteTable, DissociateTransitRouterAttachmentFromRouteTable,
ListTransitRouterRouteTableAssociations, EnableTransitRouterRouteTablePropagation,
DisableTransitRouterRouteTablePropagation, ListTransitRouterRouteTablePropagations.

A link (association or propagation) is a record with ready_at (Associating | Enabling until then, Active after)
or gone_at (Dissociating | Disabling until then, gone after); each takes settings.delay("tr_route_link").
Busy answers (emulator choices, docs/vpn_attachment.md "Emulator"): a write while the attachment is not Attached
-> 400 IncorrectStatus.Status; a write while another link of the same route table is still changing -> 400
Operation.Blocking (the route table applies one change at a time). An attachment is associated with at most one
route table (400 InvalidOperation.AttachmentAlreadyAssociated, UNCONFIRMED); associating or enabling an existing link
is accepted and changes nothing, dissociating or disabling a missing one is 404 (UNCONFIRMED).
"""

from eds_emulator.errors import ApiError
from eds_emulator.pagination import token_page
from eds_emulator.services import action, check_dry_run, lifecycle_status, require
from eds_emulator.services import transit_router_vpn_attachments as tr_attachments
from eds_emulator.services.transit_routers import ASSOCIATIONS, PROPAGATIONS, link_key, route_table_or_404

STATES = {ASSOCIATIONS: ("Associating", "Dissociating"), PROPAGATIONS: ("Enabling", "Disabling")}


def _links(ctx, table):
    """Live link records of a table (finished removals are purged)."""
    now = ctx.now()
    records = ctx.store.table(table)
    for key in [k for k, r in records.items() if r.get("gone_at") is not None and now >= r["gone_at"]]:
        del records[key]
    return records


def link_status(ctx, table, record):
    adding, removing = STATES[table]
    return lifecycle_status(ctx, record, removing, adding, "Active", "Active")  # a link is never busy


def _target(ctx, p):
    require(p, "TransitRouterAttachmentId", "TransitRouterRouteTableId")
    attachment = tr_attachments.attachment_or_404(ctx, p["TransitRouterAttachmentId"])
    table = route_table_or_404(ctx, p["TransitRouterRouteTableId"])
    if table["TransitRouterId"] != attachment["TransitRouterId"]:
        raise ApiError("IllegalParam.TransitRouterRouteTableId", f"The route table {table['TransitRouterRouteTableId']} "
                       f"does not belong to the transit router {attachment['TransitRouterId']}.")
    return attachment, table


def _check_writable(ctx, attachment, table):
    tr_attachments.check_attached(ctx, attachment)
    for name in (ASSOCIATIONS, PROPAGATIONS):
        for record in _links(ctx, name).values():
            if record["TransitRouterRouteTableId"] == table["TransitRouterRouteTableId"] and \
                    link_status(ctx, name, record) != "Active":
                raise ApiError("Operation.Blocking", f"The route table {table['TransitRouterRouteTableId']} is applying "
                                                     "another change. Try again later.")


def _kind(ctx):
    """Each handler below serves an association action and its propagation twin: (table, noun) of this one."""
    return (PROPAGATIONS, "Propagation") if "Propagation" in ctx.action else (ASSOCIATIONS, "Association")


@action("cbn", "AssociateTransitRouterAttachmentWithRouteTable", write=True)
@action("cbn", "EnableTransitRouterRouteTablePropagation", write=True)
def link(ctx, p):
    name = _kind(ctx)[0]
    attachment, table = _target(ctx, p)
    links = _links(ctx, name)
    key = link_key(attachment["TransitRouterAttachmentId"], table["TransitRouterRouteTableId"])
    if name == ASSOCIATIONS:
        other = next((r for k, r in links.items() if k != key and
                      r["TransitRouterAttachmentId"] == attachment["TransitRouterAttachmentId"]), None)
        if other is not None:
            raise ApiError("InvalidOperation.AttachmentAlreadyAssociated", f"The attachment is already associated with "
                                                                           f"{other['TransitRouterRouteTableId']}.")
    check_dry_run(p)
    if key in links and links[key].get("gone_at") is None:
        return {}
    _check_writable(ctx, attachment, table)
    links[key] = {"TransitRouterAttachmentId": attachment["TransitRouterAttachmentId"],
                  "TransitRouterRouteTableId": table["TransitRouterRouteTableId"],
                  "ready_at": ctx.now() + ctx.settings.delay("tr_route_link")}
    return {}


@action("cbn", "DissociateTransitRouterAttachmentFromRouteTable", write=True)
@action("cbn", "DisableTransitRouterRouteTablePropagation", write=True)
def unlink(ctx, p):
    name, what = _kind(ctx)
    attachment, table = _target(ctx, p)
    links = _links(ctx, name)
    key = link_key(attachment["TransitRouterAttachmentId"], table["TransitRouterRouteTableId"])
    if key not in links:
        raise ApiError(f"Invalid{what}.NotFound", f"The attachment has no {what.lower()} with the route table "
                                                  f"{table['TransitRouterRouteTableId']}.", status=404)
    check_dry_run(p)
    if links[key].get("gone_at") is not None:
        return {}
    _check_writable(ctx, attachment, table)
    links[key]["gone_at"] = ctx.now() + ctx.settings.delay("tr_route_link")
    return {}


@action("cbn", "ListTransitRouterRouteTableAssociations")
@action("cbn", "ListTransitRouterRouteTablePropagations")
def list_links(ctx, p):
    name, noun = _kind(ctx)
    if name == PROPAGATIONS:
        require(p, "TransitRouterRouteTableId")
    attachments = ctx.store.table("tr_attachments")
    items = []
    for record in _links(ctx, name).values():
        attachment = attachments.get(record["TransitRouterAttachmentId"])
        if attachment is None:
            continue
        item = {"TransitRouterAttachmentId": record["TransitRouterAttachmentId"],
                "TransitRouterRouteTableId": record["TransitRouterRouteTableId"],
                "ResourceId": attachment["ResourceId"], "ResourceType": attachment["ResourceType"],
                "Status": link_status(ctx, name, record)}
        filters = {"TransitRouterAttachmentId": "TransitRouterAttachmentId",
                   "TransitRouterRouteTableId": "TransitRouterRouteTableId",
                   "TransitRouterAttachmentResourceId": "ResourceId",
                   "TransitRouterAttachmentResourceType": "ResourceType", "Status": "Status"}
        if any(p.get(param) and item[field] != p[param] for param, field in filters.items()):
            continue
        items.append(item)
    chunk, token, size, total = token_page(items, p, default_size=50, max_size=100)
    return {"TotalCount": total, "MaxResults": size, "NextToken": token, f"TransitRouter{noun}s": chunk}
