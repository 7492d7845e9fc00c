# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API failures are worth retrying, and how long to wait (pure: no SDK import).

SDK retries stay off (the SDK default); this is the one retry loop. Classification follows the error codes the
API documents and the Terraform provider's retry lists (docs/client_layer.md): throttling, 5xx and network errors
are transient for every action, a "busy" code of a resource that is being configured only for the actions that
meet it (busy_codes.py); everything else (validation, permissions, quota, not found) is final and returned at once.

Network errors are split by whether the request left this host. A name that does not resolve is a wrong
endpoint_url or region, not a blip: final at once (but a resolver that cannot answer now, EAI_AGAIN, is one).
A connection that cannot be opened (refused, unreachable, connect timeout) gets CONNECT_ATTEMPTS attempts, a few
seconds: enough for a service that restarts, not a two minute wait on a closed port. A failure after the
connection was open (reset, dropped, read timeout) may have reached the API and keeps the whole retry_timeout.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random
import re
import socket
import time

from ansible_collections.eds.vpc_access.plugins.module_utils.client.busy_codes import is_busy

DEFAULT_BASE_DELAY = 1.0
DEFAULT_MAX_DELAY = 20.0

THROTTLING_PREFIXES = ('Throttling', 'Rejected.Throttling')
SERVER_CODES = frozenset(('ServiceUnavailable', 'InternalError', 'UnknownError'))
# attempts (not retries) for the 'connect' kind; the other kinds are bounded by the time budget only
CONNECT_ATTEMPTS = 3
# urllib3/requests exception names (matched by name: this module imports no SDK or HTTP library)
DNS_ERRORS = frozenset(('NameResolutionError',))
CONNECT_ERRORS = frozenset(('NewConnectionError', 'ConnectTimeoutError', 'ConnectTimeout'))
_HOST_RE = re.compile(r"host='([^']+)', port=(\d+)")
RETRY_MESSAGE = 'The current status of the resource does not support this operation, please retry again.'


def error_code(exc):
    code = getattr(exc, 'code', None)
    if code in (None, 'None', ''):
        data = getattr(exc, 'data', None)
        if isinstance(data, dict):
            code = data.get('Code') or data.get('code')
    return str(code) if code not in (None, 'None', '') else None


def status_code(exc):
    for attr in ('status_code', 'statusCode'):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    data = getattr(exc, 'data', None)
    if isinstance(data, dict) and isinstance(data.get('statusCode'), int):
        return data['statusCode']
    return None


def is_network_error(exc):
    """darabonba raises UnretryableException with an inner RetryError for refused/reset/timed-out connections."""
    inner = getattr(exc, 'inner_exception', None)
    return inner is not None and (getattr(inner, 'name', None) == 'RetryError' or type(inner).__name__ == 'RetryError')


def exception_chain(exc):
    """exc and every exception it wraps, as darabonba/requests/urllib3 nest them: inner_exception, __cause__,
    __context__, MaxRetryError.reason and exceptions passed as arguments."""
    stack, seen = [exc], set()
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend([getattr(item, 'inner_exception', None), item.__cause__, item.__context__,
                      getattr(item, 'reason', None)])
        stack.extend(arg for arg in item.args if isinstance(arg, BaseException))


def connection_failure(exc):
    """For a network error that happened before the request was sent: dict(kind='dns'|'connect', endpoint=
    'host:port' or None, reason=text). None for every other error (including resets and read timeouts)."""
    if not is_network_error(exc):
        return None
    chain = list(exception_chain(exc))
    names = set(type(item).__name__ for item in chain)
    resolver = [item for item in chain if isinstance(item, socket.gaierror)]
    if any(item.errno == socket.EAI_AGAIN for item in resolver):
        # the resolver could not answer now (not "no such name"): a blip, retried like a refused connection
        kind, reason = 'connect', 'temporary failure in name resolution'
    elif names & DNS_ERRORS or resolver:
        kind, reason = 'dns', 'the host name does not resolve'
    elif names & CONNECT_ERRORS or any(isinstance(item, ConnectionRefusedError) for item in chain):
        kind = 'connect'
        reasons = [item.strerror for item in chain if isinstance(item, OSError) and item.strerror]
        reason = reasons[0].lower() if reasons else (
            'connect timed out' if names & set(('ConnectTimeoutError', 'ConnectTimeout')) else 'connection failed')
    else:
        return None
    endpoint = None
    for item in chain:
        match = _HOST_RE.search(str(item))
        if match:
            endpoint = '%s:%s' % match.groups()
            break
    return dict(kind=kind, endpoint=endpoint, reason=reason)


def is_throttling(exc):
    code = error_code(exc) or ''
    return (getattr(exc, 'retry_after', None) is not None or type(exc).__name__ == 'ThrottlingException'
            or code.startswith(THROTTLING_PREFIXES))


def classify(exc, action=None):
    """Return 'throttling', 'server', 'connect', 'network', 'busy' or None (= do not retry) for an error of
    ``action`` (a busy code is retried only for the actions of busy_codes.BUSY_CODES; none without an action)."""
    if is_network_error(exc):
        failure = connection_failure(exc)
        if failure is None:
            return 'network'
        return None if failure['kind'] == 'dns' else 'connect'
    if is_throttling(exc):
        return 'throttling'
    code = error_code(exc) or ''
    status = status_code(exc)
    if code in SERVER_CODES or (status is not None and status >= 500):
        return 'server'
    if is_busy(action, code):
        return 'busy'
    data = getattr(exc, 'data', None)
    if isinstance(data, dict) and data.get('Message') == RETRY_MESSAGE:
        return 'busy'
    return None


def retry_after_seconds(exc):
    """Delay the service asked for (x-acs-retry-after, milliseconds), in seconds, or None."""
    value = getattr(exc, 'retry_after', None)
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value / 1000.0 if value > 0 else None


def backoff_delay(attempt, base=DEFAULT_BASE_DELAY, cap=DEFAULT_MAX_DELAY, rng=random.random):
    """Full jitter ("Exponential Backoff And Jitter", AWS architecture blog): uniform in [0, min(cap, base*2^n)]."""
    return rng() * min(cap, base * (2 ** attempt))


def call_with_retries(func, budget, on_retry=None, base=DEFAULT_BASE_DELAY, cap=DEFAULT_MAX_DELAY,
                      sleep=time.sleep, clock=time.monotonic, rng=random.random, action=None):
    """Call func() until it succeeds, a final error occurs, or waiting again would exceed ``budget`` seconds
    (or, for connection failures, after CONNECT_ATTEMPTS of them). ``action`` names the API action, for its busy codes.

    The last exception is re-raised unchanged. ``on_retry(exc, kind, delay, attempt)`` is told about every retry.
    """
    deadline = clock() + max(0, budget)
    attempt = 0
    connect_failures = 0
    while True:
        try:
            return func()
        except Exception as exc:  # pylint: disable=broad-except
            kind = classify(exc, action)
            if kind is None:
                raise
            if kind == 'connect':
                connect_failures += 1
                if connect_failures >= CONNECT_ATTEMPTS:
                    raise
            delay = backoff_delay(attempt, base, cap, rng)
            if kind == 'throttling':
                asked = retry_after_seconds(exc)
                if asked is not None:
                    delay = max(delay, asked)
            if clock() + delay > deadline:
                raise
            if on_retry is not None:
                on_retry(exc, kind, delay, attempt)
            sleep(delay)
            attempt += 1
