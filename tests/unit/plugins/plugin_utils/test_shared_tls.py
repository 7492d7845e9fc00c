# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK's HTTP adapters, built once in the controller and inherited by the tasks' workers (docs/benchmarks.md
"P6"): one adapter per (scheme, TLS minimum version, pool size), the defaults built at once."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import types

import pytest

from ansible_collections.eds.vpc_access.plugins.plugin_utils.shared_tls import share_adapters


def fake_core():
    built = []

    class DaraCore:
        @staticmethod
        def get_adapter(prefix, tls_min_version=None, pool_size=None):
            adapter = object()
            built.append((prefix, tls_min_version, pool_size))
            return adapter

    return types.SimpleNamespace(DaraCore=DaraCore, DEFAULT_POOL_MAXSIZE=10), built


def test_the_default_adapters_are_built_once_and_then_shared():
    core, built = fake_core()
    share_adapters(core)
    assert built == [('HTTPS', None, 10), ('HTTP', None, 10)]
    first = core.DaraCore.get_adapter('https', None, pool_size=10)
    assert core.DaraCore.get_adapter('HTTPS', None, pool_size=10) is first
    assert core.DaraCore.get_adapter('http', None, pool_size=10) is not first
    assert len(built) == 2, built   # nothing built again for the default keys


def test_another_tls_version_or_pool_size_gets_its_own_adapter():
    core, built = fake_core()
    share_adapters(core)
    tls12 = core.DaraCore.get_adapter('HTTPS', 'TLSv1.2', pool_size=10)
    assert core.DaraCore.get_adapter('HTTPS', 'TLSv1.2', pool_size=10) is tls12
    assert core.DaraCore.get_adapter('HTTPS', None, pool_size=50) is not tls12
    assert built[2:] == [('HTTPS', 'TLSv1.2', 10), ('HTTPS', None, 50)]


def test_sharing_twice_does_not_wrap_again():
    core, built = fake_core()
    first = share_adapters(core)
    assert share_adapters(core) is first
    assert len(built) == 2


def test_a_darabonba_without_get_adapter_is_left_alone():
    core = types.SimpleNamespace(DaraCore=type('DaraCore', (), {}))
    assert share_adapters(core) is None
    assert not hasattr(core.DaraCore, 'get_adapter')


def test_the_sdk_session_of_a_request_uses_the_shared_adapter(monkeypatch):
    """The real darabonba: the session its first request to an endpoint opens is mounted on the adapter built
    before (no new TLS context), for https and for http."""
    core = pytest.importorskip('darabonba.core')
    monkeypatch.setattr(core.DaraCore, 'get_adapter', core.DaraCore.__dict__['get_adapter'])
    monkeypatch.setattr(core.DaraCore, '_sessions', {})
    shared = share_adapters(core)
    pool = core.DEFAULT_POOL_MAXSIZE
    for scheme in ('https', 'http'):
        session = core.DaraCore._get_session(session_key='%s://example.invalid:443:pool=%d' % (scheme, pool),
                                             protocol=scheme.upper(), tls_min_version=None, verify=True,
                                             pool_size=pool)
        assert session.get_adapter('%s://example.invalid/' % scheme) is shared(scheme.upper(), None, pool)
