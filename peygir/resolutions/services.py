"""Every write to a resolution. Pages, the API, commands and imports all call these.

Each function checks its invariants, writes the timeline event in the same transaction,
and bumps the version so that concurrent edits are caught (optimistic locking).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.organizations.models import Organization
from peygir.persian import fiscal_year
from peygir.persian.normalize import normalize_input
from peygir.places.models import Place
from peygir.resolutions import events
from peygir.resolutions.choices import (
    EventKind,
    PublicRating,
    RevisionState,
    SourceKind,
    Status,
    Visibility,
)
from peygir.resolutions.models import (
    Category,
    DeadlineRevision,
    FundingLine,
    Resolution,
    Source,
)
from peygir.resolutions.status import check_transition
from peygir.search.services import search_index_resolution
from peygir.tallies.services import tally_mark_dirty


class ConcurrentEditError(ValidationError):
    """Raised when the resolution changed since the editor loaded it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this resolution after you opened it. "
                "Reload the page to see their change, then make yours again."
            ),
            code="concurrent_edit",
        )


def _check_dates(start: datetime.date | None, deadline: datetime.date | None) -> None:
    if start and deadline and deadline < start:
        raise ValidationError(
            {"deadline": _("The deadline cannot be before the start date.")},
            code="deadline_before_start",
        )


def _check_progress(progress: int) -> None:
    if not 0 <= progress <= 100:
        raise ValidationError(
            {"progress": _("Progress must be between 0 and 100.")}, code="progress_range"
        )


def resolution_write_fields(
    resolution: Resolution, fields: Iterable[str], *, expected_version: int | None
) -> None:
    """Write `fields` only if nobody else wrote since `expected_version`; bump the version."""
    expected = resolution.version if expected_version is None else expected_version
    now = timezone.now()
    values: dict[str, Any] = {name: getattr(resolution, name) for name in fields}
    # Any write may change what the follow-up sweep owes this resolution: a trigger marks
    # it for the sweep to look again (peygir/followup/marks.py).
    values.update(version=expected + 1, updated_at=now)
    written = Resolution.objects.filter(pk=resolution.pk, version=expected).update(**values)
    if written == 0:
        raise ConcurrentEditError()
    resolution.version = expected + 1
    resolution.updated_at = now
    tally_mark_dirty(resolution_ids=[resolution.pk])  # the overview's stored counts


def _tracking_code(resolution: Resolution) -> str:
    prefix = getattr(settings, "PEYGIR_TRACKING_PREFIX", "QM")
    year = fiscal_year(timezone.localdate(resolution.created_at))
    return f"{prefix}-{year}-{resolution.pk:05d}"


@transaction.atomic
def source_create(
    *,
    actor: User | None,
    kind: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    places: Iterable[Place] = (),
    organizer: Organization | None = None,
    delegation: str = "",
    attendees: str = "",
    summary: str = "",
    minutes: str = "",
    code: str = "",
) -> Source:
    """Register a trip, meeting or other source of resolutions."""
    if end_date and end_date < start_date:
        raise ValidationError(
            {"end_date": _("The end date cannot be before the start date.")},
            code="end_before_start",
        )
    source = Source(
        code=code or f"tmp-{timezone.now().timestamp()}",
        kind=kind,
        title=normalize_input(title),
        start_date=start_date,
        end_date=end_date,
        organizer=organizer,
        delegation=normalize_input(delegation),
        attendees=normalize_input(attendees),
        summary=normalize_input(summary),
        minutes=normalize_input(minutes),
        created_by=actor,
    )
    source.full_clean(exclude=["code"])
    source.save()
    if not code:
        prefix = {SourceKind.TRIP: "T", SourceKind.MEETING: "M"}.get(SourceKind(kind), "S")
        source.code = f"{prefix}-{fiscal_year(start_date)}-{source.pk:04d}"
        source.save(update_fields=["code"])
    source.places.set(places)
    return source


