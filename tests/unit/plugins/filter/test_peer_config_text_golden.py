# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Golden-file tests: every case in cases/ rendered for every vendor, compared exactly with golden/<case>/<vendor>.

golden/<case>/<vendor>.txt holds the expected text; golden/<case>/<vendor>.error the expected error message (the
vendor cannot express that case). To regenerate after an intended change: EDS_REGEN_GOLDEN=1, then review the diff.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.eds.vpc_access.plugins.filter.peer_config_text import peer_config_text
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import VENDORS

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
GOLDEN_DIR = os.path.join(HERE, "golden")
CASES = sorted(f[:-4] for f in os.listdir(CASES_DIR) if f.endswith(".yml"))
REGEN = os.environ.get("EDS_REGEN_GOLDEN") == "1"


def _load(case):
    with open(os.path.join(CASES_DIR, case + ".yml")) as f:
        return yaml.safe_load(f)


def _render(case, vendor):
    data = _load(case)
    try:
        return "txt", peer_config_text(data["peer_config"], vendor, **data["options"])
    except AnsibleFilterError as exc:
        return "error", str(exc) + "\n"


def _diff(expected, actual, name):
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "golden/" + name, "rendered/" + name))


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("case", CASES)
def test_golden(case, vendor):
    kind, actual = _render(case, vendor)
    base = os.path.join(GOLDEN_DIR, case, vendor)
    if REGEN:
        os.makedirs(os.path.dirname(base), exist_ok=True)
        for ext in ("txt", "error"):
            if os.path.exists(base + "." + ext):
                os.remove(base + "." + ext)
        with open(base + "." + kind, "w") as f:
            f.write(actual)
    existing = [ext for ext in ("txt", "error") if os.path.exists(base + "." + ext)]
    assert existing, "no golden file %s.txt or %s.error" % (base, base)
    assert existing == [kind], "%s/%s: expected %s, got %s:\n%s" % (case, vendor, existing[0], kind, actual)
    with open(base + "." + kind) as f:
        expected = f.read()
    assert actual == expected, "\n" + _diff(expected, actual, "%s/%s.%s" % (case, vendor, kind))


def test_every_golden_file_belongs_to_a_case_and_vendor():
    """A stale golden file (renamed case or vendor) would otherwise never be compared again."""
    names = set()
    for case in os.listdir(GOLDEN_DIR):
        for f in os.listdir(os.path.join(GOLDEN_DIR, case)):
            names.add((case, f.rsplit(".", 1)[0]))
    assert names <= set((c, v) for c in CASES for v in VENDORS)
