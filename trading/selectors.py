"""Reads for trading: the active mode, the kill switch, attempts, refusals, drift and P&L."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from arbitrage.models import Opportunity
from markets.models import Market
from trading.models import (
    ArbAttempt,
    DriftFlag,
    Fill,
    KillSwitch,
    Order,
    Position,
    RiskRefusal,
    TradingMode,
)

ZERO = Decimal(0)
ONE = Decimal(1)


def trading_mode() -> str:
    """The configured trading mode: "off", "paper" or "live" (anything else counts as "off").

    Live additionally needs both venues' keys and the kill switch off; those are checked per
    attempt by the risk checks, so a misconfigured live setting never falls back to paper silently.
    """
    mode = str(settings.EVENTSARB_TRADING_MODE).strip().lower()
    return mode if mode in TradingMode.values else TradingMode.OFF


def kill_switch_active() -> bool:
    """True when the setting EVENTSARB_KILL_SWITCH or the DB toggle stops new attempts."""
    if settings.EVENTSARB_KILL_SWITCH:
        return True
    return KillSwitch.objects.filter(id=KillSwitch.SINGLETON_ID, enabled=True).exists()


def kill_switch_get() -> KillSwitch | None:
    """The DB kill-switch row (who flipped it, when, why), or None when never set."""
    return KillSwitch.objects.select_related("changed_by").filter(id=KillSwitch.SINGLETON_ID).first()


@dataclass(frozen=True)
class ExecutionContext:
    """An opportunity with its pair, markets and venues loaded, and what the risk checks read.

    The `open_*` figures are capital already committed (cost basis of held, unsettled positions);
    `open_venue_notional` covers the pair's two venues only.
    """

    opportunity: Opportunity
    pair_busy: bool
    kill_switch: bool
    open_pair_notional: Decimal
    open_venue_notional: dict[str, Decimal]
    daily_realised_pnl: Decimal
    open_attempts: int


# Every figure the risk checks read, as one statement of scalar subqueries. Hand-written because
# it runs before every attempt and the ORM spends several ms of CPU compiling the same thing as
# correlated subqueries (bench/bench_execution.py); plain SQL that PostgreSQL and SQLite both run.
# Positions held in a settled market no longer commit capital.
_RISK_FIGURES_SQL = """
SELECT
    EXISTS (SELECT 1 FROM trading_arbattempt WHERE pair_id = %s AND is_open),
    EXISTS (SELECT 1 FROM trading_killswitch WHERE id = %s AND enabled),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s
       AND p.attempt_id IN (SELECT id FROM trading_arbattempt WHERE pair_id = %s)),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s AND p.platform_slug = %s),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s AND p.platform_slug = %s),
    (SELECT COALESCE(SUM(realised_pnl), 0) FROM trading_arbattempt
     WHERE mode = %s AND finished_at >= %s),
    (SELECT COUNT(*) FROM trading_arbattempt WHERE mode = %s AND is_open)
"""


def execution_context(*, opportunity_id: int, mode: str, now: datetime) -> ExecutionContext:
    """Everything executing one opportunity reads before it journals, in two queries.

    Daily realised P&L counts attempts finished since 00:00 UTC of `now`. The markets' book
    pointers (latest_book_id, book_checked_at) come with the opportunity, as current as the
    read. Raises Opportunity.DoesNotExist.
    """
    opp = Opportunity.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform"
    ).get(id=opportunity_id)
    pair = opp.pair
    slug_a, slug_b = pair.market_a.platform.slug, pair.market_b.platform.slug
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    settled = Market.Status.SETTLED.value
    with connection.cursor() as cursor:
        cursor.execute(_RISK_FIGURES_SQL, [
            pair.id, KillSwitch.SINGLETON_ID,
            mode, settled, pair.id, mode, settled, slug_a, mode, settled, slug_b,
            mode, connection.ops.adapt_datetimefield_value(midnight), mode,
        ])
        busy, switch_on, pair_held, held_a, held_b, pnl, open_count = cursor.fetchone()
    venue_notional = {slug_a: Decimal(str(held_a))}
    venue_notional[slug_b] = Decimal(str(held_b))
    return ExecutionContext(
        opportunity=opp, pair_busy=bool(busy),
        kill_switch=bool(settings.EVENTSARB_KILL_SWITCH) or bool(switch_on),
        open_pair_notional=Decimal(str(pair_held)), open_venue_notional=venue_notional,
        daily_realised_pnl=Decimal(str(pnl)), open_attempts=int(open_count),
    )


@dataclass(frozen=True)
class BasketContext:
    """What the risk checks read before a basket: as ExecutionContext, with the basket's
    source standing for the pair (capital its earlier attempts still hold)."""

    busy: bool
    kill_switch: bool
    open_source_notional: Decimal
    open_venue_notional: dict[str, Decimal]
    daily_realised_pnl: Decimal
    open_attempts: int


_BASKET_FIGURES_SQL = """
SELECT
    EXISTS (SELECT 1 FROM trading_arbattempt WHERE kind = %s AND source = %s AND is_open),
    EXISTS (SELECT 1 FROM trading_killswitch WHERE id = %s AND enabled),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s
       AND p.attempt_id IN (SELECT id FROM trading_arbattempt WHERE kind = %s AND source = %s)),
    (SELECT COALESCE(SUM(realised_pnl), 0) FROM trading_arbattempt
     WHERE mode = %s AND finished_at >= %s),
    (SELECT COUNT(*) FROM trading_arbattempt WHERE mode = %s AND is_open)
