"""Secrets at -vvvv: a known PSK, secret key and BGP authentication key never appear in stdout/stderr, in the
returned values, in diffs, or in any file the collection writes except the secret files themselves (0600).

Two runs: converge from empty, then a PSK rotation (a change with a diff); both at -vvvv with --diff.
"""

import base64
import json
import os
import stat

import pytest

from harness import Emulator, base_env, run_playbook

ACCESS_KEY = "rel-secrets-id"
SECRET_KEY = "REL-SECRET-KEY-7c1d0f5e"
PSK_1 = "REL-PSK-first-6a9e2b"
PSK_2 = "REL-PSK-rotated-41f7d3"
BGP_KEY = "REL-BGP-AUTH-93b1c8"
SECRETS = (SECRET_KEY, PSK_1, PSK_2, BGP_KEY)


@pytest.fixture(scope="module")
def keyed_emulator():
    emu = Emulator(["--time-scale", "0.001", "--quiet", "--access-key", f"{ACCESS_KEY}:{SECRET_KEY}"])
    yield emu
    emu.cleanup()


def forms(secret):
    """The secret as written, and base64-encoded (swanctl's "0s" form) for the encodings a writer may use."""
    return (secret, base64.b64encode(secret.encode()).decode().rstrip("="))


def leaked(text):
    return [s for s in SECRETS if any(form in text for form in forms(s))]


def test_no_secret_in_output_or_files(keyed_emulator, tmp_path):
    env = base_env(keyed_emulator.url, ALICLOUD_ACCESS_KEY=ACCESS_KEY, ALICLOUD_SECRET_KEY=SECRET_KEY,
                   ANSIBLE_LOG_PATH=str(tmp_path / "ansible.log"))
    out_dir = tmp_path / "written"
    for sub in ("swanctl/conf.d", "strongswan.d"):    # what the strongswan packages would have created
        (out_dir / sub).mkdir(parents=True)
    runs = []
    for psk in (PSK_1, PSK_2):
        # from a vars file as a user would (vault): -e '{json}' itself is echoed by ansible-playbook -vvvv
        vars_file = tmp_path / "secret-vars.json"
        vars_file.write_text(json.dumps({"rel_psk": psk, "rel_bgp_auth_key": BGP_KEY, "rel_out_dir": str(out_dir)}))
        proc, _seconds = run_playbook("secrets.yml", env, args=["-vvvv", "--diff", "-e", f"@{vars_file}"])
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
        runs.append(proc)
    assert "changed: [localhost]" in runs[1].stdout, "the rotation run must change the connection (and show a diff)"
    for number, proc in enumerate(runs, 1):
        assert leaked(proc.stdout) == [], f"run {number}: secret in stdout"
        assert leaked(proc.stderr) == [], f"run {number}: secret in stderr"
    assert leaked((tmp_path / "ansible.log").read_text()) == [], "secret in the Ansible log"

    secret_files = []
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if leaked(text):
                assert leaked(text) == [PSK_2], f"{path} holds {leaked(text)} (only the current PSK belongs there)"
                assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, f"{path} holds a PSK but is not 0600"
                secret_files.append(path)
    assert secret_files, f"the PSK file was not written under {out_dir}"
    # the emulator holds the rotated key: the rotation really happened
    tables = keyed_emulator.state()["store"]["regions"]["cn-shanghai"]["tables"]
    conn = next(iter(tables["vpn_connections"].values()))
    assert {t["TunnelIkeConfig"]["Psk"] for t in conn["tunnels"]} == {PSK_2}
    cgw = next(iter(tables["customer_gateways"].values()))
    assert cgw.get("AuthKey") == BGP_KEY
