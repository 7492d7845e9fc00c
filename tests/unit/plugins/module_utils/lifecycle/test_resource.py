# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lifecycle (module_utils/lifecycle/resource.py) on a fake call layer: one small resource that lives on a VPN
gateway, the way routes and connections do, and a cloud that answers like the VPC API (ClientToken replay included).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import waiters
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.resource import Plan, Resource


class Exited(Exception):
    def __init__(self, failed, result):
        super(Exited, self).__init__(result.get('msg'))
        self.failed = failed
        self.result = result


class FakeCloud(object):
    """Widgets by id, a gateway whose status turns `updating` for `busy_reads` reads after each write."""

    def __init__(self, busy_reads=0):
        self.widgets = {}
        self.tokens = {}      # ClientToken → the answer of the create it was first sent with (the API replays it)
        self.calls = []
        self.busy_reads = busy_reads
        self.busy = 0
        self.count = 0

    def call(self, service, action, params):
        self.calls.append((action, dict(params)))
        if action == 'DescribeVpnGateway':
            self.busy = max(0, self.busy - 1)
            return dict(VpnGatewayId='vpn-1', Status='updating' if self.busy else 'active')
        if action == 'DescribeWidget':
            return self.widgets.get(params['WidgetId'])
        assert self.busy == 0, '%s while the gateway is updating (VpnGateway.Configuring)' % action
        self.busy = self.busy_reads
        if action == 'CreateWidget':
            if params['ClientToken'] in self.tokens:
                return self.tokens[params['ClientToken']]
            self.count += 1
            widget_id = 'wdg-%d' % self.count
            self.widgets[widget_id] = dict(WidgetId=widget_id, Name=params['Name'], Size=params['Size'],
                                           Secret=params.get('Secret'))
            self.tokens[params['ClientToken']] = dict(WidgetId=widget_id)
            return dict(WidgetId=widget_id)
        if action == 'ModifyWidget':
            self.widgets[params['WidgetId']]['Name'] = params['Name']
            return {}
        if action == 'DeleteWidget':
            del self.widgets[params['WidgetId']]
            return {}
        raise AssertionError(action)

    def writes(self):
        return [call[0] for call in self.calls if not call[0].startswith('Describe')]


class FakeModule(object):
    """The part of AlicloudModule the lifecycle uses; call() builds tokens with the real client_token()."""

    region = 'cn-hangzhou'

    def __init__(self, cloud, check_mode=False, diff=False, **params):
        self.cloud = cloud
        self.check_mode = check_mode
        self.diff_mode = diff
        self.retries = []
        self.warnings = []
        self.params = dict(state='present', name='w1', size=1, secret=None, wait=True, wait_timeout=5)
        self.params.update(params)

    def call(self, service, action, create=False, not_found_ok=False, raise_errors=False, token_salt=None, **params):
        from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import client_token
        params = dict((k, v) for k, v in params.items() if v is not None)
        if create:
            params['ClientToken'] = client_token(action, params, token_salt)
        body = self.cloud.call(service, action, params)
        if body is None and not not_found_ok:
            raise ApiError(action, 'NotFound', 'not found')
        return body

    def wait_for(self, fetch, until, what, timeout, describe=None):
        try:
            return waiters.wait_for(fetch, until, what, timeout, describe, sleep=lambda s: None)
        except waiters.WaitTimeout as exc:
            self.fail_json(msg=str(exc))

    def warn(self, msg):
        self.warnings.append(msg)

    def fail_json(self, **result):
        raise Exited(True, result)

    def exit_json(self, **result):
        raise Exited(False, result)


class Widget(Resource):
    """A resource on VPN gateway vpn-1: size fixed at creation, name changed in place, secret masked."""

    result_key = 'widget'
    what = 'widget'
    id_key = 'widget_id'
    id_field = 'WidgetId'
    managed_keys = ('name', 'size', 'secret')
    immutable = ('size',)
    secret_keys = ('secret',)

    def problems(self):
        errors = []
        if not self.params['name'].startswith('w'):
            errors.append('name: %r must start with "w"' % self.params['name'])
        if self.params['size'] > 10:
            errors.append('size: at most 10, got %d' % self.params['size'])
        return errors

    def before_write(self):
        self.wait_gateway_active('vpn-1')

    def read(self, ident):
        return self.module.call('vpc', 'DescribeWidget', not_found_ok=True, WidgetId=ident)

    def find(self):
        found = [w for w in self.module.cloud.widgets.values() if w['Name'] == self.params['name']]
        return found[0] if found else None

    def output(self, wire):
        return dict(widget_id=wire['WidgetId'], name=wire['Name'], size=wire['Size'], secret=wire.get('Secret'))

    def desired(self, wire):
        return dict(size=self.params['size'], secret=self.params['secret'])

    def plan_create(self):
        after = dict(name=self.params['name'], size=self.params['size'], secret=self.params['secret'])
        return Plan('create', None, {}, after, dict(after, widget_id=res.CHECK_MODE_ID))

    def create(self, plan):
        request = dict(Name=self.params['name'], Size=self.params['size'], Secret=self.params['secret'])
        return self.create_with_token('CreateWidget', request)['WidgetId']

    def modify(self, plan):
        self.write('ModifyWidget', WidgetId=self.ident(plan.wire), Name=plan.changes['name'][1])

    def delete(self, plan):
        self.write('DeleteWidget', WidgetId=self.ident(plan.wire))

    def wait_done(self, plan, ident):
        self.wait_gateway_active('vpn-1')


