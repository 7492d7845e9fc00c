"""Bad input fails with a message naming the option, without a traceback, and without a single write call.

One playbook holds the whole corpus (bad_input_cases.py): one task per module case (ignore_errors), one
block/rescue per role case, so the corpus costs one ansible-playbook start instead of seventy.
"""

import json

import pytest
import yaml

from bad_input_cases import KNOWN_GAPS, MODULE_CASES, ROLE_CASES
from harness import base_env, json_results, run_playbook

CASES = MODULE_CASES + ROLE_CASES
PARAMS = [pytest.param(*case, id=case[0], marks=[pytest.mark.xfail(reason=KNOWN_GAPS[case[0]], strict=True)]
                       if case[0] in KNOWN_GAPS else []) for case in CASES]


def substitute(value, ids):
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [substitute(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, ids) for k, v in value.items()}
    return value


def corpus_playbook(ids):
    module_tasks = [{"name": f"case {cid}", f"eds.vpc_access.{module}": substitute(args, ids), "ignore_errors": True}
                    for cid, module, args, _option in MODULE_CASES]
    role_tasks = [{"name": f"role case {cid}", "block": [{
        "name": f"include {cid}", "ansible.builtin.include_role": {"name": f"eds.vpc_access.{role}"}, "vars": args}],
        "rescue": [{"name": f"case {cid}", "ansible.builtin.debug": {"var": "ansible_failed_result"}}]}
        for cid, role, args, _option in ROLE_CASES]
    return [{"name": "Bad-input corpus", "hosts": "localhost", "gather_facts": False,
             "tasks": module_tasks + role_tasks}]


@pytest.fixture(scope="module")
def corpus_run(emulator, tmp_path_factory):
    emulator.reset()
    proc, _seconds = run_playbook("cloud_half.yml", base_env(emulator.url))
    assert proc.returncode == 0, proc.stdout[-3000:]
    tables = emulator.state()["store"]["regions"]["cn-shanghai"]["tables"]
    ids = {"@GW": next(iter(tables["vpn_gateways"])), "@CGW": next(iter(tables["customer_gateways"])),
           "@CONN": next(iter(tables["vpn_connections"]))}
    before = emulator.state()["store"]["regions"]
    emulator.admin("/stats/reset", {})
    path = tmp_path_factory.mktemp("corpus") / "corpus.yml"
    path.write_text(yaml.safe_dump(corpus_playbook(ids), sort_keys=False))
    env = base_env(emulator.url, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json")
    proc, _seconds = run_playbook(str(path), env, args=["--check"])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"results": json_results(proc.stdout), "stats": emulator.stats(), "stdout": proc.stdout,
            "stderr": proc.stderr, "unchanged": emulator.state()["store"]["regions"] == before}


def test_corpus_is_large_enough():
    assert len(CASES) >= 50
    assert len({c[0] for c in CASES}) == len(CASES)


def test_corpus_makes_no_write_call(corpus_run):
    stats = corpus_run["stats"]
    assert stats["writes"] == 0, json.dumps(stats["by_action"])
    assert corpus_run["unchanged"]


def test_corpus_prints_no_traceback(corpus_run):
    assert "Traceback" not in corpus_run["stdout"] + corpus_run["stderr"]


@pytest.mark.parametrize("cid,target,args,option", PARAMS)
def test_bad_input_names_the_option(corpus_run, cid, target, args, option):  # pylint: disable=unused-argument
    result = corpus_run["results"][f"case {cid}"]
    if "ansible_failed_result" in result:      # a role case: the rescued failure
        result = result["ansible_failed_result"]
    else:
        assert result.get("failed"), f"{target} accepted {args}: {result}"
    msg = result.get("msg", "")
    if isinstance(result.get("argument_errors"), list):
        msg += " " + " ".join(result["argument_errors"])
    assert option in msg, f"{cid}: message does not name {option!r}: {msg!r}"
    # ansible-core 2.19 puts "exception": "(traceback unavailable)" in every fail_json result: a crash is a
    # Python traceback, or the "MODULE FAILURE" of a module that died without answering JSON
    assert "Traceback (most recent call last)" not in json.dumps(result), result
    assert "module_stderr" not in result and "MODULE FAILURE" not in msg, result
    assert not result.get("changed")
