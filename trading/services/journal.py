"""The write-ahead journal: attempt transitions, orders sent exactly once, fills and positions.

Rules every step follows:
- A transition is one conditional UPDATE on (id, state, version); an order is inserted (with its
  client order id) in the same transaction as the transition that sends it, before the venue call
  (write-ahead). A crash anywhere leaves a row recovery can resume from.
- An order is sent exactly once. A call that fails without a definite answer marks the order
  "unknown" and the order is looked up by client order id (or its journaled venue id); never
  re-sent.
- A leg that cannot be hedged or unwound ends in needs_attention with an alert (log, flag on the
  attempt, an open DriftFlag the dashboard lists): never a silent naked leg.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from markets.models import Market
from platforms.base import (
    Action,
    AuthError,
    OrderRejected,
    OrderResult,
    OrderStatus,
    PlatformError,
    RateLimited,
)
from trading import plan, selectors
from trading.executors import Executor
from trading.models import (
    ArbAttempt,
    ArbAttemptEvent,
    DriftFlag,
    Fill,
    Order,
    Position,
)

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
ONE = Decimal(1)


class KillSwitchOn(Exception):
    """The kill switch was turned on after the risk checks read it; nothing was journaled."""


def attempt_insert(
    *, attempt: ArbAttempt, first_order: Order, steps: Sequence[tuple[str, str, str]],
    now: datetime, one_open_index: str,
) -> bool:
    """Journal a new attempt at leg1_sent with its first order, in one transaction: the attempt,
    its (from, to, reason) `steps` as events, then the order. The kill switch is read again
    inside the transaction (the risk checks read it before the book and balance calls, and a
    switch flipped meanwhile must still stop leg 1): raises KillSwitchOn. False when
    `one_open_index` (the partial unique index of open attempts) rejects the insert: another
    worker holds an open attempt, and of two racers only one gets an attempt."""
    try:
        with transaction.atomic():
            if selectors.kill_switch_active():
                raise KillSwitchOn
            attempt.save(force_insert=True)
            ArbAttemptEvent.objects.bulk_create([
                ArbAttemptEvent(attempt=attempt, from_state=f, to_state=t, reason=r, at=now)
                for f, t, r in steps
            ])
            first_order.attempt = attempt
            first_order.save(force_insert=True)
    except IntegrityError as exc:
        if one_open_index in str(exc):
            return False
        raise
    return True

# A worker owns an attempt for this long after its last transition; after that, recovery may
# take it over (a crashed worker's attempt is resumed within about two reconcile intervals). It
# must exceed a venue call plus the lookup after a timeout (EVENTSARB_HTTP_TIMEOUT_S each), so a
# slow but live worker is never mistaken for a dead one.
LEASE_S = 60
# A venue's order lookup may not show an order placed a moment ago (Kalshi's order list and
# Polymarket's /data/order lag the matching engine), so "no such order" is final only for an
# order journaled longer ago than this; sooner it stays unknown, so no retry under a new client
# id can double the hedge while the first order may still exist.
NOT_FOUND_GRACE_S = 15


class StateConflict(Exception):
    """The attempt was moved on by someone else (the conditional UPDATE matched no row)."""


def transition(
    attempt: ArbAttempt, to_state: str, *, reason: str = "", new_order: Order | None = None,
    via: tuple[tuple[str, str], ...] = (), **fields: Any,
) -> None:
    """Move the attempt to `to_state` in one transaction (with the order it is about to send).

    `via` lists the (state, reason) steps passed on the way, journaled as events of the same
    transaction (they lead to no venue call of their own). Raises StateConflict when the row is
    no longer at the state/version this worker read.
    """
    now = timezone.now()
    values: dict[str, Any] = {
        "state": to_state, "version": attempt.version + 1, "updated_at": now,
        "lease_until": now + timedelta(seconds=LEASE_S), **fields,
    }
    if reason:
        values["reason"] = reason
    terminal = to_state in ArbAttempt.TERMINAL_STATES
    if terminal:
        values.update(is_open=False, finished_at=now, lease_until=None)
        values["realised_pnl"] = realised_pnl(attempt)
    # No savepoint: inside a caller's transaction a failure here aborts the whole of it anyway.
    with transaction.atomic(savepoint=False):
        moved = ArbAttempt.objects.filter(
            id=attempt.id, state=attempt.state, version=attempt.version
        ).update(**values)
        if moved == 1:
            states = [attempt.state, *(state for state, _ in via), to_state]
            reasons = [*(why for _, why in via), reason]
            ArbAttemptEvent.objects.bulk_create([
                ArbAttemptEvent(attempt=attempt, from_state=f, to_state=t, reason=r, at=now)
                for f, t, r in zip(states[:-1], states[1:], reasons, strict=True)
            ])
            if new_order is not None:
                new_order.save()
    # Raised outside the block: nothing was written, so a caller's transaction stays usable.
    if moved != 1:
        raise StateConflict(f"attempt {attempt.uid} left {attempt.state} under us")
    for key, value in values.items():
        setattr(attempt, key, value)
    logger.info("attempt %s: -> %s %s", attempt.uid, to_state, reason)


def alert(attempt: ArbAttempt, reason: str, *, kind: str = DriftFlag.Kind.UNHEDGED) -> None:
    """Raise the needs-attention flag: on the attempt, as an open DriftFlag, and in the log."""
    ArbAttempt.objects.filter(id=attempt.id).update(needs_attention=True, attention_reason=reason)
    attempt.needs_attention, attempt.attention_reason = True, reason
    flag(kind=kind, key=f"{kind}:attempt:{attempt.id}", message=reason, attempt=attempt,
          detail={"state": attempt.state, "pair": attempt.pair_id})
    logger.error("ALERT attempt %s pair %s needs attention: %s", attempt.uid, attempt.pair_id, reason)


def flag(
    *, kind: str, key: str, message: str, attempt: ArbAttempt | None = None,
    platform_slug: str = "", detail: dict[str, Any] | None = None,
) -> DriftFlag:
    """Open (or refresh) the unresolved flag with this key."""
    flag = DriftFlag.objects.filter(key=key, resolved_at__isnull=True).first()
    if flag is not None:
        DriftFlag.objects.filter(id=flag.id).update(
            message=message, detail=detail or {}, updated_at=timezone.now()
        )
        return flag
    try:
        with transaction.atomic():
            return DriftFlag.objects.create(
                kind=kind, key=key, message=message, attempt=attempt,
                platform_slug=platform_slug, detail=detail or {},
            )
    except IntegrityError:
        return DriftFlag.objects.get(key=key, resolved_at__isnull=True)


def leg_market(attempt: ArbAttempt, leg: str) -> Market:
    """The market a leg trades: the pair's A or B market, or the basket leg's (from its plan)."""
    if not attempt.is_basket:
        pair = attempt.pair
        assert pair is not None
        return pair.market_a if leg == "a" else pair.market_b
    markets: dict[str, Market] | None = getattr(attempt, "_leg_markets", None)
    if markets is None:
        letters = basket_legs(attempt)
        by_id = Market.objects.select_related("platform").in_bulk(
            [attempt.plan[x]["market_id"] for x in letters]
        )
        markets = {x: by_id[attempt.plan[x]["market_id"]] for x in letters}
        attempt._leg_markets = markets  # type: ignore[attr-defined]
    return markets[leg]


def basket_legs(attempt: ArbAttempt) -> list[str]:
    """A basket's leg letters in send order (thinnest first)."""
    return list(attempt.plan["send_order"])


