"""python -m seed_lab: see seed_lab.cli."""

import sys

from seed_lab.cli import main

sys.exit(main())
