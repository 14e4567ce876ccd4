"""The timeline events follow-up writes: one small function per kind (see resolutions/events.py)."""

from typing import Any

from peygir.accounts.models import User
from peygir.followup.models import FollowupAction
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import ResolutionEvent


def event_followup_recorded(action: FollowupAction, actor: User | None) -> ResolutionEvent:
    # Internal actions (most letters) stay off the public timeline.
    data: dict[str, Any] = {
        "action_id": action.pk,
        "action_kind": action.kind,
        "date": action.date.isoformat(),
        "level": action.level,
    }
    if action.letter_number:
        data["letter_number"] = action.letter_number
    if action.in_reply_to_id:
        data["in_reply_to"] = action.in_reply_to_id
    return ResolutionEvent.objects.create(
        resolution=action.resolution,
        kind=EventKind.FOLLOWUP_RECORDED,
        actor=actor,
        is_public=not action.is_internal,
        message=action.subject or action.outcome,
        data=data,
    )


def event_swept(
    resolution_id: int, condition: str, period: str, level: int, message: str
) -> ResolutionEvent:
    """Build (unsaved) the event of a sweep step: a reminder at level 0, else an escalation.

    The sweep saves a chunk of them at once with `events_save`.
    """
    return ResolutionEvent(
        resolution_id=resolution_id,
        kind=EventKind.REMINDED if level == 0 else EventKind.ESCALATED,
        actor=None,
        message=message,
        data={"condition": condition, "period": period, "level": level},
    )


def events_save(events: list[ResolutionEvent]) -> None:
    """Append the events in one statement (the timeline stays append-only)."""
    ResolutionEvent.objects.bulk_create(events, batch_size=1000)
