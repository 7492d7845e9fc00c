#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_gateway
short_description: Create, update or delete an Alibaba Cloud VPN gateway
version_added: 0.1.0
description:
  - Manages a VPN gateway (VPC API C(CreateVpnGateway), C(ModifyVpnGatewayAttribute), C(DeleteVpnGateway)),
    step 1 of the IPsec-VPN access to EDS office networks.
  - The gateway is found by O(vpn_gateway_id) when set, else by its natural key O(vpc_id) + O(name).
    More than one match fails listing the ids. A re-run never creates a second gateway.
  - Only options you set are compared. O(name) (when found by id), O(description) and O(tags) are changed in
    place; O(vpc_id), O(vswitch_id), O(disaster_recovery_vswitch_id), O(network_type), O(bandwidth),
    O(enable_ipsec), O(enable_ssl), O(ssl_connections), O(instance_charge_type) and O(resource_group_id) are fixed
    at creation, and asking to change them fails with a message naming the option. Delete and re-create the
    gateway to change them.
  - Creation is pay-as-you-go (C(POSTPAY)) with automatic payment unless O(instance_charge_type=PREPAY).
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
attributes:
  check_mode:
    support: full
    description: Predicts the change and the resulting gateway (id C((known after creation))) without any write call.
  diff_mode:
    support: full
    description: Shows the managed attributes before and after.
