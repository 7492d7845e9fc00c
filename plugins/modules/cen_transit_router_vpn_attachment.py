#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cen_transit_router_vpn_attachment
short_description: Attach an IPsec-VPN attachment to a CEN transit router, with its route table association and propagation
version_added: 1.1.0
description:
  - Attaches an IPsec-VPN attachment (M(eds.vpc_access.vpn_attachment)) to an Enterprise edition transit router of
    a CEN instance (CEN API C(CreateTransitRouterVpnAttachment), C(UpdateTransitRouterVpnAttachmentAttribute),
    C(DeleteTransitRouterVpnAttachment), read with C(ListTransitRouterVpnAttachments)), then associates it with a
    transit router route table (forwarding, C(AssociateTransitRouterAttachmentWithRouteTable)) and makes that route
    table learn its routes (C(EnableTransitRouterRouteTablePropagation)). This is how a data center reaches an EDS
    office network whose VPC is attached to the same transit router.
  - Found by O(transit_router_attachment_id), else on the transit router (O(transit_router_id), or the one of
    O(cen_id) in the region) by its natural key O(name), or by O(vpn_id) when no name is given.
  - Every step is asynchronous (C(Attaching), C(Associating), C(Enabling)...) and the API refuses the next write on
    the attachment or the route table until the previous one is done. The module waits for each step before the
    next one, and retries the busy answers (C(IncorrectStatus.Status), C(Operation.Blocking), C(TaskConflict),
    C(OperationFailed.AllocateCidrFailed)) with jittered backoff. With O(wait=true) it also waits for the last step
    (C(Attached), or gone on delete).
  - O(name), O(description), O(auto_publish_route_enabled), the association and the propagation change in place;
    O(vpn_id), O(transit_router_id) and O(zones) cannot change, and asking to change them fails naming the option.
  - C(state=absent) undoes in reverse order - propagation, association, then the attachment - so that the delete
    never meets C(OperationFailed.RouteTableAssociationExist). The IPsec-VPN attachment itself is left in place.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.wait
attributes:
  check_mode:
    support: full
    description: Predicts the result without any write call; a new transit router attachment gets the ID C((known after creation)).
  diff_mode:
    support: full
    description: Before/after of the managed attributes, the association and the propagations included.
