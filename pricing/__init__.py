"""Pricing: the pure bottom of the pipeline. No Django, no I/O (an import-linter contract).

Book levels (`levels`), the one fee type (`fees.Fee`: venues build it, everything prices with
it), the book walk (`ladder`) and exact optimiser (`optimiser`), spread statistics (`spread`),
and the engine case JSON (`case`, read by `python -m arbitrage.engine` and stored on
opportunities). Public API:

- `best_plan(a, b, *, orientation, budget, now, max_slippage=None) -> Plan | None`
- `plans(...) -> list[Plan]`: every profitable direction of a pair, best first.
- `evaluate(a, b, *, direction, budget, now, max_slippage=None) -> Plan | None`: one direction.
- `may_profit(*, best_bid_a, best_ask_a, best_bid_b, best_ask_b, orientation) -> bool`: False
  when the tops alone say plans() is [] (every direction's `top_edge` <= 0).
- Values: `LegInput`, `Fee`, `Plan`, `LegPlan`; direction names in `types`.
"""

from pricing.fees import Fee
from pricing.inputs import CaseError, EngineInputError
from pricing.optimiser import best_plan, check_priceable, evaluate, may_profit, plans, top_edge
from pricing.types import (
    DIRECTIONS_BY_ORIENTATION,
    NO,
    NO_A_NO_B,
    NO_A_YES_B,
    OUTCOMES_BY_DIRECTION,
    YES,
    YES_A_NO_B,
    YES_A_YES_B,
    LegInput,
    LegPlan,
    Plan,
)

__all__ = [
    "DIRECTIONS_BY_ORIENTATION", "NO", "NO_A_NO_B", "NO_A_YES_B", "OUTCOMES_BY_DIRECTION", "YES",
    "YES_A_NO_B", "YES_A_YES_B", "CaseError", "EngineInputError", "Fee", "LegInput", "LegPlan",
    "Plan", "best_plan", "check_priceable", "evaluate", "may_profit", "plans", "top_edge",
]
