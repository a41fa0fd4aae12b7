"""Server-rendered dashboard pages. Views: permission, one selector call, render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = selectors.dashboard_overview()
    template = "dashboard/_overview.html" if request.htmx else "dashboard/home.html"
    return render(request, template, context)
