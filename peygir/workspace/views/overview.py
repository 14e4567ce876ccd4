"""The province overview and the weekly follow-up list (the stocktake agenda)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from peygir.accounts.models import Role
from peygir.accounts.selectors import user_scope
from peygir.tallies.freshness import stored_counts_served
from peygir.workspace.selectors import overview_for, weekly_agenda_first
from peygir.workspace.views.common import staff_required


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page they start their day on."""
    scope = user_scope(request.user)
    if scope.province_wide:
        return redirect("workspace:overview")
    if Role.OFFICER in scope.roles:
        return redirect("workspace:inbox")
    return redirect("workspace:resolution_list")


@staff_required
def province_overview(request: HttpRequest) -> HttpResponse:
    with stored_counts_served() as served:  # it says when figures await the worker's count
        overview = overview_for(request.user)
    context = {"overview": overview, "served": served, "nav_active": "overview"}
    return render(request, "workspace/overview.html", context)


# The weekly page shows the agenda's first rows; at national scale the whole agenda is
# hundreds of thousands of rows, which no one reads on a page (the PDF counts each section).
AGENDA_PAGE_ROWS = 300


@staff_required
def weekly_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    agenda = weekly_agenda_first(request.user, AGENDA_PAGE_ROWS + 1)
    context = {
        "agenda": agenda[:AGENDA_PAGE_ROWS],
        "more": len(agenda) > AGENDA_PAGE_ROWS,
        "shown": AGENDA_PAGE_ROWS,
        "today": today,
        "week_end": today + datetime.timedelta(days=7),
        "nav_active": "weekly",
    }
    return render(request, "workspace/weekly.html", context)
