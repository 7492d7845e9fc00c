"""Kill ansible-playbook (and its module processes) at random points of a converge, then re-run: the re-run
converges and finds what the killed run created (ClientToken replay + natural-key lookup): exactly one of each
resource, no orphan.

A "point" is the k-th API request of the converge (k drawn from the printed seed): counting requests instead of
seconds keeps the points spread over the whole converge however loaded the host is. REL_KILL_POINTS (default
10) sets how many points.
"""

import os
import random
import signal
import time

import pytest

from harness import ONE_OF_EACH, base_env, dangling_references, resource_counts, run_playbook, start_playbook

POINTS = int(os.environ.get("REL_KILL_POINTS", "10"))
# requests of a clean converge from empty of cloud_half.yml (measured: 22-24); later points would often miss it
LAST_REQUEST = 22


def kill_after_requests(emu, env, k, timeout=240):
    proc = start_playbook("cloud_half.yml", env)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False                      # finished before the k-th request
            if emu.stats()["requests"] >= k:
                os.killpg(proc.pid, signal.SIGKILL)
                return True
            time.sleep(0.02)
        raise AssertionError(f"converge did not reach request {k} in {timeout}s")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


@pytest.mark.parametrize("point", range(POINTS))
def test_kill_then_rerun_converges_without_duplicates(emu, base_seed, point):
    k = random.Random(base_seed * 1000 + point).randint(1, LAST_REQUEST)
    context = f"REL_SEED={base_seed} point {point}: killed after request {k}"
    env = base_env(emu.url)
    killed = kill_after_requests(emu, env, k)
    partial = resource_counts(emu)
    proc, _seconds = run_playbook("cloud_half.yml", env)
    assert proc.returncode == 0, f"{context}\n{proc.stdout[-4000:]}"
    assert resource_counts(emu) == ONE_OF_EACH, f"{context}; after the kill: {partial}"
    assert dangling_references(emu) == [], context
    print(f"{context} ({'killed' if killed else 'finished first'}), left {partial}")
