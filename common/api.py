"""DRF glue: one stable JSON error shape for every API error."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ApplicationError


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
