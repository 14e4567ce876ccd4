"""Every write of follow-up: letters, replies, visits and other actions, with attachments.

Each checks the actor may record follow-up on the resolution, writes the timeline event,
and moves the resolution's next follow-up date, all in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.followup import conf, events
from peygir.followup.choices import ActionKind, Level
from peygir.followup.models import Attachment, FollowupAction
from peygir.organizations.models import Organization
from peygir.persian.normalize import normalize_input
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, require
from peygir.resolutions.services import resolution_update_details
from peygir.tallies.services import tally_mark_dirty
from peygir.workdays.calendar import add_working_days

# Leading bytes of the types we accept, so a renamed executable is not stored as a "pdf".
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def _check_date(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            {"date": _("The date of a follow-up action cannot be in the future.")},
            code="future_action",
        )


@transaction.atomic
def attachment_add(*, action: FollowupAction, upload: UploadedFile[bytes]) -> Attachment:
    """Store one file of an action under MEDIA_ROOT, refusing big or unexpected files."""
    limit = conf.max_attachment_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("The file is too big: at most %(mb)s megabytes.") % {"mb": limit // (1024 * 1024)},
            code="file_too_big",
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    head = upload.read(8)
    upload.seek(0)
    if suffix not in conf.ALLOWED_ATTACHMENT_TYPES or not head.startswith(_MAGIC[suffix]):
        raise ValidationError(
            _("Only PDF, JPEG, PNG, WebP, Word and Excel files can be attached."),
            code="file_type",
        )
    attachment = Attachment(
        action=action,
        name=normalize_input(PurePath(upload.name or "").name)[:200],
        content_type=conf.ALLOWED_ATTACHMENT_TYPES[suffix],
        size=size,
    )
    attachment.file.save(upload.name or f"file{suffix}", upload, save=False)
    attachment.save()
    return attachment


def _record(
    *,
    actor: User,
    resolution: Resolution,
    kind: ActionKind,
    date: datetime.date,
    next_followup_date: datetime.date | None,
    attachments: Iterable[UploadedFile[bytes]],
    **fields: object,
) -> FollowupAction:
    require(actor, Action.RECORD_FOLLOWUP, resolution)
    _check_date(date)
    # A follow-up only adds to the history, so two recorded at the same moment must both
    # land: lock the row and continue from its current version, not the page's copy.
    current = (
        Resolution.objects.select_for_update()
        .only("version", "next_followup_date")
        .get(pk=resolution.pk)
    )
    resolution.version = current.version
    resolution.next_followup_date = current.next_followup_date
    texts = {k: normalize_input(v) if isinstance(v, str) else v for k, v in fields.items()}
    action = FollowupAction(resolution=resolution, kind=kind, date=date, recorded_by=actor, **texts)
    if next_followup_date is None:
        next_followup_date = action.reply_due or add_working_days(
            date, conf.followup_interval_working_days()
        )
    action.next_followup_date = next_followup_date
    action.full_clean(validate_constraints=False)
    action.save()
    tally_mark_dirty(resolution_ids=[resolution.pk])  # stale or not
    for upload in attachments:
        attachment_add(action=action, upload=upload)
    events.event_followup_recorded(action, actor)
    if resolution.next_followup_date != next_followup_date:
        resolution_update_details(
            actor=actor,
            resolution=resolution,
            expected_version=resolution.version,
            next_followup_date=next_followup_date,
        )
    # Either way the sweep looks again: the action's own insert marked the resolution (a
    # new action restarts the stale clock and may open or close a letter's wait).
    return action


@transaction.atomic
def followup_record_letter(
    *,
    actor: User,
    resolution: Resolution,
    number: str,
    date: datetime.date,
    subject: str,
    sender: Organization | None = None,
    recipient: Organization | None = None,
    recipient_person: str = "",
    reply_due: datetime.date | None = None,
    outcome: str = "",
    level: int = Level.REMINDER,
    next_followup_date: datetime.date | None = None,
    is_internal: bool = True,
    attachments: Iterable[UploadedFile[bytes]] = (),
) -> FollowupAction:
    """Record a letter sent; without a reply date it is due in the usual working days."""
    if not number.strip():
        raise ValidationError({"letter_number": _("A letter needs its number.")})
    if reply_due is None:
        reply_due = add_working_days(date, conf.reply_working_days())
    elif reply_due < date:
        raise ValidationError(
            {"reply_due": _("The reply cannot be due before the letter's date.")},
            code="reply_due_before_letter",
        )
    return _record(
        actor=actor,
        resolution=resolution,
        kind=ActionKind.LETTER_SENT,
        date=date,
        next_followup_date=next_followup_date,
        attachments=attachments,
        letter_number=number,
        subject=subject,
        sender=sender,
        recipient=recipient,
        recipient_person=recipient_person,
        reply_due=reply_due,
        outcome=outcome,
        level=level,
        is_internal=is_internal,
    )


@transaction.atomic
def followup_record_reply(
    *,
    actor: User,
    letter: FollowupAction,
    number: str,
    date: datetime.date,
    subject: str = "",
    outcome: str = "",
    next_followup_date: datetime.date | None = None,
    is_internal: bool = True,
    attachments: Iterable[UploadedFile[bytes]] = (),
) -> FollowupAction:
    """Record the letter that answers a letter we sent; it closes that letter's wait."""
    if letter.kind != ActionKind.LETTER_SENT:
        raise ValidationError(_("Only a letter that was sent can be answered."), code="not_sent")
    if date < letter.date:
        raise ValidationError(
            {"date": _("A reply cannot be dated before the letter it answers.")},
            code="reply_before_letter",
        )
    return _record(
        actor=actor,
        resolution=letter.resolution,
        kind=ActionKind.LETTER_RECEIVED,
        date=date,
        next_followup_date=next_followup_date,
        attachments=attachments,
        letter_number=number,
        subject=subject or letter.subject,
        sender=letter.recipient,
        recipient=letter.sender,
        in_reply_to=letter,
        outcome=outcome,
        level=letter.level,
        is_internal=is_internal,
    )


