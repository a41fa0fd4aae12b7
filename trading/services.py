"""Writes for trading: the kill switch, the attempt state machine, recovery and reconciliation.

The state machine (docs in trading/models.py and DESIGN.md):

    planned -> risk_checked -> leg1_sent -> leg1_filled | leg1_partial | leg1_failed
    leg1_filled|leg1_partial -> leg2_sent -> complete | leg2_partial
    leg2_partial -> hedging (re-priced retries) -> hedged | unwinding -> unwound | needs_attention

Rules every step follows:
- A transition is one conditional UPDATE on (id, state, version); an order is inserted (with its
  client order id) in the same transaction as the transition that sends it, before the venue call
  (write-ahead). A crash anywhere leaves a row recovery can resume from.
- Only a transition that leads to a venue call needs its own durable commit. Writes that lead to
  none ride in the transaction of the next one: a new attempt is inserted already at leg1_sent
  (planned and risk_checked journaled with it), and leg 1's answer, its leg1_filled|partial and
  leg2_sent with leg 2's order are one transaction. So two commits precede leg 2's send; leg 2's
  answer and complete|leg2_partial are a third.
- An order is sent exactly once. A call that fails without a definite answer marks the order
  "unknown" and the order is looked up by client order id; never re-sent.
- A leg that cannot be hedged or unwound ends in needs_attention with an alert (log, flag on the
  attempt, an open DriftFlag the dashboard lists): never a silent naked leg.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

import pricing
from arbitrage.models import Opportunity
from arbitrage.services import market_leg_input, max_slippage_setting
from markets.models import Market
from platforms.base import (
    Action,
    AuthError,
    BookSnapshot,
    OrderRejected,
    OrderResult,
    OrderStatus,
    PlatformError,
    RateLimited,
)
from trading import plan, risk, selectors
from trading.executors import BookView, Executor, executor_for, market_fee
from trading.models import (
    ArbAttempt,
    ArbAttemptEvent,
    DriftFlag,
    Fill,
    KillSwitch,
    Order,
    Position,
    RiskRefusal,
    TradingMode,
)

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
ONE = Decimal(1)

# A worker owns an attempt for this long after its last transition; after that, recovery may
# take it over (a crashed worker's attempt is resumed within about two reconcile intervals). It
# must exceed a venue call plus the lookup after a timeout (EVENTSARB_HTTP_TIMEOUT_S each), so a
# slow but live worker is never mistaken for a dead one.
LEASE_S = 60
# An order still unresolved this long after it was written is flagged for a person.
STUCK_AFTER_S = 300
# A venue's order lookup may not show an order placed a moment ago (Kalshi's order list and
# Polymarket's /data/order lag the matching engine), so "no such order" is final only for an
# order journaled longer ago than this; sooner it stays unknown, so no retry under a new client
# id can double the hedge while the first order may still exist.
NOT_FOUND_GRACE_S = 15
# How far back reconciliation compares venue fills with the journal.
RECONCILE_FILLS_WINDOW = timedelta(hours=24)


class StateConflict(Exception):
    """The attempt was moved on by someone else (the conditional UPDATE matched no row)."""


# --- kill switch ------------------------------------------------------------------------------
@transaction.atomic
def kill_switch_set(*, enabled: bool, user: Any, reason: str = "") -> KillSwitch:
    """Turn the DB kill switch on or off, recording who did it and why.

    Takes effect at once: new attempts check it before planning, and running attempts check it
    again before any leg-2 retry or unwind. `user` may be None (system). Idempotent.
    """
    switch, _ = KillSwitch.objects.select_for_update().get_or_create(id=KillSwitch.SINGLETON_ID)
    switch.enabled = enabled
    switch.reason = reason
    switch.changed_by = user if getattr(user, "pk", None) else None
    switch.changed_at = timezone.now()
    switch.save()
    logger.warning(
        "kill switch %s by %s: %s", "ON" if enabled else "off",
        getattr(user, "username", "system"), reason or "-",
    )
    return switch


@transaction.atomic
def attempt_attention_resolve(*, attempt: ArbAttempt, user: Any, note: str = "") -> ArbAttempt:
    """A person has dealt with a flagged attempt: clear its flag and resolve its open DriftFlags.

    The journal itself is not changed (positions stay as the venues hold them); the note is
    appended to the attempt's attention reason for the record. Idempotent.
    """
    now = timezone.now()
    who = getattr(user, "username", "system")
    reason = f"{attempt.attention_reason}\nresolved by {who} at {now:%Y-%m-%d %H:%M}: {note}"
    ArbAttempt.objects.filter(id=attempt.id, attention_resolved_at__isnull=True).update(
        needs_attention=False, attention_resolved_at=now, attention_reason=reason.strip()
    )
    DriftFlag.objects.filter(attempt=attempt, resolved_at__isnull=True).update(resolved_at=now)
    attempt.refresh_from_db()
    logger.warning("attempt %s attention resolved by %s: %s", attempt.uid, who, note or "-")
    return attempt


def drift_flag_resolve(*, flag: DriftFlag, user: Any, note: str = "") -> DriftFlag:
    """Mark one drift flag as dealt with (a later reconcile run reopens it if the drift remains)."""
    now = timezone.now()
    DriftFlag.objects.filter(id=flag.id, resolved_at__isnull=True).update(
        resolved_at=now, detail={**flag.detail, "resolved_by": getattr(user, "username", "system"),
                                 "note": note},
    )
    flag.refresh_from_db()
    return flag


# --- journal primitives -----------------------------------------------------------------------
def risk_limits() -> risk.RiskLimits:
    """The risk limits from settings (EVENTSARB_RISK_*)."""
    return risk.RiskLimits(
        max_notional_per_attempt=Decimal(str(settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_ATTEMPT)),
        max_notional_per_pair=Decimal(str(settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_PAIR)),
        max_notional_per_venue=Decimal(str(settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_VENUE)),
        max_daily_loss=Decimal(str(settings.EVENTSARB_RISK_MAX_DAILY_LOSS)),
        max_open_attempts=int(settings.EVENTSARB_RISK_MAX_OPEN_ATTEMPTS),
        max_quote_age_s=float(settings.EVENTSARB_RISK_MAX_QUOTE_AGE_S),
        min_net_profit=Decimal(str(settings.EVENTSARB_RISK_MIN_NET_PROFIT)),
        min_return=Decimal(str(settings.EVENTSARB_RISK_MIN_RETURN)),
    )


def _transition(
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
        values["realised_pnl"] = _realised_pnl(attempt)
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
    if new_order is not None:
        # The driver reads this order next: keep the instance (its result is set on it in place).
        _sent_orders(attempt)[new_order.role] = new_order
    logger.info("attempt %s: -> %s %s", attempt.uid, to_state, reason)


def _alert(attempt: ArbAttempt, reason: str, *, kind: str = DriftFlag.Kind.UNHEDGED) -> None:
    """Raise the needs-attention flag: on the attempt, as an open DriftFlag, and in the log."""
    ArbAttempt.objects.filter(id=attempt.id).update(needs_attention=True, attention_reason=reason)
    attempt.needs_attention, attempt.attention_reason = True, reason
    _flag(kind=kind, key=f"{kind}:attempt:{attempt.id}", message=reason, attempt=attempt,
          detail={"state": attempt.state, "pair": attempt.pair_id})
    logger.error("ALERT attempt %s pair %s needs attention: %s", attempt.uid, attempt.pair_id, reason)


def _flag(
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


def _leg_market(attempt: ArbAttempt, leg: str) -> Market:
    pair = attempt.pair
    return pair.market_a if leg == "a" else pair.market_b


def _other(leg: str) -> str:
    return "b" if leg == "a" else "a"


def _new_order(
    attempt: ArbAttempt, *, leg: str, role: str, action: str, limit_price: Decimal, size: Decimal,
    seq: int = 1,
) -> Order:
    """An unsaved order with its client order id chosen now, before anything is sent.

    `seq` numbers orders of one role (retries); the id is unique per attempt, role and seq.
    """
    market = _leg_market(attempt, leg)
    return Order(
        attempt=attempt, leg=leg, role=role, mode=attempt.mode,
        platform_slug=market.platform.slug, market=market,
        outcome=attempt.plan[leg]["outcome"], action=action, limit_price=limit_price, size=size,
        client_order_id=f"{attempt.uid}-{role}-{seq}",
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
def _order_apply_result(order: Order, result: OrderResult) -> None:
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
    if not done:
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


def _order_mark(order: Order, status: str, *, error: str = "") -> None:
    """Set a final or unknown status on an order we did not get a fill answer for."""
    now = timezone.now()
    resolved = None if status == Order.Status.UNKNOWN else now
    values = {"status": status, "error": error[:2000], "resolved_at": resolved, "updated_at": now}
    if Order.objects.filter(id=order.id, status__in=Order.UNRESOLVED).update(**values):
        for key, value in values.items():
            setattr(order, key, value)
    else:
        order.refresh_from_db()


def _resolve(order: Order, executor: Executor) -> bool:
    """Look an unresolved order up by client order id; True once its outcome is known.

    An order still resting after NOT_FOUND_GRACE_S is cancelled, then looked up again.
    """
    young = order.created_at > timezone.now() - timedelta(seconds=NOT_FOUND_GRACE_S)
    try:
        result = executor.lookup(order)
        if result is not None and result.status is OrderStatus.RESTING and not young:
            _order_apply_result(order, result)  # journals the venue id the cancel needs
            logger.warning("order %s: still resting, cancelling", order.client_order_id)
            executor.cancel(order)
            result = executor.lookup(order)
    except PlatformError as exc:
        Order.objects.filter(id=order.id).update(error=f"lookup: {type(exc).__name__}: {exc}"[:2000])
        logger.warning("order %s: lookup failed: %s", order.client_order_id, exc)
        return False
    if result is not None and result.status is OrderStatus.RESTING:
        _order_apply_result(order, result)
        return False
    if result is None:
        if young:
            # Too soon to trust "no such order": keep it unknown and look again later.
            _order_mark(order, Order.Status.UNKNOWN, error=order.error or "not yet visible")
            return False
        _order_mark(order, Order.Status.NOT_PLACED, error=order.error or "venue has no such order")
    else:
        _order_apply_result(order, result)
    return True


def _place(order: Order, executor: Executor) -> OrderResult | None:
    """Send a journaled order once and return the venue's answer, not yet recorded.

    A rejection is recorded here; without a definite answer the order is marked unknown and looked
    up instead of resent. Both return None. The caller records a returned answer with
    _order_apply_result (a crash before that leaves the order "sent": recovery looks it up).
    """
    try:
        return executor.place(order)
    except OrderRejected as exc:
        _order_mark(order, Order.Status.REJECTED, error=f"{exc.code}: {exc}")
    except (RateLimited, AuthError) as exc:
        # Refused at the gate (our bucket, the venue's 429, 401/403): the order never reached
        # the matching engine, so it is definitely not placed and needs no lookup.
        _order_mark(order, Order.Status.NOT_PLACED, error=f"{type(exc).__name__}: {exc}")
    except PlatformError as exc:
        _order_mark(order, Order.Status.UNKNOWN, error=f"{type(exc).__name__}: {exc}")
        _resolve(order, executor)
    return None


def _send(order: Order, executor: Executor) -> None:
    """Send a journaled order once and record the outcome (see _place)."""
    result = _place(order, executor)
    if result is not None:
        _order_apply_result(order, result)


# --- the state machine ------------------------------------------------------------------------
def _positions(attempt: ArbAttempt) -> dict[str, Position]:
    return {p.leg: p for p in Position.objects.filter(attempt=attempt)}


def _held(attempt: ArbAttempt) -> tuple[Decimal, Decimal]:
    """(leg-1 contracts held, leg-2 contracts held)."""
    size = dict(Position.objects.filter(attempt=attempt).values_list("leg", "size"))
    return size.get(attempt.leg1, ZERO), size.get(_other(attempt.leg1), ZERO)


def _realised_pnl(attempt: ArbAttempt) -> Decimal:
    """Locked-in edge of the hedged contracts (each pair pays 1) plus any unwind result."""
    pos = _positions(attempt)
    a, b = pos.get("a"), pos.get("b")
    realised = sum((p.realised_pnl for p in pos.values()), ZERO)
    if a is not None and b is not None and a.size > 0 and b.size > 0:
        matched = min(a.size, b.size)
        unit = a.cost_basis / a.size + b.cost_basis / b.size
        realised += matched * (ONE - unit)
    return realised


def _sent_orders(attempt: ArbAttempt) -> dict[str, Order]:
    """The orders this process sent for the attempt, by role (latest of each)."""
    cache: dict[str, Order] | None = getattr(attempt, "_sent_orders", None)
    if cache is None:
        cache = {}
        attempt._sent_orders = cache  # type: ignore[attr-defined]
    return cache


def _last_order(attempt: ArbAttempt, role: str) -> Order | None:
    """The latest order of a role: the one this process just sent, else read from the journal."""
    cached = _sent_orders(attempt).get(role)
    if cached is not None:
        return cached
    return (
        Order.objects.select_related("market__platform")
        .filter(attempt=attempt, role=role).order_by("-id").first()
    )


def _resolved_last(attempt: ArbAttempt, role: str, executor: Executor) -> Order | None:
    """The last order of a role, looked up first if its outcome is unknown; None if still unknown."""
    order = _last_order(attempt, role)
    if order is None:
        return None
    if order.status in Order.UNRESOLVED and not _resolve(order, executor):
        return None
    return order


def _step_cancel(attempt: ArbAttempt, executor: Executor) -> bool:
    _transition(attempt, State.CANCELED, reason="recovered before any order was sent")
    return True


def _step_leg1_sent(attempt: ArbAttempt, executor: Executor) -> bool:
    order = _resolved_last(attempt, Order.Role.LEG1, executor)
    if order is None:
        return False
    state, why = _leg1_outcome(attempt, order)
    _transition(attempt, state, reason=why)
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
    leg2 = _other(attempt.leg1)
    market = _leg_market(attempt, leg2)
    held1, held2 = _held(attempt)
    size = plan.round_down(held1 - held2, market.size_increment)
    if size <= 0 or size < market.min_order_size:
        return None, size
    order = _new_order(
        attempt, leg=leg2, role=Order.Role.LEG2, action=Action.BUY.value,
        limit_price=Decimal(attempt.plan[leg2]["limit_price"]), size=size,
    )
    return order, size


def _step_send_leg2(attempt: ArbAttempt, executor: Executor) -> bool:
    order, size = _leg2_order(attempt)
    if order is None:
        return _start_unwind(attempt, executor, why=f"leg 2 size {size} below venue minimum")
    _transition(attempt, State.LEG2_SENT, reason=f"leg 2 for {size}", new_order=order)
    _send(order, executor)
    return True


def _leg1_answered(
    attempt: ArbAttempt, order: Order, result: OrderResult | None
) -> Order | None:
    """After leg 1's send, in one transaction: its answer, its outcome, and leg 2's journal entry.

    Returns leg 2's order (journaled at leg2_sent, to send once this commits), or None when the
    driver must take over (leg 1 unresolved or unfilled, or leg 2 too small to send). Nothing
    here calls a venue, so the transaction holds no lock across a network call.
    """
    with transaction.atomic():
        if result is not None:
            _order_apply_result(order, result)
        if order.status in Order.UNRESOLVED:
            return None
        state, why = _leg1_outcome(attempt, order)
        leg2, size = _leg2_order(attempt) if state != State.LEG1_FAILED else (None, ZERO)
        if leg2 is None:
            _transition(attempt, state, reason=why)
            return None
        _transition(attempt, State.LEG2_SENT, reason=f"leg 2 for {size}", via=((state, why),),
                    new_order=leg2)
        return leg2


def _leg2_answered(attempt: ArbAttempt, order: Order, result: OrderResult | None) -> None:
    """After leg 2's send, in one transaction: its answer and complete | leg2_partial.

    Neither leads to a venue call of its own (a retry journals its own transition first), so
    they share a commit. Left at leg2_sent when leg 2's outcome is still unknown.
    """
    with transaction.atomic():
        if result is not None:
            _order_apply_result(order, result)
        if order.status not in Order.UNRESOLVED:
            _leg2_outcome(attempt)


def _step_leg2_sent(attempt: ArbAttempt, executor: Executor) -> bool:
    if _resolved_last(attempt, Order.Role.LEG2, executor) is None:
        return False
    _leg2_outcome(attempt)
    return True


def _leg2_outcome(attempt: ArbAttempt) -> None:
    """leg2_sent -> complete | leg2_partial, from the legs' positions once leg 2 is resolved."""
    held1, held2 = _held(attempt)
    if held1 == held2:
        _transition(attempt, State.COMPLETE, reason=f"both legs hold {held1}")
    else:
        _transition(attempt, State.LEG2_PARTIAL, reason=f"leg 1 holds {held1}, leg 2 {held2}")


