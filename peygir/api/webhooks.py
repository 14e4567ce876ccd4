"""Webhook deliveries: turn new timeline events into rows, then POST them, signed, with retries.

A receiver checks a delivery like this (Python):

    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, "sha256").hexdigest()
    ok = hmac.compare_digest(f"sha256={expected}", request.headers["X-Peygir-Signature"])

where `timestamp` is the X-Peygir-Timestamp header; signing it too stops replays of old
deliveries. The events are read from the timeline rather than pushed by the services, so
that the resolutions app never imports the API (the dependency points one way only).
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from peygir.api.egress import GuardedHTTPHandler, GuardedHTTPSHandler
from peygir.api.models import DeliveryState, WebhookDelivery, WebhookSubscription
from peygir.persian import jalali_iso
from peygir.resolutions.models import ResolutionEvent
from peygir.resolutions.selectors import resolutions_visible_to

logger = logging.getLogger(__name__)

FAN_OUT_BATCH = 500
# While one worker sends a delivery, others leave it alone for this long.
LEASE = datetime.timedelta(minutes=2)
MAX_BACKOFF = datetime.timedelta(hours=6)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait 1, 2, 4, 8… minutes after each failed try, at most six hours."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def event_payload(event: ResolutionEvent) -> dict[str, Any]:
    resolution = event.resolution
    return {
        "event": {
            "id": event.pk,
            "kind": event.kind,
            "created_at": event.created_at.isoformat(),
            "public": event.is_public,
            "message": event.message,
            "data": event.data,
        },
        "resolution": {
            "id": resolution.pk,
            "tracking_code": resolution.tracking_code,
            "title": resolution.title,
            "status": resolution.status,
            "progress": resolution.progress,
            "deadline": resolution.deadline.isoformat() if resolution.deadline else None,
            "deadline_jalali": jalali_iso(resolution.deadline) or None,
            "visibility": resolution.visibility,
        },
    }


@transaction.atomic
def fan_out(subscription: WebhookSubscription) -> int:
    """Queue the new events of the resolutions the owner may see; return how many."""
    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    events = list(
        ResolutionEvent.objects.filter(pk__gt=locked.last_event_id)
        .select_related("resolution")
        .order_by("pk")[:FAN_OUT_BATCH]
    )
    if not events:
        return 0
    # The owner's reach is checked when the event is queued, as the pages would check it.
    visible = set(
        resolutions_visible_to(locked.owner)
        .filter(pk__in={event.resolution_id for event in events})
        .values_list("pk", flat=True)
    )
    kinds = set(locked.event_kinds)
    rows = [
        WebhookDelivery(subscription=locked, event=event, payload=event_payload(event))
        for event in events
        if event.resolution_id in visible and (not kinds or event.kind in kinds)
    ]
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    locked.last_event_id = events[-1].pk
    locked.save(update_fields=["last_event_id"])
    return len(rows)


def _claim(delivery: WebhookDelivery, now: datetime.datetime) -> bool:
    """Take a delivery for this worker; False if another worker took it first."""
    taken = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        state=DeliveryState.PENDING,
        next_attempt_at=delivery.next_attempt_at,
    ).update(next_attempt_at=now + LEASE)
    return taken == 1


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A receiver that redirects could point the signed payload anywhere; treat it as failed.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# The guarded handlers connect only to public addresses (see egress.py).
_opener = urllib.request.build_opener(_NoRedirects, GuardedHTTPHandler, GuardedHTTPSHandler)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    timestamp = str(int(timezone.now().timestamp()))
    request = urllib.request.Request(
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Peygir-Webhooks/1",
            "X-Peygir-Event": delivery.payload["event"]["kind"],
            "X-Peygir-Delivery": str(delivery.pk),
            "X-Peygir-Timestamp": timestamp,
            "X-Peygir-Signature": signature(subscription.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.PEYGIR_WEBHOOK_TIMEOUT) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except urllib.error.URLError as error:
        return None, str(error.reason)[:500]  # the cause itself, not urllib's wrapper
    except (OSError, ValueError) as error:
        return None, str(error)[:500]


def deliver(delivery: WebhookDelivery) -> bool:
    """Send one delivery and record the outcome; True when the receiver took it."""
    code, error = _post(delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = code
    if code is not None and 200 <= code < 300:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = ""
    else:
        delivery.last_error = error or f"HTTP {code}"
        if delivery.attempts >= settings.PEYGIR_WEBHOOK_MAX_ATTEMPTS:
            delivery.state = DeliveryState.FAILED
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "state",
            "delivered_at",
            "last_error",
            "next_attempt_at",
        ]
    )
    if delivery.state == DeliveryState.FAILED:
        logger.warning("Webhook delivery %s failed for good: %s", delivery.pk, error)
    return delivery.state == DeliveryState.DELIVERED


@dataclass
class PassReport:
    queued: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def run_pass(*, limit: int = 200) -> PassReport:
    """One pass: queue new events for every active subscription, then send what is due."""
    report = PassReport()
    for subscription in WebhookSubscription.objects.filter(is_active=True).order_by("pk"):
        report.queued += fan_out(subscription)
    now = timezone.now()
    due = (
        WebhookDelivery.objects.filter(
            state=DeliveryState.PENDING,
            next_attempt_at__lte=now,
            subscription__is_active=True,
        )
        .select_related("subscription")
        .order_by("next_attempt_at", "pk")[:limit]
    )
    for delivery in due:
        if not _claim(delivery, now):
            continue
        if deliver(delivery):
            report.delivered += 1
        elif delivery.state == DeliveryState.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report
