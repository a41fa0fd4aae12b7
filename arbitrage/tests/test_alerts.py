"""Webhook alerts against a local HTTP server on 127.0.0.1."""

import json
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from arbitrage.models import Opportunity
from arbitrage.services import opportunity_scan
from arbitrage.tests import factories as f

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
ARB = {"a_bids": [("0.35", "50")], "a_asks": [("0.40", "50")],
       "b_bids": [("0.55", "50")], "b_asks": [("0.60", "50")]}  # ~ +6.8 on 50 contracts


class Hook:
    def __init__(self):
        self.bodies = []
        self.status = 200


@pytest.fixture
def hook():
    state = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers["Content-Length"])
            state.bodies.append(json.loads(self.rfile.read(length)))
            self.send_response(state.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def alert_settings(settings, hook):
    settings.EVENTSARB_ALERT_WEBHOOK_URL = hook.url
    settings.EVENTSARB_ALERT_MIN_PROFIT = "1.00"
    settings.EVENTSARB_ALERT_COOLDOWN_S = 300
    settings.EVENTSARB_BOOK_MAX_AGE_S = 30
    settings.EVENTSARB_SCAN_BUDGET = "1000"
    return settings


def _reopen(p, when):
    """Close the pair's opportunity with a dull book, then bring the arb back at `when`."""
    f.book_put(p.market_b, bids=[("0.45", "50")], asks=[("0.60", "50")], checked_at=when)
    opportunity_scan(now=when)
    f.book_put(p.market_b, bids=[("0.55", "50")], asks=[("0.60", "50")], checked_at=when)
    f.book_put(p.market_a, bids=[("0.35", "50")], asks=[("0.40", "50")], checked_at=when)
    opportunity_scan(now=when)


def test_new_opportunity_above_threshold_is_posted_once(alert_settings, hook):
    p = f.kalshi_poly_pair("al", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    assert len(hook.bodies) == 1
    body = hook.bodies[0]
    opp = Opportunity.objects.get(pair=p)
    assert body["event"] == "opportunity.new"
    assert (body["pair_id"], body["direction"]) == (p.id, "yes_a_no_b")
    assert Decimal(body["net_profit"]) == opp.net_profit
    assert opp.alerted_at == NOW
    # Still open on the next scan: an update, not a new alert.
    opportunity_scan(now=NOW + timedelta(seconds=1))
    assert len(hook.bodies) == 1


def test_alerts_are_rate_limited_per_pair(alert_settings, hook):
    p = f.kalshi_poly_pair("rl", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    _reopen(p, NOW + timedelta(seconds=60))  # within the cooldown: no second alert
    assert len(hook.bodies) == 1
    _reopen(p, NOW + timedelta(seconds=400))  # cooldown over
    assert len(hook.bodies) == 2


def test_below_threshold_is_not_posted(alert_settings, hook):
    alert_settings.EVENTSARB_ALERT_MIN_PROFIT = "1000"
    f.kalshi_poly_pair("low", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    assert hook.bodies == []


def test_webhook_failure_is_logged_not_raised(alert_settings, hook, caplog):
    hook.status = 500
    p = f.kalshi_poly_pair("fail", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    assert len(hook.bodies) == 1
    assert Opportunity.objects.get(pair=p).alerted_at is None
    assert "alert" in caplog.text


def test_unreachable_webhook_is_logged_not_raised(alert_settings, caplog):
    alert_settings.EVENTSARB_ALERT_WEBHOOK_URL = "http://127.0.0.1:9/nothing-listens"
    p = f.kalshi_poly_pair("down", now=NOW, **ARB)
    result = opportunity_scan(now=NOW)
    assert result.created == 1
    assert Opportunity.objects.get(pair=p).alerted_at is None
    assert "failed" in caplog.text


def test_a_new_basket_is_alerted_once_per_cooldown(alert_settings, hook):
    from arbitrage.baskets import basket_scan
    from arbitrage.models import BasketOpportunity

    settings = alert_settings
    settings.EVENTSARB_ALERT_MIN_PROFIT = "0.30"
    ms = [f.market("test_kalshi", f"AL{i}", settles_at=NOW + timedelta(days=30)) for i in range(3)]
    for m, bid in zip(ms, ("0.30", "0.28", "0.45"), strict=True):
        f.book_put(m, bids=[(bid, "10")], asks=[("0.90", "10")], checked_at=NOW)
    s = f.outcome_set(ms, exhaustive=False)
    basket_scan(now=NOW)  # NO on all three at 1.97 per basket paying 2: +0.30 on 10
    [body] = hook.bodies
    assert (body["event"], body["basket_key"], Decimal(body["net_profit"])) == (
        "basket.new", f"set:{s.id}:no", Decimal("0.30")
    )
    assert [(leg["market_id"], leg["side"]) for leg in body["legs"]] == [(m.id, "no") for m in ms]
    assert BasketOpportunity.objects.get().alerted_at == NOW
    # Closed then seen again within the cooldown: a new row, no second alert.
    f.book_put(ms[2], bids=[("0.20", "10")], asks=[("0.90", "10")], checked_at=NOW)
    basket_scan(now=NOW + timedelta(seconds=5))
    f.book_put(ms[2], bids=[("0.45", "10")], asks=[("0.90", "10")], checked_at=NOW)
    basket_scan(now=NOW + timedelta(seconds=10))
    assert BasketOpportunity.objects.count() == 2
    assert len(hook.bodies) == 1
