"""Server-rendered dashboard pages.

Each view checks permission, makes one selector or service call, then renders or redirects.
Every page needs a login. Reviewing a pair needs similarity.review_marketpair and flipping the
kill switch trading.set_kill_switch (the API's and the admin's checks too); anyone else gets 403
for a POST and sees no buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from common.errors import ApplicationError
from dashboard import selectors
from dashboard.forms import KillSwitchForm, PairFilterForm, ReplayForm
from replay.models import ReplayRun
from replay.services import replay_request, tape_path_allowed
from similarity.forms import PairReviewForm
from similarity.permissions import can_review_pairs
from similarity.selectors import pair_get, pair_page
from similarity.services import pair_approve, pair_reject
from trading.permissions import can_set_kill_switch
from trading.services import kill_switch_set

View = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    """HttpRequest as django-htmx's middleware leaves it (the typing django-htmx documents)."""

    htmx: HtmxDetails


def login_required_page(view: View) -> View:
    """login_required that also works for htmx polls: an expired session sends the whole
    browser tab to the login page instead of swapping the login form into a table."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.htmx:
            next_url = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
        return redirect_to_login(request.get_full_path())

    return wrapped


def allowed_if(check: Callable[[object], bool]) -> Callable[[View], View]:
    """403 unless check(user) (anonymous included: a POST cannot survive a login)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@require_GET
@login_required_page
@vary_on_headers("HX-Request")
def home(request: HtmxHttpRequest) -> HttpResponse:
    """Opportunities now and venue health; htmx polls this URL for the live part alone."""
    context = selectors.live_overview()
    template = "dashboard/_live.html" if request.htmx else "dashboard/home.html"
    return render(request, template, context)


@require_GET
@login_required_page
def pair_list(request: HttpRequest) -> HttpResponse:
    form = PairFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page = pair_page(page_number=request.GET.get("page"), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "dashboard/pair_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_valid() else 400,
    )


@require_GET
@login_required_page
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    context = selectors.pair_detail(pair_id=pair_id)
    pair = context["pair"]
    context["form"] = PairReviewForm(
        initial={"decision": "approve", "relation": pair.relation, "orientation": pair.orientation}
    )
    return render(request, "dashboard/pair_detail.html", context)


@require_POST
@allowed_if(can_review_pairs)
def pair_review(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Approve or reject a pair (review permission); an invalid verdict re-renders the page."""
    pair = pair_get(pair_id=pair_id)
    form = PairReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        # can_review_pairs let only a signed-in user through; never an AnonymousUser.
        assert isinstance(request.user, AbstractBaseUser)
        try:
            if data["decision"] == "approve":
                pair_approve(
                    pair=pair, reviewer=request.user, relation=data["relation"],
                    orientation=data["orientation"], reason=data["reason"],
                )
            else:
                pair_reject(pair=pair, reviewer=request.user, reason=data["reason"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Pair {pair.pk} {pair.status}.")
            return redirect("dashboard:pair_detail", pair_id=pair.pk)
    context = {**selectors.pair_detail(pair_id=pair_id), "form": form}
    return render(request, "dashboard/pair_detail.html", context, status=400)


@require_GET
@login_required_page
@vary_on_headers("HX-Request")
def health(request: HtmxHttpRequest) -> HttpResponse:
    """Venue health (sync, books, errors, rate limits, job progress), trading mode, kill switch."""
    context = {**selectors.health_overview(), "kill_form": KillSwitchForm()}
    template = "dashboard/_venues.html" if request.htmx else "dashboard/health.html"
    return render(request, template, context)


@require_POST
@allowed_if(can_set_kill_switch)
def kill_switch_toggle(request: HttpRequest) -> HttpResponse:
    """Turn the DB kill switch on or off (kill switch permission), then show the health page."""
    form = KillSwitchForm(request.POST)
    if not form.is_valid():
        context = {**selectors.health_overview(), "kill_form": form}
        return render(request, "dashboard/health.html", context, status=400)
    switch = kill_switch_set(
        enabled=form.cleaned_data["enabled"], user=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, f"Kill switch {'ON: no new attempts' if switch.enabled else 'off'}.")
    return redirect("dashboard:health")


@require_GET
@login_required_page
def basket_list(request: HttpRequest) -> HttpResponse:
    """Open basket opportunities (outcome sets and implication pairs), most profitable first."""
    return render(request, "dashboard/basket_list.html", selectors.basket_overview())


@require_GET
@login_required_page
def basket_detail(request: HttpRequest, basket_id: int) -> HttpResponse:
    """One basket: its legs, every member's venue and book, its history and spread."""
    context = selectors.basket_detail(basket_id=basket_id)
    if context is None:
        raise Http404("no such basket opportunity")
    return render(request, "dashboard/basket_detail.html", context)


@require_GET
@login_required_page
def trading(request: HttpRequest) -> HttpResponse:
    """Attempts, orders, fills, and realised P&L per pair and per day."""
    return render(request, "dashboard/trading.html", selectors.trading_overview())


@require_GET
@login_required_page
@vary_on_headers("HX-Request")
def replay_list(request: HtmxHttpRequest) -> HttpResponse:
    """Replays with their progress and totals; htmx polls the table while one runs."""
    context = {**selectors.replay_overview(with_latest=not request.htmx), "form": ReplayForm()}
    template = "dashboard/_replays.html" if request.htmx else "dashboard/replay_list.html"
    return render(request, template, context)


@require_POST
@allowed_if(lambda user: bool(getattr(user, "is_staff", False)))
def replay_start(request: HttpRequest) -> HttpResponse:
    """Queue a replay (staff); a bad request re-renders the page with the reason."""
    form = ReplayForm(request.POST)
    if form.is_valid():
        values = form.request()
        try:
            if values["tape"]:
                values["tape"] = str(tape_path_allowed(values["tape"]))
            run = replay_request(request=values, user=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Replay {run.pk} queued.")
            return redirect("dashboard:replay_list")
    context = {**selectors.replay_overview(), "form": form}
    return render(request, "dashboard/replay_list.html", context, status=400)


@require_GET
@login_required_page
def replay_detail(request: HttpRequest, replay_id: int) -> HttpResponse:
    """One replay: what was asked, totals, the equity curve and the table per pair."""
    try:
        context = selectors.replay_detail(replay_id=replay_id)
    except ReplayRun.DoesNotExist:
        raise Http404("no such replay") from None
    return render(request, "dashboard/replay_detail.html", context)
