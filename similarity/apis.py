"""Market pairs over the API: list, detail, both latest books; reviewers approve or reject.
Outcome sets: list and detail; reviewers approve (exhaustive or not) or reject."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    FILTER_BACKENDS,
    ApiCursorPagination,
    ApiModelSerializer,
    BoundedNumberFilter,
    IdFilter,
    StrictBooleanFilter,
    TextFilter,
)
from common.auth import request_user
from markets.apis import BookOutputSerializer
from markets.models import Market
from platforms.registry import venue_choices
from similarity.models import REVIEW_REASON_MAX, MarketPair, OutcomeSet, OutcomeSetMember
from similarity.outcome_sets import outcome_set_approve, outcome_set_reject
from similarity.permissions import REVIEW_PAIRS, can_review_pairs
from similarity.selectors import (
    outcome_set_get,
    pair_get,
    pair_get_with_books,
    pair_list_with_markets,
)
from similarity.services import pair_approve, pair_reject


class _PairMarketSerializer(ApiModelSerializer):
    platform: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Market
        ref_name = "PairMarket"
        fields = [
            "id", "platform", "external_id", "title", "outcome_label", "status", "close_time",
            "url",
        ]


class _FindingSerializer(serializers.Serializer[Any]):
    guard = serializers.CharField()
    level = serializers.CharField()
    message = serializers.CharField()

    class Meta:
        ref_name = "GuardFinding"


class PairOutputSerializer(ApiModelSerializer):
    market_a = _PairMarketSerializer()
    market_b = _PairMarketSerializer()
    reviewer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    findings = _FindingSerializer(many=True)

    class Meta:
        model = MarketPair
        ref_name = "MarketPair"
        fields = [
            "id", "status", "relation", "orientation", "similarity", "confidence", "findings",
            "market_a", "market_b", "reviewer", "reviewed_at", "reason", "created_at",
        ]


PAIR_QUERYSET = MarketPair.objects.select_related(
    "market_a__platform", "market_b__platform", "reviewer"
)


class PairFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    status = django_filters.ChoiceFilter(choices=MarketPair.Status.choices)
    relation = django_filters.ChoiceFilter(choices=MarketPair.Relation.choices)
    orientation = django_filters.ChoiceFilter(choices=MarketPair.Orientation.choices)
    platform = django_filters.ChoiceFilter(
        method="on_platform", choices=venue_choices, label="either side's venue slug"
    )
    q = TextFilter(method="search", label="either side's title contains")
    min_similarity = BoundedNumberFilter(field_name="similarity", lookup_expr="gte")

    class Meta:
        model = MarketPair
        fields = ["status", "relation", "orientation", "platform", "q", "min_similarity"]

    def on_platform(self, queryset: QuerySet[MarketPair], name: str, value: str) -> QuerySet[MarketPair]:
        return queryset.filter(Q(market_a__platform__slug=value) | Q(market_b__platform__slug=value))

    def search(self, queryset: QuerySet[MarketPair], name: str, value: str) -> QuerySet[MarketPair]:
        return queryset.filter(Q(market_a__title__icontains=value) | Q(market_b__title__icontains=value))


class PairListApi(ListAPIView[MarketPair]):
    """Pairs with both markets and their review state, filterable and orderable."""

    serializer_class = PairOutputSerializer
    queryset = PAIR_QUERYSET
    filter_backends = FILTER_BACKENDS
    filterset_class = PairFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


class PairDetailApi(RetrieveAPIView[MarketPair]):
    """One pair with both markets, findings and review."""

    serializer_class = PairOutputSerializer
    queryset = PAIR_QUERYSET
    lookup_url_kwarg = "pair_id"


class PairBooksApi(APIView):
    """Both legs' latest stored books (null for a leg with no book yet)."""

    class OutputSerializer(serializers.Serializer[Any]):
        pair_id = serializers.IntegerField(source="id")
        orientation = serializers.CharField()
        book_a = BookOutputSerializer(source="market_a.latest_book", allow_null=True)
        book_b = BookOutputSerializer(source="market_b.latest_book", allow_null=True)
        checked_at_a = serializers.DateTimeField(source="market_a.book_checked_at", allow_null=True)
        checked_at_b = serializers.DateTimeField(source="market_b.book_checked_at", allow_null=True)

        class Meta:
            ref_name = "PairBooks"

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, pair_id: int) -> Response:
        return Response(self.OutputSerializer(pair_get_with_books(pair_id=pair_id)).data)


class CanReviewPairs(BasePermission):
    """The review permission (similarity/permissions.py), the dashboard's and the admin's check."""

    message = f"reviewing pairs needs the {REVIEW_PAIRS} permission"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_review_pairs(request.user)


