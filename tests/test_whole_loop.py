"""The whole loop on the Test venues through the real tasks: sync → approve → pull books → scan."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from arbitrage.models import Opportunity
from arbitrage.tasks import pull_order_books_task, scan_arbitrage_task
from markets.models import Market, OrderBook
from platforms.testvenue import OUTCOME_EVENT_MARKETS
from similarity.models import MarketPair
from similarity.services import pair_approve
from similarity.tasks import sync_catalogs_task

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _approve_all_same_question_pairs(client, staff_user):
    a_by_title = {m.title: m for m in Market.objects.filter(platform__slug="test_kalshi")}
    pairs = []
    for b in Market.objects.filter(platform__slug="test_polymarket"):
        pairs.append(MarketPair.objects.get_or_create(market_a=a_by_title[b.title], market_b=b)[0])
    # The first through the admin review queue, as a person would; the rest through the service.
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:similarity_marketpair_review", args=[pairs[0].pk]),
        {"decision": "approve", "relation": "identical", "orientation": "same", "reason": "same question"},
    )
    assert response.status_code == 302
    for pair in pairs[1:]:
        pair_approve(pair=pair, reviewer=staff_user, relation="identical", orientation="same")
    return pairs


def test_sync_approve_pull_scan_creates_and_closes_opportunities(client, staff_user):
    with time_machine.travel(START, tick=False) as clock:
        sync_catalogs_task()
        listed = 40 + OUTCOME_EVENT_MARKETS  # per venue: the questions, then the events' members
        assert Market.objects.filter(status=Market.Status.OPEN).count() == 2 * listed
        pairs = _approve_all_same_question_pairs(client, staff_user)
        assert MarketPair.objects.filter(status="approved").count() == len(pairs) == listed

        # Walk simulated time until the two venues' random walks drift far enough apart to pay
        # both fees: the scan must find it from the stored books alone.
        seen_open = 0
        for _ in range(120):
            pull_order_books_task()
            scan_arbitrage_task()
            seen_open = Opportunity.objects.filter(closed_at__isnull=True).count()
            if seen_open:
                break
            clock.shift(timedelta(seconds=2))
        assert seen_open, "no opportunity in 120 simulated steps"
        opp = Opportunity.objects.filter(closed_at__isnull=True).first()
        # The recorded figures add up: payout - costs - fees = net profit, and it is positive.
        assert opp.payout - opp.cost_a - opp.cost_b - opp.fee_a - opp.fee_b == opp.net_profit > 0
        assert opp.book_a_id == Market.objects.get(id=opp.pair.market_a_id).latest_book_id
        assert OrderBook.objects.count() >= 80

        # Keep walking until that opportunity vanishes: its row is closed, not deleted.
        for _ in range(300):
            clock.shift(timedelta(seconds=2))
            pull_order_books_task()
            scan_arbitrage_task()
            opp.refresh_from_db()
            if opp.closed_at is not None:
                break
        assert opp.closed_at is not None
        assert opp.peak_net_profit >= opp.net_profit
