"""Converge the cloud half from empty under throttling, 5xx and dropped connections: every run succeeds and
leaves exactly one of each resource.

REL_CONVERGE_RUNS (default 20) sets the number of runs; each run has its own fault seed, printed on failure.
"""

import os

import pytest

from harness import ONE_OF_EACH, base_env, dangling_references, resource_counts, run_playbook

RUNS = int(os.environ.get("REL_CONVERGE_RUNS", "20"))
FAULTS = {"throttle": 0.30, "error": 0.05, "drop": 0.02}


@pytest.mark.parametrize("run", range(RUNS))
def test_converge_from_empty_under_faults(emu, base_seed, run):
    seed = base_seed + run
    emu.faults({"default": FAULTS, "seed": seed})
    proc, seconds = run_playbook("cloud_half.yml", base_env(emu.url))
    context = f"REL_SEED={base_seed} run {run} (fault seed {seed}), {seconds:.1f}s"
    stats = emu.stats()
    assert proc.returncode == 0, f"{context}\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    assert stats["faults"] > 0, f"{context}: no fault was injected, the test proves nothing: {stats}"
    emu.faults({})
    assert resource_counts(emu) == ONE_OF_EACH, context
    assert dangling_references(emu) == [], context
    print(f"{context}: {stats['requests']} requests, {stats['faults']} faults injected, {stats['replays']} replays")
