# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option checks before any file is read: every problem at once, each naming the role variable."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.inputs import check

from .helpers import params, scope


@pytest.mark.parametrize("backend, entry", [
    ("kea", scope(subnet="10.0.0.0/24", pool="10.0.0.10-10.0.0.20")),
    ("kea", scope(subnet="10.0.0.0/24", router="10.0.0.1")),
    ("dhcpd", scope(subnet="10.0.0.0/24")),
    ("dnsmasq", scope(tag="lan", router="10.0.0.1")),
])
def test_scopes_that_fit_their_backend_pass(backend, entry):
    assert check(params(backend, scopes=[entry], vpn_gateway="10.0.0.254")) == []


@pytest.mark.parametrize("backend, entry", [
    ("kea", scope(tag="lan")),
    ("dhcpd", scope(subnet="10.0.0.0/24", pool="10.0.0.10-10.0.0.20")),
    ("dnsmasq", scope(subnet="10.0.0.0/24")),
    ("kea", scope(pool="10.0.0.10-10.0.0.20")),
    ("kea", scope(router="10.0.0.1")),
])
def test_scopes_that_do_not_fit_are_refused_in_either_state(backend, entry):
    for state in ("present", "absent"):
        errors = check(params(backend, state=state, scopes=[entry]))
        assert len(errors) == 1
        assert errors[0].startswith("dhcp_options_scopes: {")
        assert "does not fit the %s backend" % backend in errors[0]


def test_every_problem_is_reported_at_once():
    errors = check(params("kea", dns_servers=[], vpn_gateway="10.0.0.300", vpc_cidrs=["172.16.0.0/33"],
                          scopes=[scope(subnet="10.0.0.0/40"), scope(subnet="10.0.1.0/24", router="gw"),
                                  scope(tag="lan")]))
    assert [e.split(":")[0] for e in errors] == [
        "dhcp_options_scopes", "dhcp_options_dns_servers", "dhcp_options_scopes", "dhcp_options_vpn_gateway",
        "dhcp_options_vpc_cidrs", "dhcp_options_scopes"]
    assert errors[1] == "dhcp_options_dns_servers: give at least one server"
    assert "10.0.0.0/40" in errors[2] and "10.0.0.300" in errors[3] and "172.16.0.0/33" in errors[4]
    assert errors[5].startswith('dhcp_options_scopes: {"subnet": "10.0.1.0/24", "router": "gw"}: router: ')


def test_option_121_inputs_are_not_read_while_it_is_off_and_absent_needs_no_servers():
    assert check(params("kea", vpc_cidrs=["nonsense"], scopes=[scope(subnet="10.0.0.0/24", router="x")])) == []
    assert check(params("kea", state="absent", dns_servers=[], scopes=[scope(subnet="not a subnet")])) == []