options:
  state:
    description: Whether the transit router attachment should exist.
    type: str
    choices: [present, absent]
    default: present
  transit_router_attachment_id:
    description: ID of an existing transit router VPN attachment (C(tr-attach-...)).
    type: str
    aliases: [id]
  name:
    description:
      - Name of the transit router attachment, 2 to 128 characters, starting with a letter; letters, digits, C(_) and
        C(-). The natural key on the transit router.
    type: str
  description:
    description: Description, 2 to 256 characters, starting with a letter, not with C(http://) or C(https://).
    type: str
  vpn_id:
    description:
      - The IPsec-VPN attachment to attach, the RV(eds.vpc_access.vpn_attachment#module:vpn_attachment.vpn_connection_id)
        of M(eds.vpc_access.vpn_attachment). It must be in the module's region and attached to nothing else.
        Required to create.
    type: str
    aliases: [vpn_connection_id]
  cen_id:
    description:
      - CEN instance whose transit router in the module's region is used, when O(transit_router_id) is not given.
    type: str
  transit_router_id:
    description: The Enterprise edition transit router (C(tr-...)).
    type: str
  zones:
    description:
      - Zone IDs of the attachment's resources (at most two). Fixed at creation; compared as a set.
    type: list
    elements: str
  auto_publish_route_enabled:
    description:
      - Whether the transit router advertises its routes to the IPsec-VPN attachment (and so to the data center).
        The API default on create is V(true).
    type: bool
  route_table_id:
    description:
      - The transit router route table of O(associate) and O(propagate). Default - the transit router's
        C(System) route table.
    type: str
  associate:
    description:
      - Associate the attachment with O(route_table_id) (the table its traffic is forwarded by). An attachment has at
        most one association; one with another table is replaced. V(false) removes the association with
        O(route_table_id) if there is one.
    type: bool
    default: true
  propagate:
    description:
      - Make O(route_table_id) learn the attachment's routes (the data-center CIDR blocks). V(false) disables that
        propagation. Propagations to other route tables are left alone.
    type: bool
    default: true
  wait:
    description: Wait for the last step (C(Attached) after a create or update, gone after a delete).
  wait_timeout:
    description: Seconds to wait, per wait (every intermediate step is waited for, whatever O(wait) says).
    default: 900
notes:
  - Before it is attached, a private-network IPsec-VPN attachment has no tunnel address; the transit router gives
    it addresses from its CIDR block (the API then needs one, C(CreateTransitRouterCidr)).
  - See the collection's C(docs/vpn_attachment.md) for the choices made where the API documentation is silent.
seealso:
  - module: eds.vpc_access.vpn_attachment
  - module: eds.vpc_access.vpn_attachment_info
'''

EXAMPLES = r'''
- name: Attach the IPsec-VPN attachment to the CEN's transit router, associated and propagated (System table)
  eds.vpc_access.cen_transit_router_vpn_attachment:
    cen_id: cen-sampleplan000000001
    name: dc1-vpn
    vpn_id: "{{ attachment.vpn_attachment.vpn_connection_id }}"
    zones: [cn-shanghai-e]
  register: tr_attachment

- name: Stop advertising the transit router's routes to the data center
  eds.vpc_access.cen_transit_router_vpn_attachment:
    cen_id: cen-sampleplan000000001
    name: dc1-vpn
    auto_publish_route_enabled: false

- name: Detach (propagation, association, then the attachment)
  eds.vpc_access.cen_transit_router_vpn_attachment:
    cen_id: cen-sampleplan000000001
    name: dc1-vpn
    state: absent
'''

RETURN = r'''
transit_router_vpn_attachment:
  description: The attachment after the run (the prediction in check mode); C({}) after a delete.
  returned: always
  type: dict
  contains:
    transit_router_attachment_id:
      description: ID (C((known after creation)) in check mode).
      type: str
      sample: tr-attach-nls9fzkfat8934****
    id:
      description: Same as RV(transit_router_vpn_attachment.transit_router_attachment_id).
      type: str
    name:
      description: Name of the transit router attachment.
      type: str
    description:
      description: Description of the transit router attachment.
      type: str
    vpn_id:
      description: The IPsec-VPN attachment (C(vco-...)).
      type: str
    transit_router_id:
      description: Transit router.
      type: str
    cen_id:
      description: CEN instance.
      type: str
    region_id:
      description: Region of the IPsec-VPN attachment.
      type: str
    zones:
      description: Zone IDs, sorted.
      type: list
      elements: str
    auto_publish_route_enabled:
      description: Whether the transit router advertises its routes to the attachment.
      type: bool
    charge_type:
      description: Billing method (C(POSTPAY)).
      type: str
    status:
      description: C(Attaching), C(Attached), C(Updating) or C(Detaching).
      type: str
      sample: Attached
    creation_time:
      description: Creation time (ISO 8601, minutes).
      type: str
    route_table_association:
      description: The route table the attachment is associated with, or null.
      type: str
    route_table_propagations:
      description: The route tables that learn the attachment's routes, sorted.
      type: list
      elements: str
    tags:
      description: Tags of the transit router attachment.
      type: dict
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.cen.transit_router_vpn_attachment import (
    TransitRouterVpnAttachment)
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import (
    AlicloudModule, identity_argument_spec, wait_argument_spec)


def main():
    argument_spec = identity_argument_spec('transit_router_attachment_id')
    argument_spec.update(wait_argument_spec(900))
    argument_spec.update(
        name=dict(type='str'),
        description=dict(type='str'),
        vpn_id=dict(type='str', aliases=['vpn_connection_id']),
        cen_id=dict(type='str'),
        transit_router_id=dict(type='str'),
        zones=dict(type='list', elements='str'),
        auto_publish_route_enabled=dict(type='bool'),
        route_table_id=dict(type='str'),
        associate=dict(type='bool', default=True),
        propagate=dict(type='bool', default=True),
    )
    module = AlicloudModule(argument_spec=argument_spec, supports_check_mode=True)
    TransitRouterVpnAttachment(module).run()


if __name__ == '__main__':
    main()
