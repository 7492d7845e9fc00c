# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.quotas import ROUTES_PER_GATEWAY, full, subnet_problems


def test_full_only_at_the_quota():
    assert full(ROUTES_PER_GATEWAY - 1, ROUTES_PER_GATEWAY, 'dbr routes', 'VPN gateway vpn-1') is None
    message = full(ROUTES_PER_GATEWAY, ROUTES_PER_GATEWAY, 'dbr routes', 'VPN gateway vpn-1')
    assert message == 'VPN gateway vpn-1 already has 20 dbr routes, the default quota (20): delete one first'


def test_subnet_problems_name_the_option():
    six = ['10.%d.0.0/16' % n for n in range(6)]
    assert subnet_problems(dict(local_subnets=six[:5], remote_subnets=None)) == []
    assert subnet_problems(dict(local_subnets=['10.0.0.0/8'], remote_subnets=six)) == [
        'remote_subnets: 6 CIDR blocks given; a connection takes at most 5 a side']
