# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AlicloudModule.call/paginate with a fake client factory: ClientToken stability, failure messages, paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import functools
import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.eds.vpc_access.plugins.module_utils.client import retries
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import module as base
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule, client_token
from ansible_collections.eds.vpc_access.plugins.module_utils.client.clients import MissingLibrary
from ansible_collections.eds.vpc_access.plugins.module_utils.client.credentials import Credentials

from ..client.test_retries import FakeApiError

SECRET = 'SK-very-secret-value'
STACK = [None]


class FakeFactory(object):
    def __init__(self, responses):
        self.responses = list(responses)
        self.calls = []
        self.credentials = Credentials('access_key', 'test', 'AK', SECRET)
        self._credential_kwargs = None

    def invoke(self, service, action, params):
        self.calls.append((service, action, dict(params)))
        item = self.responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr(base, 'call_with_retries', functools.partial(retries.call_with_retries, sleep=lambda s: None))


@pytest.fixture(autouse=True)
def module_args():
    """fail_json/exit_json need the patched module profile while they run, not only at construction."""
    stack = contextlib.ExitStack()
    STACK[0] = stack
    yield stack
    stack.close()


def make(responses, **args):
    params = dict(region='cn-shanghai', access_key='AK', secret_key=SECRET)
    params.update(args)
    STACK[0].enter_context(patch_module_args(params))
    module = AlicloudModule(argument_spec=dict(name=dict(type='str')), supports_check_mode=True)
    module._factory = FakeFactory(responses)
    return module


def failure(capsys, func):
    with pytest.raises(SystemExit):
        func()
    return json.loads(capsys.readouterr().out)


def test_client_token_is_deterministic_and_ignores_existing_token():
    one = client_token('CreateVpnGateway', dict(VpcId='vpc-1', Bandwidth=10))
    assert one == client_token('CreateVpnGateway', dict(Bandwidth=10, VpcId='vpc-1', ClientToken='x'))
    assert one != client_token('CreateVpnGateway', dict(VpcId='vpc-2', Bandwidth=10))
    assert one != client_token('CreateVpnGateway', dict(VpcId='vpc-1', Bandwidth=10), salt='vpn-old')
    assert len(one) <= 64 and one.isascii()


def test_same_client_token_on_every_retry_of_a_create(no_sleep):
    module = make([FakeApiError('Throttling'), FakeApiError('ServiceUnavailable', status=503), {'VpnGatewayId': 'vpn-1'}])
    assert module.call('vpc', 'CreateVpnGateway', create=True, VpcId='vpc-1') == {'VpnGatewayId': 'vpn-1'}
    tokens = [params['ClientToken'] for dummy, dummy2, params in module._factory.calls]
    assert len(tokens) == 3 and len(set(tokens)) == 1
    assert module._factory.calls[0][2]['RegionId'] == 'cn-shanghai'
    assert [r['kind'] for r in module.retries] == ['throttling', 'server']


def test_same_client_token_in_a_rerun_of_the_task():
    first = make([{'VpnGatewayId': 'vpn-1'}])
    second = make([{'VpnGatewayId': 'vpn-1'}])
    first.call('vpc', 'CreateVpnGateway', create=True, VpcId='vpc-1', Name='gw')
    second.call('vpc', 'CreateVpnGateway', create=True, Name='gw', VpcId='vpc-1')
    assert first._factory.calls[0][2]['ClientToken'] == second._factory.calls[0][2]['ClientToken']


def test_reads_carry_no_client_token_and_drop_none():
    module = make([{}])
    module.call('vpc', 'DescribeVpnGateways', VpcId=None)
    assert module._factory.calls[0][2] == {'RegionId': 'cn-shanghai'}