def other_leg(leg: str) -> str:
    return "b" if leg == "a" else "a"


def new_order(
    attempt: ArbAttempt, *, leg: str, role: str, action: str, limit_price: Decimal, size: Decimal,
    seq: int = 1,
) -> Order:
    """An unsaved order with its client order id chosen now, before anything is sent.

    `seq` numbers orders of one role (retries); the id is unique per attempt, role and seq (and
    leg, for a basket, whose roles repeat across legs).
    """
    market = leg_market(attempt, leg)
    client_order_id = f"{attempt.uid}-{role}-{seq}"
    if attempt.is_basket:
        client_order_id = f"{attempt.uid}-{role}-{leg}{seq}"
    return Order(
        attempt=attempt, leg=leg, role=role, mode=attempt.mode,
        platform_slug=market.platform.slug, market=market,
        outcome=attempt.plan[leg]["outcome"], action=action, limit_price=limit_price, size=size,
        client_order_id=client_order_id,
    )


def _status_from(result: OrderResult, size: Decimal) -> str:
    if result.status is OrderStatus.REJECTED and result.filled_size <= 0:
        return Order.Status.REJECTED
    if result.filled_size >= size:
        return Order.Status.FILLED
    if result.filled_size > 0:
        return Order.Status.PARTIAL
    return Order.Status.CANCELED


