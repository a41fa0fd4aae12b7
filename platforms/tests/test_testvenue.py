import random
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from platforms.base import (
    Action,
    BadResponse,
    MarketRef,
    MarketStatus,
    OrderIntent,
    OrderRejected,
    OrderStatus,
    OrderTimeout,
    Outcome,
    PlatformUnavailable,
)
from platforms.testvenue import _QUESTIONS, OUTCOME_EVENT_MARKETS, OUTCOME_EVENTS, TestPlatform


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


# --- multi-outcome events ----------------------------------------------------------------------
def _members_by_event(v):
    """event external id -> the MarketData of its members, for the multi-outcome events."""
    events = {}
    for m in v.iter_markets():
        if m.extra.get("event_mutually_exclusive") or m.extra.get("neg_risk"):
            events.setdefault(m.event_external_id, []).append(m)
    return events


def test_multi_outcome_events_come_after_the_questions_which_are_unchanged():
    v, _ = venue()
    listed = list(v.iter_markets())
    # The 40 independent questions first, as before the events were added: the question keys in
    # order (a round suffix after the first 16) and the seed's fair values, drawn in that order.
    rng = random.Random(7)
    for i, (m, wm) in enumerate(zip(listed[:40], v.world[:40], strict=True)):
        key = _QUESTIONS[i % len(_QUESTIONS)][0] + (str(i // len(_QUESTIONS)) if i >= 16 else "")
        assert m.external_id.startswith(f"KXTEST{key}-")
        assert wm.fair_value == 0.15 + 0.7 * rng.random()
        assert not m.extra
        assert not wm.event_key
    assert len(listed) - 40 == OUTCOME_EVENT_MARKETS == sum(len(e[-1]) for e in OUTCOME_EVENTS)


def test_kalshi_flavour_lists_each_event_as_one_mutually_exclusive_event():
    v, _ = venue("kalshi")
    events = _members_by_event(v)
    assert len(events) == len(OUTCOME_EVENTS)
    for (key, *_rest, outcomes), (event_id, members) in zip(OUTCOME_EVENTS, events.items(), strict=True):
        assert event_id.startswith(f"KXTEST{key}-")
        assert len(members) == len(outcomes)
        assert [m.outcome_label for m in members] == [label for _, label, *_ in outcomes]
        for m in members:
            assert m.extra["event_mutually_exclusive"] is True
            assert m.external_id.startswith(f"{event_id}-")
            assert m.fee.kind == "kalshi"
        assert len({m.external_id for m in members}) == len(members)


def test_polymarket_flavour_lists_each_event_as_one_neg_risk_group():
    v, _ = venue("polymarket")
    events = _members_by_event(v)
    assert len(events) == len(OUTCOME_EVENTS)
    for (_key, *_rest, outcomes), members in zip(OUTCOME_EVENTS, events.values(), strict=True):
        group_ids = {m.extra["neg_risk_market_id"] for m in members}
        assert len(group_ids) == 1
        assert next(iter(group_ids)).startswith("0x")
        assert [m.extra["group_item_title"] for m in members] == [label for _, label, *_ in outcomes]
        assert [m.extra["neg_risk_other"] for m in members] == [other for *_, other in outcomes]
        # Only a group with an "Other" leg is augmented (it can still gain named outcomes).
        has_other = any(other for *_, other in outcomes)
        assert all(m.extra["neg_risk_augmented"] is has_other for m in members)
        assert all(m.extra["neg_risk"] is True and m.fee.kind == "polymarket" for m in members)
    cup = next(iter(events.values()))
    assert cup[-1].extra["neg_risk_other"] is True
    assert cup[-1].subtitle == "Other"


def test_both_flavours_list_the_same_member_questions():
    k, _ = venue("kalshi")
    p, _ = venue("polymarket")
    k_titles = [m.title for ms in _members_by_event(k).values() for m in ms]
    p_titles = [m.title for ms in _members_by_event(p).values() for m in ms]
    assert k_titles == p_titles
    assert len(set(k_titles)) == OUTCOME_EVENT_MARKETS


def test_event_fair_values_form_one_distribution_and_each_flavour_walks_on_its_own():
    k, clock = venue("kalshi")
    p, _ = venue("polymarket")
    for key, *_rest in OUTCOME_EVENTS:
        members = k._event_members(key)
        assert sum(wm.fair_value for wm in members) == pytest.approx(1.0)
        # Books sit around the member's walk: mids of one flavour sum to about 1.
        step = k._step()
        mids = [
            (k._book_for(wm, step).yes_bids[0][0] + k._book_for(wm, step).yes_asks[0][0]) / 2
            for wm in members
        ]
        assert abs(sum(mids) - 1) < Decimal("0.25")
        assert [k._book_for(wm, step).yes_asks for wm in members] != [
            p._book_for(wm, step).yes_asks for wm in p._event_members(key)
        ]


@pytest.mark.parametrize("seed", [1, 7, 42, 1000])
def test_each_event_settles_exactly_one_member_yes_alike_on_both_flavours(seed):
    after_all = datetime(2028, 1, 1, tzinfo=UTC).timestamp()
    results = {}
    for flavour in ("kalshi", "polymarket"):
        v = TestPlatform(slug=f"test_{flavour}", display_name="t", flavour=flavour, seed=seed,
                         clock=lambda: after_all)
        by_event = _members_by_event(v)
        got = v.get_results([MarketRef(m.external_id) for ms in by_event.values() for m in ms])
        results[flavour] = [
            [got[m.external_id].settlement_value for m in members] for members in by_event.values()
        ]
        for values in results[flavour]:
            assert all(r.status is MarketStatus.SETTLED for r in got.values())
            assert sorted(values) == [Decimal(0)] * (len(values) - 1) + [Decimal(1)]
    assert results["kalshi"] == results["polymarket"]


def test_event_winner_follows_the_fair_values_across_seeds():
    wins = {}
    for seed in range(300):
        v = TestPlatform(slug="test_kalshi", display_name="t", flavour="kalshi", seed=seed)
        winner = v.event_winner("TESTCPIDEC")
        wins[winner] = wins.get(winner, 0) + 1
    # Fair values 0.30 / 0.45 / 0.25: every bracket wins sometimes, the middle one most.
    assert set(wins) == {"TESTCPIDEC-B28", "TESTCPIDEC-B32", "TESTCPIDEC-A32"}
    assert max(wins, key=wins.__getitem__) == "TESTCPIDEC-B32"
