"""Fixtures of the reliability suites: one emulator per test module (per xdist worker), seeds printed."""

import os
import random

import pytest

from harness import Emulator

# REL_SEED replays a failed run: every seed a test uses is derived from it and printed. The controller draws it
# once and puts it in the environment, so pytest-xdist workers (spawned later, with a copy of it) agree.
if not os.environ.get("REL_SEED"):
    os.environ["REL_SEED"] = str(random.SystemRandom().randrange(1, 10**6))
BASE_SEED = int(os.environ["REL_SEED"])


def pytest_report_header(config):  # pylint: disable=unused-argument
    return f"reliability base seed: REL_SEED={BASE_SEED}"


def pytest_terminal_summary(terminalreporter):
    """Also at the end, and also under -q (which hides the header)."""
    terminalreporter.write_line(f"reliability base seed: REL_SEED={BASE_SEED} (replay: REL_SEED={BASE_SEED} pytest ...)")


@pytest.fixture(scope="session")
def base_seed():
    return BASE_SEED


@pytest.fixture(scope="module")
def emulator():
    # 1 ms per emulated second: a gateway provisions in 0.12 s, so the waiters run but do not dominate.
    # retry-after 50 ms: the throttling hint the modules honour, scaled down like the provisioning times.
    with Emulator(["--time-scale", "0.001", "--retry-after-ms", "50", "--quiet"]) as emu:
        yield emu


@pytest.fixture
def emu(emulator):
    return emulator.reset()
