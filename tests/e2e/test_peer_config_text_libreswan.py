# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Libreswan text of eds.vpc_access.peer_config_text passes Libreswan's own checkers.

This kernel has no ESP and Libreswan has no userspace data path, so no tunnel can come up here; what can run
is Libreswan's configuration parser (``addconn --checkconfig``, the parser pluto's ``ipsec addconn`` uses) and
its algorithm parser (``algparse``, which knows what this build of Libreswan supports).
Libreswan conflicts with strongSwan's charon in Debian, so it is not installed: the Debian 12 package is unpacked
into a cache directory (``apt-get download`` + ``dpkg-deb -x``) and its tools run from there.
"""

from __future__ import absolute_import, division, print_function

import glob
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "..", "unit", "plugins", "filter", "cases")
CASES = sorted(os.path.basename(f)[:-4] for f in glob.glob(os.path.join(CASES_DIR, "*.yml")))
CACHE = os.environ.get("EDS_LIBRESWAN_ROOT", "/var/tmp/eds-pct-libreswan")
PACKAGES = ("libreswan", "libldns3", "libevent-pthreads-2.1-7")  # what addconn needs beyond the test host's libraries


def _collection_import():
    """Import the renderer from the collection tree this test file lives in (scripts/test-all copies it there)."""
    root = os.path.abspath(os.path.join(HERE, "..", "..", "..", "..", ".."))
    if os.path.isdir(os.path.join(root, "ansible_collections")) and root not in sys.path:
        sys.path.insert(0, root)
    from ansible_collections.eds.vpc_access.plugins.filter.peer_config_text import peer_config_text
    return peer_config_text


def _run(cmd, env=None, check=False):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                          timeout=120, check=check)


@pytest.fixture(scope="module")
def libreswan():
    """(addconn, algparse, env) from the unpacked Debian package; skipped if apt cannot provide it."""
    tools = os.path.join(CACHE, "root", "usr", "libexec", "ipsec")
    if not os.path.exists(os.path.join(tools, "addconn")):
        if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
            pytest.skip("no apt-get/dpkg-deb to unpack Libreswan")
        debs = os.path.join(CACHE, "debs")
        os.makedirs(debs, exist_ok=True)
        got = subprocess.run(["apt-get", "download"] + list(PACKAGES), cwd=debs, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
        if got.returncode != 0:
            pytest.skip("apt-get download %s failed:\n%s" % (" ".join(PACKAGES), got.stdout))
        for deb in glob.glob(os.path.join(debs, "*.deb")):
            _run(["dpkg-deb", "-x", deb, os.path.join(CACHE, "root")], check=True)
    libdir = os.path.join(CACHE, "root", "usr", "lib", "x86_64-linux-gnu")
    env = dict(os.environ, LD_LIBRARY_PATH=libdir)
    return os.path.join(tools, "addconn"), os.path.join(tools, "algparse"), env


def _render(case):
    peer_config_text = _collection_import()
    with open(os.path.join(CASES_DIR, case + ".yml")) as f:
        data = yaml.safe_load(f)
    return data["peer_config"], peer_config_text(data["peer_config"], "libreswan", **data["options"])


def _check(addconn, env, conf_text, tmp_path):
    conn_file = tmp_path / "conn.conf"
    conn_file.write_text(conf_text)
    main = tmp_path / "ipsec.conf"
    # the rendered text is a drop-in: include it the way /etc/ipsec.conf includes /etc/ipsec.d/*.conf
    main.write_text("config setup\n    logfile=/dev/null\n\ninclude %s\n" % conn_file)
    return _run([addconn, "--verbose", "--config", str(main), "--checkconfig"], env=env)


@pytest.mark.parametrize("case", CASES)
def test_rendered_ipsec_conf_passes_addconn_and_algparse(libreswan, case, tmp_path):
    addconn, algparse, env = libreswan
    peer_config, text = _render(case)

    result = _check(addconn, env, text, tmp_path)
    assert result.returncode == 0, "%s\n---\n%s" % (result.stdout, text)
    names = ["%s-%s" % (peer_config["name"], t["role"]) for t in peer_config["tunnels"]] \
        if len(peer_config["tunnels"]) == 2 else [peer_config["name"]]
    for name in names:
        assert "Loading conn %s" % name in result.stdout, result.stdout

    for conn in text.split("\nconn ")[1:]:
        settings = dict(re.findall(r"^\s+([a-z0-9-]+)=(.*)$", conn, re.M))
        version = "-v2" if settings["ikev2"] == "yes" else "-v1"
        for proto in ("ike", "esp"):
            args = [algparse, version] + (["-pfs=%s" % settings["pfs"]] if proto == "esp" else [])
            parsed = _run(args + ["%s=%s" % (proto, settings[proto])], env=env)
            assert parsed.returncode == 0 and "ERROR" not in parsed.stdout, parsed.stdout


def test_addconn_rejects_a_broken_file(libreswan, tmp_path):
    """The checker really checks: the same text with an unknown keyword fails."""
    addconn, env = libreswan[0], libreswan[2]
    text = _render(CASES[0])[1]
    result = _check(addconn, env, text.replace("    auto=start", "    auto=start\n    no-such-keyword=1", 1), tmp_path)
    assert result.returncode != 0, result.stdout
