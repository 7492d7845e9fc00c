"""Fixtures of the reliability suites: one emulator per test module (per xdist worker), seeds printed."""

import hashlib
import os
import random

import pytest

from harness import Emulator

# REL_SEED replays a failed run: every seed a test uses is derived from it and printed.
# Under pytest-xdist every worker imports this file: they agree through the run's common id.
_RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID")
BASE_SEED = int(os.environ.get("REL_SEED")
                or (int(hashlib.sha256(_RUN_ID.encode()).hexdigest()[:8], 16) % 10**6 if _RUN_ID else 0)
                or random.SystemRandom().randrange(1, 10**6))


def pytest_report_header(config):  # pylint: disable=unused-argument
    return f"reliability base seed: REL_SEED={BASE_SEED}"


@pytest.fixture(scope="session")
def base_seed():
    return BASE_SEED


@pytest.fixture(scope="module")
def emulator():
    # 1 ms per emulated second: a gateway provisions in 0.12 s, so the waiters run but do not dominate.
    # retry-after 50 ms: the throttling hint the modules honour, scaled down like the provisioning times.
    emu = Emulator(["--time-scale", "0.001", "--retry-after-ms", "50", "--quiet"])
    yield emu
    emu.cleanup()


@pytest.fixture
def emu(emulator):
    emulator.reset()
    return emulator
