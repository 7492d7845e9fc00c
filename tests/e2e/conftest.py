"""pytest fixtures for the network end-to-end tests (root, iproute2 and the daemons installed)."""

import json
import os
import shutil
import subprocess
import tempfile

import pytest

from netns import Lab
from recap import play_recap
from seed_lab.playbooks import collections_path as lab_collections_path
from topology import SeedTopology


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    if os.geteuid() != 0 or not shutil.which("ip"):
        skip = pytest.mark.skip(reason="network namespaces need root and iproute2")
        for item in items:
            item.add_marker(skip)


@pytest.fixture
def lab(tmp_path):
    """A Lab whose namespaces, links and daemons are removed after the test, also when it fails."""
    the_lab = Lab(str(tmp_path / "lab"))
    try:
        yield the_lab
    finally:
        the_lab.cleanup()


@pytest.fixture
def seed_topology(lab):
    """The seed's diagram with a dual-tunnel WAN (see topology.py); extend it with add_lan_host/add_vpc_host."""
    return SeedTopology(lab, dual=True)


@pytest.fixture(scope="session")
def collections_path():
    """An ANSIBLE_COLLECTIONS_PATH on which this checkout is eds.vpc_access."""
    tmp = tempfile.mkdtemp(prefix="eds-e2e-colls-")
    yield lab_collections_path(tmp)
    shutil.rmtree(tmp)


@pytest.fixture
def run_role(tmp_path, collections_path):
    """run_role(role, vars, check=False, env=None, verbosity=0) -> CompletedProcess of ansible-playbook applying eds.vpc_access.<role>
    to localhost (local connection) with `vars` as extra vars; the PLAY RECAP counts are in .stats."""
    def _run(role, variables, check=False, env=None, verbosity=0):
        play = tmp_path / ("play-%s.yml" % role)
        play.write_text("- hosts: localhost\n  connection: local\n  gather_facts: false\n"
                        "  roles:\n    - role: eds.vpc_access.%s\n" % role)
        extra = tmp_path / ("vars-%s.json" % role)
        extra.write_text(json.dumps(variables))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default",
                   ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
                   **dict({"ANSIBLE_PYTHON_INTERPRETER": shutil.which("python3") or "python3"}, **(env or {})))
        cmd = ["ansible-playbook", "-i", "localhost,", str(play), "-e", "@" + str(extra)]
        cmd += (["--check"] if check else []) + (["-" + "v" * verbosity] if verbosity else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
        proc.stats = play_recap(proc.stdout).get("localhost")
        return proc
    return _run