@transaction.atomic
def resolution_create(
    *,
    actor: User | None,
    source: Source,
    title: str,
    text: str = "",
    category: Category | None = None,
    places: Iterable[Place] = (),
    responsible_body: Organization | None = None,
    supporting_bodies: Iterable[Organization] = (),
    followup_owner: Organization | None = None,
    national_counterpart: Organization | None = None,
    authority_level: str = "",
    start_date: datetime.date | None = None,
    deadline: datetime.date | None = None,
    next_followup_date: datetime.date | None = None,
    funding_not_needed: bool = False,
) -> Resolution:
    """Register a resolution; naming a responsible body assigns it at once."""
    _check_dates(start_date, deadline)
    resolution = Resolution(
        tracking_code=f"tmp-{timezone.now().timestamp()}",
        title=normalize_input(title),
        text=normalize_input(text),
        source=source,
        category=category,
        followup_owner=followup_owner,
        national_counterpart=national_counterpart,
        authority_level=authority_level,
        start_date=start_date,
        original_deadline=deadline,
        deadline=deadline,
        next_followup_date=next_followup_date,
        funding_not_needed=funding_not_needed,
        created_by=actor,
    )
    resolution.full_clean(exclude=["tracking_code"], validate_constraints=False)
    resolution.save()
    resolution.tracking_code = _tracking_code(resolution)
    resolution.save(update_fields=["tracking_code"])
    resolution.places.set(places)
    tally_mark_dirty(resolution_ids=[resolution.pk])
    resolution.supporting_bodies.set(supporting_bodies)
    events.event_created(resolution, actor)
    if responsible_body is not None:
        resolution_assign(actor=actor, resolution=resolution, body=responsible_body)
    search_index_resolution(resolution)
    return resolution


@transaction.atomic
def resolution_update_details(
    *, actor: User | None, resolution: Resolution, expected_version: int, **changes: Any
) -> Resolution:
    """Change descriptive fields (title, text, owners, dates of follow-up, category...).

    Status, progress, deadline, rating and visibility have their own services, because each
    of them carries rules and a public trace.
    """
    guarded = {"status", "progress", "deadline", "public_rating", "visibility", "version"}
    if guarded & changes.keys():
        raise ValueError(f"Use the dedicated service for {sorted(guarded & changes.keys())}.")
    m2m = {name: changes.pop(name) for name in ("places", "supporting_bodies") if name in changes}
    changed: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = normalize_input(value)
        if getattr(resolution, name) != value:
            changed[name] = str(value) if value is not None else None
            setattr(resolution, name, value)
    _check_dates(resolution.start_date, resolution.deadline)
    resolution.full_clean(validate_unique=False, validate_constraints=False)
    resolution_write_fields(resolution, changes.keys(), expected_version=expected_version)
    for name, values in m2m.items():
        getattr(resolution, name).set(values)
        changed[name] = [str(value) for value in values]
    if "places" in m2m:  # the old counties were marked by the write above, now the new ones
        tally_mark_dirty(resolution_ids=[resolution.pk])
    if changed:
        events.event_updated(resolution, actor, changed)
        search_index_resolution(resolution)
    return resolution


@transaction.atomic
def resolution_assign(
    *,
    actor: User | None,
    resolution: Resolution,
    body: Organization,
    expected_version: int | None = None,
) -> Resolution:
    """Name the responsible body; the resolution then waits for the body to accept."""
    if resolution.status not in {Status.REGISTERED, Status.ASSIGNED}:
        raise ValidationError(
            _("Only a resolution that has not been accepted yet can be assigned to a body."),
            code="assign_after_acceptance",
        )
    resolution.responsible_body = body
    resolution.status = Status.ASSIGNED
    resolution_write_fields(
        resolution, ["responsible_body", "status"], expected_version=expected_version
    )
    events.event_assigned(resolution, actor, body.pk, body.name)
    search_index_resolution(resolution)  # the body's name is searchable
    return resolution


@transaction.atomic
def resolution_accept(*, actor: User | None, resolution: Resolution) -> Resolution:
    """Record that the responsible body accepted the assignment."""
    check_transition(resolution.status, Status.ACCEPTED)
    resolution.status = Status.ACCEPTED
    resolution_write_fields(resolution, ["status"], expected_version=None)
    events.event_accepted(resolution, actor)
    return resolution


