"""Opportunity scan and lifecycle, and the spread monitor: stored books -> engine -> rows.

Interfaces other parts use:

- `pair_leg_inputs(*, pair, book_a, book_b) -> (LegInput, LegInput)`: the engine's view of a
  pair's two markets (fees, size rules, settlement) with the given normalised books.
- `opportunities_apply(*, pair_plans, now, evaluated_pair_ids=None, inputs=None, book_ids=None)
  -> ApplyResult`: persist the lifecycle for a batch of evaluated pairs. `pair_plans` maps a pair
  id to its profitable plans (0..2, one per direction; `pricing.plans` output). For every pair in
  `evaluated_pair_ids` (default: the keys of pair_plans) each plan creates or updates the one
  open Opportunity of (pair, direction); an open row whose direction is no longer profitable is
  closed (closed_at = now). `inputs[pair_id]` is the engine case (pricing.case.case_json) stored
  on the rows so every figure can be re-derived with `python -m arbitrage.engine`; `book_ids`
  maps a pair id to the (book_a, book_b) OrderBook ids used. Used by opportunity_scan() and
  the WebSocket streamer; new rows above the alert threshold trigger the webhook (alerts.py).
- `max_slippage_setting() -> Decimal | None`: settings.EVENTSARB_MAX_SLIPPAGE, the per-leg
  slippage cap every plan uses (scan, stream, execution); None when unset.
- `opportunity_scan(*, now=None, budget=None) -> ScanResult`: the latest stored books of every
  approved identical pair, after the data-quality gates, through the engine and
  opportunities_apply. Gate failures are counted per reason in the result and kept per pair in
  PairScanState (reason + detail) for the dashboard.
- `spread_stats_update(*, now=None) -> int`: append one spread sample per approved pair with
  fresh two-sided books and refresh its SpreadStat (monitoring only).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

import pricing
from arbitrage.alerts import opportunity_alerts_send
from arbitrage.gates import GateReason, pair_gate
from arbitrage.models import Opportunity, PairScanState, SpreadStat
from markets.models import Market, OrderBook
from platforms.base import ONE, ZERO, BookSnapshot
from pricing import spread
from pricing.case import case_json
from pricing.fees import Fee
from pricing.levels import levels_from_json
from similarity.models import MarketPair

logger = logging.getLogger(__name__)

# How long after its last confirmation a streamed book still marks its pair as the streamer's.
STREAM_OWNERSHIP_S = 10

# Opportunity fields a plan sets (created or updated alike).
PLAN_FIELDS = (
    "size", "outcome_a", "outcome_b", "limit_price_a", "limit_price_b", "cost_a", "cost_b",
    "fee_a", "fee_b", "payout", "net_profit", "return_on_capital", "annualised_return",
    "capital_a", "capital_b", "edge_per_contract", "book_a_id", "book_b_id", "inputs",
)
UPDATE_FIELDS = (*PLAN_FIELDS, "last_seen", "peak_net_profit", "updated_at")
# What makes a plan a different trade (annualised return and inputs move with `now` alone).
COMPARED_FIELDS = tuple(f for f in PLAN_FIELDS if f not in ("annualised_return", "inputs"))
# The only columns the scan reads (the pairs query is the scan's largest cost).
SCAN_FIELDS = (
    "id", "orientation", "rules_hash_a", "rules_hash_b", "status", "relation",
    *(
        f"{side}__{name}" for side in ("market_a", "market_b")
        for name in (
            "id", "external_id", "status", "rules_hash", "fee_params", "min_order_size",
            "size_increment", "expected_settle_time", "close_time", "book_checked_at",
            "platform__slug", "latest_book__yes_bids", "latest_book__yes_asks",
            "latest_book__exchange_ts", "latest_book__seq", "latest_book__venue_hash",
            "latest_book__source",
        )
    ),
)


# --- engine inputs ----------------------------------------------------------------------------
def max_slippage_setting() -> Decimal | None:
    """The per-leg slippage cap from settings.EVENTSARB_MAX_SLIPPAGE, or None when unset."""
    return max_slippage_parse(settings.EVENTSARB_MAX_SLIPPAGE)


def max_slippage_parse(value: object) -> Decimal | None:
    """A slippage cap in dollars per contract, or None for an empty value.

    A bad value stops the scan, stream and execution with a clear error rather than trading
    without the cap the operator asked for.
    """
    raw = str(value or "").strip()
    if not raw:
        return None
    try:
        cap = Decimal(raw)
    except ArithmeticError:
        cap = None
    if cap is None or not cap.is_finite() or not ZERO <= cap < ONE:
        raise ImproperlyConfigured(
            f"EVENTSARB_MAX_SLIPPAGE must be a dollar amount in [0, 1) or empty, not {raw!r}"
        )
    return cap


def market_leg_input(*, market: Market, book: BookSnapshot) -> pricing.LegInput:
    """One market's LegInput: its fee, size rules and settlement time with `book`.

    Raises CaseError (a ValueError) when the stored fee parameters are malformed."""
    return pricing.LegInput(
        venue=market.platform.slug,
        yes_bids=book.yes_bids,
        yes_asks=book.yes_asks,
        fee=Fee.from_json(market.fee_params),
        min_size=market.min_order_size,
        size_increment=market.size_increment,
        settles_at=market.expected_settle_time or market.close_time,
    )


def pair_leg_inputs(
    *, pair: MarketPair, book_a: BookSnapshot, book_b: BookSnapshot
) -> tuple[pricing.LegInput, pricing.LegInput]:
    """(leg A, leg B) for the engine: the pair's markets with the given normalised books."""
    return (
        market_leg_input(market=pair.market_a, book=book_a),
        market_leg_input(market=pair.market_b, book=book_b),
    )


