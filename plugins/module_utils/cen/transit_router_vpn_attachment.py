# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TransitRouterVpnAttachment: the cen_transit_router_vpn_attachment module's resource on the lifecycle
(module_utils/lifecycle/resource.py).

The resource is the transit router's VPN attachment plus its forwarding association with, and route learning
(propagation) into, one transit router route table. Every step is asynchronous on the CEN API (Attaching,
Associating, Enabling...) and the next write on the same attachment or route table is refused meanwhile
(IncorrectStatus.Status, Operation.Blocking), so the module waits for each step before the next one; the busy codes
are also retried (module_utils/client/retries.py). Deleting undoes in reverse: propagation, association, attachment.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.cen import transit_router
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource

NAME_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_-]{1,127}$')
MANAGED = ('name', 'description', 'vpn_id', 'transit_router_id', 'zones', 'auto_publish_route_enabled',
           'route_table_association', 'route_table_propagations')


def attachment_out(wire, associations, propagations):
    """ListTransitRouterVpnAttachments item + its links -> the module shape."""
    association = next((a['TransitRouterRouteTableId'] for a in associations), None)
    return dict(
        transit_router_attachment_id=wire.get('TransitRouterAttachmentId'),
        id=wire.get('TransitRouterAttachmentId'),
        name=wire.get('TransitRouterAttachmentName') or None,
        description=wire.get('TransitRouterAttachmentDescription') or None,
        vpn_id=wire.get('VpnId'),
        transit_router_id=wire.get('TransitRouterId'),
        cen_id=wire.get('CenId'),
        region_id=wire.get('VpnRegionId'),
        zones=sorted(z.get('ZoneId') for z in wire.get('Zones') or []),
        auto_publish_route_enabled=wire.get('AutoPublishRouteEnabled'),
        charge_type=wire.get('ChargeType'),
        status=wire.get('Status'),
        creation_time=wire.get('CreationTime'),
        route_table_association=association,
        route_table_propagations=sorted(p['TransitRouterRouteTableId'] for p in propagations),
        tags=res.tags_to_dict(wire.get('Tags')),
    )


def route_tables(module, router_id):
    """IDs of every route table of the transit router."""
    tables = module.paginate('cbn', 'ListTransitRouterRouteTables', 'TransitRouterRouteTables',
                             MaxResults=100, TransitRouterId=router_id)
    return [t['TransitRouterRouteTableId'] for t in tables]


def links(module, attachment_id, router_id, tables=None):
    """(associations, propagations) of the attachment; propagations are listed per route table (the API needs
    TransitRouterRouteTableId). tables: the transit router's route table IDs when already read."""
    associations = module.paginate('cbn', 'ListTransitRouterRouteTableAssociations', 'TransitRouterAssociations',
                                   MaxResults=100, TransitRouterAttachmentId=attachment_id)
    propagations = []
    for table_id in route_tables(module, router_id) if tables is None else tables:
        propagations.extend(module.paginate(
            'cbn', 'ListTransitRouterRouteTablePropagations', 'TransitRouterPropagations', MaxResults=100,
            TransitRouterRouteTableId=table_id, TransitRouterAttachmentId=attachment_id))
    return associations, propagations


def listed(module, **filters):
    """ListTransitRouterVpnAttachments items (wire), every page."""
    return module.paginate('cbn', 'ListTransitRouterVpnAttachments', 'TransitRouterAttachments',
                           MaxResults=100, **filters)


def vpn_attachments_out(module, router_id):
    """Every VPN attachment of the transit router in the module shape, with its links (cen_transit_router_info):
    the route tables are listed once for all of them."""
    items = listed(module, TransitRouterId=router_id)
    tables = route_tables(module, router_id) if items else []
    return [attachment_out(wire, *links(module, wire['TransitRouterAttachmentId'], router_id, tables))
            for wire in items]


