# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VpnGateway: the vpn_gateway module's resource on the lifecycle (module_utils/lifecycle/resource.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways import zones as zone_rules
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.output import charge_type_option, vpn_gateway_out
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import validation as val
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import (
    identity_argument_spec, tags_argument_spec, wait_argument_spec)
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource

PRIVATE_BANDWIDTHS = (200, 1000)
# resource group ids of Resource Manager (rg-acfm...); whether the group exists only the API can tell
RESOURCE_GROUP_RE = re.compile(r'^rg-[A-Za-z0-9]+$')
PERIODS = list(range(1, 10)) + [12, 24, 36]


def argument_spec():
    spec = identity_argument_spec('vpn_gateway_id')
    spec.update(tags_argument_spec(aliases=['resource_tags']), **wait_argument_spec(900))
    spec.update(
        name=dict(type='str'),
        vpc_id=dict(type='str'),
        vswitch_id=dict(type='str'),
        disaster_recovery_vswitch_id=dict(type='str'),
        network_type=dict(type='str', choices=['public', 'private']),
        bandwidth=dict(type='int', choices=[5, 10, 20, 50, 100, 200, 500, 1000]),
        enable_ipsec=dict(type='bool'),
        enable_ssl=dict(type='bool'),
        ssl_connections=dict(type='int', choices=[5, 10, 20, 50, 100, 200, 500, 1000]),
        instance_charge_type=dict(type='str', choices=['POSTPAY', 'PREPAY']),
        period=dict(type='int'),
        description=dict(type='str'),
        auto_propagate=dict(type='bool'),
        resource_group_id=dict(type='str'),
        vpn_type=dict(type='str', choices=['Normal', 'NationalStandard']),
    )
    return spec


