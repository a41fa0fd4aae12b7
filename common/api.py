"""Shared API plumbing for every app's apis.py: pagination, strict ordering, the serializer base
and one stable error shape.

List endpoints are ListAPIViews with a FilterSet and StrictOrderingFilter; write endpoints are
one APIView per operation with nested InputSerializer/OutputSerializer. Every error looks like
{"error": {"code", "message", "fields"}} (exception_handler).
"""

from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ApplicationError

MAX_PAGE_SIZE = 500
# The database's bigint range: ids and integer positions beyond it are a 400, never a query
# (SQLite raises OverflowError on them, Postgres a DataError).
INT64_MAX = 2**63 - 1
# Free-text query parameters (search, category, venue slug) longer than this are a 400.
MAX_QUERY_TEXT = 200
# Numeric filters (money, returns, similarity) beyond +-this are a 400 (Postgres numeric
# overflows near 1e131072; nothing real is near 1e12).
MAX_FILTER_NUMBER = Decimal(10) ** 12

INVALID_CURSOR = "invalid cursor: use the next or previous link of a page as given"


class ApiCursorPagination(CursorPagination):
    """Cursor pages (stable under inserts); ?page_size= up to MAX_PAGE_SIZE, default 100.

    A cursor is client-held base64 text, so a forged one (an undecodable token, or a position
    that is not a value of the ordering field) is a 400 naming `cursor`, where DRF would answer
    404 or let the database raise.
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            # DRF's own decoding skips characters outside base64, so "!!!" would read as the
            # first page; only text our links could hold is a cursor.
            if encoded is not None:
                base64.b64decode(encoded.encode("ascii"), validate=True)
            cursor = super().decode_cursor(request)
        except (NotFound, ValueError, UnicodeError) as exc:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from exc
        if cursor is not None and cursor.position is not None:
            self._check_position(str(cursor.position))
        return cursor

    def _check_position(self, position: str) -> None:
        """The position must be a value the first ordering field can hold."""
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field(name)
        except FieldDoesNotExist:
            return
        try:
            if "\x00" in position:
                raise ValueError("NUL")
            value = field.to_python(position)
            if isinstance(value, int) and not -INT64_MAX - 1 <= value <= INT64_MAX:
                raise ValueError("out of range")
            if isinstance(value, Decimal) and not (
                value.is_finite() and abs(value) < MAX_FILTER_NUMBER * 10**6
            ):
                raise ValueError("out of range")
            if isinstance(value, float) and not abs(value) < float(MAX_FILTER_NUMBER):
                raise ValueError("out of range")
        except (DjangoValidationError, ValueError, TypeError, InvalidOperation, OverflowError) as exc:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from exc


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


class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter is untyped
    """A row id: a whole number from 1 to the bigint maximum, else a 400 naming the parameter."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(*args, **kwargs)


class BoundedNumberFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """A decimal within +-MAX_FILTER_NUMBER and 12 places, else a 400 naming the parameter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -MAX_FILTER_NUMBER)
        kwargs.setdefault("max_value", MAX_FILTER_NUMBER)
        kwargs.setdefault("max_digits", 24)
        kwargs.setdefault("decimal_places", 12)
        super().__init__(*args, **kwargs)


class TextFilter(django_filters.CharFilter):  # type: ignore[misc]  # django-filter is untyped
    """Free text up to MAX_QUERY_TEXT characters, else a 400 naming the parameter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_TEXT)
        super().__init__(*args, **kwargs)


class StrictBooleanFilter(django_filters.TypedChoiceFilter):  # type: ignore[misc]  # untyped
    """true/false (or 1/0), else a 400 naming the parameter: django-filter's BooleanFilter
    silently ignores any other value, so a typo would list everything."""

    TRUE = ("true", "True", "1")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [(v, v) for v in ("true", "false", "True", "False", "1", "0")])
        kwargs.setdefault("coerce", lambda value: value in self.TRUE)
        super().__init__(*args, **kwargs)


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


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its script served from ?script= (no inline script).

    Swagger UI writes style attributes from its own script, so this one page allows inline
    styles; scripts stay 'self' only, like every other page (settings.CONTENT_SECURITY_POLICY).
    """

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response
