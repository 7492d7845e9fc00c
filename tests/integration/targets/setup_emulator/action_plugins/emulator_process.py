# Copyright: contributors to eds.vpc_access
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Starts the emulator of the collection under test for a target, or stops it by its PID, from the task's worker.

``state: started`` (``path``, ``python``, ``seed``, ``time_scale``, ``lifetime``): a directory of its own for its
output, the emulator in a session of its own under ``timeout LIFETIME`` (it outlives the task, never the run),
its READY line awaited (60 s), ``/_emulator/health`` checked; returns ``url``, ``pid``, ``dir``.
``state: stopped`` (``pid``, ``dir``): SIGTERM to that PID only (other runs use the same program), waits until the
process is gone (30 s), removes the directory. What setup_emulator did before with six module processes
(tempfile, shell, wait_for, slurp, uri; command, wait_for, file), each about half a CPU second
(docs/testing.md, "Where the integration stage's time goes").
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

from ansible.plugins.action import ActionBase

_READY = re.compile(r'READY (http://127\.0\.0\.1:\d+)')
_PROXY_VARS = ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy')


def _start(args):
    workdir = tempfile.mkdtemp(suffix='-eds-emulator')
    env = {k: v for k, v in os.environ.items() if k not in _PROXY_VARS}
    env['PYTHONPATH'] = args['path']
    argv = ['timeout', str(int(args['lifetime'])), args['python'], '-m', 'eds_emulator', '--port', '0',
            '--seed', str(int(args['seed'])), '--time-scale', str(float(args['time_scale'])),
            '--log-file', os.path.join(workdir, 'requests.log')]
    ready = os.path.join(workdir, 'ready')
    with open(ready, 'wb') as out, open(os.path.join(workdir, 'stderr'), 'wb') as err:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                start_new_session=True)  # pylint: disable=consider-using-with
    deadline = time.monotonic() + 60
    while True:
        with open(ready, encoding='utf-8', errors='replace') as f:
            found = _READY.search(f.read())
        if found:
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            with open(os.path.join(workdir, 'stderr'), encoding='utf-8', errors='replace') as f:
                stderr = f.read()[-2000:]
            if proc.poll() is None:
                proc.kill()
            return dict(failed=True, msg='the emulator did not print its READY line: %s' % stderr, dir=workdir)
        time.sleep(0.1)
    url = found.group(1)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + '/_emulator/health', timeout=30) as response:
        health = json.loads(response.read())
    if health.get('status') != 'ok':
        return dict(failed=True, msg='the emulator is not healthy: %s' % health, pid=proc.pid, dir=workdir)
    return dict(changed=True, url=url, pid=proc.pid, dir=workdir)


def _stop(args):
    result = dict(changed=False)
    pid = args.get('pid')
    if pid:
        pid = int(pid)
        try:
            os.kill(pid, signal.SIGTERM)
            result['changed'] = True
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 30
        while os.path.exists('/proc/%d' % pid):
            if time.monotonic() > deadline:
                return dict(result, failed=True, msg='the emulator (PID %d) is still there after 30 s' % pid)
            time.sleep(0.1)
    if args.get('dir'):
        shutil.rmtree(args['dir'], ignore_errors=True)
    return result


class ActionModule(ActionBase):
    """state: started or stopped (see the module docstring)."""

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('state', 'path', 'python', 'seed', 'time_scale', 'lifetime', 'pid', 'dir'))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        if args.get('state') == 'started':
            result.update(_start(args))
        elif args.get('state') == 'stopped':
            result.update(_stop(args))
        else:
            result.update(failed=True, msg='state must be started or stopped')
        return result
