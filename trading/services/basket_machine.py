"""The state machine of a basket attempt (N legs, the same number of contracts on each):

    leg1_sent -> leg1_filled | leg1_partial | leg1_failed            (the thinnest leg first)
    leg1_filled|leg1_partial -> legs_sent (one per further leg) -> complete | legs_partial
    legs_partial -> hedging (one re-priced retry per short leg) -> hedged
                 | unwinding (one sale per long leg) -> unwound | needs_attention

Each further leg is sized to what the first leg holds (as its venue carries it) and journaled
at its own legs_sent transition before it is sent, so a crash between two legs leaves the last
one findable by client order id and the rest unsent. After the last leg, the legs holding less
than the longest are retried once each, re-priced on the current book, never beyond the basket's
break-even (plan.hedge_reprice with the basket's payout). What no retry closes is sold back:
every leg's contracts beyond the basket's matched size (the smallest leg). A leg that can be
neither hedged nor sold ends the attempt in needs_attention naming each unhedged leg.

Every step is re-entrant: it reads where the attempt stands from the journal (the orders of
each role and leg, the positions), so recovery resumes a basket from any state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings

from platforms.base import Action
from trading import plan, selectors
from trading.executors import Executor, market_fee
from trading.models import ArbAttempt, Order, Position
from trading.services import journal

logger = logging.getLogger(__name__)

State = ArbAttempt.State
Role = Order.Role
ZERO = Decimal(0)


def _step_cancel(attempt: ArbAttempt, executor: Executor) -> bool:
    journal.transition(attempt, State.CANCELED, reason="recovered before any order was sent")
    return True


def _step_first_leg_sent(attempt: ArbAttempt, executor: Executor) -> bool:
    order = journal.resolved_last(attempt, Role.LEG1, executor)
    if order is None:
        return False
    if order.filled_size <= 0:
        journal.transition(attempt, State.LEG1_FAILED,
                           reason=f"leg {order.leg} {order.status} {order.error}".strip())
    elif order.filled_size >= attempt.planned_size:
        journal.transition(attempt, State.LEG1_FILLED,
                           reason=f"leg {order.leg} filled {order.filled_size}")
    else:
        journal.transition(attempt, State.LEG1_PARTIAL,
                           reason=f"leg {order.leg} filled {order.filled_size}")
    return True


def _legs_with_orders(attempt: ArbAttempt, role: str) -> set[str]:
    return set(Order.objects.filter(attempt=attempt, role=role).values_list("leg", flat=True))


def _step_next_leg(attempt: ArbAttempt, executor: Executor) -> bool:
    """Send the next leg (in send order) that has no order yet, sized to the first leg's
    holding; once every leg was sent and answered: complete or legs_partial."""
    if attempt.state == State.LEGS_SENT and journal.resolved_last(attempt, Role.LEG, executor) is None:
        return False
    first = attempt.plan["leg1"]
    sent = _legs_with_orders(attempt, Role.LEG) | {first}
    held = journal.basket_held(attempt)
    skipped = []
    for leg in journal.basket_legs(attempt):
        if leg in sent:
            continue
        limit = plan_limit(attempt, leg)
        size = journal.sendable(executor, attempt, leg=leg, action=Action.BUY.value,
                                limit_price=limit, size=held[first] - held[leg])
        if size <= 0:
            # Left short; the hedge step below retries or unwinds around it.
            skipped.append(f"leg {leg} size {held[first] - held[leg]} not sendable")
            continue
        order = journal.new_order(attempt, leg=leg, role=Role.LEG, action=Action.BUY.value,
                                  limit_price=limit, size=size)
        reason = "; ".join([*skipped, f"leg {leg} for {size} @ <= {limit}"])
        journal.transition(attempt, State.LEGS_SENT, reason=reason, new_order=order)
        journal.send(order, executor)
        return True
    held = journal.basket_held(attempt)
    shown = ", ".join(f"{leg} {size}" for leg, size in held.items())
    if len(set(held.values())) == 1:
        journal.transition(attempt, State.COMPLETE, reason=f"every leg holds {held[first]}")
    else:
        reason = "; ".join([*skipped, f"legs hold {shown}"])
        journal.transition(attempt, State.LEGS_PARTIAL, reason=reason)
    return True


def plan_limit(attempt: ArbAttempt, leg: str) -> Decimal:
    return Decimal(attempt.plan[leg]["limit_price"])


def _unit_cost(attempt: ArbAttempt, leg: str, positions: dict[str, Position]) -> Decimal:
    """What one contract of a leg costs with its fee: as bought, else as planned."""
    position = positions.get(leg)
    if position is not None and position.size > 0:
        return position.cost_basis / position.size
    planned = attempt.plan[leg]
    return (Decimal(planned["cost"]) + Decimal(planned["fee"])) / attempt.planned_size


def _retry_order(
    attempt: ArbAttempt, executor: Executor, *, leg: str, gap: Decimal
) -> Order | None:
    """A retry (unsaved) buying up to `gap` on a short leg, re-priced on its current book and
    within the basket's break-even; None when no such order exists.

    The other legs count at what a unit of each cost (or, not filled yet, was planned to cost):
    the retry may spend the edge the basket holds, never more.
    """
    market = journal.leg_market(attempt, leg)
    book = executor.book(market)
    levels = plan.outcome_levels(
        yes_bids=book.yes_bids, yes_asks=book.yes_asks, outcome=attempt.plan[leg]["outcome"],
        buy=True,
    )
    positions = journal.positions(attempt)
    others = sum(
        (_unit_cost(attempt, other, positions) for other in journal.basket_legs(attempt)
         if other != leg), ZERO,
    )
    payout = attempt.payout_per_unit or ZERO
    own = positions.get(leg)
    own_size, own_cost = (own.size, own.cost_basis) if own is not None else (ZERO, ZERO)
    quote = plan.hedge_reprice(
        levels=levels, needed=gap, leg1_unit_cost=others,
        locked_edge=own_size * (payout - others) - own_cost,
        fee=lambda p, n: market_fee(market, p, n), size_increment=market.size_increment,
        min_size=market.size_increment, payout=payout,
    )
    if quote is None:
        return None
    size = journal.sendable(executor, attempt, leg=leg, action=Action.BUY.value,
                            limit_price=quote.limit_price, size=quote.size)
    if size <= 0:
        return None
    return journal.new_order(attempt, leg=leg, role=Role.RETRY, action=Action.BUY.value,
                             limit_price=quote.limit_price, size=size)


def _step_hedge(attempt: ArbAttempt, executor: Executor) -> bool:
    """Retry each leg short of the longest once (re-priced, within the edge), then unwind."""
    if attempt.state == State.HEDGING and journal.resolved_last(attempt, Role.RETRY, executor) is None:
        return False
    held = journal.basket_held(attempt)
    if len(set(held.values())) == 1:
        journal.transition(attempt, State.HEDGED, reason=f"every leg holds {min(held.values())}")
        return True
    if selectors.kill_switch_active():
        return journal.needs_attention(
            attempt, f"kill switch on: no retry or unwind; {journal.basket_imbalance(attempt)}"
        )
    target = max(held.values())
    retried = _legs_with_orders(attempt, Role.RETRY)
    if int(settings.EVENTSARB_RISK_LEG2_MAX_RETRIES) > 0:
        for leg in journal.basket_legs(attempt):
            if held[leg] >= target or leg in retried:
                continue
            retry = _retry_order(attempt, executor, leg=leg, gap=target - held[leg])
            if retry is None:
                continue
            journal.transition(
                attempt, State.HEDGING, new_order=retry, leg2_retries=attempt.leg2_retries + 1,
                reason=f"retry leg {leg}: {retry.size} @ <= {retry.limit_price}",
            )
            journal.send(retry, executor)
            return True
    return _step_unwind(attempt, executor)


def _step_unwind(attempt: ArbAttempt, executor: Executor) -> bool:
    """Sell each leg's contracts beyond the matched size at the best bids, one leg at a time;
    then unwound, or needs_attention naming the legs still unhedged."""
    if attempt.state == State.UNWINDING and journal.resolved_last(attempt, Role.UNWIND, executor) is None:
        return False
    held = journal.basket_held(attempt)
    matched = min(held.values())
    if attempt.state == State.UNWINDING and len(set(held.values())) == 1:
        journal.transition(attempt, State.UNWOUND, reason=f"excess sold; every leg holds {matched}")
        return True
    if selectors.kill_switch_active():
        return journal.needs_attention(
            attempt, f"kill switch on: no unwind; {journal.basket_imbalance(attempt)}"
        )
    unwound = _legs_with_orders(attempt, Role.UNWIND)
    for leg in journal.basket_legs(attempt):
        excess = held[leg] - matched
        if excess <= 0 or leg in unwound:
            continue
        market = journal.leg_market(attempt, leg)
        book = executor.book(market)
        levels = plan.outcome_levels(
            yes_bids=book.yes_bids, yes_asks=book.yes_asks,
            outcome=attempt.plan[leg]["outcome"], buy=False,
        )
        quote = plan.unwind_quote(levels=levels, size=excess,
                                  size_increment=market.size_increment,
                                  min_size=market.size_increment)
        if quote is None:
            continue
        size = journal.sendable(executor, attempt, leg=leg, action=Action.SELL.value,
                                limit_price=quote[1], size=quote[0])
        if size <= 0:
            continue
        order = journal.new_order(attempt, leg=leg, role=Role.UNWIND, action=Action.SELL.value,
                                  limit_price=quote[1], size=size)
        journal.transition(
            attempt, State.UNWINDING, new_order=order,
            reason=f"selling {size} of leg {leg} @ >= {quote[1]} (basket matched at {matched})",
        )
        journal.send(order, executor)
        return True
    if len(set(held.values())) == 1:
        journal.transition(attempt, State.UNWOUND, reason=f"excess sold; every leg holds {matched}")
        return True
    return journal.needs_attention(
        attempt, f"cannot hedge or unwind: {journal.basket_imbalance(attempt)}"
    )


STEPS: dict[str, Callable[[ArbAttempt, Executor], bool]] = {
    State.PLANNED: _step_cancel,
    State.RISK_CHECKED: _step_cancel,
    State.LEG1_SENT: _step_first_leg_sent,
    State.LEG1_FILLED: _step_next_leg,
    State.LEG1_PARTIAL: _step_next_leg,
    State.LEGS_SENT: _step_next_leg,
    State.LEGS_PARTIAL: _step_hedge,
    State.HEDGING: _step_hedge,
    State.UNWINDING: _step_unwind,
}
