# -*- coding: utf-8 -*-
"""call_when_ready: DirectoryNotReady is retried within retry_timeout, every other error fails at once."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError
from ansible_collections.eds.vpc_access.plugins.module_utils.office_network.output import access_type
from ansible_collections.eds.vpc_access.plugins.module_utils.office_network.ready import call_when_ready


class Failed(Exception):
    pass


class FakeModule(object):
    """Answers call() from a script of codes (None = success) and records what the caller sees."""

    def __init__(self, codes, retry_timeout=120):
        self.codes = list(codes)
        self.params = dict(retry_timeout=retry_timeout)
        self.retries = []
        self.calls = []

    def call(self, service, action, raise_errors=False, **params):
        assert (service, raise_errors) == ('ecd', True)
        self.calls.append((action, params))
        code = self.codes.pop(0)
        if code:
            raise ApiError(action, code, 'no', request_id='r-%d' % len(self.calls))
        return dict(RequestId='r-%d' % len(self.calls))

    def fail_json(self, **kwargs):
        raise Failed(kwargs)


class Clock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def run(module, clock, action='ModifyOfficeSiteAttribute'):
    return call_when_ready(module, action, sleep=clock.sleep, clock=clock, OfficeSiteId='cn-shanghai+dir-1')


def test_directory_not_ready_is_retried_until_the_write_goes_through():
    module, clock = FakeModule(['DirectoryNotReady', 'DirectoryNotReady', None]), Clock()
    assert run(module, clock, 'AttachCen') == dict(RequestId='r-3')
    assert [r['code'] for r in module.retries] == ['DirectoryNotReady'] * 2
    assert [r['attempt'] for r in module.retries] == [1, 2]
    assert module.calls == [('AttachCen', dict(OfficeSiteId='cn-shanghai+dir-1'))] * 3


def test_other_errors_fail_at_once_with_the_api_error():
    module, clock = FakeModule(['InvalidCenId.NotFound']), Clock()
    with pytest.raises(Failed) as failed:
        run(module, clock)
    assert failed.value.args[0]['error'] == dict(action='ModifyOfficeSiteAttribute', code='InvalidCenId.NotFound',
                                                 request_id='r-1')
    assert module.retries == [] and clock.now == 0


def test_the_retry_budget_bounds_the_wait():
    module, clock = FakeModule(['DirectoryNotReady'] * 100, retry_timeout=10), Clock()
    with pytest.raises(Failed) as failed:
        run(module, clock)
    assert failed.value.args[0]['error']['code'] == 'DirectoryNotReady'
    assert clock.now <= 10 and len(module.calls) == len(module.retries) + 1 > 1


def test_only_office_network_writes():
    with pytest.raises(ValueError):
        run(FakeModule([None]), Clock(), 'DeleteOfficeSites')


@pytest.mark.parametrize('wire,option', [('INTERNET', 'Internet'), ('Internet', 'Internet'), ('ANY', 'Any'),
                                         ('Any', 'Any'), ('vpc', 'VPC'), ('', ''), (None, ''), ('Other', 'Other')])
def test_access_type_spelling(wire, option):
    assert access_type(wire) == option
