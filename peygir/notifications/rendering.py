"""Render messages in Persian: at queue time, or later from a stored template and context.

A sweep queues thousands of steps at once; rendering each one's text and HTML there was
most of its time. Such a message stores its template name and a JSON context (ids, ISO
dates and the instruction, already translated, as they were when the step was taken) and
is rendered when it is delivered or read. What it needs beyond that (the resolution's code
and title, the body's name) is fetched for a whole batch at once.

Digests and need answers stay rendered when queued: a digest is a snapshot of the week's
lists (rebuilt at delivery it would list what is overdue then, not what was), and both come
one message per organization or answer, so rendering them costs little.
"""

import datetime
import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation

from peygir.notifications.models import Notification
from peygir.notifications.step_ids import step_ids_count, step_ids_first
from peygir.organizations.models import Organization
from peygir.resolutions.models import Resolution


@functools.cache
def _template(name: str) -> Any:
    # Loaded once per process: a batch renders many messages from the same templates.
    return get_template(name)


def render(template: str, context: dict[str, Any], *, html: bool = True) -> tuple[str, str]:
    """Render the plain-text and (unless `html` is False) the HTML part, in Persian."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _template(f"notifications/email/{template}.txt").render(context)
        body = _template(f"notifications/email/{template}.html").render(context) if html else ""
    return text.strip() + "\n", body


def _date(value: object) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None


def _step_contexts(notifications: Sequence[Notification]) -> list[dict[str, Any]]:
    """A sweep step: the resolution and body named by id, the dates of the day it was taken."""
    missing = {
        n.resolution_id
        for n in notifications
        if n.resolution_id is not None and not Notification.resolution.is_cached(n)
    }
    resolutions = (
        Resolution.objects.only("pk", "tracking_code", "title").in_bulk(missing) if missing else {}
    )
    body_ids = {(n.context or {}).get("body") for n in notifications} - {None}
    bodies = Organization.objects.only("pk", "name").in_bulk(body_ids) if body_ids else {}
    contexts = []
    for n in notifications:
        stored = n.context or {}
        instruction = stored.get("instruction", "")
        resolution = (
            n.resolution
            if Notification.resolution.is_cached(n)
            else resolutions.get(n.resolution_id)  # type: ignore[arg-type]
        )
        contexts.append(
            {
                "subject": instruction,
                "instruction": instruction,
                "resolution": resolution,
                "body": bodies.get(stored.get("body")),
                "deadline": _date(stored.get("deadline")),
                "original_deadline": _date(stored.get("original_deadline")),
                "since": _date(stored.get("since")),
                "today": _date(stored.get("today")),
            }
        )
    return contexts


# A run's message lists this many of its steps; the rest are counted and listed in the
# inbox's page of the message (`steps_page`).
LISTED = 50


def step_items(step_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What a message says about each step: the resolution, what to do, the deadline then."""
    from peygir.followup.instructions import instruction  # the sweep imports this app
    from peygir.followup.models import SweepStep

    steps = (
        SweepStep.objects.filter(pk__in=step_ids)
        .select_related("resolution__responsible_body", "resolution__national_counterpart")
        .only(
            "pk", "condition", "level", "period", "taken_on", "deadline",
            "resolution__tracking_code", "resolution__title", "resolution__original_deadline",
            "resolution__responsible_body__name", "resolution__responsible_body__short_name",
            "resolution__national_counterpart__name",
            "resolution__national_counterpart__short_name",
        )
    )  # fmt: skip
    items = {}
    for step in steps:
        resolution = step.resolution
        counterpart = resolution.national_counterpart or resolution.responsible_body
        items[step.pk] = {
            "resolution": resolution,
            "instruction": instruction(step.condition, step.level, str(counterpart or "")),
            "body": resolution.responsible_body,
            "deadline": step.deadline,
            "original_deadline": resolution.original_deadline,
            "taken_on": step.taken_on,
        }
    return items


def _run_contexts(notifications: Sequence[Notification]) -> list[dict[str, Any]]:
    """A sweep run's message: its first LISTED steps, read for the whole batch at once."""
    shown = {n.pk: step_ids_first(n.context, LISTED) for n in notifications}
    items = step_items([pk for ids in shown.values() for pk in ids])
    contexts = []
    for n in notifications:
        listed = [items[pk] for pk in shown[n.pk] if pk in items]
        count = step_ids_count(n.context)
        contexts.append(
            {
                "subject": n.subject,
                "items": listed,
                "more": count - len(shown[n.pk]),
                "today": listed[0]["taken_on"] if listed else None,
            }
        )
    return contexts


# How each deferred template gets its context: for a whole batch, in a fixed number of queries.
CONTEXTS: dict[str, Callable[[Sequence[Notification]], list[dict[str, Any]]]] = {
    "step": _step_contexts,  # one step per message, as queued before runs were announced
    "steps": _run_contexts,
}


def contexts(notifications: Sequence[Notification]) -> dict[int, dict[str, Any]]:
    """The render context of every deferred message among `notifications`, by id."""
    by_template: dict[str, list[Notification]] = {}
    for notification in notifications:
        if notification.template and not notification.body_text:
            by_template.setdefault(notification.template, []).append(notification)
    found: dict[int, dict[str, Any]] = {}
    for template, group in by_template.items():
        build = CONTEXTS.get(template)
        if build is not None:
            found.update(zip((n.pk for n in group), build(group), strict=True))
    return found


def body(
    notification: Notification, prepared: dict[int, dict[str, Any]], *, html: bool = True
) -> tuple[str, str]:
    """The text and HTML of one message: as stored, or rendered from its prepared context."""
    if notification.body_text or not notification.template:
        return notification.body_text, notification.body_html
    if notification.pk not in prepared:
        raise LookupError(f"No context for template {notification.template!r}")
    return render(notification.template, prepared[notification.pk], html=html)


def texts(notifications: Sequence[Notification]) -> list[str]:
    """The plain text of each message, for the inbox (unknown templates give an empty text)."""
    prepared = contexts(notifications)
    result = []
    for notification in notifications:
        try:
            result.append(body(notification, prepared, html=False)[0])
        except LookupError:
            result.append("")
    return result
