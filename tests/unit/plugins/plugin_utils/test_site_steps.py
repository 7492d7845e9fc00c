# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vpn_site action's pure part (plugins/plugin_utils/site_steps.py): each step's arguments built from the
action's options, every step's checks before any call (messages naming vpn_site's options), the secrets masked."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.eds.vpc_access.plugins.plugin_utils import site_steps

PARAMS = dict(
    state='present',
    vpn_gateway_id='vpn-gw1',
    customer_gateway=dict(name='dc1', ip_address='198.51.100.7', auth_key='Cgw-Auth-1'),
    vpn_connection=dict(name='dc1', routing_mode='destination', local_subnets=['0.0.0.0/0'],
                        remote_subnets=['0.0.0.0/0'], psk='Conn-Psk-1'),
    vpn_routes=dict(destinations=['192.10.0.0/16', '192.20.0.0/16'], publish_vpc=True, quotas=None),
    cen_publication=dict(cen_id='cen-1', child_instance_id='vpc-1', child_instance_region_id=None),
)
COMMON = dict(region='cn-shanghai', endpoint_url='http://127.0.0.1:1', secret_key='Ak-Secret-1')


def params(**changes):
    value = copy.deepcopy(PARAMS)
    for key, change in changes.items():
        if isinstance(change, dict) and isinstance(value.get(key), dict):
            value[key].update(change)
        else:
            value[key] = change
    return value


def test_common_options_are_the_ones_set():
    given = dict(COMMON, access_key=None, retry_timeout=120, state='present', vpn_gateway_id='vpn-gw1')
    assert site_steps.common_options(given) == dict(COMMON, retry_timeout=120)


def test_single_tunnel_connection_gets_the_gateways():
    args = site_steps.connection_args(params(), COMMON, 'cgw-1')
    assert args['vpn_gateway_id'] == 'vpn-gw1'
    assert args['customer_gateway_id'] == 'cgw-1'
    assert args['state'] == 'present'
    assert args['region'] == 'cn-shanghai'
    assert 'tunnels' not in args


def test_dual_tunnel_fills_every_tunnel_without_its_own_customer_gateway():
    tunnels = [dict(role='master'), dict(role='slave', customer_gateway_id='cgw-backup')]
    given = params(vpn_connection=dict(tunnels=tunnels))
    args = site_steps.connection_args(given, COMMON, 'cgw-1')
    assert 'customer_gateway_id' not in args
    assert [t['customer_gateway_id'] for t in args['tunnels']] == ['cgw-1', 'cgw-backup']
    assert 'customer_gateway_id' not in given['vpn_connection']['tunnels'][0]   # the input is left as it was


def test_absent_connection_has_no_customer_gateway():
    args = site_steps.connection_args(params(state='absent'), COMMON, None)
    assert args['state'] == 'absent'
    assert 'customer_gateway_id' not in args


def test_route_and_publication_per_destination():
    route = site_steps.route_args(params(vpn_routes=dict(quotas=dict(routes_per_gateway=50))), COMMON, 'vco-1',
                                  '192.10.0.0/16')
    assert route == dict(COMMON, state='present', vpn_gateway_id='vpn-gw1', route_dest='192.10.0.0/16',
                         next_hop='vco-1', publish_vpc=True, quotas=dict(routes_per_gateway=50))
    publication = site_steps.publication_args(params(), COMMON, '192.20.0.0/16')
    assert publication == dict(COMMON, state='present', cen_id='cen-1', child_instance_id='vpc-1',
                               destination_cidr_block='192.20.0.0/16')


def test_planned_steps_follow_the_options():
    steps = [(step, item) for step, item, dummy in site_steps.planned_steps(params(), COMMON)]
    assert steps == [('customer_gateway', None), ('vpn_connection', None),
                     ('vpn_route_entry', '192.10.0.0/16'), ('vpn_route_entry', '192.20.0.0/16'),
                     ('cen_route_publish', '192.10.0.0/16'), ('cen_route_publish', '192.20.0.0/16')]
    bare = params(vpn_routes=None, cen_publication=None)
    assert [step for step, dummy, dummy2 in site_steps.planned_steps(bare, COMMON)] == \
        ['customer_gateway', 'vpn_connection']


def test_good_options_have_no_problem():
    assert site_steps.problems(params(), COMMON) == []


def test_every_steps_problems_at_once_named_as_vpn_sites_options():
    given = params(customer_gateway=dict(asn='not-a-number'), vpn_connection=dict(psk='with space'),
                   vpn_routes=dict(destinations=['192.10.0.1/16']))
    errors = site_steps.problems(given, COMMON)
    assert any(e.startswith('customer_gateway.asn') for e in errors), errors
    assert 'vpn_connection.psk may contain only printable ASCII characters without spaces' in errors
    assert any(e.startswith('vpn_routes.destinations') and '192.10.0.1/16' in e for e in errors), errors


def test_argument_spec_errors_name_the_step():
    given = params(vpn_connection=dict(routing_mode='sideways', bogus=1))
    errors = site_steps.problems(given, COMMON)
    assert 'vpn_connection.bogus: not an option of eds.vpc_access.vpn_connection' in errors
    assert any(e.startswith('vpn_connection') and 'sideways' in e for e in errors), errors


def test_options_the_action_fills_are_refused():
    given = params(vpn_connection=dict(vpn_gateway_id='vpn-other', state='absent'), customer_gateway=dict(state='x'))
    errors = site_steps.filled_problems(given)
    assert errors == ['customer_gateway.state: set by vpn_site (from state)',
                      'vpn_connection.state: set by vpn_site (from state)',
                      'vpn_connection.vpn_gateway_id: set by vpn_site (from vpn_gateway_id)']


def test_name_option_maps_module_options_to_vpn_sites():
    assert site_steps.name_option('route_dest: bad', 'vpn_route_entry') == 'vpn_routes.destinations: bad'
    assert site_steps.name_option('tunnels[role=master].psk too long', 'vpn_connection') == \
        'vpn_connection.tunnels[role=master].psk too long'
    assert site_steps.name_option('vpn_gateway_id is required', 'vpn_connection') == 'vpn_gateway_id is required'
    assert site_steps.name_option('something else', 'cen_route_publish') == 'cen_publication: something else'


def test_secrets_are_every_no_log_value_of_every_step():
    tunnels = [dict(role='master', psk='Tunnel-Psk-1'), dict(role='slave')]
    found = site_steps.secrets(params(vpn_connection=dict(tunnels=tunnels)), COMMON)
    assert found == set(['Cgw-Auth-1', 'Conn-Psk-1', 'Tunnel-Psk-1', 'Ak-Secret-1'])


def test_is_real():
    assert site_steps.is_real('vco-1', 'vco-')
    assert not site_steps.is_real('(known after creation)', 'vco-')
    assert not site_steps.is_real(None, 'vpn-')
