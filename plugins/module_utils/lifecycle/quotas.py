# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Default quotas of the VPN gateway API, checked by the modules before the call that would exceed them (pure).

The numbers are an account's defaults (docs/emulator.md "Quotas"); the API answers Resource.QuotaFull (or
IllegalParam.<Subnet>, QuotaExceeded.PolicyBasedRoute) beyond them. Subnet counts are checked before any call; the
counts of routes, connections and customer gateways come from the list the module reads anyway, so they are checked
before the create call, never with an extra one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

SUBNETS_PER_CONNECTION = 5      # CIDR blocks in local_subnets, and in remote_subnets
ROUTES_PER_GATEWAY = 20         # destination-based routes, and policy-based routes, per VPN gateway
CONNECTIONS_PER_GATEWAY = 10
CUSTOMER_GATEWAYS_PER_REGION = 100


def subnet_problems(params, keys=('local_subnets', 'remote_subnets')):
    """Messages for subnet lists over the quota, naming the option."""
    return ['%s: %d CIDR blocks given; a connection takes at most %d a side' % (key, len(params[key]), SUBNETS_PER_CONNECTION)
            for key in keys if params.get(key) and len(params[key]) > SUBNETS_PER_CONNECTION]


def full(count, limit, what, where):
    """The message when creating one more would exceed the quota, else None."""
    if count < limit:
        return None
    return '%s already has %d %s, the default quota (%d): delete one first' % (where, count, what, limit)
