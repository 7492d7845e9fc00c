# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""dhcp_options_edit on real files: check mode and diff, idempotence, absent byte for byte, failures, undo."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import stat

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options import files
from ansible_collections.eds.vpc_access.plugins.modules import dhcp_options_edit

from ..module_utils.dhcp_options.helpers import CLOUD_DNS, config


@pytest.fixture
def kea(tmp_path):
    etc = tmp_path / "etc"
    etc.mkdir()
    main = etc / "kea-dhcp4.conf"
    main.write_text(config("kea-dhcp4.conf"), encoding="utf-8")
    os.chmod(str(main), 0o640)
    (tmp_path / "tmp").mkdir()
    return tmp_path


def run(tmp_path, check_mode=False, **args):
    given = dict(backend="kea", config_file=str(tmp_path / "etc" / "kea-dhcp4.conf"),
                 dropin_dir=str(tmp_path / "etc" / "eds-dhcp-options"), dns_servers=CLOUD_DNS,
                 scopes=[dict(subnet="192.168.10.0/24")], vpn_gateway="192.168.10.254",
                 _ansible_check_mode=check_mode, _ansible_diff=True, _ansible_tmpdir=str(tmp_path / "tmp"))
    given.update(args)
    with patch_module_args(given):
        with pytest.raises(SystemExit):
            dhcp_options_edit.main()


def result(capsys):
    return json.loads(capsys.readouterr().out)


def tree(root):
    """Every file under etc/ with its text and mode."""
    found = {}
    for directory, _dirs, names in os.walk(str(root / "etc")):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8", newline="") as handle:
                found[os.path.relpath(path, str(root))] = (handle.read(), stat.S_IMODE(os.stat(path).st_mode))
    return found


def test_check_mode_reports_the_changes_and_their_diff_and_writes_nothing(kea, capsys):
    before = tree(kea)
    run(kea, check_mode=True)
    out = result(capsys)
    assert out["changed"] is True and tree(kea) == before
    assert [d.get("after_header") for d in out["diff"]] == [
        None, str(kea / "etc" / "eds-dhcp-options" / "subnet_192.168.10.0_24.json"), str(kea / "etc" / "kea-dhcp4.conf")]
    assert out["diff"][0]["after"] == {"path": str(kea / "etc" / "eds-dhcp-options"), "state": "directory"}
    assert '<?include "%s/subnet_192.168.10.0_24.json"?>' % (kea / "etc" / "eds-dhcp-options") in out["diff"][2]["after"]
    assert out["report"]["subnet 192.168.10.0/24"]["dns"] == CLOUD_DNS + ["192.0.2.53"]


def test_apply_then_rerun_changes_nothing_then_absent_gives_back_the_original(kea, capsys):
    original = tree(kea)
    run(kea)
    first = result(capsys)
    assert first["changed"] is True and len(first["written"]) == 2
    written = tree(kea)
    assert written["etc/kea-dhcp4.conf"][1] == 0o640  # the main file keeps its mode
    assert written["etc/eds-dhcp-options/subnet_192.168.10.0_24.json"][1] == 0o644
    assert first["rollback"] == dict(main_path=str(kea / "etc" / "kea-dhcp4.conf"), main_mode="0640",
                                     main_text=original["etc/kea-dhcp4.conf"][0], main_changed=True, dropins={},
                                     added=["subnet_192.168.10.0_24.json"], dir_created=True)
    run(kea)
    again = result(capsys)
    assert again["changed"] is False and again["written"] == [] and again["diff"] == []
    assert tree(kea) == written
    run(kea, state="absent")
    gone = result(capsys)
    assert gone["changed"] is True and gone["removed"] == [str(kea / "etc/eds-dhcp-options/subnet_192.168.10.0_24.json")]
    assert tree(kea) == original and not (kea / "etc" / "eds-dhcp-options").exists()
    run(kea, state="absent")
    assert result(capsys)["changed"] is False


