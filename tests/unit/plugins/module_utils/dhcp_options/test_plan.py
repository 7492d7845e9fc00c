# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan from real files: which files dnsmasq reads, the main file's mode, a missing or unreadable main file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import ConfigError
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.plan import compute

from .helpers import config, params, scope


def write(path, text, mode=0o644):
    with open(str(path), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.chmod(str(path), mode)


def test_dnsmasq_reads_the_main_file_and_the_conf_dir_as_the_service_does(tmp_path):
    conf_dir = tmp_path / "dnsmasq.d"
    conf_dir.mkdir()
    write(tmp_path / "dnsmasq.conf", config("dnsmasq.conf"))
    write(conf_dir / "lan.conf", "dhcp-option=option:dns-server,192.0.2.53\n")
    write(conf_dir / "zz.conf", "dhcp-option=option:dns-server,192.0.2.54\n")  # read after lan.conf: wins
    # what dnsmasq skips, and the role's own drop-in, are no source of existing options
    write(conf_dir / "lan.conf.dpkg-old", "dhcp-option=option:dns-server,192.0.2.61\n")
    write(conf_dir / ".hidden.conf", "dhcp-option=option:dns-server,192.0.2.62\n")
    write(conf_dir / "eds-dhcp-options.conf", "dhcp-option=option:dns-server,192.0.2.63\n")
    os.symlink(str(conf_dir / "lan.conf.dpkg-old"), str(conf_dir / "link.conf"))
    plan = compute(params("dnsmasq", config_file=str(tmp_path / "dnsmasq.conf"), dropin_dir=str(conf_dir),
                          conf_dir_skip=[r"\.dpkg-(dist|old|new)$"]))
    assert plan.report["global"]["existing_dns"] == ["192.0.2.54"]
    assert plan.main_path is None and not plan.owns_dir
    assert plan.current_dropins == {"eds-dhcp-options.conf": "dhcp-option=option:dns-server,192.0.2.63\n"}
    assert plan.stale_dropins == []


def test_dnsmasq_without_main_file_or_conf_dir_still_plans(tmp_path):
    plan = compute(params("dnsmasq", config_file=str(tmp_path / "none.conf"), dropin_dir=str(tmp_path / "none.d")))
    assert plan.report["global"]["existing_dns"] == ["0.0.0.0"]
    assert not plan.dir_exists and plan.current_dropins == {}


def test_kea_plan_keeps_the_main_files_mode_and_lists_every_drop_in_of_its_directory(tmp_path):
    main, dropin_dir = tmp_path / "kea-dhcp4.conf", tmp_path / "eds-dhcp-options"
    write(main, config("kea-dhcp4.conf"), 0o640)
    dropin_dir.mkdir()
    write(dropin_dir / "subnet_192.168.20.0_24.json", "// an earlier run's scope\n")
    plan = compute(params("kea", config_file=str(main), dropin_dir=str(dropin_dir),
                          scopes=[scope(subnet="192.168.10.0/24")]))
    assert plan.main_mode == "0640" and plan.main_differs
    assert plan.stale_dropins == ["subnet_192.168.20.0_24.json"]
    absent = compute(params("kea", state="absent", config_file=str(main), dropin_dir=str(dropin_dir)))
    assert not absent.main_differs and absent.dropins == {} and absent.report == {}


def test_a_missing_main_file_is_refused_naming_the_variable(tmp_path):
    with pytest.raises(ConfigError) as caught:
        compute(params("dhcpd", config_file=str(tmp_path / "dhcpd.conf"), dropin_dir=str(tmp_path / "d")))
    assert str(caught.value) == ("dhcp_options_config_file: %s does not exist: is the dhcpd server configured on "
                                 "this host?" % (tmp_path / "dhcpd.conf"))


def test_a_main_file_that_is_not_utf8_cannot_be_read(tmp_path):
    (tmp_path / "dhcpd.conf").write_bytes(b"option domain-name \"\xff\";\n")
    with pytest.raises(UnicodeDecodeError):
        compute(params("dhcpd", config_file=str(tmp_path / "dhcpd.conf"), dropin_dir=str(tmp_path / "d")))