class TransitRouterVpnAttachment(Resource):
    result_key = 'transit_router_vpn_attachment'
    what = 'transit router VPN attachment'
    id_key = 'transit_router_attachment_id'
    id_field = 'TransitRouterAttachmentId'
    managed_keys = MANAGED
    immutable = ('vpn_id', 'transit_router_id', 'zones')
    immutable_advice = 'delete the attachment (state=absent) and create it again'

    def __init__(self, module):
        Resource.__init__(self, module)
        self.router_id = None
        self.route_table = None
        self.last_output = None  # output() of the resource being planned (desired() needs its links)

    # --- validate -------------------------------------------------------------------------------------------
    def problems(self):
        p = self.params
        errors = []
        if p['name'] is not None and (not NAME_RE.match(p['name']) or p['name'].lower().startswith(('http://', 'https://'))):
            errors.append('name must be 2 to 128 characters, start with a letter and contain only letters, digits, '
                          '_ and -, got %r' % p['name'])
        description = p['description']
        if description is not None and (not 2 <= len(description) <= 256 or not description[:1].isalpha()
                                        or description.lower().startswith(('http://', 'https://'))):
            errors.append('description must be 2 to 256 characters, start with a letter and not with http:// or '
                          'https://')
        zones = p['zones'] or []
        if len(zones) > 2 or len(set(zones)) != len(zones):
            errors.append('zones takes at most two different zone IDs, got %s' % zones)
        if not p['transit_router_attachment_id']:
            if not p['transit_router_id'] and not p['cen_id']:
                errors.append('transit_router_id or cen_id (the transit router of the CEN instance in region %s) is '
                              'required to find the attachment by name or vpn_id' % self.module.region)
            if not p['name'] and not p['vpn_id']:
                errors.append('name (the natural key) or vpn_id is required without transit_router_attachment_id')
        return errors

    def prepare(self):
        Resource.prepare(self)
        if self.params['zones'] is not None:
            self.params['zones'] = sorted(self.params['zones'])

    # --- find -----------------------------------------------------------------------------------------------
    def read(self, ident):
        items = listed(self.module, TransitRouterAttachmentId=ident)
        return items[0] if items else None

    def resolve_router(self):
        p = self.params
        if p['transit_router_id']:
            return p['transit_router_id']
        return transit_router.the_transit_router(self.module, p['cen_id'])

    def find(self):
        p = self.params
        if p['transit_router_attachment_id']:
            wire = self.read(p['transit_router_attachment_id'])
            self.router_id = wire['TransitRouterId'] if wire else self.resolve_router() if (
                p['transit_router_id'] or p['cen_id']) else None
        else:
            self.router_id = self.resolve_router()
            items = listed(self.module, TransitRouterId=self.router_id)
            if p['name']:
                matches = [a for a in items if a.get('TransitRouterAttachmentName') == p['name']]
                what = 'name %r on transit router %s' % (p['name'], self.router_id)
            else:
                matches = [a for a in items if a.get('VpnId') == p['vpn_id']]
                what = 'vpn_id %s on transit router %s' % (p['vpn_id'], self.router_id)
            wire = res.single_match(self.module, matches, 'TransitRouterAttachmentId', what)
            if wire is None and p['state'] == 'present' and p['vpn_id']:
                taken = [a for a in items if a.get('VpnId') == p['vpn_id']]
                if taken:
                    self.module.fail_json(msg='vpn_id %s is already attached to transit router %s as %s (name %r); '
                                              'an IPsec-VPN attachment is attached once' % (
                                                  p['vpn_id'], self.router_id, taken[0]['TransitRouterAttachmentId'],
                                                  taken[0].get('TransitRouterAttachmentName')))
        if wire is not None and self.router_id:
            self.route_table = self.wanted_route_table()
        return wire

    def wanted_route_table(self):
        if self.params['route_table_id']:
            return self.params['route_table_id']
        table = transit_router.system_route_table(self.module, self.router_id)
        if table is None:
            self.module.fail_json(msg='transit router %s has no System route table; give route_table_id' % self.router_id)
        return table

    def output(self, wire):
        associations, propagations = links(self.module, wire['TransitRouterAttachmentId'], wire['TransitRouterId'])
        self.last_output = attachment_out(wire, associations, propagations)
        return self.last_output

    # --- plan -----------------------------------------------------------------------------------------------
    def wanted_links(self, current):
        """(association, propagations) after the run, from associate/propagate and the current links."""
        p = self.params
        table = self.route_table
        association = current.get('route_table_association') if current else None
        if p['associate']:
            association = table
        elif association == table:
            association = None
        propagations = set(current.get('route_table_propagations') or []) if current else set()
        if p['propagate']:
            propagations.add(table)
        else:
            propagations.discard(table)
        return association, sorted(propagations)

    def desired(self, wire):
        p = self.params
        current = self.last_output if self.last_output and self.last_output['id'] == wire['TransitRouterAttachmentId'] \
            else self.output(wire)
        association, propagations = self.wanted_links(current)
        return dict(name=p['name'], description=p['description'], vpn_id=p['vpn_id'], zones=p['zones'],
                    transit_router_id=p['transit_router_id'], auto_publish_route_enabled=p['auto_publish_route_enabled'],
                    route_table_association=association, route_table_propagations=propagations)

    def plan_update(self, wire):
        current = self.output(wire)
        before = self.managed(current)
        changes = res.changed_options(before, self.desired(wire))
        association = self.wanted_links(current)[0]
        if association != before['route_table_association']:
            # removing the association wants None, which changed_options() reads as "not managed"
            changes['route_table_association'] = (before['route_table_association'], association)
        self.refuse_immutable(current, changes)
        if not changes:
            return Plan(None, wire, before, before, current)
        after = dict(before, **dict((k, v[1]) for k, v in changes.items()))
        return Plan('update', wire, before, after, self.predict(current, changes, None), changes)

    def plan_create(self):
        p = self.params
        if p['transit_router_attachment_id']:
            self.module.fail_json(msg='transit_router_attachment_id %s does not exist; to create an attachment give '
                                      'name or vpn_id with transit_router_id or cen_id' % p['transit_router_attachment_id'])
        if not p['vpn_id']:
            self.module.fail_json(msg='vpn_id (the vpn_connection_id of an eds.vpc_access.vpn_attachment) is required '
                                      'to create the attachment')
        self.route_table = self.wanted_route_table()
        association, propagations = self.wanted_links(None)
        after = dict(name=p['name'], description=p['description'], vpn_id=p['vpn_id'], transit_router_id=self.router_id,
                     zones=p['zones'] or [], route_table_association=association, route_table_propagations=propagations,
                     auto_publish_route_enabled=True if p['auto_publish_route_enabled'] is None
                     else p['auto_publish_route_enabled'])
        result = dict(after, transit_router_attachment_id=res.CHECK_MODE_ID, id=res.CHECK_MODE_ID,
                      region_id=self.module.region, status='Attached', tags={})
        return Plan('create', None, {}, after, result)

    # --- apply ----------------------------------------------------------------------------------------------
    def wait_attachment(self, attachment_id, gone=False):
        self.module.wait_for(
            lambda: self.read(attachment_id),
            (lambda wire: wire is None) if gone else (lambda wire: wire is None or wire.get('Status') == 'Attached'),
            'transit router attachment %s to be %s' % (attachment_id, 'deleted' if gone else 'Attached'),
            self.params['wait_timeout'], describe=lambda wire: wire.get('Status') if wire else 'absent')

    def wait_link(self, kind, attachment_id, table_id, gone=False):
        action, path = {'association': ('ListTransitRouterRouteTableAssociations', 'TransitRouterAssociations'),
                        'propagation': ('ListTransitRouterRouteTablePropagations', 'TransitRouterPropagations')}[kind]

        def fetch():
            items = self.module.paginate('cbn', action, path, MaxResults=100, TransitRouterAttachmentId=attachment_id,
                                         TransitRouterRouteTableId=table_id)
            return items[0] if items else None
        self.module.wait_for(fetch, (lambda link: link is None) if gone else (
            lambda link: link is not None and link.get('Status') == 'Active'),
            'route table %s of %s to be %s' % (kind, attachment_id, 'removed' if gone else 'Active'),
            self.params['wait_timeout'], describe=lambda link: link.get('Status') if link else 'absent')

    def link(self, verb, attachment_id, table_id):
        action, kind, gone = {
            'associate': ('AssociateTransitRouterAttachmentWithRouteTable', 'association', False),
            'dissociate': ('DissociateTransitRouterAttachmentFromRouteTable', 'association', True),
            'enable': ('EnableTransitRouterRouteTablePropagation', 'propagation', False),
            'disable': ('DisableTransitRouterRouteTablePropagation', 'propagation', True)}[verb]
        # no ClientToken: a token from the same parameters would replay an earlier run's identical call (an
        # association made, dissociated, then made again) instead of doing it; these calls are idempotent anyway
        self.module.call('cbn', action, TransitRouterAttachmentId=attachment_id, TransitRouterRouteTableId=table_id)
        # the next write on this route table is refused until this one is applied: always wait
        self.wait_link(kind, attachment_id, table_id, gone=gone)

    def apply_links(self, attachment_id, before, after):
        """Undo first (propagation, association), then add (association, propagation)."""
        for table_id in sorted(set(before['route_table_propagations']) - set(after['route_table_propagations'])):
            self.link('disable', attachment_id, table_id)
        if before['route_table_association'] and before['route_table_association'] != after['route_table_association']:
            self.link('dissociate', attachment_id, before['route_table_association'])
        if after['route_table_association'] and after['route_table_association'] != before['route_table_association']:
            self.link('associate', attachment_id, after['route_table_association'])
        for table_id in sorted(set(after['route_table_propagations']) - set(before['route_table_propagations'])):
            self.link('enable', attachment_id, table_id)

    def create(self, plan):
        p = self.params
        zones = [dict(ZoneId=z) for z in p['zones'] or []] or None
        body = self.create_with_token('CreateTransitRouterVpnAttachment', dict(
            RegionId=self.module.region, TransitRouterId=self.router_id, CenId=p['cen_id'], VpnId=p['vpn_id'],
            TransitRouterAttachmentName=p['name'], TransitRouterAttachmentDescription=p['description'],
            AutoPublishRouteEnabled=p['auto_publish_route_enabled'], Zone=zones), service='cbn')
        attachment_id = body['TransitRouterAttachmentId']
        self.wait_attachment(attachment_id)  # associating needs Attached
        self.apply_links(attachment_id, dict(route_table_association=None, route_table_propagations=[]), plan.after)
        return attachment_id

    def modify(self, plan):
        attachment_id = self.ident(plan.wire)
        attributes = dict((k, v[1]) for k, v in plan.changes.items()
                          if k in ('name', 'description', 'auto_publish_route_enabled'))
        if attributes:
            self.wait_attachment(attachment_id)
            self.module.call('cbn', 'UpdateTransitRouterVpnAttachmentAttribute',
                             TransitRouterAttachmentId=attachment_id,
                             TransitRouterAttachmentName=attributes.get('name'),
                             TransitRouterAttachmentDescription=attributes.get('description'),
                             AutoPublishRouteEnabled=attributes.get('auto_publish_route_enabled'))
        if 'route_table_association' in plan.changes or 'route_table_propagations' in plan.changes:
            self.wait_attachment(attachment_id)
            self.apply_links(attachment_id, plan.before, plan.after)

    def delete(self, plan):
        attachment_id = self.ident(plan.wire)
        self.wait_attachment(attachment_id)
        self.apply_links(attachment_id, plan.before, dict(route_table_association=None, route_table_propagations=[]))
        self.module.call('cbn', 'DeleteTransitRouterVpnAttachment', not_found_ok=True,
                         TransitRouterAttachmentId=attachment_id)
        return attachment_id

    def wait_done(self, plan, ident):
        self.wait_attachment(ident, gone=plan.action == 'delete')