@transaction.atomic(savepoint=False)
def order_apply_result(order: Order, result: OrderResult) -> None:
    """Record the venue's answer for an order: status, fill (actual fee) and position. Idempotent.

    One transaction, or part of the caller's (then without a savepoint).
    """
    now = timezone.now()
    if result.status is OrderStatus.RESTING:
        # Still on the book (Polymarket "live"/"delayed"): it may yet fill, so nothing is final;
        # keep it unknown with its venue id, to be looked up (and cancelled) later.
        if Order.objects.filter(id=order.id, status__in=Order.UNRESOLVED).update(
            status=Order.Status.UNKNOWN, updated_at=now,
            venue_order_id=result.venue_order_id or order.venue_order_id,
        ):
            order.status = Order.Status.UNKNOWN
            order.venue_order_id = result.venue_order_id or order.venue_order_id
        else:
            order.refresh_from_db()
        return
    values = {
        "status": _status_from(result, order.size),
        "venue_order_id": result.venue_order_id or order.venue_order_id,
        "filled_size": result.filled_size, "average_price": result.average_price,
        "fee_paid": result.fee_paid, "resolved_at": now, "updated_at": now,
    }
    done = Order.objects.filter(id=order.id, status__in=Order.UNRESOLVED).update(**values)
    late = False
    if not done and result.filled_size > 0:
        # Marked not placed (a lookup past the grace found nothing), yet the venue reports a
        # fill: a request that reached it very late. The venue's word wins: book the fill,
        # then flag the attempt, whose hedge was decided without it.
        late = bool(Order.objects.filter(id=order.id, status=Order.Status.NOT_PLACED).update(
            **values, error=f"filled after it was marked not placed ({order.error})"[:2000]))
    if not done and not late:
        order.refresh_from_db()
        return
    for key, value in values.items():
        setattr(order, key, value)
    filled, price, fee = result.filled_size, result.average_price, result.fee_paid
    if filled > 0 and price is not None:
        Fill.objects.create(
            order=order, venue_fill_id=result.venue_order_id or order.client_order_id,
            price=price, size=filled, fee=fee, ts=now,
        )
        _position_apply(order, filled=filled, price=price, fee=fee, now=now)
    if late:
        attempt = ArbAttempt.objects.get(id=order.attempt_id)
        if attempt.is_basket:
            alert(attempt, f"order {order.client_order_id} filled {filled} after it was marked "
                           f"not placed: {basket_imbalance(attempt) or 'legs now even'}")
            return
        held1, held2 = held(attempt)
        alert(attempt, f"order {order.client_order_id} filled {filled} after it was marked not "
                       f"placed: leg 1 holds {held1}, leg 2 {held2}, {abs(held1 - held2)} "
                       f"unhedged")


def _position_apply(
    order: Order, *, filled: Decimal, price: Decimal, fee: Decimal, now: Any
) -> None:
    """Add a fill to the attempt's position on the order's leg (inside the caller's transaction).

    A buy adds contracts and their cost (price plus fee); a sell releases the average cost of the
    contracts sold and books proceeds - fee - released cost as realised P&L.
    """
    if order.action == Action.BUY.value:
        _position_add(order, filled=filled, added=filled * price + fee, fee=fee, now=now)
        return
    position = Position.objects.filter(
        attempt_id=order.attempt_id, leg=order.leg
    ).select_for_update().get()
    released = position.cost_basis * filled / position.size if position.size else ZERO
    position.realised_pnl += filled * price - fee - released
    position.cost_basis -= released
    position.size -= filled
    position.fees_paid += fee
    position.save()


# A buy's position as one upsert on (attempt, leg): leg 1's first fill would otherwise cost an
# UPDATE finding nothing, then an INSERT (bench/bench_execution.py). PostgreSQL and SQLite
# (3.24+) both run it.
_POSITION_ADD_SQL = """
INSERT INTO trading_position (created_at, updated_at, attempt_id, leg, mode, platform_slug,
    market_id, outcome, size, cost_basis, fees_paid, realised_pnl)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0)
ON CONFLICT (attempt_id, leg) DO UPDATE SET
    size = trading_position.size + excluded.size,
    cost_basis = trading_position.cost_basis + excluded.cost_basis,
    fees_paid = trading_position.fees_paid + excluded.fees_paid,
    updated_at = excluded.updated_at
"""


