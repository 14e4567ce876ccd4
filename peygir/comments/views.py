"""Citizens' pages: post a comment, appeal a decision, read the monthly report."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from peygir.comments import services
from peygir.comments.choices import State
from peygir.comments.forms import AppealForm, CommentForm
from peygir.comments.mail import appeal_comment_id
from peygir.comments.models import Comment
from peygir.comments.selectors import moderation_report
from peygir.comments.targets import target_get_public, target_title, target_url
from peygir.persian import date_to_jalali, month_name


def first_template(*names: str) -> str:
    """Return the first of *names* that exists: the apps beside this one land at their pace."""
    name: str = select_template(list(names)).template.name  # type: ignore[attr-defined]
    return name


def public_base() -> str:
    """The portal's page frame when it is there; this app's own otherwise."""
    return first_template("portal/base.html", "comments/base.html")


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR is what the server saw; a reverse proxy must be configured to set it.
    return str(request.META.get("REMOTE_ADDR") or "")


@require_http_methods(["GET", "POST"])
def post(request: HttpRequest) -> HttpResponse:
    """Post a comment; on GET (?kind=promise&target=…), show the form on a page of its own."""
    data = request.POST if request.method == "POST" else request.GET
    target = target_get_public(data.get("kind", ""), _int(data.get("target")))
    if target is None:
        raise Http404
    if request.method == "GET":
        form = CommentForm(initial={"kind": data.get("kind"), "target": target.pk})
        return render(
            request,
            "comments/post.html",
            {
                "base_template": public_base(),
                "target": target,
                "target_title": target_title(target),
                "target_url": target_url(target),
                "comment_form": form,
                "blank": True,
            },
        )
    form = CommentForm(request.POST)
    context = {
        "base_template": public_base(),
        "target": target,
        "target_title": target_title(target),
        "target_url": target_url(target),
        "comment_form": form,
    }
    if form.is_bot:
        # Looks like success to the bot; nothing is stored.
        return render(request, "comments/posted.html", {**context, "state": State.HELD})
    if not form.is_valid():
        return render(request, "comments/post.html", context, status=400)
    try:
        comment = services.comment_post(
            target=target,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            text=form.cleaned_data["text"],
            ip=_client_ip(request),
        )
    except services.RateLimited:
        return render(request, "comments/post.html", {**context, "rate_limited": True}, status=429)
    return render(
        request, "comments/posted.html", {**context, "state": comment.state, "comment": comment}
    )


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, token: str) -> HttpResponse:
    pk = appeal_comment_id(token)
    comment = Comment.objects.filter(pk=pk).first() if pk else None
    if comment is None:
        raise Http404
    context: dict[str, object] = {"base_template": public_base(), "comment": comment}
    if comment.is_appealed or comment.state != State.REJECTED:
        return render(request, "comments/appeal.html", {**context, "closed": True})
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_appeal(comment=comment, text=form.cleaned_data["text"])
        return render(request, "comments/appeal.html", {**context, "sent": True})
    return render(request, "comments/appeal.html", {**context, "form": form})


def report(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    today_year, today_month, _ = date_to_jalali(timezone.localdate())
    year, month = year or today_year, month or today_month
    if not (1 <= month <= 12 and 1390 <= year <= today_year):
        raise Http404
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    if following > (today_year, today_month):
        following = None  # type: ignore[assignment]
    return render(
        request,
        "comments/report.html",
        {
            "base_template": public_base(),
            "report": moderation_report(year, month),
            "month_name": month_name(month),
            "previous": previous,
            "following": following,
        },
    )