def book_snapshot(book: OrderBook, *, external_id: str) -> BookSnapshot:
    """A stored OrderBook row back as a BookSnapshot (levels are stored best first)."""
    return BookSnapshot(
        market_external_id=external_id,
        yes_bids=levels_from_json(book.yes_bids),
        yes_asks=levels_from_json(book.yes_asks),
        exchange_ts=book.exchange_ts,
        seq=book.seq,
        venue_hash=book.venue_hash,
        source=book.source,
    )


# --- streamed pairs ----------------------------------------------------------------------------
def pair_is_streamed(*, pair: MarketPair, now: datetime) -> bool:
    """True when both markets' latest books came from the WebSocket streamer and were confirmed
    within STREAM_OWNERSHIP_S: the streamer owns this pair's opportunities. If the streamer
    stops, its books age past that window and the scan takes the pair back."""
    oldest = now - timedelta(seconds=STREAM_OWNERSHIP_S)
    for market in (pair.market_a, pair.market_b):
        book = market.latest_book
        if book is None or book.source != OrderBook.Source.WS:
            return False
        if market.book_checked_at is None or market.book_checked_at < oldest:
            return False
    return True


# --- lifecycle --------------------------------------------------------------------------------
@dataclass
class ApplyResult:
    """What opportunities_apply changed: rows created (returned), updated and closed (counts)."""

    created: list[Opportunity] = field(default_factory=list)
    updated: int = 0
    closed: int = 0

    @property
    def written(self) -> int:
        return len(self.created) + self.updated + self.closed


def _plan_values(
    plan: pricing.Plan, *, inputs: Mapping[str, Any], book_ids: tuple[int | None, int | None]
) -> dict[str, Any]:
    return {
        "size": plan.size,
        "outcome_a": plan.a.outcome,
        "outcome_b": plan.b.outcome,
        "limit_price_a": plan.a.limit_price,
        "limit_price_b": plan.b.limit_price,
        "cost_a": plan.a.cost,
        "cost_b": plan.b.cost,
        "fee_a": plan.a.fee,
        "fee_b": plan.b.fee,
        "payout": plan.payout,
        "net_profit": plan.net_profit,
        "return_on_capital": plan.return_on_capital,
        "annualised_return": plan.annualised_return,
        "capital_a": plan.a.capital,
        "capital_b": plan.b.capital,
        "edge_per_contract": plan.edge_per_contract,
        "book_a_id": book_ids[0],
        "book_b_id": book_ids[1],
        "inputs": dict(inputs),
    }


