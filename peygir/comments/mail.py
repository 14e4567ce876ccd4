"""The decision email: Persian, right to left, HTML with a plain-text twin.

Sent through Django's mail framework (settings.MAILERS); a failure is logged and never
undoes the decision, which stays in the moderation log.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from peygir.comments.choices import Reason, State
from peygir.comments.models import Comment
from peygir.comments.targets import target_title, target_url

log = logging.getLogger(__name__)
APPEAL_SALT = "peygir.comments.appeal"
APPEAL_MAX_AGE = 30 * 24 * 3600


def appeal_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=APPEAL_SALT, compress=True)


def appeal_comment_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=APPEAL_SALT, max_age=APPEAL_MAX_AGE))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _absolute(path: str) -> str:
    return settings.PEYGIR_PUBLIC_URL.rstrip("/") + path if path else ""


def send_decision(comment: Comment) -> None:
    """Mail the commenter whether the comment was published, and if not, why."""
    target = comment.target
    title = target_title(target) if target is not None else ""
    published = comment.state == State.PUBLISHED
    appeal_url = ""
    if comment.state == State.REJECTED and not comment.is_appealed:
        appeal_url = _absolute(reverse("comments:appeal", args=[appeal_token(comment)]))
    context = {
        "comment": comment,
        "title": title,
        "published": published,
        "reasons": [Reason(r).label for r in comment.reasons if r in Reason.values],
        "item_url": _absolute(target_url(target)) if target is not None else "",
        "appeal_url": appeal_url,
    }
    if published:
        subject = _("Your comment on «%(title)s» was published") % {"title": title}
    else:
        subject = _("Your comment on «%(title)s» was not published") % {"title": title}
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("comments/email/decision.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[comment.email],
    )
    message.attach_alternative(
        render_to_string("comments/email/decision.html", context), "text/html"
    )
    try:
        message.send()
    except OSError:
        log.exception("Could not mail the decision on comment %s", comment.pk)
