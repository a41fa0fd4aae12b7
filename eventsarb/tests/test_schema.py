"""The OpenAPI schema: generated without warnings, valid OpenAPI 3, every API route documented."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from eventsarb import api_urls

DOC_ROUTES = {"schema/", "docs/"}


def _route_to_openapi(route: str) -> str:
    """Django's "pairs/<int:pair_id>/" as OpenAPI's "/api/pairs/{pair_id}/"."""
    parts = []
    for part in route.split("/"):
        if part.startswith("<"):
            part = "{" + part.strip("<>").split(":")[-1] + "}"
        parts.append(part)
    return "/api/" + "/".join(parts)


def test_schema_validates_and_lists_every_endpoint():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    expected = {
        _route_to_openapi(str(p.pattern)) for p in api_urls.urlpatterns
        if str(p.pattern) not in DOC_ROUTES and p.name != "api-not-found"
    }
    assert expected <= set(schema["paths"])
    for path in expected:
        for operation in schema["paths"][path].values():
            assert operation.get("responses"), path


def test_schema_generation_has_no_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (unresolvable serializer, enum name
    # collision, ...) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


@pytest.mark.django_db
def test_schema_and_docs_are_served(client, plain_user):
    client.force_login(plain_user)
    assert client.get("/api/schema/").status_code == 200
    resp = client.get("/api/docs/")
    assert resp.status_code == 200
    assert b"swagger" in resp.content.lower()


@pytest.mark.django_db
def test_api_docs_use_local_assets_so_they_work_offline(client, plain_user):
    client.force_login(plain_user)
    body = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in body
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


@pytest.mark.django_db
def test_api_docs_page_has_no_inline_script(client, plain_user):
    client.force_login(plain_user)
    body = client.get("/api/docs/").content.decode()
    assert "<script>" not in body
    assert client.get("/api/docs/?script=").status_code == 200
