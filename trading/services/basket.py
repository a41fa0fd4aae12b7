"""Baskets: buy the same number of contracts on 2-12 legs whose payout per unit is guaranteed.

`basket_attempt_run` is the one entry point. It re-plans the basket on the executor's current
books with the exact basket engine (pricing.best_basket), sizes it to what every leg's venue
carries, runs the risk checks on the basket's total capital, then journals a basket attempt at
leg1_sent with its thinnest leg's order (least depth at the planned limit) and drives the basket
state machine (trading.services.basket_machine): the other legs one by one, one re-priced retry
per short leg, then the unwind, with the same write-ahead journal as the two-leg path (an order
journaled with its client order id before it is sent, never re-sent, looked up on doubt).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

import pricing
from arbitrage.models import BasketOpportunity
from arbitrage.selectors import basket_opportunity_legs
from arbitrage.services import max_slippage_setting
from common.errors import ApplicationError
from markets.models import Market
from platforms.base import Action, OrderRejected
from platforms.registry import get_platform
from pricing import BasketLeg
from pricing.fees import Fee
from similarity.models import MarketPair, OutcomeSet
from trading import plan, risk, selectors
from trading.executors import BookView, Executor, executor_for, market_order_fee
from trading.models import ArbAttempt, Order, RiskRefusal, TradingMode
from trading.services import journal, machine
from trading.services.execute import risk_limits

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
MIN_LEGS, MAX_LEGS = 2, 12
LETTERS = "abcdefghijkl"
SIDES = ("yes", "no")
SOURCE_MAX = 200  # ArbAttempt.source
# Rounds of cutting the size to what every venue carries (lots are nested in practice).
_SENDABLE_ROUNDS = 4


@dataclass(frozen=True)
class BasketLegSpec:
    market_id: int  # markets.Market pk
    side: str  # "yes" | "no": the outcome bought on this leg


@dataclass(frozen=True)
class BasketRequest:
    legs: tuple[BasketLegSpec, ...]
    payout_per_unit: Decimal
    source: str  # e.g. "basket:<basket_key>" (basket_source), kept on the attempt for audit


class BasketRequestError(ApplicationError, ValueError):
    """A basket request that cannot be executed as given (its message names what is wrong)."""


def _validated(request: BasketRequest) -> list[Market]:
    """The request's markets in leg order; raises BasketRequestError on a malformed request."""
    n = len(request.legs)
    if not MIN_LEGS <= n <= MAX_LEGS:
        raise BasketRequestError(f"a basket has {MIN_LEGS} to {MAX_LEGS} legs, not {n}")
    for i, leg in enumerate(request.legs):
        if leg.side not in SIDES:
            raise BasketRequestError(f"leg {i}: side must be 'yes' or 'no', not {leg.side!r}")
    if len({leg.market_id for leg in request.legs}) != n:
        raise BasketRequestError("a market appears on two legs")
    if not isinstance(request.payout_per_unit, Decimal) or not request.payout_per_unit > 0:
        raise BasketRequestError(f"payout_per_unit must be a positive Decimal, not "
                                 f"{request.payout_per_unit!r}")
    if not 1 <= len(request.source) <= SOURCE_MAX:
        raise BasketRequestError(f"source must be 1-{SOURCE_MAX} characters")
    by_id = Market.objects.select_related("platform").in_bulk([leg.market_id for leg in request.legs])
    missing = [leg.market_id for leg in request.legs if leg.market_id not in by_id]
    if missing:
        raise BasketRequestError(f"no market with id {missing[0]}")
    return [by_id[leg.market_id] for leg in request.legs]


@dataclass(frozen=True)
class _Leg:
    letter: str
    market: Market
    side: str
    limit_price: Decimal
    cost: Decimal
    fee: Decimal
    depth_at_limit: Decimal

    def to_json(self) -> dict[str, object]:
        return {
            "market_id": self.market.id, "venue": self.market.platform.slug,
            "outcome": self.side, "limit_price": str(self.limit_price), "cost": str(self.cost),
            "fee": str(self.fee), "depth_at_limit": str(self.depth_at_limit),
        }


