"""The execution journal over the API (attempts, orders, fills), realised P&L, the kill switch."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    FILTER_BACKENDS,
    ApiCursorPagination,
    ApiModelSerializer,
    IdFilter,
    TextFilter,
)
from trading.models import KILL_SWITCH_REASON_MAX, ArbAttempt, Fill, Order, TradingMode
from trading.permissions import SET_KILL_SWITCH, can_set_kill_switch
from trading.selectors import pnl_by_day, pnl_by_pair, trading_status
from trading.services import kill_switch_set


class AttemptFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    state = django_filters.ChoiceFilter(choices=ArbAttempt.State.choices)
    mode = django_filters.ChoiceFilter(choices=TradingMode.choices)
    pair = IdFilter(field_name="pair_id")
    is_open = django_filters.BooleanFilter()
    needs_attention = django_filters.BooleanFilter()

    class Meta:
        model = ArbAttempt
        fields = ["state", "mode", "pair", "is_open", "needs_attention"]


class AttemptListApi(ListAPIView[ArbAttempt]):
    """Arbitrage attempts (the journal), newest first."""

    class OutputSerializer(ApiModelSerializer):
        pair_id = serializers.IntegerField(allow_null=True, help_text="null for a basket")
        opportunity_id = serializers.IntegerField(allow_null=True)

        class Meta:
            model = ArbAttempt
            ref_name = "ArbAttempt"
            fields = [
                "id", "uid", "kind", "source", "payout_per_unit", "opportunity_id", "pair_id",
                "direction", "mode", "state", "is_open",
                "leg1", "plan", "planned_size", "expected_net_profit", "leg2_retries",
                "realised_pnl", "needs_attention", "attention_reason", "reason", "created_at",
                "finished_at",
            ]

    serializer_class = OutputSerializer
    queryset = ArbAttempt.objects.all()
    filter_backends = FILTER_BACKENDS
    filterset_class = AttemptFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


class OrderFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    attempt = IdFilter(field_name="attempt_id")
    status = django_filters.ChoiceFilter(choices=Order.Status.choices)
    mode = django_filters.ChoiceFilter(choices=TradingMode.choices)
    platform = TextFilter(field_name="platform_slug")

    class Meta:
        model = Order
        fields = ["attempt", "status", "mode", "platform"]


class OrderListApi(ListAPIView[Order]):
    """Orders of every attempt, newest first."""

    class OutputSerializer(ApiModelSerializer):
        attempt_id = serializers.IntegerField()
        market_id = serializers.IntegerField()

        class Meta:
            model = Order
            ref_name = "Order"
            fields = [
                "id", "attempt_id", "leg", "role", "mode", "platform_slug", "market_id", "outcome",
                "action", "limit_price", "size", "time_in_force", "client_order_id",
                "venue_order_id", "status", "filled_size", "average_price", "fee_paid", "error",
                "created_at", "resolved_at",
            ]

    serializer_class = OutputSerializer
    queryset = Order.objects.all()
    filter_backends = FILTER_BACKENDS
    filterset_class = OrderFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


class FillFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    order = IdFilter(field_name="order_id")
    attempt = IdFilter(field_name="order__attempt_id")
    since = django_filters.IsoDateTimeFilter(field_name="ts", lookup_expr="gte")

    class Meta:
        model = Fill
        fields = ["order", "attempt", "since"]


class FillListApi(ListAPIView[Fill]):
    """Fills with the fee actually charged, newest first."""

    class OutputSerializer(ApiModelSerializer):
        order_id = serializers.IntegerField()
        attempt_id = serializers.IntegerField(source="order.attempt_id")
        platform = serializers.CharField(source="order.platform_slug")

        class Meta:
            model = Fill
            ref_name = "Fill"
            fields = ["id", "order_id", "attempt_id", "platform", "venue_fill_id", "price", "size", "fee", "ts"]

    serializer_class = OutputSerializer
    queryset = Fill.objects.select_related("order")
    filter_backends = FILTER_BACKENDS
    filterset_class = FillFilter
    ordering_fields = ["id", "ts"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


PNL_PAIRS_MAX = 1000


class PnlDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    realised_pnl = serializers.DecimalField(max_digits=20, decimal_places=6, source="pnl")
    attempts = serializers.IntegerField()

    class Meta:
        ref_name = "PnlDay"


class PnlPairSerializer(serializers.Serializer[Any]):
    pair_id = serializers.IntegerField()
    question = serializers.CharField(source="pair__market_a__title")
    mode = serializers.CharField()
    realised_pnl = serializers.DecimalField(max_digits=20, decimal_places=6, source="pnl")
    attempts = serializers.IntegerField()

    class Meta:
        ref_name = "PnlPair"


class PnlOutputSerializer(serializers.Serializer[Any]):
    mode = serializers.CharField(allow_null=True, help_text="paper | live; null: both")
    days = serializers.IntegerField()
    realised_total = serializers.DecimalField(max_digits=20, decimal_places=6)
    attempts = serializers.IntegerField()
    by_day = PnlDaySerializer(many=True, help_text="oldest first")
    by_pair = PnlPairSerializer(many=True, help_text="most profitable first, up to 1,000")

    class Meta:
        ref_name = "Pnl"


class PnlApi(APIView):
    """Realised P&L of finished attempts per UTC day and per pair, over the last `days` days.

    Realised P&L is what each finished attempt journaled (hedged contracts' locked-in edge
    after fees, plus anything sold back); open attempts are not in it. `mode` keeps paper and
    live apart (default: both; by_pair has a row per pair and mode).
    """

    class FilterSerializer(serializers.Serializer[Any]):
        mode = serializers.ChoiceField(choices=TradingMode.choices, required=False)
        days = serializers.IntegerField(min_value=1, max_value=366, default=30)

        class Meta:
            ref_name = "PnlFilter"

    @extend_schema(parameters=[FilterSerializer], responses=PnlOutputSerializer)
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        mode, days = params.validated_data.get("mode"), params.validated_data["days"]
        since = timezone.now() - timedelta(days=days)
        by_day = pnl_by_day(since=since, mode=mode)
        return Response(PnlOutputSerializer({
            "mode": mode,
            "days": days,
            "realised_total": sum((row["pnl"] for row in by_day), Decimal(0)),
            "attempts": sum(row["attempts"] for row in by_day),
            "by_day": by_day,
            "by_pair": pnl_by_pair(since=since, mode=mode, limit=PNL_PAIRS_MAX),
        }).data)


class KillSwitchOutputSerializer(serializers.Serializer[Any]):
    trading_mode = serializers.CharField(source="mode")
    active = serializers.BooleanField(source="kill_switch_active", help_text="new attempts are stopped")
    forced_by_setting = serializers.BooleanField(source="kill_switch_setting")
    enabled = serializers.BooleanField(source="kill_switch.enabled", default=False)
    reason = serializers.CharField(source="kill_switch.reason", default="")
    changed_by = serializers.CharField(source="kill_switch.changed_by.username", default=None)
    changed_at = serializers.DateTimeField(source="kill_switch.changed_at", default=None)

    class Meta:
        ref_name = "KillSwitch"


class KillSwitchApi(APIView):
    """The trading mode and kill switch state (the setting and the DB toggle)."""

    @extend_schema(responses=KillSwitchOutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(KillSwitchOutputSerializer(trading_status()).data)


class CanSetKillSwitch(BasePermission):
    """The kill switch permission (trading/permissions.py), the dashboard's and the admin's check."""

    message = f"the kill switch needs the {SET_KILL_SWITCH} permission"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_set_kill_switch(request.user)


class KillSwitchSetApi(APIView):
    """Turn the DB kill switch on or off (kill switch permission); takes effect for the next attempt."""

    permission_classes = [CanSetKillSwitch]

    class InputSerializer(serializers.Serializer[Any]):
        enabled = serializers.BooleanField()
        reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=KILL_SWITCH_REASON_MAX
        )

        class Meta:
            ref_name = "KillSwitchSetInput"

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            # Resuming re-enables trading: say why, as on the dashboard.
            if not attrs["enabled"] and not attrs.get("reason"):
                raise serializers.ValidationError({"reason": "Say why trading may resume."})
            return attrs

    @extend_schema(request=InputSerializer, responses=KillSwitchOutputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kill_switch_set(user=request.user, **data.validated_data)
        return Response(KillSwitchOutputSerializer(trading_status()).data)
