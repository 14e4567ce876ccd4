"""One small function per kind of timeline event (after Saleor's order events).

Services call these inside their transaction; nothing else writes events.
"""

import datetime
from typing import Any

from peygir.accounts.models import User
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution, ResolutionEvent


def _event(
    resolution: Resolution,
    kind: EventKind,
    actor: User | None,
    *,
    public: bool = False,
    message: str = "",
    **data: Any,
) -> ResolutionEvent:
    return ResolutionEvent.objects.create(
        resolution=resolution,
        kind=kind,
        actor=actor,
        is_public=public,
        message=message,
        data=data,
    )


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def event_created(resolution: Resolution, actor: User | None) -> ResolutionEvent:
    return _event(resolution, EventKind.CREATED, actor, public=True)


def event_updated(
    resolution: Resolution, actor: User | None, changed: dict[str, Any]
) -> ResolutionEvent:
    return _event(resolution, EventKind.UPDATED, actor, changes=changed)


def event_assigned(
    resolution: Resolution, actor: User | None, body_id: int, body_name: str
) -> ResolutionEvent:
    return _event(
        resolution, EventKind.ASSIGNED, actor, public=True, body_id=body_id, body=body_name
    )


def event_accepted(resolution: Resolution, actor: User | None) -> ResolutionEvent:
    return _event(resolution, EventKind.ACCEPTED, actor, public=True)


def event_contested(resolution: Resolution, actor: User | None, reason: str) -> ResolutionEvent:
    return _event(resolution, EventKind.CONTESTED, actor, message=reason)


def event_status_changed(
    resolution: Resolution, actor: User | None, old: str, new: str, reason: str
) -> ResolutionEvent:
    return _event(resolution, EventKind.STATUS_CHANGED, actor, message=reason, old=old, new=new)


def event_progress_reported(
    resolution: Resolution, actor: User | None, progress: int, note: str, public: bool
) -> ResolutionEvent:
    return _event(
        resolution,
        EventKind.PROGRESS_REPORTED,
        actor,
        public=public,
        message=note,
        progress=progress,
    )


def event_deadline_revision_requested(
    resolution: Resolution, actor: User | None, new_date: datetime.date, reason: str
) -> ResolutionEvent:
    return _event(
        resolution,
        EventKind.DEADLINE_REVISION_REQUESTED,
        actor,
        message=reason,
        new_date=_iso(new_date),
    )


def event_deadline_revised(
    resolution: Resolution,
    actor: User | None,
    old_date: datetime.date | None,
    new_date: datetime.date,
    reason: str,
) -> ResolutionEvent:
    # Deadline revisions are public: citizens see every change of a promise's date and why.
    return _event(
        resolution,
        EventKind.DEADLINE_REVISED,
        actor,
        public=True,
        message=reason,
        old_date=_iso(old_date),
        new_date=_iso(new_date),
    )


def event_deadline_revision_refused(
    resolution: Resolution, actor: User | None, new_date: datetime.date, note: str
) -> ResolutionEvent:
    return _event(
        resolution,
        EventKind.DEADLINE_REVISION_REFUSED,
        actor,
        message=note,
        new_date=_iso(new_date),
    )


def event_funding_added(
    resolution: Resolution, actor: User | None, source: str, fiscal_year: int, approved: int
) -> ResolutionEvent:
    return _event(
        resolution,
        EventKind.FUNDING_ADDED,
        actor,
        source=source,
        fiscal_year=fiscal_year,
        approved=approved,
    )


def event_rated(
    resolution: Resolution, actor: User | None, old: str, new: str, reason: str
) -> ResolutionEvent:
    return _event(resolution, EventKind.RATED, actor, public=True, message=reason, old=old, new=new)


def event_published(resolution: Resolution, actor: User | None) -> ResolutionEvent:
    return _event(resolution, EventKind.PUBLISHED, actor, public=True)


def event_unpublished(resolution: Resolution, actor: User | None, reason: str) -> ResolutionEvent:
    return _event(resolution, EventKind.UNPUBLISHED, actor, message=reason)


def event_feasibility_assessed(
    resolution: Resolution, actor: User | None, old: str, new: str, reasons: str
) -> ResolutionEvent:
    return _event(
        resolution, EventKind.FEASIBILITY_ASSESSED, actor, message=reasons, old=old, new=new
    )
