# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kea: the include goes inside the scope's own option-data, after its entries; refused configurations."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import ConfigError
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.kea import render_kea, strip_kea

from .helpers import config, params, scope

DIR = "/etc/kea/eds-dhcp-options"
KEA = config("kea-dhcp4.conf")


def loaded(text, dropins):
    """What kea-dhcp4 reads: our includes replaced by the drop-ins, the admin's dropped, comments removed."""
    for name, body in dropins.items():
        text = text.replace('<?include "%s/%s"?>' % (DIR, name), body)
    text = re.sub(r'<\?include "[^"]*"\?>', "", text)
    text = re.sub(r"(?m)^\s*(#|//).*$", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r",(\s*[}\]])", r"\1", text)  # the admin's include left a trailing comma behind
    return json.loads(text)["Dhcp4"]


def last(option_data, name, code):
    """The entry Kea applies for an option: the last one of the scope."""
    found = [e for e in option_data if e.get("name") == name or e.get("code") == code]
    return found[-1] if found else None


def render(**given):
    return render_kea(params("kea", dropin_dir=DIR, **given), KEA, "/etc/kea/kea-dhcp4.conf")


def test_subnet_gets_cloud_dns_first_then_its_own_after_its_own_entries():
    text, dropins, report = render(scopes=[scope(subnet="192.168.10.0/24")])
    assert list(dropins) == ["subnet_192.168.10.0_24.json"]
    subnet = loaded(text, dropins)["subnet4"][0]
    assert subnet["option-data"][:2] == [{"name": "routers", "data": "192.168.10.1"},
                                         {"name": "domain-name-servers", "data": "192.0.2.53"}]
    assert last(subnet["option-data"], "domain-name-servers", 6)["data"] == "100.100.2.136, 100.100.2.138, 192.0.2.53"
    assert report["subnet 192.168.10.0/24"]["existing_dns"] == ["192.0.2.53"]
    # nothing else of the file changed: the other subnet, the global options
    assert loaded(text, dropins)["subnet4"][1] == loaded(KEA, {})["subnet4"][1]
    assert loaded(text, dropins)["option-data"] == loaded(KEA, {})["option-data"]


def test_option_121_is_sent_by_code_as_rfc3442_bytes_with_the_default_route():
    text, dropins, report = render(scopes=[scope(subnet="192.168.10.0/24")], vpn_gateway="192.168.10.254",
                                   vpc_cidrs=["172.16.0.0/12"])
    entry = last(loaded(text, dropins)["subnet4"][0]["option-data"], None, 121)
    # 100.64.0.0/10 via .254, 172.16.0.0/12 via .254, 0.0.0.0/0 via the subnet's router .1
    assert entry == {"code": 121, "csv-format": False,
                     "data": "0A6440C0A80AFE" "0CAC10C0A80AFE" "00C0A80A01"}
    assert report["subnet 192.168.10.0/24"]["routes"][-1] == {"destination": "0.0.0.0/0", "gateway": "192.168.10.1"}


def test_replace_mode_drops_the_scopes_own_servers():
    text, dropins, _report = render(scopes=[scope(subnet="192.168.10.0/24")], dns_mode="replace")
    subnet = loaded(text, dropins)["subnet4"][0]
    assert last(subnet["option-data"], "domain-name-servers", 6)["data"] == "100.100.2.136, 100.100.2.138"


def test_global_scope_prepends_to_the_global_servers():
    text, dropins, report = render()
    assert list(dropins) == ["global.json"]
    assert last(loaded(text, dropins)["option-data"], "domain-name-servers", 6)["data"] == (
        "100.100.2.136, 100.100.2.138, 192.0.2.1, 192.0.2.2")
    assert report["global"]["existing_dns"] == ["192.0.2.1", "192.0.2.2"]


def test_a_subnet_without_option_data_gets_a_list_and_inherits_the_global_servers():
    text, dropins, _report = render(scopes=[scope(subnet="192.168.20.0/24", router="192.168.20.1")],
                                    vpn_gateway="192.168.20.254")
    subnet = loaded(text, dropins)["subnet4"][1]
    assert subnet["pools"] == [{"pool": "192.168.20.0/25"}]
    assert subnet["option-data"][0]["data"] == "100.100.2.136, 100.100.2.138, 192.0.2.1, 192.0.2.2"
    assert subnet["option-data"][1]["data"].endswith("00C0A81401")  # the router given in the scope


