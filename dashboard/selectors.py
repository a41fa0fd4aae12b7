"""Reads for dashboard pages. Every list is one query with its relations joined (no N+1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from arbitrage.models import Opportunity, PairScanState, SpreadStat
from dashboard.charts import LineChart, Series, bar_chart, line_chart
from markets.models import Market, OrderBook
from platforms.models import Platform
from platforms.registry import display_name, venue_slugs_enabled
from similarity.models import MarketPair
from trading.models import ArbAttempt, DriftFlag, Fill, KillSwitch, Order, RiskRefusal
from trading.selectors import kill_switch_active, kill_switch_get, trading_mode

OPPORTUNITIES_NOW_LIMIT = 100
BOOK_HISTORY_POINTS = 500
PAIR_OPPORTUNITY_HISTORY = 50
PAIRS_PER_PAGE = 50
# The newest rows of each journal table; the API pages through all of them.
TRADING_ROWS = 50
PNL_DAYS = 30


def platform_health_list() -> list[Platform]:
    """The enabled venues in settings order, with open-market counts; a venue never synced yet
    appears as an unsaved row so the page still names it."""
    enabled = venue_slugs_enabled()
    rows = {
        p.slug: p
        for p in Platform.objects.annotate(
            open_markets=Count("markets", filter=Q(markets__status=Market.Status.OPEN))
        )
    }
    return [rows.get(slug) or Platform(slug=slug, name=display_name(slug)) for slug in enabled]


def opportunity_list_open(*, limit: int = OPPORTUNITIES_NOW_LIMIT) -> QuerySet[Opportunity]:
    """Open opportunities, most profitable first, with both markets and venues joined."""
    return (
        Opportunity.objects.filter(closed_at__isnull=True)
        .select_related("pair__market_a__platform", "pair__market_b__platform")
        .only(
            "pair__market_a__title", "pair__market_a__platform__slug",
            "pair__market_b__platform__slug", "size", "net_profit", "return_on_capital",
            "annualised_return", "first_seen", "outcome_a", "outcome_b", "limit_price_a",
            "limit_price_b",
        )
        .order_by("-net_profit", "id")[:limit]
    )


def live_overview() -> dict[str, object]:
    """The live part of the front page: open opportunities and venue health."""
    return {"opportunities": opportunity_list_open(), "platforms": platform_health_list()}


PAIR_LIST_FIELDS = (
    "id", "status", "relation", "orientation", "similarity", "reviewer__username",
    *(f"{leg}__{f}" for leg in ("market_a", "market_b") for f in ("title", "external_id", "platform__slug")),
)


def pair_list(
    *, status: str = "", relation: str = "", platform: str = "", q: str = ""
) -> QuerySet[MarketPair]:
    """Pairs filtered by review status, relation, either side's venue slug and a title search.

    Loads only the listed columns: both markets' rules texts would otherwise be read and sorted
    for every pair. Venue and text filters select markets first (a few thousand rows) and then
    pairs by market id, instead of OR-ing conditions across two joins of the whole pair table.
    """
    qs = (
        MarketPair.objects.select_related("market_a__platform", "market_b__platform", "reviewer")
        .only(*PAIR_LIST_FIELDS)
        .order_by("status", "-similarity", "id")
    )
    if status:
        qs = qs.filter(status=status)
    if relation:
        qs = qs.filter(relation=relation)
    markets = Market.objects.all()
    if platform:
        markets = markets.filter(platform__slug=platform)
    if q:
        markets = markets.filter(Q(title__icontains=q) | Q(external_id__icontains=q))
    if platform or q:
        ids = markets.values("id")
        qs = qs.filter(Q(market_a_id__in=ids) | Q(market_b_id__in=ids))
    return qs


def pair_page(
    *, page_number: int | str | None = 1, per_page: int = PAIRS_PER_PAGE, **filters: str
) -> Page[MarketPair]:
    """One page of pair_list(**filters), with the listed rows loaded.

    Sorting and OFFSET run over pair ids alone, then only the page's 50 rows are joined to
    their markets: sorting 10,000 fully joined rows to show the last page spilled to disk.
    """
    ordered_ids = pair_list(**filters).values_list("id", flat=True)
    # Paginated over ids, then the page's ids are swapped for their loaded pairs.
    page: Page[Any] = Paginator(ordered_ids, per_page).get_page(page_number)
    ids = list(page.object_list)
    rows = pair_list().filter(id__in=ids).in_bulk()
    page.object_list = [rows[i] for i in ids]
    return page


def pair_get(*, pair_id: int) -> MarketPair:
    """One pair with both markets, their venues and latest books; 404 if absent."""
    return get_object_or_404(
        MarketPair.objects.select_related(
            "market_a__platform", "market_b__platform", "market_a__latest_book",
            "market_b__latest_book", "reviewer",
        ),
        pk=pair_id,
    )


BOOK_FIELDS = ("id", "market_id", "captured_at", "exchange_ts", "seq", "source", "yes_bids", "yes_asks")


def pair_get_with_books(*, pair_id: int) -> MarketPair:
    """One pair with both markets' latest books and nothing else loaded (one query); 404 if absent."""
    legs = [
        f"{leg}__{field}"
        for leg in ("market_a", "market_b")
        for field in ("book_checked_at", *(f"latest_book__{f}" for f in BOOK_FIELDS))
    ]
    return get_object_or_404(
        MarketPair.objects.select_related("market_a__latest_book", "market_b__latest_book").only(
            "id", "orientation", *legs
        ),
        pk=pair_id,
    )


