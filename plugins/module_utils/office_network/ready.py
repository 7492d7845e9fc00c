# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Office network writes, retried while the office network's directory is not ready.

DirectoryNotReady is the ECD answer to a write on an office network whose directory (its account system) is still
being set up or changed; the Terraform provider retries it on ModifyOfficeSiteAttribute and the other office site
writes. It is retried here, for these actions only, with the backoff and the retry_timeout budget of the client
layer (client/retries.py), on top of what the client layer itself retries. Every retry is recorded in
module.retries like the client layer's own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError
from ansible_collections.eds.vpc_access.plugins.module_utils.client.retries import backoff_delay

DIRECTORY_NOT_READY = 'DirectoryNotReady'
# the writes of office_network that can meet a directory that is not ready
READY_ACTIONS = frozenset(('ModifyOfficeSiteAttribute', 'AttachCen'))


def call_when_ready(module, action, sleep=time.sleep, clock=time.monotonic, **params):
    """module.call('ecd', action, **params), retried on DirectoryNotReady within retry_timeout seconds."""
    if action not in READY_ACTIONS:
        raise ValueError('%s is not an office network write' % action)
    deadline = clock() + max(0, module.params.get('retry_timeout') or 0)
    attempt = 0
    while True:
        try:
            return module.call('ecd', action, raise_errors=True, **params)
        except ApiError as err:
            delay = backoff_delay(attempt)
            if err.code != DIRECTORY_NOT_READY or clock() + delay > deadline:
                module.fail_json(msg=str(err), error=dict(action=err.action, code=err.code, request_id=err.request_id),
                                 retries=module.retries)
                raise  # fail_json exits; a stand-in module in a test may return
            module.retries.append(dict(action=action, kind='busy', code=err.code, delay=round(delay, 3),
                                       attempt=attempt + 1))
            sleep(delay)
            attempt += 1
