# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lazy SDK import and client construction, one client per service.

Importing ``alibabacloud_vpc20160428.client`` costs ~0.35 s and ~70 MB, so nothing here imports an SDK at module
import time: a module that only talks to ECD never loads the VPC SDK. Measure with
``python -X importtime`` (docs/client_layer.md).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import re

from urllib.parse import urlsplit

# service → (client module, models module, PyPI distribution)
SERVICES = {
    'vpc': ('alibabacloud_vpc20160428.client', 'alibabacloud_vpc20160428.models', 'alibabacloud-vpc20160428'),
    'cbn': ('alibabacloud_cbn20170912.client', 'alibabacloud_cbn20170912.models', 'alibabacloud-cbn20170912'),
    'ecd': ('alibabacloud_ecd20200930.client', 'alibabacloud_ecd20200930.models', 'alibabacloud-ecd20200930'),
    'sts': ('alibabacloud_sts20150401.client', 'alibabacloud_sts20150401.models', 'alibabacloud-sts20150401'),
}
OPENAPI = ('alibabacloud_tea_openapi.models', 'alibabacloud-tea-openapi')
CREDENTIALS = ('alibabacloud_credentials.client', 'alibabacloud_credentials.models', 'alibabacloud-credentials')

CONNECT_TIMEOUT_MS = 5000
READ_TIMEOUT_MS = 30000

_CAMEL_RE = re.compile(r'(?<!^)(?=[A-Z])')


class MissingLibrary(Exception):
    """An SDK package is not installed; ``library`` is the PyPI name for missing_required_lib()."""

    def __init__(self, library, error):
        super(MissingLibrary, self).__init__(library)
        self.library = library
        self.error = error


def import_module(name, library):
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingLibrary(library, exc)


def snake_action(action):
    """DescribeVpnGateways → describe_vpn_gateways (the SDK's method naming)."""
    return _CAMEL_RE.sub('_', action).lower()


def parse_endpoint_url(url):
    """endpoint_url → (endpoint, protocol) for the SDK Config.

    The SDK signs its ``host`` header from Config.endpoint verbatim, so a scheme must never be left in it:
    http://127.0.0.1:PORT → ('127.0.0.1:PORT', 'HTTP'); a bare host[:port] keeps HTTPS.
    """
    if not url:
        return None, None
    if '://' not in url:
        return url.rstrip('/'), 'HTTPS'
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ('http', 'https') or not parts.netloc:
        raise ValueError('endpoint_url must look like http://HOST:PORT or https://HOST, got %r' % url)
    if parts.path not in ('', '/') or parts.query:
        raise ValueError('endpoint_url must not have a path or query, got %r' % url)
    return parts.netloc, scheme.upper()


class ClientFactory(object):
    """Builds (once) and caches one SDK client per service for a module run."""

    def __init__(self, credentials, region, endpoint_url=None, sts_call=None):
        self.credentials = credentials
        self.region = region
        self.endpoint, self.protocol = parse_endpoint_url(endpoint_url)
        self._clients = {}
        self._models = {}
        self._credential_kwargs = None
        # sts_call(credential_kwargs, role) → dict(AccessKeyId, AccessKeySecret, SecurityToken); injected by the
        # base module so that AssumeRole goes through the same retry/error path as every other call.
        self._sts_call = sts_call

    def models(self, service):
        if service not in self._models:
            self._models[service] = import_module(SERVICES[service][1], SERVICES[service][2])
        return self._models[service]

    def request(self, service, action, params):
        """<Action>Request().from_map(params) — wire (PascalCase) names in, SDK model out."""
        models = self.models(service)
        cls = getattr(models, action + 'Request', None)
        if cls is None:
            raise AttributeError('%s has no operation %s' % (SERVICES[service][2], action))
        return cls().from_map(dict(params))

    def client(self, service):
        if service not in self._clients:
            module = import_module(SERVICES[service][0], SERVICES[service][2])
            self._clients[service] = module.Client(self.config(service))
        return self._clients[service]

    def method(self, service, action):
        """The client method of an action. The SDK's names are mostly snake_case of the action, but not always
        (DescribeVSwitches → describe_vswitches), so fall back to comparing names without underscores."""
        client = self.client(service)
        name = snake_action(action)
        if not hasattr(client, name):
            wanted = action.lower()
            matches = [m for m in dir(client) if m.replace('_', '') == wanted]
            if not matches:
                raise AttributeError('%s has no operation %s' % (SERVICES[service][2], action))
            name = matches[0]
        return getattr(client, name)

    def invoke(self, service, action, params):
        """One SDK call, no retry; returns the response body as a wire-named dict."""
        request = self.request(service, action, params)
        response = self.method(service, action)(request)
        body = response.body
        return body.to_map() if body is not None else {}

    def config(self, service, credential_kwargs=None):
        openapi = import_module(*OPENAPI)
        kwargs = dict(credential_kwargs or self.credential_kwargs())
        kwargs.update(region_id=self.region, connect_timeout=CONNECT_TIMEOUT_MS, read_timeout=READ_TIMEOUT_MS,
                      user_agent='eds.vpc_access')
        if self.endpoint:
            kwargs.update(endpoint=self.endpoint, protocol=self.protocol)
        elif service == 'sts':
            kwargs.update(endpoint='sts.aliyuncs.com')
        # retry_options stays unset: the SDK then makes exactly one attempt and our retry loop decides.
        return openapi.Config(**kwargs)

    def credential_kwargs(self):
        if self._credential_kwargs is None:
            creds = self.credentials
            if creds.kind == 'ecs_ram_role':
                cred_client = import_module(CREDENTIALS[0], CREDENTIALS[2])
                cred_models = import_module(CREDENTIALS[1], CREDENTIALS[2])
                kwargs = dict(credential=cred_client.Client(cred_models.Config(type='ecs_ram_role',
                                                                               role_name=creds.role_name)))
            else:
                kwargs = dict(access_key_id=creds.access_key_id, access_key_secret=creds.access_key_secret)
                if creds.security_token:
                    kwargs['security_token'] = creds.security_token
            for role in creds.role_chain:
                kwargs = self._assume(kwargs, role)
            self._credential_kwargs = kwargs
        return self._credential_kwargs

    def _assume(self, kwargs, role):
        body = self._sts_call(kwargs, role)
        temp = body.get('Credentials') or {}
        return dict(access_key_id=temp.get('AccessKeyId'), access_key_secret=temp.get('AccessKeySecret'),
                    security_token=temp.get('SecurityToken'))

    def sts_client(self, credential_kwargs):
        module = import_module(SERVICES['sts'][0], SERVICES['sts'][2])
        return module.Client(self.config('sts', credential_kwargs))

    def assume_role_once(self, credential_kwargs, role):
        """One AssumeRole call with the given (parent) credentials; no retry."""
        params = dict(RoleArn=role['role_arn'], RoleSessionName=role['session_name'],
                      DurationSeconds=role['duration'])
        if role.get('policy'):
            params['Policy'] = role['policy']
        request = self.request('sts', 'AssumeRole', params)
        return self.sts_client(credential_kwargs).assume_role(request).body.to_map()
