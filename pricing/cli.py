"""`python -m arbitrage.engine < case.json`: print the best plan of one pair as JSON.

The case format is in pricing/case.py. Bad input prints "error: ..." on stderr and exits with
status 2.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TextIO

from pricing.case import run_case
from pricing.inputs import EngineInputError


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    """Read one case from stdin, write the result to stdout; 0 on success, 2 on bad input."""
    try:
        case = json.loads(stdin.read())
        result = run_case(case, default_now=datetime.now(UTC))
    except json.JSONDecodeError as exc:
        stderr.write(f"error: input is not valid JSON: {exc}\n")
        return 2
    except EngineInputError as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    stdout.write(json.dumps(result, indent=2) + "\n")
    return 0
