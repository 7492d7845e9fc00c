# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.readiness import (
    is_being_deleted,
    is_ready,
    wait_connection_ready,
)


@pytest.mark.parametrize("state, ready, leaving", [
    ("active", True, False),
    ("", True, False),            # no State in the answer: never block on it
    ("attached", True, False),    # a value the list does not know is not waited for
    ("provisioning", False, False),
    ("updating", False, False),
    ("init", False, False),
    ("deleting", True, True),
])
def test_states(state, ready, leaving):
    body = {"VpnConnectionId": "vco-1", "State": state}
    assert is_ready(body) is ready
    assert is_being_deleted(body) is leaving


def test_no_connection_is_ready_and_not_being_deleted():
    assert is_ready(None) and not is_being_deleted(None)


class FakeModule(object):
    """Answers DescribeVpnConnection from a script of bodies; wait_for polls without sleeping."""

    def __init__(self, bodies):
        self.bodies = list(bodies)
        self.calls = []

    def call(self, service, action, **params):
        self.calls.append((service, action, params))
        return self.bodies.pop(0)

    def wait_for(self, fetch, until, what, timeout, describe=None):
        while True:
            value = fetch()
            if until(value):
                return value


def test_wait_polls_until_the_connection_is_active():
    module = FakeModule([{"State": "provisioning"}, {"State": "updating"}, {"State": "active"}])
    assert wait_connection_ready(module, "vco-1", 10) == {"State": "active"}
    assert [c[1] for c in module.calls] == ["DescribeVpnConnection"] * 3
    assert module.calls[0][2] == {"VpnConnectionId": "vco-1", "not_found_ok": True}


def test_wait_ends_when_the_connection_is_gone():
    assert wait_connection_ready(FakeModule([{"State": "updating"}, None]), "vco-1", 10) is None
