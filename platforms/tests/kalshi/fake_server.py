"""A fake Kalshi Trade API v2 on 127.0.0.1, for client tests and fault injection.

It serves the endpoints KalshiPlatform uses, verifies the RSA-PSS signature of every
/portfolio request with the public key it is given (401 when it does not verify), keeps orders,
fills and positions in memory, and can be scripted to fail. Start it as a context manager or
with start()/stop(); the `fake_kalshi` fixture in conftest.py does that for you.

Scripting API (all thread-safe; state is plain attributes you may set directly):

    fake = FakeKalshi(public_key=key.public_key())   # public_key=None: no signature checks
    fake = FakeKalshi.with_sample_catalog(public_key=...)  # 1 series, 2 events, 6 markets
                                                      # (see sample_catalog), a book for each
    with fake:                                        # or fake.start() ... fake.stop()
        fake.base_url                # "http://127.0.0.1:<port>/trade-api/v2" (KALSHI_BASE_URL)
        fake.markets / fake.events / fake.series      # lists of Kalshi objects, served paged
        fake.historical_markets      # markets only GET /historical/markets serves
        fake.books[ticker] = {"yes_dollars": [...], "no_dollars": [...]}   # orderbook_fp
        fake.page_size = 2           # cap every page (forces paging); None = honour `limit`
        fake.balance_dollars = Decimal("100")

        fake.fail("/markets", status=503, times=2)   # next 2 GET /markets answer 503
        fake.fail("/markets", status=429)            # body {"error": "too many requests"}
        fake.fail("/markets", mode="garbage")        # 200 with a non-JSON body
        fake.fail("/markets", mode="json", body={"markets": "x"})   # 200 with this JSON
        fake.fail("/portfolio/events/orders", method="POST", mode="hang", process=True)
            # the order IS placed, then the reply is held back until the client times out
        fake.fail("/portfolio/events/orders", method="POST", mode="drop")
            # the connection is closed without a reply (and, process=False, nothing placed)
        fake.fail("/portfolio/events/orders", method="POST", status=400,
                  body={"error": {"code": "invalid_price", "message": "invalid price"}})

        fake.script_fill(Decimal("4"))  # the next order fills 4 contracts (default: an
                                        # IOC/FOK order fills fully, a GTC order rests)
        fake.script_fill(Decimal("4"), rest=True)   # ... and its remainder rests, whatever
                                        # its time in force (an answer the caller must cancel)
        fake.requests                # RecordedRequest(method, path, query, headers, body,
                                     # signature_ok) for every request, in order
        fake.orders / fake.fills     # what the venue holds (Kalshi Order / Fill objects)

A fault matches when the request path (without /trade-api/v2) starts with its `path` and, if
given, the method is equal. Faults are consumed in the order they were added.

To point the registry's client at it: settings KALSHI_BASE_URL = fake.base_url (plus
KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PEM of a key pair made in the test), then
platforms.registry.reset_platforms().
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_CEILING, Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from pricing.fees import kalshi_fee

PREFIX = "/trade-api/v2"
FIXTURES = Path(__file__).parent / "fixtures"
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
_TIFS = {"immediate_or_cancel", "fill_or_kill", "good_till_canceled"}
_STPS = {"taker_at_cross", "maker"}


def load_fixture(name: str) -> Any:
    """A recorded payload from fixtures/ (a fresh copy on every call)."""
    return json.loads((FIXTURES / name).read_text())


def sample_catalog(n_markets: int = 5) -> dict[str, list[dict[str, Any]]]:
    """A small catalog built from the recorded samples: series KXHIGHNY; event
    KXHIGHNY-24JAN01 with n binary markets KXHIGHNY-24JAN01-T60-<i> (yes_sub_title
    "Bucket <i>"); event KXHIGHNY-24JAN02 (fee overrides quadratic_with_maker_fees x 0.5) with
    one market KXHIGHNY-24JAN02-T50."""
    series = load_fixture("series.json")["series"]
    event = load_fixture("event.json")["event"]
    event.pop("markets")
    base = load_fixture("market.json")["market"]
    markets = [base | {"ticker": f"{base['ticker']}-{i}", "yes_sub_title": f"Bucket {i}"}
               for i in range(n_markets)]
    other_event = event | {"event_ticker": "KXHIGHNY-24JAN02", "title": "NYC high on Jan 2?",
                           "fee_type_override": "quadratic_with_maker_fees",
                           "fee_multiplier_override": 0.5}
    markets.append(base | {"ticker": "KXHIGHNY-24JAN02-T50", "event_ticker": "KXHIGHNY-24JAN02"})
    return {"series": [series], "events": [event, other_event], "markets": markets}


@dataclass
class RecordedRequest:
    method: str
    path: str  # without the /trade-api/v2 prefix and without the query
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    signature_ok: bool | None  # None: not a signed endpoint (or no public key configured)


@dataclass
class Fault:
    path: str
    method: str | None
    mode: str  # status | garbage | json | hang | drop
    status: int
    body: Any
    times: int
    process: bool  # handle the request normally first (e.g. place the order), then misbehave
    hang_s: float


@dataclass
class _FillPlan:
    count: Decimal | None  # None: fill everything
    rest: bool = False  # the unfilled remainder rests on the book


def _error(code: str, message: str) -> dict[str, Any]:
    # The wrapped form Kalshi sends on the wire (NOTES §6).
    return {"error": {"code": code, "message": message}}


def _money(value: Decimal, places: int = 4) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places)):.{places}f}"


def _count(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def _now() -> datetime:
    return datetime.now(tz=UTC)


@dataclass
class FakeKalshi:
    public_key: rsa.RSAPublicKey | None = None
    markets: list[dict[str, Any]] = field(default_factory=list)
    # Markets archived past the historical cutoff: only GET /historical/markets serves them.
    historical_markets: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    books: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_size: int | None = None
    balance_dollars: Decimal = Decimal("1000.0000")
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    fills: list[dict[str, Any]] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._faults: list[Fault] = []
        self._fill_plans: deque[_FillPlan] = deque()
        self._lock = threading.RLock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def with_sample_catalog(cls, *, public_key: rsa.RSAPublicKey | None = None) -> FakeKalshi:
        """A fake serving sample_catalog(), each market with the recorded orderbook.json book."""
        fake = cls(public_key=public_key, **sample_catalog())
        book = load_fixture("orderbook.json")["orderbook_fp"]
        fake.books = {m["ticker"]: book for m in fake.markets}
        return fake

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> FakeKalshi:
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let any held-back ("hang") replies go
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeKalshi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    # --- scripting --------------------------------------------------------------------------
    def fail(
        self, path: str, *, status: int = 500, mode: str = "status", body: Any = None,
        times: int = 1, method: str | None = None, process: bool = False, hang_s: float = 5.0,
    ) -> None:
        """Make the next `times` matching requests misbehave (see the module docstring)."""
        if mode not in {"status", "garbage", "json", "hang", "drop"}:
            raise ValueError(f"unknown fault mode {mode!r}")
        with self._lock:
            self._faults.append(Fault(path, method, mode, status, body, times, process, hang_s))

    def script_fill(self, count: Decimal | None = None, *, rest: bool = False) -> None:
        """The next order fills `count` contracts (None: all of it), whatever its type; with
        `rest` its remainder rests until cancelled."""
        with self._lock:
            self._fill_plans.append(_FillPlan(count, rest))

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests
                    if r.path == path and (method is None or r.method == method)]

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path) and fault.method in (None, method):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    # --- signature --------------------------------------------------------------------------
    def verify(self, method: str, full_path: str, headers: dict[str, str]) -> bool:
        if self.public_key is None:
            return True
        try:
            timestamp = headers["kalshi-access-timestamp"]
            signature = base64.b64decode(headers["kalshi-access-signature"], validate=True)
            if not headers.get("kalshi-access-key") or not timestamp.isdigit():
                return False
            self.public_key.verify(signature, f"{timestamp}{method}{full_path}".encode(), _PSS,
                                   hashes.SHA256())
        except (KeyError, ValueError, InvalidSignature):
            return False
        return True

    # --- the venue --------------------------------------------------------------------------
    def route(self, method: str, path: str, query: dict[str, list[str]],
              body: Any) -> tuple[int, Any]:
        """Handle one request; returns (status, JSON body)."""
        with self._lock:
            if method == "GET":
                return self._get(path, query)
            if method == "POST" and path == "/portfolio/events/orders":
                return self._create(body)
            if method == "DELETE" and path.startswith("/portfolio/events/orders/"):
                return self._cancel(unquote(path.rsplit("/", 1)[1]))
        return 404, _error("not_found", f"no route {method} {path}")

    def _page(self, rows: list[dict[str, Any]], key: str, query: dict[str, list[str]],
              default_limit: int) -> tuple[int, Any]:
        limit = int(query.get("limit", [default_limit])[0])
        if self.page_size:
            limit = min(limit, self.page_size)
        start = int(query.get("cursor", ["0"])[0] or 0)
        chunk = rows[start:start + limit]
        following = start + limit
        return 200, {key: chunk, "cursor": str(following) if following < len(rows) else ""}

    def _get(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        one = {k: v[0] for k, v in query.items()}
        if path in ("/markets", "/historical/markets"):
            rows = self.markets if path == "/markets" else self.historical_markets
            if "tickers" in one:
                wanted = set(one["tickers"].split(","))
                rows = [m for m in rows if isinstance(m, dict) and m.get("ticker") in wanted]
            if one.get("status") == "open":
                # Non-objects stay in: a test may serve garbage rows on purpose.
                rows = [m for m in rows if not isinstance(m, dict) or m.get("status") == "active"]
            if one.get("mve_filter") == "exclude":
                rows = [m for m in rows
                        if not isinstance(m, dict) or not str(m.get("ticker")).startswith("KXMVE")]
            return self._page(rows, "markets", query, 100)
        if path == "/events":
            return self._page(self.events, "events", query, 200)
        if path == "/series":
            return 200, {"series": self.series}
        if path.startswith("/events/"):
            return self._one(self.events, "event_ticker", unquote(path.split("/")[2]), "event")
        if path.startswith("/series/"):
            return self._one(self.series, "ticker", unquote(path.split("/")[2]), "series")
        if path == "/markets/orderbooks":
            tickers = query.get("tickers", [])
            if not 1 <= len(tickers) <= 100:
                return 400, _error("invalid_parameters", "1-100 tickers")
            return 200, {"orderbooks": [{"ticker": t, "orderbook_fp": self.books[t]}
                                        for t in tickers if t in self.books]}
        if path.startswith("/markets/") and path.endswith("/orderbook"):
            ticker = unquote(path.split("/")[2])
            if ticker not in self.books:
                return 404, _error("not_found", "market not found")
            return 200, {"orderbook_fp": self.books[ticker]}
        if path == "/portfolio/balance":
            return 200, {"balance": int(self.balance_dollars * 100),
                         "balance_dollars": _money(self.balance_dollars), "portfolio_value": 0,
                         "updated_ts": int(_now().timestamp())}
        if path == "/portfolio/orders":
            rows = list(self.orders.values())
            if "ticker" in one:
                rows = [o for o in rows if o["ticker"] == one["ticker"]]
            return self._page(rows, "orders", query, 100)
        if path.startswith("/portfolio/orders/"):
            order = self.orders.get(unquote(path.rsplit("/", 1)[1]))
            if order is None:
                return 404, _error("not_found", "order not found")
            return 200, {"order": order}
        if path == "/portfolio/fills":
            rows = self.fills
            if "min_ts" in one:
                rows = [f for f in rows if f["ts"] >= int(one["min_ts"])]
            return self._page(rows, "fills", query, 100)
        if path == "/portfolio/positions":
            return self._page(self._positions(), "market_positions", query, 100)
        return 404, _error("not_found", f"no route GET {path}")

    @staticmethod
    def _one(rows: list[dict[str, Any]], key: str, value: str, wrap: str) -> tuple[int, Any]:
        for row in rows:
            if row.get(key) == value:
                return 200, {wrap: row}
        return 404, _error("not_found", f"{wrap} not found")

    def _positions(self) -> list[dict[str, Any]]:
        held: dict[str, Decimal] = {}
        for fill in self.fills:
            signed = Decimal(fill["count_fp"]) * (1 if fill["book_side"] == "bid" else -1)
            held[fill["ticker"]] = held.get(fill["ticker"], Decimal(0)) + signed
        return [{"ticker": t, "position_fp": _count(n), "market_exposure_dollars": "0.0000",
                 "realized_pnl_dollars": "0.0000", "fees_paid_dollars": "0.0000"}
                for t, n in held.items() if n]

    def _create(self, body: Any) -> tuple[int, Any]:
        required = ("ticker", "side", "count", "price", "time_in_force",
                    "self_trade_prevention_type")
        if not isinstance(body, dict) or any(k not in body for k in required):
            return 400, _error("invalid_parameters", "missing required fields")
        try:
            yes_price, count = Decimal(body["price"]), Decimal(body["count"])
        except (ArithmeticError, TypeError, ValueError):
            return 400, _error("invalid_parameters", "price and count are fixed-point strings")
        if (body["side"] not in ("bid", "ask") or body["time_in_force"] not in _TIFS
                or body["self_trade_prevention_type"] not in _STPS):
            return 400, _error("invalid_parameters", "bad side, time_in_force or stp")
        if not Decimal(0) < yes_price < 1:
            return 400, _error("invalid_price", "invalid price")
        if count <= 0:
            return 400, _error("invalid_order_size", "invalid order size")
        client_id = body.get("client_order_id") or ""
        if client_id and any(o["client_order_id"] == client_id for o in self.orders.values()):
            return 409, _error("order_already_exists", "client_order_id already used")
        plan = self._fill_plans.popleft() if self._fill_plans else None
        immediate = body["time_in_force"] != "good_till_canceled"
        if plan is not None:
            filled = count if plan.count is None else min(plan.count, count)
        else:
            filled = count if immediate else Decimal(0)
        if body["time_in_force"] == "fill_or_kill" and filled < count:
            filled = Decimal(0)
        rest = Decimal(0) if immediate and not (plan and plan.rest) else count - filled
        side_price = yes_price if body["side"] == "bid" else 1 - yes_price
        fee = kalshi_fee(price=yes_price, size=filled) if filled else Decimal(0)
        now = _now()
        order_id = str(uuid.uuid4())
        self.orders[order_id] = {
            "order_id": order_id, "user_id": "fake-user", "client_order_id": client_id,
            "ticker": body["ticker"], "outcome_side": "yes" if body["side"] == "bid" else "no",
            "book_side": body["side"], "type": "limit",
            "status": "resting" if rest > 0 else ("executed" if filled == count else "canceled"),
            "yes_price_dollars": _money(yes_price), "no_price_dollars": _money(1 - yes_price),
            "fill_count_fp": _count(filled), "remaining_count_fp": _count(rest),
            "initial_count_fp": _count(count),
            "taker_fill_cost_dollars": _money(side_price * filled),
            "maker_fill_cost_dollars": "0.0000", "taker_fees_dollars": _money(fee),
            "maker_fees_dollars": "0.0000", "expiration_time": None,
            "created_time": now.isoformat().replace("+00:00", "Z"),
            "last_update_time": now.isoformat().replace("+00:00", "Z"),
            "self_trade_prevention_type": body["self_trade_prevention_type"],
            "order_group_id": None, "cancel_order_on_pause": False, "subaccount_number": 0,
            "exchange_index": 0,
        }
        self.balance_dollars -= side_price * filled + fee
        reply: dict[str, Any] = {"order_id": order_id, "client_order_id": client_id,
                                 "fill_count": _count(filled), "remaining_count": _count(rest),
                                 "ts_ms": int(now.timestamp() * 1000)}
        if filled:
            self.fills.append({
                "fill_id": str(uuid.uuid4()), "trade_id": str(uuid.uuid4()),
                "order_id": order_id, "ticker": body["ticker"],
                "outcome_side": "yes" if body["side"] == "bid" else "no",
                "book_side": body["side"], "count_fp": _count(filled),
                "yes_price_dollars": _money(yes_price), "no_price_dollars": _money(1 - yes_price),
                "is_taker": True, "fee_cost": _money(fee),
                "created_time": now.isoformat().replace("+00:00", "Z"),
                "ts": int(now.timestamp()), "exchange_index": 0,
            })
            reply["average_fill_price"] = _money(yes_price)
            # Per contract (our reading of the V2 response; see parse_create_response).
            reply["average_fee_paid"] = _money(
                (fee / filled).quantize(Decimal("0.000001"), rounding=ROUND_CEILING), 6)
        return 201, reply

    def _cancel(self, order_id: str) -> tuple[int, Any]:
        order = self.orders.get(order_id)
        if order is None:
            return 404, _error("not_found", "order not found")
        if order["status"] != "resting":
            return 400, _error("order_not_cancelable", "order is not resting")
        reduced = order["remaining_count_fp"]
        order.update(status="canceled", remaining_count_fp="0.00")
        return 200, {"order_id": order_id, "client_order_id": order["client_order_id"],
                     "reduced_by": reduced, "ts_ms": int(_now().timestamp() * 1000)}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeKalshi
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        """Quiet: tests read fake.requests instead."""

    def do_GET(self) -> None:  # noqa: N802 (stdlib naming)
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        fake = self.fake
        url = urlparse(self.path)
        full_path = url.path
        path = full_path[len(PREFIX):] if full_path.startswith(PREFIX) else full_path
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw_body) if raw_body else None
        except ValueError:
            body = raw_body.decode(errors="replace")
        headers = {k.lower(): v for k, v in self.headers.items()}
        # /portfolio must be signed; the batch book endpoint (secured in the OpenAPI, public in
        # the guides) is checked whenever a signature is sent.
        signed = fake.public_key is not None and (
            path.startswith("/portfolio")
            or (path == "/markets/orderbooks" and "kalshi-access-signature" in headers)
        )
        signature_ok = fake.verify(method, full_path, headers) if signed else None
        with fake._lock:
            fake.requests.append(RecordedRequest(method, path, query, headers, body, signature_ok))
        fault = fake.take_fault(method, path)
        if signature_ok is False:
            self._reply(401, _error("authentication_error", "bad signature"))
            return
        if fault is None or fault.process:
            status, reply = fake.route(method, path, query, body)
        if fault is None:
            self._reply(status, reply)
        elif fault.mode == "hang":
            fake._release.wait(fault.hang_s)
            self.close_connection = True
        elif fault.mode == "drop":
            self.close_connection = True
        elif fault.mode == "garbage":
            self._reply(200, None, raw=b"<html>502 upstream hiccup</html>")
        elif fault.mode == "json":
            self._reply(200, fault.body)
        else:
            default = ({"error": "too many requests"} if fault.status == 429
                       else _error("internal", "internal server error"))
            self._reply(fault.status, fault.body if fault.body is not None else default)

    def _reply(self, status: int, body: Any, *, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
