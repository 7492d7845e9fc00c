"""The AWX path for real: the execution environment built from execution-environment.yml with ansible-builder
(scripts/build-ee: podman, a Debian 12 base built on this machine, cached by content hash), checked inside, then the
site playbook run in it by ansible-runner as AWX runs a job template (awx_job.py): private data directory, inventory
script, survey answers and template extra vars in env/extravars, the Alibaba Cloud credential injected by the
shipped credential type's own injectors, a Machine credential's SSH key through ssh-agent, process isolation in the
EE image with AWX's --user=root. The API is the emulator on this host's loopback, reached with host networking.

What an AWX user relies on: every module and role is in the EE with its documentation, the SDKs import, the system
packages are there; Check, Run (twice: changed=0 and no API write) and teardown jobs work with nothing but the
credential's injected variables; no job event or output carries the AccessKey secret, the PSK or the SSH key.
"""

import os
import secrets
import subprocess
import time

import pytest
import yaml

from awx_job import AwxJob
from emulator_process import running_emulator

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE = os.path.join(REPO, "extensions", "awx", "credential_type_alicloud.yml")
MODULES = sorted(f[:-3] for f in os.listdir(os.path.join(REPO, "plugins", "modules"))
                 if f.endswith(".py") and f != "__init__.py")
ROLES = sorted(r for r in os.listdir(os.path.join(REPO, "roles"))
               if os.path.exists(os.path.join(REPO, "roles", r, "meta", "argument_specs.yml")))
