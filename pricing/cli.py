"""`python -m arbitrage.engine [basket] < case.json`: price one case, print the result as JSON.

Without an argument the case is a pair (format in pricing/case.py) and the output its best
plan; with `basket` it is a basket (format in pricing/basket_case.py) and the output the best
basket. Bad input prints "error: ..." on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO

from pricing.basket_case import run_basket_case
from pricing.case import run_case
from pricing.inputs import EngineInputError

USAGE = "usage: python -m arbitrage.engine [basket] < case.json"


def main(
    stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr,
    argv: Sequence[str] = (),
) -> int:
    """Read one case from stdin, write the result to stdout; 0 on success, 2 on bad input."""
    if list(argv) not in ([], ["basket"]):
        stderr.write(f"error: unknown arguments {' '.join(argv)!r}; {USAGE}\n")
        return 2
    run = run_basket_case if argv else run_case
    try:
        case = json.loads(stdin.read())
        result = run(case, default_now=datetime.now(UTC))
    except json.JSONDecodeError as exc:
        stderr.write(f"error: input is not valid JSON: {exc}\n")
        return 2
    except EngineInputError as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    stdout.write(json.dumps(result, indent=2) + "\n")
    return 0
