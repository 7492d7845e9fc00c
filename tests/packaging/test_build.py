"""The collection builds into a tarball that installs, and ansible-doc sees every module from the install."""
import os
import pathlib
import subprocess

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")


def run(*cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    run("ansible-galaxy", "collection", "build", "--output-path", str(out), str(ROOT))
    tarballs = list(out.glob("eds-vpc_access-*.tar.gz"))
    assert len(tarballs) == 1, tarballs
    dest = tmp_path_factory.mktemp("collections")
    # only the installed copy may be visible, not the work tree the tests run from: otherwise the install
    # finds the collection "already installed" and does nothing
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(dest))
    run("ansible-galaxy", "collection", "install", "--offline", "-p", str(dest), str(tarballs[0]), env=env)
    return dest / "ansible_collections" / "eds" / "vpc_access", env


def test_tarball_leaves_out_dev_only_trees(installed):
    path = installed[0]
    assert (path / "galaxy.yml").exists() or (path / "MANIFEST.json").exists()
    for dev_only in ("scripts", "bench", ".ci"):
        assert not (path / dev_only).exists(), dev_only


def test_ansible_doc_lists_every_module(installed):
    env = installed[1]
    listed = run("ansible-doc", "-t", "module", "-l", "eds.vpc_access", env=env).stdout
    names = {line.split()[0] for line in listed.splitlines() if line.strip()}
    assert names == {"eds.vpc_access." + m for m in MODULES}


@pytest.mark.parametrize("module", MODULES)
def test_module_doc_renders(installed, module):
    env = installed[1]
    doc = run("ansible-doc", "-t", "module", "eds.vpc_access." + module, env=env).stdout
    assert "EXAMPLES" in doc and "RETURN VALUES" in doc


def test_action_group_is_exactly_the_cloud_modules():
    """module_defaults: group/eds.vpc_access.alicloud must reach every module that takes the shared auth options."""
    group = set(yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]["alicloud"])
    cloud = {m for m in MODULES if "eds.vpc_access.alicloud" in (ROOT / "plugins" / "modules" / (m + ".py")).read_text()}
    assert cloud <= group, cloud - group
    planned_but_missing = group - set(MODULES)
    # a group entry without its module would silently do nothing for users
    assert not planned_but_missing, planned_but_missing


def test_every_cloud_module_runs_through_the_action_plugin():
    """Each module of the alicloud group has its plugins/action/ file and is preloaded by plugin_utils/cloud_action.py:
    a module missing from either would silently lose the in-worker run (docs/client_layer.md)."""
    group = set(yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]["alicloud"])
    # and the controller modules the site playbook runs once per site (cidr_plan, topology_diagram)
    controller = {"cidr_plan", "topology_diagram"}
    # and the site playbook's own action (no module behind it: plugins/modules/site_inputs.py documents it)
    own = {"site_inputs"}
    actions = {p.stem for p in (ROOT / "plugins" / "action").glob("*.py") if p.stem != "__init__"}
    assert actions == group | controller | own, actions ^ (group | controller | own)
    text = (ROOT / "plugins" / "plugin_utils" / "cloud_action.py").read_text()
    preloaded = text[text.index("CLOUD_MODULES = ("):].split(")", 1)[0]
    # vpn_site has no module code to preload: its action runs the group's modules (plugins/action/vpn_site.py)
    missing = {m for m in group - {"vpn_site"} if "'%s'" % m not in preloaded}
    assert not missing, missing
    preloaded = text[text.index("CONTROLLER_MODULES = ("):].split(")", 1)[0]
    missing = {m for m in controller if "'%s'" % m not in preloaded}
    assert not missing, missing
