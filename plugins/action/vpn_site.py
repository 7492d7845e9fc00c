# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eds.vpc_access.vpn_site: one data center's customer gateway, connection, VPN routes and CEN publications.

The site playbook converged each site with four tasks on the site's host; every task on every host is a fork of
ansible-playbook plus the templating of its arguments, most of a many-site run (docs/benchmarks.md, P6). This action
runs the four modules in one worker, one after the other, as ansible.builtin.template's action runs copy: each step
is the module itself (its checks, check mode, diff, retries and result), run in this process when the task can
(plugin_utils/cloud_action.py), else as a module process. Every step's options are checked before the first call
(plugin_utils/site_steps.py).
"""

from __future__ import annotations

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.eds.vpc_access.plugins.plugin_utils import site_steps
from ansible_collections.eds.vpc_access.plugins.plugin_utils.cloud_action import CloudActionModule, display

# what a step's module returns that goes to the action's own result, not into the step's copy
PASSED_ON = ('warnings', 'deprecations')


class StepFailed(Exception):
    """A step's module failed: the run stops there."""


class ActionModule(CloudActionModule):
    """Runs the site's steps in the task's worker (or each as a module process when it cannot)."""

    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        # ActionBase's run (its checks of the task), not CloudActionModule's, which runs the task's own module
        result = ActionBase.run(self, tmp, task_vars)
        del tmp
        self._vars = task_vars or {}
        dummy, params = self.validate_argument_spec(argument_spec=site_steps.options_spec())
        common = site_steps.common_options(params)
        hidden = site_steps.secrets(params, common)
        errors = site_steps.problems(params, common)
        out = dict(customer_gateway={}, vpn_connection={}, vpn_route_entries=[], cen_route_publications=[], steps=[])
        if errors:
            result.update(out, failed=True, changed=False, errors=errors, msg='; '.join(errors))
            return remove_values(result, hidden)
        self._blocker = self._in_process_blocker(self._vars)
        display.vvv('vpn_site: runs its steps %s' % (
            'as module processes (%s)' % self._blocker if self._blocker else
            'in the worker process (local connection, controller Python)'), host=self._play_context.remote_addr)
        self._steps, self._passed = out['steps'], dict((key, []) for key in PASSED_ON)
        try:
            if params['state'] == 'present':
                self._present(params, common, out)
            else:
                self._absent(params, common, out)
        except StepFailed as exc:
            result.update(failed=True, msg=str(exc))
        result.update(out, changed=any(step.get('changed') for step in self._steps))
        diffs = [step['diff'] for step in self._steps if step.get('diff')]
        if diffs:
            result['diff'] = diffs
        for key, values in self._passed.items():
            if values:
                result[key] = values
        return remove_values(result, hidden)

    # -- the flows -------------------------------------------------------------------------------------------
    def _present(self, params, common, out):
        check = self._task.check_mode
        gateway_id = params['vpn_gateway_id']
        cgw = self._step('customer_gateway', None, site_steps.customer_gateway_args(params, common))
        out['customer_gateway'] = cgw['customer_gateway']
        cgw_id = out['customer_gateway'].get('customer_gateway_id')
        if check and not site_steps.is_real(gateway_id, 'vpn-'):
            self._skip('vpn_connection', None, 'the VPN gateway %s does not exist yet' % gateway_id)
            connection_id = None
        else:
            conn = self._step('vpn_connection', None, site_steps.connection_args(params, common, cgw_id))
            out['vpn_connection'] = conn['vpn_connection']
            connection_id = out['vpn_connection'].get('vpn_connection_id')
        real = site_steps.is_real(connection_id, 'vco-')
        reason = 'the IPsec-VPN connection does not exist yet'
        if params.get('vpn_routes'):
            for dest in site_steps.destinations(params):
                if check and not real:
                    self._skip('vpn_route_entry', dest, reason)
                    continue
                step = self._step('vpn_route_entry', dest, site_steps.route_args(params, common, connection_id, dest))
                out['vpn_route_entries'].append(step['vpn_route_entry'])
        if params.get('cen_publication'):
            for dest in site_steps.destinations(params):
                if check and not real:
                    self._skip('cen_route_publish', dest, reason)
                    continue
                step = self._step('cen_route_publish', dest, site_steps.publication_args(params, common, dest))
                out['cen_route_publications'].append(step['published_route_entry'])

    def _absent(self, params, common, out):
        """The reverse order; the routes are found through the connection (their next hop), read first."""
        if params.get('cen_publication'):
            for dest in site_steps.destinations(params):
                step = self._step('cen_route_publish', dest, site_steps.publication_args(params, common, dest))
                out['cen_route_publications'].append(step['published_route_entry'])
        if params.get('vpn_routes') and site_steps.destinations(params):
            connection_id = self._connection_id(params, common)
            for dest in site_steps.destinations(params) if connection_id else []:
                step = self._step('vpn_route_entry', dest, site_steps.route_args(params, common, connection_id, dest))
                out['vpn_route_entries'].append(step['vpn_route_entry'])
        conn = self._step('vpn_connection', None, site_steps.connection_args(params, common, None))
        out['vpn_connection'] = conn['vpn_connection']
        cgw = self._step('customer_gateway', None, site_steps.customer_gateway_args(params, common))
        out['customer_gateway'] = cgw['customer_gateway']

    def _connection_id(self, params, common):
        """The id of the site's connection (None: there is none, so no route goes through it)."""
        wanted = params['vpn_connection']
        args = dict(common, vpn_gateway_id=params['vpn_gateway_id'])
        ident = wanted.get('vpn_connection_id') or wanted.get('id')
        if ident:
            args['vpn_connection_ids'] = [ident]
        else:
            args['name'] = wanted.get('name')
        found = self._module('vpn_connection_info', args)
        if found.get('failed'):
            raise StepFailed('vpn_connection (reading it to find its routes): %s' % found.get('msg'))
        connections = found.get('vpn_connections') or []
        return connections[0]['vpn_connection_id'] if len(connections) == 1 else None

    # -- one step --------------------------------------------------------------------------------------------
    def _module(self, name, args):
        """The module's result, run in this process when the task can, else as a module process."""
        fqcn = '%s.%s' % (site_steps.COLLECTION, name)
        if self._blocker:
            data = self._run_module_process(self._vars, module_name=fqcn, module_args=args)
        else:
            data = self._run_in_process(fqcn, self._vars, module_args=args)
        for key in PASSED_ON:
            self._passed[key].extend(data.pop(key, None) or [])
        return data

    def _step(self, step, item, args):
        data = self._module(step, args)
        record = dict(step=step, changed=bool(data.get('changed')), skipped=False)
        if item is not None:
            record['item'] = item
        record.update((key, value) for key, value in data.items() if key not in record)
        self._steps.append(record)
        if data.get('failed'):
            raise StepFailed('%s%s: %s' % (step, ' %s' % item if item is not None else '', data.get('msg')))
        record.setdefault(site_steps.RESULT_KEYS[step], {})
        return record

    def _skip(self, step, item, reason):
        """A step check mode cannot run (an id it needs is not real yet): reported as a change it would make."""
        record = dict(step=step, changed=True, skipped=True, skip_reason=reason)
        if item is not None:
            record['item'] = item
        self._steps.append(record)
