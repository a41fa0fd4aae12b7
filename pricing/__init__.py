"""Pricing: the pure bottom of the pipeline. No Django, no I/O (an import-linter contract).

Book levels (`levels`), the one fee type (`fees.Fee`: venues build it, everything prices with
it), the book walk (`ladder`) and exact optimiser of a pair (`optimiser`) and of a basket
(`basket`), spread statistics (`spread`), and the engine case JSON (`case` for pairs,
`basket_case` for baskets: read by `python -m arbitrage.engine [basket]` and stored with what
they price). Public API:

- `best_plan(a, b, *, orientation, budget, now, max_slippage=None) -> Plan | None`
- `plans(...) -> list[Plan]`: every profitable direction of a pair, best first.
- `evaluate(a, b, *, direction, budget, now, max_slippage=None) -> Plan | None`: one direction.
- `may_profit(*, best_bid_a, best_ask_a, best_bid_b, best_ask_b, orientation) -> bool`: False
  when the tops alone say plans() is [] (every direction's `top_edge` <= 0).
- `best_basket(legs, *, payout_per_unit, budget, now, max_slippage=None) -> BasketPlan | None`:
  the same size n of every outcome (legs sharing an outcome label are alternatives, one is
  bought), paying payout_per_unit x n.
- Values: `LegInput`, `Fee`, `Plan`, `LegPlan`, `BasketLeg`, `BasketPlan`, `BasketLegPlan`;
  direction names in `types`.
"""

from pricing.basket import best_basket
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
    BasketLeg,
    BasketLegPlan,
    BasketPlan,
    LegInput,
    LegPlan,
    Plan,
)

__all__ = [
    "DIRECTIONS_BY_ORIENTATION", "NO", "NO_A_NO_B", "NO_A_YES_B", "OUTCOMES_BY_DIRECTION", "YES",
    "YES_A_NO_B", "YES_A_YES_B", "BasketLeg", "BasketLegPlan", "BasketPlan", "CaseError",
    "EngineInputError", "Fee", "LegInput", "LegPlan", "Plan", "best_basket", "best_plan",
    "check_priceable", "evaluate", "may_profit", "plans", "top_edge",
]
