# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The steps of the vpn_site action (plugins/action/vpn_site.py): their modules, arguments and checks (pure).

vpn_site converges one data center's customer gateway, IPsec-VPN connection, VPN routes and CEN publications by
running those four modules one after the other in one worker. This file builds each step's module arguments from
the action's options and checks them all - each module's own argument spec and its own option rules
(Resource.option_problems(), module_utils/lifecycle/resource.py) - before the first step makes a call.
"""

from __future__ import annotations

import re
from collections import namedtuple

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.eds.vpc_access.plugins.module_utils.cen import publication
from ansible_collections.eds.vpc_access.plugins.module_utils.gateways import customer_gateway
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import CHECK_MODE_ID
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import alicloud_argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.routes import vpn_routes
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection import resource as vpn_connection
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection import spec as vpn_connection_spec

COLLECTION = 'eds.vpc_access'
# spec: the module's options (without the common ones of alicloud_argument_spec()); resource: its Resource class
# made from a module-like object; rules: the AnsibleModule arguments beyond the spec; option: the vpn_site option
# its messages name; rename: {module option: the vpn_site option it comes from}
Step = namedtuple('Step', 'spec resource rules option rename')
STEPS = {
    'customer_gateway': Step(customer_gateway.argument_spec, customer_gateway.CustomerGateway, {},
                             'customer_gateway', {}),
    'vpn_connection': Step(vpn_connection_spec.argument_spec, vpn_connection.VpnConnection,
                           dict(required_one_of=vpn_connection_spec.REQUIRED_ONE_OF), 'vpn_connection',
                           dict(vpn_gateway_id='vpn_gateway_id')),
    'vpn_route_entry': Step(lambda: vpn_routes.argument_spec(vpn_routes.DBR),
                            lambda module: vpn_routes.VpnRoute(module, vpn_routes.DBR), {}, 'vpn_routes',
                            dict(vpn_gateway_id='vpn_gateway_id', route_dest='vpn_routes.destinations',
                                 publish_vpc='vpn_routes.publish_vpc', quotas='vpn_routes.quotas')),
    'cen_route_publish': Step(publication.argument_spec, publication.CenPublication, {}, 'cen_publication',
                              dict(destination_cidr_block='vpn_routes.destinations')),
}
# the result key of each step's module
RESULT_KEYS = dict(customer_gateway='customer_gateway', vpn_connection='vpn_connection',
                   vpn_route_entry='vpn_route_entry', cen_route_publish='published_route_entry')
# options of the steps that vpn_site sets itself: refused in its dict options
FILLED = dict(customer_gateway=('state',), vpn_connection=('state', 'vpn_gateway_id', 'customer_gateway_id'))


def options_spec():
    """The options of vpn_site (documented in plugins/modules/vpn_site.py)."""
    spec = alicloud_argument_spec()
    spec.update(
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        vpn_gateway_id=dict(type='str', required=True),
        customer_gateway=dict(type='dict', required=True),
        vpn_connection=dict(type='dict', required=True),
        vpn_routes=dict(type='dict', options=dict(
            destinations=dict(type='list', elements='str', required=True),
            publish_vpc=dict(type='bool', default=True),
            quotas=dict(type='dict'),
        )),
        cen_publication=dict(type='dict', options=dict(
            cen_id=dict(type='str', required=True),
            child_instance_id=dict(type='str', required=True),
            child_instance_region_id=dict(type='str'),
        )),
    )
    return spec


def common_options(params):
    """The common options (credentials, region, endpoint ...) set on vpn_site, passed on to every step."""
    return dict((name, params[name]) for name in alicloud_argument_spec() if params.get(name) is not None)


def destinations(params):
    return list((params.get('vpn_routes') or {}).get('destinations') or [])


def customer_gateway_args(params, common):
    args = dict(params['customer_gateway'])
    args.update(common, state=params['state'])
    return args


def connection_args(params, common, customer_gateway_id):
    """The connection's options with the gateway and, on create or update, the customer gateway filled in: on the
    connection (one tunnel) or on every tunnel that names none (two tunnels, as the site playbook's dual tunnel)."""
    args = dict(params['vpn_connection'])
    args.update(common, state=params['state'], vpn_gateway_id=params['vpn_gateway_id'])
    if customer_gateway_id is None:
        return args
    if args.get('tunnels'):
        args['tunnels'] = [dict(t, customer_gateway_id=t.get('customer_gateway_id') or customer_gateway_id)
                           if isinstance(t, dict) else t for t in args['tunnels']]
    else:
        args['customer_gateway_id'] = customer_gateway_id
    return args


def route_args(params, common, connection_id, destination):
    routes = params['vpn_routes']
    args = dict(common, state=params['state'], vpn_gateway_id=params['vpn_gateway_id'], route_dest=destination,
                next_hop=connection_id, publish_vpc=routes['publish_vpc'])
    if routes.get('quotas') is not None:
        args['quotas'] = routes['quotas']
    return args


def publication_args(params, common, destination):
    cen = params['cen_publication']
    args = dict(common, state=params['state'], cen_id=cen['cen_id'], child_instance_id=cen['child_instance_id'],
                destination_cidr_block=destination)
    if cen.get('child_instance_region_id'):
        args['child_instance_region_id'] = cen['child_instance_region_id']
    return args


def planned_steps(params, common):
    """[(step, item, args)] of every step a run may make, ids not known yet as check mode's placeholder."""
    steps = [('customer_gateway', None, customer_gateway_args(params, common)),
             ('vpn_connection', None, connection_args(params, common, CHECK_MODE_ID))]
    if params.get('vpn_routes'):
        steps.extend(('vpn_route_entry', dest, route_args(params, common, CHECK_MODE_ID, dest))
                     for dest in destinations(params))
    if params.get('cen_publication'):
        steps.extend(('cen_route_publish', dest, publication_args(params, common, dest))
                     for dest in destinations(params))
    return steps


class _Options(object):
    """What a Resource's option checks read of its module: the options, nothing else (no client, no call)."""

    check_mode = False

    def __init__(self, params):
        self.params = params


def name_option(message, step):
    """The message of a step's check, naming the option as vpn_site's: `vpn_connection.psk ...`."""
    match = re.match(r'([a-z_]+)(?=[\s.\[:=]|$)', message)
    spec = STEPS[step].spec()
    if match and (match.group(1) in spec or match.group(1) in alicloud_argument_spec()):
        name = match.group(1)
        site_name = STEPS[step].rename.get(name, '%s.%s' % (STEPS[step].option, name))
        return site_name + message[len(name):]
    return '%s: %s' % (STEPS[step].option, message)


def step_problems(step, args):
    """Every problem of one step's arguments, by its module's argument spec and then its own option rules."""
    definition = STEPS[step]
    spec = alicloud_argument_spec()
    spec.update(definition.spec())
    validated = ArgumentSpecValidator(spec, **definition.rules).validate(args)
    # an unknown option as vpn_site's user names it (the validator's message lists the step's options, common and
    # filled ones included)
    unknown = sorted('.'.join(name) if isinstance(name, tuple) else name for name in validated.unsupported_parameters)
    errors = [str(error) for error in validated.errors.errors if not isinstance(error, UnsupportedError)]
    if not (errors or unknown):
        errors = definition.resource(_Options(validated.validated_parameters)).option_problems()
    return ['%s.%s: not an option of %s.%s' % (definition.option, name, COLLECTION, step) for name in unknown] + \
        [name_option(message, step) for message in errors]


def filled_problems(params):
    """Options of the steps that vpn_site sets itself, refused when given in its dict options."""
    return ['%s.%s: set by vpn_site (%s)' % (option, name, 'from state' if name == 'state' else
                                             'from vpn_gateway_id' if name == 'vpn_gateway_id' else
                                             'the id of customer_gateway')
            for option, names in FILLED.items() for name in names if name in (params.get(option) or {})]


def problems(params, common):
    """Every problem of every step, before any call; each message once."""
    errors = filled_problems(params)
    for step, dummy, args in planned_steps(params, common):
        errors.extend(e for e in step_problems(step, args) if e not in errors)
    return errors


def _no_log_values(spec, params, found):
    for name, option in spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            for alias in option.get('aliases') or []:
                value = params.get(alias) if isinstance(params, dict) else None
                if value is not None:
                    break
        if value is None:
            continue
        if option.get('no_log') and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.add(str(value))
        sub = option.get('options')
        if sub:
            for element in value if isinstance(value, list) else [value]:
                _no_log_values(sub, element, found)


def secrets(params, common):
    """The values of every no_log option of every step (pre-shared keys, auth_key, secret_key ...)."""
    found = set()
    for step, dummy, args in planned_steps(params, common):
        spec = alicloud_argument_spec()
        spec.update(STEPS[step].spec())
        _no_log_values(spec, args, found)
    return found


def is_real(ident, prefix):
    """Whether an id names a resource (check mode names one that does not exist yet CHECK_MODE_ID)."""
    return isinstance(ident, str) and ident.startswith(prefix)
