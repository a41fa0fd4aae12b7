"""The review queue: proposed pairs with both sides side by side; approve or reject with a verdict."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from common.auth import request_user
from common.errors import ApplicationError
from similarity.forms import PairReviewForm
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember
from similarity.outcome_sets import outcome_set_approve, outcome_set_reject
from similarity.permissions import can_review_pairs
from similarity.services import pair_approve, pair_reject
from similarity.text_diff import highlight_diff


def findings_summary(findings: list[dict[str, str]]) -> str:
    """ "all pass", or how many guards warned / failed, for the queue's list view."""
    levels = [f.get("level") for f in findings or []]
    parts = [f"{levels.count(level)} {level}" for level in ("fail", "warn") if level in levels]
    return ", ".join(parts) if parts else ("all pass" if levels else "—")


@admin.register(MarketPair)
class MarketPairAdmin(admin.ModelAdmin[MarketPair]):
    list_display = (
        "id", "question_a", "question_b", "closes", "similarity", "confidence", "relation",
        "orientation", "guard_summary", "status", "reviewer", "review_link",
    )
    list_filter = ("status", "relation", "orientation")
    search_fields = ("market_a__title", "market_b__title", "market_a__external_id", "market_b__external_id")
    raw_id_fields = ("market_a", "market_b")
    # The verdict changes only through the review view (and its permission), never by editing.
    readonly_fields = (
        "status", "relation", "orientation", "reason", "reviewer", "reviewed_at",
        "rules_hash_a", "rules_hash_b", "close_time_a", "close_time_b",
    )
    list_select_related = ("market_a", "market_b", "reviewer")
    ordering = ("status", "-similarity")
    actions = ("reject_selected",)

    @admin.display(description="Question A (Kalshi side)")
    def question_a(self, obj: MarketPair) -> str:
        return obj.market_a.title

    @admin.display(description="Question B (Polymarket side)")
    def question_b(self, obj: MarketPair) -> str:
        return obj.market_b.title

    @admin.display(description="Closes (A / B)")
    def closes(self, obj: MarketPair) -> str:
        fmt = "%Y-%m-%d %H:%M"
        a, b = obj.market_a.close_time, obj.market_b.close_time
        return f"{a.strftime(fmt) if a else '?'} / {b.strftime(fmt) if b else '?'}"

    @admin.display(description="Guards")
    def guard_summary(self, obj: MarketPair) -> str:
        return findings_summary(obj.findings)

    @admin.display(description="Review")
    def review_link(self, obj: MarketPair) -> str:
        url = reverse("admin:similarity_marketpair_review", args=[obj.pk])
        return format_html('<a href="{}">review</a>', url)

    def get_urls(self):  # type: ignore[no-untyped-def]
        custom = [
            path(
                "<int:pk>/review/", self.admin_site.admin_view(self.review_view),
                name="similarity_marketpair_review",
            )
        ]
        return custom + super().get_urls()

    def has_review_permission(self, request: HttpRequest) -> bool:
        """The API's and the dashboard's check (similarity/permissions.py); the admin site has
        already required a staff login."""
        return can_review_pairs(request.user)

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        pair = get_object_or_404(
            MarketPair.objects.select_related("market_a__event", "market_b__event", "market_a__platform", "market_b__platform"),
            pk=pk,
        )
        if not self.has_review_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = PairReviewForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    if data["decision"] == "approve":
                        pair_approve(
                            pair=pair, reviewer=request_user(request), relation=data["relation"],
                            orientation=data["orientation"], reason=data["reason"],
                        )
                    else:
                        pair_reject(pair=pair, reviewer=request_user(request), reason=data["reason"])
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, f"Pair {pair.pk} {pair.status}.")
                    return HttpResponseRedirect(reverse("admin:similarity_marketpair_changelist"))
        else:
            form = PairReviewForm(
                initial={"relation": pair.relation, "orientation": pair.orientation, "decision": "approve"}
            )
        rules_a, rules_b = highlight_diff(pair.market_a.rules_text, pair.market_b.rules_text)
        question_a, question_b = highlight_diff(pair.market_a.title, pair.market_b.title)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Review pair {pair.pk}",
            "pair": pair,
            "form": form,
            "rules_a": rules_a,
            "rules_b": rules_b,
            "question_a": question_a,
            "question_b": question_b,
            "guard_summary": findings_summary(pair.findings),
            "close_gap_h": _close_gap_h(pair),
        }
        return TemplateResponse(request, "admin/similarity/marketpair/review.html", context)

    @admin.action(description="Reject selected pairs", permissions=["review"])
    def reject_selected(self, request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
        n = 0
        for pair in queryset.select_related("market_a", "market_b"):
            pair_reject(pair=pair, reviewer=request_user(request), reason="rejected in bulk from the review queue")
            n += 1
        messages.success(request, f"{n} pairs rejected.")


def _close_gap_h(pair: MarketPair) -> float | None:
    a, b = pair.market_a.close_time, pair.market_b.close_time
    return None if a is None or b is None else round(abs((a - b).total_seconds()) / 3600, 1)


class OutcomeSetMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OutcomeSetMember
    fields = ("market", "label", "outcome_key", "is_catch_all", "rules_hash")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutcomeSet)
