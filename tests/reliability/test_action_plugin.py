"""The cloud modules' action plugins (plugins/plugin_utils/cloud_action.py) run a module in the task's worker on the
controller, and fall back to a module process otherwise. Both ways must give the user the same task results:
the same bad-input message, check mode and diff, no_log masking, module_defaults, warnings; and no secret in the
output at -vvv. The module-process way is forced with an interpreter that is not the controller's Python (a
wrapper script that execs the same Python, so the module still finds the SDK).
"""

import json
import stat
import sys

import pytest
import yaml

from harness import AK, Emulator, base_env, run_playbook

# both tests read the same two playbook runs: one xdist worker (pytest.ini: --dist loadgroup) makes them once
pytestmark = pytest.mark.xdist_group("action_plugin")

SECRET = "REL-INPROC-SECRET-5e0a7c"
PSK = "REL-INPROC-PSK-c93d1b"
IN_WORKER = "runs in the worker process"
AS_PROCESS = "runs as a module process"

PLAY = [{
    "name": "Interface of the cloud modules through the action plugin",
    "hosts": "localhost",
    "gather_facts": False,
    "module_defaults": {"group/eds.vpc_access.alicloud": {"region": "cn-shanghai",
                                                          "access_key": "{{ rel_access_key }}",
                                                          "secret_key": "{{ rel_secret }}"}},
    "tasks": [
        {"name": "read", "eds.vpc_access.vpn_gateway_info": {}},
        {"name": "bad input", "eds.vpc_access.vpn_gateway": {"name": "rel-x", "vpc_id": "vpc-uf6uservpc00000000001",
                                                             "bandwidth": "ten"}, "ignore_errors": True},
        {"name": "unknown option", "eds.vpc_access.customer_gateway": {"ip_address": "203.0.113.30", "nmae": "x"},
         "ignore_errors": True},
        {"name": "check mode create", "eds.vpc_access.customer_gateway": {
            "name": "rel-inproc", "ip_address": "203.0.113.31", "asn": "65011", "auth_key": "{{ rel_psk }}"},
         "check_mode": True, "diff": True},
        {"name": "loop in one worker", "eds.vpc_access.customer_gateway_info": {"name": "{{ item }}"},
         "loop": ["rel-a", "rel-b"]},
    ],
}, {
    # a data-center host that is never contacted: its cloud task is delegated to the controller
    "name": "Delegated to localhost",
    "hosts": "rel_remote",
    "gather_facts": False,
    "module_defaults": {"group/eds.vpc_access.alicloud": {"region": "cn-shanghai",
                                                          "access_key": "{{ rel_access_key }}",
                                                          "secret_key": "{{ rel_secret }}"}},
    "tasks": [{"name": "delegated read", "eds.vpc_access.vpn_gateway_info": {}, "delegate_to": "localhost"}],
}]


def run(tmp_path, emulator, interpreter=None):
    playbook = tmp_path / "in_process.yml"
    playbook.write_text(yaml.safe_dump(PLAY))
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}},
        "children": {"rel_remote": {"hosts": {"rel-remote": {"ansible_host": "192.0.2.1",
                                                             "ansible_connection": "ssh"}}}}}}))
    extra = {"rel_access_key": AK, "rel_secret": SECRET, "rel_psk": PSK}
    if interpreter:
        extra["ansible_python_interpreter"] = interpreter
    env = base_env(emulator.url, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_VERBOSITY="3")
    for name in ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"):
        env.pop(name)
    proc, _seconds = run_playbook(str(playbook), env, extra_vars=extra, args=["-i", str(inventory)])
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return proc


def results_by_task(stdout):
    """{task name: result} from the ansible.posix.json callback (each task runs on one host here)."""
    data = json.loads(stdout[stdout.index("{"):])
    return {task["task"]["name"]: next(iter(task["hosts"].values())) for play in data["plays"] for task in play["tasks"]}


def worker_runs(stdout):
    """The tasks -vvv says ran in the worker."""
    return stdout.count(IN_WORKER)


def comparable(result):
    """A task result without Ansible's internal keys."""
    if "results" in result:
        return [comparable(item) for item in result["results"]]
    return {k: v for k, v in result.items() if not k.startswith("_ansible")}


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """The play run in the worker, then as module processes, against an emulator that only knows SECRET."""
    emu = Emulator(["--time-scale", "0.001", "--quiet", "--access-key", f"{AK}:{SECRET}"])
    tmp_path = tmp_path_factory.mktemp("in-process")
    wrapper = tmp_path / "python-wrapper"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    try:
        in_worker = run(tmp_path, emu)
        customer_gateways = emu.state()["store"]["regions"]["cn-shanghai"]["tables"].get("customer_gateways", {})
        as_process = run(tmp_path, emu, interpreter=str(wrapper))
    finally:
        emu.cleanup()
    return in_worker, as_process, customer_gateways


def test_in_process_and_module_process_give_the_same_results(both_ways):
    in_worker, as_process, customer_gateways = both_ways
    # 4 tasks + 2 loop items on localhost, 1 delegated from rel-remote: all in the worker
    assert worker_runs(in_worker.stdout) == 7 and AS_PROCESS not in in_worker.stdout
    assert AS_PROCESS in as_process.stdout and IN_WORKER not in as_process.stdout

    ours, theirs = results_by_task(in_worker.stdout), results_by_task(as_process.stdout)
    assert set(ours) == set(theirs)
    for name in ours:
        assert comparable(ours[name]) == comparable(theirs[name]), name

    # the behaviour itself, not only parity
    assert ours["read"]["invocation"]["module_args"]["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert ours["bad input"]["failed"] and "bandwidth" in ours["bad input"]["msg"]
    assert ours["unknown option"]["failed"] and "nmae" in ours["unknown option"]["msg"]
    check = ours["check mode create"]
    assert check["changed"] and check.get("diff"), check
    assert customer_gateways == {}, "check mode created a customer gateway"
    assert [item["item"] for item in ours["loop in one worker"]["results"]] == ["rel-a", "rel-b"]
    assert not ours["delegated read"].get("failed"), ours["delegated read"]


def test_no_log_values_never_in_output(both_ways):
    """-vvv, module_defaults secret_key and a no_log option (auth_key) in a diff: neither shows, either way."""
    for proc in both_ways[:2]:
        for secret in (SECRET, PSK):
            assert secret not in proc.stdout and secret not in proc.stderr
