"""Entry point of `python -m arbitrage.engine` (see pricing/cli.py)."""

import sys

from pricing.cli import main

sys.exit(main())
