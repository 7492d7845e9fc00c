"""Local, stateful emulator of the Alibaba Cloud APIs used by the eds.vpc_access collection.

Run it with ``python -m eds_emulator --port 0`` (PYTHONPATH=<repo>/emulator); see docs/emulator.md.
"""

__version__ = "0.1.0"
