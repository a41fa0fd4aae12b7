"""The Platform interface and the normalised values every venue client returns.

Everything a venue sends is parsed at the edge (in the venue's client) into these frozen values:
prices are `Decimal` probabilities in [0, 1], sizes are `Decimal` contracts (Kalshi allows
fractions), times are aware UTC datetimes. Callers above this module never see raw payloads and
never catch anything but `PlatformError` subclasses.
"""

from __future__ import annotations

import abc
import enum
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from pricing.fees import Fee
from pricing.levels import Level

ZERO = Decimal(0)
ONE = Decimal(1)


# --- errors -----------------------------------------------------------------------------------
class PlatformError(Exception):
    """Base of every error a venue client raises; the only errors callers catch."""

    def __init__(self, message: str, *, platform: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.platform = platform
        self.status = status


class AuthError(PlatformError):
    """Credentials missing, wrong, or refused (401/403)."""


class RateLimited(PlatformError):
    """The venue (or our own client-side bucket) refused for rate; retry after `retry_after_s`."""

    def __init__(self, message: str, *, retry_after_s: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after_s = retry_after_s


class PlatformUnavailable(PlatformError):
    """5xx, timeouts, connection failures: the venue could not be reached or did not answer."""


class BadResponse(PlatformError):
    """The venue answered with something we cannot parse; `field` names what was wrong."""

    def __init__(self, message: str, *, field: str = "", **kw: Any) -> None:
        super().__init__(message, **kw)
        self.field = field


class OrderRejected(PlatformError):
    """The venue refused an order; `code` is the venue's reason code when it gives one."""

    def __init__(self, message: str, *, code: str = "", **kw: Any) -> None:
        super().__init__(message, **kw)
        self.code = code


class OrderTimeout(PlatformUnavailable):
    """An order request got no answer: it may or may not have been placed. Reconcile by client id."""


# --- enums ------------------------------------------------------------------------------------
class MarketStatus(str, enum.Enum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"
    SETTLED = "settled"
    UNOPENED = "unopened"


class Outcome(str, enum.Enum):
    YES = "yes"
    NO = "no"

    @property
    def other(self) -> Outcome:
        return Outcome.NO if self is Outcome.YES else Outcome.YES


class Action(str, enum.Enum):
    BUY = "buy"
    SELL = "sell"


class TimeInForce(str, enum.Enum):
    IOC = "ioc"  # immediate-or-cancel (Polymarket FAK)
    FOK = "fok"
    GTC = "gtc"


class OrderStatus(str, enum.Enum):
    FILLED = "filled"  # fully filled
    PARTIAL = "partial"  # partly filled, the remainder cancelled: final
    # A RESTING answer with filled_size > 0 is a partial whose remainder still rests (not final).
    RESTING = "resting"  # accepted, nothing filled yet, still on the book
    CANCELED = "canceled"  # nothing (more) will fill
    REJECTED = "rejected"


# --- market data ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MarketData:
    """One binary market as the catalog sync stores it.

    `external_id` is the venue's id for the binary market (Kalshi ticker, Polymarket condition id).
    `outcome_label` is what YES means on this venue (Kalshi yes_sub_title, Polymarket outcomes[0]
    such as "Yes" or "Bucks"); `no_outcome_label` what NO means.
    """

    external_id: str
    title: str
    event_external_id: str = ""
    event_title: str = ""
    series: str = ""
    category: str = ""
    subtitle: str = ""
    outcome_label: str = "Yes"
    no_outcome_label: str = "No"
    rules_text: str = ""
    resolution_source: str = ""
    status: MarketStatus = MarketStatus.OPEN
    open_time: datetime | None = None
    close_time: datetime | None = None
    expected_settle_time: datetime | None = None
    tick_size: Decimal = Decimal("0.01")
    min_order_size: Decimal = ONE
    size_increment: Decimal = ONE
    fee: Fee = field(default_factory=Fee)
    yes_token_id: str = ""
    no_token_id: str = ""
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MarketRef:
    """What get_books needs to address one market's book (Polymarket books are per token)."""

    external_id: str
    yes_token_id: str = ""
    no_token_id: str = ""


@dataclass(frozen=True, slots=True)
class BookSnapshot:
    """A market's order book in the YES view.

    yes_bids: best (highest) first; yes_asks: best (lowest) first. Buying NO at q is the same as
    selling YES at 1 - q, so a NO ask at q appears here as a YES bid at 1 - q.
    `tick_size` is the price grid when the venue states it with the book (Polymarket does, and
    changes it near 0.04/0.96); None when the book does not say.
    """

    market_external_id: str
    yes_bids: tuple[Level, ...]
    yes_asks: tuple[Level, ...]
    exchange_ts: datetime | None = None
    seq: int | None = None
    venue_hash: str = ""
    source: str = "rest"
    tick_size: Decimal | None = None

    @property
    def best_bid(self) -> Decimal | None:
        return self.yes_bids[0][0] if self.yes_bids else None

    @property
    def best_ask(self) -> Decimal | None:
        return self.yes_asks[0][0] if self.yes_asks else None

    @property
    def is_crossed(self) -> bool:
        bid, ask = self.best_bid, self.best_ask
        return bid is not None and ask is not None and bid >= ask

    def content_hash(self) -> str:
        """A digest of the levels only, used to store a book only when it changed.

        The digest of "price:size;" per level (each normalised: 0.50 and 0.5 are one price),
        "|" after each side, hashed as one string.
        """
        text = _normalised_text
        parts: list[str] = []
        for side in (self.yes_bids, self.yes_asks):
            parts.extend(f"{text(price)}:{text(size)};" for price, size in side)
            parts.append("|")
        return hashlib.blake2b("".join(parts).encode(), digest_size=16).hexdigest()


# str(value.normalize()) per Decimal value: books repeat the same few hundred prices and sizes.
# Equal values (0.5 and 0.50) normalise alike, so caching by value is exact.
_NORMALISED: dict[Decimal, str] = {}


def _normalised_text(value: Decimal) -> str:
    text = _NORMALISED.get(value)
    if text is None:
        text = str(value.normalize())
        if len(_NORMALISED) < 100_000:
            _NORMALISED[value] = text
    return text


# --- orders -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OrderIntent:
    """An order we are about to send. The client_order_id is chosen (and journaled) before sending.

    price is the limit price of the *outcome* being traded (buying NO at 0.40 has price 0.40);
    each venue client converts to its own convention (Kalshi: ask at 1 - q on the YES book).

    min_order_size is the market's minimum in shares (MarketData.min_order_size) and fee its
    fee parameters (MarketData.fee); None means "not given": a venue that needs them uses its
    documented default (Polymarket: 5 shares) or looks them up.
    """

    client_order_id: str
    market_external_id: str
    outcome: Outcome
    action: Action
    price: Decimal
    size: Decimal
    time_in_force: TimeInForce = TimeInForce.IOC
    token_id: str = ""
    tick_size: Decimal = Decimal("0.01")
    neg_risk: bool = False
    min_order_size: Decimal | None = None
    fee: Fee | None = None


@dataclass(frozen=True, slots=True)
class OrderResult:
    """What the venue says about an order (after placing it or when looked up).

    filled_size, average_price and fee_paid are what the venue reports as traded, surplus
    included: filled_size MAY EXCEED the intent's size. A Polymarket FAK/FOK BUY spends its
    whole pUSD amount, so when cheaper levels sit in front of the limit it receives more shares
    than asked (a FAK for 5 @ 0.99 filled 5.051 @ 0.98, py-clob-client-v2#89). Book all of it.

    status RESTING with filled_size > 0 is a partial fill whose remainder still rests on the
    book: not final; look it up again (and cancel it) like any resting order.

    sent_size is the share count actually sent, after the venue's precision rules, when it
    differs from the intent's size (a Polymarket market order trades in lots that price it
    exactly at the limit, e.g. whole shares at 0.53); intent.size - sent_size was never sent.

    fee_known False: the venue's answer did not say what fee it charged (see the field).
    """

    client_order_id: str
    venue_order_id: str
    status: OrderStatus
    filled_size: Decimal = ZERO
    average_price: Decimal | None = None
    fee_paid: Decimal = ZERO
    remaining_size: Decimal = ZERO
    message: str = ""
    raw_status: str = ""
    # The outcome `average_price` is quoted in, when the venue reports it and it may differ from the
    # intent's: Kalshi cannot tell a YES sell from a NO buy, so a looked-up YES sell at 0.60 comes
    # back as outcome NO at 0.40. None means "the intent's own outcome".
    outcome: Outcome | None = None
    sent_size: Decimal | None = None
    # False when the answer could not say what fee was charged (fee_paid is then 0 as a
    # placeholder, not the venue's figure): e.g. a Polymarket fill whose trades are not listed
    # yet. A caller may estimate it; a fee_paid of 0 with fee_known is the venue's own 0.
    fee_known: bool = True


@dataclass(frozen=True, slots=True)
class FillData:
    venue_fill_id: str
    venue_order_id: str
    market_external_id: str
    outcome: Outcome
    action: Action
    price: Decimal
    size: Decimal
    fee: Decimal
    ts: datetime | None = None
    client_order_id: str = ""


@dataclass(frozen=True, slots=True)
class MarketResult:
    """How a market settled, as its venue reports it.

    `result` is "yes", "no" or "split" once the venue's result is final, "" before (a market
    whose result is determined but may still be disputed or amended is not final).
    `settlement_value` is what one YES contract pays in dollars (1, 0, or in between for a
    split); a NO contract pays 1 minus it. `raw` is the venue's market object as read.
    """

    market_external_id: str
    status: MarketStatus
    result: str = ""
    settlement_value: Decimal | None = None
    settled_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def is_final(self) -> bool:
        return self.settlement_value is not None


def result_from_value(value: Decimal) -> str:
    """"yes", "no" or "split" for what a YES contract paid."""
    if value == ONE:
        return "yes"
    if value == ZERO:
        return "no"
    return "split"


@dataclass(frozen=True, slots=True)
class PositionData:
    market_external_id: str
    outcome: Outcome
    size: Decimal


@dataclass(slots=True)
class SyncStats:
    """Counters a catalog sync fills in: what was read and what was skipped (and why)."""

    pages: int = 0
    markets: int = 0
    skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + 1


# --- the interface ----------------------------------------------------------------------------
class Platform(abc.ABC):
    """One venue. KalshiPlatform, PolymarketPlatform and TestPlatform implement it.

    `pair_side` says which side of a MarketPair this venue's markets take: "a" (Kalshi-like) or
    "b" (Polymarket-like).
    """

    slug: str = ""
    display_name: str = ""
    pair_side: str = "a"

    def __init__(self) -> None:
        self.sync_stats = SyncStats()

    # Market data (public; no keys needed).
    @abc.abstractmethod
    def iter_markets(self, since: datetime | None = None) -> Iterator[MarketData]:
        """Yield every open binary market, paging to the end; bad rows are skipped and counted."""

    @abc.abstractmethod
    def get_books(self, markets: Sequence[MarketRef]) -> dict[str, BookSnapshot]:
        """Fetch books for the given markets, keyed by market external id."""

    def get_results(self, markets: Sequence[MarketRef]) -> dict[str, MarketResult]:
        """Settlement state of the given markets (public data), keyed by market external id.

        A market the venue does not know is left out. Venues without results raise
        PlatformError.
        """
        raise PlatformError(f"{self.slug}: market results are not available", platform=self.slug)

    def fee(self, fee: Fee, *, price: Decimal, size: Decimal, maker: bool = False) -> Decimal:
        """The venue's exact fee for one order of `size` at `price`, rounded as the venue does."""
        return replace(fee, maker=maker).amount(price=price, size=size)

    # Trading (needs keys).
    @property
    def has_credentials(self) -> bool:
        return False

    def venue_order_id_before_send(self, intent: OrderIntent) -> str:
        """The id the venue will give this order, when it is known before sending ("" if not).

        Polymarket's order id is the hash of the signed order: journaling it before the POST lets
        an order whose answer was lost be found after a restart. Kalshi needs nothing here (its
        orders are looked up by client_order_id).
        """
        return ""

    def sendable_size(self, intent: OrderIntent) -> Decimal:
        """The share count this venue would actually send for `intent` (no I/O).

        At most intent.size: a venue whose precision rules cut sizes to lots says so here, so a
        caller can size the other leg to match before sending. Raises OrderRejected when the
        intent cannot be sent at all (the same check place_order makes before sending).
        """
        return intent.size

    def place_order(self, intent: OrderIntent) -> OrderResult:
        """Send one order. Never retried: on OrderTimeout the caller reconciles by client id."""
        raise AuthError(f"{self.slug}: trading is not configured", platform=self.slug)

    def get_order(
        self, *, client_order_id: str = "", venue_order_id: str = "", market_external_id: str = ""
    ) -> OrderResult | None:
        """Look an order up; None when the venue has no such order."""
        raise AuthError(f"{self.slug}: trading is not configured", platform=self.slug)

    def cancel_order(self, venue_order_id: str, *, market_external_id: str = "") -> None:
        raise AuthError(f"{self.slug}: trading is not configured", platform=self.slug)

    def list_fills(self, since: datetime | None = None) -> list[FillData]:
        raise AuthError(f"{self.slug}: trading is not configured", platform=self.slug)

    def get_positions(self) -> list[PositionData]:
        raise AuthError(f"{self.slug}: trading is not configured", platform=self.slug)

    def get_balance(self) -> Decimal:
        raise AuthError(f"{self.slug}: trading is not configured", platform=self.slug)

    def close(self) -> None:  # noqa: B027 (optional hook: most venues hold nothing to release)
        """Release pooled connections."""
