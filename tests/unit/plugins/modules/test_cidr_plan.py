# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cidr_plan: the seed plan passes, every clash is named, the plan is merged and sorted."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.modules.cidr_plan import plan


def params(**kwargs):
    base = dict(office_network_cidr='172.16.0.0/12', user_vpc_cidrs=['192.168.0.0/16'],
                datacenter_cidrs=['192.10.0.0/16'], reserved=['100.64.0.0/10'])
    base.update(kwargs)
    return base


def test_seed_sample_plan_passes():
    result, errors = plan(params())
    assert errors == []
    assert result == dict(
        office_network_cidr='172.16.0.0/12', user_vpc_cidrs=['192.168.0.0/16'], datacenter_cidrs=['192.10.0.0/16'],
        reserved=['100.64.0.0/10'], cloud_cidrs=['172.16.0.0/12', '192.168.0.0/16'],
        local_subnets=['172.16.0.0/12', '192.168.0.0/16'], remote_subnets=['192.10.0.0/16'],
        datacenter_routes=['100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16'])


def test_lists_are_merged_and_sorted():
    result, errors = plan(params(datacenter_cidrs=['192.10.1.0/24', '192.10.0.0/24', '10.1.0.0/16', '192.10.0.0/25']))
    assert errors == []
    assert result['datacenter_cidrs'] == ['10.1.0.0/16', '192.10.0.0/23']


def test_every_clashing_pair_is_named():
    dummy, errors = plan(params(datacenter_cidrs=['192.168.10.0/24', '172.20.0.0/16'], user_vpc_cidrs=['192.168.0.0/16']))
    assert errors == ['datacenter 172.20.0.0/16 overlaps office network 172.16.0.0/12 (datacenter_cidrs vs office_network_cidr)',
                      'datacenter 192.168.10.0/24 overlaps user VPC 192.168.0.0/16 (datacenter_cidrs vs user_vpc_cidrs)']


def test_reserved_range_clash():
    dummy, errors = plan(params(datacenter_cidrs=['100.100.0.0/16']))
    assert errors == ['reserved range 100.64.0.0/10 overlaps datacenter 100.100.0.0/16 (reserved vs datacenter_cidrs)']


@pytest.mark.parametrize('bad,needle', [
    ('192.10.0.0', 'datacenter_cidrs[0]: \'192.10.0.0\' is not an IPv4 CIDR block'),
    ('192.10.0.1/16', 'has host bits set; did you mean 192.10.0.0/16?'),
    ('fd00::/8', 'is not IPv4'),
    ('300.1.0.0/16', 'is not an IPv4 CIDR block'),
])
def test_bad_cidr_names_the_option(bad, needle):
    dummy, errors = plan(params(datacenter_cidrs=[bad]))
    assert len(errors) == 1 and needle in errors[0]


def test_datacenter_required():
    dummy, errors = plan(params(datacenter_cidrs=[]))
    assert errors == ['datacenter_cidrs must list at least one network']


# Several data centers (the site playbook's `datacenters` group): every clash names both sites and both CIDRs.
def sites(*pairs):
    return [dict(name=name, datacenter_cidrs=cidrs) for name, cidrs in pairs]


def test_sites_that_do_not_clash_pass_and_are_returned_merged():
    result, errors = plan(params(datacenter_cidrs=['10.1.0.0/16'],
                                 sites=sites(('dc1', ['10.1.0.0/16']), ('dc2', ['10.2.1.0/24', '10.2.0.0/24']))))
    assert errors == []
    assert result['sites'] == {'dc1': ['10.1.0.0/16'], 'dc2': ['10.2.0.0/23']}
    assert result['remote_subnets'] == ['10.1.0.0/16']


def test_two_sites_clashing_name_both_sites_and_both_cidrs():
    dummy, errors = plan(params(datacenter_cidrs=['10.1.0.0/16'],
                                sites=sites(('dc1', ['10.1.0.0/16']), ('dc2', ['10.3.0.0/16', '10.1.128.0/17']))))
    assert errors == ['site dc2 datacenter 10.1.128.0/17 overlaps site dc1 datacenter 10.1.0.0/16']


def test_a_clash_between_two_other_sites_fails_this_one_too():
    dummy, errors = plan(params(datacenter_cidrs=['10.9.0.0/16'],
                                sites=sites(('dc9', ['10.9.0.0/16']), ('dc1', ['10.1.0.0/16']), ('dc2', ['10.1.0.0/24']))))
    assert errors == ['site dc2 datacenter 10.1.0.0/24 overlaps site dc1 datacenter 10.1.0.0/16']


def test_a_site_clashing_with_the_cloud_names_the_site_and_both_cidrs():
    dummy, errors = plan(params(datacenter_cidrs=['10.1.0.0/16'],
                                sites=sites(('dc1', ['10.1.0.0/16']), ('dc2', ['192.168.7.0/24', '100.100.0.0/16']))))
    assert errors == ['site dc2 datacenter 192.168.7.0/24 overlaps user VPC 192.168.0.0/16',
                      'site dc2 datacenter 100.100.0.0/16 overlaps reserved range 100.64.0.0/10']


def test_bad_site_input_is_named():
    dummy, errors = plan(params(sites=sites(('dc1', ['10.1.0.1/16']), ('dc1', ['10.2.0.0/16']), ('', []))))
    assert errors[0] == "sites[0] (dc1).datacenter_cidrs[0]: '10.1.0.1/16' has host bits set; did you mean 10.1.0.0/16?"
    assert 'sites[2] (?).datacenter_cidrs must list at least one network' in errors
    assert 'sites[2]: name is required' in errors
    assert 'sites: dc1 is given twice' in errors


def test_without_sites_the_plan_has_no_sites_key():
    result, errors = plan(params())
    assert errors == [] and 'sites' not in result
