"""What AWX does with this repository, mirrored closely enough to test it without an AWX server.

* validate_credential_type(): AWX's checks of a custom credential type when it is created (the JSON schemas of
  awx/main/fields.py CredentialTypeInputField and CredentialTypeInjectorField, their extra rules, and the
  serializer's `kind` and `ask_at_runtime` rules), so a type that passes here is accepted by AWX.
* inject_credential(): how AWX turns a credential of that type into a job's environment variables and extra vars
  (awx/main/models/credential.py CredentialType.inject_credential): empty inputs are left out of the template
  namespace, the templates are rendered in Jinja's immutable sandbox.
* AwxJob: the private data directory AWX hands to ansible-runner for a job template run (awx/main/tasks/jobs.py:
  project/ = the project checkout, inventory/hosts = an executable script printing the inventory as JSON,
  env/extravars = template extra vars + survey answers + awx_* meta vars, survey answers tagged !unsafe,
  env/cmdline, env/envvars, env/ssh_key of the Machine credential, env/passwords for the prompts, env/settings),
  run with `ansible-runner run` in the execution environment image (process isolation, podman, --user=root).
* could_be_playbook()/skip_directory(): which files AWX offers as a job template's playbook
  (awx/main/utils/ansible.py).
"""

import glob
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import uuid

import jsonschema
import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

CREDENTIAL_INPUTS_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "required": {"type": "array", "items": {"type": "string"}},
        "fields": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "label"],
            "properties": {
                "type": {"enum": ["string", "boolean"]},
                "format": {"enum": ["ssh_private_key", "url"]},
                "choices": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": True},
                "id": {"type": "string", "pattern": "^[a-zA-Z_]+[a-zA-Z0-9_]*$"},
                "label": {"type": "string"}, "help_text": {"type": "string"}, "multiline": {"type": "boolean"},
                "secret": {"type": "boolean"}, "ask_at_runtime": {"type": "boolean"}, "default": {},
            }}},
    },
}
CREDENTIAL_INJECTORS_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "file": {"type": "object", "additionalProperties": False,
                 "patternProperties": {r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$": {"type": "string"}}},
        "env": {"type": "object", "additionalProperties": False,
                "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string", "pattern": "^[\x00-\x7F]*$"}}},
        "extra_vars": {"type": "object", "additionalProperties": False,
                       "patternProperties": {r"^[a-zA-Z_\{\}]+[a-zA-Z0-9_\{\}]*$": {
                           "anyOf": [{"type": "string"}, {"type": "array"}, {"$ref": "#/properties/extra_vars"}]}}},
    },
}
# environment variables no credential may set (awx/main/constants.py ENV_BLOCKLIST), besides every ANSIBLE_*
ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION",
    "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH"))


class CredentialTypeError(ValueError):
    pass


def _schema_errors(schema, value):
    return ["%s: %s" % (list(e.path), e.message) for e in jsonschema.Draft4Validator(schema).iter_errors(value)]


