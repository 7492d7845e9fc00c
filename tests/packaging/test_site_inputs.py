"""The inputs play (playbooks/plays/inputs.yml) gives every later play of the site playbook each input of the argument
spec: the user's value, else the spec's default. It runs here as the site playbook imports it, on one data center
(localhost) and on several (the datacenters group), followed by a play that writes what each site's host then holds;
nothing else of the site playbook runs (no cloud call)."""
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "playbooks" / "vars" / "site_argument_spec.yml").read_text())["vpc_access_argument_spec"]
WITH_DEFAULT = [k for k, v in SPEC.items() if "default" in v]
# what the inputs play derives per site (no input of the spec)
DERIVED = ("vpc_access_site_name", "vpc_access_site_datacenter_hosts", "vpc_access_plan")
PSK = "InputsPlayPsk7x"
REQUIRED = {
    "vpc_access_region": "cn-shanghai", "vpc_access_vpc_id": "vpc-uf6uservpc00000000001",
    "vpc_access_vswitch_id": "vsw-uf6uservpc000000000e1", "vpc_access_office_network_cidr": "172.16.0.0/12",
    "vpc_access_user_vpc_cidrs": ["192.168.0.0/16"],
}
DUMP = """
- ansible.builtin.import_playbook: {inputs}
- name: What each site's host holds after the inputs play
  hosts: "{{{{ 'datacenters' if groups['datacenters'] | default([]) else 'localhost' }}}}"
  gather_facts: false
  tasks:
    - name: Write it
      ansible.builtin.copy:
        content: "{{{{ dict(__set | zip(__set | map('extract', hostvars[inventory_hostname]))) | to_json }}}}"
        dest: "{{{{ __out }}}}/{{{{ inventory_hostname }}}}.json"
        mode: "0600"
      delegate_to: localhost
      vars:
        __names: {names}
        # an input with no default (vpc_access_period) is not defined when unset
        __set: "{{{{ __names | select('in', hostvars[inventory_hostname]) | list }}}}"
"""


def fill_task():
    play = yaml.safe_load((ROOT / "playbooks" / "plays" / "inputs.yml").read_text())[0]
    tasks = [t for t in play["tasks"] if t["name"] == "Fill unset inputs with their defaults"]
    assert len(tasks) == 1, [t["name"] for t in play["tasks"]]
    return tasks[0]


def test_the_fill_task_lists_every_input_with_a_default_in_the_spec_order():
    """The one set_fact of the defaults names its variables: one the spec gains must be added there too."""
    task = fill_task()
    filled = task["ansible.builtin.set_fact"]
    assert list(filled) == WITH_DEFAULT
    for name, value in filled.items():
        # the default site_inputs found unset on every site, else nothing (never a second copy of the default)
        assert value.strip() == "{{ __vpc_access_inputs.defaults.%s | default(omit) }}" % name, name
    assert task["no_log"] is True and task["run_once"] is True


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """run(inventory or None, extra_vars, *args) -> ({host: what it holds}, stdout) of the inputs play of this tree."""
    base = tmp_path_factory.mktemp("inputs")
    collections = base / "collections" / "ansible_collections" / "eds"
    collections.mkdir(parents=True)
    (collections / "vpc_access").symlink_to(ROOT)
    playbook = base / "dump.yml"
    playbook.write_text(DUMP.format(inputs=ROOT / "playbooks" / "plays" / "inputs.yml",
                                    names=json.dumps(list(SPEC) + list(DERIVED))))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(base / "collections"), ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    count = [0]

    def _run(inventory, extra_vars, *args):
        count[0] += 1
        out = base / ("out%d" % count[0])
        out.mkdir()
        cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), str(playbook),
               "-e", json.dumps(dict(extra_vars, __out=str(out)))] + list(args)
        if inventory:
            (out / "hosts.yml").write_text(yaml.safe_dump(inventory))
            cmd += ["-i", str(out / "hosts.yml")]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
        return {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}, proc.stdout

    return _run


def multisite(**site_vars):
    """Two sites (dc01, dc02, local connection) with a data-center host each; site_vars: {site: {var: value}}."""
    hosts = {}
    for i, site in enumerate(("dc01", "dc02"), 1):
        hosts[site] = dict({"ansible_connection": "local", "vpc_access_datacenter_public_ip": "203.0.113.%d" % i,
                            "vpc_access_datacenter_cidrs": ["10.%d.0.0/16" % i]}, **site_vars.get(site, {}))
    return {"all": {"vars": dict(REQUIRED, vpc_access_psk=PSK), "children": {
        "datacenters": {"hosts": hosts},
        "ipsec_gateways": {"hosts": {"dc01-gw": {"vpc_access_datacenter": "dc01"},
                                     "dc02-gw": {"vpc_access_datacenter": "dc02"}}}}}}


