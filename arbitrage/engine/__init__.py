"""The pure arbitrage engine: fees, book walking, exact optimal sizing, spread statistics.

No Django, no I/O (an import-linter contract enforces it). Public API:

- `best_plan(a, b, *, orientation, budget, now, max_slippage=None) -> Plan | None`
- `plans(...) -> list[Plan]`: every profitable direction of a pair, best first.
- `evaluate(a, b, *, direction, budget, now, max_slippage=None) -> Plan | None`: one direction.
- Values: `LegInput`, `FeeSpec`, `Plan`, `LegPlan`; direction names in `types`.
- `python -m arbitrage.engine < case.json` prints the best plan as JSON (see cli.py).
"""

from arbitrage.engine.optimiser import EngineInputError, best_plan, evaluate, plans
from arbitrage.engine.types import (
    DIRECTIONS_BY_ORIENTATION,
    NO,
    NO_A_NO_B,
    NO_A_YES_B,
    OUTCOMES_BY_DIRECTION,
    YES,
    YES_A_NO_B,
    YES_A_YES_B,
    FeeSpec,
    LegInput,
    LegPlan,
    Plan,
)

__all__ = [
    "DIRECTIONS_BY_ORIENTATION", "NO", "NO_A_NO_B", "NO_A_YES_B", "OUTCOMES_BY_DIRECTION", "YES",
    "YES_A_NO_B", "YES_A_YES_B", "EngineInputError", "FeeSpec", "LegInput", "LegPlan", "Plan",
    "best_plan", "evaluate", "plans",
]
