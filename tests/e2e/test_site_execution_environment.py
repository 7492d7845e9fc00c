"""execution-environment.yml is accepted by ansible-builder (v3 schema) and its build context carries the collection
built from this checkout plus its Python and system requirements: what an AWX administrator builds the EE from."""

import os
import shutil
import subprocess
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def builder():
    found = shutil.which("ansible-builder") or os.path.join(os.path.dirname(sys.executable), "ansible-builder")
    assert os.path.exists(found), "ansible-builder is not installed (test-requirements.txt)"
    return found


def test_ansible_builder_create_accepts_the_execution_environment(tmp_path):
    with open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as f:
        version = yaml.safe_load(f)["version"]
    work = tmp_path / "ee"
    work.mkdir()
    for name in ("execution-environment.yml", "requirements.txt", "bindep.txt"):
        shutil.copy(os.path.join(REPO, name), work / name)
    # the documented first step: the collection tarball from this checkout
    build = subprocess.run(["ansible-galaxy", "collection", "build", REPO, "--output-path", str(work / "build"), "--force"],
                           capture_output=True, text=True, timeout=300, check=False)
    assert build.returncode == 0, build.stdout + build.stderr
    tarball = "eds-vpc_access-%s.tar.gz" % version
    assert (work / "build" / tarball).exists()

    proc = subprocess.run([builder(), "create", "-f", "execution-environment.yml", "-c", "context"], cwd=work,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    context = work / "context"
    containerfile = (context / "Containerfile").read_text()
    assert (context / "_build" / "collection" / tarball).exists()
    assert "ansible-galaxy collection install /tmp/eds-collection/eds-vpc_access-*.tar.gz" in containerfile
    with open(os.path.join(REPO, "requirements.txt"), encoding="utf-8") as f:
        assert (context / "_build" / "requirements.txt").read_text() == f.read()
    with open(os.path.join(REPO, "bindep.txt"), encoding="utf-8") as f:
        assert (context / "_build" / "bindep.txt").read_text() == f.read()
    assert "ARG EE_BASE_IMAGE=" in containerfile


def test_ansible_builder_refuses_a_broken_definition(tmp_path):
    """The schema check is real: a v3 file with an unknown key is refused (guards the test above from passing on
    anything)."""
    with open(os.path.join(REPO, "execution-environment.yml"), encoding="utf-8") as f:
        definition = yaml.safe_load(f)
    definition["dependencies"]["pythonn"] = definition["dependencies"].pop("python")
    (tmp_path / "execution-environment.yml").write_text(yaml.safe_dump(definition))
    proc = subprocess.run([builder(), "create", "-f", "execution-environment.yml", "-c", "context"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode != 0
    assert "pythonn" in proc.stdout + proc.stderr
