# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route rules: destination checks, matching as networks, module views and change detection."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.routes import rules as r


@pytest.mark.parametrize('value, expected', [
    ('192.10.0.0/16', '192.10.0.0/16'),
    (' 10.0.0.0/8 ', '10.0.0.0/8'),
    ('10.1.2.3', '10.1.2.3/32'),
    ('0.0.0.0/0', '0.0.0.0/0'),
    ('100.63.255.0/24', '100.63.255.0/24'),    # next to the cloud-service range, not in it
    ('96.0.0.0/3', '96.0.0.0/3'),              # contains 100.64.0.0/10: a wider route is allowed
])
def test_accepted_destinations(value, expected):
    assert r.route_destination(value, 'route_dest') == expected


@pytest.mark.parametrize('value, fragment', [
    ('100.64.0.0/10', 'lies inside 100.64.0.0/10'),
    ('100.96.0.0/11', 'lies inside 100.64.0.0/10'),
    ('100.100.2.136', 'lies inside 100.64.0.0/10'),
    ('224.0.0.0/24', 'multicast'),
    ('127.0.0.0/8', 'loopback'),
    ('169.254.0.0/16', 'link-local'),
    ('240.0.0.0/4', 'class E'),
    ('192.10.0.1/16', 'host bits set; did you mean 192.10.0.0/16'),
    ('192.10.0.0/33', 'not a valid IPv4 CIDR block'),
    ('data-center', 'not a valid IPv4 CIDR block'),
    ('', 'not in CIDR notation'),
])
def test_refused_destinations_name_the_option(value, fragment):
    with pytest.raises(ValueError) as err:
        r.route_destination(value, 'destination_cidr_block')
    message = str(err.value)
    assert message.startswith('destination_cidr_block')
    assert fragment in message


def test_source_blocks_are_not_checked_against_reserved_ranges():
    assert r.normalize_cidr('100.64.0.0/10', 'route_source') == '100.64.0.0/10'


def test_matching_compares_cidr_fields_as_networks():
    items = [
        dict(RouteDest='192.10.0.0/16', NextHop='vco-1'),
        dict(RouteDest='192.10.0.0/16', NextHop='vco-2'),
        dict(RouteDest='192.11.0.0/16', NextHop='vco-1'),
        dict(NextHop='vco-1'),
    ]
    assert r.matching(items, RouteDest='192.10.0.0/16', NextHop='vco-1') == [items[0]]
    assert r.matching(items, RouteDest='192.10.0.0/16') == items[:2]
    assert r.matching([dict(DestinationCidrBlock='10.1.2.3/32')], DestinationCidrBlock='10.1.2.3/32')
    assert r.matching(items, RouteDest='192.12.0.0/16') == []


def test_vpn_route_view_derives_the_publish_flag():
    entry = dict(VpnInstanceId='vpn-1', RouteDest='192.10.0.0/16', NextHop='vco-1', Weight=0, State='published',
                 CreateTime=1563874074000, RouteSource='172.16.0.0/12', Priority=5)
    view = r.vpn_route_view(entry)
    assert view == dict(vpn_gateway_id='vpn-1', route_dest='192.10.0.0/16', next_hop='vco-1', weight=0,
                        publish_vpc=True, state='published', create_time=1563874074000)
    pbr = r.vpn_route_view(dict(entry, State='normal'), route_source=True)
    assert (pbr['publish_vpc'], pbr['route_source'], pbr['priority']) == (False, '172.16.0.0/12', 5)


def test_vpc_route_view_reads_the_first_next_hop():
    hop = dict(NextHopType='VpnGateway', NextHopId='vpn-1')
    entry = dict(RouteEntryId='rte-1', RouteTableId='vtb-1', DestinationCidrBlock='192.10.0.0/16', Status='Available',
                 Type='Custom', RouteEntryName='', NextHops=dict(NextHop=[hop]))
    view = r.vpc_route_view(entry)
    assert (view['next_hop_type'], view['next_hop_id'], view['name'], view['description']) == (
        'VpnGateway', 'vpn-1', '', '')
    assert r.vpc_route_view(dict(entry, NextHops={}))['next_hop_id'] is None


def test_published_route_view_snake_cases_conflicts():
    entry = dict(ChildInstanceRouteTableId='vtb-1', DestinationCidrBlock='192.10.0.0/16', PublishStatus='Published',
                 OperationalMode=True, RouteType='Custom', NextHopType='VpnGateway', NextHopId='vpn-1',
                 Conflicts=dict(Conflict=[dict(DestinationCidrBlock='192.10.0.0/16', InstanceId='vpc-2',
                                               InstanceType='VPC', RegionId='cn-shanghai', Status='conflict')]))
    view = r.published_route_view(entry)
    assert view['publish_status'] == 'Published'
    assert view['conflicts'] == [dict(destination_cidr_block='192.10.0.0/16', instance_id='vpc-2',
                                      instance_type='VPC', region_id='cn-shanghai', status='conflict')]


def test_changed_fields_ignores_options_left_unset():
    current = dict(weight=100, publish_vpc=False, priority=10)
    assert r.changed_fields(current, dict(weight=None, publish_vpc=None)) == []
    assert r.changed_fields(current, dict(weight=0, publish_vpc=False)) == ['weight']
    assert r.changed_fields(current, dict(weight=0, publish_vpc=True, priority=10)) == ['publish_vpc', 'weight']
