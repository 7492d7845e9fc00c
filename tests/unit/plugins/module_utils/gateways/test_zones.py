# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zones that can host a VPN gateway: the spec spelling, the answer's shape, and the vSwitch rule of vpn_gateway."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.gateways import zones as z

VPC = 'vpc-1'
SWITCHES = {'vsw-e': 'zone-e', 'vsw-e2': 'zone-e', 'vsw-f': 'zone-f', 'vsw-k': 'zone-k'}


def problems(main=None, second=None, vpn_zones=('zone-e', 'zone-f'), spec='10M'):
    chosen = dict(vswitch_id=main, disaster_recovery_vswitch_id=second)
    return z.vswitch_problems(chosen, VPC, SWITCHES, None if vpn_zones is None else list(vpn_zones), spec)


@pytest.mark.parametrize('value, expected', [
    ('10M', '10M'), ('10m', '10M'), ('10', '10M'), (10, '10M'), (' 1000M ', '1000M'),
    ('15M', None), ('10G', None), ('', None), ('M', None),
])
def test_spec_of(value, expected):
    assert z.spec_of(value) == expected


def test_zones_out_keeps_the_api_order():
    body = {'RegionId': 'r', 'AvailableZoneIdList': [{'ZoneId': 'b', 'ZoneName': 'B'}, {'ZoneId': 'a', 'ZoneName': 'A'}]}
    assert z.zones_out(body) == [dict(zone_id='b', zone_name='B'), dict(zone_id='a', zone_name='A')]
    assert z.zones_out({'RegionId': 'r'}) == [] and z.zones_out(None) == []


def test_dual_tunnel_pair_in_two_zones_is_accepted():
    assert problems('vsw-e', 'vsw-f') == []


def test_no_vswitch_leaves_the_choice_to_the_service():
    assert problems() == []


def test_a_vswitch_outside_the_vpc_is_named():
    assert problems('vsw-x', 'vsw-f') == ['vswitch_id: vsw-x is not a vSwitch of VPC vpc-1']
    assert problems('vsw-e', 'vsw-y') == ['disaster_recovery_vswitch_id: vsw-y is not a vSwitch of VPC vpc-1']


@pytest.mark.parametrize('main, second, option', [('vsw-k', 'vsw-f', 'vswitch_id'),
                                                  ('vsw-e', 'vsw-k', 'disaster_recovery_vswitch_id')])
def test_a_zone_that_cannot_host_the_gateway_is_refused_with_the_zones_that_can(main, second, option):
    assert problems(main, second) == ['%s: vsw-k is in zone zone-k, which cannot host a VPN gateway of 10M; '
                                      'zones that can: zone-e, zone-f' % option]


def test_dual_tunnel_needs_the_second_vswitch_in_another_zone():
    missing = problems('vsw-e')
    assert len(missing) == 1 and missing[0].startswith('disaster_recovery_vswitch_id is required: zones zone-e, zone-f')
    same = problems('vsw-e', 'vsw-e2')
    assert same == ['disaster_recovery_vswitch_id: vsw-e2 is in zone zone-e like vswitch_id vsw-e; choose a vSwitch '
                    'in another zone that can host the gateway (zone-f)']
    assert problems('vsw-e', 'vsw-e')[0].startswith('disaster_recovery_vswitch_id: vsw-e is in zone zone-e')


@pytest.mark.parametrize('main, second', [('vsw-e', 'vsw-e'), ('vsw-e', 'vsw-e2'), ('vsw-e', None)])
def test_single_zone_region_takes_one_zone_and_even_one_vswitch(main, second):
    assert problems(main, second, vpn_zones=['zone-e']) == []


def test_single_zone_region_still_refuses_another_zone():
    assert problems('vsw-e', 'vsw-f', vpn_zones=['zone-e']) == [
        'disaster_recovery_vswitch_id: vsw-f is in zone zone-f, which cannot host a VPN gateway of 10M; '
        'zones that can: zone-e']


def test_no_zone_for_the_spec():
    assert problems(vpn_zones=[], spec='1000M') == [
        'no zone of the region can host a VPN gateway of 1000M (DescribeVpnGatewayAvailableZones lists none); '
        'choose another bandwidth or region']


def test_unknown_zones_check_the_vpc_only():
    assert problems('vsw-k', 'vsw-k', vpn_zones=None) == []
    assert problems('vsw-x', vpn_zones=None) == ['vswitch_id: vsw-x is not a vSwitch of VPC vpc-1']