def test_a_changed_scope_list_removes_the_drop_in_of_the_scope_no_longer_listed(kea, capsys):
    run(kea, scopes=[dict(subnet="192.168.10.0/24"), dict(subnet="192.168.20.0/24", router="192.168.20.1")])
    result(capsys)
    run(kea)
    out = result(capsys)
    assert out["removed"] == [str(kea / "etc/eds-dhcp-options/subnet_192.168.20.0_24.json")]
    assert sorted(out["rollback"]["dropins"]) == ["subnet_192.168.10.0_24.json", "subnet_192.168.20.0_24.json"]
    assert "192.168.20.0_24" not in (kea / "etc" / "kea-dhcp4.conf").read_text(encoding="utf-8")


def test_bad_options_fail_before_any_file_is_read(kea, capsys):
    run(kea, config_file=str(kea / "missing.conf"), dns_servers=[], vpn_gateway="192.168.10.999",
        scopes=[dict(tag="lan")])
    out = result(capsys)
    assert out["failed"] is True
    assert out["errors"] == [
        'dhcp_options_scopes: {"tag": "lan"} does not fit the kea backend: Kea takes subnet (and pool), dhcpd takes '
        'subnet, dnsmasq takes tag; every entry names one scope',
        "dhcp_options_dns_servers: give at least one server",
        "dhcp_options_vpn_gateway: Octet 999 (> 255) not permitted in '192.168.10.999'"]
    assert out["msg"] == "; ".join(out["errors"])


def test_a_configuration_the_role_cannot_extend_fails_and_changes_nothing(kea, capsys):
    before = tree(kea)
    run(kea, scopes=[dict(subnet="10.9.9.0/24")])
    out = result(capsys)
    assert out["failed"] is True and out["msg"].startswith("dhcp_options_scopes: subnet 10.9.9.0/24 is not defined in")
    assert tree(kea) == before


def test_a_failed_write_puts_back_what_the_run_changed(kea, capsys, monkeypatch):
    run(kea)
    result(capsys)
    applied = tree(kea)
    real_write = files.Writer.write

    def failing_write(self, path, text):
        if path.endswith("kea-dhcp4.conf") and "192.168.20.0_24" in text:
            raise OSError(28, "No space left on device")
        real_write(self, path, text)

    monkeypatch.setattr(files.Writer, "write", failing_write)
    run(kea, scopes=[dict(subnet="192.168.20.0/24", router="192.168.20.1")])
    out = result(capsys)
    assert out["failed"] is True
    assert out["msg"] == ("cannot write the DHCP server configuration, the files this run changed are back in place: "
                          "[Errno 28] No space left on device")
    assert tree(kea) == applied


def test_dnsmasq_writes_its_one_drop_in_and_leaves_the_conf_dir_in_place(tmp_path, capsys):
    conf_dir = tmp_path / "etc" / "dnsmasq.d"
    conf_dir.mkdir(parents=True)
    (tmp_path / "tmp").mkdir()
    (tmp_path / "etc" / "dnsmasq.conf").write_text(config("dnsmasq.conf"), encoding="utf-8")
    (conf_dir / "lan.conf").write_text(config("dnsmasq-lan.conf"), encoding="utf-8")
    original = tree(tmp_path)
    args = dict(backend="dnsmasq", config_file=str(tmp_path / "etc" / "dnsmasq.conf"), dropin_dir=str(conf_dir),
                scopes=[])
    run(tmp_path, **args)
    out = result(capsys)
    assert out["written"] == [str(conf_dir / "eds-dhcp-options.conf")] and out["rollback"]["main_path"] is None
    run(tmp_path, **args)
    assert result(capsys)["changed"] is False
    run(tmp_path, state="absent", **args)
    assert result(capsys)["removed"] == [str(conf_dir / "eds-dhcp-options.conf")]
    assert tree(tmp_path) == original and conf_dir.is_dir()
