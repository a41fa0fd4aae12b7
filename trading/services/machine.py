"""The attempt state machine (trading/models.py and DESIGN.md):

    planned -> risk_checked -> leg1_sent -> leg1_filled | leg1_partial | leg1_failed
    leg1_filled|leg1_partial -> leg2_sent -> complete | leg2_partial
    leg2_partial -> hedging (re-priced retries) -> hedged | unwinding -> unwound | needs_attention

Only a transition that leads to a venue call needs its own durable commit. Writes that lead to
none ride in the transaction of the next one: a new attempt is inserted already at leg1_sent
(planned and risk_checked journaled with it, trading.services.execute), and leg 1's answer, its
leg1_filled|partial and leg2_sent with leg 2's order are one transaction (leg1_answered). So two
commits precede leg 2's send; leg 2's answer and complete|leg2_partial are a third.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from platforms.base import Action, OrderResult
from trading import plan, selectors
from trading.executors import Executor, executor_for, market_fee
from trading.models import (
    ArbAttempt,
    Order,
)
from trading.services import journal

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
ONE = Decimal(1)


def _step_cancel(attempt: ArbAttempt, executor: Executor) -> bool:
    journal.transition(attempt, State.CANCELED, reason="recovered before any order was sent")
    return True


def _step_leg1_sent(attempt: ArbAttempt, executor: Executor) -> bool:
    order = journal.resolved_last(attempt, Order.Role.LEG1, executor)
    if order is None:
        return False
    state, why = _leg1_outcome(attempt, order)
    journal.transition(attempt, state, reason=why)
    return True


def _leg1_outcome(attempt: ArbAttempt, order: Order) -> tuple[str, str]:
    """(leg1_filled | leg1_partial | leg1_failed, reason) from leg 1's resolved order."""
    if order.filled_size <= 0:
        return State.LEG1_FAILED, f"leg 1 {order.status} {order.error}".strip()
    if order.filled_size >= attempt.planned_size:
        return State.LEG1_FILLED, f"leg 1 filled {order.filled_size}"
    return State.LEG1_PARTIAL, f"leg 1 filled {order.filled_size}"


def _leg2_order(attempt: ArbAttempt) -> tuple[Order | None, Decimal]:
    """Leg 2's order (unsaved) sized to leg 1's unhedged contracts, and that size.

    The order is None when that size is below the venue's minimum.
    """
    leg2 = journal.other_leg(attempt.leg1)
    market = journal.leg_market(attempt, leg2)
    held1, held2 = journal.held(attempt)
    size = plan.round_down(held1 - held2, market.size_increment)
    if size <= 0 or size < market.min_order_size:
        return None, size
    order = journal.new_order(
        attempt, leg=leg2, role=Order.Role.LEG2, action=Action.BUY.value,
        limit_price=Decimal(attempt.plan[leg2]["limit_price"]), size=size,
    )
    return order, size


def _step_send_leg2(attempt: ArbAttempt, executor: Executor) -> bool:
    order, size = _leg2_order(attempt)
    if order is None:
        return _start_unwind(attempt, executor, why=f"leg 2 size {size} below venue minimum")
    journal.transition(attempt, State.LEG2_SENT, reason=f"leg 2 for {size}", new_order=order)
    journal.send(order, executor)
    return True


def leg1_answered(
    attempt: ArbAttempt, order: Order, result: OrderResult | None
) -> Order | None:
    """After leg 1's send, in one transaction: its answer, its outcome, and leg 2's journal entry.

    Returns leg 2's order (journaled at leg2_sent, to send once this commits), or None when the
    driver must take over (leg 1 unresolved or unfilled, or leg 2 too small to send). Nothing
    here calls a venue, so the transaction holds no lock across a network call.
    """
    with transaction.atomic():
        if result is not None:
            journal.order_apply_result(order, result)
        if order.status in Order.UNRESOLVED:
            return None
        state, why = _leg1_outcome(attempt, order)
        leg2, size = _leg2_order(attempt) if state != State.LEG1_FAILED else (None, ZERO)
        if leg2 is None:
            journal.transition(attempt, state, reason=why)
            return None
        journal.transition(attempt, State.LEG2_SENT, reason=f"leg 2 for {size}", via=((state, why),),
                    new_order=leg2)
        return leg2


def leg2_answered(attempt: ArbAttempt, order: Order, result: OrderResult | None) -> None:
    """After leg 2's send, in one transaction: its answer and complete | leg2_partial.

    Neither leads to a venue call of its own (a retry journals its own transition first), so
    they share a commit. Left at leg2_sent when leg 2's outcome is still unknown.
    """
    with transaction.atomic():
        if result is not None:
            journal.order_apply_result(order, result)
        if order.status not in Order.UNRESOLVED:
            _leg2_outcome(attempt)


def _step_leg2_sent(attempt: ArbAttempt, executor: Executor) -> bool:
    if journal.resolved_last(attempt, Order.Role.LEG2, executor) is None:
        return False
    _leg2_outcome(attempt)
    return True


def _leg2_outcome(attempt: ArbAttempt) -> None:
    """leg2_sent -> complete | leg2_partial, from the legs' positions once leg 2 is resolved."""
    held1, held2 = journal.held(attempt)
    if held1 == held2:
        journal.transition(attempt, State.COMPLETE, reason=f"both legs hold {held1}")
    else:
        journal.transition(attempt, State.LEG2_PARTIAL, reason=f"leg 1 holds {held1}, leg 2 {held2}")


