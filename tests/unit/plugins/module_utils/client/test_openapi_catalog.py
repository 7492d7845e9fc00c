# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The generic call_api path against the product SDK clients it replaces.

openapi_catalog.py copies what the product clients know (endpoint rule and map, body parameters); these tests
import the product clients (test requirements: without them these tests fail rather than skip, a drift check
that did not run must not pass) and fail when an SDK upgrade makes the copy wrong. The wire test sends the same
actions through both clients to a local recording HTTP server and compares the requests and the returned dicts.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.server as http_server
import importlib
import inspect
import json
import os
import re
import threading
from urllib import parse

import pytest
from alibabacloud_tea_openapi import utils as openapi_utils
from alibabacloud_tea_openapi import utils_models

from ansible_collections.eds.vpc_access.plugins.module_utils.client import openapi_catalog as catalog
from ansible_collections.eds.vpc_access.plugins.module_utils.client.clients import ClientFactory, service_endpoint
from ansible_collections.eds.vpc_access.plugins.module_utils.client.credentials import Credentials


PACKAGES = {'vpc': 'alibabacloud_vpc20160428', 'cbn': 'alibabacloud_cbn20170912', 'ecd': 'alibabacloud_ecd20200930',
            'sts': 'alibabacloud_sts20150401'}
PLUGINS = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', '..', 'plugins'))
STANDARD_PARAMS = dict(protocol='HTTPS', pathname='/', method='POST', auth_type='AK', style='RPC',
                       req_body_type='formData', body_type='json')
# differ on every request (or with the order of the form fields, which parse_qsl forgets)
VOLATILE_HEADERS = ('x-acs-date', 'x-acs-signature-nonce', 'authorization', 'x-acs-content-sha256', 'content-length')


def product_client(service, region='cn-shanghai', endpoint=None, protocol=None):
    module = importlib.import_module(PACKAGES[service] + '.client')
    return module.Client(utils_models.Config(access_key_id='testid', access_key_secret='testsecret', region_id=region,
                                             endpoint=endpoint, protocol=protocol, user_agent='eds.vpc_access'))


def with_options_sources(service):
    """action → source of the product client's <action>_with_options (the synchronous one)."""
    source = inspect.getsource(importlib.import_module(PACKAGES[service] + '.client'))
    found = {}
    for match in re.finditer(r'\n    def \w+_with_options\(\n(.*?)(?=\n    (?:async )?def |\Z)', source, re.S):
        action = re.search(r"action = '(\w+)'", match.group(1))
        if action:
            found[action.group(1)] = match.group(1)
    return found


def used_operation_names():
    """Every quoted CamelCase word in plugins/ (a superset of the actions the modules call)."""
    names = set()
    for root, _dirs, files in os.walk(PLUGINS):
        for name in files:
            if name.endswith('.py'):
                with open(os.path.join(root, name)) as handle:
                    names.update(re.findall(r'''u?["']([A-Z][a-z]+(?:[A-Z][A-Za-z]*)+)["']''', handle.read()))
    return names


@pytest.mark.parametrize('service', ['vpc', 'cbn', 'ecd'])
def test_endpoint_tables_equal_the_sdk(service):
    client = product_client(service)
    assert client._endpoint_rule == catalog.ENDPOINT_RULES[service]
    assert (client._endpoint_map or {}) == catalog.ENDPOINT_MAPS[service]


@pytest.mark.parametrize('service', ['vpc', 'cbn', 'ecd'])
@pytest.mark.parametrize('region', ['cn-shanghai', 'cn-hangzhou', 'ap-southeast-1', 'cn-edge-1', 'eu-west-1-oxs'])
def test_endpoint_is_the_product_clients(service, region):
    assert service_endpoint(service, region, openapi_utils.Utils.get_endpoint_rules) == product_client(
        service, region)._endpoint


def test_every_used_action_is_plain_rpc_with_known_body_params():
    checked = set()
    for service in PACKAGES:
        sources = with_options_sources(service)
        for action in sorted(used_operation_names() & set(sources)):
            source = sources[action]
            params = dict(re.findall(r"(\w+) = '([^']*)'", source.split('Params(', 1)[1]))
            expected = dict(STANDARD_PARAMS, method=catalog.METHODS.get((service, action), 'POST'))
            assert dict((k, params.get(k)) for k in STANDARD_PARAMS) == expected, (service, action)
            assert params['version'] == catalog.API_VERSIONS[service]
            # *_shrink parameters are serialised to JSON strings by the product client: not done by ClientFactory
            assert 'shrink' not in source, (service, action)
            body = (tuple(re.findall(r"\bbody\['(\w+)'\]", source)), tuple(re.findall(r"\bbody_flat\['(\w+)'\]", source)))
            assert body == catalog.BODY_PARAMS.get((service, action), ((), ())), (service, action)
            checked.add(action)
    # the scan must see the actions the modules call, or it checks nothing
    assert {'DescribeVpnGateways', 'CreateVpnConnection', 'ModifyVpnConnectionAttribute', 'PublishRouteEntries',
            'DescribeOfficeSites', 'AssumeRole', 'DescribeVpnPbrRouteEntries'} <= checked
    assert set(k[1] for k in catalog.BODY_PARAMS) <= checked
    assert set(k[1] for k in catalog.METHODS) <= checked


