"""Hostile input on every route, for every role: no 500, no write without the permission, no
data for anonymous, and a 400 on the API names the parameter that caused it.

The walker takes the routes from the URL conf itself (the API, the dashboard, the admin, the
login pages) and each API operation's query parameters and request body from the OpenAPI
schema (drf-spectacular's SchemaGenerator), so a new route or parameter is fuzzed without
editing this file. Hostile values: forged cursors, huge and negative integers, unicode, NUL,
long strings, wrong JSON types, unknown ordering fields, path ids out of range. Sampling is
seeded (SEED), so a run is repeatable; the totals are printed (pytest -s shows them).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, update_last_login
from django.contrib.auth.signals import user_logged_in
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from arbitrage.models import BasketOpportunity, Opportunity
from arbitrage.tests import factories
from markets.models import Market, OrderBook
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember
from trading.models import ArbAttempt, Fill, Order

pytestmark = pytest.mark.django_db

SEED = 17
ROLES = ["anonymous", "viewer", "staff_no_perms", "reviewer", "superuser"]
# Values tried per parameter per role, drawn (seeded) from the pools below; every role draws
# its own sample, so the roles together cover most of each pool.
PER_PARAM = 3
MARKER = "FUZZ-SECRET-7f3a"
INT64_MAX = 2**63 - 1
WRITE_METHODS = ("post", "put", "patch", "delete")


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


HOSTILE_STRINGS = [
    "", " ", "x" * 5000, "\x00", "a\x00b", "\r\nSet-Cookie: x=1", "' OR 1=1 --", '"; DROP TABLE x;--',
    "<script>alert(1)</script>", "javascript:alert(1)", "💥" * 40, "\u202eevil", "Ω≈ç√∫",
    "../../etc/passwd", "%00", "%2e%2e%2f", "null", "true", "[]", "{}", "1e999999", "-1e999999",
    "NaN", "Infinity", "-1", "0", "1.5", str(2**31), str(INT64_MAX), str(2**63), str(2**64),
    str(-(2**63) - 1), "9" * 40, "0x10", "9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+14:00",
    "2026-13-45", "1970-01-01T00:00:00Z",
]
HOSTILE_CURSORS = [
    _cursor("p=x"), _cursor("o=99999999999&p=x"), _cursor("r=1&p="), _cursor(f"p={2**64}"),
    _cursor("p=9999-99-99"), _cursor("p=1e999999"), _cursor("o=-5"), _cursor("p=\x00"),
    _cursor("p=NaN"), "!!!", "cD14", "%%%", _cursor("o=1&r=2&p=" + "9" * 400),
]
HOSTILE_ORDERING = ["nope", "-nope", "id,nope", "__class__", "-", ",", "id," * 50, "password"]
HOSTILE_JSON: list[Any] = [
    None, 0, -1, 2**64, -(2**63) - 1, 1.5, 1e308, True, [], {}, [1, 2], {"a": {"b": []}},
    "", "x" * 100_000, "\x00", "💥" * 1000, "<script>alert(1)</script>", "line\nforged log line",
]
HOSTILE_PATH_INTS = ["0", str(2**31), str(INT64_MAX), str(2**63), str(2**64), "9" * 40]
HOSTILE_PATH_STRS = ["abc", "-1", str(2**64), "x" * 300, "%E2%80%AE", "..%2F..%2F", "💥"]
GENERIC_QUERY = ["page", "q", "status", "relation", "platform", "next", "o", "p", "e", "_to_field"]
GENERIC_FORM = ["decision", "relation", "orientation", "reason", "enabled", "username", "password",
                "action", "_selected_action", "name", "status"]
PUBLIC_ROUTES = {"healthz", "login", "logout", "admin:login", "admin:logout", "api-not-found",
                 "admin:jsi18n"}
# Apps whose rows only the write routes may change, plus the users and their permissions.
WATCHED_APPS = {"platforms", "markets", "similarity", "arbitrage", "trading", "auth", "admin"}


@dataclass
class Route:
    name: str
    segments: list[tuple[str, Any]]  # ("route" | "regex", pattern object)
    callback: Any
    api_path: str | None = None  # the OpenAPI path, for API routes
    query: list[str] = field(default_factory=list)
    body: dict[str, Any] = field(default_factory=dict)
    write_methods: list[str] = field(default_factory=list)


def _walk(patterns: list[Any], segments: list[tuple[str, Any]], namespace: str) -> list[Route]:
    routes = []
    for p in patterns:
        kind = "regex" if p.pattern.__class__.__name__ == "RegexPattern" else "route"
        here = [*segments, (kind, p.pattern)]
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            routes += _walk(p.url_patterns, here, ns)
        elif isinstance(p, URLPattern):
            routes.append(Route(name=f"{namespace}{p.name or p.lookup_str}", segments=here, callback=p.callback))
    return routes


def _sample_regex(regex: str, values: dict[str, str]) -> str:
    """A path matching one URL regex segment, each named group filled from `values`."""

    def group(m: re.Match[str]) -> str:
        name, body = m.group(1), m.group(2)
        if name in values:
            return values[name]
        if re.fullmatch(r"[\w|]+", body):  # an alternation of literals: take the first
            return body.split("|")[0]
        return "1"

    text = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, regex)
    text = text.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\.\*|\.\+", "x/", text) if text != ".*/" else "nowhere/"
    return text.replace("\\", "")


def _path(route: Route, values: dict[str, str]) -> str:
    out = ""
    for kind, pattern in route.segments:
        if kind == "route":
            out += re.sub(
                r"<(?:(\w+):)?(\w+)>", lambda m: values.get(m.group(2), "1"), str(pattern)
            )
        else:
            out += _sample_regex(str(pattern.regex.pattern), values)
    return "/" + out


def _path_params(route: Route) -> list[tuple[str, str]]:
    params = []
    for kind, pattern in route.segments:
        if kind == "route":
            params += [(m.group(2), m.group(1) or "str") for m in re.finditer(r"<(?:(\w+):)?(\w+)>", str(pattern))]
        else:
            params += [(n, "str") for n in re.findall(r"\(\?P<(\w+)>", str(pattern.regex.pattern))]
    return params


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return _example(components[schema["$ref"].split("/")[-1]], components)
    if "allOf" in schema:
        return _example(schema["allOf"][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {k: _example(v, components) for k, v in schema.get("properties", {}).items()
                if not v.get("readOnly")}
    return {"boolean": True, "integer": 1, "number": 1, "array": []}.get(kind, "ok")


def _schema_routes(routes: list[Route]) -> None:
    """Fill each API route's query parameters and request body from the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for route in routes:
        if not route.name.startswith("api-"):
            continue
        template = "/" + "".join(
            re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p)) for kind, p in route.segments
            if kind == "route"
        )
        openapi = template if template in schema["paths"] else None
        route.api_path = openapi
        if openapi is None:
            continue
        for method, op in schema["paths"][openapi].items():
            route.query += [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
            if method in {"post", "put", "patch", "delete"}:
                route.write_methods.append(method)
                content = op.get("requestBody", {}).get("content", {})
                if "application/json" in content:
                    route.body = _example(content["application/json"]["schema"], components)


@functools.cache
def _routes() -> list[Route]:
    routes = _walk(get_resolver().url_patterns, [], "")
    _schema_routes(routes)
    # Deleting views last, so a superuser's hostile delete cannot empty the data before the rest.
    return sorted(routes, key=lambda r: (r.name.endswith("_delete"), r.name))


def _family(route: Route) -> str:
    if route.name.startswith("api-"):
        return "api"
    if route.name.startswith("admin:"):
        return "admin"
    return "pages"


def _fingerprint(skip_tables: set[str]) -> str:
    """One hash over every watched table's rows (sessions and caches aside)."""
    tables = sorted(
        m._meta.db_table for m in apps.get_models()
        if m._meta.app_label in WATCHED_APPS and not m._meta.proxy and m._meta.managed
        and m._meta.db_table not in skip_tables
    )
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{table}" t')  # noqa: S608
            digest.update(f"{table}:{cursor.fetchone()[0]};".encode())
    return digest.hexdigest()


def _data() -> dict[str, str]:
    """A little of everything, with a marker in the text anonymous users must never see."""
    a = factories.market("test_kalshi", "K-FUZZ", rules_text=f"Resolves YES if {MARKER}.")
    b = factories.market("test_polymarket", "P-FUZZ")
    Market.objects.filter(pk=a.pk).update(title=f"Fed cut {MARKER}")
    pair = MarketPair.objects.create(market_a=a, market_b=b, similarity=0.9, reason=MARKER)
    now = timezone.now()
    book = OrderBook.objects.create(
        market=a, captured_at=now, yes_bids=[["0.4", "10"]], yes_asks=[["0.45", "10"]], content_hash="x"
    )
    opp = Opportunity.objects.create(
        pair=pair, direction="yes_a_no_b", size=Decimal(10), outcome_a="yes", outcome_b="no",
        limit_price_a=Decimal("0.4"), limit_price_b=Decimal("0.5"), cost_a=Decimal(4),
        cost_b=Decimal(5), fee_a=Decimal("0.1"), fee_b=Decimal("0.1"), payout=Decimal(10),
        net_profit=Decimal("0.8"), return_on_capital=Decimal("0.08"), annualised_return=Decimal("1"),
        capital_a=Decimal(4), capital_b=Decimal(5), first_seen=now, last_seen=now,
        peak_net_profit=Decimal("0.8"),
    )
    attempt = ArbAttempt.objects.create(
        uid="fuzz1", pair=pair, opportunity=opp, direction="yes_a_no_b", mode="paper", leg1="a",
        planned_size=Decimal(10), expected_net_profit=Decimal("0.8"), reason=MARKER,
    )
    order = Order.objects.create(
        attempt=attempt, leg="a", role=Order.Role.LEG1, mode="paper", platform_slug="test_kalshi",
        market=a, outcome="yes", action="buy", limit_price=Decimal("0.4"), size=Decimal(10),
        client_order_id="cid-fuzz1",
    )
    Fill.objects.create(order=order, venue_fill_id="f1", price=Decimal("0.4"), size=Decimal(10),
                        fee=Decimal("0.1"), ts=now)
    outcome_set = factories.outcome_set([a, b], exhaustive=True, key=f"fuzz:{MARKER}")
    basket = BasketOpportunity.objects.create(
        basket_key=f"set:{outcome_set.pk}:yes", kind="set_yes", outcome_set=outcome_set,
        size=Decimal(10), payout_per_unit=Decimal(1), payout=Decimal(10), cost=Decimal(9),
        fees=Decimal("0.2"), net_profit=Decimal("0.8"), return_on_capital=Decimal("0.08"),
        legs=[{"market_id": a.pk, "side": "yes", "venue": "test_kalshi", "outcome": "x",
               "limit_price": "0.4", "cost": "4", "fee": "0.1"}],
        first_seen=now, last_seen=now, peak_net_profit=Decimal("0.8"),
    )
    return {
        "pair_id": str(pair.pk), "market_id": str(a.pk), "opportunity_id": str(opp.pk),
        "object_id": str(pair.pk), "pk": str(pair.pk), "book_id": str(book.pk),
        "set_id": str(outcome_set.pk), "basket_id": str(basket.pk),
    }


def _user(role: str) -> Any:
    if role == "anonymous":
        return None
    model = get_user_model()
    if role == "superuser":
        return model.objects.create_user(username=role, password="pw", is_staff=True, is_superuser=True)
    user = model.objects.create_user(username=role, password="pw", is_staff=role != "viewer")
    if role == "reviewer":
        user.user_permissions.add(*Permission.objects.filter(
            content_type__app_label="similarity", codename__in=["review_marketpair", "view_marketpair"]
        ))
    return user


@dataclass
class Tally:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _check(resp: Any, method: str, path: str, role: str, route: Route, param: str | None, tally: Tally) -> None:
    tally.requests += 1
    where = f"{role} {method.upper()} {path[:120]} {route.name} [{param}]"
    if resp.status_code >= 500:
        exc = getattr(resp, "exc_info", None)
        tally.errors.append(f"{resp.status_code} {where}: {exc[1]!r}"[:300] if exc else f"{resp.status_code} {where}")
        return
    body = resp.content.decode(errors="replace")
    if role == "anonymous":
        if MARKER in body:
            tally.failures.append(f"anonymous saw data: {where}")
        if resp.status_code < 300 and route.name not in PUBLIC_ROUTES:
            tally.failures.append(f"anonymous got {resp.status_code}: {where}")
    if path.startswith("/api/") and resp.status_code == 400 and route.api_path:
        try:
            error = json.loads(body)["error"]
            assert {"code", "message", "fields"} <= set(error)
        except (ValueError, KeyError, TypeError, AssertionError):
            tally.failures.append(f"400 not in the error shape: {where}: {body[:200]}")
            return
        if param and method == "get" and param not in error["fields"]:
            tally.failures.append(f"400 does not name {param}: {where}: {body[:200]}")


def _send(client: Client, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
    """One request in a savepoint, so a failed query cannot abort the rest of the walk."""
    sid = transaction.savepoint()
    resp = getattr(client, method)(path, *args, **kwargs)
    if resp.status_code >= 500:
        transaction.savepoint_rollback(sid)
    else:
        transaction.savepoint_commit(sid)
    return resp


def _login(client: Client, user: Any) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def _walk_role(role: str, family: str, record_property: Any) -> None:
    # Logging the test client back in after a logout route would stamp last_login.
    # Thousands of 4xx would each log a warning (and the 500s a traceback, kept in the tally).
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    quiet = [logging.getLogger(name) for name in ("django.request", "django.security", "django.server")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        _walk_routes_as(role, family, record_property)
    finally:
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


def _walk_routes_as(role: str, family: str, record_property: Any) -> None:
    ids = _data()
    user = _user(role)
    rng = random.Random(f"{SEED}:{role}:{family}")  # noqa: S311 - repeatable sampling, not security
    client = Client(raise_request_exception=False)
    _login(client, user)
    tally = Tally()
    routes = [r for r in _routes() if _family(r) == family]
    # What each role may change: a reviewer the pairs, a superuser anything.
    skip_tables = {"django_admin_log", "auth_user"} if role == "superuser" else set()
    # A reviewer's permission covers outcome sets too (approving one records its members' rules).
    reviewed = {m._meta.db_table for m in (MarketPair, OutcomeSet, OutcomeSetMember)}
    may_write = {"superuser": None, "reviewer": reviewed}.get(role, set())
    # The admin's ~120 routes are Django's own views over our models: fewer values each, drawn
    # afresh per route, keep the walk within about a minute.
    per_param, methods = (1, ("post",)) if family == "admin" else (PER_PARAM, WRITE_METHODS)
    for route in routes:
        before = _fingerprint(skip_tables | may_write) if may_write is not None else ""
        base = _path(route, ids)
        # Path parameters out of range or of the wrong kind.
        for name, conv in _path_params(route):
            pool = HOSTILE_PATH_INTS if conv == "int" else HOSTILE_PATH_STRS
            for value in rng.sample(pool, min(per_param + 1, len(pool))):
                path = _path(route, {**ids, name: value})
                _check(_send(client, "get", path), "get", path, role, route, None, tally)
        # Query parameters, one hostile value at a time.
        params = list(dict.fromkeys(
            route.query + (["cursor", "page_size", "ordering", "format"] if route.api_path else GENERIC_QUERY)
        ))
        if family == "admin":
            params = rng.sample(params, 4)
        for param in params:
            pool = {"cursor": HOSTILE_CURSORS, "ordering": HOSTILE_ORDERING}.get(param, HOSTILE_STRINGS)
            for value in rng.sample(pool, min(per_param, len(pool))):
                _check(_send(client, "get", base, {param: value}), "get", base, role, route, param, tally)
        # Write methods: JSON bodies with one hostile field, a broken body, hostile forms. A
        # read-only API route (no write operation in the schema) gets one of each per method.
        fields = list(route.body) or GENERIC_FORM
        read_only = route.api_path is not None and not route.write_methods
        if read_only or family == "admin":
            fields = rng.sample(fields, 1 if read_only else 2)
        elif family == "pages":
            fields = rng.sample(fields, 4)
        for method in methods:
            for name in fields:
                for value in rng.sample(HOSTILE_JSON, 1 if read_only or family == "admin" else 2):
                    body = {**route.body, name: value}
                    _check(_send(client, method, base, body, content_type="application/json"), method, base, role, route, None, tally)
            _check(_send(client, method, base, "{not json", content_type="application/json"), method, base, role, route, None, tally)
            if method == "post" and not read_only:
                for name in fields:
                    value = rng.choice(HOSTILE_STRINGS)
                    _check(_send(client, "post", base, {**{k: "ok" for k in fields}, name: value}), method, base, role, route, None, tally)
            if route.name in {"logout", "admin:logout"}:
                _login(client, user)
        if may_write is not None and _fingerprint(skip_tables | may_write) != before:
            tally.failures.append(f"{role} changed the database through {route.name}")
    # Shown at the end of the run by the root conftest's pytest_terminal_summary.
    record_property("fuzz", {
        "family": family, "role": role, "routes": len(routes), "requests": tally.requests,
        "500s": len(tally.errors), "failures": len(tally.failures),
    })
    assert tally.errors == [], "\n".join(tally.errors[:40])
    assert tally.failures == [], "\n".join(tally.failures[:40])


@pytest.mark.parametrize("family", ["api", "pages", "admin"])
@pytest.mark.parametrize("role", ROLES)
def test_hostile_input_on_every_route(role, family, record_property):
    _walk_role(role, family, record_property)


def test_the_walker_reaches_every_route_and_every_api_operation():
    routes = _routes()
    names = {r.name for r in routes}
    assert {"api-pairs", "api-pair-approve", "api-kill-switch-set", "dashboard:pair_review",
            "dashboard:kill_switch_toggle", "login", "admin:similarity_marketpair_review"} <= names
    api = [r for r in routes if r.name.startswith("api-") and r.name not in {"api-schema", "api-docs", "api-not-found"}]
    assert all(r.api_path for r in api), [r.name for r in api if not r.api_path]
    approve = next(r for r in routes if r.name == "api-pair-approve")
    assert set(approve.body) == {"relation", "orientation", "reason"}
    assert "cursor" in next(r for r in routes if r.name == "api-markets").query
