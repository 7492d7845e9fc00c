# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin of every cloud module (plugins/action/<module>.py subclass it).

A cloud module talks to an HTTP API only, so it normally runs on the controller (``hosts: localhost`` or
``delegate_to: localhost``). Run as a module, every task then starts a new Python interpreter for its AnsiballZ
payload and imports ``ansible.module_utils.basic``, the collection's module_utils and the Alibaba Cloud SDK again:
most of a cloud task's time and memory (docs/benchmarks.md, P1).

Ansible's strategy imports a task's action plugin in the controller process (to read ``BYPASS_HOST_LOOP``)
before it forks the task's worker. This file imports the modules' code and the SDK at that moment, so they are
imported once per ``ansible-playbook`` run, and the task's worker (a fork of the controller) runs the module in
its own process through the same entry point AnsiballZ uses: the module parses its JSON arguments, validates
them and prints its JSON result, which is decoded exactly like a module process's output. Nothing of the module
interface changes (argument spec and messages, check mode, diff, no_log masking done by the module itself,
module_defaults, warnings and deprecations).

Only when that is the same as running the module: the connection is ``local``, no become, no async, the task's
Python interpreter is the controller's own Python, the module is one of this collection's cloud modules (or of its
controller modules, ``cidr_plan`` and ``topology_diagram``: no API call, but run once per site by the site playbook)
and the SDK imported here. In every other case (a remote host, interpreter discovery, a different virtualenv ...) the
module is run the normal way, as the ``normal`` action plugin does.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import sys

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.eds.vpc_access.plugins.plugin_utils import shared_tls

display = Display()

COLLECTION = 'eds.vpc_access'
MODULE_PACKAGE = 'ansible_collections.eds.vpc_access.plugins.modules'
# the action group alicloud of meta/runtime.yml: the modules with an action plugin in plugins/action/
CLOUD_MODULES = (
    'cen_route_publish', 'cen_transit_router_vpn_attachment', 'customer_gateway', 'customer_gateway_info',
    'office_network', 'office_network_info', 'vpc_route_entry', 'vpn_attachment', 'vpn_attachment_info',
    'vpn_connection', 'vpn_connection_info', 'vpn_connection_logs_info', 'vpn_gateway', 'vpn_gateway_diagnose',
    'vpn_gateway_info', 'vpn_pbr_route_entry', 'vpn_route_entry',
    'vpn_gateway_zones_info',
    'cen_transit_router_info',
)
# modules of the collection that make no cloud call but run on the controller too (the site playbook runs them once
# per site: the CIDR plan of its inputs play, the topology picture): no SDK, the same in-worker run
CONTROLLER_MODULES = ('cidr_plan', 'topology_diagram')
# what plugins/module_utils/client/clients.py imports on first use (lazily, by name): the generic OpenAPI client,
# its models and utilities, the runtime options and the credentials chain of the ECS RAM role
SDK_MODULES = (
    'alibabacloud_tea_openapi.client', 'alibabacloud_tea_openapi.utils_models', 'alibabacloud_tea_openapi.utils',
    'darabonba.runtime', 'alibabacloud_credentials.client', 'alibabacloud_credentials.models',
)
# the modules have no METADATA block, so Ansible encodes their arguments and decodes their results with this
# serialization profile (ansible/executor/module_common.py, _get_module_metadata)
PROFILE = 'legacy'


def _preload():
    """Import the module entry point AnsiballZ uses, the SDK and the modules' code; None or why not."""
    try:
        from ansible.module_utils import basic  # noqa: F401  pylint: disable=unused-import
        from ansible.module_utils._internal._ansiballz import _loader
        from ansible.module_utils.common import warnings
        from ansible.module_utils.common.json import Direction, get_module_encoder
    except ImportError as exc:      # another ansible-core than the one this was written against (2.19)
        return None, 'ansible-core %s' % exc
    try:
        for name in SDK_MODULES:
            importlib.import_module(name)
        for name in CLOUD_MODULES + CONTROLLER_MODULES:
            importlib.import_module('%s.%s' % (MODULE_PACKAGE, name))
        # the TLS context of the SDK's first request in a process, made once here instead of in every worker
        shared_tls.share_adapters(importlib.import_module('darabonba.core'))
    except ImportError as exc:      # the controller's Python lacks the SDK: the module reports it as usual
        return None, str(exc)
    # Every object the controller holds now (ansible-core, the SDK and the modules just imported, the parsed
    # playbook and inventory) moves to the garbage collector's permanent generation: a worker forked later no longer
    # walks them in its collections, which wrote to (copy-on-write copied) pages of the controller's memory in every
    # worker - the documented use of gc.freeze() before fork(). They live for the whole run anyway; what the
    # controller allocates later is collected as usual. -15 % CPU for a 30-site run (docs/benchmarks.md "P6").
    gc.freeze()
    return dict(run_module=_loader.run_module, warnings=warnings,
                encoder=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)), None


ENTRY, PRELOAD_ERROR = _preload()


def _python_identity(path):
    """The virtualenv (or, outside one, the real file) an interpreter path runs, following symlinks one by one:
    a virtualenv's bin/python is a symlink to the base interpreter, so realpath() alone would equate them."""
    seen = 0
    while path and seen < 40:
        home = os.path.dirname(os.path.dirname(os.path.abspath(path)))
        if os.path.isfile(os.path.join(home, 'pyvenv.cfg')):
            return ('venv', os.path.realpath(home))
        if not os.path.islink(path):
            break
        target = os.readlink(path)
        path = os.path.join(os.path.dirname(path), target)
        seen += 1
    return ('python', os.path.realpath(path)) if path else None


def _controller_identity():
    if sys.prefix != sys.base_prefix:
        return ('venv', os.path.realpath(sys.prefix))
    return _python_identity(sys.executable)


