"""Reads for replays: stored books as a tape (definitions plus book lines in time order), runs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from common.errors import ApplicationError
from markets.models import Market, OrderBook
from pricing.fees import Fee
from replay.models import ReplayRun
from replay.tape import (
    MARKET_INFO_FIELDS,
    BookLine,
    MarketKey,
    Tape,
    TapeMarket,
    TapePair,
    iso,
    to_us,
)
from similarity.models import MarketPair

# Rows fetched per round trip while streaming books (a server-side cursor on PostgreSQL).
BOOK_CHUNK = 2000
BOOK_FIELDS = (
    "market_id", "captured_at", "exchange_ts", "seq", "source", "venue_hash", "yes_bids",
    "yes_asks",
)


def replay_pairs(*, pair_ids: Sequence[int] | None = None) -> list[MarketPair]:
    """The pairs a replay or export covers: exactly `pair_ids` (any status), else every approved
    pair; markets and venues loaded. Raises ApplicationError naming ids that do not exist."""
    qs = MarketPair.objects.select_related(
        "market_a__platform", "market_b__platform", "market_a__event", "market_b__event"
    ).order_by("id")
    if pair_ids is None:
        return list(qs.filter(status=MarketPair.Status.APPROVED))
    found = list(qs.filter(id__in=pair_ids))
    missing = sorted(set(pair_ids) - {p.id for p in found})
    if missing:
        raise ApplicationError(f"no such pairs: {', '.join(map(str, missing))}")
    return found


def tape_market(market: Market) -> TapeMarket:
    """A stored market as a tape carries it."""
    info = {
        "subtitle": market.subtitle, "outcome_label": market.outcome_label,
        "no_outcome_label": market.no_outcome_label, "category": market.category,
        "rules_text": market.rules_text, "resolution_source": market.resolution_source,
        "status": market.status, "open_time": iso(market.open_time),
        "yes_token_id": market.yes_token_id, "no_token_id": market.no_token_id,
        "url": market.url,
        "event_external_id": market.event.external_id if market.event else "",
        "event_title": market.event.title if market.event else "",
    }
    return TapeMarket(
        venue=market.platform.slug, external_id=market.external_id, title=market.title,
        fee=Fee.from_json(market.fee_params), min_order_size=market.min_order_size,
        size_increment=market.size_increment, tick_size=market.tick_size,
        close_time=market.close_time, expected_settle_time=market.expected_settle_time,
        settlement_value=market.settlement_value, settled_at=market.settled_at,
        result=market.result,
        info={k: v for k in MARKET_INFO_FIELDS if (v := info.get(k)) not in (None, "")},
    )


def tape_pair(pair: MarketPair) -> TapePair:
    a, b = pair.market_a, pair.market_b
    return TapePair(
        id=pair.id, a=(a.platform.slug, a.external_id), b=(b.platform.slug, b.external_id),
        relation=pair.relation, orientation=pair.orientation, status=pair.status,
    )


def database_tape(
    *, start: datetime, end: datetime, pair_ids: Sequence[int] | None = None
) -> Tape:
    """The stored books of the pairs' markets as a tape: each market's last book before
    `start` (the state the window opens on), then every stored book with start <= captured_at
    < end, in time order (ties by row id). Books stream from the database in chunks."""
    pairs = replay_pairs(pair_ids=pair_ids)
    markets: dict[int, Market] = {}
    for pair in pairs:
        markets[pair.market_a_id] = pair.market_a
        markets[pair.market_b_id] = pair.market_b
    return Tape(
        start=start, end=end,
        markets={(m.platform.slug, m.external_id): tape_market(m) for m in markets.values()},
        pairs=[tape_pair(p) for p in pairs],
        books=_book_lines(markets, start, end),
    )


def _book_lines(markets: dict[int, Market], start: datetime, end: datetime) -> Iterator[BookLine]:
    keys: dict[int, MarketKey] = {mid: (m.platform.slug, m.external_id) for mid, m in markets.items()}
    before = (
        Market.objects.filter(id__in=list(markets))
        .annotate(initial=Subquery(
            OrderBook.objects.filter(market=OuterRef("pk"), captured_at__lt=start)
            .order_by("-captured_at", "-id").values("id")[:1]
        ))
        .exclude(initial=None).values_list("initial", flat=True)
    )
    initial = OrderBook.objects.filter(id__in=list(before)).order_by("captured_at", "id")
    window = OrderBook.objects.filter(
        market_id__in=list(markets), captured_at__gte=start, captured_at__lt=end
    ).order_by("captured_at", "id")
    for qs in (initial, window):
        for row in qs.values_list(*BOOK_FIELDS).iterator(chunk_size=BOOK_CHUNK):
            market_id, captured_at, exchange_ts, seq, source, venue_hash, bids, asks = row
            venue, external_id = keys[market_id]
            yield BookLine(
                0, to_us(captured_at), venue, external_id, True, bids, asks, iso(exchange_ts), seq,
                source, venue_hash,
            )


def replay_list(*, limit: int = 50) -> QuerySet[ReplayRun]:
    """The newest replays first, without their reports (lists show the summary columns)."""
    return ReplayRun.objects.defer("report").order_by("-created_at", "-id")[:limit]


def replay_latest_done() -> ReplayRun | None:
    """The newest finished replay, with its report."""
    return (
        ReplayRun.objects.filter(status=ReplayRun.Status.DONE)
        .order_by("-finished_at", "-id").first()
    )


def replay_get(*, replay_id: int) -> ReplayRun:
    """One replay with its report; raises ReplayRun.DoesNotExist."""
    return ReplayRun.objects.get(id=replay_id)
