"""A fake Gamma + CLOB + Data API server on 127.0.0.1 for the Polymarket client tests.

It serves what a test loads into it (keyset pages, books, orders, trades, positions), checks the
L2 HMAC headers of every authenticated route with the secret it was given, records every request,
and injects faults per route from a queue: "429", "500", "502html" (a Cloudflare HTML page),
"garbage" (a 200 that is not JSON), "timeout" (answer after the client's timeout), "drop" (close
the connection without answering), "hang" (never answer: the client's timeout fires; nothing is
processed), "lost" (process the request, e.g. place the order, then never answer), "401" and
"403" (the venue refuses the credentials; nothing processed), "malformed" (a 200 JSON object of
the wrong shape). A fault path ending in "/" matches every path under it ("/data/order/").

With `state.clob` set (a fake_clob.FakeClob), orders, order lookups, trades and cancels are
decided by that matching engine, which enforces the venue's order rules; without it they come
from the scripted `order_responses` / `orders` / `trades_pages` / `cancel_response`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

AUTH_ROUTES = ("/order", "/data/", "/balance-allowance")
CLOUDFLARE_HTML = (
    "<!DOCTYPE html><html><head><title>502 Bad gateway</title></head>"
    "<body><h1>Bad gateway</h1><p>Cloudflare Ray ID: 8f00000000000000</p></body></html>"
)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: str
    auth_ok: bool | None = None


@dataclass
class FakeState:
    api_secret: str = ""
    api_key: str = ""
    # cursor (None for the first page) -> (markets, next_cursor)
    pages: dict[str | None, tuple[list[Any], str | None]] = field(default_factory=dict)
    books: dict[str, Any] = field(default_factory=dict)
    markets_by_token: dict[str, list[Any]] = field(default_factory=dict)
    # Gamma market objects looked up by condition id (GET /markets?condition_ids=..): like Gamma,
    # a closed one is served only when the query says closed=true.
    markets_by_condition: dict[str, Any] = field(default_factory=dict)
    order_responses: deque[tuple[int, Any]] = field(default_factory=deque)
    orders: dict[str, Any] = field(default_factory=dict)
    cancel_response: Any = None
    trades_pages: dict[str | None, tuple[list[Any], str]] = field(default_factory=dict)
    positions: list[Any] = field(default_factory=list)
    balance: Any = None
    faults: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    requests: list[Recorded] = field(default_factory=list)
    timeout_sleep_s: float = 1.0
    clob: Any = None  # a fake_clob.FakeClob: the venue's matching engine
    poly_address: str = ""  # if set, POLY_ADDRESS must equal it


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        pass

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        record = Recorded(method, url.path, parse_qs(url.query), dict(self.headers.items()), body)
        if url.path.startswith(AUTH_ROUTES):
            record.auth_ok = self._auth_ok(method, url.path, body)
        state.requests.append(record)
        queue = state.faults.get(url.path) or next(
            (q for prefix, q in state.faults.items()
             if q and prefix.endswith("/") and url.path.startswith(prefix)), None)
        if queue:
            fault = queue.popleft()
            if fault == "lost" and record.auth_ok is not False:
                # The venue does the work, then the answer never arrives.
                self._route(method, url.path, record.query, body)
                fault = "hang"
            if self._fault(fault):
                return
        if record.auth_ok is False:
            self._send(401, {"error": "Unauthorized/Invalid api key"})
            return
        status, payload = self._route(method, url.path, record.query, body)
        self._send(status, payload)

    def _auth_ok(self, method: str, path: str, body: str) -> bool:
        state = self.server.state
        h = self.headers
        if h.get("POLY_API_KEY") != state.api_key or not h.get("POLY_PASSPHRASE"):
            return False
        if not h.get("POLY_ADDRESS") or not h.get("POLY_TIMESTAMP"):
            return False
        if state.poly_address and h["POLY_ADDRESS"].lower() != state.poly_address.lower():
            return False
        key = base64.urlsafe_b64decode(state.api_secret + "=" * (-len(state.api_secret) % 4))
        message = f"{h['POLY_TIMESTAMP']}{method}{path}{body}".encode()
        expected = base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest())
        return hmac.compare_digest(expected.decode(), h.get("POLY_SIGNATURE", ""))

    def _fault(self, fault: str) -> bool:
        if fault == "429":
            self._send(429, {"error": "Too Many Requests"}, headers={"Retry-After": "0"})
        elif fault == "500":
            self._send(500, {"error": "internal error"})
        elif fault == "502html":
            self._send_raw(502, CLOUDFLARE_HTML.encode(), "text/html")
        elif fault == "garbage":
            self._send_raw(200, b"<html>not json</html>", "text/html")
        elif fault in ("401", "403"):
            self._send(int(fault), {"error": "Unauthorized/Invalid api key"})
        elif fault == "malformed":
            self._send(200, {"data": "not a list", "status": 7, "size_matched": []})
        elif fault == "timeout":
            time.sleep(self.server.state.timeout_sleep_s)  # the client gave up long ago
            self._send(200, {"late": True})
        elif fault == "drop":
            self.close_connection = True
            self.connection.close()
        elif fault == "hang":
            time.sleep(self.server.state.timeout_sleep_s)  # no answer: the client times out
            self.close_connection = True
            self.connection.close()
        else:
            return False
        return True

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: str
    ) -> tuple[int, Any]:
        state = self.server.state
        if method == "GET" and path == "/markets/keyset":
            if "offset" in query:
                return 422, {"error": "offset is not supported"}
            cursor = query.get("after_cursor", [None])[0]
            if cursor not in state.pages:
                return 400, {"error": "bad cursor"}
            markets, next_cursor = state.pages[cursor]
            payload: dict[str, Any] = {"markets": markets}
            if next_cursor is not None:
                payload["next_cursor"] = next_cursor
            return 200, payload
        if method == "GET" and path == "/markets" and "condition_ids" in query:
            closed = query.get("closed", ["false"])[0] == "true"
            found = [state.markets_by_condition[c] for c in query["condition_ids"]
                     if c in state.markets_by_condition]
            return 200, [m for m in found if (m.get("closed") is True) == closed]
        if method == "GET" and path == "/markets":
            token = query.get("clob_token_ids", [""])[0]
            return 200, state.markets_by_token.get(token, [])
        if method == "POST" and path == "/books":
            items = json.loads(body)
            if len(items) > 500:
                return 400, {"error": "Payload exceeds the limit"}
            return 200, [state.books[i["token_id"]] for i in items if i["token_id"] in state.books]
        if method == "GET" and path == "/book":
            token = query.get("token_id", [""])[0]
            if token not in state.books:
                return 404, {"error": "No orderbook exists for the requested token id"}
            return 200, state.books[token]
        clob = state.clob
        if clob is not None:
            if method == "POST" and path == "/order":
                return clob.post_order(json.loads(body) if body else None)
            if method == "DELETE" and path == "/order":
                return clob.cancel(json.loads(body) if body else None)
            if method == "GET" and path.startswith("/data/order/"):
                return clob.get_order(path.rsplit("/", 1)[1])
            if method == "GET" and path == "/data/trades":
                return clob.trades_page(query)
        if method == "POST" and path == "/order":
            return state.order_responses.popleft()
        if method == "DELETE" and path == "/order":
            return 200, state.cancel_response
        if method == "GET" and path.startswith("/data/order/"):
            order_id = path.rsplit("/", 1)[1]
            if order_id not in state.orders:
                return 404, {"error": "order not found"}
            return 200, state.orders[order_id]
        if method == "GET" and path == "/data/trades":
            cursor = query.get("next_cursor", [None])[0]
            data, next_cursor = state.trades_pages[cursor]
            return 200, {"data": data, "next_cursor": next_cursor}
        if method == "GET" and path == "/balance-allowance":
            return 200, state.balance
        if method == "GET" and path == "/v2/positions":
            return 200, {"data": state.positions,
                         "pagination": {"has_more": False, "next_cursor": None}}
        return 404, {"error": "not found"}

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode(), "application/json", headers)

    def _send_raw(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and hung up: expected in timeout tests


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: FakeState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class FakePolymarket:
    """Start with `with FakePolymarket() as fake:`; `fake.url` serves all three hosts."""

    def __init__(self, state: FakeState | None = None) -> None:
        self.state = state or FakeState()
        self._server = _Server(self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakePolymarket:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakePolymarket:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests_to(self, path: str) -> list[Recorded]:
        return [r for r in self.state.requests if r.path == path]

    def fail_next(self, path: str, *faults: str) -> None:
        self.state.faults[path].extend(faults)
