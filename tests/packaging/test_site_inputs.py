"""The inputs play fills the site playbook's unset inputs with one set_fact listing them by name
(playbooks/plays/inputs.yml): an input the argument spec gives a default but the list forgets would be undefined in
the later plays, and one the spec no longer has would be set for nothing."""
import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def fill_task():
    play = yaml.safe_load((ROOT / "playbooks" / "plays" / "inputs.yml").read_text())[0]
    tasks = [t for t in play["tasks"] if t["name"].startswith("Fill unset inputs with their defaults")]
    assert len(tasks) == 1, [t["name"] for t in play["tasks"]]
    return tasks[0]


# what the same set_fact derives for this site (no input of the spec): its resources' name, its data-center hosts
DERIVED = ("vpc_access_site_name", "vpc_access_site_datacenter_hosts")


def test_every_input_with_a_default_is_filled_from_the_spec():
    spec = yaml.safe_load((ROOT / "playbooks" / "vars" / "site_argument_spec.yml").read_text())
    spec = spec["vpc_access_argument_spec"]
    task = fill_task()
    assert set(DERIVED) <= set(task["ansible.builtin.set_fact"]), DERIVED
    filled = {k: v for k, v in task["ansible.builtin.set_fact"].items() if k not in DERIVED}
    assert list(filled) == [k for k, v in spec.items() if "default" in v]
    for name, value in filled.items():
        # its own value when set, else the spec's default (never a second copy of the default)
        assert value.strip() == "{{ %s | default(vpc_access_argument_spec.%s.default) }}" % (name, name), name
    # vpc_access_psk is one of them: the task's output is hidden
    assert task["no_log"] is True


def documented(path):
    """The vpc_access_* variables a page names in backticks."""
    return set(re.findall(r"`(vpc_access_[a-z0-9_]+)", (ROOT / path).read_text()))


@pytest.mark.parametrize("page", ["README.md", "extensions/awx/job_templates.md"])
def test_every_input_is_documented(page):
    """The README's inputs table and the AWX page (survey, template extra vars, inventory) name every input of the
    spec: an input added to the spec but not to them would be one a user cannot find."""
    spec = yaml.safe_load((ROOT / "playbooks" / "vars" / "site_argument_spec.yml").read_text())
    missing = [name for name in spec["vpc_access_argument_spec"] if name not in documented(page)]
    assert not missing, "%s does not name %s" % (page, ", ".join(missing))