def _step_hedge(attempt: ArbAttempt, executor: Executor) -> bool:
    """After a short leg 2: re-priced retries within the remaining edge, then unwind."""
    if attempt.state == State.HEDGING and _resolved_last(attempt, Order.Role.RETRY, executor) is None:
        return False
    held1, held2 = _held(attempt)
    excess = held1 - held2
    if excess == 0:
        _transition(attempt, State.HEDGED, reason=f"both legs hold {held1}")
        return True
    if excess < 0:
        return _needs_attention(attempt, f"leg 2 holds {held2}, more than leg 1's {held1}")
    if selectors.kill_switch_active():
        return _needs_attention(
            attempt, f"kill switch on: no retry or unwind; {excess} contracts of leg 1 unhedged"
        )
    if attempt.leg2_retries < int(settings.EVENTSARB_RISK_LEG2_MAX_RETRIES):
        leg2 = _other(attempt.leg1)
        market = _leg_market(attempt, leg2)
        outcome = attempt.plan[leg2]["outcome"]
        book = executor.book(market)
        levels = plan.outcome_levels(
            yes_bids=book.yes_bids, yes_asks=book.yes_asks, outcome=outcome, buy=True
        )
        pos = _positions(attempt)
        leg1_pos, leg2_pos = pos[attempt.leg1], pos.get(leg2)
        leg1_unit = leg1_pos.cost_basis / leg1_pos.size
        locked = held2 * (ONE - leg1_unit) - (leg2_pos.cost_basis if leg2_pos else ZERO)
        quote = plan.hedge_reprice(
            levels=levels, needed=excess, leg1_unit_cost=leg1_unit, locked_edge=locked,
            fee=lambda p, n: market_fee(market, p, n), size_increment=market.size_increment,
            min_size=market.min_order_size,
        )
        if quote is not None:
            order = _new_order(
                attempt, leg=leg2, role=Order.Role.RETRY, action=Action.BUY.value,
                limit_price=quote.limit_price, size=quote.size, seq=attempt.leg2_retries + 1,
            )
            _transition(
                attempt, State.HEDGING, new_order=order, leg2_retries=attempt.leg2_retries + 1,
                reason=f"retry {attempt.leg2_retries + 1}: {quote.size} @ <= {quote.limit_price}",
            )
            _send(order, executor)
            return True
    return _start_unwind(attempt, executor, why=f"{excess} unhedged after leg 2")


