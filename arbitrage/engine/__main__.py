"""Entry point of `python -m arbitrage.engine [basket]` (see pricing/cli.py)."""

import sys

from pricing.cli import main

sys.exit(main(argv=sys.argv[1:]))
