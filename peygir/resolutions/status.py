"""The allowed moves of a resolution's internal status, with Persian reasons for refusals."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peygir.resolutions.choices import Status

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REGISTERED: frozenset({Status.ASSIGNED, Status.CANCELLED}),
    # Back to "registered" is how a contested assignment returns to the follow-up owner.
    Status.ASSIGNED: frozenset({Status.ACCEPTED, Status.REGISTERED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.STALLED, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset(
        {Status.PARTIALLY_DONE, Status.DONE, Status.STALLED, Status.CANCELLED}
    ),
    Status.PARTIALLY_DONE: frozenset(
        {Status.IN_PROGRESS, Status.DONE, Status.STALLED, Status.CANCELLED}
    ),
    Status.STALLED: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    # A resolution found not really done is reopened, never silently edited.
    Status.DONE: frozenset({Status.IN_PROGRESS}),
    Status.CANCELLED: frozenset(),
}

_WORK_STATUSES = frozenset({Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.DONE, Status.STALLED})
_BEFORE_ACCEPTANCE = frozenset({Status.REGISTERED, Status.ASSIGNED})


def check_transition(old: str, new: str, *, reason: str = "") -> None:
    """Raise a ValidationError, in Persian, if the status may not move from `old` to `new`."""
    if old == new:
        raise ValidationError(
            _("The resolution is already «%(status)s».") % {"status": Status(old).label},
            code="same_status",
        )
    if new not in ALLOWED_TRANSITIONS[old]:
        if old in _BEFORE_ACCEPTANCE and new in _WORK_STATUSES:
            raise ValidationError(
                _(
                    "The responsible body must accept the assignment before the resolution "
                    "can be «%(status)s»."
                )
                % {"status": Status(new).label},
                code="skips_acceptance",
            )
        raise ValidationError(
            _("A resolution cannot go from «%(old)s» to «%(new)s».")
            % {"old": Status(old).label, "new": Status(new).label},
            code="invalid_transition",
        )
    if new in {Status.CANCELLED, Status.STALLED} and not reason.strip():
        raise ValidationError(
            _("Give a reason for marking the resolution «%(status)s».")
            % {"status": Status(new).label},
            code="reason_required",
        )
