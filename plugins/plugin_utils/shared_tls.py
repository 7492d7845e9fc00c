# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK's HTTP adapters built once in the controller, before the tasks' workers are forked.

darabonba (the SDK's HTTP layer) gives each process's first request to an endpoint a new adapter with a new
``ssl.create_default_context()`` - the system CA store read and parsed, ~25 ms of CPU, also for an http:// endpoint
- and every task's worker is a new process (a fork of ``ansible-playbook``): six cloud tasks per site, so ~0.15 CPU
seconds per site of a multi-site run (docs/benchmarks.md "P6"). Built here, in the controller, where
plugin_utils/cloud_action.py imports the SDK, the adapters are inherited by every worker. No connection is ever
opened in the controller, so no socket is shared between processes; a worker's connections are its own (the
adapter's pools are filled after the fork, in the worker).
"""

from __future__ import annotations


def share_adapters(core):
    """Memoize ``DaraCore.get_adapter`` per (scheme, TLS minimum version, pool size) in this process, and build the
    default ones now. ``core``: the module darabonba.core. Returns the memoized function, or None when this
    darabonba has no such method (then nothing is changed)."""
    dara = getattr(core, 'DaraCore', None)
    original = getattr(dara, 'get_adapter', None)
    if original is None:
        return None
    if getattr(original, 'eds_shared', False):     # already shared in this process
        return original
    adapters = {}

    def get_adapter(prefix, tls_min_version=None, pool_size=None):
        key = (str(prefix).upper(), tls_min_version, pool_size)
        if key not in adapters:
            adapters[key] = original(prefix, tls_min_version, pool_size=pool_size)
        return adapters[key]

    get_adapter.eds_shared = True
    dara.get_adapter = staticmethod(get_adapter)
    pool_size = getattr(core, 'DEFAULT_POOL_MAXSIZE', None)
    for scheme in ('HTTPS', 'HTTP'):
        get_adapter(scheme, None, pool_size)
    return get_adapter
