"""Basket scan and lifecycle, and the basket spread monitor: stored books -> engine -> rows.

Interfaces other parts use:

- `basket_specs_load() -> list[LoadedBasket]`: every basket to price, from approved outcome sets
  (YES on every member when the set is confirmed exhaustive, NO on every member always) and
  approved implication pairs (NO on the premise + the conclusion), with the markets behind
  them. Two queries in all (members, markets, venues and latest books prefetched).
- `basket_scan(*, now=None, budget=None) -> BasketScanResult`: the latest stored books of every
  basket through the gates (markets open and rules as reviewed, books present, fresh,
  two-sided and not crossed) and `pricing.best_basket`, then the lifecycle.
- `basket_opportunities_apply(*, decisions, evaluated_keys, now) -> BasketApplyResult`: one open
  BasketOpportunity per basket key, created, updated or closed (used by the scan and the
  live scan).
- `basket_spread_stats_update(*, now=None) -> int`: one sample of each basket's total best ask
  minus its payout per unit (fresh books only).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

import pricing
from arbitrage.alerts import basket_alerts_send
from arbitrage.basket_decision import (
    IMPLICATION,
    SET_NO,
    SET_YES,
    BasketDecision,
    BasketMember,
    BasketSpec,
    basket_decide,
    basket_total_ask,
)
from arbitrage.gates import GateReason, pair_gate
from arbitrage.models import BasketOpportunity, BasketSpreadStat
from arbitrage.services import (
    STREAM_OWNERSHIP_S,
    ScanCounts,
    book_snapshot,
    max_slippage_setting,
)
from markets.models import Market, OrderBook
from platforms.base import BookSnapshot
from pricing import spread
from pricing.fees import Fee
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember
from similarity.selectors import implication_pair_list_approved, outcome_set_members_approved

logger = logging.getLogger(__name__)

ONE = Decimal(1)
# Why a set is not priced at all (beside the pair gates' reasons).
SET_DECIDED = "set_decided"  # a member already settled YES: nothing left to arbitrage
SET_TOO_SMALL = "set_too_small"  # fewer than two outcomes left unsettled
# What makes an opportunity a different trade (annualised return and inputs move with now).
COMPARED_FIELDS = ("size", "payout_per_unit", "payout", "cost", "fees", "net_profit", "legs")


@dataclass
class LoadedBasket:
    """A basket spec with the markets it reads and the rules hash each was reviewed with
    (`reason` set when the whole basket is skipped before any book is read)."""

    spec: BasketSpec
    markets: dict[int, Market]
    reviewed_rules: dict[int, str]
    reason: str = ""
    pair: MarketPair | None = None


def _leg_template(market: Market, outcome: str) -> pricing.BasketLeg:
    return pricing.BasketLeg(
        venue=market.platform.slug, outcome=outcome, asks=(),
        fee=Fee.from_json(market.fee_params), min_size=market.min_order_size,
        size_increment=market.size_increment,
        settles_at=market.expected_settle_time or market.close_time,
    )


def _set_baskets(outcome_set: OutcomeSet, members: list[OutcomeSetMember]) -> list[LoadedBasket]:
    """YES-all (exhaustive sets) and NO-all baskets of one approved set. Members that settled
    NO are left out (the rest stay exclusive, and exhaustive if the set was); a member settled
    YES decides the set."""
    live = [m for m in members if m.market.result != Market.Result.NO]
    markets = {m.market_id: m.market for m in live}
    reviewed = {m.market_id: m.rules_hash for m in live}
    outcomes = {m.outcome_key for m in live}
    reason = ""
    if any(m.market.result == Market.Result.YES for m in members):
        reason = SET_DECIDED
    elif len(outcomes) < 2:
        reason = SET_TOO_SMALL
    baskets = []
    sides = [("yes", SET_YES, ONE)] if outcome_set.exhaustive else []
    sides.append(("no", SET_NO, Decimal(len(outcomes) - 1)))
    # One template per member serves both sides (the side only changes the levels swapped in).
    templates = [(m, _leg_template(m.market, m.outcome_key)) for m in live]
    for side, kind, payout in sides:
        spec = BasketSpec(
            key=f"set:{outcome_set.id}:{side}", kind=kind, payout_per_unit=payout,
            members=tuple(
                BasketMember(m.market_id, side, m.outcome_key, leg) for m, leg in templates
            ),
            outcome_set_id=outcome_set.id,
        )
        baskets.append(LoadedBasket(spec, markets, reviewed, reason))
    return baskets


def implication_sides(pair: MarketPair) -> tuple[tuple[Market, str], tuple[Market, str]]:
    """(premise market, side to buy), (conclusion market, side to buy) of an implication pair.

    B is read in A's terms (orientation inverted: B-NO settles like A-YES). The basket buys NO
    on the premise and YES on the conclusion, in those terms: one of the two always pays.
    """
    same = pair.orientation == MarketPair.Orientation.SAME
    b_yes, b_no = ("yes", "no") if same else ("no", "yes")
    if pair.relation == MarketPair.Relation.A_IMPLIES_B:
        return (pair.market_a, "no"), (pair.market_b, b_yes)
    return (pair.market_b, b_no), (pair.market_a, "yes")


def _implication_basket(pair: MarketPair) -> LoadedBasket:
    (premise, premise_side), (conclusion, conclusion_side) = implication_sides(pair)
    spec = BasketSpec(
        key=f"pair:{pair.id}", kind=IMPLICATION, payout_per_unit=ONE,
        members=(
            BasketMember(premise.id, premise_side, "premise", _leg_template(premise, "premise")),
            BasketMember(
                conclusion.id, conclusion_side, "conclusion", _leg_template(conclusion, "conclusion")
            ),
        ),
        pair_id=pair.id,
    )
    markets = {premise.id: premise, conclusion.id: conclusion}
    return LoadedBasket(spec, markets, {}, pair=pair)


def basket_specs_load() -> list[LoadedBasket]:
    """Every basket to price (see module docstring). A set or pair whose stored fee parameters
    are malformed is logged and left out rather than stopping the others."""
    loaded: list[LoadedBasket] = []
    by_set: dict[int, list[OutcomeSetMember]] = {}
    for member in outcome_set_members_approved():
        by_set.setdefault(member.outcome_set_id, []).append(member)
    for members in by_set.values():
        outcome_set = members[0].outcome_set
        try:
            loaded.extend(_set_baskets(outcome_set, members))
        except ValueError as exc:
            logger.warning("baskets: set %s not priceable: %s", outcome_set.id, exc)
    for pair in implication_pair_list_approved():
        try:
            loaded.append(_implication_basket(pair))
        except ValueError as exc:
            logger.warning("baskets: pair %s not priceable: %s", pair.id, exc)
    return loaded


# --- gates --------------------------------------------------------------------------------------
def _member_reason(market: Market, reviewed_rules: str | None, *, oldest: datetime) -> str:
    """Why one member's stored book cannot be used ('' when it can)."""
    if market.status != Market.Status.OPEN:
        return GateReason.MARKET_NOT_OPEN
    if reviewed_rules is not None and reviewed_rules != market.rules_hash:
        return GateReason.RULES_CHANGED
    if market.latest_book is None:
        return GateReason.BOOK_MISSING
    if market.book_checked_at is None or market.book_checked_at < oldest:
        return GateReason.BOOK_STALE
    return ""