def _position_add(order: Order, *, filled: Decimal, added: Decimal, fee: Decimal, now: Any) -> None:
    """Add bought contracts and their cost to the order's leg position, creating it if absent."""
    money = Position._meta.get_field("size")
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_POSITION_ADD_SQL, [
            at, at, order.attempt_id, order.leg, order.mode, order.platform_slug,
            order.market_id, order.outcome,
            *(money.get_db_prep_save(v, connection) for v in (filled, added, fee)),
        ])


def order_mark(order: Order, status: str, *, error: str = "") -> None:
    """Set a final or unknown status on an order we did not get a fill answer for."""
    now = timezone.now()
    resolved = None if status == Order.Status.UNKNOWN else now
    values = {"status": status, "error": error[:2000], "resolved_at": resolved, "updated_at": now}
    if Order.objects.filter(id=order.id, status__in=Order.UNRESOLVED).update(**values):
        for key, value in values.items():
            setattr(order, key, value)
    else:
        order.refresh_from_db()


def resolve(order: Order, executor: Executor) -> bool:
    """Look an unresolved order up by client order id; True once its outcome is known.

    An order still resting after NOT_FOUND_GRACE_S is cancelled, then looked up again.
    """
    young = order.created_at > timezone.now() - timedelta(seconds=NOT_FOUND_GRACE_S)
    try:
        result = executor.lookup(order)
        if result is not None and result.status is OrderStatus.RESTING and not young:
            order_apply_result(order, result)  # journals the venue id the cancel needs
            logger.warning("order %s: still resting, cancelling", order.client_order_id)
            try:
                executor.cancel(order)
            except OrderRejected as exc:
                # Matched or gone meanwhile ("not_canceled", "not_found"): the lookup below
                # says what it finally traded. Only a failed call (5xx, timeout) waits.
                logger.warning("order %s: cancel refused: %s", order.client_order_id, exc)
            result = executor.lookup(order)
    except PlatformError as exc:
        Order.objects.filter(id=order.id).update(error=f"lookup: {type(exc).__name__}: {exc}"[:2000])
        logger.warning("order %s: lookup failed: %s", order.client_order_id, exc)
        return False
    if result is not None and result.status is OrderStatus.RESTING:
        order_apply_result(order, result)
        return False
    if result is None:
        if young:
            # Too soon to trust "no such order": keep it unknown and look again later.
            order_mark(order, Order.Status.UNKNOWN, error=order.error or "not yet visible")
            return False
        order_mark(order, Order.Status.NOT_PLACED, error=order.error or "venue has no such order")
    else:
        order_apply_result(order, result)
    return True


def place(order: Order, executor: Executor) -> OrderResult | None:
    """Send a journaled order once and return the venue's answer, not yet recorded.

    A rejection is recorded here; without a definite answer the order is marked unknown and looked
    up instead of resent. Both return None. The caller records a returned answer with
    order_apply_result (a crash before that leaves the order "sent": recovery looks it up).
    """
    try:
        return executor.place(order)
    except OrderRejected as exc:
        order_mark(order, Order.Status.REJECTED, error=f"{exc.code}: {exc}")
    except (RateLimited, AuthError) as exc:
        # Refused at the gate (our bucket, the venue's 429, 401/403): the order never reached
        # the matching engine, so it is definitely not placed and needs no lookup.
        order_mark(order, Order.Status.NOT_PLACED, error=f"{type(exc).__name__}: {exc}")
    except PlatformError as exc:
        order_mark(order, Order.Status.UNKNOWN, error=f"{type(exc).__name__}: {exc}")
        resolve(order, executor)
    return None


def send(order: Order, executor: Executor) -> None:
    """Send a journaled order once and record the outcome (see place)."""
    result = place(order, executor)
    if result is not None:
        order_apply_result(order, result)


def positions(attempt: ArbAttempt) -> dict[str, Position]:
    return {p.leg: p for p in Position.objects.filter(attempt=attempt)}


def held(attempt: ArbAttempt) -> tuple[Decimal, Decimal]:
    """(leg-1 contracts held, leg-2 contracts held)."""
    size = dict(Position.objects.filter(attempt=attempt).values_list("leg", "size"))
    return size.get(attempt.leg1, ZERO), size.get(other_leg(attempt.leg1), ZERO)


