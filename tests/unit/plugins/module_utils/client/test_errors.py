# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Error message format "<Action> failed: <Code>: <Message> (request id <id>)" and secret masking."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError, is_not_found, to_api_error

from .test_retries import REFUSED, UNRESOLVED, FakeApiError, FakeUnretryable, RetryError


def test_api_error_format():
    exc = FakeApiError('InvalidIpAddress.AlreadyExist', message='The IP address already exists.')
    err = to_api_error('CreateCustomerGateway', exc)
    assert str(err) == ('CreateCustomerGateway failed: InvalidIpAddress.AlreadyExist: The IP address already exists. '
                        '(request id REQ-1)')
    assert (err.code, err.request_id, err.status) == ('InvalidIpAddress.AlreadyExist', 'REQ-1', 400)


def test_sdk_formatted_message_is_unwrapped_when_body_has_no_message():
    exc = FakeApiError('Forbidden', status=403, message='You are not authorized.')
    exc.data = {'statusCode': 403}
    assert str(to_api_error('DeleteVpnGateway', exc)).startswith(
        'DeleteVpnGateway failed: Forbidden: You are not authorized. (request id REQ-1)')


def test_network_error_hides_the_query_string_with_parameters():
    inner = RetryError("HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: "
                       "/?AuthKey=bgp-secret-key&IpAddress=1.2.3.4&RegionId=cn-shanghai (Caused by NewConnectionError)")
    err = to_api_error('CreateCustomerGateway', FakeUnretryable(inner))
    assert str(err).startswith('CreateCustomerGateway failed: NetworkError: ')
    assert 'bgp-secret-key' not in str(err)
    assert '127.0.0.1' in str(err)


@pytest.mark.parametrize('exc,start', [
    (REFUSED, 'DescribeVpnGateways failed: NetworkError: cannot connect to vpc.xx-nowhere-1.aliyuncs.com:80 '
              '(connection refused): check endpoint_url'),
    (UNRESOLVED, 'DescribeVpnGateways failed: NetworkError: cannot resolve vpc.xx-nowhere-1.aliyuncs.com:80 '
                 '(the host name does not resolve): check endpoint_url'),
])
def test_unreachable_endpoint_says_what_to_check(exc, start):
    err = to_api_error('DescribeVpnGateways', exc)
    assert str(err).startswith(start)
    assert 'or the region when endpoint_url is not set' in str(err)
    assert 'AccessKeyId' not in str(err)


@pytest.mark.parametrize('text', [
    'PSK psk-Secret-123 rejected',
    'Response: {"AccessKeySecret": "SK-SECRET-1"}',
])
def test_known_secrets_are_masked(text):
    exc = FakeApiError('InvalidParameter', message=text)
    err = to_api_error('CreateVpnConnection', exc, secrets=['psk-Secret-123', 'SK-SECRET-1'])
    assert 'psk-Secret-123' not in str(err) and 'SK-SECRET-1' not in str(err)
    assert '********' in str(err)


def test_unexpected_exception_becomes_message_not_traceback():
    err = to_api_error('DescribeVpnGateways', RuntimeError('boom SK-SECRET-1'), secrets=['SK-SECRET-1'])
    assert str(err) == 'DescribeVpnGateways failed: RuntimeError: boom ********'


def test_unparseable_response():
    err = to_api_error('DescribeVpnGateways', FakeUnretryable(RuntimeError('Failed to parse the value as json format')))
    assert err.code == 'UnexpectedResponse'


@pytest.mark.parametrize('code,status,expected', [
    ('InvalidVpnGatewayInstanceId.NotFound', 404, True),
    ('InvalidCustomerGatewayInstanceId.NotFound', 400, True),
    ('Whatever', 404, True),
    ('InvalidAccessKeyId.NotFound', 404, False),
    ('InvalidRegionId.NotFound', 400, False),
    ('InvalidIpAddress.AlreadyExist', 400, False),
])
def test_not_found_rule(code, status, expected):
    assert is_not_found(code, status) is expected
    assert ApiError('X', code, 'm', status=status).not_found is expected
