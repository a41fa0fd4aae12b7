"""PolymarketFeed protocol logic, fed recorded and generated frames (no socket)."""

import json
from decimal import Decimal as D

from markets.streaming.polymarket_ws import PolymarketFeed, book_hash
from markets.tests.streaming.helpers import Recorder, dumps, load, poly_book, poly_change

# From the recorded samples.
BOOK_TOKEN = "65818619657568813474341868652308942079804919287380422192892211131408793125422"
YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426"
MARKET = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _feed(markets: dict[str, str]) -> tuple[PolymarketFeed, Recorder, Clock]:
    rec, clock = Recorder(), Clock()
    feed = PolymarketFeed(url="ws://unused", on_book=rec.on_book, on_resync=rec.on_resync,
                          clock=clock)
    feed.set_markets(markets)
    feed.connected = True
    feed.on_open()
    return feed, rec, clock


def test_subscription_message_matches_the_recorded_shape():
    feed, _, _ = _feed({"m1": "tok-1", "m2": "tok-2"})
    expected = load("polymarket", "ws_market_subscribe_message")
    expected["assets_ids"] = ["tok-1", "tok-2"]
    assert [json.loads(t) for t in feed._outbox] == [expected]


def test_recorded_book_message_sorts_unnormalised_prices_best_first():
    feed, rec, _ = _feed({"cond-1": BOOK_TOKEN})
    feed.handle_text(dumps(load("polymarket", "ws_book_message")), 1.0)
    (venue, ext, snap), = rec.changes
    assert (venue, ext) == ("polymarket", "cond-1")
    assert snap.yes_bids == ((D("0.50"), D("15")), (D("0.49"), D("20")), (D("0.48"), D("30")))
    assert snap.yes_asks == ((D("0.52"), D("25")), (D("0.53"), D("60")), (D("0.54"), D("10")))
    assert snap.exchange_ts is not None


def test_price_change_applies_the_yes_token_and_skips_the_mirrored_no_token():
    feed, rec, _ = _feed({"cond": YES})
    feed.handle_text(dumps(poly_book(YES, bids=[("0.4", "10")], asks=[], market=MARKET)), 1.0)
    feed.handle_text(dumps(load("polymarket", "ws_price_change_message")), 2.0)
    snap = rec.changes[-1][2]
    # BUY is a bid level with an absolute size; the NO token's SELL entry is not our book.
    assert snap.yes_bids == ((D("0.5"), D("200")), (D("0.4"), D("10")))
    assert snap.yes_asks == ()
    assert snap.venue_hash == "56621a121a47ed9333273e21c83b660cff37ae50"
    # The venue's best bid/ask (0.5 / "1" = no asks) agree with ours: no resync.
    assert rec.resyncs == []


def test_size_zero_deletes_a_level_and_arrays_of_events_are_handled():
    feed, rec, _ = _feed({"cond": YES})
    frame = [
        poly_book(YES, bids=[("0.4", "10"), ("0.45", "3")], asks=[("0.6", "5")]),
        poly_change("0xm", {"asset_id": YES, "price": "0.45", "size": "0", "side": "BUY",
                            "best_bid": "0.4", "best_ask": "0.6"},
                    {"asset_id": YES, "price": "0.55", "size": "7", "side": "SELL",
                     "best_bid": "0.4", "best_ask": "0.55"}),
    ]
    feed.handle_text(dumps(frame), 1.0)
    snap = rec.changes[-1][2]
    assert snap.yes_bids == ((D("0.4"), D("10")),)
    assert snap.yes_asks == ((D("0.55"), D("7")), (D("0.6"), D("5")))
    assert rec.resyncs == []


def test_disagreeing_best_bid_asks_for_a_rest_resync_at_most_once_per_interval():
    feed, rec, clock = _feed({"cond": YES})
    feed.handle_text(dumps(poly_book(YES, bids=[("0.4", "10")], asks=[("0.6", "5")])), 1.0)
    wrong = poly_change("0xm", {"asset_id": YES, "price": "0.41", "size": "1", "side": "BUY",
                                "best_bid": "0.42", "best_ask": "0.6"})
    feed.handle_text(dumps(wrong), 2.0)
    feed.handle_text(dumps(wrong), 2.0)
    assert rec.resyncs == [("polymarket", ["cond"])]
    clock.now = 10.0
    feed.handle_text(dumps(poly_change("0xm", {"asset_id": YES, "price": "0.43", "size": "1",
                                               "side": "BUY", "best_bid": "0.44",
                                               "best_ask": "0.6"})), 3.0)
    assert len(rec.resyncs) == 2


def test_rest_snapshot_replaces_a_doubted_book():
    from platforms.base import BookSnapshot

    feed, rec, _ = _feed({"cond": YES})
    feed.handle_text(dumps(poly_book(YES, bids=[("0.4", "10")], asks=[])), 1.0)
    feed.apply_rest_snapshot(
        BookSnapshot("cond", yes_bids=((D("0.41"), D("2")),), yes_asks=((D("0.6"), D("1")),)),
        2.0,
    )
    assert rec.changes[-1][2].yes_bids == ((D("0.41"), D("2")),)
    assert feed.books["cond"].synced