class PairApproveApi(APIView):
    """Approve a pair with the reviewer's relation and orientation (review permission)."""

    permission_classes = [CanReviewPairs]

    class InputSerializer(serializers.Serializer[Any]):
        relation = serializers.ChoiceField(choices=MarketPair.Relation.choices)
        orientation = serializers.ChoiceField(choices=MarketPair.Orientation.choices)
        reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=REVIEW_REASON_MAX
        )

        class Meta:
            ref_name = "PairApproveInput"

    @extend_schema(request=InputSerializer, responses=PairOutputSerializer)
    def post(self, request: Request, pair_id: int) -> Response:
        pair = pair_get(pair_id=pair_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = pair_approve(pair=pair, reviewer=request_user(request), **data.validated_data)
        return Response(PairOutputSerializer(pair).data)


class PairRejectApi(APIView):
    """Reject a pair, saying why (review permission)."""

    permission_classes = [CanReviewPairs]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=REVIEW_REASON_MAX)

        class Meta:
            ref_name = "PairRejectInput"

    @extend_schema(request=InputSerializer, responses=PairOutputSerializer)
    def post(self, request: Request, pair_id: int) -> Response:
        pair = pair_get(pair_id=pair_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = pair_reject(pair=pair, reviewer=request_user(request), **data.validated_data)
        return Response(PairOutputSerializer(pair).data)


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
        status = request.query_params.get("status") or ""
        if status and status not in MarketPair.Status.values:
            raise serializers.ValidationError({"status": f"must be one of {MarketPair.Status.values}"})
        pairs = pair_list_with_markets(status=status)[:1000]
        return Response(self.OutputSerializer(pairs, many=True).data)


class _OutcomeSetMemberSerializer(ApiModelSerializer):
    market = _PairMarketSerializer()

    class Meta:
        model = OutcomeSetMember
        ref_name = "OutcomeSetMember"
        fields = ["id", "outcome_key", "label", "is_catch_all", "market"]


class OutcomeSetOutputSerializer(ApiModelSerializer):
    members = _OutcomeSetMemberSerializer(many=True)
    reviewer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    has_catch_all = serializers.BooleanField(read_only=True)

    class Meta:
        model = OutcomeSet
        ref_name = "OutcomeSet"
        fields = [
            "id", "key", "kind", "title", "status", "exhaustive", "open_ended", "has_catch_all",
            "source_a", "source_b", "members", "reviewer", "reviewed_at", "reason", "created_at",
        ]


OUTCOME_SET_QUERYSET = OutcomeSet.objects.select_related("reviewer").prefetch_related(
    "members__market__platform"
)


class OutcomeSetFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    status = django_filters.ChoiceFilter(choices=OutcomeSet.Status.choices)
    kind = django_filters.ChoiceFilter(choices=OutcomeSet.Kind.choices)
    exhaustive = StrictBooleanFilter()
    market = IdFilter(field_name="members__market_id", label="has this market as a member")
    q = TextFilter(field_name="title", lookup_expr="icontains", label="title contains")

    class Meta:
        model = OutcomeSet
        fields = ["status", "kind", "exhaustive", "market", "q"]


class OutcomeSetListApi(ListAPIView[OutcomeSet]):
    """Outcome sets with their members and review state, filterable, newest first."""

    serializer_class = OutcomeSetOutputSerializer
    queryset = OUTCOME_SET_QUERYSET.distinct()
    filter_backends = FILTER_BACKENDS
    filterset_class = OutcomeSetFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


class OutcomeSetDetailApi(RetrieveAPIView[OutcomeSet]):
    """One outcome set with its members (each market and venue) and its review."""

    serializer_class = OutcomeSetOutputSerializer
    queryset = OUTCOME_SET_QUERYSET
    lookup_url_kwarg = "set_id"


class OutcomeSetApproveApi(APIView):
    """Approve an outcome set for basket pricing, confirming it exhaustive or not (review
    permission). An open-ended set without a catch-all member cannot be confirmed exhaustive
    (400)."""

    permission_classes = [CanReviewPairs]

    class InputSerializer(serializers.Serializer[Any]):
        exhaustive = serializers.BooleanField()
        reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=REVIEW_REASON_MAX
        )

        class Meta:
            ref_name = "OutcomeSetApproveInput"

    @extend_schema(request=InputSerializer, responses=OutcomeSetOutputSerializer)
    def post(self, request: Request, set_id: int) -> Response:
        outcome_set = outcome_set_get(set_id=set_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome_set = outcome_set_approve(
            outcome_set=outcome_set, reviewer=request_user(request), **data.validated_data
        )
        return Response(OutcomeSetOutputSerializer(outcome_set_get(set_id=outcome_set.pk)).data)


class OutcomeSetRejectApi(APIView):
    """Reject an outcome set, saying why (review permission): it is never priced."""

    permission_classes = [CanReviewPairs]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=REVIEW_REASON_MAX)

        class Meta:
            ref_name = "OutcomeSetRejectInput"

    @extend_schema(request=InputSerializer, responses=OutcomeSetOutputSerializer)
    def post(self, request: Request, set_id: int) -> Response:
        outcome_set = outcome_set_get(set_id=set_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome_set_reject(outcome_set=outcome_set, reviewer=request_user(request), **data.validated_data)
        return Response(OutcomeSetOutputSerializer(outcome_set_get(set_id=outcome_set.pk)).data)
