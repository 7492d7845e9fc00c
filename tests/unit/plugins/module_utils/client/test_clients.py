# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Endpoint parsing and lazy imports (no API call)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.client.clients import parse_endpoint_url


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


def _modules_loaded_after(code):
    """Run code in a fresh interpreter (same sys.path) and return the alibabacloud_* modules it loaded."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    script = code + '\nimport sys\nprint(" ".join(sorted(m for m in sys.modules if m.startswith("alibabacloud_"))))'
    out = subprocess.run([sys.executable, '-c', script], env=env, check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def test_base_imports_no_sdk():
    loaded = _modules_loaded_after('import ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module')
    assert loaded == set()


def test_no_product_sdk_is_imported():
    """Calls go through the generic OpenAPI client: no product SDK (alibabacloud_vpc20160428 ...) is loaded."""
    pytest.importorskip('alibabacloud_tea_openapi.client')
    loaded = _modules_loaded_after(
        'from ansible_collections.eds.vpc_access.plugins.module_utils.client.clients import ClientFactory\n'
        'from ansible_collections.eds.vpc_access.plugins.module_utils.client.credentials import Credentials\n'
        'f = ClientFactory(Credentials("access_key", "t", "AK", "SK"), "cn-shanghai", "http://127.0.0.1:1")\n'
        'f.request("vpc", "DescribeVpnGateways", {"RegionId": "cn-shanghai"}); f.client("vpc")')
    assert 'alibabacloud_tea_openapi.client' in loaded
    assert not [m for m in loaded if m.startswith(('alibabacloud_vpc', 'alibabacloud_cbn', 'alibabacloud_ecd',
                                                   'alibabacloud_sts'))]


def test_missing_openapi_package_names_it():
    """Without alibabacloud-tea-openapi the first call raises MissingLibrary naming the PyPI package."""
    script = (
        'import sys\n'
        'class Block(object):\n'
        '    def find_spec(self, name, path=None, target=None):\n'
        '        if name.split(".")[0] in ("alibabacloud_tea_openapi", "darabonba"):\n'
        '            raise ImportError("blocked " + name)\n'
        'sys.meta_path.insert(0, Block())\n'
        'from ansible_collections.eds.vpc_access.plugins.module_utils.client.clients import ClientFactory, MissingLibrary\n'
        'from ansible_collections.eds.vpc_access.plugins.module_utils.client.credentials import Credentials\n'
        'f = ClientFactory(Credentials("access_key", "t", "AK", "SK"), "cn-shanghai", "http://127.0.0.1:1")\n'
        'try:\n'
        '    f.invoke("vpc", "DescribeVpnGateways", {"RegionId": "cn-shanghai"})\n'
        'except MissingLibrary as exc:\n'
        '    print("missing", exc.library)\n')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, '-c', script], env=env, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ['missing', 'alibabacloud-tea-openapi']