def run(cloud, **params):
    with pytest.raises(Exited) as exited:
        Widget(FakeModule(cloud, **params)).run()
    return exited.value


def test_create_returns_the_resource_and_masks_the_secret():
    cloud = FakeCloud()
    done = run(cloud, secret='s3cret')
    assert not done.failed and done.result['changed']
    assert done.result['widget'] == dict(widget_id='wdg-1', name='w1', size=1, secret=res.MASK)
    assert cloud.writes() == ['CreateWidget']
    assert run(cloud, secret='s3cret').result['changed'] is False


def test_create_after_the_same_create_was_deleted_makes_a_new_resource():
    cloud = FakeCloud()
    run(cloud)
    run(cloud, state='absent')
    assert cloud.widgets == {}
    done = run(cloud)
    # the first token replays wdg-1, which is gone: one more create with a salted token, and no third one
    assert done.result['widget']['widget_id'] == 'wdg-2'
    assert cloud.writes() == ['CreateWidget', 'DeleteWidget', 'CreateWidget', 'CreateWidget']
    tokens = [params['ClientToken'] for action, params in cloud.calls if action == 'CreateWidget']
    assert tokens[0] == tokens[1] != tokens[2]


def test_update_refuses_an_immutable_change_without_any_write():
    cloud = FakeCloud()
    run(cloud)
    done = run(cloud, size=2)
    assert done.failed
    assert done.result['msg'] == ('widget wdg-1: size cannot be changed after creation (size is 1, requested 2); '
                                  'delete and re-create it to change it')
    assert done.result['widget']['widget_id'] == 'wdg-1'
    assert cloud.writes() == ['CreateWidget']


class Renamed(Widget):
    def find(self):
        return self.module.cloud.widgets.get('wdg-1')

    def desired(self, wire):
        return dict(name=self.params['name'], size=self.params['size'])


def test_update_changes_in_place_and_check_mode_predicts_it():
    cloud = FakeCloud()
    run(cloud)
    with pytest.raises(Exited) as exited:
        Renamed(FakeModule(cloud, check_mode=True, diff=True, name='w2')).run()
    predicted = exited.value.result
    assert predicted['changed'] and predicted['widget']['name'] == 'w2'
    assert predicted['diff'] == dict(before=dict(name='w1', size=1, secret=None), after=dict(name='w2', size=1, secret=None))
    assert cloud.writes() == ['CreateWidget']
    with pytest.raises(Exited) as exited:
        Renamed(FakeModule(cloud, diff=True, name='w2')).run()
    assert exited.value.result['widget'] == predicted['widget']
    assert exited.value.result['diff'] == predicted['diff']
    assert cloud.writes() == ['CreateWidget', 'ModifyWidget']


def test_check_mode_predicts_a_create_without_any_write():
    cloud = FakeCloud()
    done = run(cloud, check_mode=True, secret='s3cret')
    assert done.result['changed']
    assert done.result['widget'] == dict(widget_id=res.CHECK_MODE_ID, name='w1', size=1, secret=res.MASK)
    assert cloud.calls == []


def test_absent_deletes_once_then_does_nothing():
    cloud = FakeCloud()
    run(cloud)
    assert run(cloud, state='absent', check_mode=True).result['changed']
    assert 'wdg-1' in cloud.widgets
    done = run(cloud, state='absent')
    assert done.result['changed'] and done.result['widget'] == {}
    again = run(cloud, state='absent')
    assert again.result['changed'] is False and again.result['widget'] == {}
    assert cloud.writes() == ['CreateWidget', 'DeleteWidget']


def test_writes_wait_while_the_gateway_is_busy():
    cloud = FakeCloud(busy_reads=3)   # FakeCloud fails any write while the gateway is updating
    run(cloud)
    run(cloud, state='absent')
    run(cloud)
    assert cloud.writes() == ['CreateWidget', 'DeleteWidget', 'CreateWidget', 'CreateWidget']
    assert cloud.busy == 0   # wait=true: the run ends with the gateway active


def test_busy_gateway_times_out_naming_it():
    cloud = FakeCloud()
    cloud.busy = 10 ** 6
    done = run(cloud, wait_timeout=0)
    assert done.failed
    assert done.result['msg'] == 'Timed out after 0s waiting for VPN gateway vpn-1 to become active; last status: updating'


def test_validation_reports_every_problem_at_once_before_any_call():
    cloud = FakeCloud()
    done = run(cloud, name='x', size=11, wait_timeout=-1)
    assert done.failed
    assert done.result['errors'] == ['name: \'x\' must start with "w"', 'size: at most 10, got 11',
                                     'wait_timeout must be 0 or more seconds, got -1']
    assert done.result['msg'] == '; '.join(done.result['errors'])
    assert cloud.calls == []


@pytest.mark.parametrize('diff', [False, True])
def test_diff_only_when_asked(diff):
    done = run(FakeCloud(), diff=diff, secret='s3cret')
    assert ('diff' in done.result) is diff
    if diff:
        assert done.result['diff'] == dict(before={}, after=dict(name='w1', size=1, secret=res.MASK))