def validate_credential_type(ctype):
    """Raises CredentialTypeError with every reason AWX would refuse this credential type for."""
    errors = []
    if ctype.get("kind") not in ("cloud", "net"):
        errors.append("kind: must be 'cloud' or 'net', not %r" % ctype.get("kind"))
    inputs, injectors = ctype.get("inputs", {}), ctype.get("injectors", {})
    errors += ["inputs " + e for e in _schema_errors(CREDENTIAL_INPUTS_SCHEMA, inputs)]
    errors += ["injectors " + e for e in _schema_errors(CREDENTIAL_INJECTORS_SCHEMA, injectors)]
    if errors:
        raise CredentialTypeError(errors)
    if "dependencies" in inputs:
        errors.append("'dependencies' is not supported for custom credentials")
    ids = []
    for field in inputs.get("fields", []):
        ftype = field.get("type", "string")
        if field["id"] == "tower":
            errors.append('"tower" is a reserved field name')
        if field["id"] in ids:
            errors.append("field IDs must be unique (%s)" % field["id"])
        ids.append(field["id"])
        if "default" in field and not isinstance(field["default"], {"string": str, "boolean": bool}[ftype]):
            errors.append("%s: default %r is not a %s" % (field["id"], field["default"], ftype))
        errors += ["%s not allowed for %s type (%s)" % (key, ftype, field["id"])
                   for key in ("choices", "multiline", "format", "secret") if key in field and ftype != "string"]
        if field.get("ask_at_runtime"):
            errors.append("'ask_at_runtime' is not supported for custom credentials")
    # a required id that is no field makes every credential of the type invalid (AWX checks a credential's inputs
    # against a schema whose `required` is this list)
    errors += ["required %s is not a field" % r for r in inputs.get("required", []) if r not in ids]
    for env_var in injectors.get("env", {}):
        if env_var.startswith("ANSIBLE_") or env_var in ENV_BLOCKLIST:
            errors.append("environment variable %s is not allowed in credentials" % env_var)

    # every template must render with each field defined and nothing else (StrictUndefined, sandboxed)
    namespace = {field_id: "EXAMPLE" for field_id in ids}
    files = [k for k in injectors.get("file", {}) if k.startswith("template")]
    namespace["tower"] = _Namespace(filename="EXAMPLE_FILENAME" if "template" in files else
                                    _Namespace(**{k.split(".", 1)[1]: "EXAMPLE_FILENAME" for k in files}))
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)

    def check(where, template):
        try:
            sandbox.from_string(template).render(namespace)
        except (UndefinedError, SecurityError, TemplateSyntaxError) as exc:
            errors.append("%s: %s" % (where, exc))

    def walk_extra_vars(where, node):
        if isinstance(node, dict):
            for k, v in node.items():
                check("extra_vars key " + k, k)
                walk_extra_vars("%s.%s" % (where, k) if where else k, v)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk_extra_vars("%s[%d]" % (where, i), item)
        else:
            check("extra_vars " + where, node)

    for kind, injector in injectors.items():
        if kind == "extra_vars":
            walk_extra_vars("", injector)
        else:
            for key, template in injector.items():
                check("%s %s" % (kind, key), template)
    if errors:
        raise CredentialTypeError(errors)


