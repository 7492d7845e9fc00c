# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Endpoint parsing and action naming (no SDK call)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.clients import parse_endpoint_url, snake_action


@pytest.mark.parametrize('url,expected', [
    ('http://127.0.0.1:8765', ('127.0.0.1:8765', 'HTTP')),
    ('http://127.0.0.1:8765/', ('127.0.0.1:8765', 'HTTP')),
    ('https://vpc-vpc.cn-shanghai.aliyuncs.com', ('vpc-vpc.cn-shanghai.aliyuncs.com', 'HTTPS')),
    ('vpc-vpc.cn-shanghai.aliyuncs.com', ('vpc-vpc.cn-shanghai.aliyuncs.com', 'HTTPS')),
    (None, (None, None)),
])
def test_endpoint_url(url, expected):
    assert parse_endpoint_url(url) == expected


@pytest.mark.parametrize('url', ['ftp://x', 'http://h:1/path', 'http://'])
def test_bad_endpoint_url(url):
    with pytest.raises(ValueError):
        parse_endpoint_url(url)


@pytest.mark.parametrize('action,method', [
    ('DescribeVpnGateways', 'describe_vpn_gateways'),
    ('UnTagResources', 'un_tag_resources'),
    ('DescribeOfficeSites', 'describe_office_sites'),
    ('AssumeRole', 'assume_role'),
])
def test_snake_action(action, method):
    assert snake_action(action) == method
