"""KalshiFeed protocol logic, fed recorded and generated frames (no socket)."""

import json
from decimal import Decimal as D

import pytest

from markets.streaming.kalshi_ws import KalshiFeed
from markets.tests.streaming.helpers import Recorder, dumps, kalshi_delta, kalshi_snapshot, load

TICKER = "FED-23DEC-T3.00"


def _feed(*, use_yes_price: bool, tickers=(TICKER,)) -> tuple[KalshiFeed, Recorder]:
    rec = Recorder()
    feed = KalshiFeed(url="ws://unused", on_book=rec.on_book, use_yes_price=use_yes_price)
    feed.set_markets(tickers)
    # As on a fresh connection: commands go to the outbox.
    feed.connected = True
    feed.on_open()
    feed.handle_text(dumps({"id": 1, "type": "subscribed",
                            "msg": {"channel": "orderbook_delta", "sid": 2}}), 0.0)
    return feed, rec


def _sent(feed: KalshiFeed) -> list[dict]:
    out = [json.loads(t) for t in feed._outbox]
    feed._outbox.clear()
    return out


def test_subscribe_command_asks_for_yes_scale_prices_for_every_ticker():
    rec = Recorder()
    feed = KalshiFeed(url="ws://unused", on_book=rec.on_book)
    feed.set_markets(["B", "A"])
    feed.connected = True
    feed.on_open()
    assert _sent(feed) == [{"id": 1, "cmd": "subscribe", "params": {
        "channels": ["orderbook_delta"], "market_tickers": ["A", "B"], "use_yes_price": True}}]


def test_recorded_snapshot_in_no_leg_pricing_gives_yes_asks_at_one_minus_no_bid():
    feed, rec = _feed(use_yes_price=False)
    feed.handle_text(dumps(load("kalshi", "ws_orderbook_snapshot")), 1.0)
    (_, ticker, snap), = rec.changes
    assert ticker == TICKER
    assert snap.yes_bids == ((D("0.22"), D("333")), (D("0.08"), D("300")))
    # NO bids 0.56 and 0.54 are YES asks at 0.44 and 0.46.
    assert snap.yes_asks == ((D("0.44"), D("146")), (D("0.46"), D("20")))
    assert snap.seq == 2


def test_yes_scale_snapshot_and_deltas_read_no_side_prices_as_yes_asks():
    feed, rec = _feed(use_yes_price=True)
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=2, yes=[["0.4000", "10.00"]],
                                           no=[["0.4400", "5.00"], ["0.4600", "7.00"]])), 1.0)
    assert rec.changes[-1][2].yes_asks == ((D("0.44"), D("5")), (D("0.46"), D("7")))
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=3, side="no", price="0.4400",
                                        delta="-1.50")), 2.0)
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=4, side="yes", price="0.4100",
                                        delta="0.25")), 3.0)
    snap = rec.changes[-1][2]
    assert snap.yes_asks == ((D("0.44"), D("3.50")), (D("0.46"), D("7")))
    assert snap.yes_bids == ((D("0.41"), D("0.25")), (D("0.40"), D("10")))
    assert snap.seq == 4
    assert snap.exchange_ts is not None


def test_no_leg_delta_moves_the_mirrored_yes_ask():
    feed, rec = _feed(use_yes_price=False)
    feed.handle_text(dumps(load("kalshi", "ws_orderbook_snapshot")), 1.0)
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=3, side="no", price="0.5600",
                                        delta="-146.00")), 2.0)
    assert rec.changes[-1][2].yes_asks == ((D("0.46"), D("20")),)


def test_seq_gap_invalidates_books_and_asks_for_snapshots():
    feed, rec = _feed(use_yes_price=True, tickers=(TICKER, "OTHER"))
    _sent(feed)
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=2, yes=[["0.40", "10"]])), 1.0)
    feed.handle_text(dumps(kalshi_snapshot("OTHER", sid=2, seq=3, yes=[["0.30", "1"]])), 1.0)
    # seq 4 is lost; 5 arrives.
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=5, side="yes", price="0.40",
                                        delta="1")), 2.0)
    assert feed.stats.gaps == 1
    assert _sent(feed) == [{"id": 2, "cmd": "update_subscription", "params": {
        "sids": [2], "market_tickers": [TICKER, "OTHER"], "action": "get_snapshot"}}]
    assert not feed.books[TICKER].synced
    changes_before = len(rec.changes)
    # Deltas for an unsynced book are ignored until its snapshot arrives.
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=6, side="yes", price="0.40",
                                        delta="1")), 3.0)
    assert len(rec.changes) == changes_before
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=7, yes=[["0.40", "12"]])), 4.0)
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=8, side="yes", price="0.40",
                                        delta="1")), 5.0)
    assert rec.changes[-1][2].yes_bids == ((D("0.40"), D("13")),)
    assert feed.books[TICKER].synced


