# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eds.vpc_access.site_inputs: the site playbook's inputs of every site, checked and planned in one task.

The inputs play (playbooks/plays/inputs.yml) runs this once per run (run_once) instead of three tasks on every
site's host (validate_argument_spec, a set_fact of every default, cidr_plan): each task on each host is a fork of
ansible-playbook plus the templating of its arguments (docs/benchmarks.md, P6). It reads each site's inputs from
hostvars, checks them with the validator validate_argument_spec uses (same messages), and returns what the play then
sets on the sites' hosts: the defaults of the inputs no site sets, per site its name, data-center hosts and CIDR plan
(the registered result of cidr_plan), and the defaults of inputs only some sites set. It sets no variable itself:
facts returned by an action plugin would go to the fact cache (persisted by a jsonfile cache or AWX, and read back
next run above the inventory), so the play sets them with set_fact.
"""

from __future__ import annotations

import copy
import json

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.eds.vpc_access.plugins.modules import cidr_plan

# the inputs the CIDR plan of a site is made of, by cidr_plan option
PLAN_INPUTS = (('office_network_cidr', 'vpc_access_office_network_cidr'),
               ('user_vpc_cidrs', 'vpc_access_user_vpc_cidrs'),
               ('datacenter_cidrs', 'vpc_access_datacenter_cidrs'))
# What the sites of one run share: converged or read once (run_once, on the first site's host of the run) - the
# region and endpoint, the VPN gateway and its vSwitches, the transit router, the office network and CEN, the cloud
# CIDRs - so a site that sets another value would silently get the first site's (docs/site_playbook.md)
SHARED = ('vpc_access_region', 'vpc_access_endpoint_url', 'vpc_access_name', 'vpc_access_vpc_id',
          'vpc_access_vswitch_id', 'vpc_access_dr_vswitch_id', 'vpc_access_bandwidth', 'vpc_access_instance_charge_type',
          'vpc_access_period', 'vpc_access_attach_to',
          'vpc_access_transit_router_id', 'vpc_access_transit_router_route_table_id', 'vpc_access_office_site_id',
          'vpc_access_cen_id', 'vpc_access_office_network_cidr', 'vpc_access_user_vpc_cidrs', 'vpc_access_routing_mode',
          'vpc_access_bgp_cloud_asn', 'vpc_access_teardown_gateway')

OPTIONS = dict(
    argument_spec=dict(type='dict', required=True),
    # validate_argument_spec's required_if: [[input, value, [inputs it then requires]], ...]
    required_if=dict(type='list', elements='list', default=[]),
    sites=dict(type='list', elements='str', required=True),
    site_group=dict(type='str', default='datacenters'),
    datacenter_groups=dict(type='list', elements='str', default=['ipsec_gateways', 'dns_servers', 'dhcp_servers']),
)


def check_site(spec_text, given, required_if=None):
    """Validate one site's inputs (the ones it sets) like validate_argument_spec; (validated values, errors).

    spec_text: the spec as JSON. Each site gets its own copy, as the validator puts an unset input's default object
    in its result and fills its suboptions in place; json.loads makes it far faster than a deepcopy of the spec as
    the play passes it, whose every string carries the tags of its origin."""
    result = ArgumentSpecValidator(json.loads(spec_text), required_if=required_if).validate(
        given, validate_role_argument_spec=True)
    return result.validated_parameters, list(result.error_messages)


def plan_site(values):
    """The site's CIDR plan as cidr_plan registers it, or (None, its messages)."""
    if not cidr_plan.HAS_NETADDR:
        return None, ['cidr_plan needs the netaddr Python library on the controller']
    params = dict((option, values.get(name)) for option, name in PLAN_INPUTS)
    params.update(user_vpc_cidrs=params['user_vpc_cidrs'] or [], reserved=list(cidr_plan.RESERVED), sites=[])
    result, errors = cidr_plan.plan(params)
    if errors:
        return None, errors
    return dict(changed=False, failed=False, plan=result, invocation=dict(module_args=params)), []


def datacenter_hosts(datacenter_of, site):
    """The data-center hosts of a site: those whose vpc_access_datacenter names it (default localhost)."""
    return [host for host, named in datacenter_of if named == site]


