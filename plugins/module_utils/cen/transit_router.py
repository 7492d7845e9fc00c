# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A CEN's transit router in a region and its System route table: how cen_transit_router_vpn_attachment finds the
transit router of cen_id and its default route table, and what cen_transit_router_info returns (one code for both,
so the info module reports exactly the ids the attachment module would use).

ListTransitRouters pages with PageNumber/PageSize, ListTransitRouterRouteTables with MaxResults/NextToken
(module.paginate picks by the parameters given).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import check_cen_id, collect

TRANSIT_ROUTER_ID_RE = re.compile(r'^tr-[0-9a-z]+$')


def id_problems(cen_id, transit_router_ids):
    """Messages naming the option for IDs that cannot be a CEN instance's or a transit router's (no API call)."""
    errors = collect([(check_cen_id, cen_id)])
    bad = [i for i in transit_router_ids or [] if not TRANSIT_ROUTER_ID_RE.match(i or '')]
    if bad:
        errors.append('transit_router_ids: %s not transit router IDs (tr-...)' % ', '.join(repr(i) for i in bad))
    return errors


def list_transit_routers(module, cen_id, transit_router_id=None):
    """The CEN's transit routers in the module's region (wire items), every page."""
    return module.paginate('cbn', 'ListTransitRouters', 'TransitRouters', CenId=cen_id, RegionId=module.region,
                           TransitRouterId=transit_router_id)


def the_transit_router(module, cen_id):
    """ID of the one transit router of cen_id in the module's region; fails when there is none or several."""
    routers = list_transit_routers(module, cen_id)
    if len(routers) != 1:
        module.fail_json(msg='cen_id %s has %d transit routers in region %s; give transit_router_id'
                             % (cen_id, len(routers), module.region))
    return routers[0]['TransitRouterId']


def system_route_table(module, router_id):
    """ID of the transit router's System route table (its default one), or None when it has none."""
    tables = module.paginate('cbn', 'ListTransitRouterRouteTables', 'TransitRouterRouteTables', MaxResults=100,
                             TransitRouterId=router_id, TransitRouterRouteTableType='System')
    return tables[0]['TransitRouterRouteTableId'] if tables else None


def transit_router_out(wire, system_table_id):
    """ListTransitRouters item + its System route table -> the cen_transit_router_info shape."""
    return dict(
        transit_router_id=wire.get('TransitRouterId'),
        name=wire.get('TransitRouterName') or None,
        status=wire.get('Status'),
        type=wire.get('Type'),
        region_id=wire.get('RegionId'),
        cen_id=wire.get('CenId'),
        system_route_table_id=system_table_id,
    )
