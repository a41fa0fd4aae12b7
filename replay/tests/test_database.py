"""Stored books as tapes: export, import (twice changes nothing), and replays of the database
agreeing with replays of its exported tape."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arbitrage.tests import factories
from markets.models import Market, OrderBook
from platforms.base import BookSnapshot
from pricing.levels import levels_to_json
from replay.models import ReplayRun
from replay.tests.helpers import T0
from similarity.models import MarketPair

pytestmark = pytest.mark.django_db

K_BOOK = ([("0.40", "200")], [("0.45", "200"), ("0.46", "200")])
P_QUIET = ([("0.45", "200"), ("0.44", "300")], [("0.60", "200"), ("0.61", "200")])
P_EDGE = ([("0.58", "100"), *P_QUIET[0]], P_QUIET[1])


def store(market: Market, seconds: float, bids, asks, *, source: str = "ws") -> OrderBook:
    snap = BookSnapshot(
        market_external_id=market.external_id,
        yes_bids=factories.levels(bids, descending=True),
        yes_asks=factories.levels(asks, descending=False), seq=int(seconds * 1000),
    )
    return OrderBook.objects.create(
        market=market, captured_at=T0 + timedelta(seconds=seconds), source=source,
        yes_bids=levels_to_json(snap.yes_bids), yes_asks=levels_to_json(snap.yes_asks),
        seq=snap.seq, content_hash=snap.content_hash(), exchange_ts=T0 + timedelta(seconds=seconds),
    )


@pytest.fixture
def history():
    """An approved pair whose stored books hold a 300 ms edge (as fixtures/edge_300ms.jsonl),
    a proposed pair that is not exported by default, and a book after the window."""
    a = factories.market("kalshi", "KXDB-26DEC31", fee_params=factories.KALSHI_FEES,
                         increment="0.01", min_size="0.01", settles_at=T0 + timedelta(days=61))
    b = factories.market("polymarket", "0x" + "22" * 32, fee_params=factories.POLY_FEES,
                         min_size="5", increment="0.01", settles_at=T0 + timedelta(days=61))
    Market.objects.filter(id__in=[a.id, b.id]).update(close_time=T0 + timedelta(days=60))
    other = factories.market("polymarket", "0x" + "33" * 32, fee_params=factories.POLY_FEES)
    store(a, -5, [("0.39", "10")], [("0.47", "10")])
    store(a, -2, *K_BOOK)
    store(b, -1, *P_QUIET)
    store(b, 1.0, *P_EDGE)
    store(b, 1.3, *P_QUIET)
    store(a, 3.0, K_BOOK[0], [("0.45", "200"), ("0.46", "150")])
    store(b, 90.0, *P_EDGE)  # after the window
    pair = factories.pair(a, b)
    factories.pair(a, other, status=MarketPair.Status.PROPOSED)
    return pair


def export(tmp_path, **options) -> tuple[str, object]:
    path = tmp_path / "tape.jsonl"
    call_command("export_books", start=T0, end=T0 + timedelta(seconds=60), output=str(path),
                 stderr=io.StringIO(), **options)
    return path.read_text(), path


def replay_json(**options) -> dict:
    out = io.StringIO()
    call_command("replay", json=True, stdout=out, stderr=io.StringIO(), **options)
    return json.loads(out.getvalue())


def test_export_writes_the_window_and_the_state_it_opens_on(history, tmp_path):
    text, _ = export(tmp_path)
    lines = [json.loads(x) for x in text.splitlines()]
    assert [x["type"] for x in lines] == [
        "tape", "market", "market", "pair", "book", "book", "delta", "delta", "delta"]
    assert [x["id"] for x in lines if x["type"] == "pair"] == [history.id]
    market_line = next(x for x in lines if x.get("venue") == "kalshi" and x["type"] == "market")
    assert market_line["fee"]["kind"] == "kalshi"
    assert market_line["size_increment"] == "0.010000"
    first_book = lines[4]
    # The last book before the window, not the older one; exchange time and seq kept.
    assert first_book["captured_at"] == (T0 - timedelta(seconds=2)).isoformat()
    assert first_book["seq"] == -2000
    assert first_book["exchange_ts"] == first_book["captured_at"]
    assert lines[6]["yes_bids"] == [["0.58", "100"]]
    assert lines[7]["yes_bids"] == [["0.58", "0"]]


def test_a_database_replay_equals_the_replay_of_its_exported_tape(history, tmp_path):
    _, path = export(tmp_path)
    window = {"start": T0, "end": T0 + timedelta(seconds=60), "latency_ms": 100}
    from_db = replay_json(**window)
    from_tape = replay_json(tape=str(path), latency_ms=100)
    assert from_db["replay"].pop("source") == "database"
    assert from_tape["replay"].pop("source") == "tape"
    assert from_db == from_tape
    assert from_db["total"]["net_profit"] == "10.285600"
    # Both runs were kept for the dashboard.
    assert ReplayRun.objects.filter(status=ReplayRun.Status.DONE).count() == 2


def test_importing_a_tape_recreates_it_and_twice_changes_nothing(history, tmp_path):
    _, path = export(tmp_path)
    originals = {
        (r.market.external_id, r.captured_at): (r.yes_bids, r.yes_asks, r.content_hash, r.seq)
        for r in OrderBook.objects.select_related("market")
        .filter(captured_at__gte=T0 - timedelta(seconds=2), captured_at__lt=T0 + timedelta(seconds=60))
    }
    MarketPair.objects.all().delete()
    Market.objects.update(latest_book=None)
    OrderBook.objects.all().delete()
    Market.objects.all().delete()

    out = io.StringIO()
    call_command("import_books", str(path), stdout=out)
    assert "5 book changes read, 5 books stored; 2 markets and 1 pairs created" in out.getvalue()
    restored = {
        (r.market.external_id, r.captured_at): (r.yes_bids, r.yes_asks, r.content_hash, r.seq)
        for r in OrderBook.objects.select_related("market")
    }
    assert restored == originals
    pair = MarketPair.objects.get()
    assert pair.status == MarketPair.Status.PROPOSED  # an approval elsewhere is not a review
    assert (pair.relation, pair.orientation) == ("identical", "same")
    assert f"pair {history.id} there" in pair.reason
    a = Market.objects.get(external_id="KXDB-26DEC31")
    assert a.fee_params["kind"] == "kalshi"
    assert a.latest_book.captured_at == T0 + timedelta(seconds=3)
    snapshot = (Market.objects.count(), OrderBook.objects.count(), MarketPair.objects.count())

    again = io.StringIO()
    call_command("import_books", str(path), stdout=again)
    assert "0 books stored; 0 markets and 0 pairs created" in again.getvalue()
    assert (Market.objects.count(), OrderBook.objects.count(),
            MarketPair.objects.count()) == snapshot

    # The imported history replays as the original did (pairs by their new id).
    report = replay_json(start=T0, end=T0 + timedelta(seconds=60), latency_ms=100,
                         pairs=[pair.id], no_save=True)
    assert report["total"]["net_profit"] == "10.285600"


def test_a_bad_tape_imports_nothing(history, tmp_path):
    text, path = export(tmp_path)
    lines = text.splitlines()
    assert '"yes_bids":[["0.58","0"]]' in lines[7]
    lines[7] = lines[7].replace('"yes_bids":[["0.58","0"]]', '"yes_bids":[["0.58","x"]]')
    path.write_text("\n".join(lines) + "\n")
    MarketPair.objects.all().delete()
    with pytest.raises(CommandError, match=r"line 8: malformed levels.*nothing was imported"):
        call_command("import_books", str(path))
    assert MarketPair.objects.count() == 0


def test_unknown_pairs_and_a_bad_window_are_refused(history, tmp_path):
    with pytest.raises(CommandError, match="no such pairs: 999"):
        export(tmp_path, pairs=[999])
    with pytest.raises(CommandError, match="--from must be before --to"):
        call_command("export_books", start=T0, end=T0, output=str(tmp_path / "x.jsonl"))


def test_settled_markets_travel_with_the_tape(history, tmp_path):
    Market.objects.filter(id=history.market_a_id).update(
        settlement_value=Decimal(1), result="yes", settled_at=T0 + timedelta(days=61),
        status=Market.Status.SETTLED,
    )
    _, path = export(tmp_path)
    line = next(json.loads(x) for x in path.read_text().splitlines() if '"KXDB-26DEC31"' in x)
    assert (line["result"], line["settlement_value"]) == ("yes", "1.000000")
    Market.objects.filter(id=history.market_a_id).update(settlement_value=None, result="")
    MarketPair.objects.all().delete()
    Market.objects.update(latest_book=None)
    OrderBook.objects.all().delete()
    Market.objects.all().delete()
    call_command("import_books", str(path), stdout=io.StringIO())
    market = Market.objects.get(external_id="KXDB-26DEC31")
    assert (market.result, market.settlement_value, market.status) == (
        "yes", Decimal(1), Market.Status.SETTLED)
