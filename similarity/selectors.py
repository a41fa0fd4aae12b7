"""Reads of market pairs: lists and pages for review, one pair with its books, watched markets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from markets.models import Market
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember

PAIRS_PER_PAGE = 50

PAIR_LIST_FIELDS = (
    "id", "status", "relation", "orientation", "similarity", "reviewer__username",
    *(
        f"{leg}__{f}" for leg in ("market_a", "market_b")
        for f in ("title", "external_id", "platform__slug")
    ),
)
BOOK_FIELDS = (
    "id", "market_id", "captured_at", "exchange_ts", "seq", "source", "yes_bids", "yes_asks",
)


def pair_list(
    *, status: str = "", relation: str = "", platform: str = "", q: str = ""
) -> QuerySet[MarketPair]:
    """Pairs filtered by review status, relation, either side's venue slug and a title search.

    Loads only the listed columns: both markets' rules texts would otherwise be read and sorted
    for every pair. Venue and text filters select markets first (a few thousand rows) and then
    pairs by market id, instead of OR-ing conditions across two joins of the whole pair table.
    """
    qs = (
        MarketPair.objects.select_related("market_a__platform", "market_b__platform", "reviewer")
        .only(*PAIR_LIST_FIELDS)
        .order_by("status", "-similarity", "id")
    )
    if status:
        qs = qs.filter(status=status)
    if relation:
        qs = qs.filter(relation=relation)
    markets = Market.objects.all()
    if platform:
        markets = markets.filter(platform__slug=platform)
    if q:
        markets = markets.filter(Q(title__icontains=q) | Q(external_id__icontains=q))
    if platform or q:
        ids = markets.values("id")
        qs = qs.filter(Q(market_a_id__in=ids) | Q(market_b_id__in=ids))
    return qs


def pair_page(
    *, page_number: int | str | None = 1, per_page: int = PAIRS_PER_PAGE, **filters: str
) -> Page[MarketPair]:
    """One page of pair_list(**filters), with the listed rows loaded.

    Sorting and OFFSET run over pair ids alone, then only the page's 50 rows are joined to
    their markets: sorting 10,000 fully joined rows to show the last page spilled to disk.
    """
    ordered_ids = pair_list(**filters).values_list("id", flat=True)
    # Paginated over ids, then the page's ids are swapped for their loaded pairs.
    page: Page[Any] = Paginator(ordered_ids, per_page).get_page(page_number)
    ids = list(page.object_list)
    rows = pair_list().filter(id__in=ids).in_bulk()
    page.object_list = [rows[i] for i in ids]
    return page


def pair_get(*, pair_id: int) -> MarketPair:
    """One pair with both markets, their venues and latest books; 404 if absent."""
    return get_object_or_404(
        MarketPair.objects.select_related(
            "market_a__platform", "market_b__platform", "market_a__latest_book",
            "market_b__latest_book", "reviewer",
        ),
        pk=pair_id,
    )


def pair_get_with_books(*, pair_id: int) -> MarketPair:
    """One pair with both markets' latest books and nothing else loaded (one query); 404 if absent."""
    legs = [
        f"{leg}__{field}"
        for leg in ("market_a", "market_b")
        for field in ("book_checked_at", *(f"latest_book__{f}" for f in BOOK_FIELDS))
    ]
    return get_object_or_404(
        MarketPair.objects.select_related("market_a__latest_book", "market_b__latest_book").only(
            "id", "orientation", *legs
        ),
        pk=pair_id,
    )


def pair_list_with_markets(*, status: str = "") -> QuerySet[MarketPair]:
    """Pairs with both markets and venues joined, by id; optionally of one review status."""
    qs = MarketPair.objects.select_related("market_a__platform", "market_b__platform").order_by("id")
    return qs.filter(status=status) if status else qs


def market_list_watched() -> QuerySet[Market]:
    """Open markets of every approved pair (traded, or watched by the spread monitor) and of
    every approved outcome set (priced as baskets), by id.

    Their books are polled (or streamed) and kept fresh.
    """
    approved = MarketPair.objects.filter(status=MarketPair.Status.APPROVED)
    set_members = OutcomeSetMember.objects.filter(
        outcome_set__status=OutcomeSet.Status.APPROVED
    ).values("market_id")
    return (
        Market.objects.filter(
            Q(id__in=approved.values("market_a_id")) | Q(id__in=approved.values("market_b_id"))
            | Q(id__in=set_members),
            status=Market.Status.OPEN,
        )
        .select_related("platform")
        .order_by("id")
    )


