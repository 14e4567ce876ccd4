"""Every write to comments: posting (with the screen), deciding, appealing.

Each writes its entry in the append-only moderation log and mails the decision after
the transaction commits.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.comments import mail, screening
from peygir.comments.choices import Decision, Reason, State
from peygir.comments.models import Comment, ModerationDecision
from peygir.comments.permissions import can_decide
from peygir.comments.ratelimit import private_hash, rate_hit
from peygir.comments.selectors import screening_names
from peygir.comments.targets import target_text
from peygir.persian import normalize_input

_STATE_OF = {
    screening.PUBLISH: State.PUBLISHED,
    screening.HOLD: State.HELD,
    screening.REJECT: State.REJECTED,
}
_RECENT_OWN = datetime.timedelta(days=1)
_RECENT_ON_TARGET = datetime.timedelta(days=7)


class RateLimited(Exception):
    """Too many comments from one address or one email in the current window."""


def _log(
    comment: Comment,
    decision: Decision,
    *,
    actor: User | None = None,
    reasons: Sequence[str] = (),
    signals: dict[str, object] | None = None,
    note: str = "",
    is_appeal: bool = False,
) -> ModerationDecision:
    return ModerationDecision.objects.create(
        comment=comment,
        decision=decision,
        actor=actor,
        reasons=list(reasons),
        signals=signals or {},
        note=note,
        is_appeal=is_appeal,
    )


def _mail_on_commit(comment: Comment) -> None:
    pk = comment.pk
    transaction.on_commit(lambda: mail.send_decision(Comment.objects.get(pk=pk)))


@transaction.atomic
def comment_post(*, target: models.Model, name: str, email: str, text: str, ip: str) -> Comment:
    """Screen a citizen's comment and store it published, held or rejected.

    Raises RateLimited (nothing is stored) when the address or the email has posted too
    often in the current window.
    """
    ip_hash = private_hash("ip", ip) if ip else ""
    email_hash = private_hash("email", email)
    if (ip_hash and not rate_hit(kind="ip", key_hash=ip_hash)) or not rate_hit(
        kind="email", key_hash=email_hash
    ):
        raise RateLimited
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(target)
    same_writer = models.Q(email_hash=email_hash)
    if ip_hash:
        same_writer |= models.Q(ip_hash=ip_hash)
    own = Comment.objects.filter(same_writer, created_at__gte=now - _RECENT_OWN)
    others = Comment.objects.filter(
        target_type=content_type, target_id=target.pk, created_at__gte=now - _RECENT_ON_TARGET
    ).exclude(email_hash=email_hash)
    verdict = screening.screen(
        text,
        context=target_text(target),
        names=screening_names(),
        own_recent=list(own.values_list("text", flat=True)[:50]),
        others_recent=list(others.values_list("text", flat=True)[:200]),
    )
    state = _STATE_OF[verdict.decision]
    comment = Comment.objects.create(
        target_type=content_type,
        target_id=target.pk,
        name=normalize_input(name),
        email=email.strip(),
        text=normalize_input(text),
        ip_hash=ip_hash,
        email_hash=email_hash,
        state=state,
        reasons=verdict.reasons,
        signals={"scores": verdict.scores, **verdict.signals},
        needs_senior=verdict.needs_senior,
        created_at=now,
        decided_at=None if state == State.HELD else now,
    )
    _log(comment, Decision(state), reasons=verdict.reasons, signals=comment.signals)
    if state != State.HELD:
        _mail_on_commit(comment)
    return comment


@transaction.atomic
def comment_decide(
    *,
    actor: User,
    comment: Comment,
    publish: bool,
    reasons: Iterable[str] = (),
    note: str = "",
) -> Comment:
    """Publish or reject a held (or appealed) comment as a moderator."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not can_decide(actor, comment):
        raise PermissionDenied(_("You may not decide on this comment."))
    on_appeal = comment.is_appealed and comment.appeal_decided_at is None
    if comment.state != State.HELD and not on_appeal:
        raise ValidationError(_("This comment has already been decided."), code="decided")
    chosen = [str(Reason(r)) for r in reasons]
    if not publish and not chosen:
        chosen = list(comment.reasons)
    if not publish and not chosen:
        raise ValidationError(
            _("Choose at least one reason from the policy to reject a comment."), code="reason"
        )
    now = timezone.now()
    comment.state = State.PUBLISHED if publish else State.REJECTED
    comment.reasons = [] if publish else chosen
    comment.decided_by = actor
    comment.decided_at = now
    fields = ["state", "reasons", "decided_by", "decided_at"]
    if on_appeal:
        comment.appeal_decided_at = now
        fields.append("appeal_decided_at")
    comment.save(update_fields=fields)
    _log(
        comment,
        Decision(comment.state),
        actor=actor,
        reasons=comment.reasons,
        signals=comment.signals,
        note=note,
        is_appeal=on_appeal,
    )
    _mail_on_commit(comment)
    return comment


def comments_decide_bulk(
    *, actor: User, comments: Iterable[Comment], publish: bool, reasons: Iterable[str] = ()
) -> tuple[int, int]:
    """Decide many comments; skip the ones this moderator may not decide. Return (done, skipped)."""
    done = skipped = 0
    chosen = list(reasons)
    for comment in comments:
        try:
            comment_decide(actor=actor, comment=comment, publish=publish, reasons=chosen)
            done += 1
        except (PermissionDenied, ValidationError):
            skipped += 1
    return done, skipped


@transaction.atomic
def comment_appeal(*, comment: Comment, text: str) -> Comment:
    """Record the commenter's one appeal against a rejection; another moderator decides it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_appealed:
        raise ValidationError(_("A comment can be appealed only once."), code="appealed")
    if comment.state != State.REJECTED:
        raise ValidationError(
            _("Only a comment that was not published can be appealed."), code="state"
        )
    comment.appeal_text = normalize_input(text)
    comment.appealed_at = timezone.now()
    comment.save(update_fields=["appeal_text", "appealed_at"])
    _log(comment, Decision.APPEALED, note=comment.appeal_text, is_appeal=True)
    return comment


# The email serves only to send the decision and to let the writer appeal (the appeal link
# lives 30 days); after this it is personal data kept for no purpose.
EMAIL_RETENTION = datetime.timedelta(days=90)


@transaction.atomic
def comment_emails_purge(*, older_than: datetime.timedelta = EMAIL_RETENTION) -> int:
    """Erase the email (and its hash) of comments decided long ago; return how many."""
    cutoff = timezone.now() - older_than
    stale = Comment.objects.filter(decided_at__lt=cutoff).exclude(email="")
    stale = stale.exclude(appealed_at__isnull=False, appeal_decided_at__isnull=True)
    return stale.update(email="", email_hash="")
