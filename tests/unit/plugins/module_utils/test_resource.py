# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tag/option diffs, output shaping and masks used by every resource module."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils import resource as r


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
