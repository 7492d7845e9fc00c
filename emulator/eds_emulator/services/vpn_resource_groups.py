"""MoveVpnResourceGroup: move a VPN gateway, a customer gateway or an IPsec-VPN attachment to another resource group.

Parameters and resource types are those of the SDK model (MoveVpnResourceGroupRequest): InstanceId,
NewResourceGroupId and ResourceType (VpnGateway | CustomerGateway | VpnAttachment), all required. Moving a VPN
gateway moves the IPsec-VPN connections bound to it as well (the model's doc). Emulator choices, as the real
answers are unconfirmed (docs/emulator.md): the new group must look like a resource group id (rg-<letters and
digits>, else 400 InvalidResourceGroupId; the emulator has no Resource Manager to ask whether it exists), an
unknown instance is the resource type's own 404, a gateway being deleted is 400 IncorrectStatus.VpnGateway, and
the move itself does not make the gateway `updating`.
"""

import re

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.services import action, require
from eds_emulator.services import customer_gateways, vpn_gateways
from eds_emulator.services import vpn_attachment_backend as attachments
from eds_emulator.services import vpn_busy as busy

RESOURCE_TYPES = ("VpnGateway", "CustomerGateway", "VpnAttachment")
GROUP_RE = re.compile(r"^rg-[A-Za-z0-9]+$")


def _gateway(ctx, instance_id):
    gw = vpn_gateways.gateway_or_404(ctx, instance_id)
    if vpn_gateways.gateway_status(ctx, gw) == "deleting":
        raise ApiError("IncorrectStatus.VpnGateway", "The VPN gateway is being deleted.")
    bound = [c for c in busy.connections(ctx).values() if c.get("VpnGatewayId") == instance_id]
    return [gw] + bound


@action("vpc", "MoveVpnResourceGroup", write=True)
def move_vpn_resource_group(ctx, p):
    require(p, "InstanceId", "NewResourceGroupId", "ResourceType")
    resource_type = validation.enum(p["ResourceType"], "ResourceType", RESOURCE_TYPES)
    group = str(p["NewResourceGroupId"])
    if not GROUP_RE.match(group):
        raise ApiError("InvalidResourceGroupId", f'The specified NewResourceGroupId "{group}" is not a resource group id.')
    if resource_type == "VpnGateway":
        records = _gateway(ctx, p["InstanceId"])
    elif resource_type == "CustomerGateway":
        records = [customer_gateways.customer_gateway_or_404(ctx, p["InstanceId"])]
    else:
        records = [attachments.attachment_or_404(ctx, p["InstanceId"])]
    for record in records:
        record["ResourceGroupId"] = group
    return {}
