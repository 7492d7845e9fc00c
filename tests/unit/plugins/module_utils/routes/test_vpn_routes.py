# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VPN route engine's pure parts: input checks, how an existing route is named to the API, predictions."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.routes.vpn_routes import DBR, PBR, VpnRoute, argument_spec


class Failed(Exception):
    pass


class FakeModule(object):
    """Only what the engine touches before any API call; calling the API here would be a bug."""

    check_mode = False
    region = 'cn-hangzhou'
    retries = []

    def __init__(self, **params):
        self.params = dict(vpn_gateway_id='vpn-1', route_dest='192.10.0.0/16', next_hop='vco-1', weight=None,
                           publish_vpc=None, state='present', wait=True, wait_timeout=600, route_source=None,
                           priority=None)
        self.params.update(params)

    def fail_json(self, msg, **kwargs):
        raise Failed(msg)

    def exit_json(self, **kwargs):
        raise AssertionError('no exit expected')

    def call(self, *args, **kwargs):
        raise AssertionError('no API call expected')

    paginate = call


def test_argument_specs_follow_the_issue():
    assert sorted(argument_spec(DBR)) == ['next_hop', 'publish_vpc', 'quotas', 'route_dest', 'state', 'vpn_gateway_id',
                                          'wait', 'wait_timeout', 'weight']
    assert list(argument_spec(DBR)['quotas']['options']) == ['routes_per_gateway']
    assert set(argument_spec(PBR)) - set(argument_spec(DBR)) == set(['priority', 'route_source'])
    assert argument_spec(DBR)['weight']['choices'] == [0, 100]


def validated(kind, **params):
    route = VpnRoute(FakeModule(**params), kind)
    route.validate()
    return route


def test_key_is_canonical():
    manager = validated(DBR, route_dest=' 192.10.0.0/16', next_hop=' vco-1 ')
    assert manager.key == {'RouteDest': '192.10.0.0/16', 'NextHop': 'vco-1'}
    pbr = validated(PBR, route_source='10.10.0.0/16', route_dest='10.1.2.3')
    assert pbr.key == {'RouteDest': '10.1.2.3/32', 'RouteSource': '10.10.0.0/16', 'NextHop': 'vco-1'}


@pytest.mark.parametrize('kind, params, message', [
    (DBR, dict(route_dest='100.64.0.0/10'), 'route_dest: 100.64.0.0/10 lies inside 100.64.0.0/10'),
    (DBR, dict(next_hop='  '), 'next_hop must be the id of an IPsec connection'),
    (DBR, dict(wait_timeout=-5), 'wait_timeout must be 0 or more seconds, got -5'),
    (PBR, dict(route_source='10.10.0.1/16'), "route_source: '10.10.0.1/16' has host bits set"),
    (PBR, dict(route_source='10.10.0.0/16', priority=0), 'priority must be between 1 and 100, got 0'),
])
def test_bad_input_fails_before_any_call(kind, params, message):
    with pytest.raises(Failed) as err:
        validated(kind, **params)
    assert message in str(err.value)


def test_every_bad_option_is_reported_at_once():
    with pytest.raises(Failed) as err:
        validated(PBR, route_dest='100.64.0.0/10', route_source='10.10.0.1/16', next_hop=' ', priority=0, wait_timeout=-1)
    assert str(err.value) == '; '.join([
        'route_dest: 100.64.0.0/10 lies inside 100.64.0.0/10 (the Alibaba Cloud service range): routes to it are refused',
        "route_source: '10.10.0.1/16' has host bits set; did you mean 10.10.0.0/16?",
        'next_hop must be the id of an IPsec connection (vco-...), got an empty value',
        'priority must be between 1 and 100, got 0', 'wait_timeout must be 0 or more seconds, got -1'])


def test_existing_route_is_named_with_its_current_weight_and_priority():
    manager = validated(PBR, route_source='10.10.0.0/16', weight=0, priority=5)
    entry = dict(RouteDest='192.10.0.0/16', RouteSource='10.10.0.0/16', NextHop='vco-1', Weight=100, Priority=20)
    assert manager._identity(entry) == {'RouteDest': '192.10.0.0/16', 'RouteSource': '10.10.0.0/16',
                                        'NextHop': 'vco-1', 'Weight': 100, 'Priority': 20}
    assert 'Priority' not in validated(DBR)._identity(dict(Weight=0))


def test_prediction_of_a_new_route():
    manager = validated(PBR, route_source='10.10.0.0/16', weight=100, publish_vpc=True, priority=10)
    view = manager.predict(None)
    assert view == dict(vpn_gateway_id='vpn-1', route_dest='192.10.0.0/16', next_hop='vco-1', create_time=None,
                        weight=100, publish_vpc=True, priority=10, state='published', route_source='10.10.0.0/16')


def test_prediction_keeps_what_is_not_set():
    manager = validated(DBR, publish_vpc=False)
    current = dict(vpn_gateway_id='vpn-1', route_dest='192.10.0.0/16', next_hop='vco-1', weight=0, publish_vpc=True,
                   state='published', create_time=1)
    view = manager.predict(current)
    assert (view['weight'], view['publish_vpc'], view['state'], view['create_time']) == (0, False, 'normal', 1)
    assert manager.managed(view) == dict(route_dest='192.10.0.0/16', next_hop='vco-1', weight=0, publish_vpc=False)
    assert manager.managed({}) == {}