def test_final_error_fails_with_action_code_message_request_id(capsys, no_sleep):
    module = make([FakeApiError('InvalidName', message='The name is invalid.')])
    result = failure(capsys, lambda: module.call('vpc', 'ModifyVpnGatewayAttribute', VpnGatewayId='vpn-1'))
    assert result['failed'] is True
    assert result['msg'] == 'ModifyVpnGatewayAttribute failed: InvalidName: The name is invalid. (request id REQ-1)'
    assert 'Traceback' not in json.dumps(result) and 'exception' not in result
    assert len(module._factory.calls) == 1


def test_secret_never_in_failure_output(capsys):
    module = make([FakeApiError('SignatureDoesNotMatch', message='Specified signature %s is not matched' % SECRET)])
    result = failure(capsys, lambda: module.call('vpc', 'DescribeVpnGateways'))
    assert SECRET not in json.dumps(result)


def test_not_found_ok_returns_none():
    module = make([FakeApiError('InvalidVpnGatewayInstanceId.NotFound', status=404)])
    assert module.call('vpc', 'DescribeVpnGateway', not_found_ok=True, VpnGatewayId='vpn-x') is None


def test_raise_errors_gives_the_api_error():
    module = make([FakeApiError('DependencyViolation.VpnConnection')])
    with pytest.raises(base.ApiError) as err:
        module.call('vpc', 'DeleteVpnGateway', raise_errors=True, VpnGatewayId='vpn-1')
    assert err.value.code == 'DependencyViolation.VpnConnection'


def test_missing_sdk_fails_with_missing_required_lib(capsys):
    module = make([MissingLibrary('alibabacloud-vpc20160428', ImportError('x'))])
    result = failure(capsys, lambda: module.call('vpc', 'DescribeVpnGateways'))
    assert 'alibabacloud-vpc20160428' in result['msg'] and 'Failed to import the required Python library' in result['msg']


def page(items, total):
    return {'TotalCount': total, 'VpnGateways': {'VpnGateway': items}}


def test_paginate_page_number_until_total():
    module = make([page([{'i': n} for n in range(50)], 51), page([{'i': 50}], 51)])
    items = module.paginate('vpc', 'DescribeVpnGateways', 'VpnGateways.VpnGateway', VpcId='vpc-1')
    assert len(items) == 51
    assert [c[2]['PageNumber'] for c in module._factory.calls] == [1, 2]
    assert module._factory.calls[0][2]['PageSize'] == 50


def test_paginate_empty_result():
    module = make([{'TotalCount': 0, 'VpnGateways': {'VpnGateway': []}}])
    assert module.paginate('vpc', 'DescribeVpnGateways', 'VpnGateways.VpnGateway') == []


def test_paginate_next_token():
    module = make([{'OfficeSites': [{'i': 1}], 'NextToken': 't2'}, {'OfficeSites': [{'i': 2}], 'NextToken': ''}])
    items = module.paginate('ecd', 'DescribeOfficeSites', 'OfficeSites', MaxResults=100)
    assert items == [{'i': 1}, {'i': 2}]
    assert [c[2].get('NextToken') for c in module._factory.calls] == [None, 't2']


def test_region_missing_fails_clearly(capsys, monkeypatch):
    for var in ('ALICLOUD_REGION', 'ALICLOUD_REGION_ID', 'ALIBABA_CLOUD_REGION_ID'):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv('HOME', '/nonexistent')
    module = make([], region=None)
    result = failure(capsys, lambda: module.region)
    assert result['msg'].startswith('region is required')


def test_wait_for_timeout_names_resource_and_last_status(capsys, monkeypatch):
    module = make([])
    fake_wait = functools.partial(base.wait_for, sleep=lambda s: None, clock=iter([0, 0, 5, 11, 11]).__next__)
    monkeypatch.setattr(base, 'wait_for', fake_wait)
    result = failure(capsys, lambda: module.wait_for(lambda: 'provisioning', lambda s: s == 'active',
                                                     'VPN gateway vpn-1', 10, describe=str))
    assert result['msg'] == 'Timed out after 10s waiting for VPN gateway vpn-1; last status: provisioning'
