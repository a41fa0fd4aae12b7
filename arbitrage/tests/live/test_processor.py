"""StreamProcessor: engine decision per change, decision dedupe, book store throttle (no DB)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from types import SimpleNamespace

import pricing
from arbitrage.live.processor import PairWatch, StreamProcessor
from platforms.base import BookSnapshot

NOW = datetime(2026, 11, 29, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _market(mid: int, slug: str, ext: str):
    return SimpleNamespace(id=mid, platform=SimpleNamespace(slug=slug), external_id=ext,
                           latest_book_id=None)


def _processor(
    *, tradeable: bool = True, max_slippage: D | None = None
) -> tuple[StreamProcessor, Clock]:
    clock = Clock()
    a, b = _market(1, "kalshi", "K"), _market(2, "polymarket", "P")
    leg = pricing.LegInput(venue="x", yes_bids=(), yes_asks=(),
                          settles_at=NOW + timedelta(days=30))
    processor = StreamProcessor(budget=D("100"), clock=clock, now=lambda: NOW,
                                store_interval_s=1.0, refresh_s=5.0,
                                max_slippage=max_slippage)
    processor.set_pairs([PairWatch(pair_id=7, orientation="same", tradeable=tradeable,
                                   market_a=a, market_b=b, leg_a=leg, leg_b=leg)])
    return processor, clock


def _book(ext: str, bid: str, ask: str, size: str = "10") -> BookSnapshot:
    return BookSnapshot(ext, yes_bids=((D(bid), D(size)),), yes_asks=((D(ask), D(size)),))


def test_each_change_is_decided_and_unchanged_decisions_are_not_rewritten():
    processor, clock = _processor()
    processor.book_changed("kalshi", "K", _book("K", "0.30", "0.40"), clock())
    assert processor.take_batch().decisions == {}  # the other side has no book yet
    processor.book_changed("polymarket", "P", _book("P", "0.55", "0.60"), clock())
    batch = processor.take_batch()
    (decision,) = batch.decisions.values()
    # YES on A at 0.40 and NO on B at 0.45 for 10 contracts (no fees in this leg setup).
    assert decision.plans[0].direction == "yes_a_no_b"
    assert decision.plans[0].net_profit == D("1.50")
    # A change deep in the book that leaves the plan as it was: decided, not rewritten.
    processor.book_changed("polymarket", "P", BookSnapshot(
        "P", yes_bids=((D("0.55"), D("10")), (D("0.10"), D("5"))),
        yes_asks=((D("0.60"), D("10")),)), clock())
    assert processor.decisions == 2
    assert processor.take_batch().decisions == {}
    clock.now += 5.0
    processor.book_changed("polymarket", "P", _book("P", "0.55", "0.60"), clock())
    assert 7 in processor.take_batch().decisions  # refreshed after refresh_s


def test_one_sided_or_crossed_books_decide_nothing():
    processor, clock = _processor()
    processor.book_changed("kalshi", "K", _book("K", "0.30", "0.40"), clock())
    processor.book_changed("polymarket", "P", BookSnapshot(
        "P", yes_bids=((D("0.55"), D("10")),), yes_asks=()), clock())
    assert processor.take_batch().decisions[7].plans == []
    # Crossed: NO at 1 - 0.65 plus YES at 0.40 would look like an edge; it stays "nothing",
    # so the decision is unchanged and not rewritten.
    processor.book_changed("polymarket", "P", _book("P", "0.65", "0.60"), clock())
    assert processor.decisions == 2
    assert processor.take_batch().decisions == {}


def test_books_are_stored_at_most_once_per_interval_unless_a_decision_uses_them():
    processor, clock = _processor(tradeable=False)
    processor.book_changed("kalshi", "K", _book("K", "0.30", "0.40"), clock())
    assert list(processor.take_batch().books) == [1]
    processor.book_changed("kalshi", "K", _book("K", "0.31", "0.40"), clock())
    assert processor.take_batch().books == {}
    clock.now += 1.0
    batch = processor.take_batch()
    assert batch.books[1][1].best_bid == D("0.31")
    processor.book_changed("kalshi", "K", _book("K", "0.32", "0.40"), clock())
    assert processor.take_batch(force=True).books[1][1].best_bid == D("0.32")
    assert processor.decisions == 0  # not tradeable: books only


def test_a_lost_stream_drops_its_books_and_decides_nothing_for_their_pairs():
    processor, clock = _processor()
    processor.book_changed("kalshi", "K", _book("K", "0.30", "0.40"), clock())
    streamed = BookSnapshot("P", yes_bids=((D("0.55"), D("10")),),
                            yes_asks=((D("0.60"), D("10")),), source="ws")
    processor.book_changed("polymarket", "P", streamed, clock())
    assert processor.take_batch().decisions[7].plans
    processor.forget_venue("polymarket")
    batch = processor.take_batch()
    assert batch.decisions[7].plans == []
    assert 2 not in processor.current
    # The Kalshi side alone decides nothing until Polymarket books come back.
    processor.book_changed("kalshi", "K", _book("K", "0.31", "0.40"), clock())
    assert processor.take_batch().decisions == {}
    processor.book_changed("polymarket", "P", _book("P", "0.55", "0.60"), clock())
    assert processor.take_batch().decisions[7].plans


def test_slippage_cap_keeps_deeper_levels_out_of_the_decision():
    deep = BookSnapshot("P", yes_bids=((D("0.55"), D("10")), (D("0.54"), D("10"))),
                        yes_asks=((D("0.60"), D("10")),))
    sizes = []
    for cap in (None, D("0")):
        processor, clock = _processor(max_slippage=cap)
        processor.book_changed("kalshi", "K", BookSnapshot(
            "K", yes_bids=((D("0.30"), D("20")),), yes_asks=((D("0.40"), D("20")),)), clock())
        processor.book_changed("polymarket", "P", deep, clock())
        (decision,) = processor.take_batch().decisions.values()
        sizes.append(decision.plans[0].size)
    # Uncapped, NO on B walks to 0.46 (both bid levels, 20 contracts); capped at its best only.
    assert sizes == [D(20), D(10)]


def test_a_change_to_one_book_re_decides_the_pair_on_both_current_books():
    processor, clock = _processor()
    kalshi = BookSnapshot("K", yes_bids=((D("0.30"), D("20")),), yes_asks=((D("0.40"), D("20")),))
    processor.book_changed("kalshi", "K", kalshi, clock())
    processor.book_changed("polymarket", "P", _book("P", "0.55", "0.60"), clock())
    processor.take_batch()
    processor.book_changed("polymarket", "P", _book("P", "0.56", "0.60"), clock())
    (decision,) = processor.take_batch().decisions.values()
    assert decision.plans[0].net_profit == D("1.60")  # 10 x (1 - 0.40 - 0.44)
