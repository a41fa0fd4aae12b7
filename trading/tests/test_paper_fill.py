"""plan.paper_fill: the paper executor's fill against a book (also used by replays)."""

from decimal import Decimal

from pricing.fees import Fee
from trading import plan

D = Decimal
BIDS = ((D("0.55"), D(10)), (D("0.54"), D(20)))
ASKS = ((D("0.40"), D(10)), (D("0.42"), D(20)))
KALSHI = Fee(kind="kalshi")


def test_buy_yes_walks_asks_to_the_limit_with_the_venues_order_fee():
    used: dict = {}
    fill = plan.paper_fill(yes_bids=BIDS, yes_asks=ASKS, used=used, outcome="yes", buy=True,
                           size=D(25), limit=D("0.42"), fee=KALSHI)
    assert fill.filled == D(25)
    assert fill.walked == ((D("0.40"), D(10)), (D("0.42"), D(15)))
    assert fill.average_price == (D("4.00") + D("6.30")) / 25
    assert fill.fee == KALSHI.order_fee(fill.walked)
    assert used == {("ask", D("0.40")): D(10), ("ask", D("0.42")): D(15)}


def test_consumed_depth_is_not_filled_twice_and_no_is_bought_on_bids():
    used: dict = {}
    plan.paper_fill(yes_bids=BIDS, yes_asks=ASKS, used=used, outcome="no", buy=True,
                    size=D(8), limit=D("0.45"), fee=Fee())
    assert used == {("bid", D("0.55")): D(8)}
    # NO at 1 - 0.55 = 0.45 has 2 left; the limit stops before 0.46.
    second = plan.paper_fill(yes_bids=BIDS, yes_asks=ASKS, used=used, outcome="no", buy=True,
                             size=D(8), limit=D("0.45"), fee=Fee())
    assert (second.filled, second.walked) == (D(2), ((D("0.45"), D(2)),))
    third = plan.paper_fill(yes_bids=BIDS, yes_asks=ASKS, used=used, outcome="no", buy=True,
                            size=D(8), limit=D("0.45"), fee=Fee())
    assert (third.filled, third.average_price, third.fee) == (D(0), None, D(0))


def test_a_sell_hits_bids_down_to_its_limit():
    used: dict = {}
    fill = plan.paper_fill(yes_bids=BIDS, yes_asks=ASKS, used=used, outcome="yes", buy=False,
                           size=D(50), limit=D("0.54"), fee=Fee())
    assert fill.filled == D(30)
    assert used == {("bid", D("0.55")): D(10), ("bid", D("0.54")): D(20)}
