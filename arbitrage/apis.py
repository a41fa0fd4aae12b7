"""Opportunities over the API (open now or historical, filterable, most profitable first), and
basket opportunities (list and detail), and the seed's /api/get_order_books route (the books the scan watches), kept with its path and shape."""

from __future__ import annotations

import hashlib
import time
from datetime import datetime
from decimal import Decimal
from typing import Any

import django_filters
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arbitrage.models import BasketOpportunity, Opportunity
from common.api import (
    FILTER_BACKENDS,
    ApiCursorPagination,
    ApiModelSerializer,
    BoundedNumberFilter,
    IdFilter,
    StrictBooleanFilter,
)
from markets.models import Market
from similarity.selectors import market_list_watched

# Clients poll this list; the scan rewrites it every few seconds. Serving one rendering of a
# given URL for up to a second (per process) turns N pollers into one query per second while
# adding at most a second to data that is already a scan interval old. When it goes stale one
# request recomputes it while the others keep getting the previous page, so pollers never pile
# up on the database together; nothing older than LIST_STALE_MAX_S is ever served.
LIST_CACHE_S = 1.0
LIST_STALE_MAX_S = 5

OPPORTUNITY_FIELDS = [
    "id", "pair_id", "direction", "size", "outcome_a", "outcome_b", "limit_price_a",
    "limit_price_b", "cost_a", "cost_b", "fee_a", "fee_b", "payout", "net_profit",
    "return_on_capital", "annualised_return", "capital_a", "capital_b", "edge_per_contract",
    "book_a_id", "book_b_id", "first_seen", "last_seen", "closed_at", "peak_net_profit",
]


class OpportunityOutputSerializer(ApiModelSerializer):
    pair_id = serializers.IntegerField()
    book_a_id = serializers.IntegerField(allow_null=True)
    book_b_id = serializers.IntegerField(allow_null=True)
    question = serializers.CharField(source="pair.market_a.title")
    platform_a = serializers.CharField(source="pair.market_a.platform.slug")
    platform_b = serializers.CharField(source="pair.market_b.platform.slug")

    class Meta:
        model = Opportunity
        ref_name = "Opportunity"
        fields = [*OPPORTUNITY_FIELDS, "question", "platform_a", "platform_b"]

    def to_representation(self, instance: Opportunity | dict[str, Any]) -> dict[str, Any]:
        """A model instance through DRF's fields; a values() row (the list) directly.

        The list reads rows as dicts: model instances and per-field DRF calls were three
        quarters of a 100-row page's cost. The output is the same (decimals as stored,
        datetimes as DRF writes them), which a test checks against the detail endpoint.
        """
        if isinstance(instance, dict):
            return {name: _plain(instance[name]) for name in self.Meta.fields}
        return super().to_representation(instance)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        text = timezone.localtime(value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return value


class OpportunityFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label="still open")
    pair = IdFilter(field_name="pair_id")
    direction = django_filters.ChoiceFilter(choices=Opportunity.Direction.choices)
    min_net_profit = BoundedNumberFilter(field_name="net_profit", lookup_expr="gte")
    min_return = BoundedNumberFilter(field_name="return_on_capital", lookup_expr="gte")
    seen_since = django_filters.IsoDateTimeFilter(field_name="last_seen", lookup_expr="gte")

    class Meta:
        model = Opportunity
        fields = ["open", "pair", "direction", "min_net_profit", "min_return", "seen_since"]


def list_cache_key(absolute_url: str) -> str:
    """The opportunity list's cache key for one absolute URL (scheme, host, path and query)."""
    return "api:opportunities:" + hashlib.sha256(absolute_url.encode()).hexdigest()


class OpportunityListApi(ListAPIView[Opportunity]):
    """Opportunities, by default most profitable first; ?open=true for the ones open now."""

    serializer_class = OpportunityOutputSerializer
    queryset = Opportunity.objects.values(
        *OPPORTUNITY_FIELDS, question=F("pair__market_a__title"),
        platform_a=F("pair__market_a__platform__slug"),
        platform_b=F("pair__market_b__platform__slug"),
    )
    filter_backends = FILTER_BACKENDS
    filterset_class = OpportunityFilter
    ordering_fields = ["id", "net_profit", "return_on_capital", "size", "first_seen", "last_seen"]
    ordering = ["-net_profit", "-id"]
    pagination_class = ApiCursorPagination

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        # Permission was checked before list() runs; the data is the same for every user. The
        # page's next/previous links are absolute (scheme and Host), so they are in the key:
        # one client's Host header must never shape the links served to another. (get_host()
        # has already refused any Host outside ALLOWED_HOSTS.) Hashed: a long query string
        # would make a key too long for memcached-style backends.
        key = list_cache_key(request.build_absolute_uri())
        now = time.time()
        cached = cache.get(key)
        if cached is not None:
            fresh_until, data = cached
            if fresh_until > now or not cache.add(key + ":refreshing", 1, LIST_STALE_MAX_S):
                return Response(data)
        try:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, (now + LIST_CACHE_S, data), LIST_STALE_MAX_S)
        finally:
            cache.delete(key + ":refreshing")
        return Response(data)


