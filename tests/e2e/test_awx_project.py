"""This repository as an AWX project: what AWX checks and does when it is imported (awx_job.py mirrors AWX's rules).

* The job templates' playbooks (extensions/awx/job_templates.md) exist and are among the playbooks AWX offers.
* collections/requirements.yml is valid, and `ansible-galaxy collection install -r` on it succeeds offline as AWX's
  project sync runs it, without shadowing the execution environment's eds.vpc_access.
* The credential type (extensions/awx/credential_type_alicloud.yml) passes AWX's credential type validation, marks
  its secrets, and its injectors give the variables the modules read, also with only the required inputs.
"""

import copy
import os
import re
import subprocess

import pytest
import yaml

from awx_job import CredentialTypeError, inject_credential, project_playbooks, validate_credential_type

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AWX = os.path.join(REPO, "extensions", "awx")


def credential_type():
    with open(os.path.join(AWX, "credential_type_alicloud.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_the_job_templates_playbooks_are_offered_by_awx():
    with open(os.path.join(AWX, "job_templates.md"), encoding="utf-8") as f:
        table = f.read()
    wanted = set(re.findall(r"^\| `[^`]+` \| `([^`]+)` \|", table, re.M))
    assert wanted == {"playbooks/site.yml", "playbooks/verify.yml", "playbooks/teardown.yml"}
    with open(os.path.join(AWX, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    assert "`playbooks/site.yml`" in readme and "`playbooks/teardown.yml`" in readme
    offered = project_playbooks(REPO)
    assert wanted <= set(offered), offered
    # task files and role files are not offered as playbooks
    assert not [p for p in offered if p.startswith(("roles/", "playbooks/tasks/"))], offered


def test_collections_requirements_install_as_awx_project_sync_runs_it(tmp_path):
    path = os.path.join(REPO, "collections", "requirements.yml")
    with open(path, encoding="utf-8") as f:
        requirements = yaml.safe_load(f)
    assert isinstance(requirements, dict) and set(requirements) <= {"collections", "roles"}
    assert isinstance(requirements["collections"], list)
    names = [c if isinstance(c, str) else c["name"] for c in requirements["collections"]]
    # the execution environment carries eds.vpc_access with its SDKs: a project copy would shadow it
    assert "eds.vpc_access" not in names
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "empty"))
    proc = subprocess.run(["ansible-galaxy", "collection", "install", "-r", path, "-p", str(tmp_path / "req")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_credential_type_passes_awx_validation():
    ctype = credential_type()
    validate_credential_type(ctype)
    fields = {f["id"]: f for f in ctype["inputs"]["fields"]}
    assert all(f.get("type") == "string" and f.get("label") for f in fields.values())
    assert {k for k, f in fields.items() if f.get("secret")} == {"secret_key", "security_token"}
    assert set(ctype["inputs"]["required"]) == {"access_key", "secret_key"} <= set(fields)
    assert set(ctype["injectors"]) <= {"env", "extra_vars", "file"}


def test_the_injectors_give_the_variables_the_modules_read(tmp_path):
    (tmp_path / "env").mkdir()
    ctype = credential_type()
    full = {"access_key": "LTAIexample", "secret_key": "s3cret", "security_token": "tok", "region": "cn-shanghai",
            "endpoint_url": "http://127.0.0.1:8080"}
    env, extra_vars, safe_env = inject_credential(ctype, full, str(tmp_path))
    assert env == {"ALICLOUD_ACCESS_KEY": "LTAIexample", "ALICLOUD_SECRET_KEY": "s3cret",
                   "ALICLOUD_SECURITY_TOKEN": "tok", "ALICLOUD_REGION": "cn-shanghai",
                   "ALICLOUD_ENDPOINT_URL": "http://127.0.0.1:8080"}
    assert extra_vars == {}
    # what AWX stores with the job shows no secret
    assert safe_env["ALICLOUD_SECRET_KEY"] == "**********" and safe_env["ALICLOUD_SECURITY_TOKEN"] == "**********"
    # AWX leaves empty inputs out of the template namespace: the optional ones must not break the job
    env = inject_credential(ctype, {"access_key": "LTAIexample", "secret_key": "s3cret", "region": ""},
                            str(tmp_path))[0]
    assert env["ALICLOUD_SECURITY_TOKEN"] == env["ALICLOUD_REGION"] == env["ALICLOUD_ENDPOINT_URL"] == ""


def _broken(change):
    ctype = copy.deepcopy(credential_type())
    change(ctype)
    return ctype


@pytest.mark.parametrize("change, reason", [
    (lambda t: t["injectors"]["env"].update(ALICLOUD_X="{{ no_such_field }}"), "no_such_field"),
    (lambda t: t["injectors"]["env"].update(ANSIBLE_CONFIG="/tmp/x"), "ANSIBLE_CONFIG"),
    (lambda t: t["injectors"]["env"].update(PATH="/tmp"), "PATH"),
    (lambda t: t["injectors"].update(extra_vars={"x": "{{ access_key "}), "extra_vars x"),
    (lambda t: t["injectors"].update(script={"x": "y"}), "script"),
    (lambda t: t["inputs"]["fields"].append({"id": "region", "label": "again"}), "unique"),
    (lambda t: t["inputs"]["fields"].append({"id": "flag", "label": "F", "type": "boolean", "secret": True}),
     "secret not allowed"),
    (lambda t: t["inputs"]["fields"][0].pop("label"), "label"),
    (lambda t: t.update(kind="ssh"), "kind"),
    (lambda t: t["inputs"]["required"].append("secret"), "required secret is not a field"),
])
def test_awx_refuses_a_broken_credential_type(change, reason):
    """The rules are real: each of these is refused by AWX, and here, naming the reason."""
    with pytest.raises(CredentialTypeError, match=re.escape(reason)):
        validate_credential_type(_broken(change))
