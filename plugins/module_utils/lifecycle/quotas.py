# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quotas of the VPN gateway API, checked by the modules before the call that would exceed them (pure).

The numbers below are an account's defaults (docs/emulator.md "Quotas"); an account whose quotas were raised tells
the modules with their option `quotas` (doc fragment eds.vpc_access.quotas, argument_spec() here), one suboption
per quota the module checks. The API answers Resource.QuotaFull (or IllegalParam.<Subnet>) beyond the account's
real quota; refusal_advice() explains that answer when the module's own check let the call through. Subnet counts
are checked before any call; the counts of routes, connections and customer gateways come from the list the module
reads anyway, so they are checked before the create call, never with an extra one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

SUBNETS_PER_CONNECTION = 5      # CIDR blocks in local_subnets, and in remote_subnets
ROUTES_PER_GATEWAY = 20         # destination-based routes, and policy-based routes, per VPN gateway
CONNECTIONS_PER_GATEWAY = 10
CUSTOMER_GATEWAYS_PER_REGION = 100

OPTION = 'quotas'


def defaults():
    """{suboption of quotas: the account's default}; read at call time, so the constants above stay the source."""
    return {
        'subnets_per_connection': SUBNETS_PER_CONNECTION,
        'routes_per_gateway': ROUTES_PER_GATEWAY,
        'connections_per_gateway': CONNECTIONS_PER_GATEWAY,
        'customer_gateways_per_region': CUSTOMER_GATEWAYS_PER_REGION,
    }


SUBNET_KEYS = ('local_subnets', 'remote_subnets')


def argument_spec(*names):
    """The option quotas with the suboptions names (the quotas the module checks), each a positive int."""
    unknown = set(names) - set(defaults())
    if unknown:
        raise ValueError('unknown quotas: %s' % ', '.join(sorted(unknown)))
    return {OPTION: dict(type='dict', options=dict((name, dict(type='int')) for name in names))}


def _refused(value):
    """Whether a value given for a quota is not a positive integer (None: not given)."""
    return value is not None and value < 1


def _given(params, name):
    value = (params.get(OPTION) or {}).get(name)
    return None if value is None or _refused(value) else value  # a bad value is reported by problems()


def problems(params):
    """Messages for quotas that are not positive integers, naming the suboption."""
    given = params.get(OPTION) or {}
    return ['%s.%s must be a positive integer (the account\'s quota), got %d' % (OPTION, name, value)
            for name, value in sorted(given.items()) if _refused(value)]


def limit(params, name):
    """The quota name the module checks: the one given in the option quotas, else the account's default."""
    given = _given(params, name)
    return defaults()[name] if given is None else given


def describe(params, name):
    """'the quota (N)', saying where N comes from."""
    given = _given(params, name)
    if given is None:
        return 'the quota (%d, the account\'s default)' % defaults()[name]
    return 'the quota (%d, %s.%s)' % (given, OPTION, name)


def advice(params, name):
    """What else to do at the quota: with the default, how to tell the module about a raised quota."""
    if _given(params, name) is None:
        return 'if the account\'s quota was raised, give it in %s.%s' % (OPTION, name)
    return 'raise the account\'s quota and %s.%s' % (OPTION, name)


def subnet_problems(params, keys=SUBNET_KEYS):
    """Messages for subnet lists over the quota, naming the option."""
    name = 'subnets_per_connection'
    if _refused((params.get(OPTION) or {}).get(name)):
        return []  # the quota itself is refused (problems()); a count against the default would only confuse
    most = limit(params, name)
    return ['%s: %d CIDR blocks given; a connection takes at most %d a side, %s: give fewer or %s'
            % (key, len(params[key]), most, describe(params, name), advice(params, name))
            for key in keys if params.get(key) and len(params[key]) > most]


def full(params, name, count, what, where):
    """The message when creating one more would exceed the quota name, else None."""
    if count < limit(params, name):
        return None
    return '%s already has %d %s, %s: delete one first or %s' % (where, count, what, describe(params, name),
                                                                 advice(params, name))


def refusal_advice(params, names_by_code, code):
    """The sentence added to the API's answer `code` to a write when that answer is a quota the module checks,
    else None.

    names_by_code: {API error code: quota}. The module's check let the call through, so the account's real quota
    is below the one checked: most often a quota given in the option quotas that the account does not have (yet).
    An IllegalParam.<Subnet> answer is a quota only when a list holds more CIDR blocks than the default.
    """
    name = names_by_code.get(code)
    if name is None:
        return None
    if name == 'subnets_per_connection' and not any(
            len(params.get(key) or ()) > SUBNETS_PER_CONNECTION for key in SUBNET_KEYS):
        return None
    checked = limit(params, name)
    if _given(params, name) is None:
        return ('the account\'s quota is below the default (%d) that the module checked: set %s.%s to the '
                'account\'s quota' % (checked, OPTION, name))
    return ('the account\'s quota is below %s.%s (%d), which the module checked: raise the quota for the account '
            '(Quota Center) or set %s.%s to the quota it has' % (OPTION, name, checked, OPTION, name))
