"""Replays over the API: the list (summaries), one replay with its report, and starting one."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import FILTER_BACKENDS, ApiCursorPagination, ApiModelSerializer
from replay.models import ReplayRun
from replay.services import replay_request, tape_path_allowed

REPLAY_FIELDS = [
    "id", "status", "params", "progress", "opportunities", "trades", "net_profit",
    "lost_to_latency", "error", "created_at", "started_at", "finished_at",
]


class ReplayOutputSerializer(ApiModelSerializer):
    class Meta:
        model = ReplayRun
        ref_name = "Replay"
        fields = REPLAY_FIELDS


class ReplayFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    status = django_filters.ChoiceFilter(choices=ReplayRun.Status.choices)

    class Meta:
        model = ReplayRun
        fields = ["status"]


class ReplayListApi(ListAPIView[ReplayRun]):
    """Replays, newest first: what was asked, progress, and the totals once done."""

    serializer_class = ReplayOutputSerializer
    queryset = ReplayRun.objects.defer("report")
    filter_backends = FILTER_BACKENDS
    filterset_class = ReplayFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    pagination_class = ApiCursorPagination


class ReplayDetailApi(RetrieveAPIView[ReplayRun]):
    """One replay with its report (totals, per pair, equity curves; replay/core.py)."""

    class OutputSerializer(ReplayOutputSerializer):
        class Meta(ReplayOutputSerializer.Meta):
            ref_name = "ReplayDetail"
            fields = [*REPLAY_FIELDS, "report"]

    serializer_class = OutputSerializer
    queryset = ReplayRun.objects.all()
    lookup_url_kwarg = "replay_id"


class ReplayRunApi(APIView):
    """Queue a replay (staff only): of stored books between from and to, or of a tape in the
    tape directory (EVENTSARB_TAPE_DIR). Answers 202 with the queued replay; poll it."""

    permission_classes = [IsAdminUser]

    class InputSerializer(serializers.Serializer[Any]):
        start = serializers.DateTimeField(required=False, allow_null=True, default=None)
        end = serializers.DateTimeField(required=False, allow_null=True, default=None)
        pairs = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                      required=False, allow_null=True, default=None)
        budget = serializers.DecimalField(max_digits=20, decimal_places=6, required=False,
                                          allow_null=True, default=None, min_value=0)
        max_slippage = serializers.DecimalField(max_digits=12, decimal_places=6, required=False,
                                                allow_null=True, default=None, min_value=0)
        latency_ms = serializers.IntegerField(min_value=0, default=0)
        tape = serializers.CharField(required=False, allow_blank=True, default="",
                                     help_text="a file name inside the tape directory")

        class Meta:
            ref_name = "ReplayRunInput"

        def get_fields(self) -> dict[str, Any]:
            # "from" and "to" are Python keywords: the JSON names map onto start/end.
            fields = super().get_fields()
            fields["from"] = fields.pop("start")
            fields["to"] = fields.pop("end")
            return fields

    @extend_schema(request=InputSerializer, responses={202: ReplayOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if values["tape"]:
            values["tape"] = str(tape_path_allowed(values["tape"]))
        run = replay_request(request=values, user=request.user)
        return Response(ReplayOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)
