"""The arbitrage admin pages render for staff, with real rows."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from arbitrage.services import opportunity_scan, spread_stats_update
from arbitrage.tests import factories as f

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("model", ["opportunity", "spreadstat", "pairscanstate"])
def test_changelist_and_change_pages_render(client, staff_user, settings, model):
    settings.EVENTSARB_BOOK_MAX_AGE_S = 10**9  # the rows are dated NOW; the admin reads them later
    settings.EVENTSARB_ALERT_WEBHOOK_URL = ""
    f.kalshi_poly_pair("adm", now=NOW, a_bids=[("0.35", "50")], a_asks=[("0.40", "50")],
                       b_bids=[("0.55", "50")], b_asks=[("0.60", "50")])
    opportunity_scan(now=NOW)
    spread_stats_update(now=NOW)
    client.force_login(staff_user)
    listing = client.get(reverse(f"admin:arbitrage_{model}_changelist"))
    assert listing.status_code == 200
    from django.apps import apps

    row = apps.get_model("arbitrage", model).objects.get()
    assert client.get(reverse(f"admin:arbitrage_{model}_change", args=[row.pk])).status_code == 200
    assert client.get(reverse(f"admin:arbitrage_{model}_add")).status_code == 403
