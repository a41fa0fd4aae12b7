"""Feeds against fake venue servers on 127.0.0.1: signed upgrade, replay, gap, reconnect."""

import asyncio
import base64
from decimal import Decimal as D

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from markets.streaming.kalshi_ws import KalshiFeed, signed_headers_factory
from markets.streaming.polymarket_ws import PolymarketFeed
from markets.tests.streaming.fake_venues import CLOSE, SILENT, FakeKalshi, FakePolymarket
from markets.tests.streaming.helpers import Recorder, kalshi_delta, kalshi_snapshot, load, poly_book
from platforms.kalshi.auth import KalshiSigner

T = "KXTEST-26-T1"


async def until(condition, *, limit_s: float = 10.0) -> None:
    """Wait for a condition (a hang guard, not a timing assertion)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.01)


async def _run_feed(feed, condition) -> None:
    task = asyncio.create_task(feed.run())
    try:
        await until(condition)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def test_kalshi_feed_signs_subscribes_recovers_a_gap_and_reconnects(server_thread):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    signer = KalshiSigner.from_pem(key_id="key-123", pem=pem)
    first = [
        kalshi_snapshot(T, sid=1, seq=1, yes=[["0.4000", "10.00"]], no=[["0.5500", "4.00"]]),
        kalshi_delta(T, sid=1, seq=2, side="yes", price="0.4100", delta="2.50"),
        kalshi_delta(T, sid=1, seq=4, side="yes", price="0.4100", delta="1.00"),  # gap
    ]
    second = [
        kalshi_snapshot(T, sid=1, seq=1, yes=[["0.3900", "1.00"]], no=[["0.5000", "2.00"]]),
        kalshi_delta(T, sid=1, seq=2, side="no", price="0.5000", delta="0.50"),
    ]
    fake = FakeKalshi(
        [first, second],
        snapshot=lambda ticker, seq: kalshi_snapshot(ticker, sid=1, seq=seq,
                                                     yes=[["0.4200", "3.00"]]),
    )
    server_thread.run(fake.start())
    rec = Recorder()
    feed = KalshiFeed(url=fake.url, on_book=rec.on_book, headers=signed_headers_factory(signer),
                      backoff_initial_s=0.01)
    downs: list[str] = []
    feed.on_down = downs.append
    feed.set_markets([T])

    async def scenario() -> None:
        # After the resync snapshot (bid 0.42), make the server drop the connection.
        def resynced() -> bool:
            return any(s.yes_bids == ((D("0.42"), D("3")),) for _, _, s in rec.changes)

        task = asyncio.create_task(feed.run())
        try:
            await until(resynced)
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(
                fake.connections[0].ws.close(), server_thread.loop))
            await until(lambda: rec.changes[-1][2].yes_asks == ((D("0.50"), D("2.50")),))
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    server_thread.run(fake.close())

    headers = fake.connections[0].headers
    assert headers["KALSHI-ACCESS-KEY"] == "key-123"
    message = f"{headers['KALSHI-ACCESS-TIMESTAMP']}GET/trade-api/ws/v2".encode()
    key.public_key().verify(
        base64.b64decode(headers["KALSHI-ACCESS-SIGNATURE"]), message,
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256(),
    )
    subscribe = {"id": 1, "cmd": "subscribe", "params": {
        "channels": ["orderbook_delta"], "market_tickers": [T], "use_yes_price": True}}
    assert fake.connections[0].received[0] == subscribe
    assert fake.connections[0].received[1]["params"] == {
        "sids": [1], "market_tickers": [T], "action": "get_snapshot"}
    # The reconnect subscribes afresh (new command ids on the new connection).
    assert fake.connections[1].received[0]["params"] == subscribe["params"]
    # Before the gap the delta had been applied on top of the first snapshot.
    assert rec.changes[1][2].yes_bids == ((D("0.41"), D("2.50")), (D("0.40"), D("10")))
    assert feed.stats.gaps == 1
    assert feed.stats.connects == 2
    # The server's close was reported once; stopping the feed (cancel) is not a loss.
    assert downs == ["kalshi"]


def test_polymarket_feed_subscribes_pings_and_resubscribes_after_a_reconnect(server_thread):
    yes = "111"
    book = load("polymarket", "ws_book_message")
    book["asset_id"] = yes
    first = [[book, poly_book("222", bids=[("0.1", "1")], asks=[])],
             {"event_type": "price_change", "market": "0xm", "timestamp": "1",
              "price_changes": [{"asset_id": yes, "price": "0.51", "size": "5", "side": "BUY",
                                 "best_bid": "0.51", "best_ask": "0.52"}]}]
    fake = FakePolymarket([first, [poly_book(yes, bids=[("0.30", "1")], asks=[("0.70", "2")]),
                                   CLOSE]])
    server_thread.run(fake.start())
    rec = Recorder()
    feed = PolymarketFeed(url=fake.url, on_book=rec.on_book, on_resync=rec.on_resync,
                          backoff_initial_s=0.01, keepalive_s=0.02)
    feed.set_markets({"cond-1": yes})

    async def scenario() -> None:
        task = asyncio.create_task(feed.run())
        try:
            await until(lambda: rec.changes and rec.changes[-1][2].best_bid == D("0.51"))
            await until(lambda: "PING" in fake.connections[0].received)
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(
                fake.connections[0].ws.close(), server_thread.loop))
            await until(lambda: rec.changes[-1][2].best_bid == D("0.30"))
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    server_thread.run(fake.close())

    subscribe = {"assets_ids": [yes], "type": "market", "custom_feature_enabled": True}
    assert fake.connections[0].received[0] == subscribe
    assert fake.connections[1].received[0] == subscribe
    # Only the YES token's book was kept; the other token's book in the same frame was skipped.
    assert {ext for _, ext, _ in rec.changes} == {"cond-1"}
    assert rec.changes[0][2].yes_bids[0] == (D("0.50"), D("15"))
    assert rec.resyncs == []
    assert feed.stats.connects >= 2


def test_polymarket_feed_reconnects_when_the_server_stops_answering_pings(server_thread):
    fake = FakePolymarket([
        [poly_book("111", bids=[("0.40", "1")], asks=[]), SILENT],
        [poly_book("111", bids=[("0.45", "1")], asks=[])],
    ])
    server_thread.run(fake.start())
    rec = Recorder()
    feed = PolymarketFeed(url=fake.url, on_book=rec.on_book, backoff_initial_s=0.01,
                          keepalive_s=0.02, dead_after_s=0.1)
    feed.set_markets({"cond-1": "111"})

    async def scenario() -> None:
        task = asyncio.create_task(feed.run())
        try:
            await until(lambda: rec.changes and rec.changes[-1][2].best_bid == D("0.45"))
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    server_thread.run(fake.close())
    assert "PING" in fake.connections[0].received
    assert fake.connections[1].received[0]["assets_ids"] == ["111"]
    assert feed.stats.connects == 2
