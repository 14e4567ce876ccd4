"""Update emails: find the events citizens follow and mail each subscriber once per event.

The portal only reads the timeline. A cursor remembers the last event read; the recent
window is read again on every run so that an event committed late by a slow transaction
is not skipped, and the (event, email) unique pair makes every run idempotent.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from peygir.portal import mail
from peygir.portal.models import Delivery, Subscription, UpdateCursor
from peygir.portal.timeline import event_summary, public_note
from peygir.resolutions.choices import EventKind, Visibility
from peygir.resolutions.models import ResolutionEvent

logger = logging.getLogger(__name__)

UPDATE_KINDS = (EventKind.STATUS_CHANGED, EventKind.RATED, EventKind.DEADLINE_REVISED)
RESCAN = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class UpdateReport:
    # The followed events read past the cursor: the recent window read again each run is
    # not counted, or the worker's log would repeat a line every round for ten minutes.
    events: int
    queued: int
    sent: int
    failed: int


def _update_events(last_id: int, batch: int) -> tuple[list[ResolutionEvent], int]:
    """Return the followed events to read now, and the id the cursor may move to."""
    # Status changes are internal events, but citizens follow the status itself; the email
    # says only which status it moved to, never the internal reason (see timeline.py).
    followed = ResolutionEvent.objects.filter(
        Q(is_public=True) | Q(kind=EventKind.STATUS_CHANGED),
        kind__in=UPDATE_KINDS,
        resolution__visibility=Visibility.PUBLIC,
    ).select_related("resolution")
    window = list(
        ResolutionEvent.objects.filter(pk__gt=last_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    upper = window[-1] if window else last_id
    fresh = followed.filter(pk__gt=last_id, pk__lte=upper)
    late = followed.filter(pk__lte=last_id, created_at__gte=timezone.now() - RESCAN)
    return list(late.order_by("pk")) + list(fresh.order_by("pk")), upper


def _subscribers(event: ResolutionEvent) -> dict[str, Subscription]:
    """Active subscriptions that cover the event's promise, one per address."""
    resolution = event.resolution
    place_ids: set[int] = set()
    for path in resolution.places.values_list("path", flat=True):
        place_ids.update(int(part) for part in path.strip("/").split("/") if part)
    covers = (
        Q(resolution=resolution) | Q(place_id__in=place_ids) | Q(source_id=resolution.source_id)
    )
    if resolution.responsible_body_id:
        covers |= Q(body_id=resolution.responsible_body_id)
    found: dict[str, Subscription] = {}
    # Only what happened after the address confirmed: a new subscriber gets no back catalogue.
    active = Subscription.objects.filter(
        covers, confirmed_at__lte=event.created_at, unsubscribed_at__isnull=True
    ).order_by("pk")
    for subscription in active:
        found.setdefault(subscription.email, subscription)
    return found


@transaction.atomic
def queue_deliveries(*, batch: int = 1000) -> tuple[int, int]:
    """Read events past the cursor (and the recent window again) and queue one delivery per
    subscriber and event; return how many events were new past the cursor and how many
    deliveries were queued."""
    UpdateCursor.objects.get_or_create(pk=1)
    cursor = UpdateCursor.objects.select_for_update().get(pk=1)
    events, upper = _update_events(cursor.last_event_id, batch)
    new = sum(1 for event in events if event.pk > cursor.last_event_id)
    rows = [
        Delivery(event=event, email=email, subscription=subscription)
        for event in events
        for email, subscription in _subscribers(event).items()
    ]
    # The recent window's events were queued when first read: only pairs not queued yet
    # count (bulk_create with ignore_conflicts returns every row given, written or not).
    already = set(
        Delivery.objects.filter(event__in={row.event.pk for row in rows}).values_list(
            "event_id", "email"
        )
        if rows
        else ()
    )
    created = [row for row in rows if (row.event.pk, row.email) not in already]
    Delivery.objects.bulk_create(created, ignore_conflicts=True)  # and a racing worker's
    if upper != cursor.last_event_id:
        cursor.last_event_id = upper
        cursor.save(update_fields=["last_event_id"])
    return new, len(created)


def _send_one(pk: int) -> bool | None:
    """Send one queued delivery; True when sent, False when it failed, None when skipped."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event__resolution", "subscription__resolution")
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if delivery is None:
            return None
        resolution = delivery.event.resolution
        if not delivery.subscription.is_active or resolution.visibility != Visibility.PUBLIC:
            # Unsubscribed or withdrawn since it was queued: never send, never retry.
            delivery.attempts = MAX_ATTEMPTS
            delivery.last_error = "skipped"
            delivery.save(update_fields=["attempts", "last_error"])
            return None
        summary = event_summary(delivery.event)
        note = public_note(delivery.event)
        try:
            mail.send_update(delivery.subscription, delivery.event, f"{summary} {note}".strip())
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Update email %s failed: %s", delivery.pk, error)
            delivery.attempts += 1
            delivery.last_error = str(error)[:500]
            delivery.save(update_fields=["attempts", "last_error"])
            return False
        delivery.attempts += 1
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "sent_at"])
        return True


def send_pending(*, limit: int = 500) -> tuple[int, int]:
    pending = Delivery.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    sent = failed = 0
    for pk in pending.order_by("pk").values_list("pk", flat=True)[:limit]:
        outcome = _send_one(pk)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def send_subscription_updates(*, batch: int = 1000) -> UpdateReport:
    """The worker's entry point: queue what is new, then send what is queued."""
    events, queued = queue_deliveries(batch=batch)
    sent, failed = send_pending(limit=max(batch, 500))
    return UpdateReport(events=events, queued=queued, sent=sent, failed=failed)
