"""Entry point of `python -m arbitrage.engine` (see cli.py)."""

import sys

from arbitrage.engine.cli import main

sys.exit(main())