def _start_unwind(attempt: ArbAttempt, executor: Executor, *, why: str) -> bool:
    """Sell leg 1's excess at the best available price (or flag it when that is impossible)."""
    held1, held2 = _held(attempt)
    excess = held1 - held2
    if selectors.kill_switch_active():
        return _needs_attention(attempt, f"kill switch on: no unwind; {why}")
    market = _leg_market(attempt, attempt.leg1)
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
    order = _new_order(
        attempt, leg=attempt.leg1, role=Order.Role.UNWIND, action=Action.SELL.value,
        limit_price=limit, size=size,
    )
    _transition(attempt, State.UNWINDING, reason=f"{why}; selling {size} @ >= {limit}",
                new_order=order)
    _send(order, executor)
    return True


def _step_unwinding(attempt: ArbAttempt, executor: Executor) -> bool:
    if _resolved_last(attempt, Order.Role.UNWIND, executor) is None:
        return False
    held1, held2 = _held(attempt)
    if held1 == held2:
        _transition(attempt, State.UNWOUND, reason=f"excess sold; both legs hold {held1}")
        return True
    return _needs_attention(attempt, f"unwind left leg 1 at {held1} vs leg 2 at {held2}")


def _needs_attention(attempt: ArbAttempt, reason: str) -> bool:
    # The flag is set by the transition itself, so even a crash right after it leaves the
    # attempt flagged; the DriftFlag and the log line follow.
    _transition(
        attempt, State.NEEDS_ATTENTION, reason=reason, needs_attention=True,
        attention_reason=reason,
    )
    _alert(attempt, reason)
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


