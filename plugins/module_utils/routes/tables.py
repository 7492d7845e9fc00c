# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC route table look-ups shared by vpc_route_entry and cen_route_publish."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def system_route_table_id(module, vpc_id, region=None, option="vpc_id"):
    """ID of the system route table of a VPC (every VPC has exactly one); fails naming the option otherwise."""
    tables = module.paginate("vpc", "DescribeRouteTableList", "RouterTableList.RouterTableListType",
                             RegionId=region or module.region, VpcId=vpc_id, RouteTableType="System")
    tables = [table for table in tables if table.get("RouteTableType") == "System" and table.get("VpcId") == vpc_id]
    if not tables:
        module.fail_json(msg=u"%s %s: no VPC with a system route table in region %s" % (
            option, vpc_id, region or module.region))
    if len(tables) > 1:
        module.fail_json(msg=u"%s %s: %d system route tables found: %s" % (
            option, vpc_id, len(tables), ", ".join(table["RouteTableId"] for table in tables)))
    return tables[0]["RouteTableId"]
