# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SDK exception → one readable line: "<Action> failed: <Code>: <Message> (request id <id>)".

Pure (no SDK import). The SDK's own ``str(exc)`` dumps the whole response and, for network errors, the request
URL whose query string carries every parameter (AuthKey, PSKs): never show it. Query strings are cut and the
known secret values are masked.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.eds.vpc_access.plugins.module_utils.client.retries import connection_failure, error_code, is_network_error

MASK = '********'
# "...with url: /?RegionId=cn-x&AuthKey=secret (Caused by ...)" → keep the path only
_QUERY_RE = re.compile(r'\?[^\s\'")]*')
# the SDK formats e.message as "code: 400, <message> request id: <id>"
_SDK_MESSAGE_RE = re.compile(r'^code: \d+, (.*?)(?: request id: \S+)?$', re.S)

# what to check when the endpoint cannot be reached at all (the endpoint is derived from the region when
# endpoint_url is not set: vpc.<region>.aliyuncs.com ...)
ENDPOINT_HINT = 'check endpoint_url (ALICLOUD_ENDPOINT_URL), or the region when endpoint_url is not set'

NOT_FOUND_EXCLUDED = frozenset(('InvalidAccessKeyId.NotFound', 'InvalidRegionId.NotFound', 'InvalidApi.NotFound',
                                'InvalidAction.NotFound'))


class ApiError(Exception):
    """A final API failure, already classified and formatted (no SDK types leak to modules)."""

    def __init__(self, action, code, message, request_id=None, status=None):
        self.action = action
        self.code = code
        self.error_message = message
        self.request_id = request_id
        self.status = status
        super(ApiError, self).__init__(format_message(action, code, message, request_id))

    @property
    def not_found(self):
        return is_not_found(self.code, self.status)


def is_not_found(code, status):
    """Terraform's rule (404 or a code ending in .NotFound), minus codes that mean a wrong request, not absence."""
    if code in NOT_FOUND_EXCLUDED:
        return False
    return status == 404 or bool(code and code.endswith('.NotFound'))


def mask_secrets(text, secrets):
    text = _QUERY_RE.sub('?...', text)
    for secret in sorted((s for s in secrets or () if s and len(str(s)) >= 3), key=len, reverse=True):
        text = text.replace(str(secret), MASK)
    return text


def format_message(action, code, message, request_id=None):
    text = '%s failed: %s: %s' % (action, code or 'Error', (message or '').strip() or 'no message')
    if request_id:
        text += ' (request id %s)' % request_id
    return text


def _exc_message(exc):
    data = getattr(exc, 'data', None)
    if isinstance(data, dict):
        for key in ('Message', 'message'):
            if data.get(key):
                return str(data[key])
    message = getattr(exc, 'message', None)
    if message and message != 'None':
        match = _SDK_MESSAGE_RE.match(str(message))
        return match.group(1) if match else str(message)
    return exc.__class__.__name__


def to_api_error(action, exc, secrets=()):
    """Convert any exception raised by an SDK call into an ApiError with a safe message."""
    if isinstance(exc, ApiError):
        return exc
    failure = connection_failure(exc)
    if failure is not None:
        where = failure['endpoint'] or 'the endpoint'
        if failure['kind'] == 'dns':
            text = 'cannot resolve %s (%s): %s' % (where, failure['reason'], ENDPOINT_HINT)
        else:
            text = 'cannot connect to %s (%s): %s' % (where, failure['reason'], ENDPOINT_HINT)
        return ApiError(action, 'NetworkError', mask_secrets(text, secrets))
    if is_network_error(exc):
        inner = exc.inner_exception
        return ApiError(action, 'NetworkError', mask_secrets(str(getattr(inner, 'message', inner)), secrets))
    code = error_code(exc)
    request_id = getattr(exc, 'request_id', None)
    data = getattr(exc, 'data', None)
    if not request_id and isinstance(data, dict):
        request_id = data.get('RequestId') or data.get('requestId')
    status = getattr(exc, 'status_code', None) or getattr(exc, 'statusCode', None)
    if code is None and getattr(exc, 'inner_exception', None) is not None:
        code, message = 'UnexpectedResponse', str(exc.inner_exception)
    elif code is None:
        code, message = exc.__class__.__name__, str(exc)
    else:
        message = _exc_message(exc)
    return ApiError(action, code, mask_secrets(message, secrets), request_id, status if isinstance(status, int) else None)
