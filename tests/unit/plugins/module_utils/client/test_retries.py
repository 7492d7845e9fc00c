# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retry classification, backoff bounds and the time budget, with fake exceptions shaped like the SDK's."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

import socket

from ansible_collections.eds.vpc_access.plugins.module_utils.client.retries import (
    CONNECT_ATTEMPTS, backoff_delay, call_with_retries, classify, connection_failure)


class FakeApiError(Exception):
    """Attributes as alibabacloud_tea_openapi's ClientException/ServerException/ThrottlingException carry them."""

    def __init__(self, code, status=400, message='msg', retry_after=None, name='ClientException'):
        super(FakeApiError, self).__init__(code)
        self.code = code
        self.status_code = status
        self.retry_after = retry_after
        self.name = name
        self.request_id = 'REQ-1'
        self.data = {'Code': code, 'Message': message, 'RequestId': 'REQ-1', 'statusCode': status}
        self.message = 'code: %s, %s request id: REQ-1' % (status, message)


class RetryError(Exception):
    name = 'RetryError'

    def __init__(self, message):
        super(RetryError, self).__init__(message)
        self.message = message


class FakeUnretryable(Exception):
    """darabonba.exceptions.UnretryableException wrapping the network failure."""

    def __init__(self, inner):
        super(FakeUnretryable, self).__init__(str(inner))
        self.inner_exception = inner
        self.code = None
        self.name = 'UnretryableException'


@pytest.mark.parametrize('exc,kind', [
    (FakeApiError('Throttling'), 'throttling'),
    (FakeApiError('Throttling.User'), 'throttling'),
    (FakeApiError('Throttling.Api'), 'throttling'),
    (FakeApiError('Rejected.Throttling'), 'throttling'),
    (FakeApiError('Anything', retry_after=1500, name='ThrottlingException'), 'throttling'),
    (FakeApiError('ServiceUnavailable', status=503, name='ServerException'), 'server'),
    (FakeApiError('InternalError', status=500, name='ServerException'), 'server'),
    (FakeApiError('SomethingNew', status=502, name='ServerException'), 'server'),
    (FakeUnretryable(RetryError("HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded")), 'network'),
    (FakeApiError('UnknownError'), 'server'),
])
def test_transient_errors_are_retried(exc, kind):
    assert classify(exc) == kind
    assert classify(exc, 'CreateVpnConnection') == kind   # for every action


@pytest.mark.parametrize('action,code', [
    ('CreateVpnConnection', 'VpnGateway.Configuring'),
    ('CreateCustomerGateway', 'OperationConflict'),
    ('CreateRouteEntry', 'TaskConflict'),
    ('DeleteRouteEntry', 'SystemBusy'),
    ('CreateRouteEntry', 'IncorrectStatus.RouteTableStatus'),
    ('ModifyRouteEntry', 'LastTokenProcessing'),
    # the VPN API's busy codes (the emulator produces each one: docs/emulator.md "Busy codes")
    ('ModifyVpnConnectionAttribute', 'VpnConnection.Configuring'),
    ('CreateVpnConnection', 'Appliance.Configuring'),
    ('CreateVpnRouteEntry', 'VpnTask.CONFLICT'),
    ('DeleteVpnRouteEntry', 'VpnRouteEntry.Configuring'),
    ('CreateRouteEntry', 'IncorrectRouteEntryStatus'),
    # the transit router attachment's busy codes (docs/vpn_attachment.md)
    ('UpdateTransitRouterVpnAttachmentAttribute', 'IncorrectStatus.Status'),
    ('EnableTransitRouterRouteTablePropagation', 'Operation.Blocking'),
    ('CreateTransitRouterVpnAttachment', 'OperationFailed.AllocateCidrFailed'),
])
def test_busy_codes_are_retried_for_their_actions(action, code):
    assert classify(FakeApiError(code), action) == 'busy'


@pytest.mark.parametrize('action,code', [
    ('CreateCustomerGateway', 'SystemBusy'),            # a VPC route-table code on another product's write
    ('CreateVpnConnection', 'IncorrectStatus'),
    ('CreateRouteEntry', 'VpnGateway.Configuring'),     # a VPN gateway code on a VPC route write
    ('DescribeVpnGateways', 'VpnGateway.Configuring'),  # reads meet no busy code
    (None, 'TaskConflict'),                             # no action: no busy code applies
])
def test_busy_codes_are_final_for_other_actions(action, code):
    assert classify(FakeApiError(code), action) is None