def test_pool_and_shared_network_scopes():
    text, dropins, report = render(scopes=[scope(subnet="192.168.10.0/24", pool="192.168.10.200-192.168.10.220"),
                                           scope(subnet="10.1.0.0/24")], vpn_gateway="10.1.0.254",
                                   vpn_destinations=["100.64.0.0/10", "100.64.1.0/24"])
    conf = loaded(text, dropins)
    pool = conf["subnet4"][0]["pools"][1]
    assert last(pool["option-data"], "domain-name-servers", 6)["data"] == "100.100.2.136, 100.100.2.138, 192.0.2.99"
    branch = conf["shared-networks"][0]["subnet4"][0]
    assert branch["option-data"][0]["data"] == "100.100.2.136, 100.100.2.138, 192.0.2.1, 192.0.2.2"
    # the router comes from the shared network; the pool's router from its subnet
    assert report["subnet 10.1.0.0/24"]["router"] == "10.1.0.1"
    assert report["subnet 192.168.10.0/24 pool 192.168.10.200-192.168.10.220"]["router"] == "192.168.10.1"


def test_stripping_our_lines_gives_back_the_original_byte_for_byte_and_a_rerun_is_identical():
    crlf = KEA.replace("\n", "\r\n")
    request = params("kea", dropin_dir=DIR, scopes=[scope(subnet="192.168.10.0/24"), scope(subnet="192.168.20.0/24")])
    text, dropins, _report = render_kea(request, crlf, "kea.conf")
    assert strip_kea(text, DIR) == crlf
    assert render_kea(request, strip_kea(text, DIR), "kea.conf") == (text, dropins, _report)
    assert strip_kea(text, "/etc/kea/other") == text  # only lines naming our directory are ours


@pytest.mark.parametrize("text, problem", [
    ('{"Dhcp4": {"subnet4": [ ] /* no end', "line 1: cannot parse the Kea configuration (unterminated comment)"),
    ('{\n"Dhcp4": {\n"valid-lifetime": 600\n"subnet4": []}}', "line 4: cannot parse the Kea configuration "
                                                              "(expected ',' or '}')"),
    ('{"Dhcp4": {"option-data": [{"name" "x"}]}}', "(expected ':')"),
    ('{"Dhcp4": {"valid-lifetime": 6.0.0}}', "(bad number '6.0.0')"),
    ('{"Dhcp4": {"option-data": [{"name": "domain\\q"}]}}', '(bad string "domain\\q")'),
    ('{"Dhcp4": {"subnet4": [', "(unexpected end"),
    ('{"Dhcp4": {<?include "/etc/kea/x.json"}}', "(unterminated include)"),
    ('{"Dhcp6": {}}', 'no "Dhcp4" object'),
])
def test_unparseable_or_foreign_configurations_are_refused_with_file_and_line(text, problem):
    with pytest.raises(ConfigError) as caught:
        render_kea(params("kea", dropin_dir=DIR), text, "/etc/kea/kea-dhcp4.conf")
    assert str(caught.value).startswith("/etc/kea/kea-dhcp4.conf")
    assert problem in str(caught.value)


@pytest.mark.parametrize("given, problem", [
    (dict(scopes=[scope(subnet="192.168.99.0/24")]),
     "dhcp_options_scopes: subnet 192.168.99.0/24 is not defined in /etc/kea/kea-dhcp4.conf"),
    (dict(scopes=[scope(subnet="192.168.10.0/24", pool="192.168.10.1-192.168.10.9")]),
     "dhcp_options_scopes: subnet 192.168.10.0/24 pool 192.168.10.1-192.168.10.9 is not defined"),
    (dict(scopes=[scope(subnet="192.168.20.0/24")], vpn_gateway="192.168.20.254"),
     "dhcp_options_scopes: subnet 192.168.20.0/24: option 121 makes clients ignore option 3"),
    (dict(vpn_gateway="192.168.10.254"), "dhcp_options_scopes: global: option 121"),
])
def test_scopes_the_role_cannot_extend_are_refused_naming_the_variable(given, problem):
    with pytest.raises(ConfigError) as caught:
        render(**given)
    assert problem in str(caught.value)


def test_option_data_the_file_does_not_hold_is_refused():
    text = '{"Dhcp4": {"subnet4": [{"subnet": "10.0.0.0/24", "option-data": <?include "/etc/kea/o.json"?>}]}}'
    with pytest.raises(ConfigError, match="the option-data of subnet 10.0.0.0/24 is not a list in this file"):
        render_kea(params("kea", dropin_dir=DIR, scopes=[scope(subnet="10.0.0.0/24")]), text, "k.conf")