# --- from opportunity to attempt --------------------------------------------------------------
@dataclass(frozen=True)
class ExecuteResult:
    attempt: ArbAttempt | None
    refusals: tuple[risk.Refusal, ...] = ()
    skipped: str = ""


def opportunity_plan(
    *, opportunity: Opportunity, executor: Executor, limits: risk.RiskLimits,
    reread_books: bool = True,
) -> tuple[plan.AttemptPlan | None, BookView, BookView]:
    """Re-evaluate an opportunity on the executor's current books: (plan, book A, book B).

    The arbitrage engine re-optimises the opportunity's direction on the books as they are now
    (paper: less the depth earlier paper orders took), within the per-attempt notional limit;
    None when that direction no longer profits. The slippage cap (EVENTSARB_MAX_SLIPPAGE) is the
    scan's, so a trade never walks deeper than the cap its opportunity was found under.
    `reread_books=False` trusts the book pointers of the pair's markets as loaded (they were
    read just now).
    """
    pair = opportunity.pair
    books = (
        executor.book(pair.market_a, reread=reread_books),
        executor.book(pair.market_b, reread=reread_books),
    )
    leg_a, leg_b = (
        market_leg_input(market=market, book=BookSnapshot(
            market_external_id=market.external_id, yes_bids=view.yes_bids,
            yes_asks=view.yes_asks,
        ))
        for market, view in zip((pair.market_a, pair.market_b), books, strict=True)
    )
    found = pricing.evaluate(
        leg_a, leg_b, direction=opportunity.direction,
        budget=limits.max_notional_per_attempt, now=timezone.now(),
        max_slippage=max_slippage_setting(),
    )
    if found is None:
        return None, books[0], books[1]
    levels_a, levels_b = (
        plan.outcome_levels(yes_bids=view.yes_bids, yes_asks=view.yes_asks, outcome=leg.outcome,
                            buy=True)
        for view, leg in zip(books, (found.a, found.b), strict=True)
    )
    return plan.attempt_plan_from(found, levels_a=levels_a, levels_b=levels_b), books[0], books[1]


