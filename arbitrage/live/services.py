"""Database side of the live scan: which pairs to watch, and its batched writes.

Everything here is synchronous Django; the runner calls it on one dedicated thread so the event
loop never blocks on the database and all writes share one connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from arbitrage.baskets import basket_opportunities_apply, basket_specs_load
from arbitrage.gates import pair_rules_gate
from arbitrage.live.processor import BasketLiveDecision, BasketWatch, Batch, PairDecision, PairWatch
from arbitrage.services import opportunities_apply, pair_leg_inputs
from markets.models import Market
from markets.services import book_record_many
from platforms.base import BookSnapshot
from pricing.case import case_json
from similarity.models import MarketPair

# Rows per bulk call. A slow flush lets the next batch grow (to every watched market); chunks
# keep each statement bounded (Django's bulk_update builds one CASE branch per row). Measured on
# 1,200 books: one call or six chunks cost about the same, so chunking costs no throughput.
WRITE_CHUNK = 200


def _empty_book(market: Market) -> BookSnapshot:
    return BookSnapshot(market_external_id=market.external_id, yes_bids=(), yes_asks=())


def stream_pairs_load() -> list[PairWatch]:
    """Every approved pair whose two markets are open, with its engine leg templates.

    Approved identical pairs are tradeable (get decisions); other approved relations are watched
    for their books only (the spread monitor reads them).
    """
    pairs = (
        MarketPair.objects.filter(
            status=MarketPair.Status.APPROVED,
            market_a__status=Market.Status.OPEN, market_b__status=Market.Status.OPEN,
        )
        .select_related("market_a__platform", "market_b__platform")
        .order_by("id")
    )
    watches = []
    for pair in pairs:
        leg_a, leg_b = pair_leg_inputs(
            pair=pair, book_a=_empty_book(pair.market_a), book_b=_empty_book(pair.market_b)
        )
        # The scan's pair gate (markets open, rules unchanged since approval); the books' gate
        # runs on every decision.
        reason, _ = pair_rules_gate(pair)
        watches.append(
            PairWatch(
                pair_id=pair.id, orientation=pair.orientation,
                tradeable=pair.is_tradeable and not reason,
                market_a=pair.market_a, market_b=pair.market_b, leg_a=leg_a, leg_b=leg_b,
            )
        )
    return watches


def stream_baskets_load() -> list[BasketWatch]:
    """Every basket the scan prices (arbitrage.baskets.basket_specs_load) whose members are
    open and whose rules are as reviewed; the books' gates run on every decision.

    A member that is not open is left out (an outcome offered on another venue survives; one
    left without a member makes the basket unbuyable, decided "nothing" on every change).
    """
    loaded = basket_specs_load()
    # Full rows for the feeds and the REST fallback (token ids, which the scan's narrow query
    # leaves out): read here, on the database thread, never lazily from the event loop.
    full = Market.objects.select_related("platform").in_bulk(
        {mid for basket in loaded for mid in basket.markets}
    )
    watches = []
    for basket in loaded:
        if basket.reason:
            continue
        if basket.pair is not None and pair_rules_gate(basket.pair)[0]:
            continue
        if basket.pair is None and any(
            basket.reviewed_rules.get(mid, "") != m.rules_hash for mid, m in basket.markets.items()
        ):
            continue
        open_markets = {
            mid: m for mid, m in basket.markets.items() if m.status == Market.Status.OPEN
        }
        spec = replace(
            basket.spec,
            members=tuple(m for m in basket.spec.members if m.market_id in open_markets),
        )
        watches.append(BasketWatch(spec=spec, markets=tuple(full[mid] for mid in open_markets)))
    return watches


def stream_batch_write(
    *, batch: Batch, budget: Decimal, checked_at: datetime | None = None,
    max_slippage: Decimal | None = None,
) -> dict[str, int]:
    """Store a batch: changed books (source from each snapshot) then the pairs' decisions.

    Books first (one transaction), so each decision points at the stored book rows it used;
    every book in the batch confirms its market's book_checked_at (a live stream vouches for an
    unchanged book). Then the decisions, through opportunities_apply.
    Then the baskets' decisions, through basket_opportunities_apply.
    Returns {"books": rows stored, "opportunity_rows": rows created, updated or closed,
    "basket_rows": basket rows created, updated or closed}.
    """
    checked_at = checked_at or timezone.now()
    books = list(batch.books.values())
    stored = 0
    with transaction.atomic():
        for start in range(0, len(books), WRITE_CHUNK):
            stored += book_record_many(market_books=books[start:start + WRITE_CHUNK],
                                       checked_at=checked_at)
    decisions = list(batch.decisions.values())
    written = 0
    # Outside the books' transaction: opportunities_apply sends alerts after its own commit.
    for start in range(0, len(decisions), WRITE_CHUNK):
        written += _decisions_write(decisions[start:start + WRITE_CHUNK], budget=budget,
                                    max_slippage=max_slippage, now=checked_at)
    basket_rows = _basket_decisions_write(list(batch.basket_decisions.values()), now=checked_at)
    return {"books": stored, "opportunity_rows": written, "basket_rows": basket_rows}


def _basket_decisions_write(decisions: Sequence[BasketLiveDecision], *, now: datetime) -> int:
    """The basket opportunity lifecycle for every decided basket (arbitrage.baskets)."""
    if not decisions:
        return 0
    profitable = {
        d.basket.spec.key: d.decision for d in decisions
        if d.decision is not None and d.decision.plan is not None
    }
    result = basket_opportunities_apply(
        decisions=profitable, now=now, evaluated_keys=[d.basket.spec.key for d in decisions]
    )
    return result.written


def _decisions_write(decisions: Sequence[PairDecision], *, budget: Decimal,
                     max_slippage: Decimal | None, now: datetime) -> int:
    """The opportunity lifecycle for every decided pair (arbitrage.services)."""
    pair_plans = {d.pair.pair_id: d.plans for d in decisions if d.plans}
    inputs, book_ids = {}, {}
    for d in decisions:
        book_ids[d.pair.pair_id] = (d.pair.market_a.latest_book_id,
                                    d.pair.market_b.latest_book_id)
        if d.plans and d.book_a is not None and d.book_b is not None:
            leg_a = replace(d.pair.leg_a, yes_bids=d.book_a.yes_bids, yes_asks=d.book_a.yes_asks)
            leg_b = replace(d.pair.leg_b, yes_bids=d.book_b.yes_bids, yes_asks=d.book_b.yes_asks)
            inputs[d.pair.pair_id] = case_json(leg_a, leg_b, orientation=d.pair.orientation,
                                               budget=budget, now=d.decided_at,
                                               max_slippage=max_slippage)
    result = opportunities_apply(
        pair_plans=pair_plans, now=now, evaluated_pair_ids=[d.pair.pair_id for d in decisions],
        inputs=inputs, book_ids=book_ids,
    )
    return result.written
