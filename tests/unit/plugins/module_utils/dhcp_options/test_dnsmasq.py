# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""dnsmasq: one drop-in computed from the dhcp-option lines dnsmasq reads; the global scope's negated tag."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import HEADER, ConfigError
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.dnsmasq import render_dnsmasq

from .helpers import config, params, scope

TEXTS = [config("dnsmasq.conf"), config("dnsmasq-lan.conf")]


def lines(**given):
    texts = given.pop("texts", TEXTS)
    dropins, report = render_dnsmasq(params("dnsmasq", **given), texts)
    assert list(dropins) == ["eds-dhcp-options.conf"]
    text = dropins["eds-dhcp-options.conf"]
    assert text.startswith("# %s\n" % HEADER) and text.endswith("\n")
    return text.splitlines()[1:], report


def test_global_scope_uses_a_negated_tag_and_prepends_the_servers_dnsmasq_hands_out():
    out, report = lines(vpn_gateway="192.168.10.254", vpc_cidrs=["172.16.0.0/12"])
    assert out == [
        "dhcp-option=tag:!eds-dhcp-options-unset,option:dns-server,100.100.2.136,100.100.2.138,192.0.2.53",
        "dhcp-option=tag:!eds-dhcp-options-unset,option:classless-static-route,"
        "100.64.0.0/10,192.168.10.254,172.16.0.0/12,192.168.10.254,0.0.0.0/0,192.168.10.1",
    ]
    # the encap:175 option 6 is another option space: not what clients get
    assert report["global"]["existing_dns"] == ["192.0.2.53"]


def test_tag_scope_reads_the_tagged_lines_first_then_the_untagged_ones():
    out, report = lines(scopes=[scope(tag="guest"), scope(tag="lan")], vpn_gateway="192.168.30.254")
    assert out[0] == "dhcp-option=tag:guest,option:dns-server,100.100.2.136,100.100.2.138,192.0.2.77"
    assert out[1].endswith(",0.0.0.0/0,192.168.30.1")  # guest's own router
    assert out[2] == "dhcp-option=tag:lan,option:dns-server,100.100.2.136,100.100.2.138,192.0.2.53"
    assert report["tag lan"]["router"] == "192.168.10.1"


def test_without_option_6_dnsmasq_hands_out_itself_unless_it_serves_no_dns():
    out, _report = lines(texts=[config("dnsmasq.conf")])
    assert out == ["dhcp-option=tag:!eds-dhcp-options-unset,option:dns-server,100.100.2.136,100.100.2.138,0.0.0.0"]
    out, report = lines(texts=["port=0\n" + config("dnsmasq.conf")])
    assert out == ["dhcp-option=tag:!eds-dhcp-options-unset,option:dns-server,100.100.2.136,100.100.2.138"]
    assert report["global"]["existing_dns"] == []


def test_the_line_read_last_wins_and_force_counts():
    texts = ["dhcp-option=6,192.0.2.1\n", "dhcp-option-force=option:dns-server,192.0.2.2  # later\n"]
    out, _report = lines(texts=texts, dns_mode="prepend")
    assert out[0].endswith(",100.100.2.138,192.0.2.2")
    out, _report = lines(texts=texts, dns_mode="replace")
    assert out[0].endswith("option:dns-server,100.100.2.136,100.100.2.138")


def test_option_121_without_a_router_is_refused_naming_the_variable():
    with pytest.raises(ConfigError, match=r"^dhcp_options_scopes: tag wifi: option 121 makes clients ignore"):
        lines(texts=["dhcp-range=set:wifi,10.0.0.10,10.0.0.20\n"], scopes=[scope(tag="wifi")], vpn_gateway="10.0.0.1")
