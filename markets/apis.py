"""Markets, order books and venue health over the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    FILTER_BACKENDS,
    ApiCursorPagination,
    ApiModelSerializer,
    TextFilter,
)
from markets.models import Market, OrderBook
from markets.selectors import platform_list_with_market_counts
from platforms.models import Platform
from platforms.registry import venue_choices


class MarketOutputSerializer(ApiModelSerializer):
    platform: serializers.SlugRelatedField[Platform] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Market
        ref_name = "Market"
        fields = [
            "id", "platform", "external_id", "title", "subtitle", "outcome_label",
            "no_outcome_label", "category", "status", "open_time", "close_time",
            "expected_settle_time", "tick_size", "min_order_size", "size_increment", "fee_params",
            "url", "rules_text", "resolution_source", "book_checked_at", "last_seen_at",
        ]


class BookOutputSerializer(ApiModelSerializer):
    yes_bids = serializers.JSONField(help_text="[[price, size], ...] decimal strings, best first")
    yes_asks = serializers.JSONField(help_text="[[price, size], ...] decimal strings, best first")

    class Meta:
        model = OrderBook
        ref_name = "OrderBook"
        fields = ["id", "market_id", "captured_at", "exchange_ts", "seq", "source", "yes_bids", "yes_asks"]


class MarketFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    platform = django_filters.ChoiceFilter(field_name="platform__slug", choices=venue_choices)
    status = django_filters.ChoiceFilter(choices=Market.Status.choices)
    category = TextFilter(lookup_expr="iexact")
    q = TextFilter(method="search", label="title or external id contains")
    closes_after = django_filters.IsoDateTimeFilter(field_name="close_time", lookup_expr="gte")
    closes_before = django_filters.IsoDateTimeFilter(field_name="close_time", lookup_expr="lt")

    class Meta:
        model = Market
        fields = ["platform", "status", "category", "q", "closes_after", "closes_before"]

    def search(self, queryset: QuerySet[Market], name: str, value: str) -> QuerySet[Market]:
        return queryset.filter(Q(title__icontains=value) | Q(external_id__icontains=value))


class MarketListApi(ListAPIView[Market]):
    """Markets of every venue, filterable by venue, status, category, close time and text."""

    serializer_class = MarketOutputSerializer
    queryset = Market.objects.select_related("platform")
    filter_backends = FILTER_BACKENDS
    filterset_class = MarketFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


class MarketDetailApi(RetrieveAPIView[Market]):
    """One market with its rules text."""

    serializer_class = MarketOutputSerializer
    queryset = Market.objects.select_related("platform")
    lookup_url_kwarg = "market_id"


class MarketBookLatestApi(APIView):
    """The newest stored book of one market (404 when none is stored yet)."""

    @extend_schema(responses=BookOutputSerializer)
    def get(self, request: Request, market_id: int) -> Response:
        market = get_object_or_404(Market.objects.select_related("latest_book"), pk=market_id)
        if market.latest_book is None:
            raise NotFound("no book stored for this market yet")
        return Response(BookOutputSerializer(market.latest_book).data)


class BookFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    since = django_filters.IsoDateTimeFilter(field_name="captured_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="captured_at", lookup_expr="lt")

    class Meta:
        model = OrderBook
        fields = ["since", "until"]


class MarketBookHistoryApi(ListAPIView[OrderBook]):
    """Stored book snapshots of one market, newest first (a snapshot is stored only on change)."""

    serializer_class = BookOutputSerializer
    filter_backends = FILTER_BACKENDS
    filterset_class = BookFilter
    ordering_fields = ["captured_at"]
    ordering = ["-captured_at"]
    pagination_class = ApiCursorPagination

    def get_queryset(self) -> QuerySet[OrderBook]:
        # Schema generation calls this without URL kwargs.
        if getattr(self, "swagger_fake_view", False):
            return OrderBook.objects.none()
        market = get_object_or_404(Market, pk=self.kwargs["market_id"])
        return OrderBook.objects.filter(market=market)


class PlatformHealthListApi(APIView):
    """Every venue's health: last sync, last book, last error, rate limit, job progress."""

    class OutputSerializer(ApiModelSerializer):
        healthy = serializers.BooleanField(source="is_healthy")
        open_markets = serializers.IntegerField()

        class Meta:
            model = Platform
            ref_name = "PlatformHealth"
            fields = [
                "slug", "name", "enabled", "healthy", "open_markets", "last_sync_at",
                "last_sync_stats", "last_book_at", "last_ok_at", "last_error", "last_error_at",
                "rate_limited_until", "progress",
            ]

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = platform_list_with_market_counts()
        return Response(self.OutputSerializer(rows, many=True).data)
