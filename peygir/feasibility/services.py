"""Writes of the feasibility check: checklist answers and the verdict.

The verdict is the last step before publication: feasible or feasible with conditions lets
the gate pass; not feasible means the resolution is cancelled as infeasible, or kept to be
rewritten and assessed again. It is never published.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.feasibility.models import Answer, ChecklistAnswer, ChecklistItem
from peygir.persian import normalize_input
from peygir.resolutions import events
from peygir.resolutions.choices import FeasibilityVerdict, Status, Visibility
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, require

# The verdict is a resolution field, written with the resolutions app's optimistic locking.
from peygir.resolutions.services import resolution_change_status, resolution_write_fields

_CLOSED = frozenset({Status.DONE, Status.CANCELLED})


def _check_assessable(actor: User, resolution: Resolution) -> None:
    # The service checks too: the API and imports call it without a view in front.
    require(actor, Action.ASSESS_FEASIBILITY, resolution)
    if resolution.status in _CLOSED:
        raise ValidationError(
            _("Feasibility cannot be assessed on a resolution that is «%(status)s».")
            % {"status": resolution.get_status_display()},
            code="assess_closed",
        )
    if resolution.visibility == Visibility.PUBLIC:
        raise ValidationError(
            _(
                "This resolution is already a public promise; change its status or rating "
                "instead of assessing it again."
            ),
            code="assess_public",
        )


@transaction.atomic
def checklist_answer_record(
    *,
    actor: User,
    resolution: Resolution,
    item: ChecklistItem,
    answer: str,
    note: str = "",
) -> ChecklistAnswer:
    """Record (or change) the resolution's answer to one checklist item."""
    _check_assessable(actor, resolution)
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose yes, no or not applicable.")})
    note = normalize_input(note)
    if answer == Answer.NO and not note:
        raise ValidationError(
            _("Say why the answer to «%(question)s» is «no».") % {"question": item.question},
            code="note_required",
        )
    current = ChecklistAnswer.objects.filter(resolution=resolution, item=item).first()
    if current is not None and (current.answer, current.note) == (answer, note):
        return current
    record, _created = ChecklistAnswer.objects.update_or_create(
        resolution=resolution,
        item=item,
        defaults={
            "answer": answer,
            "note": note,
            "answered_by": actor,
            "answered_at": timezone.now(),
        },
    )
    return record


@transaction.atomic
def checklist_record(
    *,
    actor: User,
    resolution: Resolution,
    answers: Iterable[tuple[ChecklistItem, str, str]],
) -> list[ChecklistAnswer]:
    """Record several answers (item, answer, note) together: all of them or none."""
    return [
        checklist_answer_record(
            actor=actor, resolution=resolution, item=item, answer=answer, note=note
        )
        for item, answer, note in answers
    ]


@transaction.atomic
def feasibility_assess(
    *,
    actor: User,
    resolution: Resolution,
    verdict: str,
    reasons: str,
    cancel_if_infeasible: bool = False,
    expected_version: int | None = None,
) -> Resolution:
    """Record the verdict with its reasons, by whom and when.

    A not-feasible verdict with `cancel_if_infeasible` also cancels the resolution as
    infeasible; without it the resolution stays, to be rewritten and assessed again.
    """
    _check_assessable(actor, resolution)
    if verdict not in FeasibilityVerdict.values or verdict == FeasibilityVerdict.NOT_ASSESSED:
        raise ValidationError(
            {"verdict": _("Choose feasible, feasible with conditions, or not feasible.")},
            code="verdict_invalid",
        )
    reasons = normalize_input(reasons)
    if not reasons:
        raise ValidationError(
            {"reasons": _("Give the reasons for the verdict.")}, code="reasons_required"
        )
    old = resolution.feasibility_verdict
    resolution.feasibility_verdict = verdict
    resolution.feasibility_reasons = reasons
    resolution.feasibility_assessed_by = actor
    resolution.feasibility_assessed_at = timezone.now()
    resolution_write_fields(
        resolution,
        [
            "feasibility_verdict",
            "feasibility_reasons",
            "feasibility_assessed_by",
            "feasibility_assessed_at",
        ],
        expected_version=expected_version,
    )
    events.event_feasibility_assessed(resolution, actor, old, verdict, reasons)
    if verdict == FeasibilityVerdict.INFEASIBLE and cancel_if_infeasible:
        resolution_change_status(
            actor=actor,
            resolution=resolution,
            status=Status.CANCELLED,
            reason=_("Not feasible: %(reasons)s") % {"reasons": reasons},
        )
    return resolution
