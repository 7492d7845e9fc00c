# Copyright: contributors to eds.vpc_access
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The targets' calls to the emulator's own API (/_emulator/...), made in the task's worker.

The same request and result as ``ansible.builtin.uri`` with ``body_format: json`` (``status``, ``json``, ``url``;
a status outside ``status_code`` fails the task; skipped in check mode as uri is), without the module process uri
starts for every call: each one cost about half a CPU second, and the targets make hundreds of them
(docs/testing.md, "Where the integration stage's time goes").
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from ansible.plugins.action import ActionBase


def _call(url, method, body, timeout):
    """Returns (status, response text); errors of the connection raise OSError."""
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body).encode('utf-8')
        headers['Content-Type'] = 'application/json'
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    # the emulator is local: a proxy in the environment must not see its calls (scripts/lib.sh)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode('utf-8', 'replace')


class ActionModule(ActionBase):
    """uri's subset that the targets use on the emulator: url, method, body (JSON), status_code, timeout."""

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('url', 'method', 'body', 'body_format', 'status_code', 'timeout'))
    _requires_connection = False
    _supports_check_mode = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        url = args.get('url')
        if not url:
            return dict(result, failed=True, msg='url is required')
        if args.get('body_format', 'json') != 'json':
            return dict(result, failed=True, msg='body_format: only json is supported')
        method = str(args.get('method', 'GET')).upper()
        wanted = args.get('status_code', [200])
        wanted = [int(code) for code in (wanted if isinstance(wanted, list) else [wanted])]
        try:
            status, text = _call(url, method, args.get('body'), float(args.get('timeout', 30)))
        except OSError as error:
            return dict(result, failed=True, status=-1, url=url, msg='Status code was -1 and not %s: %s' % (wanted, error))
        result.update(changed=False, status=status, url=url)
        try:
            result['json'] = json.loads(text)
        except ValueError:
            result['content'] = text
        if status not in wanted:
            result.update(failed=True, msg='Status code was %s and not %s: %s' % (status, wanted, text[:500]))
        return result
