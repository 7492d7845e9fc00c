# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which "busy" error code is retried for which API action (pure data; docs/client_layer.md, "Busy codes").

A busy code says "another change is being applied, try again". The Terraform provider retries each one only on the
actions of the resources that meet it; so does this table. A busy code answered by any other action is final:
the same code can mean "wrong state" elsewhere, and a blind retry there only delays the real error.
IncorrectStatus.VpnGateway is in no row: a gateway being created or deleted is waited for by the modules, not
retried (lifecycle/resource.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# writes on routes of a VPN gateway (destination-based and policy-based)
VPN_ROUTE_WRITES = (
    'CreateVpnRouteEntry', 'DeleteVpnRouteEntry', 'ModifyVpnRouteEntryWeight', 'PublishVpnRouteEntry',
    'CreateVpnPbrRouteEntry', 'DeleteVpnPbrRouteEntry', 'ModifyVpnPbrRouteEntryWeight', 'ModifyVpnPbrRouteEntryPriority',
)
# every write a VPN gateway serialises: its own, its connections', attachments' and routes'
VPN_GATEWAY_WRITES = VPN_ROUTE_WRITES + (
    'ModifyVpnGatewayAttribute', 'MoveVpnResourceGroup', 'DeleteVpnGateway', 'DeleteCustomerGateway',
    'CreateVpnConnection', 'ModifyVpnConnectionAttribute', 'DeleteVpnConnection',
    'CreateVpnAttachment', 'ModifyVpnAttachmentAttribute', 'DeleteVpnAttachment',
)
# custom routes of a VPC route table: one route task at a time per VPC
VPC_ROUTE_WRITES = ('CreateRouteEntry', 'ModifyRouteEntry', 'DeleteRouteEntry')
# CEN: route publication and child instances
CEN_WRITES = ('PublishRouteEntries', 'WithdrawPublishedRouteEntries', 'AttachCenChildInstance',
              'DetachCenChildInstance')
# a transit router's VPN attachments and its route table links
TRANSIT_ROUTER_WRITES = (
    'CreateTransitRouterVpnAttachment', 'UpdateTransitRouterVpnAttachmentAttribute',
    'DeleteTransitRouterVpnAttachment', 'AssociateTransitRouterAttachmentWithRouteTable',
    'DissociateTransitRouterAttachmentFromRouteTable', 'EnableTransitRouterRouteTablePropagation',
    'DisableTransitRouterRouteTablePropagation',
)

# code -> the actions that retry it
BUSY_CODES = {
    # the VPN gateway, its appliance, a connection or a VPN task applies another change
    'VpnGateway.Configuring': VPN_GATEWAY_WRITES,
    'Appliance.Configuring': VPN_GATEWAY_WRITES,
    'VpnConnection.Configuring': VPN_GATEWAY_WRITES,
    'VpnTask.CONFLICT': VPN_GATEWAY_WRITES,
    # a VPN route still being applied is deleted
    'VpnRouteEntry.Configuring': ('DeleteVpnRouteEntry', 'DeleteVpnPbrRouteEntry'),
    # another route task of the gateway or the VPC, or of the IPsec connection being attached
    'TaskConflict': VPN_ROUTE_WRITES + VPC_ROUTE_WRITES + ('CreateVpnAttachment', 'CreateTransitRouterVpnAttachment'),
    'OperationConflict': ('CreateCustomerGateway',) + VPC_ROUTE_WRITES,
    # the VPC route table family: the table, the VPC, a vSwitch, the next hop or another entry is changing
    'IncorrectInstanceStatus': VPC_ROUTE_WRITES,
    'IncorrectStatus': VPC_ROUTE_WRITES,
    'IncorrectStatus.RouteTableStatus': VPC_ROUTE_WRITES,
    'IncorrectStatus.MultiScopeRiRouteEntry': VPC_ROUTE_WRITES,
    'IncorrectRouteEntryStatus': VPC_ROUTE_WRITES,
    'IncorrectVpcStatus': VPC_ROUTE_WRITES,
    'IncorrectVSwitchStatus': VPC_ROUTE_WRITES,
    'LastTokenProcessing': VPC_ROUTE_WRITES,
    'SystemBusy': VPC_ROUTE_WRITES,
    'OperationFailed.DistibuteLock': VPC_ROUTE_WRITES,  # sic: the API's spelling
    # CEN applies another change of the instance or of a child instance
    'Operation.Blocking': CEN_WRITES + TRANSIT_ROUTER_WRITES,
    'InvalidOperation.ChildInstanceStatus': CEN_WRITES,
    # a transit router attachment in a transitional state; another attachment still taking its addresses
    'IncorrectStatus.Status': TRANSIT_ROUTER_WRITES,
    'OperationFailed.AllocateCidrFailed': ('CreateTransitRouterVpnAttachment',),
    # EDS: the office network's directory (its account system) is still being set up or changed
    'DirectoryNotReady': ('ModifyOfficeSiteAttribute', 'AttachCen'),
}


def is_busy(action, code):
    """True when ``action`` retries the error ``code`` (both as the API spells them)."""
    return action in BUSY_CODES.get(code, ())
