"""The moderators' queue: filter by reason, decide with one key, decide many at once."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required as django_login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peygir.accounts.models import User
from peygir.comments import services
from peygir.comments.choices import Reason
from peygir.comments.forms import BulkDecisionForm, DecisionForm
from peygir.comments.permissions import can_decide, is_senior
from peygir.comments.selectors import (
    QUEUE_APPEALS,
    QUEUE_DECIDED,
    QUEUE_HELD,
    comment_get_for_moderator,
    moderation_queue,
    queue_counts,
)
from peygir.comments.targets import target_url
from peygir.comments.views import first_template

PAGE_SIZE = 50


def _login_url() -> str:
    # The staff workspace's login page when it is there (the admin's refuses non-staff).
    try:
        return reverse("workspace:login")
    except NoReverseMatch:
        return str(settings.LOGIN_URL)


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return django_login_required(view, login_url=_login_url())(request, *args, **kwargs)

    return wrapped


def staff_base() -> str:
    """The staff workspace's frame when it is there; this app's own otherwise."""
    return first_template("peygir/staff_base.html", "comments/staff_base.html")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _back(request: HttpRequest) -> HttpResponseRedirect:
    query = request.POST.get("back", "")
    return HttpResponseRedirect(reverse("comments:moderate") + (f"?{query}" if query else ""))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("queue", QUEUE_HELD)
    reason = request.GET.get("reason", "")
    comments = moderation_queue(request.user, queue=name, reason=reason)
    page = Paginator(comments, PAGE_SIZE).get_page(request.GET.get("page"))
    user = _user(request)
    rows = [
        {
            "comment": c,
            "target_url": target_url(c.target) if c.target is not None else "",
            "decidable": can_decide(user, c),
        }
        for c in page.object_list
    ]
    return render(
        request,
        "comments/moderate.html",
        {
            "base_template": staff_base(),
            "nav_active": "comments",
            "rows": rows,
            "page": page,
            "queue": name,
            "queues": [
                (QUEUE_HELD, _("Held")),
                (QUEUE_APPEALS, _("Appeals")),
                (QUEUE_DECIDED, _("Decided")),
            ],
            "reason": reason,
            "reasons": Reason.choices,
            "counts": queue_counts(),
            "is_senior": is_senior(user),
            "back": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_get_for_moderator(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose publish or do not publish."))
        return _back(request)
    try:
        services.comment_decide(
            actor=_user(request),
            comment=comment,
            publish=form.publish,
            reasons=form.cleaned_data["reasons"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return _back(request)
    messages.success(request, _("Decision recorded."))
    return _back(request)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    comments = moderation_queue(request.user, queue=request.POST.get("queue", QUEUE_HELD))
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    form = BulkDecisionForm(request.POST, choices=ids)
    if not form.is_valid():
        messages.error(request, _("Choose at least one comment and a decision."))
        return _back(request)
    done, skipped = services.comments_decide_bulk(
        actor=_user(request),
        comments=comments.filter(pk__in=form.cleaned_data["ids"]),
        publish=form.publish,
        reasons=form.cleaned_data["reasons"],
    )
    messages.success(
        request,
        _("%(done)s comments decided, %(skipped)s skipped.") % {"done": done, "skipped": skipped},
    )
    return _back(request)