def fill(spec, given_by_site):
    """Split the defaults: (inputs no site sets -> default, [(site, input, default)] for inputs some sites set)."""
    with_default = [name for name, options in spec.items() if isinstance(options, dict) and 'default' in options]
    common, partial = {}, []
    for name in with_default:
        unset = [site for site, given in given_by_site if name not in given]
        if len(unset) == len(given_by_site):
            common[name] = copy.deepcopy(spec[name]['default'])
        else:
            partial.extend(dict(site=site, name=name, value=copy.deepcopy(spec[name]['default'])) for site in unset)
    return common, partial


def secrets_of(spec, given_by_site):
    """The values of no_log inputs, to keep them out of messages."""
    return set(str(given[name]) for dummy, given in given_by_site for name, options in spec.items()
               if isinstance(options, dict) and options.get('no_log') and given.get(name) not in (None, ''))


def differing_shared(validated, named_sites):
    """One message per shared input (SHARED) that the named sites do not all set to the same value."""
    messages = []
    sites = [site for site in validated if site in named_sites]
    for name in SHARED:
        values = {}
        for site in sites:
            values.setdefault(json.dumps(validated[site].get(name), sort_keys=True), []).append(site)
        if len(values) > 1:
            messages.append('%s: every site of a run must have the same value (it is converged or read once, on the '
                            'first site\'s host): %s.' % (name, '; '.join(
                                'site %s %s' % (', '.join(named), value) for value, named in values.items())))
    return messages


def run_sites(spec, given_by_site, named_sites, datacenter_of, required_if=None):
    """Everything the action returns, for [(site, inputs it sets)]; named_sites: the sites whose messages name them."""
    spec_text = json.dumps(spec)
    spec = json.loads(spec_text)    # plain data: the defaults returned are copied from it
    prefix = dict((site, 'site %s: ' % site if site in named_sites else '') for site, dummy in given_by_site)
    hidden = secrets_of(spec, given_by_site)
    errors, validated = [], {}
    for site, given in given_by_site:
        values, site_errors = check_site(spec_text, given, required_if)
        errors.extend(prefix[site] + remove_values(e, hidden) for e in site_errors)
        validated[site] = values
    errors.extend(differing_shared(validated, named_sites) if not errors else [])
    if errors:
        return dict(failed=True, msg='Validation of arguments failed:\n%s' % '\n'.join(errors), argument_errors=errors)
    common, partial = fill(spec, given_by_site)
    sites, problems = [], []
    for site, given in given_by_site:
        name = given['vpc_access_name'] if 'vpc_access_name' in given else spec['vpc_access_name']['default']
        facts = dict(site=site, vpc_access_site_name='%s-%s' % (name, site) if prefix[site] else name,
                     vpc_access_site_datacenter_hosts=datacenter_hosts(datacenter_of, site))
        plan, plan_errors = plan_site(validated[site])
        if plan_errors:
            problems.append(prefix[site] + '; '.join(plan_errors))
        else:
            facts['vpc_access_plan'] = plan
        sites.append(facts)
    return dict(changed=False, defaults=common, sites=sites, partial=partial, cidr_problems=problems)


class ActionModule(ActionBase):
    """Reads every site's inputs on the controller; no connection, nothing changed."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        validation, args = self.validate_argument_spec(argument_spec=OPTIONS)
        del validation
        spec = args['argument_spec']
        hostvars = task_vars.get('hostvars')
        if hostvars is None:
            raise AnsibleError('site_inputs reads the sites\' inputs from hostvars, which this task has not got')
        groups = task_vars.get('groups', {})
        named_sites = set(groups.get(args['site_group']) or [])
        given_by_site = []
        for site in args['sites']:
            if site not in hostvars:
                raise AnsibleError('site_inputs: %s is not a host of the inventory' % site)
            host = hostvars[site]
            given_by_site.append((site, dict((name, host[name]) for name in spec if name in host)))
        datacenter = []
        for group in args['datacenter_groups']:
            datacenter.extend(h for h in groups.get(group) or [] if h not in datacenter)
        datacenter_of = [(h, hostvars[h]['vpc_access_datacenter'] if 'vpc_access_datacenter' in hostvars[h]
                          else 'localhost') for h in datacenter if h in hostvars]
        result.update(run_sites(spec, given_by_site, named_sites, datacenter_of, args['required_if']))
        if not result.get('failed'):
            # the sites' inputs (vpc_access_psk ...) are in the plan's neighbours: never printed, -v included
            result['_ansible_no_log'] = True
        return result