def basket_held(attempt: ArbAttempt) -> dict[str, Decimal]:
    """Contracts each leg of a basket holds, by leg letter (0 for a leg never filled)."""
    size = dict(Position.objects.filter(attempt=attempt).values_list("leg", "size"))
    return {leg: size.get(leg, ZERO) for leg in basket_legs(attempt)}


def basket_imbalance(attempt: ArbAttempt) -> str:
    """The legs holding more than the basket's matched size, named for a person ("" if none)."""
    held_by_leg = basket_held(attempt)
    matched = min(held_by_leg.values())
    parts = []
    for leg, size in held_by_leg.items():
        if size > matched:
            market = leg_market(attempt, leg)
            parts.append(
                f"leg {leg} ({market.platform.slug}:{market.external_id} "
                f"{attempt.plan[leg]['outcome']}) holds {size}: {size - matched} unhedged"
            )
    if not parts:
        return ""
    return f"{'; '.join(parts)} (the basket is matched at {matched})"


def realised_pnl(attempt: ArbAttempt) -> Decimal:
    """Locked-in edge of the hedged contracts (each pair pays 1, each basket unit its payout)
    plus any unwind result."""
    if attempt.is_basket:
        return basket_realised_pnl(attempt, list(Position.objects.filter(attempt=attempt)))
    pos = positions(attempt)
    a, b = pos.get("a"), pos.get("b")
    realised = sum((p.realised_pnl for p in pos.values()), ZERO)
    if a is not None and b is not None and a.size > 0 and b.size > 0:
        matched = min(a.size, b.size)
        unit = a.cost_basis / a.size + b.cost_basis / b.size
        realised += matched * (ONE - unit)
    return realised


def basket_realised_pnl(attempt: ArbAttempt, held_positions: list[Position]) -> Decimal:
    """Realised P&L of a basket: what its legs booked (sales, settlement) plus the edge of the
    matched units, each paying payout_per_unit at settlement."""
    realised = sum((p.realised_pnl for p in held_positions), ZERO)
    by_leg = {p.leg: p for p in held_positions}
    legs = [by_leg.get(leg) for leg in basket_legs(attempt)]
    if any(p is None or p.size <= 0 for p in legs):
        return realised
    matched = min(p.size for p in legs if p is not None)
    unit = sum((p.cost_basis / p.size for p in legs if p is not None), ZERO)
    payout = attempt.payout_per_unit or ZERO
    return realised + matched * (payout - unit)


def sendable(
    executor: Executor, attempt: ArbAttempt, *, leg: str, action: str, limit_price: Decimal,
    size: Decimal,
) -> Decimal:
    """What the leg's venue would carry of an order for `size` (0 when it cannot be sent)."""
    market = leg_market(attempt, leg)
    size = plan.round_down(size, market.size_increment)
    if size <= 0:
        return ZERO
    try:
        return executor.sendable_size(
            market, outcome=attempt.plan[leg]["outcome"], action=action,
            limit_price=limit_price, size=size,
        )
    except OrderRejected:
        # Below the venue's minimum (Polymarket: $1 for a FAK, the share minimum for a limit
        # order) or nothing left after its lot rounding.
        return ZERO


def needs_attention(attempt: ArbAttempt, reason: str) -> bool:
    """End the attempt at needs_attention with an alert; True (the driver's step went on)."""
    # The flag is set by the transition itself, so even a crash right after it leaves the
    # attempt flagged; the DriftFlag and the log line follow.
    transition(
        attempt, State.NEEDS_ATTENTION, reason=reason, needs_attention=True,
        attention_reason=reason,
    )
    alert(attempt, reason)
    return True


def _last_order(attempt: ArbAttempt, role: str) -> Order | None:
    """The latest order of a role, read from the journal (the journal is the only truth: an
    in-process cache keyed by role would also confuse a basket's legs, which share roles)."""
    return (
        Order.objects.select_related("market__platform")
        .filter(attempt=attempt, role=role).order_by("-id").first()
    )


def resolved_last(attempt: ArbAttempt, role: str, executor: Executor) -> Order | None:
    """The last order of a role, looked up first if its outcome is unknown; None if still unknown."""
    order = _last_order(attempt, role)
    if order is None:
        return None
    if order.status in Order.UNRESOLVED and not resolve(order, executor):
        return None
    return order