def implied_probability(yes_bids: list[list[str]], yes_asks: list[list[str]]) -> float | None:
    """Mid of the best YES bid and ask (one side if the other is empty); None for an empty book."""
    bid = Decimal(yes_bids[0][0]) if yes_bids else None
    ask = Decimal(yes_asks[0][0]) if yes_asks else None
    if bid is not None and ask is not None:
        return float((bid + ask) / 2)
    if bid is not None or ask is not None:
        return float(bid if bid is not None else ask)  # type: ignore[arg-type]
    return None


def _book_series(market: Market, limit: int) -> list[tuple[datetime, float]]:
    rows = list(
        OrderBook.objects.filter(market=market)
        .order_by("-captured_at")
        .values_list("captured_at", "yes_bids", "yes_asks")[:limit]
    )
    series = []
    for captured_at, bids, asks in reversed(rows):
        p = implied_probability(bids, asks)
        if p is not None:
            series.append((captured_at, p))
    return series


def _step_merge(
    a: list[tuple[datetime, float]], b: list[tuple[datetime, float]]
) -> list[tuple[datetime, float]]:
    """A - B at every moment either side changed, holding the other side's last value.

    Books are stored only when they change, so each series is a step function.
    """
    events = sorted([(t, 0, v) for t, v in a] + [(t, 1, v) for t, v in b])
    last: list[float | None] = [None, None]
    out: list[tuple[datetime, float]] = []
    for t, side, v in events:
        last[side] = v
        if last[0] is not None and last[1] is not None:
            out.append((t, last[0] - last[1]))
    return out


@dataclass
class PairCharts:
    probability: LineChart
    spread: LineChart


def pair_charts(*, pair: MarketPair, limit: int = BOOK_HISTORY_POINTS) -> PairCharts:
    """Implied YES probability of both legs over the stored book history, and their spread.

    B is shown in A's terms: for an inverted pair B-NO settles like A-YES, so B's line is 1 - p.
    """
    a = _book_series(pair.market_a, limit)
    b = _book_series(pair.market_b, limit)
    if pair.orientation == MarketPair.Orientation.INVERTED:
        b = [(t, 1 - p) for t, p in b]
    probability = line_chart(
        [Series("A " + pair.market_a.platform.slug, a, "line-a"),
         Series("B " + pair.market_b.platform.slug, b, "line-b")],
        y_min=0.0, y_max=1.0,
    )
    spread = line_chart([Series("A - B", _step_merge(a, b), "line-spread")], y_format="{:+.3f}")
    return PairCharts(probability=probability, spread=spread)


