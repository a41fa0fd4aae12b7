"""Properties of parse_orderbook and the V2 order convention (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from platforms.base import ONE, Action, OrderIntent, Outcome
from platforms.kalshi.parse import parse_orderbook
from platforms.kalshi.platform import order_side_and_price
from pricing.levels import levels_sorted

prices = st.integers(min_value=1, max_value=9999).map(lambda n: f"{Decimal(n) / 10000:.4f}")
sizes = st.integers(min_value=0, max_value=100000).map(lambda n: f"{Decimal(n) / 100:.2f}")
sides = st.lists(st.tuples(prices, sizes), max_size=40)


@given(yes=sides, no=sides, sort_input=st.booleans())
def test_book_matches_the_reference_normalisation(yes, no, sort_input):
    if sort_input:
        # Kalshi's own shape: ascending, one level per price.
        yes = sorted(dict(yes).items(), key=lambda lv: Decimal(lv[0]))
        no = sorted(dict(no).items(), key=lambda lv: Decimal(lv[0]))
    book = parse_orderbook("T", {"yes_dollars": [list(lv) for lv in yes],
                                 "no_dollars": [list(lv) for lv in no]})
    yes_levels = [(Decimal(p), Decimal(s)) for p, s in yes]
    no_levels = [(ONE - Decimal(p), Decimal(s)) for p, s in no]
    assert book.yes_bids == levels_sorted(yes_levels, descending=True)
    assert book.yes_asks == levels_sorted(no_levels, descending=False)


def _route(outcome: Outcome, action: Action, price: Decimal) -> tuple[str, Decimal]:
    return order_side_and_price(OrderIntent(
        client_order_id="c", market_external_id="T", outcome=outcome, action=action,
        price=price, size=Decimal(1)))


@given(cents=st.integers(min_value=1, max_value=99))
def test_equivalent_trades_become_the_same_order(cents):
    q = Decimal(cents) / 100
    # Buying NO at q is selling YES at 1 - q; buying YES at q is selling NO at 1 - q.
    assert _route(Outcome.NO, Action.BUY, q) == _route(Outcome.YES, Action.SELL, 1 - q)
    assert _route(Outcome.YES, Action.BUY, q) == _route(Outcome.NO, Action.SELL, 1 - q)
    assert _route(Outcome.YES, Action.BUY, q) == ("bid", q)
    assert _route(Outcome.NO, Action.BUY, q) == ("ask", 1 - q)