def _apply_once(
    *, pair_plans: Mapping[int, Sequence[pricing.Plan]], evaluated: set[int], now: datetime,
    inputs: Mapping[int, Mapping[str, Any]], book_ids: Mapping[int, tuple[int | None, int | None]],
) -> ApplyResult:
    result = ApplyResult()
    with transaction.atomic():
        open_rows = {
            (row.pair_id, row.direction): row
            for row in Opportunity.objects.select_for_update().filter(
                pair_id__in=evaluated, closed_at__isnull=True
            )
        }
        to_create: list[Opportunity] = []
        to_update: list[Opportunity] = []
        to_touch: list[Opportunity] = []
        for pair_id in evaluated:
            for plan in pair_plans.get(pair_id, ()):
                values = _plan_values(
                    plan, inputs=inputs.get(pair_id, {}), book_ids=book_ids.get(pair_id, (None, None))
                )
                row = open_rows.pop((pair_id, plan.direction), None)
                if row is None:
                    to_create.append(
                        Opportunity(
                            pair_id=pair_id, direction=plan.direction, first_seen=now,
                            last_seen=now, peak_net_profit=plan.net_profit, **values,
                        )
                    )
                    continue
                row.last_seen = row.updated_at = now
                if all(getattr(row, name) == values[name] for name in COMPARED_FIELDS):
                    # Same trade as last time: only time moved on. The stored figures stay
                    # consistent with the stored inputs (annualised at inputs' `now`).
                    to_touch.append(row)
                    continue
                for name, value in values.items():
                    setattr(row, name, value)
                row.peak_net_profit = max(row.peak_net_profit, plan.net_profit)
                to_update.append(row)
        if to_create:
            result.created = Opportunity.objects.bulk_create(to_create)
        # One UPDATE per changed row: bulk_update's CASE expressions over ~20 fields cost far
        # more to build than a few small statements (see bench/bench_scan.py).
        for row in to_update:
            Opportunity.objects.filter(pk=row.pk).update(
                **{name: getattr(row, name) for name in UPDATE_FIELDS}
            )
        if to_touch:
            Opportunity.objects.filter(pk__in=[row.pk for row in to_touch]).update(
                last_seen=now, updated_at=now
            )
        result.updated = len(to_update) + len(to_touch)
        if open_rows:
            # Vanished: the direction is no longer profitable, or the pair failed a gate.
            result.closed = Opportunity.objects.filter(
                pk__in=[row.pk for row in open_rows.values()]
            ).update(closed_at=now, updated_at=now)
    return result


def opportunities_apply(
    *, pair_plans: Mapping[int, Sequence[pricing.Plan]], now: datetime,
    evaluated_pair_ids: Iterable[int] | None = None,
    inputs: Mapping[int, Mapping[str, Any]] | None = None,
    book_ids: Mapping[int, tuple[int | None, int | None]] | None = None,
) -> ApplyResult:
    """Persist the opportunity lifecycle for a batch of evaluated pairs (see module docstring).

    Idempotent for a given input. A concurrent writer (the scan and the streamer) can create the
    same (pair, direction) first; the unique open-row constraint then fails this batch, which is
    retried once and updates that row instead. Alerts are sent after the transaction commits.
    """
    evaluated = set(pair_plans if evaluated_pair_ids is None else evaluated_pair_ids)
    evaluated.update(pair_plans)
    apply_once = functools.partial(
        _apply_once, pair_plans=pair_plans, evaluated=evaluated, now=now,
        inputs=inputs or {}, book_ids=book_ids or {},
    )
    try:
        result = apply_once()
    except IntegrityError:
        logger.info("opportunities_apply: concurrent insert, retrying the batch once")
        result = apply_once()
    if result.created:
        opportunity_alerts_send(opportunities=result.created, now=now)
    return result