def pair_list_settled_unchecked(*, also_pair_ids: Iterable[int] = ()) -> QuerySet[MarketPair]:
    """Pairs to judge by settlement: approved pairs (and `also_pair_ids`, e.g. traded pairs no
    longer approved) whose two markets have both settled and that carry no verdict yet, with
    both markets loaded."""
    return (
        MarketPair.objects.filter(
            Q(status=MarketPair.Status.APPROVED) | Q(id__in=list(also_pair_ids)),
            resolution="", market_a__settlement_value__isnull=False,
            market_b__settlement_value__isnull=False,
        )
        .select_related("market_a__platform", "market_b__platform")
        .distinct()
        .order_by("id")
    )


def outcome_set_list_settled_unchecked() -> QuerySet[OutcomeSet]:
    """Approved outcome sets with no settlement verdict yet whose members have all settled
    (members and their markets prefetched)."""
    unsettled = OutcomeSetMember.objects.filter(market__settlement_value__isnull=True)
    return (
        OutcomeSet.objects.filter(status=OutcomeSet.Status.APPROVED, resolution="",
                                  members__isnull=False)
        .exclude(id__in=unsettled.values("outcome_set_id"))
        .prefetch_related("members__market__platform")
        .distinct()
        .order_by("id")
    )


def pair_list_resolved(*, diverged_only: bool = True) -> QuerySet[MarketPair]:
    """Pairs judged by settlement (diverged ones only by default), both markets loaded, by id."""
    qs = MarketPair.objects.exclude(resolution="").select_related(
        "market_a__platform", "market_b__platform"
    )
    if diverged_only:
        qs = qs.filter(resolution=MarketPair.Resolution.DIVERGED)
    return qs.order_by("id")


def outcome_set_list(*, status: str = "", kind: str = "") -> QuerySet[OutcomeSet]:
    """Outcome sets filtered by review status and kind, newest first, members prefetched."""
    qs = OutcomeSet.objects.prefetch_related("members__market__platform").order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def outcome_set_get(*, set_id: int) -> OutcomeSet:
    """One outcome set with its members, their markets and venues (404 when missing)."""
    return get_object_or_404(
        OutcomeSet.objects.prefetch_related("members__market__platform"), pk=set_id
    )


# The member and market columns the basket scan reads (the members query is its largest cost).
BASKET_MEMBER_FIELDS = (
    "id", "outcome_set_id", "market_id", "outcome_key", "rules_hash", "outcome_set__id",
    "outcome_set__exhaustive", *(
        f"market__{name}" for name in (
            "id", "external_id", "status", "rules_hash", "fee_params", "min_order_size",
            "size_increment", "expected_settle_time", "close_time", "book_checked_at", "result",
            "platform__slug", "latest_book__yes_bids", "latest_book__yes_asks",
            "latest_book__exchange_ts", "latest_book__seq", "latest_book__venue_hash",
            "latest_book__source",
        )
    ),
)


def outcome_set_members_approved() -> QuerySet[OutcomeSetMember]:
    """Every member of every approved set, with its set (exhaustive), market, venue and latest
    book, in one query ordered by set then member (the basket scan prices them all; no
    per-member query). Only the columns the scan reads are loaded."""
    return (
        OutcomeSetMember.objects.filter(outcome_set__status=OutcomeSet.Status.APPROVED)
        .select_related("outcome_set", "market__platform", "market__latest_book")
        .only(*BASKET_MEMBER_FIELDS)
        .order_by("outcome_set_id", "id")
    )


def implication_pair_list_approved() -> QuerySet[MarketPair]:
    """Approved implication pairs (a_implies_b, b_implies_a) with both markets, venues and
    latest books loaded (the basket scan prices NO on the premise + YES on the conclusion)."""
    return MarketPair.objects.filter(
        status=MarketPair.Status.APPROVED,
        relation__in=[MarketPair.Relation.A_IMPLIES_B, MarketPair.Relation.B_IMPLIES_A],
    ).select_related(
        "market_a__platform", "market_b__platform", "market_a__latest_book",
        "market_b__latest_book",
    ).order_by("id")


def outcome_set_members_with_books(*, set_id: int) -> QuerySet[OutcomeSetMember]:
    """One set's members with each market, venue and latest book loaded, in member order."""
    return (
        OutcomeSetMember.objects.filter(outcome_set_id=set_id)
        .select_related("market__platform", "market__latest_book")
        .order_by("id")
    )


def outcome_set_counts() -> dict[str, int]:
    """How many outcome sets are in each review status (absent statuses count 0)."""
    counts = dict.fromkeys(OutcomeSet.Status.values, 0)
    for status, n in OutcomeSet.objects.values_list("status").annotate(n=Count("id")):
        counts[status] = n
    return counts