def _refusals_record(
    opportunity: Opportunity, mode: str, refusals: list[risk.Refusal]
) -> None:
    """One row per (opportunity, code): repeated refusals bump its count and time."""
    now = timezone.now()
    for refusal in refusals:
        updated = RiskRefusal.objects.filter(
            opportunity=opportunity, code=refusal.code, mode=mode
        ).update(message=refusal.message, last_at=now, updated_at=now,
                 count=F("count") + 1)
        if not updated:
            RiskRefusal.objects.create(
                opportunity=opportunity, pair_id=opportunity.pair_id, mode=mode,
                code=refusal.code, message=refusal.message, last_at=now,
            )


# The partial unique index behind "one open attempt per pair" (trading.models.ArbAttempt.Meta).
_ONE_OPEN_PER_PAIR = "attempt_one_open_per_pair"


class _KillSwitchOn(Exception):
    """The kill switch was turned on after the risk checks read it; nothing was journaled."""


def _attempt_open(
    *, opportunity: Opportunity, mode: str, attempt_plan: plan.AttemptPlan
) -> tuple[ArbAttempt, Order] | None:
    """Journal a new attempt at leg1_sent with leg 1's order, in one transaction: (attempt, order).

    planned and risk_checked lead to no venue call, so they are journaled (as events) in the
    same commit as leg1_sent, the write that must precede leg 1's send. None when the pair
    already has an open attempt: the partial unique index on open attempts per pair rejects
    the insert, so of two racing workers only one gets here with an attempt. Raises
    _KillSwitchOn when the kill switch is on at the time of the insert.
    """
    now = timezone.now()
    leg1 = attempt_plan.leg1
    attempt = ArbAttempt(
        uid="ea" + uuid.uuid4().hex[:20], opportunity=opportunity, pair=opportunity.pair,
        direction=opportunity.direction, mode=mode, state=State.LEG1_SENT, leg1=leg1,
        plan=attempt_plan.to_json(), planned_size=attempt_plan.size,
        expected_net_profit=attempt_plan.net_profit, lease_until=now + timedelta(seconds=LEASE_S),
    )
    order = _new_order(
        attempt, leg=leg1, role=Order.Role.LEG1, action=Action.BUY.value,
        limit_price=Decimal(attempt.plan[leg1]["limit_price"]), size=attempt_plan.size,
    )
    steps = [
        ("", State.PLANNED, f"opportunity {opportunity.id}: {attempt_plan.size} for "
                            f"+{attempt_plan.net_profit}"),
        (State.PLANNED, State.RISK_CHECKED, "all risk checks passed"),
        (State.RISK_CHECKED, State.LEG1_SENT, f"leg 1 ({leg1}) IOC"),
    ]
    try:
        with transaction.atomic():
            # Read again here: the risk checks read it before the book and balance calls, and
            # a switch flipped meanwhile must still stop leg 1.
            if selectors.kill_switch_active():
                raise _KillSwitchOn
            attempt.save(force_insert=True)
            ArbAttemptEvent.objects.bulk_create([
                ArbAttemptEvent(attempt=attempt, from_state=f, to_state=t, reason=r, at=now)
                for f, t, r in steps
            ])
            order.attempt = attempt
            order.save(force_insert=True)
    except IntegrityError as exc:
        if _ONE_OPEN_PER_PAIR in str(exc):
            return None
        raise
    _sent_orders(attempt)[order.role] = order
    logger.info("attempt %s: -> %s for %s", attempt.uid, State.LEG1_SENT, attempt_plan.size)
    return attempt, order


