# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OfficeNetwork: what the VPN procedure changes on an existing EDS office network (module office_network).

Two attributes, each its own ECD write: the desktop access type (ModifyOfficeSiteAttribute DesktopAccessType) and
the CEN instance the office network is attached to (AttachCen). Office networks are never created nor deleted here
(docs/modules.md "office_network"). Both writes are retried while the directory is not ready (DirectoryNotReady,
a row of client/busy_codes.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Resource
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.validation import check_cen_id, check_text, collect
from ansible_collections.eds.vpc_access.plugins.module_utils.office_network.output import (
    ACCESS_TYPES, access_type, office_network_out,
)

# <region>+dir-<digits>, for example cn-shanghai+dir-4067420000 (the ECD API reference's examples)
_SITE_ID_RE = re.compile(r'^([a-z0-9-]+)\+dir-[0-9]+$')


def argument_spec():
    return dict(
        office_site_id=dict(type='str', aliases=['id', 'office_network_id']),
        name=dict(type='str'),
        desktop_access_type=dict(type='str', choices=list(ACCESS_TYPES)),
        cen_id=dict(type='str'),
        cen_owner_id=dict(type='int'),
        verify_code=dict(type='str', no_log=True),
    )


MODULE_KWARGS = dict(
    required_one_of=[('office_site_id', 'name')],
    mutually_exclusive=[('office_site_id', 'name')],
    required_by=dict(cen_owner_id='cen_id', verify_code='cen_id'),
    supports_check_mode=True,
)


class OfficeNetwork(Resource):
    result_key = 'office_network'
    what = 'office network'
    id_key = 'office_site_id'
    id_field = 'OfficeSiteId'
    managed_keys = ('desktop_access_type', 'cen_id')

    # --- validate -------------------------------------------------------------------------------------------
    def problems(self):
        p = self.params
        errors = []
        site_id = p.get('office_site_id')
        if site_id is not None:
            match = _SITE_ID_RE.match(site_id)
            if not match:
                errors.append('office_site_id: %r is not an office network ID (REGION+dir-NUMBER, for example '
                              'cn-shanghai+dir-4067420000)' % site_id)
            elif match.group(1) != self.module.region:
                errors.append('office_site_id: %s is an office network of region %s, but region is %s (the ECD API '
                              'only sees the office networks of its region)' % (site_id, match.group(1),
                                                                                self.module.region))
        if p.get('name') is not None:
            errors.extend(collect([(check_text, p['name'], 'name', 2, 255)]))
        if p.get('cen_id') is not None:
            errors.extend(collect([(check_cen_id, p['cen_id'])]))
        if p.get('cen_owner_id') is not None and p['cen_owner_id'] <= 0:
            errors.append('cen_owner_id must be an Alibaba Cloud account ID (a positive number), got %d'
                          % p['cen_owner_id'])
        return errors

    # --- find -----------------------------------------------------------------------------------------------
    def read(self, ident):
        body = self.module.call('ecd', 'DescribeOfficeSites', OfficeSiteId=[ident])
        sites = [s for s in body.get('OfficeSites') or [] if s.get('OfficeSiteId') == ident]
        return sites[0] if sites else None

    def find_by_key(self):
        sites = self.module.paginate('ecd', 'DescribeOfficeSites', 'OfficeSites', MaxResults=100)
        named = [s for s in sites if (s.get('Name') or s.get('OfficeSiteName')) == self.params['name']]
        return res.single_match(self.module, named, 'OfficeSiteId', 'office network name %r' % self.params['name'])

    def output(self, wire):
        return office_network_out(wire)

    def managed(self, current):
        if not current:
            return {}
        return dict(desktop_access_type=access_type(current.get('desktop_access_type')),
                    cen_id=current.get('cen_id') or '')

    # --- plan -----------------------------------------------------------------------------------------------
    def plan(self, wire):
        if wire is None:
            key = ('office_site_id %s' % self.params['office_site_id'] if self.params.get('office_site_id')
                   else 'name %r' % self.params['name'])
            self.module.fail_json(msg='no office network with %s in region %s; this module changes an existing '
                                      'office network and never creates one' % (key, self.module.region))
        return self.plan_update(wire)

    def desired(self, wire):
        return dict(desktop_access_type=self.params.get('desktop_access_type'), cen_id=self.params.get('cen_id'))

    def refuse_immutable(self, current, changes):
        # an office network is attached to one CEN instance at most; moving it means detaching it first, which cuts
        # the desktops off from every network reached through that CEN: never done implicitly
        if 'cen_id' in changes and changes['cen_id'][0]:
            self.module.fail_json(
                msg='cen_id: office network %s is attached to CEN instance %s; an office network is attached to one '
                    'CEN instance at most, and this module does not detach it (that cuts off every network reached '
                    'through %s): detach it first (ECD DetachCen), then attach it to %s'
                    % (current['office_site_id'], changes['cen_id'][0], changes['cen_id'][0], changes['cen_id'][1]),
                **{self.result_key: current})

    def predict(self, current, changes, tags):
        predicted = dict(current)
        predicted.update(dict((k, v[1]) for k, v in changes.items()))
        return predicted

    # --- apply ----------------------------------------------------------------------------------------------
    def modify(self, plan):
        ident = self.ident(plan.wire)
        if 'desktop_access_type' in plan.changes:
            self.module.call('ecd', 'ModifyOfficeSiteAttribute', OfficeSiteId=ident,
                             DesktopAccessType=self.params['desktop_access_type'])
        if 'cen_id' in plan.changes:
            self.module.call('ecd', 'AttachCen', OfficeSiteId=ident, CenId=self.params['cen_id'],
                             CenOwnerId=self.params.get('cen_owner_id'), VerifyCode=self.params.get('verify_code'))

    def read_back(self, plan, ident):
        wire = self.read(ident)
        return self.output(wire) if wire is not None else plan.result