class VpnGateway(Resource):
    result_key = 'vpn_gateway'
    what = 'VPN gateway'
    id_key = 'vpn_gateway_id'
    id_field = 'VpnGatewayId'
    describe_action = 'DescribeVpnGateway'
    tag_resource_type = 'VPNGATEWAY'
    immutable = ('vpc_id', 'vswitch_id', 'disaster_recovery_vswitch_id', 'network_type', 'bandwidth', 'enable_ipsec',
                 'enable_ssl', 'ssl_connections', 'vpn_type', 'instance_charge_type')
    immutable_advice = 'delete and re-create the gateway to change it'
    managed_keys = ('name', 'description', 'auto_propagate', 'vpc_id', 'vswitch_id', 'disaster_recovery_vswitch_id',
                    'network_type', 'bandwidth', 'enable_ipsec', 'enable_ssl', 'ssl_connections', 'resource_group_id',
                    'vpn_type', 'instance_charge_type', 'tags')
    # options ModifyVpnGatewayAttribute changes; resource_group_id is changed by MoveVpnResourceGroup
    attribute_options = ('name', 'description', 'auto_propagate')
    diff_from_result = False
    missing_id_message = 'VPN gateway %s does not exist; to create a gateway, give name and vpc_id without vpn_gateway_id'
    output = staticmethod(vpn_gateway_out)

    def problems(self):
        p = self.params
        checks = []
        if p['name'] is not None:
            checks.append((val.check_gateway_name, p['name'], 'name'))
        if p['description'] is not None:
            checks.append((val.check_text, p['description'], 'description', 1, 100))
        if p['tags'] is not None:
            checks.append((val.check_tags, p['tags'], 'tags', 128))
        errors = val.collect(checks)
        if p['resource_group_id'] is not None and not RESOURCE_GROUP_RE.match(p['resource_group_id']):
            errors.append('resource_group_id: %r is not a resource group id (rg- then letters and digits)'
                          % p['resource_group_id'])
        natural_key = p['vpn_gateway_id'] or (p['name'] and p['vpc_id'])
        if not natural_key:
            errors.append('state=%s needs vpn_gateway_id, or name and vpc_id (the natural key)' % p['state'])
        if p['state'] == 'present':
            if p['disaster_recovery_vswitch_id'] and not p['vswitch_id']:
                errors.append('disaster_recovery_vswitch_id needs vswitch_id (dual-tunnel mode takes two vSwitches)')
            if p['network_type'] == 'private' and p['bandwidth'] is not None and p['bandwidth'] not in PRIVATE_BANDWIDTHS:
                errors.append('bandwidth: a private VPN gateway takes 200 or 1000 Mbit/s, got %s' % p['bandwidth'])
            if p['ssl_connections'] is not None and p['enable_ssl'] is False:
                errors.append('ssl_connections needs enable_ssl=true')
            if p['instance_charge_type'] == 'PREPAY' and not p['period']:
                errors.append('period is required with instance_charge_type=PREPAY')
            if p['period'] is not None and p['period'] not in PERIODS:
                errors.append('period must be 1-9, 12, 24 or 36 months, got %s' % p['period'])
        return errors

    # --- reads ----------------------------------------------------------------------------------------------
    def find_by_key(self):
        items = self.module.paginate('vpc', 'DescribeVpnGateways', 'VpnGateways.VpnGateway', VpcId=self.params['vpc_id'])
        items = [gw for gw in items if gw.get('Name') == self.params['name'] and gw.get('Status') != 'deleting']
        return res.single_match(self.module, items, 'VpnGatewayId',
                                'name %r in VPC %s' % (self.params['name'], self.params['vpc_id']))

    def check_vswitches(self):
        """Before a create: the vSwitches are the VPC's and in zones that can host the gateway (the API's answer,
        gateways/zones.py), two zones apart where two or more zones can; fails naming the option."""
        p = self.params
        spec = '%dM' % p['bandwidth']
        vpn_zones = zone_rules.zones_or_none(self.module, spec)
        vswitch_zones = {}
        if p['vswitch_id']:
            switches = self.module.paginate('vpc', 'DescribeVSwitches', 'VSwitches.VSwitch', VpcId=p['vpc_id'])
            vswitch_zones = dict((s.get('VSwitchId'), s.get('ZoneId')) for s in switches)
        chosen = dict((option, p[option]) for option in zone_rules.VSWITCH_OPTIONS)
        res.fail_on_errors(self.module, zone_rules.vswitch_problems(chosen, p['vpc_id'], vswitch_zones, vpn_zones, spec))

    # --- plan -----------------------------------------------------------------------------------------------
    def desired(self, wire):
        wanted = dict((k, self.params[k]) for k in self.managed_keys if k != 'tags')
        if not self.params['vpn_gateway_id']:
            wanted['name'] = None   # the natural key, not a change
        if charge_type_option(wire.get('ChargeType')) is None:
            wanted['instance_charge_type'] = None   # a billing method the API does not report is not compared
        return wanted

    def plan_create(self):
        p = self.params
        if p['bandwidth'] is None:
            self.module.fail_json(msg='bandwidth is required to create a VPN gateway (no gateway named %r in VPC %s)'
                                  % (p['name'], p['vpc_id']))
        self.check_vswitches()
        after = dict((k, p[k]) for k in self.managed_keys)
        after.update(tags=dict(p['tags'] or {}), enable_ipsec=True if p['enable_ipsec'] is None else p['enable_ipsec'],
                     enable_ssl=bool(p['enable_ssl']), network_type=p['network_type'] or 'public',
                     vpn_type=p['vpn_type'] or 'Normal')
        predicted = dict(after, vpn_gateway_id=res.CHECK_MODE_ID, id=res.CHECK_MODE_ID, status='active')
        return Plan('create', None, {}, after, predicted)

    def plan_delete(self, wire):
        gateway_id = wire['VpnGatewayId']
        connections = self.module.paginate('vpc', 'DescribeVpnConnections', 'VpnConnections.VpnConnection',
                                           VpnGatewayId=gateway_id)
        if connections:
            self.module.fail_json(msg='VPN gateway %s is still used by IPsec-VPN connections %s; delete them first'
                                  % (gateway_id, ', '.join(sorted(c.get('VpnConnectionId', '?') for c in connections))))
        return Resource.plan_delete(self, wire)

    # --- writes ---------------------------------------------------------------------------------------------
    def create(self, plan):
        p, after = self.params, plan.after
        params = dict(VpcId=p['vpc_id'], Name=p['name'], VSwitchId=p['vswitch_id'],
                      DisasterRecoveryVSwitchId=p['disaster_recovery_vswitch_id'], NetworkType=p['network_type'],
                      Bandwidth=p['bandwidth'], EnableIpsec=after['enable_ipsec'], EnableSsl=after['enable_ssl'],
                      SslConnections=p['ssl_connections'], InstanceChargeType=p['instance_charge_type'] or 'POSTPAY',
                      Period=p['period'], AutoPay=True, ResourceGroupId=p['resource_group_id'], VpnType=p['vpn_type'])
        gateway_id = self.create_with_token('CreateVpnGateway', params)['VpnGatewayId']
        if p['description'] is not None or p['auto_propagate'] is not None:
            if p['wait']:
                self.wait_gateway_active(gateway_id)
            self.write('ModifyVpnGatewayAttribute', VpnGatewayId=gateway_id, Description=p['description'],
                       AutoPropagate=p['auto_propagate'])
        self.apply_tags(gateway_id, p['tags'], [])
        return gateway_id

    def modify(self, plan):
        gateway_id = self.ident(plan.wire)
        wanted = dict((k, v[1]) for k, v in plan.changes.items())
        if any(k in wanted for k in self.attribute_options):
            self.write('ModifyVpnGatewayAttribute', VpnGatewayId=gateway_id, Name=wanted.get('name'),
                       Description=wanted.get('description'), AutoPropagate=wanted.get('auto_propagate'))
        if 'resource_group_id' in wanted:
            # the gateway's IPsec-VPN connections move with it (the MoveVpnResourceGroup SDK model's doc)
            self.write('MoveVpnResourceGroup', InstanceId=gateway_id, NewResourceGroupId=wanted['resource_group_id'],
                       ResourceType='VpnGateway')

    def delete(self, plan):
        gateway_id = self.ident(plan.wire)
        if plan.wire.get('Status') == 'deleting':
            return gateway_id
        try:
            self.module.call('vpc', 'DeleteVpnGateway', raise_errors=True, VpnGatewayId=gateway_id)
        except ApiError as err:
            if err.code and err.code.startswith('DependencyViolation'):
                # a connection was created between our check and the delete
                self.module.fail_json(msg='VPN gateway %s is still used by IPsec-VPN connections; delete them '
                                          'first (%s)' % (gateway_id, err))
            if not err.not_found:
                self.module.fail_json(msg=str(err), error=dict(action=err.action, code=err.code,
                                                               request_id=err.request_id))
        return gateway_id

    def wait_done(self, plan, ident):
        if plan.action == 'delete':
            self.module.wait_for(lambda: self.read(ident), lambda gw: gw is None,
                                 'VPN gateway %s to be deleted' % ident, self.params['wait_timeout'],
                                 describe=lambda gw: gw.get('Status') if gw else 'absent')
        elif plan.action == 'create' or plan.changes:
            # an attribute change makes the gateway `updating` for a while; tags alone do not
            self.wait_gateway_active(ident)