@dataclass(frozen=True)
class _BasketPlan:
    size: Decimal
    payout_per_unit: Decimal
    legs: tuple[_Leg, ...]

    @property
    def capital(self) -> Decimal:
        return sum((leg.cost + leg.fee for leg in self.legs), ZERO)

    @property
    def net_profit(self) -> Decimal:
        return self.payout_per_unit * self.size - self.capital

    @property
    def send_order(self) -> list[str]:
        """Thinnest leg first (least depth at its limit: the likeliest to fail, and a first leg
        that fails leaves nothing to unwind), then the rest in the request's order."""
        return [leg.letter for leg in sorted(self.legs, key=lambda x: (x.depth_at_limit, x.letter))]

    def to_json(self) -> dict[str, object]:
        order = self.send_order
        return {
            "kind": "basket", "size": str(self.size), "payout_per_unit": str(self.payout_per_unit),
            "leg1": order[0], "send_order": order, "net_profit": str(self.net_profit),
            **{leg.letter: leg.to_json() for leg in self.legs},
        }


def _levels(view: BookView, side: str) -> tuple[plan.Level, ...]:
    return plan.outcome_levels(yes_bids=view.yes_bids, yes_asks=view.yes_asks, outcome=side,
                               buy=True)


def basket_plan(
    *, request: BasketRequest, markets: list[Market], books: list[BookView], budget: Decimal,
    executor: Executor,
) -> _BasketPlan | None:
    """The best basket on these books within `budget`, at a size every venue carries at the
    legs' limits, each leg re-costed (exact venue fee) at that size; None when none profits.

    Raises pricing.EngineInputError (a fee the engine cannot price) and OrderRejected (a leg
    below its venue's minimum at every size).
    """
    engine_legs = [
        BasketLeg(
            venue=market.platform.slug, outcome=str(i), asks=_levels(view, spec.side),
            fee=Fee.from_json(market.fee_params), min_size=market.min_order_size,
            size_increment=market.size_increment, settles_at=market.close_time,
        )
        for i, (market, view, spec) in enumerate(zip(markets, books, request.legs, strict=True))
    ]
    found = pricing.best_basket(
        engine_legs, payout_per_unit=request.payout_per_unit, budget=budget, now=timezone.now(),
        max_slippage=max_slippage_setting(),
    )
    if found is None:
        return None
    limits = [leg.limit_price for leg in found.legs]
    size = found.size
    for _ in range(_SENDABLE_ROUNDS):
        cut = min(
            executor.sendable_size(market, outcome=spec.side, action=Action.BUY.value,
                                   limit_price=limit, size=size)
            for market, spec, limit in zip(markets, request.legs, limits, strict=True)
        )
        if cut == size:
            break
        size = cut
    else:
        return None
    legs = []
    for i, (market, view, spec, limit) in enumerate(
        zip(markets, books, request.legs, limits, strict=True)
    ):
        levels = _levels(view, spec.side)
        fills = plan.walked(levels, size=size, limit=limit)
        if sum((n for _, n in fills), ZERO) < size:
            return None
        legs.append(_Leg(
            letter=LETTERS[i], market=market, side=spec.side, limit_price=limit,
            cost=sum((p * n for p, n in fills), ZERO), fee=market_order_fee(market, list(fills)),
            depth_at_limit=plan.depth_at_limit(levels, limit=limit),
        ))
    basket = _BasketPlan(size=size, payout_per_unit=request.payout_per_unit, legs=tuple(legs))
    return basket if basket.net_profit > 0 else None


def _refused(
    request: BasketRequest, mode: str, refusals: list[risk.Refusal], *, record: bool = True
) -> ArbAttempt:
    """An unsaved, canceled attempt saying why nothing was journaled; refusals are counted in
    RiskRefusal per (source, code)."""
    now = timezone.now()
    if record:
        for refusal in refusals:
            updated = RiskRefusal.objects.filter(
                source=request.source, pair__isnull=True, code=refusal.code, mode=mode
            ).update(message=refusal.message, last_at=now, updated_at=now, count=F("count") + 1)
            if not updated:
                RiskRefusal.objects.create(
                    source=request.source, mode=mode, code=refusal.code,
                    message=refusal.message, last_at=now,
                )
    attempt = ArbAttempt(
        kind=ArbAttempt.Kind.BASKET, source=request.source, mode=mode, state=State.CANCELED,
        is_open=False, payout_per_unit=request.payout_per_unit,
        reason="; ".join(f"{r.code}: {r.message}" for r in refusals),
    )
    attempt.refusals = tuple(refusals)  # type: ignore[attr-defined]
    return attempt