class OpportunityDetailApi(RetrieveAPIView[Opportunity]):
    """One opportunity with the engine inputs it was computed from."""

    class OutputSerializer(OpportunityOutputSerializer):
        class Meta(OpportunityOutputSerializer.Meta):
            ref_name = "OpportunityDetail"
            fields = [*OpportunityOutputSerializer.Meta.fields, "inputs"]

    serializer_class = OutputSerializer
    queryset = Opportunity.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform"
    )
    lookup_url_kwarg = "opportunity_id"


class GetOrderBooksApi(APIView):
    """Latest stored books of every market in an approved pair (the seed's route, kept)."""

    # Any: it is built with many=True, which the DRF stubs do not model.
    class OutputSerializer(serializers.Serializer[Any]):
        market_id = serializers.IntegerField(source="id")
        platform = serializers.CharField(source="platform.slug")
        external_id = serializers.CharField()
        captured_at = serializers.DateTimeField(source="latest_book.captured_at", allow_null=True)
        checked_at = serializers.DateTimeField(source="book_checked_at", allow_null=True)
        yes_bids = serializers.SerializerMethodField()
        yes_asks = serializers.SerializerMethodField()

        class Meta:
            ref_name = "SeedOrderBook"

        def get_yes_bids(self, m: Market) -> list[list[str]]:
            return m.latest_book.yes_bids if m.latest_book else []

        def get_yes_asks(self, m: Market) -> list[list[str]]:
            return m.latest_book.yes_asks if m.latest_book else []

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        markets = market_list_watched().select_related("latest_book")
        return Response(self.OutputSerializer(markets, many=True).data)


BASKET_FIELDS = [
    "id", "basket_key", "kind", "outcome_set_id", "pair_id", "size", "payout_per_unit", "payout",
    "cost", "fees", "net_profit", "return_on_capital", "annualised_return", "legs", "first_seen",
    "last_seen", "closed_at", "peak_net_profit",
]


class _BasketLegSerializer(serializers.Serializer[Any]):
    market_id = serializers.IntegerField()
    side = serializers.CharField()
    venue = serializers.CharField()
    outcome = serializers.CharField()
    limit_price = serializers.CharField()
    cost = serializers.CharField()
    fee = serializers.CharField()

    class Meta:
        ref_name = "BasketLeg"


class BasketOpportunityOutputSerializer(ApiModelSerializer):
    outcome_set_id = serializers.IntegerField(allow_null=True)
    pair_id = serializers.IntegerField(allow_null=True)
    legs = _BasketLegSerializer(many=True)
    title = serializers.SerializerMethodField()

    class Meta:
        model = BasketOpportunity
        ref_name = "BasketOpportunity"
        fields = [*BASKET_FIELDS, "title"]

    def get_title(self, obj: BasketOpportunity) -> str:
        """The set's title, or the implication pair's premise question."""
        if obj.outcome_set is not None:
            return str(obj.outcome_set.title)
        return str(obj.pair.market_a.title) if obj.pair is not None else ""


class BasketOpportunityFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    open = StrictBooleanFilter(field_name="closed_at", lookup_expr="isnull", label="still open")
    kind = django_filters.ChoiceFilter(choices=BasketOpportunity.Kind.choices)
    outcome_set = IdFilter(field_name="outcome_set_id")
    pair = IdFilter(field_name="pair_id")
    min_net_profit = BoundedNumberFilter(field_name="net_profit", lookup_expr="gte")
    min_return = BoundedNumberFilter(field_name="return_on_capital", lookup_expr="gte")
    seen_since = django_filters.IsoDateTimeFilter(field_name="last_seen", lookup_expr="gte")

    class Meta:
        model = BasketOpportunity
        fields = ["open", "kind", "outcome_set", "pair", "min_net_profit", "min_return", "seen_since"]


BASKET_QUERYSET = BasketOpportunity.objects.select_related("outcome_set", "pair__market_a")


class BasketOpportunityListApi(ListAPIView[BasketOpportunity]):
    """Basket opportunities (outcome sets, implication pairs), most profitable first; ?open=true
    for the ones open now. Each leg names its market and side (what execution buys)."""

    serializer_class = BasketOpportunityOutputSerializer
    queryset = BASKET_QUERYSET
    filter_backends = FILTER_BACKENDS
    filterset_class = BasketOpportunityFilter
    ordering_fields = ["id", "net_profit", "return_on_capital", "size", "first_seen", "last_seen"]
    ordering = ["-net_profit", "-id"]
    pagination_class = ApiCursorPagination


class BasketOpportunityDetailApi(RetrieveAPIView[BasketOpportunity]):
    """One basket opportunity with the engine's basket case it was computed from."""

    class OutputSerializer(BasketOpportunityOutputSerializer):
        class Meta(BasketOpportunityOutputSerializer.Meta):
            ref_name = "BasketOpportunityDetail"
            fields = [*BasketOpportunityOutputSerializer.Meta.fields, "inputs"]

    serializer_class = OutputSerializer
    queryset = BASKET_QUERYSET
    lookup_url_kwarg = "basket_id"