def basket_books(
    basket: LoadedBasket, *, now: datetime, max_age_s: float
) -> tuple[str, dict[int, BookSnapshot]]:
    """(reason, usable books by market id) for one basket on stored books.

    A set is skipped as a whole when it is decided, too small, or a member's rules changed since
    review; otherwise each member whose market is open and whose book is fresh contributes its
    book (an outcome offered on two venues survives one bad book). An implication pair passes
    the pair gates as a whole. The reason returned is the first member's failure, kept for the
    counts when the basket turns out not to be buyable whole.
    """
    if basket.reason:
        return basket.reason, {}
    if basket.pair is not None:
        reason, _ = pair_gate(pair=basket.pair, now=now, max_age_s=max_age_s)
        if reason:
            return reason, {}
    oldest = now - timedelta(seconds=max_age_s)
    first_reason = ""
    books: dict[int, BookSnapshot] = {}
    for market_id, market in basket.markets.items():
        reviewed = None if basket.pair is not None else basket.reviewed_rules.get(market_id, "")
        reason = _member_reason(market, reviewed, oldest=oldest)
        if reason == GateReason.RULES_CHANGED:
            return reason, {}
        book = market.latest_book
        if reason or book is None:
            first_reason = first_reason or reason
            continue
        books[market_id] = book_snapshot(book, external_id=market.external_id)
    return first_reason, books