options:
  state:
    description: C(present) creates or updates the gateway, C(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  vpn_gateway_id:
    description: ID of an existing gateway (C(vpn-...)). Takes precedence over the natural key.
    type: str
    aliases: [id]
  name:
    description:
      - Name of the gateway; with O(vpc_id) the natural key used to find it.
      - 2 to 100 characters, starts with a letter, then letters, digits, C(_), C(-) and C(.).
    type: str
  vpc_id:
    description: VPC the gateway belongs to. Required to create, and to find the gateway by name.
    type: str
  vswitch_id:
    description:
      - vSwitch of the gateway. Required with O(disaster_recovery_vswitch_id) (dual-tunnel regions).
      - In single-tunnel regions it may be omitted and the service picks one.
    type: str
  disaster_recovery_vswitch_id:
    description:
      - Second vSwitch for dual-tunnel mode. Required when the VPC has vSwitches in two or more zones
        (the mark of a dual-tunnel region) and must then be in another zone than O(vswitch_id); in a single-zone
        region it may be the same vSwitch.
    type: str
  network_type:
    description: C(public) gateway (IPsec over the Internet) or C(private) gateway (over a private network).
    type: str
    choices: [public, private]
  bandwidth:
    description:
      - Bandwidth in Mbit/s. Required to create.
      - Public gateways take 5, 10, 20, 50, 100, 200, 500 or 1000; private gateways 200 or 1000.
    type: int
    choices: [5, 10, 20, 50, 100, 200, 500, 1000]
  enable_ipsec:
    description: Enable IPsec-VPN. Defaults to C(true) when the gateway is created; not compared when unset.
    type: bool
  enable_ssl:
    description: Enable SSL-VPN. Defaults to C(false) when the gateway is created; not compared when unset.
    type: bool
  ssl_connections:
    description: Maximum number of SSL-VPN clients; only with O(enable_ssl=true).
    type: int
    choices: [5, 10, 20, 50, 100, 200, 500, 1000]
  instance_charge_type:
    description: C(POSTPAY) (pay-as-you-go, the default at creation) or C(PREPAY) (subscription, needs O(period)).
    type: str
    choices: [POSTPAY, PREPAY]
  period:
    description: Subscription length in months for O(instance_charge_type=PREPAY) (1-9, 12, 24, 36).
    type: int
  description:
    description: Description, 1 to 100 characters, not starting with C(http://) or C(https://).
    type: str
  auto_propagate:
    description:
      - Propagate the routes the gateway learns over BGP to the VPC's route table (C(AutoPropagate) of
        C(ModifyVpnGatewayAttribute)). Changed in place; not compared when unset.
    type: bool
  resource_group_id:
    description: Resource group to create the gateway in.
    type: str
  tags:
    description:
      - Tags as a dictionary. Set through C(TagResources) (resource type C(VPNGATEWAY)).
      - Not managed when unset.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description: Remove tags that are not in O(tags). Ignored when O(tags) is unset.
    type: bool
    default: true
  wait:
    description:
      - Wait until the gateway is C(active) after create/update, and until it is gone after delete.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait (creation takes minutes on the real cloud).
    type: int
    default: 900
notes:
  - A gateway that still has IPsec-VPN connections is not deleted; the module fails naming the connections.
'''

EXAMPLES = r'''
- name: VPN gateway for the user VPC (dual tunnel)
  eds.vpc_access.vpn_gateway:
    name: edsvpn-gw
    vpc_id: vpc-uf6example
    vswitch_id: vsw-uf6zonea
    disaster_recovery_vswitch_id: vsw-uf6zoneb
    bandwidth: 10
    enable_ipsec: true
    tags:
      project: eds
  register: gw

- name: Change the description only
  eds.vpc_access.vpn_gateway:
    vpn_gateway_id: "{{ gw.vpn_gateway.vpn_gateway_id }}"
    description: IPsec to the Tokyo data center

- name: Delete it
  eds.vpc_access.vpn_gateway:
    name: edsvpn-gw
    vpc_id: vpc-uf6example
    state: absent
'''

RETURN = r'''
vpn_gateway:
  description: The gateway (API fields in snake_case, tags as a dict); C({}) after delete.
  returned: always
  type: dict
  contains:
    vpn_gateway_id:
      description: Gateway ID (C((known after creation)) in check mode).
      type: str
      sample: vpn-bp1q8bgx4xnkm2ogj1234
    name:
      description: Name.
      type: str
    status:
      description: C(init), C(provisioning), C(active), C(updating) or C(deleting).
      type: str
      sample: active
    vpc_id:
      description: VPC ID.
      type: str
    vswitch_id:
      description: vSwitch ID.
      type: str
    disaster_recovery_vswitch_id:
      description: Second vSwitch (dual tunnel).
      type: str
    internet_ip:
      description: IPsec address of the gateway (the peer address for the data center).
      type: str
    disaster_recovery_internet_ip:
      description: Second IPsec address (dual tunnel).
      type: str
    network_type:
      description: C(public) or C(private).
      type: str
    bandwidth:
      description: Bandwidth in Mbit/s (from C(spec)).
      type: int
      sample: 10
    spec:
      description: Bandwidth as the API reports it.
      type: str
      sample: 10M
    enable_ipsec:
      description: IPsec-VPN enabled.
      type: bool
    enable_ssl:
      description: SSL-VPN enabled.
      type: bool
    auto_propagate:
      description: BGP-learned routes are propagated to the VPC.
      type: bool
    description:
      description: Description.
      type: str
    tags:
      description: User tags.
      type: dict
      sample: {project: eds}
retries:
  description: Transient API errors that were retried (action, kind, code, delay, attempt).
  returned: always
  type: list
  elements: dict
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import validation as val
from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.output import vpn_gateway_out
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.vpc_resource import VpcResource

PRIVATE_BANDWIDTHS = (200, 1000)


class VpnGateway(VpcResource):
    result_key = 'vpn_gateway'
    what = 'VPN gateway'
    id_key = 'vpn_gateway_id'
    id_field = 'VpnGatewayId'
    describe_action = 'DescribeVpnGateway'
    tag_resource_type = 'VPNGATEWAY'
    # fixed at creation
    immutable = ('vpc_id', 'vswitch_id', 'disaster_recovery_vswitch_id', 'network_type', 'bandwidth', 'enable_ipsec',
                 'enable_ssl', 'ssl_connections', 'resource_group_id')
    immutable_advice = 'delete and re-create the gateway to change it'
    managed_keys = ('name', 'description', 'auto_propagate', 'vpc_id', 'vswitch_id', 'disaster_recovery_vswitch_id', 'network_type',
                    'bandwidth', 'enable_ipsec', 'enable_ssl', 'ssl_connections', 'resource_group_id', 'tags')
    normalise = staticmethod(vpn_gateway_out)

    # --- validation (no API call) -------------------------------------------------------------------------
    def validate(self):
        p = self.p
        checks = []
        if p['name'] is not None:
            checks.append((val.check_gateway_name, p['name'], 'name'))
        if p['description'] is not None:
            checks.append((val.check_text, p['description'], 'description', 1, 100))
        if p['tags'] is not None:
            checks.append((val.check_tags, p['tags'], 'tags', 128))
        errors = val.collect(checks)
        if p['state'] == 'present':
            if not p['vpn_gateway_id'] and not (p['name'] and p['vpc_id']):
                errors.append('state=present needs vpn_gateway_id, or name and vpc_id (the natural key)')
            if p['disaster_recovery_vswitch_id'] and not p['vswitch_id']:
                errors.append('disaster_recovery_vswitch_id needs vswitch_id (dual-tunnel mode takes two vSwitches)')
            if p['network_type'] == 'private' and p['bandwidth'] is not None and p['bandwidth'] not in PRIVATE_BANDWIDTHS:
                errors.append('bandwidth: a private VPN gateway takes 200 or 1000 Mbit/s, got %s' % p['bandwidth'])
            if p['ssl_connections'] is not None and p['enable_ssl'] is False:
                errors.append('ssl_connections needs enable_ssl=true')
            if p['instance_charge_type'] == 'PREPAY' and not p['period']:
                errors.append('period is required with instance_charge_type=PREPAY')
            if p['period'] is not None and p['period'] not in list(range(1, 10)) + [12, 24, 36]:
                errors.append('period must be 1-9, 12, 24 or 36 months, got %s' % p['period'])
        elif not p['vpn_gateway_id'] and not (p['name'] and p['vpc_id']):
            errors.append('state=absent needs vpn_gateway_id, or name and vpc_id (the natural key)')
        if p['tags'] is not None:
            p['tags'] = dict((str(k), '' if v is None else str(v)) for k, v in p['tags'].items())
        res.fail_on_errors(self.module, errors)

    # --- reads --------------------------------------------------------------------------------------------
    def find(self):
        if self.p['vpn_gateway_id']:
            return self.get(self.p['vpn_gateway_id'])
        items = self.module.paginate('vpc', 'DescribeVpnGateways', 'VpnGateways.VpnGateway', VpcId=self.p['vpc_id'])
        items = [gw for gw in items if gw.get('Name') == self.p['name'] and gw.get('Status') != 'deleting']
        return res.single_match(self.module, items, 'VpnGatewayId',
                                'name %r in VPC %s' % (self.p['name'], self.p['vpc_id']))

    def check_vswitches(self):
        """Both vSwitches must be in the VPC; dual-tunnel (>= 2 zones) needs the second in another zone."""
        p = self.p
        if not p['vswitch_id']:
            return
        switches = self.module.paginate('vpc', 'DescribeVSwitches', 'VSwitches.VSwitch', VpcId=p['vpc_id'])
        zones = dict((s.get('VSwitchId'), s.get('ZoneId')) for s in switches)
        errors = []
        for option in ('vswitch_id', 'disaster_recovery_vswitch_id'):
            if p[option] and p[option] not in zones:
                errors.append('%s: %s is not a vSwitch of VPC %s' % (option, p[option], p['vpc_id']))
        all_zones = sorted(set(z for z in zones.values() if z))
        if not errors and len(all_zones) >= 2:
            if not p['disaster_recovery_vswitch_id']:
                errors.append('disaster_recovery_vswitch_id is required: VPC %s has vSwitches in zones %s, so the '
                              'gateway runs in dual-tunnel mode' % (p['vpc_id'], ', '.join(all_zones)))
            elif zones[p['disaster_recovery_vswitch_id']] == zones[p['vswitch_id']]:
                errors.append('disaster_recovery_vswitch_id: %s is in zone %s like vswitch_id %s; choose a vSwitch in '
                              'another zone (%s)' % (p['disaster_recovery_vswitch_id'], zones[p['vswitch_id']],
                                                     p['vswitch_id'], ', '.join(all_zones)))
        res.fail_on_errors(self.module, errors)

    def wait_active(self, gateway_id):
        if not self.p['wait'] or self.module.check_mode:
            return self.get(gateway_id)
        return self.module.wait_for(
            lambda: self.get(gateway_id), lambda gw: gw is not None and gw.get('Status') == 'active',
            'VPN gateway %s to become active' % gateway_id, self.p['wait_timeout'],
            describe=lambda gw: gw.get('Status') if gw else 'absent')

    # --- present ------------------------------------------------------------------------------------------
    def desired(self):
        return dict((k, self.p[k]) for k in self.managed_keys if k != 'tags')

    def create(self):
        p = self.p
        if p['vpn_gateway_id']:
            # creating would give a new id, and the next run would not find it by this one: never converges
            self.module.fail_json(msg='VPN gateway %s does not exist; to create a gateway, give name and vpc_id '
                                      'without vpn_gateway_id' % p['vpn_gateway_id'])
        if p['bandwidth'] is None:
            self.module.fail_json(msg='bandwidth is required to create a VPN gateway (no gateway named %r in VPC %s)'
                                  % (p['name'], p['vpc_id']))
        self.check_vswitches()
        self.changed = True
        after = dict(self.desired(), tags=dict(p['tags'] or {}))
        after.update(enable_ipsec=True if p['enable_ipsec'] is None else p['enable_ipsec'],
                     enable_ssl=bool(p['enable_ssl']), network_type=p['network_type'] or 'public')
        if self.module.check_mode:
            predicted = dict(after, vpn_gateway_id=res.CHECK_MODE_ID, id=res.CHECK_MODE_ID, status='active')
            return {}, after, predicted
        params = dict(VpcId=p['vpc_id'], Name=p['name'], VSwitchId=p['vswitch_id'],
                      DisasterRecoveryVSwitchId=p['disaster_recovery_vswitch_id'], NetworkType=p['network_type'],
                      Bandwidth=p['bandwidth'], EnableIpsec=after['enable_ipsec'], EnableSsl=after['enable_ssl'],
                      SslConnections=p['ssl_connections'], InstanceChargeType=p['instance_charge_type'] or 'POSTPAY',
                      Period=p['period'], AutoPay=True, ResourceGroupId=p['resource_group_id'])
        gateway_id = self.create_call('CreateVpnGateway', params)[0]
        if p['description'] is not None or p['auto_propagate'] is not None:
            self.wait_active(gateway_id)
            self.module.call('vpc', 'ModifyVpnGatewayAttribute', VpnGatewayId=gateway_id,
                             Description=p['description'], AutoPropagate=p['auto_propagate'])
        if p['tags']:
            res.apply_vpc_tags(self.module, self.tag_resource_type, gateway_id, p['tags'], [])
        gw = self.wait_active(gateway_id)
        return {}, after, self.normalise(gw) if gw else dict(after, vpn_gateway_id=gateway_id, id=gateway_id)

    def wanted(self, wire):
        wanted = self.desired()
        if not self.p['vpn_gateway_id']:
            wanted['name'] = None   # the natural key, not a change
        if self.p['instance_charge_type'] is not None:
            self.module.warn('instance_charge_type is only used at creation and is not compared')
        return wanted

    def modify(self, resource_id, changes):
        self.module.call('vpc', 'ModifyVpnGatewayAttribute', VpnGatewayId=resource_id,
                         Name=changes.get('name', (None, None))[1],
                         Description=changes.get('description', (None, None))[1],
                         AutoPropagate=changes.get('auto_propagate', (None, None))[1])

    def reread(self, resource_id, changes):
        # an attribute change makes the gateway `updating` for a while; tags alone do not
        return self.wait_active(resource_id) if changes else self.get(resource_id)

    # --- absent -------------------------------------------------------------------------------------------
    def delete(self, wire):
        gateway_id = wire['VpnGatewayId']
        before = self.managed(self.normalise(wire))
        connections = self.module.paginate('vpc', 'DescribeVpnConnections', 'VpnConnections.VpnConnection',
                                           VpnGatewayId=gateway_id)
        if connections:
            self.module.fail_json(msg='VPN gateway %s is still used by IPsec-VPN connections %s; delete them first'
                                  % (gateway_id, ', '.join(sorted(c.get('VpnConnectionId', '?') for c in connections))))
        self.changed = True
        if self.module.check_mode:
            return before, {}, {}
        if wire.get('Status') != 'deleting':
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
        if self.p['wait']:
            self.module.wait_for(lambda: self.get(gateway_id), lambda gw: gw is None,
                                 'VPN gateway %s to be deleted' % gateway_id, self.p['wait_timeout'],
                                 describe=lambda gw: gw.get('Status') if gw else 'absent')
        return before, {}, {}


def main():
    argument_spec = dict(
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        vpn_gateway_id=dict(type='str', aliases=['id']),
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
        tags=dict(type='dict', aliases=['resource_tags']),
        purge_tags=dict(type='bool', default=True),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=900),
    )
    module = AlicloudModule(argument_spec=argument_spec, supports_check_mode=True)
    VpnGateway(module).run()


if __name__ == '__main__':
    main()
