"""Prepare the offline demo: sync the Test venues and approve the pairs they share."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from markets.models import Market
from similarity.models import MarketPair
from similarity.services import catalog_sync_and_review, pair_approve


class Command(BaseCommand):
    help = "Sync test_kalshi and test_polymarket, approve their same-question pairs, create demo/demo."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user_model = get_user_model()
        reviewer, created = user_model.objects.get_or_create(
            username="demo", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            reviewer.set_password("demo")
            reviewer.save()
            self.stdout.write("created staff user demo / demo (offline demo only)")
        for slug in ("test_kalshi", "test_polymarket"):
            catalog_sync_and_review(slug=slug)
        a_markets = {m.title: m for m in Market.objects.filter(platform__slug="test_kalshi")}
        approved = 0
        for b in Market.objects.filter(platform__slug="test_polymarket"):
            a = a_markets.get(b.title)
            if a is None:
                continue
            pair, _ = MarketPair.objects.get_or_create(
                market_a=a, market_b=b, defaults={"similarity": 1.0, "confidence": 1.0}
            )
            if pair.status != MarketPair.Status.APPROVED:
                pair_approve(
                    pair=pair, reviewer=reviewer, relation=MarketPair.Relation.IDENTICAL,
                    orientation=MarketPair.Orientation.SAME,
                    reason="demo: same simulated question on both test venues",
                )
                approved += 1
        self.stdout.write(f"demo ready: {approved} pairs approved")