def _attempt_open(
    *, request: BasketRequest, mode: str, basket: _BasketPlan
) -> tuple[ArbAttempt, Order] | None:
    """Journal the basket attempt at leg1_sent with its thinnest leg's order, in one
    transaction (planned and risk_checked as events of the same commit). None when the source
    already has an open basket attempt (the partial unique index decides between racers)."""
    now = timezone.now()
    attempt = ArbAttempt(
        uid="eb" + uuid.uuid4().hex[:20], kind=ArbAttempt.Kind.BASKET, source=request.source,
        payout_per_unit=request.payout_per_unit, direction="basket", mode=mode,
        state=State.LEG1_SENT, plan=basket.to_json(), planned_size=basket.size,
        expected_net_profit=basket.net_profit,
        lease_until=now + timedelta(seconds=journal.LEASE_S),
    )
    attempt.leg1 = str(attempt.plan["leg1"])
    # The legs' markets are loaded already: journal.leg_market need not read them again.
    attempt._leg_markets = {leg.letter: leg.market for leg in basket.legs}  # type: ignore[attr-defined]
    first = attempt.leg1
    order = journal.new_order(
        attempt, leg=first, role=Order.Role.LEG1, action=Action.BUY.value,
        limit_price=Decimal(attempt.plan[first]["limit_price"]), size=basket.size,
    )
    steps = [
        ("", State.PLANNED, f"{request.source}: {len(basket.legs)} legs x {basket.size} for "
                            f"+{basket.net_profit}"),
        (State.PLANNED, State.RISK_CHECKED, "all risk checks passed"),
        (State.RISK_CHECKED, State.LEG1_SENT, f"thinnest leg {first} first"),
    ]
    if not journal.attempt_insert(attempt=attempt, first_order=order, steps=steps, now=now,
                                  one_open_index="attempt_one_open_per_basket_source"):
        return None
    logger.info("basket attempt %s: -> %s for %s", attempt.uid, State.LEG1_SENT, basket.size)
    return attempt, order


def basket_attempt_run(
    *, request: BasketRequest, mode: str | None = None, budget: Decimal | None = None,
    executor: Executor | None = None,
) -> ArbAttempt:
    """Plan, risk-check and execute one basket; returns its attempt.

    `mode` defaults to the trading mode (paper unless live is configured); `budget` caps the
    basket's capital (cost plus fees of every leg) below the per-attempt notional limit. When
    nothing is journaled (mode off, source busy, no profitable size, a risk refusal, kill
    switch) the attempt returned is unsaved (pk None), canceled, its `reason` saying why and
    its `refusals` listing the refusals (also counted in RiskRefusal). Raises
    BasketRequestError for a malformed request.
    """
    markets = _validated(request)
    mode = mode or selectors.trading_mode()
    if mode not in (TradingMode.PAPER, TradingMode.LIVE):
        return _refused(request, TradingMode.OFF, [risk.Refusal("mode_off", f"trading mode is {mode!r}")], record=False)
    now = timezone.now()
    venues = sorted({m.platform.slug for m in markets})
    ctx = selectors.basket_execution_context(source=request.source, venues=venues, mode=mode, now=now)
    if ctx.busy:
        return _refused(request, mode, [risk.Refusal("busy", "an attempt of this basket is open")],
                        record=False)
    executor = executor or executor_for(mode)
    limits = risk_limits()
    cap = limits.max_notional_per_attempt if budget is None else min(budget, limits.max_notional_per_attempt)
    books = [executor.book(market) for market in markets]
    try:
        basket = basket_plan(request=request, markets=markets, books=books, budget=cap,
                             executor=executor)
    except pricing.EngineInputError as exc:
        return _refused(request, mode, [risk.Refusal("not_priceable", str(exc)[:200])])
    except OrderRejected as exc:
        return _refused(request, mode, [risk.Refusal("not_sendable", str(exc)[:200])])
    if basket is None:
        return _refused(request, mode, [risk.Refusal(
            "no_plan", "the current books hold no profitable size every venue carries")])
    notional_by_venue: dict[str, Decimal] = {}
    for leg in basket.legs:
        slug = leg.market.platform.slug
        notional_by_venue[slug] = notional_by_venue.get(slug, ZERO) + leg.cost + leg.fee
    credentials_ok = True
    if mode == TradingMode.LIVE:
        credentials_ok = all(get_platform(slug).has_credentials for slug in venues)

    def age_s(view: BookView) -> float | None:
        return None if view.checked_at is None else (now - view.checked_at).total_seconds()

    # A venue's quote age is its stalest leg's (unknown if any leg's is).
    ages_by_venue: dict[str, list[float | None]] = {}
    for leg, view in zip(basket.legs, books, strict=True):
        ages_by_venue.setdefault(leg.market.platform.slug, []).append(age_s(view))
    quote_ages: dict[str, float | None] = {
        slug: None if None in ages else max(a for a in ages if a is not None)
        for slug, ages in ages_by_venue.items()
    }
    capital = basket.capital
    refusals = risk.check(risk.RiskInput(
        mode=mode, kill_switch=ctx.kill_switch, credentials_ok=credentials_ok,
        notional_by_venue=notional_by_venue, net_profit=basket.net_profit,
        return_on_capital=basket.net_profit / capital if capital > 0 else ZERO,
        open_pair_notional=ctx.open_source_notional, open_venue_notional=ctx.open_venue_notional,
        daily_realised_pnl=ctx.daily_realised_pnl, open_attempts=ctx.open_attempts,
        quote_ages_s=quote_ages,
        balances={
            slug: executor.balance(slug, committed=ctx.open_venue_notional[slug])
            if credentials_ok else None
            for slug in venues
        },
        group="basket",
    ), limits)
    if refusals:
        logger.info("basket %s refused: %s", request.source, "; ".join(r.code for r in refusals))
        return _refused(request, mode, refusals)
    try:
        opened = _attempt_open(request=request, mode=mode, basket=basket)
    except journal.KillSwitchOn:
        return _refused(request, mode, [risk.Refusal("kill_switch", "the kill switch is on")])
    if opened is None:
        return _refused(request, mode, [risk.Refusal("busy", "an attempt of this basket is open")],
                        record=False)
    attempt, first_order = opened
    try:
        journal.send(first_order, executor)
        machine.attempt_drive(attempt=attempt, executor=executor)
    except journal.StateConflict:
        # Stalled past the lease; recovery drives the attempt from the journal now.
        logger.warning("basket attempt %s: taken over by recovery", attempt.uid)
        attempt.refresh_from_db()
    return attempt