@transaction.atomic
def followup_record_visit(
    *,
    actor: User,
    resolution: Resolution,
    date: datetime.date,
    place: str,
    met_whom: str,
    who_went: str,
    obtained: str = "",
    outcome: str = "",
    level: int = Level.VISIT,
    next_followup_date: datetime.date | None = None,
    is_internal: bool = True,
    attachments: Iterable[UploadedFile[bytes]] = (),
) -> FollowupAction:
    """Record an in-person visit: where, whom they met, who went, what was obtained."""
    if not place.strip() or not met_whom.strip():
        raise ValidationError(_("Say where the visit was and whom they met."), code="visit")
    return _record(
        actor=actor,
        resolution=resolution,
        kind=ActionKind.VISIT,
        date=date,
        next_followup_date=next_followup_date,
        attachments=attachments,
        place=place,
        met_whom=met_whom,
        who_went=who_went,
        obtained=obtained,
        outcome=outcome,
        level=level,
        is_internal=is_internal,
    )


@transaction.atomic
def followup_record_action(
    *,
    actor: User,
    resolution: Resolution,
    kind: str,
    date: datetime.date,
    outcome: str,
    place: str = "",
    met_whom: str = "",
    level: int = Level.REMINDER,
    next_followup_date: datetime.date | None = None,
    is_internal: bool = True,
    attachments: Iterable[UploadedFile[bytes]] = (),
) -> FollowupAction:
    """Record a meeting, phone call, field inspection (with photos) or note."""
    simple = {ActionKind.MEETING, ActionKind.CALL, ActionKind.INSPECTION, ActionKind.NOTE}
    if kind not in simple:
        raise ValueError(f"Use the dedicated service for {kind}.")
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what came of it.")}, code="outcome")
    return _record(
        actor=actor,
        resolution=resolution,
        kind=ActionKind(kind),
        date=date,
        next_followup_date=next_followup_date,
        attachments=attachments,
        outcome=outcome,
        place=place,
        met_whom=met_whom,
        level=level,
        is_internal=is_internal,
    )
