# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.quotas import (
    argument_spec, full, limit, problems, refusal_advice, subnet_problems)

ROUTE_CODES = {'Resource.QuotaFull': 'routes_per_gateway'}
SUBNET_CODES = {'IllegalParam.RemoteSubnet': 'subnets_per_connection'}


def test_full_at_the_default_says_how_to_give_a_raised_quota():
    assert full({}, 'routes_per_gateway', 19, 'dbr routes', 'VPN gateway vpn-1') is None
    assert full({'quotas': None}, 'routes_per_gateway', 20, 'dbr routes', 'VPN gateway vpn-1') == (
        "VPN gateway vpn-1 already has 20 dbr routes, the quota (20, the account's default): delete one first or "
        "if the account's quota was raised, give it in quotas.routes_per_gateway")


def test_full_at_a_given_quota_names_it():
    params = {'quotas': {'connections_per_gateway': 30}}
    assert full(params, 'connections_per_gateway', 29, 'IPsec-VPN connections', 'VPN gateway vpn-1') is None
    assert full(params, 'connections_per_gateway', 30, 'IPsec-VPN connections', 'VPN gateway vpn-1') == (
        "VPN gateway vpn-1 already has 30 IPsec-VPN connections, the quota (30, quotas.connections_per_gateway): "
        "delete one first or raise the account's quota and quotas.connections_per_gateway")


def test_a_quota_not_given_is_the_default():
    assert limit({'quotas': {'routes_per_gateway': None}}, 'routes_per_gateway') == 20
    assert limit({'quotas': {'routes_per_gateway': 100}}, 'routes_per_gateway') == 100
    assert limit({}, 'customer_gateways_per_region') == 100


def test_subnet_problems_name_the_option_and_the_quota():
    six = ['10.%d.0.0/16' % n for n in range(6)]
    assert subnet_problems(dict(local_subnets=six[:5], remote_subnets=None)) == []
    assert subnet_problems(dict(local_subnets=['10.0.0.0/8'], remote_subnets=six)) == [
        "remote_subnets: 6 CIDR blocks given; a connection takes at most 5 a side, the quota (5, the account's "
        "default): give fewer or if the account's quota was raised, give it in quotas.subnets_per_connection"]
    raised = dict(local_subnets=six, remote_subnets=six, quotas={'subnets_per_connection': 6})
    assert subnet_problems(raised) == []
    assert subnet_problems(dict(raised, quotas={'subnets_per_connection': 5}))[0].startswith(
        'local_subnets: 6 CIDR blocks given; a connection takes at most 5 a side, the quota (5, '
        'quotas.subnets_per_connection)')


@pytest.mark.parametrize('value', [0, -3])
def test_problems_refuse_what_is_not_a_positive_integer(value):
    params = {'quotas': {'routes_per_gateway': value, 'connections_per_gateway': 12}}
    assert problems(params) == ["quotas.routes_per_gateway must be a positive integer (the account's quota), "
                                "got %d" % value]
    # the check does not use the bad value meanwhile (the failure names it)
    assert limit(params, 'routes_per_gateway') == 20


def test_no_subnet_count_against_a_refused_quota():
    six = ['10.%d.0.0/16' % n for n in range(6)]
    assert subnet_problems(dict(remote_subnets=six, quotas={'subnets_per_connection': 0})) == []


def test_problems_accept_none_and_omitted():
    assert problems({}) == []
    assert problems({'quotas': {'routes_per_gateway': None}}) == []


def test_argument_spec_only_the_named_quotas():
    spec = argument_spec('routes_per_gateway')
    assert spec == {'quotas': {'type': 'dict', 'options': {'routes_per_gateway': {'type': 'int'}}}}
    with pytest.raises(ValueError):
        argument_spec('routes_per_region')


def test_refusal_advice_after_a_raised_check():
    params = {'quotas': {'routes_per_gateway': 100}}
    assert refusal_advice(params, ROUTE_CODES, 'Resource.QuotaFull') == (
        "the account's quota is below quotas.routes_per_gateway (100), which the module checked: raise the quota for "
        "the account (Quota Center) or set quotas.routes_per_gateway to the quota it has")
    assert refusal_advice({}, ROUTE_CODES, 'Resource.QuotaFull') == (
        "the account's quota is below the default (20) that the module checked: set quotas.routes_per_gateway to "
        "the account's quota")
    assert refusal_advice(params, ROUTE_CODES, 'VpnGateway.Configuring') is None


def test_refusal_advice_on_subnets_only_beyond_the_default():
    """IllegalParam.RemoteSubnet also means a bad CIDR: a quota only when a list is longer than the default."""
    six = ['10.%d.0.0/16' % n for n in range(6)]
    raised = {'quotas': {'subnets_per_connection': 8}, 'remote_subnets': six}
    assert 'quotas.subnets_per_connection (8)' in refusal_advice(raised, SUBNET_CODES, 'IllegalParam.RemoteSubnet')
    assert refusal_advice(dict(raised, remote_subnets=six[:2]), SUBNET_CODES, 'IllegalParam.RemoteSubnet') is None
