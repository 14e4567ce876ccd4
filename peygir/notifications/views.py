"""The in-app inbox for staff: their own notifications, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from peygir.accounts.models import User
from peygir.notifications import rendering, selectors, services


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


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the recipient's own unread message is touched; anything else is a 404.
    if not services.notification_mark_read(user=_user(request), notification_id=pk):
        raise Http404
    return redirect("notifications:inbox")
