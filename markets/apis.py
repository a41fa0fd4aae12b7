"""Markets, order books and venue health over the API, plus the seed's two kept routes.

/api/get_market_pairs and /api/get_order_books keep their paths and response shapes.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboard.api import FILTER_BACKENDS, ApiCursorPagination, ApiModelSerializer, venue_choices
from markets.models import Market, OrderBook
from markets.selectors import market_list_for_book_polling
from platforms.models import Platform
from similarity.models import MarketPair


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
    category = django_filters.CharFilter(lookup_expr="iexact")
    q = django_filters.CharFilter(method="search", label="title or external id contains")
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
        rows = Platform.objects.annotate(
            open_markets=Count("markets", filter=Q(markets__status=Market.Status.OPEN))
        ).order_by("slug")
        return Response(self.OutputSerializer(rows, many=True).data)


class _SeedMarketSerializer(serializers.Serializer[Market]):
    id = serializers.IntegerField()
    platform = serializers.CharField(source="platform.slug")
    external_id = serializers.CharField()
    title = serializers.CharField()
    close_time = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "SeedMarket"


class GetMarketPairsApi(APIView):
    """Approved and proposed market pairs with both markets (the seed's route, kept).

    Not paginated: at most 1000 pairs, ordered by id.
    """

    # Any: it is built with many=True, which the DRF stubs do not model.
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        status = serializers.CharField()
        relation = serializers.CharField()
        orientation = serializers.CharField()
        similarity = serializers.FloatField()
        market_a = _SeedMarketSerializer()
        market_b = _SeedMarketSerializer()

        class Meta:
            ref_name = "SeedMarketPair"

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=MarketPair.Status.values)],
        responses=OutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = MarketPair.objects.select_related("market_a__platform", "market_b__platform").order_by("id")
        status = request.query_params.get("status")
        if status:
            if status not in MarketPair.Status.values:
                raise serializers.ValidationError({"status": f"must be one of {MarketPair.Status.values}"})
            qs = qs.filter(status=status)
        return Response(self.OutputSerializer(qs[:1000], many=True).data)


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
        markets = market_list_for_book_polling().select_related("latest_book")
        return Response(self.OutputSerializer(markets, many=True).data)