class CloudActionModule(ActionBase):
    """Runs a cloud module in the task's worker when that is the same as a module process, else as one."""

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super(CloudActionModule, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        fqcn, reason = self._in_process_target(task_vars)
        if reason:
            display.vvv('%s: runs as a module process (%s)' % (self._task.action, reason),
                        host=self._play_context.remote_addr)
            return merge_hash(result, self._run_module_process(task_vars))
        display.vvv('%s: runs in the worker process (local connection, controller Python)' % fqcn,
                    host=self._play_context.remote_addr)
        return merge_hash(result, self._run_in_process(fqcn, task_vars))

    # -- which way ------------------------------------------------------------------------------------------
    def _in_process_target(self, task_vars):
        """(module FQCN, None) when the module can run in this process, else (None, the reason)."""
        if ENTRY is None:
            return None, 'in-process run unavailable: %s' % PRELOAD_ERROR
        context = self._shared_loader_obj.module_loader.find_plugin_with_context(
            self._task.action, collection_list=self._task.collections)
        fqcn = context.resolved_fqcn if context.resolved else None
        if not fqcn or fqcn.rpartition('.')[0] != COLLECTION or \
                fqcn.rpartition('.')[2] not in CLOUD_MODULES + CONTROLLER_MODULES:
            return None, 'not a controller module of %s' % COLLECTION
        reason = self._in_process_blocker(task_vars)
        return (None, reason) if reason else (fqcn, None)

    def _in_process_blocker(self, task_vars):
        """None when a module of this collection runs in this process as in its own, else the reason why not:
        the task's connection, async, become and Python interpreter (an action running several modules, such as
        vpn_site, asks this once for all of them)."""
        if ENTRY is None:
            return 'in-process run unavailable: %s' % PRELOAD_ERROR
        if self._connection.transport not in ('local', 'ansible.builtin.local', 'ansible.legacy.local'):
            return 'connection %s' % self._connection.transport
        if self._task.async_val:
            return 'async'
        if self._play_context.become:
            return 'become'
        # a delegated task runs with the delegate's variables (as ActionBase._configure_module picks them)
        variables = task_vars
        if self._task.delegate_to:
            variables = task_vars.get('ansible_delegated_vars', {}).get(self._task.delegate_to, {})
        interpreter = variables.get('ansible_python_interpreter')
        if interpreter is None:
            return 'interpreter discovery'
        try:
            interpreter = self._templar.template(interpreter)
        except Exception as exc:  # pylint: disable=broad-except  # the module run reports it as usual
            return 'ansible_python_interpreter: %s' % exc
        if not isinstance(interpreter, str) or not interpreter.startswith('/') or ' ' in interpreter.strip():
            return 'interpreter %r' % (interpreter,)
        if _python_identity(interpreter.strip()) != _controller_identity():
            return 'interpreter %s is not the controller\'s Python' % interpreter
        return None

    # -- the normal way (what the normal action plugin does) ------------------------------------------------
    def _run_module_process(self, task_vars, module_name=None, module_args=None):
        """The task's module (or module_name with module_args) in a module process."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = self._execute_module(module_name=module_name, module_args=module_args, task_vars=task_vars,
                                      wrap_async=wrap_async)
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    # -- in this process -------------------------------------------------------------------------------------
    def _run_in_process(self, fqcn, task_vars, module_args=None):
        """The module fqcn (one of CLOUD_MODULES) in this process, with the task's arguments or module_args."""
        module_args = dict(self._task.args if module_args is None else module_args)
        self._update_module_args(fqcn, module_args, task_vars)
        try:
            params = json.dumps(dict(ANSIBLE_MODULE_ARGS=module_args), cls=ENTRY['encoder'])
        except TypeError as ex:
            raise AnsibleError('Failed to serialize arguments for the %r module.' % fqcn) from ex
        environment = {}
        self._compute_environment_string(environment)
        module_fqn = '%s.%s' % (MODULE_PACKAGE, fqcn.rpartition('.')[2])
        stdout, stderr, rc = self._call(module_fqn, params.encode('utf-8'), environment)
        data = self._parse_returned_data(dict(rc=rc, stdout=stdout, stderr=stderr), PROFILE)
        # the same clean-up of the result _execute_module makes
        data.pop('_ansible_suppress_tmpdir_delete', None)
        from ansible.vars.clean import remove_internal_keys
        remove_internal_keys(data)
        return data

    @staticmethod
    def _call(module_fqn, params, environment):
        """Run the module's main as AnsiballZ does; its printed result, stderr and exit code.

        Loop items of a task run one after the other in the same worker, so what a module run leaves in the
        process is reset around each call: warnings and deprecations collected by module_utils, the environment,
        sys.argv; the module itself runs in a fresh namespace (runpy) each time."""
        warnings = ENTRY['warnings']
        saved_env, saved_argv = dict(os.environ), list(sys.argv)
        out, err, rc = io.StringIO(), io.StringIO(), 0
        warnings._global_warnings.clear()  # pylint: disable=protected-access
        warnings._global_deprecations.clear()  # pylint: disable=protected-access
        try:
            os.environ.update(dict((str(k), str(v)) for k, v in environment.items()))
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    ENTRY['run_module'](json_params=params, profile=PROFILE, module_fqn=module_fqn,
                                        modlib_path=os.path.dirname(os.path.dirname(os.__file__)), extensions={})
                except SystemExit as exc:
                    rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            sys.argv[:] = saved_argv
            warnings._global_warnings.clear()  # pylint: disable=protected-access
            warnings._global_deprecations.clear()  # pylint: disable=protected-access
        return out.getvalue(), err.getvalue(), rc
