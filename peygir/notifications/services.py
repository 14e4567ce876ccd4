"""Queue notifications and deliver them: email through Django's mailers, and the inbox.

Queuing writes rows in the caller's transaction (the outbox pattern): the message exists
exactly when the step that caused it committed. Delivery happens later, in the worker, and
renders the messages queued with a template and context (see `rendering`).
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from peygir.accounts.models import User
from peygir.followup.rows import insert_prepare
from peygir.notifications import rendering
from peygir.notifications.models import Channel, Notification
from peygir.notifications.rendering import render
from peygir.resolutions.models import Resolution

logger = logging.getLogger(__name__)

MAX_BACKOFF = datetime.timedelta(hours=6)
# A claimed email is someone's for this long; if its worker dies, another takes it after.
LEASE = datetime.timedelta(minutes=5)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait 1, 2, 4, 8 … minutes after each failure, never more than six hours."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


__all__ = ["Message", "notification_queue", "notifications_deliver", "render"]


@dataclass
class Message:
    """One message for several users; `key` names what it is about, to store it once.

    Either rendered (`text`, `html`) or to be rendered at delivery from `template` and a
    JSON `context` (a template of `rendering.CONTEXTS`); the email is rendered from
    `email_context` when it says less than the inbox (a run's first steps, not all).
    """

    users: Iterable[User]
    kind: str
    subject: str
    key: str
    resolution: Resolution | int | None = None
    text: str = ""
    html: str = ""
    template: str = ""
    context: dict[str, Any] | None = None
    email_context: dict[str, Any] | None = None


# The outbox's columns, in the order `notifications_queue_many` writes them.
COLUMNS = (
    "recipient", "email", "channel", "kind", "subject", "body_text", "body_html", "template",
    "context", "resolution", "dedupe_key", "created_at", "due_at", "next_attempt_at",
    "sent_at", "attempts", "last_error",
)  # fmt: skip


@transaction.atomic
def notifications_queue_many(messages: Iterable[Message], *, known_new: bool = False) -> int:
    """Queue an inbox row, and an email row when the user has an address, per user and
    message. Return how many rows were new; a key already queued is never queued again.

    Rows are written as plain tuples (a sweep queues tens of thousands at once). With
    `known_new` the caller vouches that no key was queued before (the sweep: each names a
    step it has just taken), so the keys are not looked up first; a repeat would still be
    skipped by the unique key, only the count returned would include it."""
    now = timezone.now()
    rows: list[tuple[object, ...]] = []
    for message in messages:
        resolution_id = getattr(message.resolution, "pk", message.resolution)
        emailed = message.context if message.email_context is None else message.email_context
        for user in {user.pk: user for user in message.users}.values():
            head = (message.kind, message.subject, message.text, message.html, message.template)
            key = f"{message.key}:{user.pk}"
            inbox = (user.pk, "", Channel.INBOX.value, *head, message.context, resolution_id)
            rows.append((*inbox, f"{key}:inbox", now, now, now, now, 0, ""))  # delivered now
            if user.email:
                email = (user.pk, user.email, Channel.EMAIL.value, *head, emailed, resolution_id)
                rows.append((*email, f"{key}:email", now, now, now, None, 0, ""))
    existing: set[str] = set()
    keys = [] if known_new else [row[10] for row in rows]
    for i in range(0, len(keys), 5000):  # stay under SQLite's bound-parameter limit
        existing.update(
            Notification.objects.filter(dedupe_key__in=keys[i : i + 5000]).values_list(
                "dedupe_key", flat=True
            )
        )
    new = [row for row in rows if row[10] not in existing]
    insert_prepare(Notification, COLUMNS, new, ignore_conflicts=True, batch_size=1000)()
    return len(new)


def notification_queue(
    *,
    users: Iterable[User],
    kind: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    key: str,
    resolution: Resolution | None = None,
) -> int:
    """Render one message from `template` and queue it for each user (see above)."""
    text, html = render(template, context)
    return notifications_queue_many(
        [Message(users, kind, subject, key, resolution, text=text, html=html)]
    )


def _claim(notification: Notification, now: datetime.datetime) -> bool:
    """Take the row for this worker; False when another worker took it first."""
    claimed = Notification.objects.filter(
        pk=notification.pk, sent_at__isnull=True, next_attempt_at=notification.next_attempt_at
    ).update(next_attempt_at=now + LEASE)
    return claimed == 1


def _send(notification: Notification, text: str, html: str) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def notifications_deliver(*, limit: int = 200) -> dict[str, int]:
    """Send the emails that are due; a failure is kept and retried later with backoff.

    Messages queued with a template are rendered here, what they need fetched for the whole
    batch at once; a sent email keeps the body it was sent with.
    """
    now = timezone.now()
    due = list(
        Notification.objects.filter(
            channel=Channel.EMAIL, sent_at__isnull=True, next_attempt_at__lte=now
        )
        .select_related("resolution")
        .order_by("next_attempt_at", "id")[:limit]
    )
    prepared = rendering.contexts(due)
    sent = failed = 0
    for notification in due:
        if not _claim(notification, now):
            continue
        try:
            text, html = rendering.body(notification, prepared)
            _send(notification, text, html)
        except Exception as error:  # any failure must keep the row for a retry
            attempts = notification.attempts + 1
            Notification.objects.filter(pk=notification.pk).update(
                attempts=attempts,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                next_attempt_at=timezone.now() + backoff(attempts),
            )
            logger.warning("Email %s failed (attempt %s): %s", notification.pk, attempts, error)
            failed += 1
        else:
            Notification.objects.filter(pk=notification.pk).update(
                attempts=notification.attempts + 1,
                sent_at=timezone.now(),
                last_error="",
                body_text=text,
                body_html=html,
            )
            sent += 1
    return {"sent": sent, "failed": failed}


def notification_mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's inbox messages read; False when it is not theirs."""
    return (
        Notification.objects.filter(
            pk=notification_id, recipient=user, channel=Channel.INBOX, read_at__isnull=True
        ).update(read_at=timezone.now())
        == 1
    )
