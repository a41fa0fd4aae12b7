"""HTTP plumbing shared by venue clients: pooled session, timeouts, rate limits, GET-only retry.

Every venue client builds on `HttpClient`. It maps every failure to the PlatformError tree, so a
caller never sees a requests exception, a KeyError or a JSONDecodeError:

- 401/403 -> AuthError; 429 -> RateLimited (retry_after from the header when given);
- 5xx, 425, timeouts, connection errors -> PlatformUnavailable; an order POST that times out
  raises OrderTimeout (it may have been placed: reconcile by client order id, never resend);
- a body that is not the JSON we expect -> BadResponse; other 4xx -> OrderRejected for orders,
  BadResponse otherwise.

GETs (and other idempotent reads) are retried with jittered exponential backoff on 429/5xx/timeouts,
at most `max_attempts` times in all. Order placements are never retried here.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from platforms.base import (
    AuthError,
    BadResponse,
    OrderRejected,
    OrderTimeout,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)

logger = logging.getLogger(__name__)

# Signs a request: (method, path without query, body text) -> extra headers.
Signer = Callable[[str, str, str], Mapping[str, str]]


class TokenBucket:
    """A client-side token bucket: `rate` tokens per second, holding at most `capacity`.

    `take` blocks until the tokens are there, up to `max_wait_s`; past that it raises
    RateLimited rather than stall a job for long.
    """

    def __init__(
        self, *, rate: float, capacity: float, clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep, max_wait_s: float = 30.0,
    ) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.clock = clock
        self.sleep = sleep
        self.max_wait_s = max_wait_s
        self.updated = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def take(self, cost: float = 1.0) -> float:
        """Take `cost` tokens, sleeping if needed; returns seconds waited."""
        if cost > self.capacity:
            raise RateLimited(f"request costs {cost} tokens, bucket holds {self.capacity}")
        waited = 0.0
        while True:
            with self._lock:
                self._refill()
                if self.tokens >= cost:
                    self.tokens -= cost
                    return waited
                wait = (cost - self.tokens) / self.rate
            if waited + wait > self.max_wait_s:
                raise RateLimited("client-side rate limit: budget exhausted", retry_after_s=wait)
            self.sleep(wait)
            waited += wait

    @property
    def state(self) -> dict[str, float]:
        with self._lock:
            self._refill()
            return {"tokens": round(self.tokens, 2), "capacity": self.capacity, "rate": self.rate}


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    base_delay_s: float = 0.25
    max_delay_s: float = 4.0

    def delay(self, attempt: int, retry_after_s: float | None = None) -> float:
        """Jittered exponential backoff ("full jitter"), honouring a server's Retry-After."""
        if retry_after_s is not None:
            return min(self.max_delay_s, retry_after_s)
        cap = min(self.max_delay_s, self.base_delay_s * 2 ** (attempt - 1))
        return random.uniform(cap / 2, cap)  # noqa: S311 (jitter, not crypto)