def test_recorded_rest_book_hash_matches_the_recipe_and_a_tampered_one_resyncs():
    raw = load("polymarket", "clob_book_response")
    assert book_hash(raw) == raw["hash"]
    feed, rec, _ = _feed({"cond": raw["asset_id"]})
    feed.handle_text(dumps({**raw, "event_type": "book"}), 1.0)
    assert rec.resyncs == []
    assert feed.stats.hash_mismatches == 0
    assert rec.changes[-1][2].best_bid == D("0.51")
    assert rec.changes[-1][2].best_ask == D("0.52")
    tampered = {**raw, "event_type": "book", "bids": raw["bids"][:-1]}
    feed._resync_at.clear()
    feed.handle_text(dumps(tampered), 2.0)
    assert feed.stats.hash_mismatches == 1
    assert rec.resyncs == [("polymarket", ["cond"])]


def test_change_before_any_book_asks_for_a_snapshot():
    feed, rec, _ = _feed({"cond": YES})
    feed.handle_text(dumps(poly_change("0xm", {"asset_id": YES, "price": "0.4", "size": "1",
                                               "side": "BUY"})), 1.0)
    assert rec.changes == []
    assert rec.resyncs == [("polymarket", ["cond"])]


def test_malformed_frames_are_counted_and_the_feed_goes_on():
    feed, rec, _ = _feed({"cond": YES})
    feed.handle_text(dumps(poly_book(YES, bids=[("0.4", "10")], asks=[])), 1.0)
    feed.handle_text("{oops", 2.0)
    feed.handle_text(dumps([1, "x"]), 2.0)
    feed.handle_text(dumps(poly_change("0xm", {"asset_id": YES, "price": "abc", "size": "1",
                                               "side": "BUY"})), 2.0)
    feed.handle_text(dumps({"event_type": "price_change", "price_changes": "nope"}), 2.0)
    assert feed.stats.malformed == 5
    assert rec.resyncs == [("polymarket", ["cond"])]
    # The book missed a change: it is out of sync and takes no delta until a new snapshot.
    assert not feed.books["cond"].synced
    changes = len(rec.changes)
    feed.handle_text(dumps(poly_change("0xm", {"asset_id": YES, "price": "0.42", "size": "1",
                                               "side": "BUY"})), 3.0)
    assert len(rec.changes) == changes
    feed.handle_text(dumps(poly_book(YES, bids=[("0.42", "1")], asks=[])), 4.0)
    feed.handle_text(dumps(poly_change("0xm", {"asset_id": YES, "price": "0.43", "size": "1",
                                               "side": "BUY"})), 5.0)
    assert rec.changes[-1][2].best_bid == D("0.43")


def test_pong_tick_size_and_last_trade_do_not_change_the_book():
    other = load("polymarket", "ws_market_channel_other_messages")
    token = other["tick_size_change"]["asset_id"]
    feed, rec, _ = _feed({"cond": token})
    feed.handle_text("PONG", 1.0)
    feed.handle_text(dumps(other["tick_size_change"]), 1.0)
    feed.handle_text(dumps({**other["last_trade_price"], "asset_id": token}), 1.0)
    feed.handle_text(dumps(other["market_resolved"]), 1.0)
    feed.handle_text(dumps(other["new_market"]), 1.0)
    assert rec.changes == []
    assert feed.books["cond"].tick_size == D("0.001")
    assert feed.books["cond"].last_trade_price == D("0.456")
    assert feed.stats.malformed == 0


def test_a_tick_size_change_reaches_the_next_snapshot():
    other = load("polymarket", "ws_market_channel_other_messages")
    token = other["tick_size_change"]["asset_id"]
    feed, rec, _ = _feed({"cond": token})
    feed.handle_text(dumps(poly_book(token, bids=[("0.95", "10")], asks=[("0.96", "5")])), 1.0)
    before = feed.books["cond"].snapshot()
    feed.handle_text(dumps(other["tick_size_change"]), 2.0)
    after = feed.books["cond"].snapshot()
    assert after.tick_size == D("0.001") != before.tick_size
    assert (after.yes_bids, after.yes_asks) == (before.yes_bids, before.yes_asks)


def test_set_markets_subscribes_and_unsubscribes_on_the_open_connection():
    feed, _, _ = _feed({"a": "tok-a", "b": "tok-b"})
    feed._outbox.clear()
    feed.set_markets({"b": "tok-b", "c": "tok-c"})
    assert [json.loads(t) for t in feed._outbox] == [
        {"operation": "unsubscribe", "assets_ids": ["tok-a"]},
        {"operation": "subscribe", "assets_ids": ["tok-c"], "custom_feature_enabled": True},
    ]
    assert "a" not in feed.books
