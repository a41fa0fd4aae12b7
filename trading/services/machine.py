"""The attempt state machine (trading/models.py and DESIGN.md):

    planned -> risk_checked -> leg1_sent -> leg1_filled | leg1_partial | leg1_failed
    leg1_filled|leg1_partial -> leg2_sent -> complete | leg2_partial
    leg2_partial -> hedging (re-priced retries) -> hedged | unwinding -> unwound | needs_attention

leg2_partial means the legs hold unequal sizes: usually leg 2 is short, but a FAK BUY that swept
cheaper levels can leave it long. Retries buy on the short leg, the unwind sells the long one.

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
from trading.services import basket_machine, journal

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


# Shared with the basket machine (trading.services.basket_machine).
_sendable = journal.sendable


def _leg2_order(attempt: ArbAttempt, executor: Executor) -> tuple[Order | None, Decimal]:
    """Leg 2's order (unsaved) sized to leg 1's unhedged contracts as the venue carries them,
    and the unhedged size.

    The order is None when the venue would not accept an order of that size.
    """
    leg2 = journal.other_leg(attempt.leg1)
    held1, held2 = journal.held(attempt)
    limit = Decimal(attempt.plan[leg2]["limit_price"])
    size = _sendable(executor, attempt, leg=leg2, action=Action.BUY.value, limit_price=limit,
                     size=held1 - held2)
    if size <= 0:
        return None, held1 - held2
    order = journal.new_order(
        attempt, leg=leg2, role=Order.Role.LEG2, action=Action.BUY.value, limit_price=limit,
        size=size,
    )
    return order, size


def _step_send_leg2(attempt: ArbAttempt, executor: Executor) -> bool:
    order, size = _leg2_order(attempt, executor)
    if order is None:
        return _start_unwind(attempt, executor, why=f"leg 2 size {size} below venue minimum")
    journal.transition(attempt, State.LEG2_SENT, reason=f"leg 2 for {size}", new_order=order)
    journal.send(order, executor)
    return True


def leg1_answered(
    attempt: ArbAttempt, order: Order, result: OrderResult | None, executor: Executor
) -> Order | None:
    """After leg 1's send, in one transaction: its answer, its outcome, and leg 2's journal entry.

    Returns leg 2's order (journaled at leg2_sent, to send once this commits), or None when the
    driver must take over (leg 1 unresolved or unfilled, or leg 2 too small to send). Nothing
    here calls a venue, so the transaction holds no lock across a network call.
    """
    conflict = None
    with transaction.atomic():
        if result is not None:
            journal.order_apply_result(order, result)
        if order.status in Order.UNRESOLVED:
            return None
        state, why = _leg1_outcome(attempt, order)
        leg2, size = (
            _leg2_order(attempt, executor) if state != State.LEG1_FAILED else (None, ZERO)
        )
        try:
            if leg2 is None:
                journal.transition(attempt, state, reason=why)
                return None
            journal.transition(attempt, State.LEG2_SENT, reason=f"leg 2 for {size}",
                               via=((state, why),), new_order=leg2)
        except journal.StateConflict as exc:
            conflict = exc  # the venue's answer above still commits (see leg2_answered)
    if conflict is not None:
        raise conflict
    return leg2


def leg2_answered(attempt: ArbAttempt, order: Order, result: OrderResult | None) -> None:
    """After leg 2's send, in one transaction: its answer and complete | leg2_partial.

    Neither leads to a venue call of its own (a retry journals its own transition first), so
    they share a commit. Left at leg2_sent when leg 2's outcome is still unknown. Raises
    StateConflict when recovery took the attempt over meanwhile; the answer is recorded anyway:
    the venue's word on an order is true whoever drives the attempt (a late fill of an order
    recovery had marked not placed is booked and flagged by order_apply_result).
    """
    conflict = None
    with transaction.atomic():
        if result is not None:
            journal.order_apply_result(order, result)
        if order.status not in Order.UNRESOLVED:
            try:
                _leg2_outcome(attempt)
            except journal.StateConflict as exc:
                conflict = exc
    if conflict is not None:
        raise conflict


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
    """After leg 2 left the legs unequal: re-priced retries within the remaining edge on the
    short leg, then unwind the long leg's surplus.

    Usually leg 2 is short (it under-filled). It can also be long: a Polymarket FAK BUY spends
    its whole amount, so cheaper levels in front of its limit give it more shares than leg 1
    holds. Then the retry buys the difference on leg 1, and what no retry hedges is sold back
    on leg 2; what cannot be sold (below the venue's minimum, no bids) is flagged.
    """
    if attempt.state == State.HEDGING and journal.resolved_last(attempt, Order.Role.RETRY, executor) is None:
        return False
    held1, held2 = journal.held(attempt)
    if held1 == held2:
        journal.transition(attempt, State.HEDGED, reason=f"both legs hold {held1}")
        return True
    leg2 = journal.other_leg(attempt.leg1)
    short, long = (leg2, attempt.leg1) if held1 > held2 else (attempt.leg1, leg2)
    gap = abs(held1 - held2)
    long_name = "leg 1" if long == attempt.leg1 else "leg 2"
    if selectors.kill_switch_active():
        return _needs_attention(
            attempt, f"kill switch on: no retry or unwind; {gap} contracts of {long_name} "
                     f"unhedged"
        )
    if attempt.leg2_retries < int(settings.EVENTSARB_RISK_LEG2_MAX_RETRIES):
        retry = _hedge_order(attempt, executor, short=short, long=long, gap=gap)
        if retry is not None:
            journal.transition(
                attempt, State.HEDGING, new_order=retry, leg2_retries=attempt.leg2_retries + 1,
                reason=f"retry {attempt.leg2_retries + 1}: {retry.size} on leg {retry.leg} "
                       f"@ <= {retry.limit_price}",
            )
            journal.send(retry, executor)
            return True
    return _start_unwind(
        attempt, executor, leg=long, size=gap, why=f"{gap} of {long_name} unhedged after leg 2"
    )


def _hedge_order(
    attempt: ArbAttempt, executor: Executor, *, short: str, long: str, gap: Decimal
) -> Order | None:
    """A retry (unsaved) buying up to `gap` on the short leg within the attempt's edge, sized as
    its venue would carry it; None when no such order exists."""
    market = journal.leg_market(attempt, short)
    book = executor.book(market)
    levels = plan.outcome_levels(
        yes_bids=book.yes_bids, yes_asks=book.yes_asks, outcome=attempt.plan[short]["outcome"],
        buy=True,
    )
    pos = journal.positions(attempt)
    long_pos, short_pos = pos[long], pos.get(short)
    long_unit = long_pos.cost_basis / long_pos.size
    short_held = short_pos.size if short_pos else ZERO
    # The edge the matched contracts locked so far: each pair pays 1.
    locked = short_held * (ONE - long_unit) - (short_pos.cost_basis if short_pos else ZERO)
    quote = plan.hedge_reprice(
        levels=levels, needed=gap, leg1_unit_cost=long_unit, locked_edge=locked,
        fee=lambda p, n: market_fee(market, p, n), size_increment=market.size_increment,
        min_size=market.size_increment,
    )
    if quote is None:
        return None
    size = _sendable(executor, attempt, leg=short, action=Action.BUY.value,
                     limit_price=quote.limit_price, size=quote.size)
    if size <= 0:
        return None
    return journal.new_order(
        attempt, leg=short, role=Order.Role.RETRY, action=Action.BUY.value,
        limit_price=quote.limit_price, size=size, seq=attempt.leg2_retries + 1,
    )


def _start_unwind(
    attempt: ArbAttempt, executor: Executor, *, why: str, leg: str = "",
    size: Decimal | None = None,
) -> bool:
    """Sell a leg's excess at the best bids (or flag it when that is impossible).

    By default leg 1's contracts beyond leg 2's; a leg-2 overfill passes leg 2 and its
    surplus. What the venue cannot take (too small for its minimum, no bids) is flagged.
    """
    leg = leg or attempt.leg1
    if size is None:
        held1, held2 = journal.held(attempt)
        size = held1 - held2
    which = "leg 1" if leg == attempt.leg1 else "leg 2"
    if selectors.kill_switch_active():
        return _needs_attention(attempt, f"kill switch on: no unwind; {size} of {which} "
                                         f"unhedged ({why})")
    market = journal.leg_market(attempt, leg)
    book = executor.book(market)
    levels = plan.outcome_levels(
        yes_bids=book.yes_bids, yes_asks=book.yes_asks, outcome=attempt.plan[leg]["outcome"],
        buy=False,
    )
    quote = plan.unwind_quote(
        levels=levels, size=size, size_increment=market.size_increment,
        min_size=market.size_increment,
    )
    sell = ZERO if quote is None else _sendable(
        executor, attempt, leg=leg, action=Action.SELL.value, limit_price=quote[1],
        size=quote[0],
    )
    if quote is None or sell <= 0:
        return _needs_attention(attempt, f"cannot unwind {size} of {which} ({why})")
    limit = quote[1]
    order = journal.new_order(
        attempt, leg=leg, role=Order.Role.UNWIND, action=Action.SELL.value,
        limit_price=limit, size=sell,
    )
    journal.transition(attempt, State.UNWINDING, reason=f"{why}; selling {sell} of {which} "
                                                        f"@ >= {limit}", new_order=order)
    journal.send(order, executor)
    return True


def _step_unwinding(attempt: ArbAttempt, executor: Executor) -> bool:
    if journal.resolved_last(attempt, Order.Role.UNWIND, executor) is None:
        return False
    held1, held2 = journal.held(attempt)
    if held1 == held2:
        journal.transition(attempt, State.UNWOUND, reason=f"excess sold; both legs hold {held1}")
        return True
    return _needs_attention(
        attempt, f"unwind left leg 1 at {held1} vs leg 2 at {held2}: "
                 f"{abs(held1 - held2)} unhedged"
    )


_needs_attention = journal.needs_attention


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
    steps = basket_machine.STEPS if attempt.is_basket else _STEPS
    try:
        while attempt.state not in ArbAttempt.TERMINAL_STATES:
            if not steps[attempt.state](attempt, executor):
                break
    finally:
        # A terminal transition has already cleared the lease in its own write.
        if attempt.lease_until is not None:
            ArbAttempt.objects.filter(id=attempt.id, version=attempt.version).update(
                lease_until=None
            )
            attempt.lease_until = None
    return attempt