def test_duplicate_and_late_messages_are_dropped():
    feed, rec = _feed(use_yes_price=True)
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=2, yes=[["0.40", "10"]])), 1.0)
    delta = dumps(kalshi_delta(TICKER, sid=2, seq=3, side="yes", price="0.40", delta="1"))
    feed.handle_text(delta, 2.0)
    feed.handle_text(delta, 2.1)
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=2, side="yes", price="0.40",
                                        delta="5")), 2.2)
    assert feed.stats.duplicates == 2
    assert feed.books[TICKER].bids == {D("0.40"): D("11")}


def test_recorded_delta_that_does_not_fit_the_book_resyncs_that_market():
    feed, rec = _feed(use_yes_price=False)
    feed.handle_text(dumps(load("kalshi", "ws_orderbook_snapshot")), 1.0)
    _sent(feed)
    # The recorded delta removes 54 contracts at YES 0.96, a level the snapshot does not have.
    feed.handle_text(dumps(load("kalshi", "ws_orderbook_delta")), 2.0)
    assert _sent(feed) == [{"id": 2, "cmd": "update_subscription", "params": {
        "sids": [2], "market_tickers": [TICKER], "action": "get_snapshot"}}]
    assert not feed.books[TICKER].synced


@pytest.mark.parametrize("frame", [
    "{not json",
    "[1, 2]",
    dumps({"type": "orderbook_delta", "sid": 2, "msg": {"market_ticker": TICKER}}),
])
def test_malformed_frames_are_counted_and_the_next_message_shows_the_gap(frame):
    feed, rec = _feed(use_yes_price=True)
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=2, yes=[["0.40", "10"]])), 1.0)
    _sent(feed)
    feed.handle_text(frame, 2.0)  # it carried seq 3
    assert feed.stats.malformed == 1
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=4, side="yes", price="0.40",
                                        delta="1")), 3.0)
    assert feed.stats.gaps == 1
    assert _sent(feed)[0]["params"]["action"] == "get_snapshot"


def test_bad_level_in_a_delta_resyncs_only_that_market():
    feed, rec = _feed(use_yes_price=True)
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=2, yes=[["0.40", "10"]])), 1.0)
    _sent(feed)
    feed.handle_text(dumps(kalshi_delta(TICKER, sid=2, seq=3, side="yes", price="1.70",
                                        delta="1")), 2.0)
    assert feed.stats.malformed == 1
    assert _sent(feed)[0]["params"] == {"sids": [2], "market_tickers": [TICKER],
                                        "action": "get_snapshot"}


def test_set_markets_adds_and_deletes_on_the_live_subscription():
    feed, rec = _feed(use_yes_price=True, tickers=("A", "B"))
    _sent(feed)
    feed.set_markets(["B", "C"])
    assert _sent(feed) == [
        {"id": 2, "cmd": "update_subscription",
         "params": {"sids": [2], "market_tickers": ["A"], "action": "delete_markets"}},
        {"id": 3, "cmd": "update_subscription",
         "params": {"sids": [2], "market_tickers": ["C"], "action": "add_markets"}},
    ]
    # A retired market's late messages change nothing.
    feed.handle_text(dumps(kalshi_snapshot("A", sid=2, seq=2, yes=[["0.40", "10"]])), 1.0)
    assert rec.changes == []


def test_error_replies_are_counted_except_already_subscribed():
    feed, _ = _feed(use_yes_price=True)
    feed.handle_text(dumps(load("kalshi", "ws_error")), 1.0)
    assert feed.stats.errors == 0
    feed.handle_text(dumps({"id": 9, "type": "error", "msg": {"code": 16, "msg": "not found"}}),
                     1.0)
    assert feed.stats.errors == 1
    assert "not found" in feed.last_error


def test_a_gap_shown_by_a_retired_markets_message_still_resyncs_the_others():
    feed, rec = _feed(use_yes_price=True, tickers=(TICKER, "OLD"))
    feed.handle_text(dumps(kalshi_snapshot(TICKER, sid=2, seq=2, yes=[["0.40", "10"]])), 1.0)
    feed.set_markets([TICKER])
    _sent(feed)
    feed.handle_text(dumps(kalshi_delta("OLD", sid=2, seq=9, side="yes", price="0.40",
                                        delta="1")), 2.0)
    assert feed.stats.gaps == 1
    assert _sent(feed)[0]["params"] == {"sids": [2], "market_tickers": [TICKER],
                                        "action": "get_snapshot"}
