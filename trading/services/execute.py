"""From opportunity to attempt: re-plan on current books, risk checks, journal, both legs."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

import pricing
from arbitrage.models import Opportunity
from arbitrage.services import market_leg_input, max_slippage_setting
from markets.models import Market
from platforms.base import (
    Action,
    BookSnapshot,
    OrderRejected,
)
from platforms.registry import get_platform
from trading import plan, risk, selectors
from trading.executors import BookView, Executor, executor_for, market_order_fee
from trading.models import (
    ArbAttempt,
    Order,
    RiskRefusal,
    TradingMode,
)
from trading.services import journal, machine

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
ONE = Decimal(1)


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


# Rounds of cutting a size to what both venues carry; lots are nested in practice (whole shares,
# tens, hundreds, cents), so the second round already agrees.
_SENDABLE_ROUNDS = 4


def plan_sendable(
    attempt_plan: plan.AttemptPlan, *, executor: Executor, market_a: Market, market_b: Market,
    book_a: BookView, book_b: BookView,
) -> plan.AttemptPlan | None:
    """The plan at the largest size both venues will carry at the legs' limit prices.

    A venue may cut an order to its lots (a Polymarket FAK BUY at 0.53 trades whole shares:
    10.37 -> 10), so both legs are sized to what each venue would actually send
    (Executor.sendable_size, the venue client's own rule, in paper mode too) and re-costed at
    that size on the same books, with the venues' fee formulas. The plan itself when nothing
    is cut; None when no common size exists. Raises OrderRejected (bad_intent) when a leg
    cannot be sent at all (below a venue's minimum).
    """
    legs = ((market_a, attempt_plan.a), (market_b, attempt_plan.b))
    size = attempt_plan.size
    for _ in range(_SENDABLE_ROUNDS):
        cut = min(
            executor.sendable_size(
                market, outcome=leg.outcome, action=Action.BUY.value,
                limit_price=leg.limit_price, size=size,
            )
            for market, leg in legs
        )
        if cut == size:
            break
        size = cut
    else:
        return None
    if size == attempt_plan.size:
        return attempt_plan
    levels_a, levels_b = (
        plan.outcome_levels(yes_bids=view.yes_bids, yes_asks=view.yes_asks, outcome=leg.outcome,
                            buy=True)
        for view, leg in ((book_a, attempt_plan.a), (book_b, attempt_plan.b))
    )
    return plan.attempt_plan_resized(
        attempt_plan, size=size, levels_a=levels_a, levels_b=levels_b,
        order_fee_a=lambda fills: market_order_fee(market_a, list(fills)),
        order_fee_b=lambda fills: market_order_fee(market_b, list(fills)),
    )


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


def _attempt_open(
    *, opportunity: Opportunity, mode: str, attempt_plan: plan.AttemptPlan
) -> tuple[ArbAttempt, Order] | None:
    """Journal a new attempt at leg1_sent with leg 1's order, in one transaction: (attempt, order).

    planned and risk_checked lead to no venue call, so they are journaled (as events) in the
    same commit as leg1_sent, the write that must precede leg 1's send. None when the pair
    already has an open attempt: the partial unique index on open attempts per pair rejects
    the insert, so of two racing workers only one gets here with an attempt. Raises
    journal.KillSwitchOn when the kill switch is on at the time of the insert.
    """
    now = timezone.now()
    leg1 = attempt_plan.leg1
    attempt = ArbAttempt(
        uid="ea" + uuid.uuid4().hex[:20], opportunity=opportunity, pair=opportunity.pair,
        direction=opportunity.direction, mode=mode, state=State.LEG1_SENT, leg1=leg1,
        plan=attempt_plan.to_json(), planned_size=attempt_plan.size,
        expected_net_profit=attempt_plan.net_profit, lease_until=now + timedelta(seconds=journal.LEASE_S),
    )
    order = journal.new_order(
        attempt, leg=leg1, role=Order.Role.LEG1, action=Action.BUY.value,
        limit_price=Decimal(attempt.plan[leg1]["limit_price"]), size=attempt_plan.size,
    )
    steps = [
        ("", State.PLANNED, f"opportunity {opportunity.id}: {attempt_plan.size} for "
                            f"+{attempt_plan.net_profit}"),
        (State.PLANNED, State.RISK_CHECKED, "all risk checks passed"),
        (State.RISK_CHECKED, State.LEG1_SENT, f"leg 1 ({leg1}) IOC"),
    ]
    if not journal.attempt_insert(attempt=attempt, first_order=order, steps=steps, now=now,
                                  one_open_index=_ONE_OPEN_PER_PAIR):
        return None
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
    try:
        sendable = plan_sendable(
            attempt_plan, executor=executor, market_a=pair.market_a, market_b=pair.market_b,
            book_a=book_a, book_b=book_b,
        )
    except OrderRejected as exc:
        sendable, why = None, str(exc)[:200]
    else:
        why = f"no size of {attempt_plan.size} both venues carry at the legs' limits"
    if sendable is None:
        refusals = [risk.Refusal("not_sendable", why)]
        _refusals_record(opp, mode, refusals)
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    attempt_plan = sendable
    slug_a, slug_b = pair.market_a.platform.slug, pair.market_b.platform.slug

    def age_s(checked_at: Any) -> float | None:
        return None if checked_at is None else (now - checked_at).total_seconds()

    credentials_ok = True
    if mode == TradingMode.LIVE:
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
    except journal.KillSwitchOn:
        refusals = [risk.Refusal("kill_switch", "the kill switch is on")]
        _refusals_record(opp, mode, refusals)
        return ExecuteResult(attempt=None, refusals=tuple(refusals))
    if opened is None:
        return ExecuteResult(attempt=None, skipped="pair busy")
    attempt, leg1_order = opened
    try:
        leg2_order = machine.leg1_answered(
            attempt, leg1_order, journal.place(leg1_order, executor), executor
        )
        if leg2_order is not None:
            machine.leg2_answered(attempt, leg2_order, journal.place(leg2_order, executor))
        machine.attempt_drive(attempt=attempt, executor=executor)
    except journal.StateConflict:
        # This worker stalled past its lease (inside a venue call) and recovery took the
        # attempt over: it drives it from the journal now; this worker stands down.
        logger.warning("attempt %s: taken over by recovery", attempt.uid)
        attempt.refresh_from_db()
    return ExecuteResult(attempt=attempt)


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