def pair_opportunity_history(
    *, pair: MarketPair, limit: int = PAIR_OPPORTUNITY_HISTORY
) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(pair=pair).order_by("-first_seen", "-id")[:limit]


def pair_spread_stat(*, pair: MarketPair) -> SpreadStat | None:
    return SpreadStat.objects.filter(pair=pair).first()


def pair_scan_state(*, pair: MarketPair) -> PairScanState | None:
    """Why the last scan did or did not evaluate the pair (None before its first scan)."""
    return PairScanState.objects.filter(pair=pair).first()


def book_depth_rows(book: OrderBook | None) -> list[tuple[list[str] | None, list[str] | None]]:
    """A book as depth-table rows: (bid level, ask level) side by side, best first."""
    if book is None:
        return []
    return list(zip_longest(book.yes_bids, book.yes_asks))


def pair_detail(*, pair_id: int) -> dict[str, Any]:
    """Everything the pair page shows: the pair, rules diff, charts, opportunities, z-score."""
    from similarity.admin import highlight_diff

    pair = pair_get(pair_id=pair_id)
    rules_a, rules_b = highlight_diff(pair.market_a.rules_text, pair.market_b.rules_text)
    return {
        "pair": pair,
        "rules_a": rules_a,
        "rules_b": rules_b,
        "book_a_rows": book_depth_rows(pair.market_a.latest_book),
        "book_b_rows": book_depth_rows(pair.market_b.latest_book),
        "charts": pair_charts(pair=pair),
        "opportunities": list(pair_opportunity_history(pair=pair)),
        "spread_stat": pair_spread_stat(pair=pair),
        "scan_state": pair_scan_state(pair=pair),
    }



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


def health_overview() -> dict[str, object]:
    return {"platforms": platform_health_list(), "trading": trading_status()}


def attempt_list_recent(*, limit: int = TRADING_ROWS) -> QuerySet[ArbAttempt]:
    """Newest attempts with only the shown columns (the plan JSON and markets stay unread)."""
    return (
        ArbAttempt.objects.select_related("pair__market_a")
        .only(
            "created_at", "uid", "pair__market_a__title", "mode", "state", "needs_attention",
            "planned_size", "expected_net_profit", "realised_pnl", "attention_reason", "reason",
        )
        .order_by("-created_at", "-id")[:limit]
    )


def order_list_recent(*, limit: int = TRADING_ROWS) -> QuerySet[Order]:
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
        .only("pair__market_a__title", "mode", "code", "message", "count", "last_at")
        .order_by("-last_at", "-id")[:limit]
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
    """Realised P&L summed per pair (and mode) over finished attempts, most profitable first;
    all time unless `since` (by finishing time)."""
    rows = (
        _finished_attempts(since=since, mode=mode)
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


def trading_overview() -> dict[str, object]:
    """Attempts, orders, fills, P&L per pair and per day (with its bar chart), mode and switch."""
    by_day = pnl_by_day()
    return {
        "trading": trading_status(),
        "attempts": list(attempt_list_recent()),
        "orders": list(order_list_recent()),
        "fills": list(fill_list_recent()),
        "drift_flags": list(drift_flag_list_open()),
        "refusals": list(risk_refusal_list_recent()),
        "pnl_pairs": pnl_by_pair(),
        "pnl_days": by_day,
        "pnl_chart": bar_chart([(f"{r['day']:%m-%d}", r["pnl"]) for r in by_day]),
        "pnl_total": sum((r["pnl"] for r in by_day), Decimal(0)),
    }
