# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared input rules: each rule accepts the good value and rejects the bad one naming the option."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import validation as v


@pytest.mark.parametrize('ip', ['100.64.0.1', '100.127.255.254', '127.0.0.1', '169.254.1.1', '224.0.0.5',
                                '239.255.255.255', '255.1.2.3'])
def test_forbidden_gateway_addresses(ip):
    with pytest.raises(v.ValidationError) as err:
        v.check_gateway_ip(ip, 'ip_address')
    assert err.value.args[0].startswith('ip_address: %s is in ' % ip)


def test_public_connection_needs_public_ip():
    with pytest.raises(v.ValidationError) as err:
        v.check_gateway_ip('192.168.1.1', 'ip_address')
    assert 'private address' in str(err.value)
    assert v.check_gateway_ip('192.168.1.1', 'ip_address', public=False) == '192.168.1.1'
    assert v.check_gateway_ip('115.28.1.154', 'ip_address') == '115.28.1.154'


@pytest.mark.parametrize('bad', ['1.2.3', 'abc', '1.2.3.4/32', '::1'])
def test_malformed_ip(bad):
    with pytest.raises(v.ValidationError, match='not a valid IPv4 address'):
        v.check_gateway_ip(bad, 'ip_address')


@pytest.mark.parametrize('value,expected', [('65000', 65000), (1, 1), ('4294967295', 4294967295),
                                            ('123.456', 8061384), ('0.1', 1), ('65535.65535', 4294967295)])
def test_asn_accepts(value, expected):
    assert v.parse_asn(value) == expected


@pytest.mark.parametrize('value,needle', [('0', 'out of range'), ('4294967296', 'out of range'),
                                          ('45104', '45104'), ('0.45104', '45104'), ('65536.1', 'each part'),
                                          ('as65000', 'not an AS number'), ('1.2.3', 'not an AS number')])
def test_asn_rejects(value, needle):
    with pytest.raises(v.ValidationError) as err:
        v.parse_asn(value)
    assert needle in str(err.value) and str(err.value).startswith('asn')


@pytest.mark.parametrize('value,ok', [('a', True), ('x' * 64, True), ('x' * 65, False), ('', False), ('a b', False),
                                      ('why?', False), (u'\u5bc6\u94a5', False)])
def test_auth_key(value, ok):
    if ok:
        assert v.check_auth_key(value) == value
    else:
        with pytest.raises(v.ValidationError, match='auth_key'):
            v.check_auth_key(value)


def test_cidr_rules():
    assert v.check_cidr('192.168.0.0/16', 'c') == '192.168.0.0/16'
    with pytest.raises(v.ValidationError, match='host bits set; did you mean 192.168.0.0/16'):
        v.check_cidr('192.168.1.0/16', 'c')
    with pytest.raises(v.ValidationError, match='not in CIDR notation'):
        v.check_cidr('192.168.1.0', 'c')
    with pytest.raises(v.ValidationError, match='not a valid IPv4 CIDR'):
        v.check_cidr('192.168.1.0/33', 'c')


def test_psk_and_lifetime():
    assert v.check_psk('Abc!123') == 'Abc!123'
    for bad in ('', 'a b', 'x' * 101):
        with pytest.raises(v.ValidationError, match='psk'):
            v.check_psk(bad)
    assert v.check_lifetime('86400', 'ike_lifetime') == 86400
    for bad in (-1, 86401, 'x'):
        with pytest.raises(v.ValidationError, match='ike_lifetime'):
            v.check_lifetime(bad, 'ike_lifetime')


def test_names():
    assert v.check_gateway_name('gw-1.a_b') == 'gw-1.a_b'
    for bad in ('g', '1gw', 'gw!', 'http://x', 'x' * 101):
        with pytest.raises(v.ValidationError, match='^name'):
            v.check_gateway_name(bad)
    with pytest.raises(v.ValidationError, match='description must not start'):
        v.check_text('https://x', 'description')


def test_tags():
    assert v.check_tags({'env': 'dev', 'empty': None}) == {'env': 'dev', 'empty': ''}
    for bad, needle in (({'aliyun:x': 'v'}, 'must not start'), ({'k': 'acs:v'}, 'must not start'),
                        ({'k': 'see http://x'}, 'http'), ({'': 'v'}, '1 to 64'), ({'k': 'x' * 129}, '128'),
                        (dict(('k%d' % i, 'v') for i in range(21)), 'at most 20')):
        with pytest.raises(v.ValidationError, match='^tags'):
            v.check_tags(bad)
        assert needle in str(pytest.raises(v.ValidationError, v.check_tags, bad).value)


def test_collect_reports_every_error():
    errors = v.collect([(v.parse_asn, '45104'), (v.check_auth_key, 'a b'), (v.check_psk, 'ok')])
    assert len(errors) == 2
