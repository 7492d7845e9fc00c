# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lazy SDK import and one generic OpenAPI client per service.

Every action goes through ``alibabacloud_tea_openapi.client.Client.call_api``, the call the product SDK clients
(``alibabacloud_vpc20160428.client`` ...) make themselves: same signing, same wire request. The product clients
are not imported: ``alibabacloud_vpc20160428.client`` imports all ~1,000 model modules of the VPC API, ~0.6 s
and ~17 MiB per task (docs/benchmarks.md, P4). What they add on top of ``call_api`` (API version, endpoint
choice, parameters sent in the body) is data in openapi_catalog.py. Nothing is imported at module import time.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib

from urllib.parse import urlsplit

from ansible_collections.eds.vpc_access.plugins.module_utils.client.openapi_catalog import (
    API_VERSIONS, BODY_PARAMS, ENDPOINT_MAPS, ENDPOINT_RULES, METHODS, STS_ENDPOINT,
)

OPENAPI_LIBRARY = 'alibabacloud-tea-openapi'
CREDENTIALS = ('alibabacloud_credentials.client', 'alibabacloud_credentials.models', 'alibabacloud-credentials')

CONNECT_TIMEOUT_MS = 5000
READ_TIMEOUT_MS = 30000


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


def service_endpoint(service, region, get_endpoint_rules):
    """The endpoint the product client would choose without an explicit one: its endpoint map, else its rule
    through the SDK's own ``Utils.get_endpoint_rules`` (network and suffix unset, as in our Config)."""
    if service == 'sts':
        return STS_ENDPOINT
    mapped = ENDPOINT_MAPS[service].get(region)
    if mapped:
        return mapped
    return get_endpoint_rules(service, region, ENDPOINT_RULES[service], None, None)


def drop_nulls(value):
    """The product client returned ``<Model>.to_map()``, which leaves out object fields that are null in the JSON."""
    if isinstance(value, dict):
        return dict((k, drop_nulls(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


class ClientFactory(object):
    """Builds (once) and caches one generic OpenAPI client per service for a module run."""

    def __init__(self, credentials, region, endpoint_url=None, sts_call=None):
        self.credentials = credentials
        self.region = region
        self.endpoint, self.protocol = parse_endpoint_url(endpoint_url)
        self._clients = {}
        self._openapi = None
        self._credential_kwargs = None
        # sts_call(credential_kwargs, role) → dict(AccessKeyId, AccessKeySecret, SecurityToken); injected by the
        # base module so that AssumeRole goes through the same retry/error path as every other call.
        self._sts_call = sts_call

    def openapi(self):
        """The four alibabacloud_tea_openapi / darabonba modules used, imported on first need."""
        if self._openapi is None:
            self._openapi = dict(
                client=import_module('alibabacloud_tea_openapi.client', OPENAPI_LIBRARY),
                models=import_module('alibabacloud_tea_openapi.utils_models', OPENAPI_LIBRARY),
                utils=import_module('alibabacloud_tea_openapi.utils', OPENAPI_LIBRARY).Utils,
                runtime=import_module('darabonba.runtime', OPENAPI_LIBRARY),
            )
        return self._openapi

    def request(self, service, action, params):
        """(Params, OpenApiRequest) for one action, built exactly as the product client's ``<action>_with_options``
        builds them: wire (PascalCase) names in, flattened by the SDK's ``Utils.query``."""
        if service not in API_VERSIONS:
            raise ValueError('unknown service %r' % service)
        sdk = self.openapi()
        models, utils = sdk['models'], sdk['utils']
        query = dict(params)
        kwargs = {}
        if (service, action) in BODY_PARAMS:
            plain, flat = BODY_PARAMS[(service, action)]
            body = dict((name, query.pop(name)) for name in plain if query.get(name) is not None)
            body.update(utils.query(dict((name, query.pop(name)) for name in flat if name in query)))
            kwargs['body'] = utils.parse_to_map(body)
        api_params = models.Params(action=action, version=API_VERSIONS[service], protocol='HTTPS', pathname='/',
                                   method=METHODS.get((service, action), 'POST'), auth_type='AK', style='RPC',
                                   req_body_type='formData',
                                   body_type='json')
        return api_params, models.OpenApiRequest(query=utils.query(query), **kwargs)

    def client(self, service):
        if service not in self._clients:
            self._clients[service] = self.openapi()['client'].Client(self.config(service))
        return self._clients[service]

    def invoke(self, service, action, params):
        """One API call, no retry; returns the response body as a wire-named dict."""
        api_params, request = self.request(service, action, params)
        response = self.client(service).call_api(api_params, request, self.openapi()['runtime'].RuntimeOptions())
        body = response.get('body') if isinstance(response, dict) else None
        return drop_nulls(body) if isinstance(body, dict) else {}

    def config(self, service, credential_kwargs=None):
        sdk = self.openapi()
        kwargs = dict(credential_kwargs or self.credential_kwargs())
        kwargs.update(region_id=self.region, connect_timeout=CONNECT_TIMEOUT_MS, read_timeout=READ_TIMEOUT_MS,
                      user_agent='eds.vpc_access')
        if self.endpoint:
            kwargs.update(endpoint=self.endpoint, protocol=self.protocol)
        else:
            kwargs.update(endpoint=service_endpoint(service, self.region, sdk['utils'].get_endpoint_rules))
        # retry_options stays unset: the SDK then makes exactly one attempt and our retry loop decides.
        return sdk['models'].Config(**kwargs)

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

    def assume_role_once(self, credential_kwargs, role):
        """One AssumeRole call with the given (parent) credentials; no retry. A client of its own: each step of a
        role chain signs with the previous step's credentials."""
        params = dict(RoleArn=role['role_arn'], RoleSessionName=role['session_name'],
                      DurationSeconds=role['duration'])
        if role.get('policy'):
            params['Policy'] = role['policy']
        api_params, request = self.request('sts', 'AssumeRole', params)
        client = self.openapi()['client'].Client(self.config('sts', credential_kwargs))
        response = client.call_api(api_params, request, self.openapi()['runtime'].RuntimeOptions())
        return drop_nulls(response.get('body') or {})