"""


def basket_execution_context(
    *, source: str, venues: list[str], mode: str, now: datetime
) -> BasketContext:
    """The figures the risk checks read before a basket (see ExecutionContext): capital held
    by the source's earlier baskets and on each of `venues`, today's realised P&L (since 00:00
    UTC of `now`), open attempts."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    settled = Market.Status.SETTLED.value
    basket = ArbAttempt.Kind.BASKET.value
    with connection.cursor() as cursor:
        cursor.execute(_BASKET_FIGURES_SQL, [
            basket, source, KillSwitch.SINGLETON_ID, mode, settled, basket, source,
            mode, connection.ops.adapt_datetimefield_value(midnight), mode,
        ])
        busy, switch_on, source_held, pnl, open_count = cursor.fetchone()
    held = dict(
        Position.objects.filter(
            mode=mode, size__gt=0, platform_slug__in=venues,
        ).exclude(market__status=Market.Status.SETTLED)
        .values("platform_slug").annotate(total=Sum("cost_basis"))
        .values_list("platform_slug", "total")
    )
    return BasketContext(
        busy=bool(busy), kill_switch=bool(settings.EVENTSARB_KILL_SWITCH) or bool(switch_on),
        open_source_notional=Decimal(str(source_held)),
        open_venue_notional={v: Decimal(str(held.get(v) or 0)) for v in venues},
        daily_realised_pnl=Decimal(str(pnl)), open_attempts=int(open_count),
    )


def attempt_list(*, mode: str | None = None, pair_id: int | None = None) -> QuerySet[ArbAttempt]:
    """Attempts newest first, with their pair's markets loaded."""
    qs = ArbAttempt.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform", "opportunity"
    ).order_by("-created_at")
    if mode:
        qs = qs.filter(mode=mode)
    if pair_id is not None:
        qs = qs.filter(pair_id=pair_id)
    return qs


def attempt_list_needing_attention() -> QuerySet[ArbAttempt]:
    """Attempts flagged for a person (unhedged leg, stuck order) and not yet resolved."""
    return attempt_list().filter(needs_attention=True, attention_resolved_at__isnull=True)


TRADING_ROWS = 50
PNL_DAYS = 30


def attempt_list_recent(*, limit: int = TRADING_ROWS) -> QuerySet[ArbAttempt]:
    """Newest attempts with only the shown columns (the plan JSON and markets stay unread)."""
    return (
        ArbAttempt.objects.select_related("pair__market_a")
        .only(
            "created_at", "uid", "kind", "source", "pair__market_a__title", "mode", "state",
            "needs_attention",
            "planned_size", "expected_net_profit", "realised_pnl", "attention_reason", "reason",
        )
        .order_by("-created_at", "-id")[:limit]
    )


def order_list_recent(*, limit: int = TRADING_ROWS) -> QuerySet[Order]:
    """Newest orders with their attempt id and market title."""
    return (
        Order.objects.select_related("attempt", "market")
        .only(
            "created_at", "attempt__uid", "leg", "role", "platform_slug", "market__title",
            "action", "size", "outcome", "limit_price", "status", "error", "filled_size",
            "average_price", "fee_paid",
        )
        .order_by("-created_at", "-id")[:limit]
    )


def fill_list_recent(*, limit: int = TRADING_ROWS) -> QuerySet[Fill]:
    """Newest fills with their order's client id and market title."""
    return (
        Fill.objects.select_related("order__market")
        .only("ts", "order__client_order_id", "order__market__title", "size", "price", "fee")
        .order_by("-ts", "-id")[:limit]
    )


def drift_flag_list_open(*, limit: int = TRADING_ROWS) -> QuerySet[DriftFlag]:
    """Unresolved drift and alert flags (journal vs venue, unhedged legs), newest first."""
    return (
        DriftFlag.objects.filter(resolved_at__isnull=True)
        .select_related("attempt")
        .only("kind", "platform_slug", "message", "created_at", "attempt__uid")
        .order_by("-created_at", "-id")[:limit]
    )


def risk_refusal_list_recent(*, limit: int = TRADING_ROWS) -> QuerySet[RiskRefusal]:
    """The latest refusals by the risk checks, with the pair's question."""
    return (
        RiskRefusal.objects.select_related("pair__market_a")
        .only("pair__market_a__title", "source", "mode", "code", "message", "count", "last_at")
        .order_by("-last_at", "-id")[:limit]
    )


@dataclass
class TradingStatus:
    mode: str
    kill_switch_active: bool
    kill_switch_setting: bool
    kill_switch: KillSwitch | None