def test_one_data_center_gets_every_default_and_keeps_what_is_set(run):
    given = dict(REQUIRED, vpc_access_datacenter_cidrs=["192.10.0.0/16"], vpc_access_datacenter_public_ip="203.0.113.9",
                 vpc_access_bandwidth=20, vpc_access_name="eds-one", vpc_access_psk=PSK,
                 vpc_access_cloud_dns_servers=["10.0.0.53"])
    held, stdout = run(None, given, "-v")
    site = held["localhost"]
    for name in WITH_DEFAULT:
        assert site[name] == given.get(name, SPEC[name]["default"]), name
    assert site["vpc_access_site_name"] == "eds-one"
    assert site["vpc_access_site_datacenter_hosts"] == []
    # the registered result of cidr_plan, as before
    assert site["vpc_access_plan"]["plan"]["remote_subnets"] == ["192.10.0.0/16"]
    assert site["vpc_access_plan"]["plan"]["local_subnets"] == ["172.16.0.0/12", "192.168.0.0/16"]
    assert site["vpc_access_plan"]["failed"] is False
    # no_log: not a task of the play prints the PSK, -v included
    assert PSK not in stdout
    assert "PLAY RECAP" in stdout


def test_several_data_centers_each_get_their_name_plan_hosts_and_the_defaults_they_leave_unset(run):
    # dc01 sets a host variable dc02 leaves unset; the PSK comes from the inventory
    held, stdout = run(multisite(dc01={"vpc_access_diagnose_command_prefix": ["sudo"], "vpc_access_tunnel_timeout": 50}),
                       {}, "-v")
    assert set(held) == {"dc01", "dc02"}
    for site in ("dc01", "dc02"):
        for name in WITH_DEFAULT:
            if name not in ("vpc_access_diagnose_command_prefix", "vpc_access_tunnel_timeout", "vpc_access_psk"):
                assert held[site][name] == SPEC[name]["default"], (site, name)
        assert held[site]["vpc_access_psk"] == PSK
        assert held[site]["vpc_access_site_name"] == "eds-vpc-access-" + site
        assert held[site]["vpc_access_site_datacenter_hosts"] == [site + "-gw"]
    assert held["dc01"]["vpc_access_diagnose_command_prefix"] == ["sudo"]
    assert held["dc02"]["vpc_access_diagnose_command_prefix"] == []
    assert (held["dc01"]["vpc_access_tunnel_timeout"], held["dc02"]["vpc_access_tunnel_timeout"]) == (50, 300)
    assert held["dc01"]["vpc_access_plan"]["plan"]["remote_subnets"] == ["10.1.0.0/16"]
    assert held["dc02"]["vpc_access_plan"]["plan"]["remote_subnets"] == ["10.2.0.0/16"]
    assert PSK not in stdout


def test_several_data_centers_that_disagree_on_a_shared_input_are_refused(run):
    # the VPN gateway's bandwidth is converged once, on the first site's host: a second value would be ignored
    with pytest.raises(AssertionError) as failed:
        run(multisite(dc02={"vpc_access_bandwidth": 50}), {})
    assert ("vpc_access_bandwidth: every site of a run must have the same value (it is converged or read once, on the "
            "first site's host): site dc01 10; site dc02 50.") in str(failed.value)


def test_a_subscription_gateway_needs_its_months_and_gets_them(run):
    # PREPAY (the China site's only billing of a VPN gateway) without vpc_access_period: refused, naming both
    given = dict(REQUIRED, vpc_access_datacenter_cidrs=["192.10.0.0/16"], vpc_access_datacenter_public_ip="203.0.113.9",
                 vpc_access_instance_charge_type="PREPAY")
    with pytest.raises(AssertionError) as failed:
        run(None, given)
    assert "vpc_access_instance_charge_type is PREPAY but all of the following are missing: vpc_access_period" \
        in str(failed.value)
    held, dummy = run(None, dict(given, vpc_access_period=12))
    assert (held["localhost"]["vpc_access_instance_charge_type"], held["localhost"]["vpc_access_period"]) == ("PREPAY", 12)
    # unset: pay-as-you-go, and no subscription length at all
    held, dummy = run(None, dict(given, vpc_access_instance_charge_type="POSTPAY"))
    assert held["localhost"]["vpc_access_instance_charge_type"] == "POSTPAY" and "vpc_access_period" not in held["localhost"]


def test_an_extra_var_overrides_every_site(run):
    held, dummy = run(multisite(), {"vpc_access_name": "eds-x", "vpc_access_routing_mode": "destination"})
    for site in ("dc01", "dc02"):
        assert held[site]["vpc_access_name"] == "eds-x"
        assert held[site]["vpc_access_routing_mode"] == "destination"
        assert held[site]["vpc_access_site_name"] == "eds-x-" + site


def test_a_limit_fills_only_the_sites_it_takes(run):
    held, dummy = run(multisite(), {}, "--limit", "dc02,dc02-gw")
    assert set(held) == {"dc02"}
    assert held["dc02"]["vpc_access_site_name"] == "eds-vpc-access-dc02"


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