@transaction.atomic
def resolution_contest(*, actor: User | None, resolution: Resolution, reason: str) -> Resolution:
    """Record that the body contests the assignment; it goes back to the follow-up owner."""
    if resolution.status != Status.ASSIGNED:
        raise ValidationError(
            _("Only an assignment that is waiting for an answer can be contested."),
            code="contest_not_assigned",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assignment is contested.")})
    resolution.status = Status.REGISTERED
    resolution.status_reason = normalize_input(reason)
    resolution_write_fields(resolution, ["status", "status_reason"], expected_version=None)
    events.event_contested(resolution, actor, resolution.status_reason)
    return resolution


@transaction.atomic
def resolution_change_status(
    *,
    actor: User | None,
    resolution: Resolution,
    status: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Resolution:
    """Move the internal status along an allowed transition."""
    old = resolution.status
    check_transition(old, status, reason=reason)
    if status == Status.ACCEPTED:
        return resolution_accept(actor=actor, resolution=resolution)
    resolution.status = status
    resolution.status_reason = normalize_input(reason)
    fields = ["status", "status_reason"]
    if status == Status.DONE:
        resolution.progress = 100
        fields.append("progress")
    resolution_write_fields(resolution, fields, expected_version=expected_version)
    events.event_status_changed(resolution, actor, old, status, resolution.status_reason)
    return resolution


@transaction.atomic
def resolution_report_progress(
    *,
    actor: User | None,
    resolution: Resolution,
    progress: int,
    note: str,
    public: bool = False,
    expected_version: int | None = None,
) -> Resolution:
    """Record progress (0–100); the first report starts the work of an accepted resolution."""
    _check_progress(progress)
    if resolution.status in {Status.REGISTERED, Status.ASSIGNED}:
        check_transition(resolution.status, Status.IN_PROGRESS)
    if resolution.status in {Status.DONE, Status.CANCELLED}:
        raise ValidationError(
            _("Progress cannot be reported on a resolution that is «%(status)s».")
            % {"status": resolution.get_status_display()},
            code="progress_on_closed",
        )
    old_status = resolution.status
    resolution.progress = progress
    fields = ["progress"]
    if old_status in {Status.ACCEPTED, Status.STALLED}:
        resolution.status = Status.IN_PROGRESS
        fields.append("status")
    resolution_write_fields(resolution, fields, expected_version=expected_version)
    events.event_progress_reported(resolution, actor, progress, normalize_input(note), public)
    if resolution.status != old_status:
        events.event_status_changed(resolution, actor, old_status, resolution.status, "")
    return resolution


@transaction.atomic
def deadline_revision_request(
    *, actor: User | None, resolution: Resolution, new_date: datetime.date, reason: str
) -> DeadlineRevision:
    """The responsible body asks for more time; the follow-up owner decides."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline should change.")})
    _check_dates(resolution.start_date, new_date)
    revision = DeadlineRevision.objects.create(
        resolution=resolution,
        old_date=resolution.deadline,
        new_date=new_date,
        reason=normalize_input(reason),
        requested_by=actor,
    )
    tally_mark_dirty(resolution_ids=[resolution.pk])  # a pending request is counted
    events.event_deadline_revision_requested(resolution, actor, new_date, revision.reason)
    return revision


@transaction.atomic
def deadline_revision_decide(
    *, actor: User | None, revision: DeadlineRevision, approve: bool, note: str = ""
) -> DeadlineRevision:
    """Approve (the deadline moves) or refuse a requested revision."""
    if revision.state != RevisionState.REQUESTED:
        raise ValidationError(
            _("This request has already been decided."), code="revision_already_decided"
        )
    resolution = revision.resolution
    revision.state = RevisionState.APPROVED if approve else RevisionState.REFUSED
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.decision_note = normalize_input(note)
    revision.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    tally_mark_dirty(resolution_ids=[resolution.pk])  # no longer pending
    if approve:
        old = resolution.deadline
        resolution.deadline = revision.new_date
        resolution_write_fields(resolution, ["deadline"], expected_version=None)
        events.event_deadline_revised(resolution, actor, old, revision.new_date, revision.reason)
    else:
        events.event_deadline_revision_refused(
            resolution, actor, revision.new_date, revision.decision_note
        )
    return revision


@transaction.atomic
def resolution_revise_deadline(
    *,
    actor: User | None,
    resolution: Resolution,
    new_date: datetime.date,
    reason: str,
    expected_version: int | None = None,
) -> DeadlineRevision:
    """The follow-up owner sets a new deadline directly, recorded as an approved revision."""
    revision = deadline_revision_request(
        actor=actor, resolution=resolution, new_date=new_date, reason=reason
    )
    if expected_version is not None and expected_version != resolution.version:
        raise ConcurrentEditError()
    return deadline_revision_decide(actor=actor, revision=revision, approve=True)


@transaction.atomic
def funding_line_add(
    *,
    actor: User | None,
    resolution: Resolution,
    source: str,
    fiscal_year: int,
    approved: int = 0,
    allocated: int = 0,
    spent: int = 0,
    note: str = "",
) -> FundingLine:
    """Add money from one source in one Jalali fiscal year (rials, never negative)."""
    line = FundingLine(
        resolution=resolution,
        source=source,
        fiscal_year=fiscal_year,
        approved=approved,
        allocated=allocated,
        spent=spent,
        note=normalize_input(note),
    )
    line.full_clean(validate_constraints=False)
    line.save()
    tally_mark_dirty(resolution_ids=[resolution.pk])  # the credit dashboard's stored sums
    events.event_funding_added(resolution, actor, source, fiscal_year, approved)
    return line


@transaction.atomic
def resolution_rate(
    *, actor: User | None, resolution: Resolution, rating: str, reason: str
) -> Resolution:
    """Set the public rating, always with the reason citizens will read."""
    if rating != PublicRating.NOT_RATED and not reason.strip():
        raise ValidationError({"rating_reason": _("Explain the rating to citizens.")})
    old = resolution.public_rating
    resolution.public_rating = PublicRating(rating)
    resolution.rating_reason = normalize_input(reason)
    resolution_write_fields(resolution, ["public_rating", "rating_reason"], expected_version=None)
    events.event_rated(resolution, actor, old, rating, resolution.rating_reason)
    return resolution


@transaction.atomic
def resolution_publish(*, actor: User | None, resolution: Resolution) -> Resolution:
    """Make the resolution a public promise, only once it passes the feasibility gate."""
    # Imported here: the feasibility app builds on this one, and must not be a cycle.
    from peygir.feasibility.gate import publication_blockers

    if resolution.visibility == Visibility.PUBLIC:
        return resolution
    blockers = publication_blockers(resolution)
    if blockers:
        raise ValidationError(
            [ValidationError(blocker.message, code=blocker.code) for blocker in blockers]
        )
    resolution.visibility = Visibility.PUBLIC
    resolution_write_fields(resolution, ["visibility"], expected_version=None)
    events.event_published(resolution, actor)
    return resolution


@transaction.atomic
def resolution_unpublish(*, actor: User | None, resolution: Resolution, reason: str) -> Resolution:
    """Withdraw the resolution from the public portal."""
    resolution.visibility = Visibility.INTERNAL
    resolution_write_fields(resolution, ["visibility"], expected_version=None)
    events.event_unpublished(resolution, actor, normalize_input(reason))
    return resolution


__all__ = [
    "ConcurrentEditError",
    "EventKind",
    "deadline_revision_decide",
    "deadline_revision_request",
    "funding_line_add",
    "resolution_accept",
    "resolution_assign",
    "resolution_change_status",
    "resolution_contest",
    "resolution_create",
    "resolution_publish",
    "resolution_rate",
    "resolution_report_progress",
    "resolution_revise_deadline",
    "resolution_unpublish",
    "resolution_update_details",
    "source_create",
]
