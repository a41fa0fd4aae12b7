"""The dashboard in a real browser: Debian's Chromium driven by Playwright against live_server.

Data goes in through the real services: catalog_sync of both Test venues, pair_approve,
order_books_pull and arbitrage.services.opportunity_scan. The Test venues' books are a pure
function of the clock, so the tests step a frozen clock (time-machine) instead of waiting: the
"opportunity appears" test pulls and scans, step by step, until the scan finds an arbitrage,
while the page is open. Attempts/orders/fills for the trading page are inserted as rows.

Each test saves a screenshot of the page it exercises (var/screenshots/, or
EVENTSARB_SCREENSHOT_DIR; `make screenshots` refreshes docs/screenshots/).
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from arbitrage.models import Opportunity
from arbitrage.services import opportunity_scan, spread_stats_update
from markets.models import Market
from markets.services import catalog_sync, order_books_pull
from similarity.models import MarketPair
from similarity.selectors import market_list_watched
from similarity.services import pair_approve
from trading.models import ArbAttempt, Fill, Order
from trading.selectors import kill_switch_active

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tests write screenshots to var/screenshots (untracked) unless EVENTSARB_SCREENSHOT_DIR says
# otherwise; `make screenshots` refreshes the committed copies in docs/screenshots.
SCREENSHOTS = Path(
    os.environ.get("EVENTSARB_SCREENSHOT_DIR") or Path(settings.BASE_DIR) / "var" / "screenshots"
)
CHROMIUM_PATHS = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Generous: a cold CI machine can be slow; these bound waiting, they assert nothing about speed.
WAIT_MS = 15_000
SCAN_STEPS = 30


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run in
    # a thread with a running loop unless told it is safe (it is: the loop is idle meanwhile).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = next((p for p in CHROMIUM_PATHS if os.path.exists(p)), None)
    if executable is None:
        pytest.fail("Chromium not found: `make test` installs it (bin/ensure-browser)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(WAIT_MS)
        new_page = context.new_page()
        # Every test also proves the pages work under the Content-Security-Policy: Chromium
        # reports each blocked script, style or connection on the console.
        violations: list[str] = []
        new_page.on(
            "console",
            lambda msg: violations.append(f"{new_page.url}: {msg.text[:80]}")
            if "Content Security Policy" in msg.text else None,
        )
        new_page.on("pageerror", lambda exc: violations.append(str(exc)))
        yield new_page
        context.close()
        browser.close()
        assert violations == []


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _synced_pair(index: int, *, approve_as=None) -> MarketPair:
    """A real pair of the Test venues; if approve_as, approved with five simulated minutes of
    books, scans and spread statistics behind it."""
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id")[index]
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    pair = MarketPair.objects.create(
        market_a=a, market_b=b, similarity=0.93, confidence=0.8,
        findings=[{"guard": "close_time", "level": "ok", "message": "both close on the same day"}],
    )
    if approve_as is not None:
        pair_approve(pair=pair, reviewer=approve_as, relation="identical", orientation="same")
        start = timezone.now() - timedelta(minutes=5)
        # The Test venues' books move every 2 s of clock time: pull at 10 s steps to build history.
        for step in range(30):
            with time_machine.travel(start + timedelta(seconds=10 * step), tick=False):
                order_books_pull(markets=market_list_watched())
                opportunity_scan()
                spread_stats_update()
        order_books_pull(markets=market_list_watched())
    return pair


def test_opportunity_appears_without_reload(page, live_server, staff_user):
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    for a in Market.objects.filter(platform__slug="test_kalshi"):
        b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
        pair = MarketPair.objects.create(market_a=a, market_b=b, similarity=0.9)
        pair_approve(pair=pair, reviewer=staff_user, relation="identical", orientation="same")
    _login(page, live_server, "staff", "pw-staff-123")
    page.evaluate("window.__noReload = true")
    assert page.locator("tr[data-opportunity]").count() == 0

    # The real loop while the page is open: pull books, scan. The Test venues' prices drift
    # every 2 s of clock time; step the clock until the scan finds an arbitrage after fees.
    start = timezone.now()
    for step in range(SCAN_STEPS):
        with time_machine.travel(start + timedelta(seconds=2 * step), tick=False):
            order_books_pull(markets=market_list_watched())
            opportunity_scan()
        opp = Opportunity.objects.filter(closed_at__isnull=True).order_by("-net_profit").first()
        if opp is not None:
            break
    assert opp is not None, f"no arbitrage in {SCAN_STEPS} simulated steps"

    row = page.locator(f"tr[data-opportunity='{opp.id}']")
    row.wait_for(state="visible")
    assert f"{opp.net_profit:.2f}" in row.inner_text()
    # The same document: htmx swapped the fragment in, nothing reloaded the page.
    assert page.evaluate("window.__noReload") is True
    _shot(page, "opportunities")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "opportunities_mobile")


def test_open_pair_and_approve_it(page, live_server, staff_user):
    _synced_pair(1, approve_as=staff_user)
    pair = _synced_pair(2)
    _login(page, live_server, "staff", "pw-staff-123")
    page.click("nav >> text=Pairs")
    page.wait_for_url(f"{live_server.url}/pairs/")
    _shot(page, "pairs")

    page.click(f"tr[data-pair='{pair.id}'] >> a >> nth=0")
    page.wait_for_url(f"{live_server.url}/pairs/{pair.id}/")
    assert page.inner_text("#pair-status") == "proposed"
    page.select_option("#id_decision", "approve")
    page.select_option("#id_relation", "identical")
    page.select_option("#id_orientation", "same")
    page.fill("#id_reason", "same event, same source, same close")
    page.click("#review-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/pairs/{pair.id}/")
    assert page.inner_text("#pair-status") == "approved"

    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.APPROVED
    assert pair.reviewer == staff_user
    assert pair.reason == "same event, same source, same close"


def test_pair_detail_charts_and_books(page, live_server, staff_user):
    pair = _synced_pair(3, approve_as=staff_user)
    _login(page, live_server, "staff", "pw-staff-123")
    page.goto(f"{live_server.url}/pairs/{pair.id}/")
    assert page.locator("svg.chart polyline").count() == 3
    assert page.locator("table.book").count() == 2
    assert "both close on the same day" in page.inner_text("#findings")
    _shot(page, "pair_detail")


def test_flip_kill_switch(page, live_server, staff_user):
    pair = _synced_pair(4, approve_as=staff_user)
    _trading_history(pair)
    _login(page, live_server, "staff", "pw-staff-123")
    page.click("nav >> text=Trading")
    page.wait_for_url(f"{live_server.url}/trading/")
    assert page.locator("svg.chart rect.bar").count() == 2
    _shot(page, "trading")

    page.click("nav >> text=Health")
    page.wait_for_url(f"{live_server.url}/health/")
    assert page.inner_text("#kill-switch-state") == "off"
    page.fill("#kill-switch-form input[name=reason]", "venue maintenance")
    page.click("#kill-switch-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/health/")
    assert page.inner_text("#kill-switch-state").startswith("ON")
    assert kill_switch_active()
    _shot(page, "health")

    page.fill("#kill-switch-form input[name=reason]", "venue back")
    page.click("#kill-switch-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/health/")
    assert page.inner_text("#kill-switch-state") == "off"
    assert not kill_switch_active()


def test_plain_user_sees_no_buttons(page, live_server, plain_user, staff_user):
    pair = _synced_pair(5)
    _login(page, live_server, "viewer", "pw-viewer-123")
    page.goto(f"{live_server.url}/pairs/{pair.id}/")
    assert page.locator("#review-form").count() == 0
    page.goto(f"{live_server.url}/health/")
    assert page.locator("#kill-switch-form").count() == 0
    assert page.locator("nav >> text=Admin").count() == 0


def _trading_history(pair: MarketPair) -> None:
    """Two finished paper attempts on different days, with their orders and fills."""
    now = timezone.now()
    for uid, pnl, finished in [("demo1", "1.80", now - timedelta(days=1)), ("demo2", "-0.35", now)]:
        attempt = ArbAttempt.objects.create(
            uid=uid, pair=pair, direction="yes_a_no_b", mode="paper", leg1="a",
            planned_size=Decimal("50"), expected_net_profit=Decimal("1.10"),
            realised_pnl=Decimal(pnl), finished_at=finished, state=ArbAttempt.State.COMPLETE,
            is_open=False,
        )
        for leg, market, outcome, price in [("a", pair.market_a, "yes", "0.44"), ("b", pair.market_b, "no", "0.52")]:
            order = Order.objects.create(
                attempt=attempt, leg=leg, role=Order.Role.LEG1 if leg == "a" else Order.Role.LEG2,
                mode="paper", platform_slug=market.platform.slug, market=market, outcome=outcome,
                action="buy", limit_price=Decimal(price), size=Decimal("50"),
                client_order_id=f"{uid}-{leg}", status=Order.Status.FILLED, filled_size=Decimal("50"),
                average_price=Decimal(price), fee_paid=Decimal("0.40"),
            )
            Fill.objects.create(
                order=order, venue_fill_id=f"{uid}-{leg}-1", price=Decimal(price), size=Decimal("50"),
                fee=Decimal("0.40"), ts=finished,
            )


def test_pages_work_under_the_content_security_policy(page, live_server, staff_user):
    pair = _synced_pair(4, approve_as=staff_user)
    _login(page, live_server, "staff", "pw-staff-123")
    for path in ["/", f"/pairs/{pair.id}/", "/health/", "/trading/",
                 f"/admin/similarity/marketpair/{pair.id}/review/", "/api/docs/"]:
        response = page.goto(f"{live_server.url}{path}")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy, path
        # Swagger UI alone writes style attributes (common.api.ApiDocsView).
        assert ("unsafe-inline" in policy) is (path == "/api/docs/"), path
        page.wait_for_load_state("networkidle")
    # htmx ran (its own script, configured from the meta tag) and swapped a poll in.
    page.goto(f"{live_server.url}/")
    page.wait_for_function("() => window.htmx && !htmx.config.includeIndicatorStyles")
    swapped = page.evaluate(
        "() => new Promise(r => document.body.addEventListener('htmx:afterSwap', () => r(true), {once: true}))"
    )
    assert swapped is True
    # Swagger UI rendered from its split-out script.
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", state="attached")


def test_queue_a_replay_watch_it_run_and_read_its_report(page, live_server, staff_user, settings,
                                                         tmp_path):
    from replay.services import replays_run_queued
    from replay.tests.helpers import KALSHI, POLY, write_tape

    # Three edges on one pair: Polymarket's YES bid jumps over Kalshi's ask for a moment.
    quiet = ([["0.45", "200"], ["0.44", "300"]], [["0.60", "200"], ["0.61", "200"]])
    changes = [(-2.0, KALSHI, [["0.40", "200"]], [["0.45", "200"], ["0.46", "200"]]),
               (-1.0, POLY, *quiet)]
    for start, bid in ((5.0, "0.58"), (20.0, "0.52"), (40.0, "0.56")):
        changes += [(start, POLY, [[bid, "100"], *quiet[0]], quiet[1]),
                    (start + 0.8, POLY, *quiet)]
    settings.EVENTSARB_TAPE_DIR = str(tmp_path)
    settings.CELERY_BROKER_URL = ""
    write_tape(tmp_path / "three_edges.jsonl", changes)
    _login(page, live_server, "staff", "pw-staff-123")
    page.click("nav >> text=Replays")
    page.wait_for_url(f"{live_server.url}/replays/")
    page.fill("#replay-form input[name=tape]", "three_edges.jsonl")
    page.fill("#replay-form input[name=latency_ms]", "250")
    page.click("#replay-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/replays/")
    assert "queued" in page.inner_text("#replays")
    replays_run_queued()  # what the beat job does without a broker
    # The table polls while a replay is queued or running: "done" arrives without a reload.
    page.wait_for_function("() => document.querySelector('#replays').innerText.includes('done')")
    page.reload()
    assert page.locator("svg.chart polyline").count() == 2
    _shot(page, "replays")
    page.click("#replays a")
    page.wait_for_url(f"{live_server.url}/replays/*/")
    assert page.locator("#replay-pairs tbody tr").count() == 1
    assert page.locator("svg.chart polyline").count() == 2
    _shot(page, "replay_detail")