def _step_hedge(attempt: ArbAttempt, executor: Executor) -> bool:
    """After a short leg 2: re-priced retries within the remaining edge, then unwind."""
    if attempt.state == State.HEDGING and journal.resolved_last(attempt, Order.Role.RETRY, executor) is None:
        return False
    held1, held2 = journal.held(attempt)
    excess = held1 - held2
    if excess == 0:
        journal.transition(attempt, State.HEDGED, reason=f"both legs hold {held1}")
        return True
    if excess < 0:
        return _needs_attention(attempt, f"leg 2 holds {held2}, more than leg 1's {held1}")
    if selectors.kill_switch_active():
        return _needs_attention(
            attempt, f"kill switch on: no retry or unwind; {excess} contracts of leg 1 unhedged"
        )
    if attempt.leg2_retries < int(settings.EVENTSARB_RISK_LEG2_MAX_RETRIES):
        leg2 = journal.other_leg(attempt.leg1)
        market = journal.leg_market(attempt, leg2)
        outcome = attempt.plan[leg2]["outcome"]
        book = executor.book(market)
        levels = plan.outcome_levels(
            yes_bids=book.yes_bids, yes_asks=book.yes_asks, outcome=outcome, buy=True
        )
        pos = journal.positions(attempt)
        leg1_pos, leg2_pos = pos[attempt.leg1], pos.get(leg2)
        leg1_unit = leg1_pos.cost_basis / leg1_pos.size
        locked = held2 * (ONE - leg1_unit) - (leg2_pos.cost_basis if leg2_pos else ZERO)
        quote = plan.hedge_reprice(
            levels=levels, needed=excess, leg1_unit_cost=leg1_unit, locked_edge=locked,
            fee=lambda p, n: market_fee(market, p, n), size_increment=market.size_increment,
            min_size=market.min_order_size,
        )
        if quote is not None:
            order = journal.new_order(
                attempt, leg=leg2, role=Order.Role.RETRY, action=Action.BUY.value,
                limit_price=quote.limit_price, size=quote.size, seq=attempt.leg2_retries + 1,
            )
            journal.transition(
                attempt, State.HEDGING, new_order=order, leg2_retries=attempt.leg2_retries + 1,
                reason=f"retry {attempt.leg2_retries + 1}: {quote.size} @ <= {quote.limit_price}",
            )
            journal.send(order, executor)
            return True
    return _start_unwind(attempt, executor, why=f"{excess} unhedged after leg 2")


def _start_unwind(attempt: ArbAttempt, executor: Executor, *, why: str) -> bool:
    """Sell leg 1's excess at the best available price (or flag it when that is impossible)."""
    held1, held2 = journal.held(attempt)
    excess = held1 - held2
    if selectors.kill_switch_active():
        return _needs_attention(attempt, f"kill switch on: no unwind; {why}")
    market = journal.leg_market(attempt, attempt.leg1)
    book = executor.book(market)
    levels = plan.outcome_levels(
        yes_bids=book.yes_bids, yes_asks=book.yes_asks,
        outcome=attempt.plan[attempt.leg1]["outcome"], buy=False,
    )
    quote = plan.unwind_quote(
        levels=levels, size=excess, size_increment=market.size_increment,
        min_size=market.min_order_size,
    )
    if quote is None:
        return _needs_attention(attempt, f"cannot unwind {excess} of leg 1 ({why})")
    size, limit = quote
    order = journal.new_order(
        attempt, leg=attempt.leg1, role=Order.Role.UNWIND, action=Action.SELL.value,
        limit_price=limit, size=size,
    )
    journal.transition(attempt, State.UNWINDING, reason=f"{why}; selling {size} @ >= {limit}",
                new_order=order)
    journal.send(order, executor)
    return True


def _step_unwinding(attempt: ArbAttempt, executor: Executor) -> bool:
    if journal.resolved_last(attempt, Order.Role.UNWIND, executor) is None:
        return False
    held1, held2 = journal.held(attempt)
    if held1 == held2:
        journal.transition(attempt, State.UNWOUND, reason=f"excess sold; both legs hold {held1}")
        return True
    return _needs_attention(attempt, f"unwind left leg 1 at {held1} vs leg 2 at {held2}")


def _needs_attention(attempt: ArbAttempt, reason: str) -> bool:
    # The flag is set by the transition itself, so even a crash right after it leaves the
    # attempt flagged; the DriftFlag and the log line follow.
    journal.transition(
        attempt, State.NEEDS_ATTENTION, reason=reason, needs_attention=True,
        attention_reason=reason,
    )
    journal.alert(attempt, reason)
    return True


_STEPS: dict[str, Callable[[ArbAttempt, Executor], bool]] = {
    State.PLANNED: _step_cancel,
    State.RISK_CHECKED: _step_cancel,
    State.LEG1_SENT: _step_leg1_sent,
    State.LEG1_FILLED: _step_send_leg2,
    State.LEG1_PARTIAL: _step_send_leg2,
    State.LEG2_SENT: _step_leg2_sent,
    State.LEG2_PARTIAL: _step_hedge,
    State.HEDGING: _step_hedge,
    State.UNWINDING: _step_unwinding,
}


def attempt_drive(*, attempt: ArbAttempt, executor: Executor | None = None) -> ArbAttempt:
    """Run an attempt's state machine from wherever it stands until it ends or blocks.

    Blocks (returns with the attempt still open) only when an order's outcome cannot be learned
    yet (the venue lookup failed); recovery resumes it later. Releases the lease on return.
    """
    executor = executor or executor_for(attempt.mode)
    try:
        while attempt.state not in ArbAttempt.TERMINAL_STATES:
            if not _STEPS[attempt.state](attempt, executor):
                break
    finally:
        # A terminal transition has already cleared the lease in its own write.
        if attempt.lease_until is not None:
            ArbAttempt.objects.filter(id=attempt.id, version=attempt.version).update(
                lease_until=None
            )
            attempt.lease_until = None
    return attempt