class HttpClient:
    """A venue's HTTP edge. One instance per venue host; thread-safe via requests' pool."""

    def __init__(
        self, *, platform: str, base_url: str, session: requests.Session | None = None,
        timeout_s: float = 10.0, retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.platform = platform
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.last_status: int | None = None

    # --- public ------------------------------------------------------------------------------
    def get_json(
        self, path: str, *, params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
        bucket: TokenBucket | None = None, cost: float = 1.0, signer: Signer | None = None,
    ) -> Any:
        """GET and decode JSON, retrying 429/5xx/timeouts with backoff."""
        return self._request_with_retry(
            "GET", path, params=params, bucket=bucket, cost=cost, signer=signer
        )

    def post_json_read(
        self, path: str, *, body: Any, bucket: TokenBucket | None = None, cost: float = 1.0,
        signer: Signer | None = None,
    ) -> Any:
        """A POST that only reads (e.g. Polymarket POST /books): safe to retry like a GET."""
        return self._request_with_retry(
            "POST", path, body=body, bucket=bucket, cost=cost, signer=signer
        )

    def send_order(
        self, method: str, path: str, *, body: Any = None, bucket: TokenBucket | None = None,
        cost: float = 1.0, signer: Signer | None = None,
    ) -> Any:
        """An order mutation (place/cancel/amend). Exactly one attempt, never retried.

        A timeout or dropped connection raises OrderTimeout: the order may exist. A 4xx is an
        OrderRejected carrying the venue's message and code.
        """
        if bucket is not None:
            bucket.take(cost)
        try:
            return self._once(method, path, body=body, signer=signer, order=True)
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise OrderTimeout(
                f"{self.platform}: {method} {path} got no answer ({type(exc).__name__}); "
                "the order may have been placed",
                platform=self.platform,
            ) from exc

    # --- internals ---------------------------------------------------------------------------
    def _request_with_retry(
        self, method: str, path: str, *, params: Any = None, body: Any = None,
        bucket: TokenBucket | None, cost: float, signer: Signer | None,
    ) -> Any:
        attempt = 0
        while True:
            attempt += 1
            if bucket is not None:
                bucket.take(cost)
            try:
                return self._once(method, path, params=params, body=body, signer=signer)
            except (requests.Timeout, requests.ConnectionError) as exc:
                error: PlatformError = PlatformUnavailable(
                    f"{self.platform}: {method} {path}: {type(exc).__name__}",
                    platform=self.platform,
                )
                retry_after = None
            except (RateLimited, PlatformUnavailable) as exc:
                error, retry_after = exc, getattr(exc, "retry_after_s", None)
            if attempt >= self.retry.max_attempts:
                raise error
            delay = self.retry.delay(attempt, retry_after)
            logger.info(
                "%s %s %s failed (%s); retry %d in %.2fs", self.platform, method, path,
                type(error).__name__, attempt, delay,
            )
            self.sleep(delay)

    def _once(
        self, method: str, path: str, *, params: Any = None, body: Any = None,
        signer: Signer | None = None, order: bool = False,
    ) -> Any:
        url = f"{self.base_url}{path}"
        data = None if body is None else json.dumps(body, separators=(",", ":"))
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if signer is not None:
            headers.update(signer(method, path, data or ""))
        started = time.monotonic()
        response = self.session.request(
            method, url, params=params, data=data, headers=headers, timeout=self.timeout_s
        )
        elapsed_ms = (time.monotonic() - started) * 1000
        self.last_status = response.status_code
        # Endpoint, status and latency only: never headers (signatures) or order bodies.
        logger.debug("%s %s %s -> %s in %.0f ms", self.platform, method, path,
                     response.status_code, elapsed_ms)
        return self._decode(response, method, path, order=order)

    def _decode(self, response: requests.Response, method: str, path: str, *, order: bool) -> Any:
        status = response.status_code
        where = f"{self.platform}: {method} {path}"
        if status in (401, 403):
            raise AuthError(f"{where}: {status} {_error_message(response)}", platform=self.platform,
                            status=status)
        if status == 429:
            raise RateLimited(
                f"{where}: 429 rate limited", platform=self.platform, status=status,
                retry_after_s=_retry_after(response),
            )
        if status >= 500 or status == 425:
            raise PlatformUnavailable(
                f"{where}: {status} {_error_message(response)}", platform=self.platform,
                status=status,
            )
        if status >= 400:
            message = _error_message(response)
            if order:
                raise OrderRejected(f"{where}: {status} {message}", code=_error_code(response),
                                    platform=self.platform, status=status)
            raise BadResponse(f"{where}: {status} {message}", platform=self.platform,
                              status=status, field="status")
        if status == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise BadResponse(f"{where}: body is not JSON", platform=self.platform,
                              status=status, field="body") from exc

    def close(self) -> None:
        self.session.close()


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _error_message(response: requests.Response) -> str:
    """The venue's error message, from {"error": "..."}, {"error": {"message"}} or {"message"}."""
    body = _json_or_none(response)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict):
            return str(err.get("message") or err.get("msg") or err.get("code") or err)[:300]
        if err is not None:
            return str(err)[:300]
    return (response.text or "").strip()[:200] or response.reason or ""


def _error_code(response: requests.Response) -> str:
    body = _json_or_none(response)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("code") is not None:
            return str(err["code"])
        if body.get("code") is not None:
            return str(body["code"])
    return ""
