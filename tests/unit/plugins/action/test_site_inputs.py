# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The logic of the site_inputs action (plugins/action/site_inputs.py): each site's inputs validated with
validate_argument_spec's validator and messages (naming the site with several data centers, no_log values masked),
the defaults split into those no site sets and those some sites set, each site's name, data-center hosts and plan."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.eds.vpc_access.plugins.action.site_inputs import datacenter_hosts, run_sites

SPEC = {
    'vpc_access_name': {'type': 'str', 'default': 'eds-vpc-access', 'description': 'the name'},
    'vpc_access_bandwidth': {'type': 'int', 'default': 10},
    'vpc_access_psk': {'type': 'str', 'default': '', 'no_log': True},
    'vpc_access_mode': {'type': 'str', 'default': 'a', 'choices': ['a', 'b'], 'no_log': True},
    'vpc_access_quotas': {'type': 'dict', 'default': {}, 'options': {'routes_per_gateway': {'type': 'int'}}},
    'vpc_access_prefix': {'type': 'list', 'elements': 'str', 'default': []},
    'vpc_access_office_network_cidr': {'type': 'str', 'required': True},
    'vpc_access_user_vpc_cidrs': {'type': 'list', 'elements': 'str', 'required': True},
    'vpc_access_datacenter_cidrs': {'type': 'list', 'elements': 'str', 'required': True},
}
CLOUD = {'vpc_access_office_network_cidr': '172.16.0.0/12', 'vpc_access_user_vpc_cidrs': '192.168.0.0/16'}


def site(**given):
    return dict(dict(CLOUD, vpc_access_datacenter_cidrs=['10.1.0.0/16']), **given)


def test_one_site_gets_every_default_its_name_and_the_plan_cidr_plan_registers():
    result = run_sites(SPEC, [('localhost', site(vpc_access_bandwidth=20))], set(), [])
    assert not result.get('failed'), result
    # what the site sets is not repeated: it keeps its own value
    assert result['defaults'] == {'vpc_access_name': 'eds-vpc-access', 'vpc_access_psk': '', 'vpc_access_mode': 'a',
                                  'vpc_access_quotas': {}, 'vpc_access_prefix': []}
    assert result['partial'] == [] and result['cidr_problems'] == []
    (one,) = result['sites']
    assert one['site'] == 'localhost' and one['vpc_access_site_name'] == 'eds-vpc-access'
    assert one['vpc_access_site_datacenter_hosts'] == []
    plan = one['vpc_access_plan']
    assert plan['changed'] is False and plan['failed'] is False
    # a text CIDR list is a list, as the argument spec and cidr_plan take it
    assert plan['plan']['local_subnets'] == ['172.16.0.0/12', '192.168.0.0/16']
    assert plan['plan']['remote_subnets'] == ['10.1.0.0/16']
    assert plan['plan']['datacenter_routes'] == ['100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16']


def test_several_sites_are_named_after_their_host_and_defaults_go_where_a_site_leaves_them_unset():
    sites = [('dc01', site(vpc_access_prefix=['sudo'])), ('dc02', site(vpc_access_datacenter_cidrs=['10.2.0.0/16']))]
    result = run_sites(SPEC, sites, {'dc01', 'dc02'}, [('gw1', 'dc01'), ('gw2', 'dc02'), ('gw3', 'localhost')])
    assert 'vpc_access_prefix' not in result['defaults']
    assert result['partial'] == [{'site': 'dc02', 'name': 'vpc_access_prefix', 'value': []}]
    assert [s['vpc_access_site_name'] for s in result['sites']] == ['eds-vpc-access-dc01', 'eds-vpc-access-dc02']
    assert [s['vpc_access_site_datacenter_hosts'] for s in result['sites']] == [['gw1'], ['gw2']]
    assert [s['vpc_access_plan']['plan']['remote_subnets'] for s in result['sites']] == [['10.1.0.0/16'], ['10.2.0.0/16']]


def test_a_set_name_names_the_site():
    result = run_sites(SPEC, [('dc01', site(vpc_access_name='eds-x'))], {'dc01'}, [])
    assert result['sites'][0]['vpc_access_site_name'] == 'eds-x-dc01'
    assert 'vpc_access_name' not in result['defaults']


def test_bad_inputs_fail_with_validate_argument_spec_messages_naming_the_input_and_the_site():
    sites = [('dc01', site()), ('dc02', site(vpc_access_bandwidth='ten')), ('dc03', dict(CLOUD))]
    result = run_sites(SPEC, sites, {'dc01', 'dc02', 'dc03'}, [])
    assert result['failed'] is True
    assert result['msg'].startswith('Validation of arguments failed:\n')
    errors = result['argument_errors']
    assert len(errors) == 2, errors
    assert errors[0].startswith("site dc02: argument 'vpc_access_bandwidth' is of type")
    assert errors[1] == 'site dc03: missing required arguments: vpc_access_datacenter_cidrs'
    assert result['msg'] == 'Validation of arguments failed:\n' + '\n'.join(errors)
    assert 'sites' not in result and 'defaults' not in result