def opportunity_execute(
    *, opportunity_id: int, executor: Executor | None = None, mode: str | None = None
) -> ExecuteResult:
    """Plan, risk-check and execute one opportunity as an attempt.

    Re-costs the opportunity against the current books, runs every risk check (refusals are
    stored), then journals and sends leg 1, journals leg 1's answer with leg 2 and sends leg 2,
    and drives the state machine to its end. Returns the attempt, or why none was made. Safe to
    call concurrently: one open attempt per pair.
    """
    mode = mode or selectors.trading_mode()
    if mode == TradingMode.OFF:
        return ExecuteResult(attempt=None, skipped="mode off")
    now = timezone.now()
    ctx = selectors.execution_context(opportunity_id=opportunity_id, mode=mode, now=now)
    opp = ctx.opportunity
    if opp.closed_at is not None:
        return ExecuteResult(attempt=None, skipped="opportunity closed")
    if ctx.pair_busy:
        return ExecuteResult(attempt=None, skipped="pair busy")
    executor = executor or executor_for(mode)
    limits = risk_limits()
    pair = opp.pair
    if not pair.is_tradeable:
        refusals = [risk.Refusal("pair_not_tradeable", "pair is not an approved identical pair")]
        _refusals_record(opp, mode, refusals)
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    try:
        attempt_plan, book_a, book_b = opportunity_plan(
            opportunity=opp, executor=executor, limits=limits, reread_books=False
        )
    except pricing.EngineInputError as exc:
        # E.g. a market whose fee type changed to one the engine cannot price since the scan.
        refusals = [risk.Refusal("not_priceable", str(exc)[:200])]
        _refusals_record(opp, mode, refusals)
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    if attempt_plan is None:
        refusals = [risk.Refusal("no_plan", "the current books no longer hold a profitable size")]
        _refusals_record(opp, mode, refusals)
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    slug_a, slug_b = pair.market_a.platform.slug, pair.market_b.platform.slug

    def age_s(checked_at: Any) -> float | None:
        return None if checked_at is None else (now - checked_at).total_seconds()

    credentials_ok = True
    if mode == TradingMode.LIVE:
        from platforms.registry import get_platform

        credentials_ok = all(get_platform(s).has_credentials for s in (slug_a, slug_b))
    notional_by_venue: dict[str, Decimal] = {}
    for slug, leg in ((slug_a, attempt_plan.a), (slug_b, attempt_plan.b)):
        notional_by_venue[slug] = notional_by_venue.get(slug, ZERO) + leg.cost + leg.fee
    risk_input = risk.RiskInput(
        mode=mode, kill_switch=ctx.kill_switch, credentials_ok=credentials_ok,
        notional_by_venue=notional_by_venue,
        net_profit=attempt_plan.net_profit, return_on_capital=attempt_plan.return_on_capital,
        open_pair_notional=ctx.open_pair_notional, open_venue_notional=ctx.open_venue_notional,
        daily_realised_pnl=ctx.daily_realised_pnl, open_attempts=ctx.open_attempts,
        quote_ages_s={slug_a: age_s(book_a.checked_at), slug_b: age_s(book_b.checked_at)},
        balances={
            slug: executor.balance(slug, committed=ctx.open_venue_notional[slug])
            if credentials_ok else None
            for slug in (slug_a, slug_b)
        },
    )
    refusals = risk.check(risk_input, limits)
    if refusals:
        _refusals_record(opp, mode, refusals)
        logger.info("opportunity %s refused: %s", opp.id, "; ".join(r.code for r in refusals))
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    try:
        opened = _attempt_open(opportunity=opp, mode=mode, attempt_plan=attempt_plan)
    except _KillSwitchOn:
        refusals = [risk.Refusal("kill_switch", "the kill switch is on")]
        _refusals_record(opp, mode, refusals)
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    if opened is None:
        return ExecuteResult(attempt=None, skipped="pair busy")
    attempt, leg1_order = opened
    leg2_order = _leg1_answered(attempt, leg1_order, _place(leg1_order, executor))
    if leg2_order is not None:
        _leg2_answered(attempt, leg2_order, _place(leg2_order, executor))
    return ExecuteResult(attempt=attempt_drive(attempt=attempt, executor=executor))