# --- the scan ---------------------------------------------------------------------------------
@dataclass
class ScanCounts:
    """What a scan (of pairs or of baskets) evaluated, why it skipped the rest (gate failures per
    reason) and its opportunities' lifecycle counts."""

    evaluated: int = 0
    gates: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    closed: int = 0
    open_opportunities: int = 0
    streamed: int = 0

    def counts(self) -> dict[str, Any]:
        return {
            "evaluated": self.evaluated, "gates": dict(self.gates), "created": self.created,
            "updated": self.updated, "closed": self.closed,
            "open_opportunities": self.open_opportunities, "streamed": self.streamed,
        }


@dataclass
class ScanResult(ScanCounts):
    """One scan of the approved pairs."""

    pairs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, **self.counts()}


def _tradeable_pairs() -> Any:
    return MarketPair.objects.filter(
        status=MarketPair.Status.APPROVED, relation=MarketPair.Relation.IDENTICAL
    ).select_related(
        "market_a__platform", "market_b__platform", "market_a__latest_book",
        "market_b__latest_book",
    ).only(*SCAN_FIELDS)


def pair_scan_states_record(*, states: Mapping[int, tuple[str, str]], now: datetime) -> int:
    """Store each pair's gate outcome (reason, detail), writing only the ones that changed."""
    existing = {s.pair_id: s for s in PairScanState.objects.filter(pair_id__in=list(states))}
    to_create, to_update = [], []
    for pair_id, (reason, detail) in states.items():
        row = existing.get(pair_id)
        if row is None:
            to_create.append(PairScanState(pair_id=pair_id, reason=reason, detail=detail, since=now))
        elif (row.reason, row.detail) != (reason, detail):
            row.reason, row.detail, row.since = reason, detail, now
            to_update.append(row)
    PairScanState.objects.bulk_create(to_create, ignore_conflicts=True)
    PairScanState.objects.bulk_update(to_update, ["reason", "detail", "since"])
    return len(to_create) + len(to_update)


def opportunity_scan(*, now: datetime | None = None, budget: Decimal | None = None) -> ScanResult:
    """Run the engine on the latest stored books of every approved identical pair.

    Pairs failing a data-quality gate are not evaluated; their open opportunities close (the
    data no longer vouches for them). Returns counts; never raises for one pair's bad data.
    """
    now = now or timezone.now()
    budget = Decimal(str(settings.EVENTSARB_SCAN_BUDGET)) if budget is None else budget
    max_slippage = max_slippage_setting()
    max_age_s = float(settings.EVENTSARB_BOOK_MAX_AGE_S)
    result = ScanResult()
    pair_plans: dict[int, list[pricing.Plan]] = {}
    inputs: dict[int, dict[str, Any]] = {}
    book_ids: dict[int, tuple[int | None, int | None]] = {}
    states: dict[int, tuple[str, str]] = {}
    streamed: set[int] = set()
    for pair in _tradeable_pairs().iterator(chunk_size=500):
        result.pairs += 1
        if pair_is_streamed(pair=pair, now=now):
            # `manage.py streambooks` decides this pair on every book change from fresher books
            # than the stored ones; a second writer would make its opportunities flip-flop.
            streamed.add(pair.id)
            continue
        reason, detail = pair_gate(pair=pair, now=now, max_age_s=max_age_s)
        states[pair.id] = (reason, detail)
        if reason:
            result.gates[reason] = result.gates.get(reason, 0) + 1
            continue
        a, b = pair.market_a, pair.market_b
        try:
            leg_a, leg_b = pair_leg_inputs(
                pair=pair,
                book_a=book_snapshot(a.latest_book, external_id=a.external_id),
                book_b=book_snapshot(b.latest_book, external_id=b.external_id),
            )
            found = pricing.plans(
                leg_a, leg_b, orientation=pair.orientation, budget=budget, now=now,
                max_slippage=max_slippage,
            )
        except (ValueError, ArithmeticError) as exc:
            # One pair's unusable data (a bad increment, an unparsable level) must not stop the
            # scan of the others; its open rows close below like any non-evaluated pair.
            logger.warning("scan: pair %s not priceable: %s", pair.id, exc)
            reason = GateReason.NOT_PRICEABLE
            states[pair.id] = (reason, str(exc)[:200])
            result.gates[reason] = result.gates.get(reason, 0) + 1
            continue
        result.evaluated += 1
        if found:
            pair_plans[pair.id] = found
            inputs[pair.id] = case_json(
                leg_a, leg_b, orientation=pair.orientation, budget=budget, now=now,
                max_slippage=max_slippage,
            )
            book_ids[pair.id] = (a.latest_book_id, b.latest_book_id)
    # Open rows of pairs no longer approved (retired, re-proposed) close too.
    orphaned = set(
        Opportunity.objects.filter(closed_at__isnull=True)
        .exclude(pair_id__in=list(states) + list(streamed))
        .values_list("pair_id", flat=True)
    )
    applied = opportunities_apply(
        pair_plans=pair_plans, evaluated_pair_ids=states.keys() | orphaned, now=now, inputs=inputs,
        book_ids=book_ids,
    )
    pair_scan_states_record(states=states, now=now)
    result.created, result.updated, result.closed = (
        len(applied.created), applied.updated, applied.closed
    )
    result.open_opportunities = sum(len(p) for p in pair_plans.values())
    result.streamed = len(streamed)
    logger.info("opportunity scan: %s", result.as_dict())
    return result


