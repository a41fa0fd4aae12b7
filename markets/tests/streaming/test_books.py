from decimal import Decimal as D

import pytest

from markets.streaming.books import (
    ASK,
    BID,
    BookInconsistent,
    LiveBook,
    MalformedMessage,
    dec,
    price,
)


def test_snapshot_merges_sorts_and_drops_empty_levels():
    book = LiveBook("M")
    book.apply_snapshot(
        bids=[(D("0.40"), D("5")), (D("0.45"), D("1")), (D("0.40"), D("2")), (D("0.30"), D("0"))],
        asks=[(D("0.60"), D("3")), (D("0.55"), D("4"))],
        seq=7,
    )
    snap = book.snapshot()
    assert snap.yes_bids == ((D("0.45"), D("1")), (D("0.40"), D("7")))
    assert snap.yes_asks == ((D("0.55"), D("4")), (D("0.60"), D("3")))
    assert snap.seq == 7
    assert snap.source == "ws"
    assert book.synced


def test_add_level_accumulates_fractional_deltas_exactly():
    book = LiveBook("M")
    book.apply_snapshot(bids=[(D("0.40"), D("1.10"))], asks=[])
    for _ in range(10):
        book.add_level(BID, D("0.40"), D("0.01"))
    assert book.bids[D("0.40")] == D("1.20")
    book.add_level(BID, D("0.40"), D("-1.20"))
    assert D("0.40") not in book.bids
    assert book.add_level(ASK, D("0.70"), D("2.5"))
    assert book.snapshot().yes_asks == ((D("0.70"), D("2.5")),)


def test_add_level_below_zero_means_the_book_drifted():
    book = LiveBook("M")
    book.apply_snapshot(bids=[(D("0.40"), D("1"))], asks=[])
    with pytest.raises(BookInconsistent):
        book.add_level(BID, D("0.40"), D("-2"))
    with pytest.raises(BookInconsistent):
        book.add_level(ASK, D("0.90"), D("-1"))


def test_set_level_is_absolute_and_zero_deletes():
    book = LiveBook("M")
    book.apply_snapshot(bids=[(D("0.40"), D("1"))], asks=[(D("0.60"), D("1"))])
    assert book.set_level(BID, D("0.40"), D("9"))
    assert not book.set_level(BID, D("0.40"), D("9"))
    assert book.set_level(ASK, D("0.60"), D("0"))
    assert not book.set_level(ASK, D("0.61"), D("0"))
    assert book.best_bid == D("0.40")
    assert book.best_ask is None


def test_snapshot_is_cached_until_a_change():
    book = LiveBook("M")
    book.apply_snapshot(bids=[(D("0.40"), D("1"))], asks=[])
    first = book.snapshot()
    assert book.snapshot() is first
    book.set_level(BID, D("0.41"), D("1"))
    assert book.snapshot() is not first
    assert book.snapshot().best_bid == D("0.41")


def test_a_change_to_one_side_keeps_the_other_sides_levels_object():
    # An unchanged side is not sorted again: the next snapshot holds the same tuple.
    book = LiveBook("M")
    book.apply_snapshot(bids=[(D("0.40"), D("1"))], asks=[(D("0.60"), D("1"))])
    first = book.snapshot()
    book.set_level(BID, D("0.41"), D("2"))
    second = book.snapshot()
    assert second.yes_asks is first.yes_asks
    assert second.yes_bids == ((D("0.41"), D("2")), (D("0.40"), D("1")))
    book.add_level(ASK, D("0.60"), D("1"))
    third = book.snapshot()
    assert third.yes_bids is second.yes_bids
    assert third.yes_asks == ((D("0.60"), D("2")),)
    assert not book.set_level(ASK, D("0.60"), D("2"))  # no change: nothing rebuilt
    assert book.snapshot() is third
    book.apply_snapshot(bids=[(D("0.41"), D("2")), (D("0.40"), D("1"))], asks=[])
    fourth = book.snapshot()
    assert fourth.yes_bids is not third.yes_bids  # a snapshot replaces both sides
    assert fourth.yes_bids == third.yes_bids
    assert fourth.yes_asks == ()


@pytest.mark.parametrize("raw", ["abc", "NaN", "Infinity", None, True, [1]])
def test_dec_rejects_what_is_not_a_finite_number(raw):
    with pytest.raises(MalformedMessage):
        dec(raw, "size")


def test_price_accepts_unnormalised_strings_and_rejects_out_of_range():
    assert price(".48", "p") == D("0.48")
    assert price("0.510", "p") == D("0.51")
    with pytest.raises(MalformedMessage):
        price("1.2", "p")