def opportunities_execute(*, limit: int = 20) -> dict[str, int]:
    """Execute the open opportunities, best first. Logs the active mode at the start of the run.

    One failing opportunity is logged and does not stop the others; its attempt (if any) is
    left in its journaled state for recovery.
    """
    mode = selectors.trading_mode()
    killed = selectors.kill_switch_active()
    logger.info("execute run: trading mode=%s kill_switch=%s", mode, killed)
    summary = {"attempts": 0, "refused": 0, "skipped": 0, "errors": 0}
    if mode == TradingMode.OFF or killed:
        return summary
    ids = list(
        Opportunity.objects.filter(closed_at__isnull=True)
        .order_by("-net_profit").values_list("id", flat=True)[:limit]
    )
    for opp_id in ids:
        try:
            result = opportunity_execute(opportunity_id=opp_id, mode=mode)
        except Exception:
            summary["errors"] += 1
            logger.exception("executing opportunity %s failed", opp_id)
            continue
        if result.attempt is not None:
            summary["attempts"] += 1
        elif result.refusals:
            summary["refused"] += 1
        else:
            summary["skipped"] += 1
        if selectors.kill_switch_active():
            break
    return summary


# --- recovery and reconciliation --------------------------------------------------------------
def attempts_recover(*, now: Any = None) -> list[ArbAttempt]:
    """Resume every open attempt whose lease has lapsed (a crashed or blocked worker's).

    Orders in a sent state are resolved by client order id, never re-sent. An order that stays
    unknown for STUCK_AFTER_S raises a stuck flag for a person.
    """
    now = now or timezone.now()
    lapsed = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    resumed = []
    for attempt in ArbAttempt.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform"
    ).filter(lapsed, is_open=True).order_by("id"):
        claimed = ArbAttempt.objects.filter(lapsed, id=attempt.id, version=attempt.version).update(
            lease_until=now + timedelta(seconds=LEASE_S)
        )
        if not claimed:
            continue
        logger.warning("recovering attempt %s from %s", attempt.uid, attempt.state)
        try:
            attempt_drive(attempt=attempt)
        except StateConflict:
            continue
        if attempt.is_open:
            stuck = attempt.orders.filter(
                status__in=Order.UNRESOLVED, created_at__lt=now - timedelta(seconds=STUCK_AFTER_S)
            ).first()
            if stuck is not None:
                _alert(attempt, f"order {stuck.client_order_id} unresolved since "
                       f"{stuck.created_at:%H:%M:%S}", kind=DriftFlag.Kind.STUCK)
        resumed.append(attempt)
    return resumed


