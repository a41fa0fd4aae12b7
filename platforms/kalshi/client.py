"""KalshiClient: one method per Trade API v2 endpoint we use, over the shared HttpClient.

Methods return the JSON object's payload after checking its shape (a page is a list plus a
cursor); turning rows into normalised values is parse.py's job. Every request first takes tokens
from the account tier's client-side bucket (read or write), so we stay under Kalshi's own
limits instead of collecting 429s. Public market data is sent unsigned, except the batch
order-book read, which is signed whenever keys exist (its spec marks it secured); /portfolio calls
are signed and raise AuthError before any I/O when no key is configured.

Reference: https://docs.kalshi.com/api-reference (OpenAPI 3.28-3.34; NOTES §2, §4, §6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlparse

from platforms.base import AuthError, BadResponse
from platforms.http import HttpClient, TokenBucket
from platforms.kalshi.auth import KalshiSigner

PLATFORM = "kalshi"

BASE_URLS = {
    "prod": "https://external-api.kalshi.com/trade-api/v2",
    "demo": "https://external-api.demo.kalshi.co/trade-api/v2",
}

# Per-second token budgets (read, write) by usage tier, live since 2026-04-23.
# Reference: https://docs.kalshi.com/getting_started/rate_limits
RATE_TIERS: dict[str, tuple[int, int]] = {
    "basic": (200, 100),
    "advanced": (300, 300),
    "expert": (600, 600),
    "premier": (1_000, 1_000),
    "paragon": (2_000, 2_000),
    "prime": (4_000, 4_000),
    "prestige": (10_000, 8_000),
}
DEFAULT_COST = 10  # tokens per request unless GET /account/endpoint_costs says otherwise
CANCEL_COST = 2

MARKETS_PAGE_LIMIT = 1000
EVENTS_PAGE_LIMIT = 200
PORTFOLIO_PAGE_LIMIT = 1000
ORDERBOOKS_BATCH_MAX = 100
# Tickers per /markets?tickers= request: ~30 characters each keeps the URL far below 8 KB.
RESULTS_TICKERS_MAX = 100

Page = tuple[list[Any], str]


def rate_buckets(tier: str) -> tuple[TokenBucket, TokenBucket]:
    """The (read, write) token buckets of a usage tier.

    Read buckets hold one second of budget; write buckets above Basic hold two (NOTES §6).
    """
    try:
        read, write = RATE_TIERS[tier.lower()]
    except KeyError:
        raise ValueError(f"unknown Kalshi rate tier {tier!r}; known: {sorted(RATE_TIERS)}") from None
    write_capacity = write if tier.lower() == "basic" else 2 * write
    return (TokenBucket(rate=read, capacity=read),
            TokenBucket(rate=write, capacity=write_capacity))


def _page(body: Any, key: str) -> Page:
    """`{key: [...], cursor}` -> (rows, cursor); an empty or missing cursor ends the paging."""
    if not isinstance(body, dict):
        raise BadResponse(f"kalshi: page is not an object ({type(body).__name__})",
                          field="body", platform=PLATFORM)
    rows = body.get(key)
    if rows is None:
        rows = []
        if key not in body:
            raise BadResponse(f"kalshi: page has no {key!r}", field=key, platform=PLATFORM)
    if not isinstance(rows, list):
        raise BadResponse(f"kalshi: {key} is not a list", field=key, platform=PLATFORM)
    cursor = body.get("cursor") or ""
    if not isinstance(cursor, str):
        raise BadResponse("kalshi: cursor is not a string", field="cursor", platform=PLATFORM)
    return rows, cursor


def _object(body: Any, key: str) -> dict[str, Any]:
    """`{key: {...}}` -> the inner object."""
    inner = body.get(key) if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        raise BadResponse(f"kalshi: response has no {key!r} object", field=key, platform=PLATFORM)
    return inner


def _dict(body: Any, field: str = "body") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BadResponse("kalshi: response is not an object", field=field, platform=PLATFORM)
    return body


class KalshiClient:
    """Kalshi's REST endpoints. Thread-safe (requests' pool plus locked token buckets)."""

    def __init__(
        self, *, http: HttpClient, signer: KalshiSigner | None = None, tier: str = "basic",
        signer_error: AuthError | None = None,
    ) -> None:
        self.http = http
        self.signer = signer
        # Why the keys could not be loaded, raised again on every private call.
        self.signer_error = signer_error
        self.read_bucket, self.write_bucket = rate_buckets(tier)
        # The signature covers the path from the host root: "/trade-api/v2" + endpoint path.
        self.path_prefix = urlparse(http.base_url).path.rstrip("/")

    # --- plumbing ---------------------------------------------------------------------------
    def _sign(self, method: str, path: str, _body: str) -> Mapping[str, str]:
        if self.signer is None:
            if self.signer_error is not None:
                raise AuthError(str(self.signer_error), platform=PLATFORM)
            raise AuthError("kalshi: this call needs API keys (KALSHI_API_KEY_ID and "
                            "KALSHI_PRIVATE_KEY_PATH or KALSHI_PRIVATE_KEY_PEM)", platform=PLATFORM)
        return self.signer.headers(method, self.path_prefix + path)

    def _require_keys(self) -> None:
        if self.signer is None:
            self._sign("GET", "", "")

    def _get(
        self, path: str, params: Any = None, *, private: bool = False,
        sign_if_keys: bool = False,
    ) -> Any:
        """GET with the read bucket. `private` needs keys; `sign_if_keys` signs when they exist."""
        if private:
            self._require_keys()
        signed = private or (sign_if_keys and self.signer is not None)
        return self.http.get_json(
            path, params=params, bucket=self.read_bucket, cost=DEFAULT_COST,
            signer=self._sign if signed else None,
        )

    # --- market data (public) ---------------------------------------------------------------
    def markets_page(
        self, *, cursor: str = "", status: str | None = "open", min_updated_ts: int | None = None,
        limit: int = MARKETS_PAGE_LIMIT,
    ) -> Page:
        """GET /markets: one page of markets, combos excluded (mve_filter=exclude).

        Reference: https://docs.kalshi.com/api-reference/market/get-markets
        """
        params: dict[str, Any] = {"limit": limit, "mve_filter": "exclude"}
        # min_updated_ts combines with nothing but mve_filter (NOTES §2), so it drops status.
        if min_updated_ts is not None:
            params["min_updated_ts"] = min_updated_ts
        elif status:
            params["status"] = status
        if cursor:
            params["cursor"] = cursor
        return _page(self._get("/markets", params), "markets")

    def markets_by_tickers_page(
        self, tickers: Sequence[str], *, cursor: str = "", historical: bool = False
    ) -> Page:
        """GET /markets?tickers=A,B (or /historical/markets): one page of these markets in any
        status, results included. Markets settled before the historical cutoff are only in
        /historical/markets.

        Reference: https://docs.kalshi.com/api-reference/market/get-markets
        Reference: https://docs.kalshi.com/api-reference/historical/get-historical-markets
        """
        if not 1 <= len(tickers) <= RESULTS_TICKERS_MAX:
            raise ValueError(f"markets_by_tickers_page takes 1-{RESULTS_TICKERS_MAX} tickers")
        params: dict[str, Any] = {"limit": MARKETS_PAGE_LIMIT, "tickers": ",".join(tickers)}
        if cursor:
            params["cursor"] = cursor
        path = "/historical/markets" if historical else "/markets"
        return _page(self._get(path, params), "markets")

    def events_page(self, *, cursor: str = "", status: str = "open",
                    limit: int = EVENTS_PAGE_LIMIT) -> Page:
        """GET /events (without nested markets): one page of events, with their fee overrides.

        Reference: https://docs.kalshi.com/api-reference/events/get-events
        """
        params: dict[str, Any] = {"limit": limit, "status": status}
        if cursor:
            params["cursor"] = cursor
        return _page(self._get("/events", params), "events")

    def event(self, event_ticker: str) -> dict[str, Any]:
        """GET /events/{event_ticker}: one event (for an event the bulk listing missed)."""
        return _object(self._get(f"/events/{quote(event_ticker, safe='')}"), "event")

    def series_list(self) -> list[Any]:
        """GET /series: every series (no cursor; fee_type, fee_multiplier, category).

        Reference: https://docs.kalshi.com/api-reference/market/get-series-list
        """
        rows, _ = _page(self._get("/series"), "series")
        return rows

    def series(self, series_ticker: str) -> dict[str, Any]:
        """GET /series/{series_ticker}: one series."""
        return _object(self._get(f"/series/{quote(series_ticker, safe='')}"), "series")

    def orderbooks(self, tickers: Sequence[str]) -> list[Any]:
        """GET /markets/orderbooks?tickers=A&tickers=B: up to 100 books in one request.

        Signed when keys are configured, unsigned otherwise: the OpenAPI declares this endpoint
        secured (kalshiAccessKey/Signature/Timestamp) while the guides call market data public,
        so a keyed client signs it and a key-less one can still read books.

        Reference: https://docs.kalshi.com/api-reference/market/get-multiple-market-orderbooks
        """
        if not 1 <= len(tickers) <= ORDERBOOKS_BATCH_MAX:
            raise ValueError(f"orderbooks takes 1-{ORDERBOOKS_BATCH_MAX} tickers")
        body = self._get("/markets/orderbooks", [("tickers", t) for t in tickers],
                         sign_if_keys=True)
        rows, _ = _page(body, "orderbooks")
        return rows

    def orderbook(self, ticker: str, *, depth: int = 0) -> dict[str, Any]:
        """GET /markets/{ticker}/orderbook?depth=: one book (0 = every level).

        Reference: https://docs.kalshi.com/api-reference/market/get-market-orderbook
        """
        body = self._get(f"/markets/{quote(ticker, safe='')}/orderbook", {"depth": depth})
        return _object(body, "orderbook_fp")

    # --- trading (signed) -------------------------------------------------------------------
    def create_order(self, body: dict[str, Any]) -> Any:
        """POST /portfolio/events/orders (V2). One attempt only; see HttpClient.send_order.

        Returns the decoded answer unchecked: parse_create_response checks it, so that an
        unreadable answer can be reported as ambiguous rather than as a plain BadResponse.

        Reference: https://docs.kalshi.com/api-reference/orders/create-order-v2
        """
        self._require_keys()
        return self.http.send_order(
            "POST", "/portfolio/events/orders", body=body, bucket=self.write_bucket,
            cost=DEFAULT_COST, signer=self._sign,
        )

    def cancel_order(self, order_id: str, *, market_ticker: str = "") -> Any:
        """DELETE /portfolio/events/orders/{id} (V2); market_ticker routes to the right shard.

        Reference: https://docs.kalshi.com/api-reference/orders/cancel-order-v2
        """
        self._require_keys()
        path = f"/portfolio/events/orders/{quote(order_id, safe='')}"
        if market_ticker:
            # send_order takes no params; the signer drops the query from the signed path.
            path += f"?market_ticker={quote(market_ticker, safe='')}"
        return self.http.send_order("DELETE", path, bucket=self.write_bucket, cost=CANCEL_COST,
                                    signer=self._sign)

    def order(self, order_id: str) -> dict[str, Any]:
        """GET /portfolio/orders/{id}."""
        return _object(self._get(f"/portfolio/orders/{quote(order_id, safe='')}", private=True),
                       "order")

    def orders_page(self, *, ticker: str = "", min_ts: int | None = None, cursor: str = "",
                    limit: int = PORTFOLIO_PAGE_LIMIT) -> Page:
        """GET /portfolio/orders: one page of our orders, optionally for one market."""
        params: dict[str, Any] = {"limit": limit}
        if ticker:
            params["ticker"] = ticker
        if min_ts is not None:
            params["min_ts"] = min_ts
        if cursor:
            params["cursor"] = cursor
        return _page(self._get("/portfolio/orders", params, private=True), "orders")

    def fills_page(self, *, min_ts: int | None = None, cursor: str = "",
                   limit: int = PORTFOLIO_PAGE_LIMIT) -> Page:
        """GET /portfolio/fills: one page of our fills (newest first)."""
        params: dict[str, Any] = {"limit": limit}
        if min_ts is not None:
            params["min_ts"] = min_ts
        if cursor:
            params["cursor"] = cursor
        return _page(self._get("/portfolio/fills", params, private=True), "fills")

    def positions_page(self, *, cursor: str = "", limit: int = PORTFOLIO_PAGE_LIMIT) -> Page:
        """GET /portfolio/positions?count_filter=position: markets where we hold contracts."""
        params: dict[str, Any] = {"limit": limit, "count_filter": "position"}
        if cursor:
            params["cursor"] = cursor
        return _page(self._get("/portfolio/positions", params, private=True), "market_positions")

    def balance(self) -> dict[str, Any]:
        """GET /portfolio/balance."""
        return _dict(self._get("/portfolio/balance", private=True))