class Recorder(object):
    """A local HTTP server that records each request and answers with a fixed JSON body."""

    def __init__(self, answer):
        recorder = self
        self.requests = []

        class Handler(http_server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server's naming)
                length = int(self.headers.get('Content-Length') or 0)
                recorder.requests.append(dict(path=self.path, headers=dict((k.lower(), v) for k, v in self.headers.items()),
                                              body=self.rfile.read(length).decode('utf-8')))
                data = json.dumps(answer).encode('utf-8')
                self.send_response(200)
                self.send_header('Content-Type', 'application/json;charset=utf-8')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815  (the product client GETs a few actions, openapi_catalog.METHODS)

            def log_message(self, *args):
                pass

        self.server = http_server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.endpoint = '127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def decoded(request):
    path, _sep, query = request['path'].partition('?')
    return dict(path=path, headers=dict((k, v) for k, v in request['headers'].items() if k not in VOLATILE_HEADERS),
                query=dict(parse.parse_qsl(query, keep_blank_values=True)),
                body=dict(parse.parse_qsl(request['body'], keep_blank_values=True)))


TUNNEL = {'CustomerGatewayId': 'cgw-1', 'Role': 'master', 'EnableDpd': True, 'EnableNatTraversal': False,
          'TunnelIkeConfig': {'IkeVersion': 'ikev2', 'Psk': 'secret-psk', 'IkeLifetime': 86400},
          'TunnelIpsecConfig': {'IpsecPfs': 'group14', 'IpsecLifetime': 3600}}
CASES = [
    ('vpc', 'DescribeVpnGateways', dict(RegionId='cn-shanghai', VpcId='vpc-1', PageNumber=2, PageSize=50,
                                        Tag=[{'Key': 'env', 'Value': 'prod'}], IncludeReservationData=False)),
    ('vpc', 'CreateVpnConnection', dict(RegionId='cn-shanghai', VpnGatewayId='vpn-1', LocalSubnet='10.0.0.0/8',
                                        RemoteSubnet='192.10.0.0/16', ClientToken='eds-1', AutoConfigRoute=True,
                                        IkeConfig='{"IkeVersion": "ikev2"}', EnableTunnelsBgp=False,
                                        Tags=[{'Key': 'a', 'Value': 'b'}],
                                        TunnelOptionsSpecification=[TUNNEL, dict(TUNNEL, Role='slave')])),
    ('vpc', 'ModifyVpnConnectionAttribute', dict(RegionId='cn-shanghai', VpnConnectionId='vco-1', Name='n')),
    ('vpc', 'TagResources', dict(RegionId='cn-shanghai', ResourceType='VPNGATEWAY', ResourceId=['vpn-1', 'vpn-2'],
                                 Tag=[{'Key': 'k', 'Value': 'v'}])),
    ('vpc', 'DescribeVSwitches', dict(RegionId='cn-shanghai', VSwitchId='vsw-1')),
    ('vpc', 'DescribeVpnGatewayAvailableZones', dict(RegionId='cn-shanghai', Spec='10M', GatewayType='Traditional')),
    ('cbn', 'PublishRouteEntries', dict(CenId='cen-1', ChildInstanceId='vpc-1', ChildInstanceRegionId='cn-shanghai',
                                        ChildInstanceType='VPC', ChildInstanceRouteTableId='vtb-1',
                                        DestinationCidrBlock='192.10.0.0/16')),
    ('ecd', 'DescribeOfficeSites', dict(RegionId='cn-shanghai', OfficeSiteId=['cn-shanghai+dir-1'], MaxResults=100)),
    ('ecd', 'ModifyOfficeSiteAttribute', dict(RegionId='cn-shanghai', OfficeSiteId='cn-shanghai+dir-1',
                                              DesktopAccessType='VPC')),
    ('ecd', 'AttachCen', dict(RegionId='cn-shanghai', OfficeSiteId='cn-shanghai+dir-1', CenId='cen-1',
                              CenOwnerId=1234567890123456, VerifyCode='123456')),
    ('sts', 'AssumeRole', dict(RoleArn='acs:ram::1:role/r', RoleSessionName='s', DurationSeconds=3600)),
]
ANSWER = {'RequestId': 'req-1', 'TotalCount': 1, 'PageNumber': None,
          'VpnGateways': {'VpnGateway': [{'VpnGatewayId': 'vpn-1', 'Description': None, 'Tags': {'Tag': []}}]}}


@pytest.fixture
def recorder(monkeypatch):
    for name in ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    server = Recorder(ANSWER)
    yield server
    server.close()


@pytest.mark.parametrize('service,action,params', CASES, ids=[c[1] for c in CASES])
def test_wire_request_and_result_equal_the_product_clients(recorder, service, action, params):
    models = importlib.import_module(PACKAGES[service] + '.models')
    client = product_client(service, endpoint=recorder.endpoint, protocol='HTTP')
    method = [m for m in dir(client) if m.replace('_', '') == action.lower()][0]
    expected = getattr(client, method)(getattr(models, action + 'Request')().from_map(params)).body.to_map()

    factory = ClientFactory(Credentials('access_key', 'test', 'testid', 'testsecret'), 'cn-shanghai',
                            'http://' + recorder.endpoint)
    result = factory.invoke(service, action, params)

    product, generic = [decoded(r) for r in recorder.requests]
    assert generic == product
    assert generic['headers']['x-acs-action'] == action
    if service == 'vpc' and action == 'DescribeVpnGateways':
        # the model keeps the fields it knows and drops nulls; so must the generic path
        assert result == expected
        assert 'PageNumber' not in result and 'Description' not in result['VpnGateways']['VpnGateway'][0]


def test_body_params_travel_in_the_body(recorder):
    factory = ClientFactory(Credentials('access_key', 'test', 'testid', 'testsecret'), 'cn-shanghai',
                            'http://' + recorder.endpoint)
    factory.invoke('vpc', 'CreateVpnConnection', dict(CASES[1][2]))
    sent = decoded(recorder.requests[0])
    assert sent['body']['TunnelOptionsSpecification.2.Role'] == 'slave'
    assert sent['body']['TunnelOptionsSpecification.1.TunnelIkeConfig.Psk'] == 'secret-psk'
    assert not [k for k in sent['query'] if k.startswith('TunnelOptionsSpecification')]
    assert sent['query']['Tags.1.Key'] == 'a'


def test_assume_role_signs_with_the_parent_credentials_and_returns_the_temporary_ones(monkeypatch):
    for name in ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    temporary = {'AccessKeyId': 'STS.id', 'AccessKeySecret': 'sts-secret', 'SecurityToken': 'token', 'Expiration': None}
    server = Recorder({'RequestId': 'req-1', 'Credentials': temporary})
    try:
        factory = ClientFactory(Credentials('access_key', 'test', 'parent-id', 'parent-secret'), 'cn-shanghai',
                                'http://' + server.endpoint)
        body = factory.assume_role_once(dict(access_key_id='parent-id', access_key_secret='parent-secret'),
                                        dict(role_arn='acs:ram::1:role/r', session_name='s', duration=900, policy=None))
    finally:
        server.close()
    assert body['Credentials'] == dict((k, v) for k, v in temporary.items() if v is not None)
    sent = decoded(server.requests[0])
    assert sent['headers']['x-acs-action'] == 'AssumeRole' and sent['headers']['x-acs-version'] == '2015-04-01'
    assert sent['query'] == {'RoleArn': 'acs:ram::1:role/r', 'RoleSessionName': 's', 'DurationSeconds': '900'}
    assert 'Credential=parent-id,' in server.requests[0]['headers']['authorization']


@pytest.mark.parametrize('service,region,endpoint', [
    ('vpc', 'cn-shanghai', 'vpc.cn-shanghai.aliyuncs.com'),
    ('vpc', 'cn-hangzhou', 'vpc.aliyuncs.com'),
    ('cbn', 'cn-shanghai', 'cbn.aliyuncs.com'),
    ('ecd', 'ap-southeast-1', 'ecd.ap-southeast-1.aliyuncs.com'),
    ('sts', 'cn-shanghai', 'sts.aliyuncs.com'),     # the central STS endpoint, as before the generic client
])
def test_config_endpoint_without_endpoint_url(service, region, endpoint):
    factory = ClientFactory(Credentials('access_key', 'test', 'testid', 'testsecret'), region)
    config = factory.config(service)
    assert (config.endpoint, config.protocol) == (endpoint, None)
