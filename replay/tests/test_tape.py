"""Book tapes: the writer's deltas read back as the same books; every malformed line is named."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal

import pytest

from replay.core import Decimals, MarketBook, book_apply
from replay.tape import TapeError, tape_read
from replay.tests.helpers import KALSHI, POLY, write_tape

BOOKS = [
    (-1.0, KALSHI, [["0.40", "200"], ["0.39", "300"]], [["0.45", "200"], ["0.46", "200"]]),
    (0.5, KALSHI, [["0.40", "150"], ["0.39", "300"]], [["0.45", "200"], ["0.46", "200"]]),
    (1.0, KALSHI, [["0.41", "10"], ["0.40", "150"]], [["0.45", "200"], ["0.46", "200"]]),
    (2.0, KALSHI, [["0.30", "1"]], [["0.70", "1"]]),
]


def test_deltas_rebuild_every_book_and_are_shorter(tmp_path):
    path = write_tape(tmp_path / "t.jsonl", BOOKS)
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    kinds = [x["type"] for x in lines]
    assert kinds == ["tape", "market", "market", "pair", "book", "delta", "delta", "book"]
    assert lines[5]["yes_bids"] == [["0.40", "150"]]
    assert lines[5]["yes_asks"] == []
    assert lines[6]["yes_bids"] == [["0.41", "10"], ["0.39", "0"]]
    tape = tape_read(path)
    assert set(tape.markets) == {KALSHI, POLY}
    assert tape.markets[POLY].min_order_size == 5
    assert [p.id for p in tape.pairs] == [41]
    book, dec = MarketBook(tape.markets[KALSHI]), Decimals()
    for line, (_, _, bids, asks) in zip(tape.books, BOOKS, strict=True):
        book_apply(book, line, dec)
        assert book.levels() == (
            tuple((Decimal(p), Decimal(s)) for p, s in bids),
            tuple((Decimal(p), Decimal(s)) for p, s in asks),
        )
        assert (book.best_bid, book.best_ask) == (Decimal(bids[0][0]), Decimal(asks[0][0]))


def test_gzip_tapes_read_like_plain_ones(tmp_path):
    plain = write_tape(tmp_path / "t.jsonl", BOOKS)
    packed = tmp_path / "t.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert list(tape_read(packed).books) == list(tape_read(plain).books)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda lines: lines[1:], "line 1: not a book tape"),
    (lambda lines: [lines[0].replace('"version":1', '"version":9'), *lines[1:]], "version 9"),
    (lambda lines: [*lines[:4], "{not json", *lines[4:]], "line 5: not JSON"),
    (lambda lines: [*lines, lines[1]], "line 9: a definition after the first book line"),
    (lambda lines: [*lines[:5], lines[4].replace("KXTAPE", "KXOTHER")],
     "line 6: book for undefined market kalshi:KXOTHER-26DEC31"),
    (lambda lines: [*lines[:5], lines[5].replace("12:00:00.5", "11:00:00.5")],
     "line 6: captured_at goes back in time"),
    (lambda lines: [*lines[:5], lines[5].replace('"captured_at"', '"at"')],
     "line 6: missing 'captured_at'"),
])
def test_a_malformed_tape_is_refused_with_its_line(tmp_path, edit, message):
    lines = write_tape(tmp_path / "t.jsonl", BOOKS).read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(edit(lines)) + "\n")
    with pytest.raises(TapeError, match=message):
        read_all(bad)


def read_all(path):
    return list(tape_read(path).books)
