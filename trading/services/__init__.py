"""Writes for trading, one module per part of the job:

- controls: the kill switch; a person marking flagged attempts and drift as dealt with.
- journal: the write-ahead journal (transitions, orders sent once, fills, positions).
- machine: the attempt state machine, driven from wherever an attempt stands.
- execute: from an opportunity to an attempt (re-plan, risk checks, both legs).
- basket, basket_machine: a basket request to an N-leg attempt through the same journal.
- reconcile: recovery of abandoned attempts; the journal compared with the venues.
- settle: venue results, positions paid out at settlement, pairs judged by how they settled.
"""

from trading.services.basket import (
    BasketLegSpec,
    BasketRequest,
    BasketRequestError,
    basket_attempt_run,
    basket_opportunities_execute,
)
from trading.services.controls import (
    attempt_attention_resolve,
    drift_flag_resolve,
    kill_switch_set,
)
from trading.services.execute import (
    ExecuteResult,
    opportunities_execute,
    opportunity_execute,
    opportunity_plan,
    risk_limits,
)
from trading.services.journal import LEASE_S, NOT_FOUND_GRACE_S, StateConflict
from trading.services.machine import attempt_drive
from trading.services.reconcile import attempts_reconcile, attempts_recover
from trading.services.settle import SettleResult, settlements_sync

__all__ = [
    "BasketLegSpec", "BasketRequest", "BasketRequestError", "basket_attempt_run",
    "basket_opportunities_execute",
    "LEASE_S", "NOT_FOUND_GRACE_S", "ExecuteResult", "SettleResult", "StateConflict", "attempt_attention_resolve",
    "attempt_drive", "attempts_reconcile", "attempts_recover", "drift_flag_resolve",
    "kill_switch_set", "opportunities_execute", "opportunity_execute", "opportunity_plan",
    "risk_limits", "settlements_sync",
]