@pytest.mark.parametrize('exc', [
    FakeApiError('InvalidIpAddress.AlreadyExist'),
    FakeApiError('InvalidIpAddress.WrongFormat'),
    FakeApiError('MissingRegionId'),
    FakeApiError('InvalidParameter'),
    FakeApiError('IdempotentParameterMismatch'),
    FakeApiError('InvalidVpnGatewayInstanceId.NotFound', status=404),
    FakeApiError('Forbidden', status=403),
    FakeApiError('SignatureDoesNotMatch'),
    FakeApiError('Resource.QuotaFull'),
    FakeApiError('IncorrectStatus.VpnGateway'),       # wrong state: waited for by the modules, never retried
    FakeApiError('OperationFailed.RouteTableAssociationExist'),
    FakeApiError('InvalidOperation.VpnConnectionAttached'),
    FakeUnretryable(RuntimeError('Failed to parse the value as json format')),
    ValueError('a bug, not an API error'),
])
def test_final_errors_are_not_retried(exc):
    assert classify(exc) is None
    assert classify(exc, 'CreateRouteEntry') is None and classify(exc, 'DeleteVpnGateway') is None


def test_full_jitter_bounds():
    assert backoff_delay(0, base=1, cap=20, rng=lambda: 1.0) == 1
    assert backoff_delay(3, base=1, cap=20, rng=lambda: 1.0) == 8
    assert backoff_delay(10, base=1, cap=20, rng=lambda: 1.0) == 20
    assert backoff_delay(5, base=1, cap=20, rng=lambda: 0.0) == 0
    import random
    rng = random.Random(4)
    for attempt in range(12):
        assert 0 <= backoff_delay(attempt, 1, 20, rng.random) <= min(20, 2 ** attempt)