class _Namespace:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def inject_credential(ctype, inputs, private_data_dir):
    """(env, extra_vars, safe_env) of a job with a credential of this type, rendered as AWX renders them; file
    injectors are written under env/ as AWX writes them. safe_env is what AWX stores and shows (secrets starred)."""
    secret = {f["id"] for f in ctype["inputs"].get("fields", []) if f.get("secret")}
    namespace, safe = {}, {}
    for key, value in inputs.items():
        if isinstance(value, bool):
            namespace[key] = safe[key] = value
            continue
        if value:
            namespace[key] = value
            safe[key] = "**********" if key in secret else value
    for field in ctype["inputs"].get("fields", []):
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = safe[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    tower = _Namespace()
    for label, template in ctype.get("injectors", {}).get("file", {}).items():
        fd, path = tempfile.mkstemp(dir=os.path.join(private_data_dir, "env"))
        with os.fdopen(fd, "w") as f:
            f.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        in_container = "/runner/env/" + os.path.basename(path)
        if "." not in label:
            tower.filename = in_container
        else:
            setattr(tower.__dict__.setdefault("filename", _Namespace()), label.split(".", 1)[1], in_container)
    namespace["tower"] = safe["tower"] = tower
    env, safe_env = {}, {}
    for var, template in ctype.get("injectors", {}).get("env", {}).items():
        env[var] = sandbox.from_string(template).render(**namespace)
        safe_env[var] = sandbox.from_string(template).render(**safe)

    def build(node):
        if isinstance(node, dict):
            return {build(k): build(v) for k, v in node.items()}
        if isinstance(node, list):
            return [build(x) for x in node]
        return sandbox.from_string(node).render(**namespace)
    return env, build(ctype.get("injectors", {}).get("extra_vars", {})), safe_env


class _UnsafeDumper(yaml.SafeDumper):
    def represent_data(self, data):
        if isinstance(data, str):
            return self.represent_scalar("!unsafe", data)
        return super().represent_data(data)


def safe_dump(extra_vars, safe_dict):
    """AWX's env/extravars: top-level vars equal to the job template's own are plain, everything else (survey
    answers) is !unsafe, so Jinja in an answer is never evaluated."""
    out = []
    for key, value in extra_vars.items():
        dumper = yaml.SafeDumper if key in safe_dict and safe_dict[key] == value else _UnsafeDumper
        out.append(yaml.dump_all([{key: value}], None, Dumper=dumper, default_flow_style=False))
    return "".join(out)


def skip_directory(relative_path):
    parts = relative_path.split(os.sep)
    return ("roles" in parts or "tasks" in parts or "group_vars" in parts or "host_vars" in parts
            or any(p.startswith(".") for p in parts if p != "."))


PLAYBOOK_LINE = re.compile(r"^\s*?-?\s*?(?:hosts|(ansible\.builtin\.)?include|(ansible\.builtin\.)?import_playbook):\s*?.*?$")


def project_playbooks(project):
    """The playbook choices AWX offers for a job template on this project directory."""
    found = []
    for dirpath, _dirs, files in os.walk(project):
        if skip_directory(os.path.relpath(dirpath, project)):
            continue
        for name in files:
            if os.path.splitext(name)[1] not in (".yml", ".yaml"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8", errors="ignore") as f:
                if any(PLAYBOOK_LINE.match(line) for line in f):
                    found.append(os.path.relpath(os.path.join(dirpath, name), project))
    return sorted(found)


# prompts AWX answers for a Machine credential (RunJob.get_password_prompts); no password set: empty answers
MACHINE_PROMPTS = [r"Enter passphrase for .*:\s*?$", r"Bad passphrase, try again for .*:\s*?$",
                   r"sudo password.*:\s*?$", r"SUDO password.*:\s*?$", r"BECOME password.*:\s*?$",
                   r"SSH password:\s*?$", r"Password:\s*?$", r"Vault password:\s*?$"]


class AwxJob:
    """One job template run: the private data directory as AWX lays it out, then `ansible-runner run` in the EE."""

    def __init__(self, root, project_src, image, playbook, template_vars, survey, inventory, credentials,
                 ssh_key=None, job_type="run", diff=True, network="host"):
        self.ident = "eds-awx-" + uuid.uuid4().hex[:12]
        self.dir = os.path.join(root, self.ident)
        self.image, self.playbook, self.network = image, playbook, network
        os.makedirs(self.dir)
        os.chmod(self.dir, stat.S_IRWXU)
        for sub in ("inventory", "env", "cp"):
            os.mkdir(os.path.join(self.dir, sub), 0o700)
        shutil.copytree(project_src, os.path.join(self.dir, "project"), symlinks=True,
                        ignore=shutil.ignore_patterns(".git", "output", "__pycache__", ".tox"))
        args = (["--check"] if job_type == "check" else []) + ["-u", "root"] + (["--diff"] if diff else [])
        env = {"ANSIBLE_FORCE_COLOR": "True", "ANSIBLE_HOST_KEY_CHECKING": "False",
               "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True", "ANSIBLE_PARAMIKO_RECORD_HOST_KEYS": "False",
               "JOB_ID": "1", "INVENTORY_ID": "1", "ANSIBLE_RETRY_FILES_ENABLED": "False", "MAX_EVENT_RES": "700000",
               "ANSIBLE_SSH_CONTROL_PATH_DIR": "/runner/cp", "AWX_PRIVATE_DATA_DIR": self.dir,
               "ANSIBLE_COLLECTIONS_PATHS": "/runner/requirements_collections:~/.ansible/collections:"
                                            "/usr/share/ansible/collections",
               "ANSIBLE_COLLECTIONS_PATH": "/runner/requirements_collections:~/.ansible/collections:"
                                           "/usr/share/ansible/collections"}
        self.safe_env = {}
        for ctype, inputs in credentials:
            cred_env, cred_vars, safe_env = inject_credential(ctype, inputs, self.dir)
            env.update(cred_env)
            self.safe_env.update(safe_env)
            if cred_vars:
                fd, path = tempfile.mkstemp(dir=os.path.join(self.dir, "env"))
                with os.fdopen(fd, "w") as f:
                    f.write(yaml.dump_all([cred_vars], None, Dumper=_UnsafeDumper, default_flow_style=False))
                os.chmod(path, stat.S_IRUSR)
                args += ["-e", "@/runner/env/" + os.path.basename(path)]
        meta = {"awx_job_id": 1, "tower_job_id": 1, "awx_job_launch_type": "manual", "awx_job_template_name": "test"}
        self._write("env/extravars", safe_dump(dict(template_vars, **survey, **meta), template_vars))
        self._write("env/cmdline", subprocess.list2cmdline(args))
        self._write("env/envvars", json.dumps(env))
        self._write("env/passwords", json.dumps({p: "" for p in MACHINE_PROMPTS}))
        self._write("env/settings", json.dumps({"job_timeout": 900, "suppress_ansible_output": True}))
        if ssh_key:
            self._write("env/ssh_key", ssh_key)
        self._write("inventory/hosts", "#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n"
                    % json.dumps(inventory), mode=0o700)

    def _write(self, rel, text, mode=0o600):
        path = os.path.join(self.dir, rel)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)

    def run(self, timeout=900):
        cmd = ["ansible-runner", "run", self.dir, "-p", self.playbook, "--ident", self.ident,
               "--process-isolation", "--process-isolation-executable", "podman", "--container-image", self.image,
               "--container-option=--user=root", "--container-option=--network=" + self.network]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        return JobResult(os.path.join(self.dir, "artifacts", self.ident), proc)


class JobResult:
    def __init__(self, artifacts, proc):
        self.artifacts, self.proc = artifacts, proc
        self.rc = int(open(os.path.join(artifacts, "rc"), encoding="utf-8").read()) if os.path.exists(
            os.path.join(artifacts, "rc")) else None
        self.status = open(os.path.join(artifacts, "status"), encoding="utf-8").read() if os.path.exists(
            os.path.join(artifacts, "status")) else None
        self.event_files = sorted(glob.glob(os.path.join(artifacts, "job_events", "*.json")),
                                  key=lambda p: int(os.path.basename(p).split("-", 1)[0]))
        self.events = []
        for path in self.event_files:
            with open(path, encoding="utf-8") as f:
                self.events.append(json.load(f))
        stdout = os.path.join(artifacts, "stdout")
        self.stdout = open(stdout, encoding="utf-8").read() if os.path.exists(stdout) else ""

    def stats(self, host="localhost"):
        """{ok, changed, failures, ...} of the host from the playbook_on_stats event."""
        ends = [e for e in self.events if e.get("event") == "playbook_on_stats"]
        assert ends, self.log()
        data = ends[-1]["event_data"]
        return {k: data.get(k, {}).get(host, 0) for k in ("ok", "changed", "failures", "dark", "skipped")}

    def task_results(self, task):
        """The results of a task, from its runner_on_ok events."""
        return [e["event_data"]["res"] for e in self.events
                if e.get("event") == "runner_on_ok" and e["event_data"].get("task") == task]

    def texts(self):
        """(name, content) of everything AWX keeps of a job: every job event and the stdout."""
        out = [("stdout", self.stdout)]
        for path in self.event_files:
            with open(path, encoding="utf-8") as f:
                out.append((os.path.basename(path), f.read()))
        return out

    def log(self):
        return "rc=%s status=%s\n%s\n%s\n%s" % (
            self.rc, self.status, self.stdout[-6000:], self.proc.stdout[-2000:], self.proc.stderr[-3000:])