def basket_is_streamed(basket: LoadedBasket, *, now: datetime) -> bool:
    """True when every member's latest book came from the streamer and was confirmed within
    STREAM_OWNERSHIP_S: the live scan owns this basket (as for pairs, arbitrage.services)."""
    oldest = now - timedelta(seconds=STREAM_OWNERSHIP_S)
    for market in basket.markets.values():
        book = market.latest_book
        if book is None or book.source != OrderBook.Source.WS:
            return False
        if market.book_checked_at is None or market.book_checked_at < oldest:
            return False
    return bool(basket.markets)


# --- lifecycle ----------------------------------------------------------------------------------
@dataclass
class BasketApplyResult:
    """What basket_opportunities_apply changed: rows created (returned), updated and closed."""

    created: list[BasketOpportunity] = field(default_factory=list)
    updated: int = 0
    closed: int = 0

    @property
    def written(self) -> int:
        return len(self.created) + self.updated + self.closed


def _values(decision: BasketDecision) -> dict[str, Any]:
    plan = decision.plan
    assert plan is not None  # noqa: S101 (callers pass profitable decisions only)
    return {
        "kind": decision.spec.kind, "outcome_set_id": decision.spec.outcome_set_id,
        "pair_id": decision.spec.pair_id, "size": plan.size,
        "payout_per_unit": decision.spec.payout_per_unit, "payout": plan.payout,
        "cost": plan.cost, "fees": plan.fees, "net_profit": plan.net_profit,
        "return_on_capital": plan.return_on_capital, "annualised_return": plan.annualised_return,
        "legs": decision.legs, "inputs": decision.case,
    }


def _apply_once(
    *, decisions: Mapping[str, BasketDecision], evaluated: set[str], now: datetime
) -> BasketApplyResult:
    result = BasketApplyResult()
    with transaction.atomic():
        open_rows = {
            row.basket_key: row
            for row in BasketOpportunity.objects.select_for_update().filter(
                basket_key__in=evaluated, closed_at__isnull=True
            )
        }
        to_create: list[BasketOpportunity] = []
        touched: list[int] = []
        for key in evaluated:
            decision = decisions.get(key)
            if decision is None or decision.plan is None:
                continue
            values = _values(decision)
            row = open_rows.pop(key, None)
            if row is None:
                to_create.append(
                    BasketOpportunity(
                        basket_key=key, first_seen=now, last_seen=now,
                        peak_net_profit=values["net_profit"], **values,
                    )
                )
                continue
            if all(getattr(row, name) == values[name] for name in COMPARED_FIELDS):
                touched.append(row.pk)
                continue
            BasketOpportunity.objects.filter(pk=row.pk).update(
                **values, last_seen=now, updated_at=now,
                peak_net_profit=max(row.peak_net_profit, values["net_profit"]),
            )
            result.updated += 1
        if to_create:
            result.created = BasketOpportunity.objects.bulk_create(to_create)
        if touched:
            BasketOpportunity.objects.filter(pk__in=touched).update(last_seen=now, updated_at=now)
            result.updated += len(touched)
        if open_rows:
            result.closed = BasketOpportunity.objects.filter(
                pk__in=[row.pk for row in open_rows.values()]
            ).update(closed_at=now, updated_at=now)
    return result


def basket_opportunities_apply(
    *, decisions: Mapping[str, BasketDecision], now: datetime,
    evaluated_keys: Iterable[str] | None = None,
) -> BasketApplyResult:
    """Persist the lifecycle of a batch of evaluated baskets.

    For every key in `evaluated_keys` (default: the keys of `decisions`), a profitable decision
    creates or updates the basket's one open row; an open row whose basket is no longer
    profitable (or was not decided: a gate failed) is closed. Idempotent for a given input; a
    concurrent writer's insert of the same key fails this batch, which is retried once. New
    rows above the alert threshold trigger the webhook after the commit (alerts.py).
    """
    evaluated = set(decisions if evaluated_keys is None else evaluated_keys) | set(decisions)
    apply_once = functools.partial(_apply_once, decisions=decisions, evaluated=evaluated, now=now)
    try:
        result = apply_once()
    except IntegrityError:
        logger.info("basket_opportunities_apply: concurrent insert, retrying the batch once")
        result = apply_once()
    if result.created:
        basket_alerts_send(opportunities=result.created, now=now)
    return result


# --- the scan -----------------------------------------------------------------------------------
@dataclass
class BasketScanResult(ScanCounts):
    """One basket scan: baskets seen; evaluated means bought whole and priced."""

    baskets: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"baskets": self.baskets, **self.counts()}