def basket_source(opportunity: BasketOpportunity) -> str:
    """The attempt source of a basket opportunity: one open attempt per basket (its key), not per
    opportunity row (a basket that closes and reopens is the same basket)."""
    return f"basket:{opportunity.basket_key}"


def basket_untradeable(opportunity: BasketOpportunity) -> str:
    """Why a basket opportunity must not trade now ("" when it may): its set or pair must still
    be approved as the basket needs it (YES on every member needs a confirmed exhaustive set)."""
    Kind = BasketOpportunity.Kind
    if opportunity.kind == Kind.IMPLICATION:
        pair = opportunity.pair
        if pair is None or pair.status != MarketPair.Status.APPROVED or pair.relation not in (
                MarketPair.Relation.A_IMPLIES_B, MarketPair.Relation.B_IMPLIES_A):
            return "its pair is no longer an approved implication"
        return ""
    outcome_set = opportunity.outcome_set
    if outcome_set is None or outcome_set.status != OutcomeSet.Status.APPROVED:
        return "its outcome set is no longer approved"
    if opportunity.kind == Kind.SET_YES and not outcome_set.exhaustive:
        return "its outcome set is no longer confirmed exhaustive"
    return ""


def basket_opportunities_execute(*, limit: int = 20) -> dict[str, int]:
    """Execute the open basket opportunities, best first, as execute_opportunities_task does
    pairs: nothing when trading is off or the kill switch is on; one failing basket is logged
    and does not stop the others (its attempt, if any, is left to recovery)."""
    mode = selectors.trading_mode()
    summary = {"basket_attempts": 0, "basket_refused": 0, "basket_skipped": 0, "basket_errors": 0}
    if mode == TradingMode.OFF or selectors.kill_switch_active():
        return summary
    opportunities = list(
        BasketOpportunity.objects.filter(closed_at__isnull=True)
        .select_related("outcome_set", "pair").order_by("-net_profit")[:limit]
    )
    for opp in opportunities:
        if why := basket_untradeable(opp):
            logger.info("basket %s not executed: %s", opp.basket_key, why)
            summary["basket_skipped"] += 1
            continue
        request = BasketRequest(
            legs=tuple(BasketLegSpec(market_id, side)
                       for market_id, side in basket_opportunity_legs(opp)),
            payout_per_unit=opp.payout_per_unit, source=basket_source(opp),
        )
        try:
            attempt = basket_attempt_run(request=request, mode=mode)
        except Exception:
            summary["basket_errors"] += 1
            logger.exception("executing basket opportunity %s failed", opp.pk)
            continue
        if attempt.pk is not None:
            summary["basket_attempts"] += 1
        elif {r.code for r in attempt.refusals} - {"busy", "mode_off"}:
            summary["basket_refused"] += 1
        else:
            summary["basket_skipped"] += 1
        if selectors.kill_switch_active():
            break
    return summary
