"""Fixtures: the emulator as a real subprocess on a free port, and real SDK clients pointed at it.

Every test module gets its own emulator process (module scope, port 0), so pytest-xdist workers never share one.
The ``emu`` fixture resets state, statistics and faults before each test.
"""

import pytest

from emulator_harness import Emulator


@pytest.fixture(scope="module")
def emulator_process():
    """One emulator per test module, instant state transitions (--time-scale 0)."""
    with Emulator(["--time-scale", "0"]) as emulator:
        yield emulator


@pytest.fixture
def emu(emulator_process):
    """The module's emulator, reset to the scenario (state, stats, faults) before the test."""
    return emulator_process.reset()


@pytest.fixture
def start_emulator():
    """Factory for an extra emulator with its own flags; stopped after the test."""
    started = []

    def start(*args, env=None):
        emulator = Emulator(args, env=env)
        started.append(emulator)
        return emulator
    yield start
    for emulator in started:
        emulator.cleanup()


@pytest.fixture
def vpc_models():
    from alibabacloud_vpc20160428 import models
    return models


@pytest.fixture
def cbn_models():
    from alibabacloud_cbn20170912 import models
    return models