# --- spread monitor ---------------------------------------------------------------------------
def _fresh_mid(market: Market, *, oldest: datetime) -> Decimal | None:
    book = market.latest_book
    if book is None or market.book_checked_at is None or market.book_checked_at < oldest:
        return None
    return spread.implied_mid(levels_from_json(book.yes_bids), levels_from_json(book.yes_asks))


def spread_stats_update(*, now: datetime | None = None) -> int:
    """Add one spread sample per approved pair with fresh two-sided books; returns samples added.

    Keeps the newest settings.EVENTSARB_SPREAD_WINDOW samples per pair and flags |z| at or above
    settings.EVENTSARB_SPREAD_Z_THRESHOLD (flagged_at marks when the flag was raised).
    """
    now = now or timezone.now()
    oldest = now - timedelta(seconds=float(settings.EVENTSARB_BOOK_MAX_AGE_S))
    window = int(settings.EVENTSARB_SPREAD_WINDOW)
    z_threshold = float(settings.EVENTSARB_SPREAD_Z_THRESHOLD)
    pairs = MarketPair.objects.filter(status=MarketPair.Status.APPROVED).select_related(
        "market_a__latest_book", "market_b__latest_book"
    )
    stats = {s.pair_id: s for s in SpreadStat.objects.filter(pair__in=pairs)}
    to_create: list[SpreadStat] = []
    to_update: list[SpreadStat] = []
    for pair in pairs:
        mid_a = _fresh_mid(pair.market_a, oldest=oldest)
        mid_b = _fresh_mid(pair.market_b, oldest=oldest)
        if mid_a is None or mid_b is None:
            continue
        value = float(spread.spread_value(mid_a, mid_b, orientation=pair.orientation))
        stat = stats.get(pair.id) or SpreadStat(pair=pair)
        samples = [*stat.samples, [now.isoformat(), value]][-window:]
        summary = spread.summarise(
            [float(v) for _, v in samples],
            [datetime.fromisoformat(t).timestamp() for t, _ in samples],
            z_threshold=z_threshold,
        )
        stat.samples = samples
        stat.sample_count = summary.count
        stat.last_spread = summary.last
        stat.mean, stat.std, stat.zscore = summary.mean, summary.std, summary.zscore
        stat.half_life_s = summary.half_life_s
        if summary.flagged and not stat.flagged:
            stat.flagged_at = now
        elif not summary.flagged:
            stat.flagged_at = None
        stat.flagged = summary.flagged
        stat.updated_at = now
        (to_update if stat.pk else to_create).append(stat)
    with transaction.atomic():
        SpreadStat.objects.bulk_create(to_create)
        SpreadStat.objects.bulk_update(
            to_update,
            ["samples", "sample_count", "last_spread", "mean", "std", "zscore", "half_life_s",
             "flagged", "flagged_at", "updated_at"],
        )
    return len(to_create) + len(to_update)
