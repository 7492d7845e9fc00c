# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tag/option diffs, output shaping and masks used by every resource module."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as r


def test_snake_keys_uses_vswitch_spelling():
    out = r.snake_keys({'VSwitchId': 'a', 'DisasterRecoveryVSwitchId': 'b', 'Tags': {'Tag': [{'Key': 'k'}]},
                        'SslVpnInternetIp': 'c'})
    assert out == {'vswitch_id': 'a', 'disaster_recovery_vswitch_id': 'b', 'tags': {'tag': [{'key': 'k'}]},
                   'ssl_vpn_internet_ip': 'c'}


def test_tags_round_trip():
    wire = {'Tag': [{'Key': 'b', 'Value': '2'}, {'Key': 'a', 'Value': ''}]}
    assert r.tags_to_dict(wire) == {'a': '', 'b': '2'}
    assert r.tags_to_list({'b': '2', 'a': ''}) == [{'Key': 'a', 'Value': ''}, {'Key': 'b', 'Value': '2'}]
    assert r.tags_to_dict(None) == {}


def test_compare_tags_purge_and_keep():
    current = {'a': '1', 'b': '2'}
    assert r.compare_tags(current, {'a': '1', 'c': '3'}, purge=True) == ({'c': '3'}, ['b'])
    assert r.compare_tags(current, {'a': '9'}, purge=False) == ({'a': '9'}, [])
    assert r.compare_tags(current, None) == ({}, [])
    assert r.compare_tags(current, {}, purge=True) == ({}, ['a', 'b'])
    assert r.merged_tags(current, {'c': '3'}, purge=False) == {'a': '1', 'b': '2', 'c': '3'}
    assert r.merged_tags(current, {'c': '3'}, purge=True) == {'c': '3'}


def test_changed_options_only_compares_what_the_user_set():
    current = {'name': 'a', 'description': 'x'}
    assert r.changed_options(current, {'name': 'a', 'description': None}) == {}
    assert r.changed_options(current, {'description': 'y'}) == {'description': ('x', 'y')}


def test_diff_masks_secrets():
    diff = r.make_diff({'auth_key': 'old', 'name': 'n'}, {'auth_key': 'new', 'name': 'n'}, ('auth_key',))
    assert 'old' not in str(diff) and 'new' not in str(diff)
    assert diff['before']['name'] == 'n'


def test_matches_tags():
    assert r.matches_tags({'a': '1', 'b': '2'}, {'a': '1'})
    assert r.matches_tags({'a': '1'}, {'a': None})
    assert not r.matches_tags({'a': '1'}, {'a': '2'})
    assert not r.matches_tags({}, {'a': None})


def test_matches_filters_applies_only_the_filters_given():
    gw = {'id': 'vpn-1', 'name': 'dc', 'tags': {'env': 'prod'}}
    assert r.matches_filters(gw, among={'id': None}, equal={'name': None}, tags=None)
    assert r.matches_filters(gw, among={'id': ['vpn-2', 'vpn-1']}, equal={'name': 'dc'}, tags={'env': None})
    assert not r.matches_filters(gw, among={'id': ['vpn-2']})
    assert not r.matches_filters(gw, among={'id': []})
    assert not r.matches_filters(gw, equal={'name': 'other'})
    assert not r.matches_filters(gw, tags={'env': 'dev'})
    assert not r.matches_filters({'id': 'x'}, tags={'env': None})


class _Failed(Exception):
    pass


class _Module(object):
    def fail_json(self, **result):
        raise _Failed(result)


def test_refuse_immutable_names_each_change_and_keeps_the_result():
    changes = {'asn': (65010, 65020), 'name': ('a', 'b'), 'ip_address': ('203.0.113.1', '203.0.113.2')}
    with pytest.raises(_Failed) as failed:
        r.refuse_immutable(_Module(), 'customer gateway', 'cgw-1', changes, ('ip_address', 'asn'), 'delete it', gw={'id': 1})
    result = failed.value.args[0]
    assert result['msg'] == ("customer gateway cgw-1: asn, ip_address cannot be changed after creation (asn is 65010, "
                             "requested 65020; ip_address is '203.0.113.1', requested '203.0.113.2'); delete it")
    assert result['gw'] == {'id': 1}
    r.refuse_immutable(_Module(), 'customer gateway', 'cgw-1', {'name': ('a', 'b')}, ('ip_address', 'asn'), 'delete it')


def test_planned_update_predicts_attributes_and_tag_calls():
    before = {'name': 'a', 'tags': {'keep': '1', 'drop': '2'}}
    current = dict(before, id='vpn-1', status='active')
    after, to_set, to_remove, predicted = r.planned_update(before, current, {'name': ('a', 'b')}, {'keep': '1', 'new': '3'}, True)
    assert after == {'name': 'b', 'tags': {'keep': '1', 'new': '3'}}
    assert (to_set, sorted(to_remove)) == ({'new': '3'}, ['drop'])
    assert predicted == dict(after, id='vpn-1', status='active')
    after, to_set, to_remove, predicted = r.planned_update(before, current, {}, None, True)
    assert (after, to_set, to_remove, predicted) == (before, {}, [], current)
