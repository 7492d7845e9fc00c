# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VpnAttachment: the vpn_attachment module's resource on the lifecycle (module_utils/lifecycle/resource.py).

The option rules, the desired state, the comparison and the request blocks are those of vpn_connection
(module_utils/vpn_connection): an attachment is an IPsec-VPN connection without a VPN gateway. What is its own:
the natural key (the name, unique among the region's attachments), network_type and tunnel_bandwidth (fixed at
creation), dual or single tunnel chosen by the options (tunnels or customer_gateway_id) instead of by a gateway,
the State it waits on (provisioning, updating, attaching, detaching) and the refusal to delete an attachment still
attached to a transit router.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_attachment.model import (
    BUSY_STATES,
    TAG_RESOURCE_TYPE,
    attachment_out,
    attachment_request,
    is_attachment,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import (
    changes,
    desired_from_params,
    initial_state,
    predict,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import mask_psk
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.requests import create_request, modify_request
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.rules import state_problems, static_problems

# static_problems() of vpn_connection asks for the gateway that finds a connection by name; an attachment has none
_NO_GATEWAY = 'attachment'


class VpnAttachment(Resource):
    result_key = 'vpn_attachment'
    what = 'IPsec-VPN attachment'
    id_key = 'vpn_connection_id'
    id_field = 'VpnConnectionId'
    tag_resource_type = TAG_RESOURCE_TYPE
    immutable = ('network_type', 'tunnel_bandwidth')
    immutable_advice = 'delete the attachment (state=absent) and create it again'
    describe_action = 'DescribeVpnConnection'
    missing_id_message = 'vpn_connection_id %s: no such IPsec-VPN attachment; to create one, give name without ' \
                         'vpn_connection_id'
    quota_codes = {'IllegalParam.LocalSubnet': 'subnets_per_connection',
                   'IllegalParam.RemoteSubnet': 'subnets_per_connection'}

    def __init__(self, module):
        Resource.__init__(self, module)
        self.desired_state = None
        self.found_id = None

    # --- validate -------------------------------------------------------------------------------------------
    def problems(self):
        p = self.params
        errors = list(static_problems(dict(p, vpn_gateway_id=_NO_GATEWAY)))
        if not p['vpn_connection_id'] and not p['name']:
            errors.append('name (the natural key) or vpn_connection_id is required')
        if p['state'] == 'present' and p['tunnels'] and p['customer_gateway_id']:
            errors.append('customer_gateway_id is for single-tunnel attachments; with tunnels set '
                          'tunnels[].customer_gateway_id')
        return errors

    def prepare(self):
        Resource.prepare(self)
        self.desired_state = desired_from_params(self.params)

    # --- find -----------------------------------------------------------------------------------------------
    def find(self):
        wire = Resource.find(self)
        if wire is not None and not is_attachment(wire):
            self.module.fail_json(msg='vpn_connection_id %s is the connection of VPN gateway %s, not an IPsec-VPN '
                                      'attachment; manage it with eds.vpc_access.vpn_connection'
                                      % (wire.get('VpnConnectionId'), wire.get('VpnGatewayId')))
        self.found_id = wire.get('VpnConnectionId') if wire else None
        return wire

    def find_by_key(self):
        listed = self.module.paginate('vpc', 'DescribeVpnConnections', 'VpnConnections.VpnConnection')
        matches = [c for c in listed if is_attachment(c) and c.get('Name') == self.params['name']]
        found = res.single_match(self.module, matches, 'VpnConnectionId', 'name %r' % self.params['name'])
        # list items lack keys (VpnBgpConfig.EnableBgp): read the attachment itself
        return self.read(found['VpnConnectionId']) if found else None

    def output(self, wire):
        return attachment_out(wire)

    # --- plan -----------------------------------------------------------------------------------------------
    def plan_create(self):
        p = self.params
        dual = bool(p['tunnels'])
        errors = state_problems(p, self.desired_state, None, {'DisasterRecoveryVSwitchId': 'dual' if dual else None})
        if not dual and not p['customer_gateway_id']:
            errors = ['tunnels (dual tunnel) or customer_gateway_id (single tunnel) is required to create an '
                      'IPsec-VPN attachment'] + [e for e in errors if not e.startswith('customer_gateway_id is required')]
        res.fail_on_errors(self.module, errors)
        after = predict(initial_state(self.desired_state, None, dual), self.desired_state)
        after.pop('vpn_gateway_id', None)
        after.update(vpn_connection_id=res.CHECK_MODE_ID, network_type=p['network_type'] or 'public',
                     tunnel_bandwidth=p['tunnel_bandwidth'] or 'Standard', attach_type='NO_ASSOCIATED',
                     transit_router_id=None, transit_router_name=None, tags=dict(p['tags'] or {}))
        request = create_request(self.desired_state, None, dual, p['tags'])
        request.update(NetworkType=p['network_type'], TunnelBandwidth=p['tunnel_bandwidth'])
        return Plan('create', None, {}, after, after, request=attachment_request(request))

    def plan_update(self, wire):
        p = self.params
        current = self.output(wire)
        dual = bool(current['tunnels'])
        res.fail_on_errors(self.module, state_problems(
            p, self.desired_state, current, {'DisasterRecoveryVSwitchId': 'dual' if dual or p['tunnels'] else None}))
        fixed = dict((k, (current.get(k), p[k])) for k in self.immutable if p[k] is not None and p[k] != current.get(k))
        self.refuse_immutable(current, fixed)
        changed = changes(self.desired_state, current)
        to_set, to_remove = res.compare_tags(current['tags'], p['tags'], p['purge_tags'])
        if not (changed or to_set or to_remove):
            return Plan(None, wire, current, current, current)
        after = predict(current, self.desired_state)
        after['tags'] = res.merged_tags(current['tags'], p['tags'], p['purge_tags'])
        request = attachment_request(modify_request(current['vpn_connection_id'], changed, self.desired_state, current))
        return Plan('update', wire, current, after, after, changed, to_set, to_remove, request=request)

    def plan_delete(self, wire):
        current = self.output(wire)
        if current['attach_type'] == 'CEN' or current['transit_router_id']:
            self.module.fail_json(
                msg='IPsec-VPN attachment %s is attached to transit router %s; detach it first '
                    '(eds.vpc_access.cen_transit_router_vpn_attachment state=absent)'
                    % (current['vpn_connection_id'], current['transit_router_id']),
                **{self.result_key: self.public(current)})
        return Plan('delete', wire, current, {}, {})

    # --- apply ----------------------------------------------------------------------------------------------
    def wait_idle(self, connection_id):
        """Wait until the attachment has applied its last write (State no longer provisioning, updating...)."""
        self.module.wait_for(
            lambda: self.read(connection_id),
            lambda wire: wire is None or wire.get('State') not in BUSY_STATES,
            'IPsec-VPN attachment %s to apply its last change' % connection_id, self.params['wait_timeout'],
            describe=lambda wire: wire.get('State') if wire else 'absent')

    def before_write(self):
        if self.found_id:
            self.wait_idle(self.found_id)

    def create(self, plan):
        body = self.create_with_token('CreateVpnAttachment', plan.extra['request'])
        self.found_id = body['VpnConnectionId']
        return body['VpnConnectionId']

    def modify(self, plan):
        self.write('ModifyVpnAttachmentAttribute', **plan.extra['request'])

    def delete(self, plan):
        connection_id = self.ident(plan.wire)
        self.before_write()
        self.module.call('vpc', 'DeleteVpnAttachment', not_found_ok=True, VpnConnectionId=connection_id)
        return connection_id

    def apply_tags(self, ident, to_set, to_remove):
        if to_set or to_remove:
            self.before_write()
        Resource.apply_tags(self, ident, to_set, to_remove)

    def wait_done(self, plan, ident):
        if plan.action == 'delete':
            self.module.wait_for(lambda: self.read(ident), lambda wire: wire is None,
                                 'IPsec-VPN attachment %s to be deleted' % ident, self.params['wait_timeout'],
                                 describe=lambda wire: 'present' if wire else 'absent')
        else:
            self.wait_idle(ident)

    # --- result ---------------------------------------------------------------------------------------------
    def public(self, resource):
        return mask_psk(resource, self.params['return_psk'])

    def diff(self, plan, resource):
        after = resource if plan.action != 'delete' else {}
        return dict(before=mask_psk(plan.before) or {}, after=mask_psk(after) or {})
