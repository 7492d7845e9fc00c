"""bench.py's P4 measurements of one module process: its run time with -X importtime, and its peak RSS."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

PY = sys.executable
SDK_PREFIXES = ("alibabacloud", "darabonba", "Tea", "requests", "urllib3", "aiohttp", "charset_normalizer",
                "idna", "certifi", "cryptography", "OpenSSL", "Crypto", "alibabacloud_credentials")


def run_module(name, args, env):
    """Run one module the way Ansible does (a python process with its arguments), with -X importtime."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": dict(args, _ansible_remote_tmp="/tmp", _ansible_keep_remote_files=False)},
                  handle)
    started = time.monotonic()
    proc = subprocess.Popen([PY, "-X", "importtime", "-m", f"ansible_collections.eds.vpc_access.plugins.modules.{name}",  # noqa: S603
                             handle.name], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    seconds = time.monotonic() - started
    os.unlink(handle.name)
    result = json.loads(out[out.index("{"):])
    if result.get("failed"):
        raise RuntimeError(f"{name}: {result.get('msg')}")
    sdk_us = total_us = 0
    for line in err.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not match:
            continue
        self_us, top = int(match.group(1)), match.group(4).split(".")[0]
        total_us += self_us
        if top.startswith(SDK_PREFIXES):
            sdk_us += self_us
    return seconds, total_us / 1e6, sdk_us / 1e6


# ru_maxrss is inherited through fork and kept across exec: a child of this process (which holds the SDK after
# P3's seeding) would report at least our own peak. A small launcher forks the measured process instead.
LAUNCHER = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(os.wait4(p.pid, 0)[2].ru_maxrss)")


def peak_rss_kib_cmd(cmd, env=None):
    """Peak RSS (KiB) of cmd, measured from a fresh launcher process."""
    out = subprocess.run(["/usr/bin/python3", "-S", "-c", LAUNCHER] + cmd, env=env, capture_output=True,  # noqa: S603
                         text=True, check=True).stdout
    return int(out.split()[-1])


def peak_rss_kib(name, args, env):
    """Peak RSS of the module process (KiB)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, handle)
    try:
        return peak_rss_kib_cmd([PY, "-m", f"ansible_collections.eds.vpc_access.plugins.modules.{name}", handle.name],
                                env=env)
    finally:
        os.unlink(handle.name)
