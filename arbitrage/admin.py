"""Admin views of opportunities (pairs and baskets), spread statistics and per-pair gate states
(read-mostly)."""

from django.contrib import admin
from django.http import HttpRequest

from arbitrage.models import (
    BasketOpportunity,
    BasketSpreadStat,
    Opportunity,
    PairScanState,
    SpreadStat,
)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin[Opportunity]):
    list_display = (
        "id", "pair", "direction", "size", "net_profit", "peak_net_profit", "return_on_capital",
        "annualised_return", "first_seen", "last_seen", "closed_at",
    )
    list_filter = ("direction", ("closed_at", admin.EmptyFieldListFilter))
    search_fields = ("pair__market_a__external_id", "pair__market_b__external_id")
    raw_id_fields = ("pair", "book_a", "book_b")
    date_hierarchy = "first_seen"
    ordering = ("-last_seen",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Opportunities come only from the engine; a hand-made row would have no inputs.
        return False


@admin.register(SpreadStat)
class SpreadStatAdmin(admin.ModelAdmin[SpreadStat]):
    list_display = ("pair", "sample_count", "last_spread", "mean", "std", "zscore", "half_life_s", "flagged")
    list_filter = ("flagged",)
    raw_id_fields = ("pair",)
    exclude = ("samples",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PairScanState)
class PairScanStateAdmin(admin.ModelAdmin[PairScanState]):
    list_display = ("pair", "reason", "detail", "since")
    list_filter = ("reason",)
    raw_id_fields = ("pair",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(BasketOpportunity)
class BasketOpportunityAdmin(admin.ModelAdmin[BasketOpportunity]):
    list_display = (
        "id", "basket_key", "kind", "size", "payout_per_unit", "net_profit", "peak_net_profit",
        "return_on_capital", "annualised_return", "first_seen", "last_seen", "closed_at",
    )
    list_filter = ("kind", ("closed_at", admin.EmptyFieldListFilter))
    search_fields = ("basket_key",)
    raw_id_fields = ("outcome_set", "pair")
    date_hierarchy = "first_seen"
    ordering = ("-last_seen",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Basket opportunities come only from the engine; a hand-made row would have no inputs.
        return False


@admin.register(BasketSpreadStat)
class BasketSpreadStatAdmin(admin.ModelAdmin[BasketSpreadStat]):
    list_display = ("basket_key", "kind", "sample_count", "last_total_ask", "last_spread", "mean", "std")
    list_filter = ("kind",)
    raw_id_fields = ("outcome_set", "pair")
    exclude = ("samples",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
