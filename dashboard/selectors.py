"""What each dashboard page shows, composed from the apps' own selectors (and the charts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from arbitrage.selectors import (
    basket_opportunity_get,
    basket_opportunity_history,
    basket_opportunity_list,
    basket_spread_stat_get,
    opportunity_list_for_pair,
    opportunity_list_open,
    pair_scan_state_get,
    spread_stat_get,
)
from dashboard.charts import LineChart, Series, bar_chart, line_chart
from markets.models import Market, OrderBook
from markets.selectors import order_book_history, platform_health_list
from replay.models import ReplayRun
from replay.selectors import replay_get, replay_latest_done, replay_list
from similarity.models import MarketPair
from similarity.selectors import outcome_set_counts, outcome_set_members_with_books, pair_get
from similarity.text_diff import highlight_diff
from trading.selectors import (
    attempt_list_recent,
    drift_flag_list_open,
    fill_list_recent,
    order_list_recent,
    pnl_by_day,
    pnl_by_pair,
    risk_refusal_list_recent,
    trading_status,
)

BOOK_HISTORY_POINTS = 500


def live_overview() -> dict[str, object]:
    """The live part of the front page: open opportunities and venue health."""
    return {"opportunities": opportunity_list_open(), "platforms": platform_health_list()}


def _book_series(market: Market, limit: int) -> list[tuple[datetime, float]]:
    series = []
    for captured_at, bids, asks in order_book_history(market=market, limit=limit):
        p = implied_probability(bids, asks)
        if p is not None:
            series.append((captured_at, p))
    return series


def implied_probability(yes_bids: list[list[str]], yes_asks: list[list[str]]) -> float | None:
    """Mid of the best YES bid and ask (one side if the other is empty); None for an empty book."""
    bid = Decimal(yes_bids[0][0]) if yes_bids else None
    ask = Decimal(yes_asks[0][0]) if yes_asks else None
    if bid is not None and ask is not None:
        return float((bid + ask) / 2)
    if bid is not None or ask is not None:
        return float(bid if bid is not None else ask)  # type: ignore[arg-type]
    return None


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


def book_depth_rows(book: OrderBook | None) -> list[tuple[list[str] | None, list[str] | None]]:
    """A book as depth-table rows: (bid level, ask level) side by side, best first."""
    if book is None:
        return []
    return list(zip_longest(book.yes_bids, book.yes_asks))


def pair_detail(*, pair_id: int) -> dict[str, Any]:
    """Everything the pair page shows: the pair, rules diff, charts, opportunities, z-score."""
    pair = pair_get(pair_id=pair_id)
    rules_a, rules_b = highlight_diff(pair.market_a.rules_text, pair.market_b.rules_text)
    return {
        "pair": pair,
        "rules_a": rules_a,
        "rules_b": rules_b,
        "book_a_rows": book_depth_rows(pair.market_a.latest_book),
        "book_b_rows": book_depth_rows(pair.market_b.latest_book),
        "charts": pair_charts(pair=pair),
        "opportunities": list(opportunity_list_for_pair(pair_id=pair.id)),
        "spread_stat": spread_stat_get(pair_id=pair.id),
        "scan_state": pair_scan_state_get(pair_id=pair.id),
    }



def health_overview() -> dict[str, object]:
    return {"platforms": platform_health_list(), "trading": trading_status()}


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


def replay_overview(*, with_latest: bool = True) -> dict[str, object]:
    """The replays page: newest runs (summaries), whether any is still queued or running (the
    page polls while one is), and (`with_latest`; not for the polled table) the newest
    finished run with its equity curve."""
    runs = list(replay_list())
    active = any(r.status in (ReplayRun.Status.QUEUED, ReplayRun.Status.RUNNING) for r in runs)
    latest = replay_latest_done() if with_latest else None
    return {
        "runs": runs, "active": active, "latest": latest,
        "latest_chart": equity_chart(latest.report) if latest and latest.report else None,
    }


def equity_chart(report: dict[str, Any]) -> LineChart:
    """Cumulative net profit of the replay's trades: reacting after the latency, and instantly."""
    equity = report.get("equity", {})

    def points(rows: list[list[str]]) -> list[tuple[datetime, float]]:
        return [(datetime.fromisoformat(t), float(v)) for t, v in rows]

    latency_ms = report.get("replay", {}).get("latency_ms", 0)
    return line_chart(
        [Series("instant reaction", points(equity.get("instant", [])), "line-b"),
         Series(f"after {latency_ms} ms", points(equity.get("latency", [])), "line-a")],
        y_format="{:.2f}",
    )


def replay_detail(*, replay_id: int) -> dict[str, Any]:
    """One replay: its request, totals, equity curve and per-pair table."""
    run = replay_get(replay_id=replay_id)
    report = run.report or {}
    return {"run": run, "report": report, "chart": equity_chart(report) if report else None}


BASKETS_NOW_LIMIT = 100


def basket_overview() -> dict[str, object]:
    """The baskets page: open basket opportunities, most profitable first, and how many outcome
    sets await review or are priced."""
    return {
        "baskets": list(basket_opportunity_list(open_only=True)[:BASKETS_NOW_LIMIT]),
        "set_counts": outcome_set_counts(),
    }


@dataclass
class BasketMemberRow:
    """One member of a basket as its page shows it: the market (venue, book) and, when the
    basket buys it, the leg bought (side, limit price, cost, fee)."""

    label: str
    outcome: str
    market: Market
    side: str
    leg: dict[str, Any] | None
    book_rows: list[tuple[list[str] | None, list[str] | None]]


def basket_detail(*, basket_id: int) -> dict[str, Any] | None:
    """Everything a basket page shows: the opportunity, every member with its venue and book
    (the legs bought marked), the basket's opportunity history and spread chart. None when
    there is no such basket opportunity."""
    opportunity = basket_opportunity_get(opportunity_id=basket_id)
    if opportunity is None:
        return None
    legs = {int(leg["market_id"]): leg for leg in opportunity.legs}
    side = "yes" if opportunity.kind == "set_yes" else "no"
    rows: list[BasketMemberRow] = []
    if opportunity.outcome_set_id is not None:
        for member in outcome_set_members_with_books(set_id=opportunity.outcome_set_id):
            rows.append(BasketMemberRow(
                member.label, member.outcome_key, member.market, side, legs.get(member.market_id),
                book_depth_rows(member.market.latest_book),
            ))
    elif opportunity.pair_id is not None:
        pair = pair_get(pair_id=opportunity.pair_id)
        for market in (pair.market_a, pair.market_b):
            leg = legs.get(market.id)
            rows.append(BasketMemberRow(
                market.title, leg["outcome"] if leg else "", market,
                leg["side"] if leg else "", leg, book_depth_rows(market.latest_book),
            ))
    stat = basket_spread_stat_get(basket_key=opportunity.basket_key)
    points = [(datetime.fromisoformat(t), float(v)) for t, v in (stat.samples if stat else [])]
    spread = line_chart(
        [Series("total ask - payout", points, "line-spread")], y_format="{:+.3f}"
    )
    return {
        "opportunity": opportunity,
        "members": rows,
        "history": list(basket_opportunity_history(basket_key=opportunity.basket_key)),
        "spread_stat": stat,
        "spread_chart": spread,
    }