def trading_status() -> TradingStatus:
    """The trading mode and both kill switches (the setting and the DB toggle)."""
    return TradingStatus(
        mode=trading_mode(), kill_switch_active=kill_switch_active(),
        kill_switch_setting=bool(settings.EVENTSARB_KILL_SWITCH), kill_switch=kill_switch_get(),
    )


def _finished_attempts(*, since: datetime | None, mode: str | None) -> QuerySet[ArbAttempt]:
    attempts = ArbAttempt.objects.filter(realised_pnl__isnull=False)
    if since is not None:
        attempts = attempts.filter(finished_at__gte=since)
    if mode is not None:
        attempts = attempts.filter(mode=mode)
    return attempts


def pnl_by_pair(
    *, limit: int = TRADING_ROWS, since: datetime | None = None, mode: str | None = None
) -> list[Mapping[str, Any]]:
    """Realised P&L summed per pair (and mode) over finished pair attempts (baskets have no
    pair; they count in pnl_by_day), most profitable first;
    all time unless `since` (by finishing time)."""
    rows = (
        _finished_attempts(since=since, mode=mode)
        .filter(pair__isnull=False)
        .values("pair_id", "pair__market_a__title", "mode")
        .annotate(pnl=Sum("realised_pnl"), attempts=Count("id"))
        .order_by("-pnl", "pair_id", "mode")
    )
    return list(rows[:limit])


def pnl_by_day(
    *, days: int = PNL_DAYS, mode: str | None = None, since: datetime | None = None
) -> list[Mapping[str, Any]]:
    """Realised P&L per UTC day of finishing, oldest first, over the last `days` days (or from
    `since`)."""
    since = since or timezone.now() - timedelta(days=days)
    rows = (
        _finished_attempts(since=since, mode=mode)
        .annotate(day=TruncDate("finished_at"))
        .values("day")
        .annotate(pnl=Sum("realised_pnl"), attempts=Count("id"))
        .order_by("day")
    )
    return list(rows)


@dataclass(frozen=True)
class Pnl:
    """Realised (locked-in or sold) and unrealised (unhedged contracts marked to the bid) P&L."""

    realised: Decimal
    unrealised: Decimal


def _mark_price(position: Position) -> Decimal:
    """What an unhedged position could be sold for now: the best bid of its outcome (stored book)."""
    book = position.market.latest_book
    if book is None:
        return ZERO
    if position.outcome == "yes":
        return Decimal(book.yes_bids[0][0]) if book.yes_bids else ZERO
    return ONE - Decimal(book.yes_asks[0][0]) if book.yes_asks else ZERO


def attempt_pnl(*, attempt: ArbAttempt) -> Pnl:
    """P&L of one attempt: realised as journaled, unrealised for the contracts left unhedged."""
    positions = {p.leg: p for p in attempt.positions.select_related("market__latest_book")}
    if attempt.is_basket:
        return _basket_pnl(attempt, positions)
    a, b = positions.get("a"), positions.get("b")
    realised = sum((p.realised_pnl for p in positions.values()), ZERO)
    matched = min(a.size, b.size) if a is not None and b is not None else ZERO
    if a is not None and b is not None and matched > 0:
        # Each hedged pair of contracts pays exactly 1 at settlement: that edge is locked in.
        realised += matched * (ONE - a.cost_basis / a.size - b.cost_basis / b.size)
    unrealised = ZERO
    for p in positions.values():
        naked = p.size - matched
        if naked > 0:
            unrealised += naked * (_mark_price(p) - p.cost_basis / p.size)
    return Pnl(realised=realised, unrealised=unrealised)


def _basket_pnl(attempt: ArbAttempt, positions: dict[str, Position]) -> Pnl:
    """A basket's P&L: each matched unit pays payout_per_unit; contracts beyond the matched
    size are marked to their bid."""
    legs = [positions.get(leg) for leg in attempt.plan.get("send_order", [])]
    realised = sum((p.realised_pnl for p in positions.values()), ZERO)
    held = [p.size if p is not None else ZERO for p in legs]
    matched = min(held) if held else ZERO
    if matched > 0:
        unit = sum((p.cost_basis / p.size for p in legs if p is not None), ZERO)
        realised += matched * ((attempt.payout_per_unit or ZERO) - unit)
    unrealised = ZERO
    for p in positions.values():
        naked = p.size - matched
        if naked > 0:
            unrealised += naked * (_mark_price(p) - p.cost_basis / p.size)
    return Pnl(realised=realised, unrealised=unrealised)


def pair_pnl(*, pair_id: int, mode: str | None = None) -> Pnl:
    """P&L summed over every attempt of a pair."""
    realised, unrealised = ZERO, ZERO
    for attempt in attempt_list(mode=mode, pair_id=pair_id):
        pnl = attempt_pnl(attempt=attempt)
        realised += pnl.realised
        unrealised += pnl.unrealised
    return Pnl(realised=realised, unrealised=unrealised)
