"""Polymarket HTTP edge: Gamma (catalog), CLOB (books, orders, account) and the Data API (positions).

Every endpoint goes through `HttpClient` (pooled session, explicit timeout, error tree) behind a
client-side TokenBucket sized from the per-10-second limits in NOTES §6. Reads (GETs and the
read-only POST /books) are retried with jittered backoff; order mutations (POST /order,
DELETE /order) are sent exactly once. Responses are returned as decoded JSON after a shape check;
turning them into domain values is parse.py's and platform.py's job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from platforms.base import AuthError, BadResponse
from platforms.http import HttpClient, RetryPolicy, TokenBucket
from platforms.polymarket.orders import l2_headers
from platforms.polymarket.parse import PLATFORM

GAMMA_PAGE_LIMIT = 100  # /markets/keyset maximum since 2026-05-14
BOOKS_BATCH = 500  # POST /books maximum items per request
# Condition ids per Gamma /markets lookup: 66 characters each keeps the URL under ~8 KB (NOTES
# §1.2: 414 beyond).
RESULTS_BATCH = 50
MAX_CATALOG_PAGES = 10_000  # 1M markets: far beyond the ~200k listed; a guard against cursor loops
END_CURSOR = "LTE="  # the CLOB's "no more pages" cursor for /data/* listings
DATA_API_URL = "https://data-api.polymarket.com"


def _bucket(per_10s: float, *, sleep: Callable[[float], None]) -> TokenBucket:
    """A bucket that never exceeds `per_10s` in any 10 s window: capacity + 10 x rate = limit."""
    return TokenBucket(rate=per_10s * 0.08, capacity=per_10s * 0.2, sleep=sleep)


@dataclass(frozen=True)
class Credentials:
    """Trading credentials, read from settings/env only; never logged (repr hides them)."""

    private_key: str
    api_key: str
    api_secret: str
    api_passphrase: str
    funder: str
    signature_type: int

    def __repr__(self) -> str:
        return f"Credentials(signature_type={self.signature_type}, funder={self.funder[:8]}...)"


class PolymarketClient:
    """Raw JSON access to Polymarket's hosts with per-endpoint rate limits."""

    def __init__(
        self, *, gamma_url: str, clob_url: str, data_url: str = DATA_API_URL,
        timeout_s: float = 10.0, credentials: Credentials | None = None,
        address: str = "", sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time, retry: RetryPolicy | None = None,
    ) -> None:
        session = requests.Session()

        def http(base_url: str) -> HttpClient:
            return HttpClient(platform=PLATFORM, base_url=base_url, session=session,
                              timeout_s=timeout_s, retry=retry, sleep=sleep)

        self.gamma, self.clob, self.data = http(gamma_url), http(clob_url), http(data_url)
        self.credentials = credentials
        self.address = address  # the EOA behind the key: POLY_ADDRESS
        self.clock = clock
        # Limits per 10 s (NOTES §6). Orders also obey the per-signer bucket (40/s, burst 60).
        self.buckets: dict[str, TokenBucket] = {
            "gamma_markets": _bucket(300, sleep=sleep),
            "clob_book": _bucket(1500, sleep=sleep),
            "clob_books": _bucket(500, sleep=sleep),
            "clob_ledger": _bucket(900, sleep=sleep),
            "clob_data": _bucket(500, sleep=sleep),
            "clob_balance": _bucket(200, sleep=sleep),
            "data_positions": _bucket(150, sleep=sleep),
            "order_post": TokenBucket(rate=40, capacity=60, sleep=sleep),
            "order_cancel": TokenBucket(rate=80, capacity=120, sleep=sleep),
        }

    # --- Gamma --------------------------------------------------------------------------------
    def markets_page(self, *, cursor: str | None) -> tuple[list[Any], str | None]:
        """One /markets/keyset page of open markets and the next cursor (None at the end).

        The end is a null/absent next_cursor, never a short page: the server clamps `limit`.
        """
        params: dict[str, Any] = {"limit": GAMMA_PAGE_LIMIT, "closed": "false"}
        if cursor:
            params["after_cursor"] = cursor
        body = self.gamma.get_json("/markets/keyset", params=params,
                                   bucket=self.buckets["gamma_markets"])
        if not isinstance(body, dict) or not isinstance(body.get("markets"), list):
            raise BadResponse(f"{PLATFORM}: /markets/keyset body has no markets list",
                              field="markets", platform=PLATFORM)
        next_cursor = body.get("next_cursor")
        if next_cursor is not None and not isinstance(next_cursor, str):
            raise BadResponse(f"{PLATFORM}: next_cursor is not a string", field="next_cursor",
                              platform=PLATFORM)
        return body["markets"], next_cursor or None

    def iter_market_pages(self) -> Iterator[list[Any]]:
        """Every page of open markets, following next_cursor to the end."""
        cursor: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_CATALOG_PAGES):
            markets, cursor = self.markets_page(cursor=cursor)
            yield markets
            if cursor is None:
                return
            if cursor in seen:
                raise BadResponse(f"{PLATFORM}: /markets/keyset repeated a cursor",
                                  field="next_cursor", platform=PLATFORM)
            seen.add(cursor)
        raise BadResponse(f"{PLATFORM}: catalog exceeded {MAX_CATALOG_PAGES} pages",
                          field="next_cursor", platform=PLATFORM)

    def markets_by_token(self, token_id: str) -> list[Any]:
        """Gamma markets holding this CLOB token, open or closed (closed needs its own query)."""
        for closed in ("false", "true"):
            body = self.gamma.get_json("/markets", params={"clob_token_ids": token_id,
                                                           "closed": closed},
                                       bucket=self.buckets["gamma_markets"])
            if not isinstance(body, list):
                raise BadResponse(f"{PLATFORM}: /markets body is not a list", field="markets",
                                  platform=PLATFORM)
            if body:
                return body
        return []

    def closed_markets_by_condition_ids(self, condition_ids: Sequence[str]) -> list[Any]:
        """GET /markets?condition_ids=..&closed=true: these markets, if closed (resolved or not).

        `closed` defaults to false on /markets and filtering by id drops closed markets without
        it (NOTES §1.2), so it is always sent.
        """
        if not 1 <= len(condition_ids) <= RESULTS_BATCH:
            raise ValueError(f"closed_markets_by_condition_ids takes 1-{RESULTS_BATCH} ids")
        params = [("condition_ids", c) for c in condition_ids]
        params += [("closed", "true"), ("limit", str(len(condition_ids)))]
        body = self.gamma.get_json("/markets", params=params, bucket=self.buckets["gamma_markets"])
        if not isinstance(body, list):
            raise BadResponse(f"{PLATFORM}: /markets body is not a list", field="markets",
                              platform=PLATFORM)
        return body

    # --- CLOB market data ---------------------------------------------------------------------
    def books(self, token_ids: Sequence[str]) -> list[Any]:
        """POST /books in batches of at most 500 tokens; the raw book objects, in any order."""
        out: list[Any] = []
        for start in range(0, len(token_ids), BOOKS_BATCH):
            batch = token_ids[start:start + BOOKS_BATCH]
            body = self.clob.post_json_read("/books", body=[{"token_id": t} for t in batch],
                                            bucket=self.buckets["clob_books"])
            if not isinstance(body, list):
                raise BadResponse(f"{PLATFORM}: /books body is not a list", field="books",
                                  platform=PLATFORM)
            out.extend(body)
        return out

    def book(self, token_id: str) -> Any:
        return self.clob.get_json("/book", params={"token_id": token_id},
                                  bucket=self.buckets["clob_book"])

    # --- CLOB trading (L2) --------------------------------------------------------------------
    def _signer(self, method: str, path: str, body: str) -> Mapping[str, str]:
        creds = self._creds()
        return l2_headers(
            address=self.address, api_key=creds.api_key, secret=creds.api_secret,
            passphrase=creds.api_passphrase, timestamp_s=int(self.clock()), method=method,
            path=path, body=body,
        )

    def _creds(self) -> Credentials:
        if self.credentials is None:
            raise AuthError(f"{PLATFORM}: trading is not configured", platform=PLATFORM)
        return self.credentials

    def post_order(self, body: dict[str, Any]) -> Any:
        """POST /order: exactly one attempt (a timeout raises OrderTimeout)."""
        return self.clob.send_order("POST", "/order", body=body, signer=self._signer,
                                    bucket=self.buckets["order_post"])

    def cancel_order(self, order_id: str) -> Any:
        return self.clob.send_order("DELETE", "/order", body={"orderID": order_id},
                                    signer=self._signer, bucket=self.buckets["order_cancel"])

    def get_order(self, order_id: str) -> Any:
        return self.clob.get_json(f"/data/order/{order_id}", signer=self._signer,
                                  bucket=self.buckets["clob_ledger"])

    def iter_trades(
        self, *, after_s: int | None = None, trade_id: str = ""
    ) -> Iterator[dict[str, Any]]:
        """Our own trades (GET /data/trades), every page; `trade_id` narrows it to one trade.

        Reference: https://docs.polymarket.com/developers/CLOB/trades/trades (filters id,
        maker_address, market, asset_id, before, after; polymarket-client
        `build_list_account_trades_request`).
        """
        params: dict[str, Any] = {}
        if after_s is not None:
            params["after"] = str(after_s)
        if trade_id:
            params["id"] = trade_id
        cursor: str | None = None
        for _ in range(MAX_CATALOG_PAGES):
            page_params = dict(params, next_cursor=cursor) if cursor else params
            body = self.clob.get_json("/data/trades", params=page_params, signer=self._signer,
                                      bucket=self.buckets["clob_data"])
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise BadResponse(f"{PLATFORM}: /data/trades body has no data list",
                                  field="data", platform=PLATFORM)
            yield from body["data"]
            cursor = body.get("next_cursor")
            if not cursor or cursor == END_CURSOR:
                return
        raise BadResponse(f"{PLATFORM}: /data/trades exceeded the page guard",
                          field="next_cursor", platform=PLATFORM)

    def balance_allowance(self, *, asset_type: str = "COLLATERAL") -> Any:
        params = {"asset_type": asset_type, "signature_type": self._creds().signature_type}
        return self.clob.get_json("/balance-allowance", params=params, signer=self._signer,
                                  bucket=self.buckets["clob_balance"])

    # --- Data API (public, keyed by the funder wallet) ---------------------------------------
    def iter_positions(self, *, user: str) -> Iterator[dict[str, Any]]:
        """Data API v2 /v2/positions for the wallet: {data, pagination: {next_cursor}} pages."""
        cursor: str | None = None
        for _ in range(MAX_CATALOG_PAGES):
            params: dict[str, Any] = {"user": user, "limit": 500}
            if cursor:
                params["cursor"] = cursor
            body = self.data.get_json("/v2/positions", params=params,
                                      bucket=self.buckets["data_positions"])
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise BadResponse(f"{PLATFORM}: /v2/positions body has no data list",
                                  field="data", platform=PLATFORM)
            yield from body["data"]
            pagination = body.get("pagination")
            cursor = pagination.get("next_cursor") if isinstance(pagination, dict) else None
            if not cursor:
                return
        raise BadResponse(f"{PLATFORM}: /v2/positions exceeded the page guard",
                          field="next_cursor", platform=PLATFORM)

    def close(self) -> None:
        self.gamma.close()  # one shared session: closing it once closes all three
