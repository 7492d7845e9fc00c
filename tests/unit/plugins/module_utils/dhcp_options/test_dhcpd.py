# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ISC dhcpd: the include is the last statement of the subnet block; option 121 is declared once; refusals."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import ConfigError
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.dhcpd import (
    dhcpd_blocks, dhcpd_option, render_dhcpd, strip_dhcpd)

from .helpers import config, params, scope

DIR = "/etc/dhcp/eds-dhcp-options"
DHCPD = config("dhcpd.conf")


def loaded(text, dropins):
    """What dhcpd reads: every include of ours replaced by its drop-in."""
    for name, body in dropins.items():
        text = text.replace('include "%s/%s";' % (DIR, name), body)
    return text


def subnet_block(text, header):
    top, blocks = dhcpd_blocks(text, "dhcpd.conf")
    return top, [b for b in blocks if b["header"] == header][0]


def render(**given):
    return render_dhcpd(params("dhcpd", dropin_dir=DIR, **given), DHCPD, "/etc/dhcp/dhcpd.conf")


def test_subnet_gets_the_include_as_its_last_statement_and_the_later_option_wins():
    text, dropins, report = render(scopes=[scope(subnet="192.168.10.0/24")])
    assert '  option domain-name-servers 192.0.2.53;\n  include "%s/subnet_192.168.10.0_24.conf";\n}' % DIR in text
    top, block = subnet_block(loaded(text, dropins), ["subnet", "192.168.10.0", "netmask", "255.255.255.0"])
    servers = [s for s in block["statements"] if s[:2] == ["option", "domain-name-servers"]]
    assert servers[-1] == ["option", "domain-name-servers", "100.100.2.136,", "100.100.2.138,", "192.0.2.53"]
    assert report["subnet 192.168.10.0/24"]["existing_dns"] == ["192.0.2.53"]
    assert "definitions.conf" not in dropins  # option 121 is off


def test_option_121_is_declared_before_any_use_when_the_file_has_no_definition():
    text, dropins, _report = render(scopes=[scope(subnet="192.168.10.0/24")], vpn_gateway="192.168.10.254",
                                    vpc_cidrs=["172.16.0.0/12"])
    assert text.startswith('include "%s/definitions.conf";\n# dhcpd.conf\n' % DIR)
    assert dropins["definitions.conf"].endswith(
        "option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;\n")
    _top, block = subnet_block(loaded(text, dropins), ["subnet", "192.168.10.0", "netmask", "255.255.255.0"])
    assert dhcpd_option([block], "rfc3442-classless-static-routes") == (
        "10, 100, 64, 192, 168, 10, 254, 12, 172, 16, 192, 168, 10, 254, 0, 192, 168, 10, 1")


def test_an_admins_own_definition_of_option_121_is_used():
    text = 'option classless-routes code 121 = array of unsigned integer 8;\n' + DHCPD
    request = params("dhcpd", dropin_dir=DIR, scopes=[scope(subnet="192.168.10.0/24")], vpn_gateway="192.168.10.254")
    new, dropins, _report = render_dhcpd(request, text, "dhcpd.conf")
    assert "definitions.conf" not in dropins and "definitions.conf" not in new
    assert "option classless-routes 10, 100, 64, 192, 168, 10, 254, 0, 192, 168, 10, 1;" in (
        dropins["subnet_192.168.10.0_24.conf"])


def test_one_line_block_and_shared_network_router():
    text, dropins, report = render(scopes=[scope(subnet="192.168.20.0/24", router="192.168.20.1"),
                                           scope(subnet="10.1.0.0/24")], vpn_gateway="192.168.20.254",
                                   dns_mode="replace")
    assert '{ range 192.168.20.10 192.168.20.99; include "%s/subnet_192.168.20.0_24.conf"; }' % DIR in text
    assert report["subnet 10.1.0.0/24"]["router"] == "10.1.0.1"  # from the shared-network around it
    assert report["subnet 192.168.20.0/24"]["existing_dns"] == ["192.0.2.1", "192.0.2.2"]  # the global ones
    assert "option domain-name-servers 100.100.2.136, 100.100.2.138;" in dropins["subnet_10.1.0.0_24.conf"]


@pytest.mark.parametrize("ending", ["\n", ""])
def test_global_scope_goes_at_the_end_of_the_file(ending):
    text = DHCPD.rstrip("\n") + ending
    new, dropins, report = render_dhcpd(params("dhcpd", dropin_dir=DIR), text, "dhcpd.conf")
    assert new.endswith("}\n" + 'include "%s/global.conf";' % DIR + ending)
    assert report["global"]["existing_dns"] == ["192.0.2.1", "192.0.2.2"]
    assert strip_dhcpd(new, DIR) == text


def test_stripping_gives_back_the_original_byte_for_byte_and_a_rerun_is_identical():
    request = params("dhcpd", dropin_dir=DIR, scopes=[scope(subnet="192.168.10.0/24"),
                                                      scope(subnet="192.168.20.0/24", router="192.168.20.1")],
                     vpn_gateway="192.168.10.254")
    new, dropins, report = render_dhcpd(request, DHCPD, "dhcpd.conf")
    assert strip_dhcpd(new, DIR) == DHCPD
    assert render_dhcpd(request, strip_dhcpd(new, DIR), "dhcpd.conf") == (new, dropins, report)


@pytest.mark.parametrize("text, problem", [
    ("subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.0.20;\n", "dhcpd.conf: unbalanced '{'"),
    ("option routers 10.0.0.1;\n}\n", "dhcpd.conf: unbalanced '}' at offset 25"),
    ("subnet 10.0.0.0 netmask 255.255.0.255 { }", "dhcpd.conf: "),
])
def test_unbalanced_or_unreadable_configurations_are_refused(text, problem):
    with pytest.raises(ConfigError) as caught:
        render_dhcpd(params("dhcpd", dropin_dir=DIR), text, "dhcpd.conf")
    assert str(caught.value).startswith(problem)


@pytest.mark.parametrize("given, problem", [
    (dict(scopes=[scope(subnet="192.168.99.0/24")]),
     "dhcp_options_scopes: subnet 192.168.99.0/24 is not declared in /etc/dhcp/dhcpd.conf"),
    (dict(scopes=[scope(subnet="192.168.20.0/24")], vpn_gateway="192.168.20.254"),
     "dhcp_options_scopes: subnet 192.168.20.0/24: option 121 makes clients ignore option 3"),
    (dict(scopes=[scope(subnet="192.168.10.0/24", router="gateway")], vpn_gateway="192.168.10.254"),
     "dhcp_options_scopes: subnet 192.168.10.0/24: router: "),
])
def test_scopes_the_role_cannot_extend_are_refused_naming_the_variable(given, problem):
    with pytest.raises(ConfigError) as caught:
        render(**given)
    assert problem in str(caught.value)