def basket_scan(*, now: datetime | None = None, budget: Decimal | None = None) -> BasketScanResult:
    """Price every basket (approved sets and implication pairs) on the latest stored books.

    A basket that fails a gate or cannot be bought whole is not evaluated, and its open
    opportunity closes; so does the open row of a basket no longer approved. Never raises for
    one basket's bad data (counted as not_priceable).
    """
    now = now or timezone.now()
    budget = Decimal(str(settings.EVENTSARB_SCAN_BUDGET)) if budget is None else budget
    max_slippage = max_slippage_setting()
    max_age_s = float(settings.EVENTSARB_BOOK_MAX_AGE_S)
    result = BasketScanResult()
    decisions: dict[str, BasketDecision] = {}
    seen: set[str] = set()
    streamed: set[str] = set()

    def skip(reason: str) -> None:
        result.gates[reason] = result.gates.get(reason, 0) + 1

    for basket in basket_specs_load():
        key = basket.spec.key
        result.baskets += 1
        if basket_is_streamed(basket, now=now):
            streamed.add(key)
            continue
        seen.add(key)
        reason, books = basket_books(basket, now=now, max_age_s=max_age_s)
        if not books:
            skip(reason)
            continue
        try:
            decision = basket_decide(
                basket.spec, books, budget=budget, now=now, max_slippage=max_slippage
            )
        except (ValueError, ArithmeticError) as exc:
            logger.warning("basket scan: %s not priceable: %s", key, exc)
            skip(GateReason.NOT_PRICEABLE)
            continue
        if decision is None:
            skip(reason or GateReason.BOOK_ONE_SIDED)
            continue
        result.evaluated += 1
        if decision.plan is not None:
            decisions[key] = decision
    # Open rows of baskets no longer priced here (set unapproved, pair retired) close too.
    orphaned = set(
        BasketOpportunity.objects.filter(closed_at__isnull=True)
        .exclude(basket_key__in=seen | streamed)
        .values_list("basket_key", flat=True)
    )
    applied = basket_opportunities_apply(
        decisions=decisions, evaluated_keys=seen | orphaned, now=now
    )
    result.created, result.updated, result.closed = (
        len(applied.created), applied.updated, applied.closed
    )
    result.open_opportunities = len(decisions)
    result.streamed = len(streamed)
    logger.info("basket scan: %s", result.as_dict())
    return result


# --- spread monitor -----------------------------------------------------------------------------
def basket_spread_stats_update(*, now: datetime | None = None) -> int:
    """Add one sample of total best ask - payout_per_unit per basket whose members have fresh,
    usable books; returns samples added. Keeps the newest settings.EVENTSARB_SPREAD_WINDOW."""
    now = now or timezone.now()
    max_age_s = float(settings.EVENTSARB_BOOK_MAX_AGE_S)
    window = int(settings.EVENTSARB_SPREAD_WINDOW)
    z_threshold = float(settings.EVENTSARB_SPREAD_Z_THRESHOLD)
    totals: dict[str, tuple[BasketSpec, Decimal]] = {}
    for basket in basket_specs_load():
        _, books = basket_books(basket, now=now, max_age_s=max_age_s)
        total = basket_total_ask(basket.spec, books) if books else None
        if total is not None:
            totals[basket.spec.key] = (basket.spec, total)
    stats = {s.basket_key: s for s in BasketSpreadStat.objects.filter(basket_key__in=list(totals))}
    to_create: list[BasketSpreadStat] = []
    to_update: list[BasketSpreadStat] = []
    for key, (spec, total) in totals.items():
        stat = stats.get(key) or BasketSpreadStat(
            basket_key=key, kind=spec.kind, outcome_set_id=spec.outcome_set_id, pair_id=spec.pair_id
        )
        value = float(total - spec.payout_per_unit)
        samples = [*stat.samples, [now.isoformat(), value]][-window:]
        summary = spread.summarise(
            [float(v) for _, v in samples],
            [datetime.fromisoformat(t).timestamp() for t, _ in samples],
            z_threshold=z_threshold,
        )
        stat.samples, stat.sample_count, stat.last_total_ask = samples, summary.count, total
        stat.last_spread, stat.mean, stat.std, stat.zscore = (
            summary.last, summary.mean, summary.std, summary.zscore
        )
        stat.updated_at = now
        (to_update if stat.pk else to_create).append(stat)
    with transaction.atomic():
        BasketSpreadStat.objects.bulk_create(to_create)
        BasketSpreadStat.objects.bulk_update(
            to_update,
            ["samples", "sample_count", "last_total_ask", "last_spread", "mean", "std", "zscore",
             "updated_at"],
        )
    return len(to_create) + len(to_update)