ACCESS_KEY_ID = "LTAIawx" + secrets.token_hex(6)
ACCESS_KEY_SECRET = "awxSecret" + secrets.token_hex(12)
PSK = "AwxPsk" + secrets.token_hex(8)
# the job template's fixed extra vars (job_templates.md: lists as JSON in the template) and its survey answers
TEMPLATE_VARS = {"vpc_access_datacenter_cidrs": ["192.10.0.0/16"], "vpc_access_wait_for_tunnel": False}
SURVEY = {
    "vpc_access_region": "cn-shanghai", "vpc_access_name": "eds-awx",
    "vpc_access_vpc_id": "vpc-uf6uservpc00000000001", "vpc_access_vswitch_id": "vsw-uf6uservpc000000000e1",
    "vpc_access_dr_vswitch_id": "vsw-uf6uservpc000000000f1", "vpc_access_office_site_id": "cn-shanghai+dir-4067420000",
    "vpc_access_office_network_cidr": "172.16.0.0/12",
    "vpc_access_user_vpc_cidrs": "192.168.0.0/16",  # a text answer: the argument spec makes it a list
    "vpc_access_datacenter_public_ip": "203.0.113.154", "vpc_access_solution": "cloud_route",
    "vpc_access_psk": PSK, "vpc_access_bandwidth": 10,
}
# an AWX inventory: localhost for the cloud plays, the data-center groups empty (their plays are skipped)
INVENTORY = {
    "all": {"children": ["ungrouped", "ipsec_gateways", "dns_servers", "dhcp_servers"]},
    "ungrouped": {"hosts": ["localhost"]},
    "ipsec_gateways": {"hosts": []}, "dns_servers": {"hosts": []}, "dhcp_servers": {"hosts": []},
    "_meta": {"hostvars": {"localhost": {"ansible_connection": "local",
                                         "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}},
}


def run(*cmd, timeout=300):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def ee_image():
    """The EE image of this checkout: built once, reused while nothing that goes into it changes."""
    start = time.monotonic()
    proc = run(os.path.join(REPO, "scripts", "build-ee"), timeout=2400)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    image = proc.stdout.strip().splitlines()[-1]
    print("EE image %s ready in %.0f s" % (image, time.monotonic() - start))
    return image


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    # the credential's key is the only one the emulator accepts: a signed call proves the injection worked
    with running_emulator(tmp_path_factory.mktemp("emulator") / "emulator.log",
                          extra_args=["--access-key", "%s:%s" % (ACCESS_KEY_ID, ACCESS_KEY_SECRET)]) as emu:
        yield emu


@pytest.fixture(scope="module")
def ssh_key(tmp_path_factory):
    path = tmp_path_factory.mktemp("machine") / "id_ed25519"
    proc = run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "awx-machine-credential", "-f", str(path))
    assert proc.returncode == 0, proc.stderr
    return path.read_text()


def in_image(image, script, *mounts):
    args = ["podman", "run", "--rm", "--user=root", "--network=none"]
    for mount in mounts:
        args += ["-v", mount]
    return run(*args, image, "sh", "-c", script, timeout=600)


def test_the_image_has_every_module_and_role_documented(ee_image):
    proc = in_image(ee_image, "ansible-doc -j %s && echo '#roles' && ansible-doc -t role -j %s" % (
        " ".join("eds.vpc_access." + m for m in MODULES), " ".join("eds.vpc_access." + r for r in ROLES)))
    assert proc.returncode == 0, proc.stderr[-3000:]
    modules_json, roles_json = proc.stdout.split("\n#roles\n", 1)
    modules, roles = yaml.safe_load(modules_json), yaml.safe_load(roles_json)
    for name in MODULES:
        doc = modules["eds.vpc_access." + name]["doc"]
        assert doc["short_description"] and doc["options"], name
    for name in ROLES:
        assert roles["eds.vpc_access." + name]["entry_points"]["main"]["short_description"], name


def test_the_image_has_the_python_requirements(ee_image, tmp_path):
    """Every line of requirements.txt is installed in a version it allows, and imports."""
    check = (
        "import importlib, importlib.metadata as md, sys\n"
        "from packaging.requirements import Requirement\n"
        "bad = []\n"
        "for line in open('/tmp/requirements.txt'):\n"
        "    line = line.split('#')[0].strip()\n"
        "    if not line:\n"
        "        continue\n"
        "    req = Requirement(line)\n"
        "    version = md.version(req.name)\n"
        "    if version not in req.specifier:\n"
        "        bad.append('%s %s' % (req.name, version))\n"
        "    importlib.import_module(req.name.replace('-', '_'))\n"
        "    print(req.name, version)\n"
        "sys.exit('\\n'.join(bad) or 0)\n")
    (tmp_path / "check.py").write_text(check)
    proc = in_image(ee_image, "python3 /tmp/check.py", str(tmp_path / "check.py") + ":/tmp/check.py:ro",
                    os.path.join(REPO, "requirements.txt") + ":/tmp/requirements.txt:ro")
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    with open(os.path.join(REPO, "requirements.txt"), encoding="utf-8") as f:
        wanted = [line.split(">")[0].split("<")[0].split("=")[0].strip() for line in f
                  if line.strip() and not line.startswith("#")]
    assert sorted(line.split()[0] for line in proc.stdout.splitlines()) == sorted(wanted)


def test_the_image_has_the_bindep_packages(ee_image):
    """bindep itself (the test venv's, the tool ansible-builder runs) finds every runtime package of bindep.txt in
    the image; the compile-only ones were in ansible-builder's builder stage only, so the image stays small."""
    import bindep  # pylint: disable=import-outside-toplevel
    site = os.path.dirname(os.path.dirname(bindep.__file__))
    script = ("mkdir /tmp/lib && cd /host && cp -r bindep* pbr* distro* [Pp]arsley* ometa terml /tmp/lib/ && cd /tmp"
              " && PYTHONPATH=/tmp/lib python3 -m bindep -b -f /tmp/bindep.txt; echo runtime=$?"
              " && PYTHONPATH=/tmp/lib python3 -m bindep -b -f /tmp/bindep.txt compile; echo compile=$?"
              " && command -v ssh-agent && command -v ssh-add")
    proc = in_image(ee_image, script, site + ":/host:ro", os.path.join(REPO, "bindep.txt") + ":/tmp/bindep.txt:ro")
    lines = proc.stdout.splitlines()
    assert "runtime=0" in lines, proc.stdout + proc.stderr[-3000:]
    assert "compile=1" in lines and {"gcc", "python3-dev"} <= set(lines), proc.stdout
    assert any(line.endswith("/ssh-agent") for line in lines), proc.stdout


@pytest.fixture(scope="module")
def job(ee_image, emulator, ssh_key, tmp_path_factory):
    """job(playbook, job_type="run") -> JobResult of one job template run in the EE."""
    with open(CREDENTIAL_TYPE, encoding="utf-8") as f:
        ctype = yaml.safe_load(f)
    credential = {"access_key": ACCESS_KEY_ID, "secret_key": ACCESS_KEY_SECRET, "security_token": "",
                  "region": "cn-shanghai", "endpoint_url": emulator.url}
    root = tmp_path_factory.mktemp("awx-jobs")

    def _run(playbook, job_type="run"):
        awx = AwxJob(str(root), REPO, ee_image, playbook, TEMPLATE_VARS, SURVEY, INVENTORY, [(ctype, credential)],
                     ssh_key=ssh_key, job_type=job_type)
        with open(os.path.join(awx.dir, "env", "envvars"), encoding="utf-8") as f:
            # the endpoint reaches the job only through the credential (no endpoint in the extra vars)
            assert yaml.safe_load(f)["ALICLOUD_ENDPOINT_URL"] == emulator.url
        return awx.run()
    return _run


def assert_no_secret(result):
    for name, text in result.texts():
        for label, secret in (("AccessKey secret", ACCESS_KEY_SECRET), ("PSK", PSK)):
            assert secret not in text, "%s in %s" % (label, name)
        assert "PRIVATE KEY" not in text, "SSH key in %s" % name


def summary(result):
    """{row: line} of the site playbook's summary task (vpn gateway, customer gateway, ...)."""
    found = result.task_results("What was created or changed")
    assert found, result.log()
    return {" ".join(line.split()[:2]): line for line in found[-1]["msg"]
            if line.split()[:1] in (["vpn"], ["customer"], ["ipsec"], ["cen"])}


ROWS = {"vpn gateway", "customer gateway", "ipsec connection", "vpn route", "cen publish"}


def test_site_as_an_awx_job_template(job, emulator):
    emulator.reset()
    fresh = emulator.resources()

    plan = job("playbooks/site.yml", job_type="check")
    assert plan.rc == 0 and plan.status == "successful", plan.log()
    assert plan.stats()["failures"] == 0, plan.log()
    rows = summary(plan)
    assert set(rows) == ROWS and all(line.endswith("would change") for line in rows.values()), rows
    assert emulator.stats()["writes"] == 0 and emulator.resources() == fresh
    assert_no_secret(plan)

    emulator.reset_stats()
    first = job("playbooks/site.yml")
    assert first.rc == 0 and first.status == "successful", first.log()
    # the VPN gateway's task and the site's one vpn_site task (customer gateway, connection, route, publication)
    assert first.stats()["changed"] >= 2, first.log()
    assert all(line.endswith(" changed") for line in summary(first).values()), summary(first)
    made = emulator.resources()
    for table in ("cn-shanghai/vpn_gateways", "cn-shanghai/customer_gateways", "cn-shanghai/vpn_connections",
                  "cn-shanghai/vpn_route_entries", "cen_publications"):
        assert len(made.get(table, [])) == 1, (table, made)
    assert_no_secret(first)
    # the events are AWX's job events: one per task result, the PSK's task among them
    assert any(e.get("event") == "runner_on_ok" and e["event_data"].get("task") == "Customer gateway, IPsec-VPN "
               "connection, VPN routes and CEN publication of the site" for e in first.events)

    emulator.reset_stats()
    again = job("playbooks/site.yml")
    assert again.rc == 0, again.log()
    assert again.stats()["changed"] == 0, again.log()
    assert all(line.endswith(" ok") for line in summary(again).values()), summary(again)
    stats = emulator.stats()
    assert stats["writes"] == 0, emulator.writes()
    assert stats["reads"] > 0
    assert emulator.resources() == made
    assert_no_secret(again)

    down = job("playbooks/teardown.yml")
    assert down.rc == 0 and down.status == "successful", down.log()
    assert down.stats()["changed"] >= 5, down.log()
    assert emulator.resources() == fresh
    assert_no_secret(down)