class OutcomeSetAdmin(admin.ModelAdmin[OutcomeSet]):
    """Review of outcome sets: approve (as exhaustive or not) or reject, with the review
    permission (similarity.review_marketpair), never by editing the row."""

    list_display = ("id", "title", "kind", "member_count", "open_ended", "catch_all", "exhaustive",
                    "status", "reviewer", "resolution")
    list_filter = ("status", "kind", "exhaustive", "open_ended", "resolution")
    search_fields = ("title", "key")
    readonly_fields = (
        "key", "kind", "status", "exhaustive", "open_ended", "source_a", "source_b", "reviewer",
        "reviewed_at", "reason", "resolution", "resolution_detail", "resolution_checked_at",
    )
    inlines = (OutcomeSetMemberInline,)
    actions = ("approve_selected", "approve_exhaustive_selected", "reject_selected")

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).prefetch_related("members").select_related("reviewer")

    @admin.display(description="Members")
    def member_count(self, obj: OutcomeSet) -> int:
        return len(obj.members.all())

    @admin.display(description="Catch-all", boolean=True)
    def catch_all(self, obj: OutcomeSet) -> bool:
        return obj.has_catch_all

    def has_review_permission(self, request: HttpRequest) -> bool:
        """The same permission as pair review (similarity/permissions.py)."""
        return can_review_pairs(request.user)

    def _review(self, request: HttpRequest, queryset, decision: str) -> None:  # type: ignore[no-untyped-def]
        done, refused = 0, []
        for outcome_set in queryset:
            try:
                if decision == "reject":
                    outcome_set_reject(
                        outcome_set=outcome_set, reviewer=request_user(request),
                        reason="rejected from the admin",
                    )
                else:
                    outcome_set_approve(
                        outcome_set=outcome_set, reviewer=request_user(request),
                        exhaustive=decision == "exhaustive",
                        reason="approved from the admin"
                        + (" as exhaustive" if decision == "exhaustive" else ""),
                    )
            except ApplicationError as exc:
                refused.append(f"set {outcome_set.pk}: {exc.message}")
            else:
                done += 1
        if done:
            messages.success(request, f"{done} outcome sets {'rejected' if decision == 'reject' else 'approved'}.")
        for text in refused:
            messages.error(request, text)

    @admin.action(description="Approve selected sets (not exhaustive: NO baskets only)", permissions=["review"])
    def approve_selected(self, request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
        self._review(request, queryset, "approve")

    @admin.action(description="Approve selected sets and confirm them exhaustive", permissions=["review"])
    def approve_exhaustive_selected(self, request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
        self._review(request, queryset, "exhaustive")

    @admin.action(description="Reject selected sets", permissions=["review"])
    def reject_selected(self, request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
        self._review(request, queryset, "reject")