def test_one_data_center_messages_are_those_of_validate_argument_spec():
    result = run_sites(SPEC, [('localhost', site(vpc_access_bandwidth='ten'))], set(), [])
    assert result['argument_errors'][0].startswith("argument 'vpc_access_bandwidth' is of type")


def test_a_no_log_value_stays_out_of_the_messages():
    result = run_sites(SPEC, [('dc01', site(vpc_access_mode='Secret-Mode-1'))], {'dc01'}, [])
    assert result['failed'] is True
    assert 'vpc_access_mode' in result['msg']
    assert 'Secret-Mode-1' not in json.dumps(result)


def test_clashing_cidrs_are_returned_per_site_for_the_play_to_refuse():
    sites = [('dc01', site()), ('dc02', site(vpc_access_datacenter_cidrs=['172.16.5.0/24']))]
    result = run_sites(SPEC, sites, {'dc01', 'dc02'}, [])
    assert not result.get('failed')
    assert result['cidr_problems'] == ['site dc02: datacenter 172.16.5.0/24 overlaps office network 172.16.0.0/12 '
                                       '(datacenter_cidrs vs office_network_cidr)']
    assert 'vpc_access_plan' in result['sites'][0] and 'vpc_access_plan' not in result['sites'][1]
    one = run_sites(SPEC, [('localhost', site(vpc_access_datacenter_cidrs=['not-a-cidr']))], set(), [])
    assert one['cidr_problems'] == ["datacenter_cidrs[0]: 'not-a-cidr' is not an IPv4 CIDR block (for example 192.168.0.0/16)"]


def test_the_spec_and_its_defaults_are_not_changed_by_the_validation():
    spec = json.loads(json.dumps(SPEC))
    result = run_sites(spec, [('dc01', site()), ('dc02', site())], {'dc01', 'dc02'}, [])
    # the validator fills a dict's suboptions in its result: neither the spec nor the returned default get them
    assert spec == SPEC
    assert result['defaults']['vpc_access_quotas'] == {}
    result['defaults']['vpc_access_prefix'].append('x')
    assert SPEC['vpc_access_prefix']['default'] == []


def test_datacenter_hosts_of_a_site():
    named = [('gw1', 'dc01'), ('dns1', 'dc02'), ('gw2', 'dc01'), ('lone', 'localhost')]
    assert datacenter_hosts(named, 'dc01') == ['gw1', 'gw2']
    assert datacenter_hosts(named, 'localhost') == ['lone']
    assert datacenter_hosts(named, 'dc09') == []


def test_a_shared_input_that_differs_between_sites_is_refused_naming_the_sites_and_values():
    spec = dict(SPEC, vpc_access_attach_to={'type': 'str', 'default': 'vpn_gateway',
                                            'choices': ['vpn_gateway', 'transit_router']})
    sites = [('dc01', site()), ('dc02', site(vpc_access_attach_to='transit_router')), ('dc03', site())]
    result = run_sites(spec, sites, {'dc01', 'dc02', 'dc03'}, [])
    assert result['failed']
    assert result['argument_errors'] == [
        'vpc_access_attach_to: every site of a run must have the same value (it is converged or read once, on the '
        'first site\'s host): site dc01, dc03 "vpn_gateway"; site dc02 "transit_router".']
    # a site's own input (its bandwidth is shared too) may not differ either; its CIDRs may
    sites = [('dc01', site(vpc_access_bandwidth=20)), ('dc02', site(vpc_access_datacenter_cidrs=['10.2.0.0/16']))]
    assert 'vpc_access_bandwidth' in run_sites(spec, sites, {'dc01', 'dc02'}, [])['msg']
    sites = [('dc01', site(vpc_access_bandwidth=20)), ('dc02', site(vpc_access_bandwidth=20, vpc_access_datacenter_cidrs=['10.2.0.0/16']))]
    assert not run_sites(spec, sites, {'dc01', 'dc02'}, []).get('failed')


def test_required_if_names_the_input_and_what_it_then_requires():
    spec = dict(SPEC, vpc_access_charge={'type': 'str', 'default': 'POSTPAY', 'choices': ['POSTPAY', 'PREPAY']},
                vpc_access_period={'type': 'int', 'choices': [1, 12]})
    rules = [['vpc_access_charge', 'PREPAY', ['vpc_access_period']]]
    sites = [('dc01', site(vpc_access_charge='PREPAY')), ('dc02', site(vpc_access_charge='PREPAY', vpc_access_period=12))]
    result = run_sites(spec, sites, {'dc01', 'dc02'}, [], rules)
    assert result['argument_errors'] == [
        'site dc01: vpc_access_charge is PREPAY but all of the following are missing: vpc_access_period']
    # the rule holds, or does not apply: no message
    for given in (site(vpc_access_charge='PREPAY', vpc_access_period=1), site()):
        assert not run_sites(spec, [('localhost', given)], set(), [], rules).get('failed')
    assert not run_sites(spec, [('localhost', site(vpc_access_charge='PREPAY'))], set(), []).get('failed')