class Clock(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def failing(errors, result='ok'):
    calls = []

    def func():
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return result
    return func, calls


def test_retries_until_success():
    clock = Clock()
    func, calls = failing([FakeApiError('Throttling'), FakeApiError('VpnGateway.Configuring')])
    assert call_with_retries(func, 60, sleep=clock.sleep, clock=clock, rng=lambda: 0.5,
                             action='DeleteVpnConnection') == 'ok'
    assert len(calls) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_validation_error_raised_at_once():
    clock = Clock()
    err = FakeApiError('InvalidIpAddress.WrongFormat')
    func, calls = failing([err])
    with pytest.raises(FakeApiError) as raised:
        call_with_retries(func, 60, sleep=clock.sleep, clock=clock)
    assert raised.value is err and len(calls) == 1 and clock.sleeps == []


def test_retry_after_header_is_honoured():
    clock = Clock()
    func, dummy = failing([FakeApiError('Throttling', retry_after=1500, name='ThrottlingException')])
    call_with_retries(func, 60, sleep=clock.sleep, clock=clock, rng=lambda: 0.1)
    assert clock.sleeps == [1.5]


def test_budget_bounds_total_time_and_last_error_is_raised():
    clock = Clock()
    errors = [FakeApiError('ServiceUnavailable', status=503) for dummy in range(100)]
    func, calls = failing(errors)
    with pytest.raises(FakeApiError):
        call_with_retries(func, 30, sleep=clock.sleep, clock=clock, rng=lambda: 1.0)
    assert clock.now <= 30
    assert 1 < len(calls) < 100


def test_zero_budget_means_one_attempt():
    clock = Clock()
    func, calls = failing([FakeApiError('Throttling')])
    with pytest.raises(FakeApiError):
        call_with_retries(func, 0, sleep=clock.sleep, clock=clock, rng=lambda: 0.5)
    assert len(calls) == 1


def test_on_retry_is_told_about_each_retry():
    clock = Clock()
    seen = []
    func, dummy = failing([FakeApiError('SystemBusy')])
    call_with_retries(func, 10, on_retry=lambda e, k, d, a: seen.append((k, a)), sleep=clock.sleep, clock=clock,
                      action='CreateRouteEntry')
    assert seen == [('busy', 0)]


def test_a_busy_code_of_another_action_is_raised_at_once():
    clock = Clock()
    err = FakeApiError('SystemBusy')
    func, calls = failing([err])
    with pytest.raises(FakeApiError) as raised:
        call_with_retries(func, 60, sleep=clock.sleep, clock=clock, action='CreateCustomerGateway')
    assert raised.value is err and len(calls) == 1 and clock.sleeps == []


# urllib3 / requests exception classes by name, nested as darabonba raises them: UnretryableException(inner=
# RetryError), whose __context__ is requests' ConnectionError(MaxRetryError(reason=NewConnectionError ...)).
class NewConnectionError(Exception):
    pass


class NameResolutionError(NewConnectionError):
    pass


class ConnectTimeoutError(Exception):
    pass


class MaxRetryError(Exception):
    def __init__(self, url, reason):
        super(MaxRetryError, self).__init__("HTTPConnectionPool(host='%s', port=80): Max retries exceeded with url: "
                                            "%s (Caused by %r)" % ('vpc.xx-nowhere-1.aliyuncs.com', url, reason))
        self.reason = reason


class RequestsConnectionError(Exception):
    pass


def network_failure(low_level):
    """The exception darabonba raises when urllib3 fails with ``low_level``."""
    try:
        try:
            raise RequestsConnectionError(MaxRetryError('/?AccessKeyId=x', low_level))
        except RequestsConnectionError as caught:
            raise RetryError(str(caught))
    except RetryError as retry:
        return FakeUnretryable(retry)


def with_cause(exc, cause):
    exc.__cause__ = cause
    return exc


REFUSED = network_failure(with_cause(NewConnectionError('Failed to establish a new connection: [Errno 111] Connection '
                                                        'refused'), ConnectionRefusedError(111, 'Connection refused')))
UNRESOLVED = network_failure(with_cause(NameResolutionError("Failed to resolve 'vpc.xx-nowhere-1.aliyuncs.com'"),
                                        socket.gaierror(-2, 'Name or service not known')))
RESOLVER_DOWN = network_failure(with_cause(NameResolutionError("Failed to resolve 'vpc.cn-shanghai.aliyuncs.com'"),
                                           socket.gaierror(socket.EAI_AGAIN, 'Temporary failure in name resolution')))
CONNECT_TIMEOUT = network_failure(ConnectTimeoutError('Connection to vpc.x timed out. (connect timeout=5)'))
RESET = network_failure(ConnectionResetError(104, 'Connection reset by peer'))


@pytest.mark.parametrize('exc,kind', [
    (REFUSED, 'connect'),            # nothing listens: a few attempts (a restarting service), not the whole budget
    (CONNECT_TIMEOUT, 'connect'),
    (UNRESOLVED, None),              # a wrong endpoint or region: final at once
    (RESOLVER_DOWN, 'connect'),      # the resolver cannot answer now: a blip, a few attempts
    (RESET, 'network'),              # the request may have reached the API: the whole retry_timeout
])
def test_network_errors_by_whether_the_request_left(exc, kind):
    assert classify(exc) == kind


def test_connection_failure_names_the_endpoint_and_the_reason():
    assert connection_failure(REFUSED) == dict(kind='connect', endpoint='vpc.xx-nowhere-1.aliyuncs.com:80',
                                               reason='connection refused')
    assert connection_failure(UNRESOLVED)['kind'] == 'dns'
    assert connection_failure(RESOLVER_DOWN)['reason'] == 'temporary failure in name resolution'
    assert connection_failure(CONNECT_TIMEOUT)['reason'] == 'connect timed out'
    assert connection_failure(RESET) is None
    assert connection_failure(FakeApiError('Throttling')) is None


def test_connection_failures_stop_after_a_few_attempts_within_a_long_budget():
    clock = Clock()
    func, calls = failing([REFUSED] * 50)
    with pytest.raises(FakeUnretryable):
        call_with_retries(func, 120, sleep=clock.sleep, clock=clock, rng=lambda: 1.0)
    assert len(calls) == CONNECT_ATTEMPTS
    assert clock.now <= 2 ** (CONNECT_ATTEMPTS - 1) * 2   # a few seconds of backoff in all


def test_unresolvable_host_fails_at_once():
    clock = Clock()
    func, calls = failing([UNRESOLVED])
    with pytest.raises(FakeUnretryable):
        call_with_retries(func, 120, sleep=clock.sleep, clock=clock)
    assert len(calls) == 1 and clock.sleeps == []


def test_reset_connections_keep_the_whole_budget():
    clock = Clock()
    func, calls = failing([RESET] * 100)
    with pytest.raises(FakeUnretryable):
        call_with_retries(func, 120, sleep=clock.sleep, clock=clock, rng=lambda: 1.0)
    assert len(calls) > CONNECT_ATTEMPTS and clock.now > 60
