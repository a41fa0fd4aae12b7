"""Shared API plumbing for every app's apis.py: pagination, strict ordering, the serializer base
and one stable error shape.

List endpoints are ListAPIViews with a FilterSet and StrictOrderingFilter; write endpoints are
one APIView per operation with nested InputSerializer/OutputSerializer. Every error looks like
{"error": {"code", "message", "fields"}} (exception_handler).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ApplicationError

MAX_PAGE_SIZE = 500


class ApiCursorPagination(CursorPagination):
    """Cursor pages (stable under inserts); ?page_size= up to MAX_PAGE_SIZE, default 100."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"


class StrictOrderingFilter(OrderingFilter):
    """Like OrderingFilter, but an unknown ?ordering= field is a 400 naming it, not ignored."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        raw = request.query_params.get(self.ordering_param)
        if raw:
            allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [f for f in (p.strip() for p in raw.split(",")) if f.lstrip("-") not in allowed]
            if unknown:
                raise ValidationError({
                    self.ordering_param: [
                        f"unknown field {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
                    ]
                })
        return super().get_ordering(request, queryset, view)


FILTER_BACKENDS = [DjangoFilterBackend, StrictOrderingFilter]


class DecimalStringField(serializers.DecimalField):
    """A DecimalField rendered as str(value): the database already fixes the scale, so DRF's
    per-value quantize (a measurable share of a 100-row page) adds nothing."""

    def to_representation(self, value: Decimal) -> str:
        return str(value)


class ApiModelSerializer(serializers.ModelSerializer[Any]):
    """ModelSerializer whose model DecimalFields render through DecimalStringField."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: DecimalStringField,
    }


class ApiNotFound(APIView):
    """Any other /api/.../ path: a JSON 404 in the API's error shape, not Django's HTML page."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    schema = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        raise NotFound("no such API endpoint; see /api/schema/")

def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Errors look like {"error": {"code", "message", "fields"}} whatever raised them."""
    if isinstance(exc, ApplicationError):
        return Response(
            {"error": {"code": "application_error", "message": exc.message, "fields": exc.extra}},
            status=400,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    fields: dict[str, Any] = {}
    message = ""
    if isinstance(data, dict):
        if "detail" in data and len(data) == 1:
            message = str(data["detail"])
        else:
            fields = {k: v for k, v in data.items()}
            message = "invalid input: " + ", ".join(sorted(fields))
    else:
        message = str(data)
    code = getattr(exc, "default_code", "error")
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response
