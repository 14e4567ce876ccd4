"""The in-app inbox for staff: their own notifications, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peygir.accounts.models import User
from peygir.notifications import rendering, selectors, services
from peygir.notifications.step_ids import StepIds


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required let only a real user in
    return user


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.inbox_of(user), 30).get_page(request.GET.get("page"))
    notifications = list(page)
    # A sweep's messages are rendered here, what they name fetched for the page at once.
    rows = list(zip(notifications, rendering.texts(notifications), strict=True))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "rows": rows,
            "unread": selectors.unread_count(user),
            "nav_active": "notifications",
        },
    )


STEPS_PER_PAGE = 100


@login_required
def steps(request: HttpRequest, pk: int) -> HttpResponse:
    """Every step a sweep run's message names, a page at a time (the email lists the first
    few). Only the recipient's own inbox message is found; anything else is a 404."""
    notification = get_object_or_404(selectors.inbox_of(_user(request)), pk=pk, template="steps")
    ids = StepIds(notification.context)  # decoded as far as the page asked for
    page = Paginator(ids, STEPS_PER_PAGE).get_page(request.GET.get("page"))
    items = rendering.step_items(list(page))
    return render(
        request,
        "notifications/steps.html",
        {
            "notification": notification,
            "page": page,
            "items": [items[step] for step in page if step in items],
            "nav_active": "notifications",
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the recipient's own unread message is touched; anything else is a 404.
    if not services.notification_mark_read(user=_user(request), notification_id=pk):
        raise Http404
    return redirect("notifications:inbox")
