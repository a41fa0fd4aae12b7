"""Prepare the offline demo: sync the Test venues, approve the pairs and outcome sets they share."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand

from markets.models import Market
from similarity.models import MarketPair, OutcomeSet
from similarity.outcome_sets import outcome_set_approve, outcome_sets_align
from similarity.services import catalog_sync_and_review, pair_approve

DEMO_VENUES = ("test_kalshi", "test_polymarket")


class Command(BaseCommand):
    help = (
        "Sync test_kalshi and test_polymarket, approve their same-question pairs and outcome "
        "sets (each venue's and the cross-venue ones), create demo/demo."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user_model = get_user_model()
        reviewer, created = user_model.objects.get_or_create(
            username="demo", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            reviewer.set_password("demo")
            reviewer.save()
            self.stdout.write("created staff user demo / demo (offline demo only)")
        for slug in DEMO_VENUES:
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
        venue_sets = self._approve_sets(reviewer, OutcomeSet.Kind.VENUE)
        # The cross sets need both venue sets approved and their members' pairs approved.
        outcome_sets_align()
        cross_sets = self._approve_sets(reviewer, OutcomeSet.Kind.CROSS)
        self.stdout.write(
            f"demo ready: {approved} pairs, {venue_sets} venue outcome sets and {cross_sets} "
            "cross-venue outcome sets approved"
        )

    @staticmethod
    def _approve_sets(reviewer: AbstractBaseUser, kind: str) -> int:
        """Approve the Test venues' proposed sets of this kind, exhaustive (every simulated
        event lists all its outcomes, or an "Other" leg); a set someone rejected stays so."""
        proposed = (
            OutcomeSet.objects.filter(
                kind=kind, status=OutcomeSet.Status.PROPOSED,
                members__market__platform__slug__in=DEMO_VENUES,
            )
            .distinct()
            .order_by("id")
        )
        for outcome_set in proposed:
            outcome_set_approve(
                outcome_set=outcome_set, reviewer=reviewer, exhaustive=True,
                reason="demo: a simulated multi-outcome event (every outcome listed)",
            )
        return len(proposed)
