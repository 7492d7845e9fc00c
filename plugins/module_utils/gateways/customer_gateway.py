# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CustomerGateway: the customer_gateway module's resource on the lifecycle (module_utils/lifecycle/resource.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.output import (
    CUSTOMER_GATEWAY_SECRETS, customer_gateway_out)
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import validation as val
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import identity_argument_spec, tags_argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource


class CustomerGateway(Resource):
    result_key = 'customer_gateway'
    what = 'customer gateway'
    immutable = ('ip_address', 'asn')
    immutable_advice = 'delete it and create a new one'
    id_key = 'customer_gateway_id'
    id_field = 'CustomerGatewayId'
    describe_action = 'DescribeCustomerGateway'
    tag_resource_type = 'CUSTOMERGATEWAY'
    managed_keys = ('name', 'description', 'ip_address', 'asn', 'auth_key', 'tags')
    secret_keys = CUSTOMER_GATEWAY_SECRETS
    diff_from_result = False
    missing_id_message = 'customer gateway %s does not exist; to create one, give ip_address without customer_gateway_id'
    region_count = 0  # customer gateways in the region, counted by find()
    quota_codes = {'Resource.QuotaFull': 'customer_gateways_per_region'}
    output = staticmethod(customer_gateway_out)

    def problems(self):
        p = self.params
        checks = []
        if p['ip_address'] is not None:
            # deleting never needs the public-address rule (the gateway exists already)
            checks.append((val.check_gateway_ip, p['ip_address'], 'ip_address',
                           p['network_type'] == 'public' and p['state'] == 'present'))
        if p['asn'] is not None:
            checks.append((val.parse_asn, p['asn'], 'asn'))
        if p['auth_key'] is not None:
            checks.append((val.check_auth_key, p['auth_key'], 'auth_key'))
        for option in ('name', 'description'):
            if p[option] is not None:
                checks.append((val.check_text, p[option], option, 1, 100))
        if p['tags'] is not None:
            checks.append((val.check_tags, p['tags'], 'tags'))
        errors = val.collect(checks)
        if not p['customer_gateway_id'] and not p['ip_address']:
            errors.append('state=%s needs customer_gateway_id or ip_address (the natural key)' % p['state'])
        return errors

    def prepare(self):
        Resource.prepare(self)
        p = self.params
        if p['asn'] is not None:
            p['asn'] = val.parse_asn(p['asn'])
        if p['ip_address'] is not None:
            p['ip_address'] = str(val.check_ipv4(p['ip_address'], 'ip_address'))

    def find_by_key(self):
        items = self.module.paginate('vpc', 'DescribeCustomerGateways', 'CustomerGateways.CustomerGateway')
        self.region_count = len(items)
        items = [gw for gw in items if gw.get('IpAddress') == self.params['ip_address']]
        return res.single_match(self.module, items, 'CustomerGatewayId', 'ip_address %s' % self.params['ip_address'])

    def desired(self, wire):
        p = self.params
        wanted = dict(name=p['name'], description=p['description'], ip_address=p['ip_address'], asn=p['asn'])
        if p['auth_key'] is not None and 'AuthKey' in wire:
            wanted['auth_key'] = p['auth_key']
        return wanted

    def plan_create(self):
        p = self.params
        full = quotas.full(p, 'customer_gateways_per_region', self.region_count, 'customer gateways',
                           'region %s' % self.module.region)
        if full:
            self.module.fail_json(msg=full)
        after = dict((k, p[k]) for k in self.managed_keys)
        after['tags'] = dict(p['tags'] or {})
        return Plan('create', None, {}, after, dict(after, customer_gateway_id=res.CHECK_MODE_ID, id=res.CHECK_MODE_ID))

    def create(self, plan):
        p = self.params
        params = dict(IpAddress=p['ip_address'], Asn=str(p['asn']) if p['asn'] is not None else None,
                      AuthKey=p['auth_key'], Name=p['name'], Description=p['description'],
                      Tags=res.tags_to_list(p['tags']) or None)
        return self.create_with_token('CreateCustomerGateway', params)['CustomerGatewayId']

    def modify(self, plan):
        changes = plan.changes
        self.write('ModifyCustomerGatewayAttribute', CustomerGatewayId=self.ident(plan.wire),
                   Name=changes.get('name', (None, None))[1], Description=changes.get('description', (None, None))[1],
                   AuthKey=changes.get('auth_key', (None, None))[1])

    def delete(self, plan):
        self.module.call('vpc', 'DeleteCustomerGateway', not_found_ok=True, CustomerGatewayId=self.ident(plan.wire))


def argument_spec():
    spec = identity_argument_spec('customer_gateway_id')
    spec.update(tags_argument_spec(aliases=['resource_tags']))
    spec.update(quotas.argument_spec('customer_gateways_per_region'))
    spec.update(
        ip_address=dict(type='str'),
        network_type=dict(type='str', choices=['public', 'private'], default='public'),
        asn=dict(type='str'),
        auth_key=dict(type='str', no_log=True),
        name=dict(type='str'),
        description=dict(type='str'),
    )
    return spec