def attempts_reconcile() -> dict[str, int]:
    """Compare each live venue's fills and positions with the journal; flag any drift.

    Flags are keyed, so repeated runs refresh one open flag per finding; a position that agrees
    again resolves its flag. Paper mode has no venue to compare with.
    """
    from platforms.registry import get_platform, venue_slugs_enabled

    counts = {"venues": 0, "flags": 0}
    now = timezone.now()
    for slug in venue_slugs_enabled():
        platform = get_platform(slug)
        if not platform.has_credentials:
            continue
        try:
            fills = platform.list_fills(since=now - RECONCILE_FILLS_WINDOW)
            venue_positions = platform.get_positions()
        except PlatformError as exc:
            logger.warning("reconcile %s: %s", slug, exc)
            continue
        counts["venues"] += 1
        counts["flags"] += _reconcile_fills(slug, fills) + _reconcile_positions(slug, venue_positions)
    return counts


def _reconcile_fills(slug: str, fills: list[Any]) -> int:
    # Fills are matched by our client order id, or, where the venue's fills carry none
    # (Polymarket trades), by the venue order id journaled on the Order before sending.
    by_client: dict[str, Decimal] = {}
    client_of_venue_id = dict(
        Order.objects.filter(
            mode=TradingMode.LIVE,
            venue_order_id__in=[f.venue_order_id for f in fills if not f.client_order_id],
        ).exclude(venue_order_id="").values_list("venue_order_id", "client_order_id")
    )
    flags = 0
    for fill in fills:
        client_id = fill.client_order_id or client_of_venue_id.get(fill.venue_order_id, "")
        by_client[client_id] = by_client.get(client_id, ZERO) + fill.size
    orders = {
        o.client_order_id: o
        for o in Order.objects.filter(mode=TradingMode.LIVE, client_order_id__in=list(by_client))
    }
    for client_id, size in by_client.items():
        order = orders.get(client_id)
        if order is None:
            _flag(kind=DriftFlag.Kind.GHOST_FILL, key=f"ghost:{slug}:{client_id}",
                  platform_slug=slug, message=f"{slug} fill of {size} for unknown order {client_id!r}",
                  detail={"size": str(size)})
            flags += 1
        elif order.filled_size != size:
            _flag(kind=DriftFlag.Kind.ORDER, key=f"order:{client_id}", platform_slug=slug,
                  attempt=order.attempt,
                  message=f"order {client_id}: venue filled {size}, journal {order.filled_size}",
                  detail={"venue": str(size), "journal": str(order.filled_size)})
            flags += 1
    return flags


def _reconcile_positions(slug: str, venue_positions: list[Any]) -> int:
    venue = {(p.market_external_id, p.outcome.value): p.size for p in venue_positions}
    journal: dict[tuple[str, str], Decimal] = {}
    for ext, outcome, size in Position.objects.filter(
        mode=TradingMode.LIVE, platform_slug=slug
    ).values_list("market__external_id", "outcome", "size"):
        journal[(ext, outcome)] = journal.get((ext, outcome), ZERO) + size
    flags = 0
    now = timezone.now()
    for key in set(venue) | set(journal):
        v, j = venue.get(key, ZERO), journal.get(key, ZERO)
        flag_key = f"position:{slug}:{key[0]}:{key[1]}"
        if v != j:
            _flag(kind=DriftFlag.Kind.POSITION, key=flag_key, platform_slug=slug,
                  message=f"{slug} {key[0]} {key[1]}: venue holds {v}, journal {j}",
                  detail={"venue": str(v), "journal": str(j)})
            flags += 1
        else:
            DriftFlag.objects.filter(key=flag_key, resolved_at__isnull=True).update(resolved_at=now)
    return flags
