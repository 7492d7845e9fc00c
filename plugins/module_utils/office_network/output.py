# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The output shape of an office network (DescribeOfficeSites item), shared by office_network_info and
office_network: a fixed field list, so the AD domain password, trust key and client secret the API may return are
never returned."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import urlsplit

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import snake

FIELDS = ('OfficeSiteId', 'OfficeSiteType', 'Status', 'VpcId', 'VSwitchIds', 'CidrBlock', 'CenId', 'CenAttachStatus',
          'DnsAddress', 'CustomDnsAddress', 'DesktopAccessType', 'DesktopVpcEndpoint', 'CustomAccessPoint',
          'EnableInternetAccess', 'CreationTime')
LIST_FIELDS = ('VSwitchIds', 'DnsAddress', 'CustomDnsAddress')

# the desktop access types as ModifyOfficeSiteAttribute takes them (the module's choices); DescribeOfficeSites
# answers the same types in other cases too (INTERNET, ANY), so they are compared case-insensitively
ACCESS_TYPES = ('Any', 'Internet', 'VPC')


def access_type(value):
    """The API's desktop access type in the spelling of ACCESS_TYPES ('' when unset, unknown values as they are)."""
    if not value:
        return ''
    for name in ACCESS_TYPES:
        if name.upper() == str(value).upper():
            return name
    return value


def office_network_out(wire):
    out = dict((snake(k), wire.get(k)) for k in FIELDS)
    for key in LIST_FIELDS:
        out[snake(key)] = list(wire.get(key) or [])
    out['name'] = wire.get('Name') or wire.get('OfficeSiteName')
    endpoint = wire.get('DesktopVpcEndpoint') or ''
    out['private_endpoint'] = endpoint
    # the API documents "http://ep-....privatelink.aliyuncs.com"; DNS records need the bare host name
    out['private_endpoint_host'] = (urlsplit(endpoint if '://' in endpoint else '//' + endpoint).hostname or '') if endpoint else ''
    return out
