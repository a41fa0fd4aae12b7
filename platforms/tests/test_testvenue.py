from decimal import Decimal

import pytest

from platforms.base import (
    Action,
    BadResponse,
    MarketRef,
    OrderIntent,
    OrderRejected,
    OrderStatus,
    OrderTimeout,
    Outcome,
    PlatformUnavailable,
)
from platforms.testvenue import OUTCOME_EVENT_MARKETS, OUTCOME_EVENTS, TestPlatform


def venue(flavour="kalshi", t=1_000_000.0, **kw):
    clock = [t]
    v = TestPlatform(slug=f"test_{flavour}", display_name="t", flavour=flavour, clock=lambda: clock[0], **kw)
    return v, clock


def refs(v):
    return [MarketRef(m.external_id) for m in v.iter_markets()]


def test_catalog_is_deterministic_and_realistic():
    a, _ = venue()
    b, _ = venue()
    ma, mb = list(a.iter_markets()), list(b.iter_markets())
    assert ma == mb
    assert len(ma) == 40 + OUTCOME_EVENT_MARKETS
    m = ma[0]
    assert m.external_id.startswith("KXTEST")
    assert m.rules_text
    assert m.close_time
    assert m.resolution_source
    assert m.fee.kind == "kalshi"
    poly = list(venue("polymarket")[0].iter_markets())[0]
    assert poly.external_id.startswith("0x")
    assert len(poly.yes_token_id) > 60
    assert poly.fee.kind == "polymarket"
    assert poly.fee.rate > 0


def test_books_are_sorted_best_first_and_not_crossed():
    v, _ = venue()
    for book in v.get_books(refs(v)).values():
        bids = [p for p, _ in book.yes_bids]
        asks = [p for p, _ in book.yes_asks]
        assert bids == sorted(bids, reverse=True)
        assert asks == sorted(asks)
        assert not book.is_crossed
        assert all(Decimal(0) < p < Decimal(1) for p in bids + asks)


def test_same_moment_gives_same_book_across_instances_and_books_move_over_time():
    v1, c1 = venue()
    v2, _ = venue()
    r = refs(v1)
    assert v1.get_books(r) == v2.get_books(r)
    before = v1.get_books(r)
    c1[0] += 60 * v1.step_s
    after = v1.get_books(r)
    assert sum(before[k].content_hash() != after[k].content_hash() for k in before) > len(before) // 2


def test_scripted_failures_for_market_data():
    v, _ = venue()
    v.fail_next("books", PlatformUnavailable("down"))
    with pytest.raises(PlatformUnavailable):
        v.get_books(refs(v))
    assert v.get_books(refs(v))  # recovers
    v.return_garbage("markets")
    with pytest.raises(BadResponse):
        list(v.iter_markets())


def _intent(v, cid, size="10", outcome=Outcome.YES, price="0.99"):
    ext = next(iter(v.iter_markets())).external_id
    return OrderIntent(
        client_order_id=cid, market_external_id=ext, outcome=outcome, action=Action.BUY,
        price=Decimal(price), size=Decimal(size),
    )


def test_orders_fill_against_the_book_with_real_fees():
    v, _ = venue()
    intent = _intent(v, "c1")
    result = v.place_order(intent)
    book = v.get_books([MarketRef(intent.market_external_id)])[intent.market_external_id]
    assert result.status is OrderStatus.FILLED
    assert result.filled_size == 10
    assert result.average_price == book.yes_asks[0][0]
    assert result.fee_paid == v.fee(next(iter(v.iter_markets())).fee, price=result.average_price, size=Decimal(10))
    assert result.fee_paid > 0
    # Buying NO hits YES bids at 1 - bid.
    no = v.place_order(_intent(v, "c2", outcome=Outcome.NO))
    assert no.average_price == 1 - book.yes_bids[0][0]


def test_scripted_order_behaviours():
    v, _ = venue()
    v.script_orders("partial:0.5", "reject", "timeout_placed", "timeout_lost", "garbage")
    partial = v.place_order(_intent(v, "p"))
    assert partial.status is OrderStatus.PARTIAL
    assert partial.filled_size == 5
    with pytest.raises(OrderRejected):
        v.place_order(_intent(v, "r"))
    with pytest.raises(OrderTimeout):
        v.place_order(_intent(v, "tp"))
    assert v.get_order(client_order_id="tp").filled_size == 10  # placed despite the timeout
    with pytest.raises(OrderTimeout):
        v.place_order(_intent(v, "tl"))
    assert v.get_order(client_order_id="tl") is None  # never placed
    with pytest.raises(BadResponse):
        v.place_order(_intent(v, "g"))
    with pytest.raises(OrderRejected):
        v.place_order(_intent(v, "p"))  # duplicate client order id is refused, never doubled


def test_positions_and_balance_follow_fills():
    v, _ = venue()
    start = v.get_balance()
    r = v.place_order(_intent(v, "x"))
    (pos,) = v.get_positions()
    assert pos.size == 10
    assert pos.outcome is Outcome.YES
    assert v.get_balance() == start - r.filled_size * r.average_price - r.fee_paid
    assert len(v.list_fills()) == 1


def test_results_follow_the_clock_and_both_flavours_settle_a_question_alike():
    from datetime import timedelta

    from platforms.base import MarketStatus

    kalshi = TestPlatform(slug="test_kalshi", display_name="K", flavour="kalshi")
    poly = TestPlatform(slug="test_polymarket", display_name="P", flavour="polymarket")
    wm = kalshi.world[0]
    refs_k, refs_p = [MarketRef(kalshi.external_id(w)) for w in kalshi.world], [
        MarketRef(poly.external_id(w)) for w in poly.world]
    for venue in (kalshi, poly):
        venue.clock = lambda: (wm.close_time - timedelta(hours=1)).timestamp()
    assert kalshi.get_results(refs_k[:1])[refs_k[0].external_id].status is MarketStatus.OPEN
    for venue in (kalshi, poly):
        venue.clock = lambda: (wm.close_time + timedelta(hours=1)).timestamp()
    assert kalshi.get_results(refs_k[:1])[refs_k[0].external_id].status is MarketStatus.CLOSED
    for venue in (kalshi, poly):
        venue.clock = lambda: (wm.close_time + timedelta(days=400)).timestamp()
    k, p = kalshi.get_results(refs_k), poly.get_results(refs_p)
    values = [k[a.external_id].settlement_value for a in refs_k]
    assert values == [p[b.external_id].settlement_value for b in refs_p]
    assert set(values) == {Decimal(0), Decimal(1)}  # 40 seeded questions: both results occur
    first = k[refs_k[0].external_id]
    assert first.settled_at == wm.close_time + timedelta(hours=2)
    kalshi.script_result(refs_k[0].external_id, 1 - first.settlement_value)
    assert kalshi.get_results(refs_k[:1])[refs_k[0].external_id].settlement_value != (
        p[refs_p[0].external_id].settlement_value)
