# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API failures are worth retrying, and how long to wait (pure: no SDK import).

SDK retries stay off (the SDK default); this is the one retry loop. Classification follows
alibaba-api.md §4 and the Terraform provider's lists: throttling, 5xx, network errors and the "busy" codes of a
resource that is being configured are transient; everything else (validation, permissions, quota, not found)
is final and returned at once.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random
import time

DEFAULT_BASE_DELAY = 1.0
DEFAULT_MAX_DELAY = 20.0

THROTTLING_PREFIXES = ('Throttling', 'Rejected.Throttling')
SERVER_CODES = frozenset(('ServiceUnavailable', 'InternalError', 'UnknownError'))
BUSY_CODES = frozenset((
    'SystemBusy', 'OperationConflict', 'TaskConflict', 'LastTokenProcessing', 'OperationFailed.DistibuteLock',
    'IncorrectRouteEntryStatus', 'IncorrectVpcStatus', 'IncorrectVSwitchStatus', 'InvalidOperation.ChildInstanceStatus',
    'Operation.Blocking', 'VpnGateway.Configuring', 'VpnConnection.Configuring', 'Appliance.Configuring',
    'VpnTask.CONFLICT',
))
# IncorrectStatus.* is the route-table family of busy codes; IncorrectStatus.VpnGateway means "wrong state for
# this operation" (e.g. deleting) and is handled by the modules' waiters instead of a blind retry.
BUSY_PREFIXES = ('IncorrectStatus.',)
NOT_BUSY = frozenset(('IncorrectStatus.VpnGateway',))
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


def is_throttling(exc):
    code = error_code(exc) or ''
    return (getattr(exc, 'retry_after', None) is not None or type(exc).__name__ == 'ThrottlingException'
            or code.startswith(THROTTLING_PREFIXES))


def classify(exc):
    """Return 'throttling', 'server', 'network', 'busy' or None (= do not retry)."""
    if is_network_error(exc):
        return 'network'
    if is_throttling(exc):
        return 'throttling'
    code = error_code(exc) or ''
    status = status_code(exc)
    if code in SERVER_CODES or (status is not None and status >= 500):
        return 'server'
    if code in BUSY_CODES or (code.startswith(BUSY_PREFIXES) and code not in NOT_BUSY):
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
                      sleep=time.sleep, clock=time.monotonic, rng=random.random):
    """Call func() until it succeeds, a final error occurs, or waiting again would exceed ``budget`` seconds.

    The last exception is re-raised unchanged. ``on_retry(exc, kind, delay, attempt)`` is told about every retry.
    """
    deadline = clock() + max(0, budget)
    attempt = 0
    while True:
        try:
            return func()
        except Exception as exc:  # pylint: disable=broad-except
            kind = classify(exc)
            if kind is None:
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
