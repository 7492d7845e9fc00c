#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cen_transit_router_info
short_description: List the transit routers of a CEN instance in a region, with their System route table
version_added: 0.1.0
description:
  - Lists the transit routers of the CEN instance O(cen_id) in the module's region (CEN API C(ListTransitRouters),
    every page) and, for each, its C(System) route table (C(ListTransitRouterRouteTables) with
    C(TransitRouterRouteTableType=System)).
  - RV(transit_routers[].system_route_table_id) is the route table that
    M(eds.vpc_access.cen_transit_router_vpn_attachment) associates an attachment with and propagates it to when it is
    given no C(route_table_id); both modules find it with the same code.
  - Returns C([]) when nothing matches, an unknown CEN instance included (C(ListTransitRouters) filters by
    C(CenId)); an error answer of the API fails the task with it. Makes no change, so it runs in check mode too.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  cen_id:
    description: The CEN instance (C(cen-...)).
    type: str
    required: true
  transit_router_ids:
    description: Only these transit routers (C(tr-...)). A single ID may be given as a string.
    type: list
    elements: str
    aliases: [transit_router_id, id]
  vpn_attachments:
    description:
      - Add RV(transit_routers[].vpn_attachments), each transit router's IPsec-VPN attachments
        (C(ListTransitRouterVpnAttachments), every page) with their route table association and propagations, the
        state of every data center's attachment in one read (the C(eds.vpc_access.diagnose) playbook). Costs one
        list of the route tables per transit router and, per attachment, one read of its association and one of its
        propagation per route table.
    type: bool
    default: false
    version_added: 1.2.0
seealso:
  - module: eds.vpc_access.cen_transit_router_vpn_attachment
  - module: eds.vpc_access.office_network_info
'''

EXAMPLES = r'''
- name: The CEN's transit router in the region and its System route table
  eds.vpc_access.cen_transit_router_info:
    cen_id: cen-sampleplan000000001
    region: cn-shanghai
  register: tr_info

- name: Use them
  ansible.builtin.debug:
    msg: >-
      {{ tr_info.transit_routers[0].transit_router_id }} routes with
      {{ tr_info.transit_routers[0].system_route_table_id }}
'''

RETURN = r'''
transit_routers:
  description: The matching transit routers (empty list when none), in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    transit_router_id:
      description: Transit router ID.
      type: str
      sample: tr-uf6sampleplan000000001
    name:
      description: Name of the transit router, or null.
      type: str
      sample: eds-tr
    status:
      description: C(Creating), C(Active), C(Modifying) or C(Deleting).
      type: str
      sample: Active
    type:
      description: C(Enterprise) or C(Basic) (IPsec-VPN attachments need C(Enterprise)).
      type: str
      sample: Enterprise
    region_id:
      description: Region of the transit router.
      type: str
      sample: cn-shanghai
    cen_id:
      description: The CEN instance.
      type: str
      sample: cen-sampleplan000000001
    system_route_table_id:
      description: The transit router's C(System) route table, or null when it has none.
      type: str
      sample: vtb-uf6trsystem00000000001
    vpn_attachments:
      description:
        - The transit router's VPN attachments, in the shape of
          RV(eds.vpc_access.cen_transit_router_vpn_attachment#module:cen_transit_router_vpn_attachment.transit_router_vpn_attachment)
          (see that module for every key); empty list when it has none.
      returned: when O(vpn_attachments=true)
      type: list
      elements: dict
      contains:
        transit_router_attachment_id:
          description: ID of the transit router attachment.
          type: str
          sample: tr-attach-nls9fzkfat8934****
        name:
          description: Name of the transit router attachment.
          type: str
        vpn_id:
          description: The IPsec-VPN attachment it binds (C(vco-...)).
          type: str
        status:
          description: C(Attaching), C(Attached), C(Updating) or C(Detaching).
          type: str
          sample: Attached
        route_table_association:
          description: The route table the attachment is associated with, or null.
          type: str
        route_table_propagations:
          description: The route tables that learn the attachment's routes, sorted.
          type: list
          elements: str
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.cen import transit_router
from ansible_collections.eds.vpc_access.plugins.module_utils.cen.transit_router_vpn_attachment import vpn_attachments_out
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule


def main():
    module = AlicloudModule(
        argument_spec=dict(
            cen_id=dict(type='str', required=True),
            transit_router_ids=dict(type='list', elements='str', aliases=['transit_router_id', 'id']),
            vpn_attachments=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    errors = transit_router.id_problems(p['cen_id'], p['transit_router_ids'])
    if errors:
        module.fail_json(msg='; '.join(errors))
    ids = p['transit_router_ids']
    single = ids[0] if ids and len(ids) == 1 else None
    routers = [r for r in transit_router.list_transit_routers(module, p['cen_id'], single)
               if not ids or r['TransitRouterId'] in ids]
    found = [transit_router.transit_router_out(r, transit_router.system_route_table(module, r['TransitRouterId']))
             for r in routers]
    if p['vpn_attachments']:
        for found_router in found:
            found_router['vpn_attachments'] = vpn_attachments_out(module, found_router['transit_router_id'])
    module.exit_json(changed=False, transit_routers=found)


if __name__ == '__main__':
    main()
