"""What a public event says to a citizen, in one sentence, from its kind and data."""

import datetime

from django.utils.translation import gettext as _

from peygir.persian import format_jalali_date
from peygir.resolutions.choices import EventKind, PublicRating, Status
from peygir.resolutions.models import ResolutionEvent


def _jalali(value: object) -> str:
    if not isinstance(value, str) or not value:
        return "—"
    return format_jalali_date(datetime.date.fromisoformat(value))


def _label(choices: type[Status] | type[PublicRating], value: object) -> str:
    labels = dict(choices.choices)
    return str(labels.get(str(value), "—"))


def event_summary(event: ResolutionEvent) -> str:
    """Describe the event from its public data only; the free-text note is shown apart."""
    data = event.data or {}
    if event.kind == EventKind.STATUS_CHANGED:
        return _("The status changed from «%(old)s» to «%(new)s».") % {
            "old": _label(Status, data.get("old")),
            "new": _label(Status, data.get("new")),
        }
    if event.kind == EventKind.RATED:
        return _("The public rating changed from «%(old)s» to «%(new)s».") % {
            "old": _label(PublicRating, data.get("old")),
            "new": _label(PublicRating, data.get("new")),
        }
    if event.kind == EventKind.DEADLINE_REVISED:
        return _("The deadline moved from %(old)s to %(new)s.") % {
            "old": _jalali(data.get("old_date")),
            "new": _jalali(data.get("new_date")),
        }
    if event.kind == EventKind.ASSIGNED and data.get("body"):
        return _("Assigned to %(body)s.") % {"body": data["body"]}
    if event.kind == EventKind.PROGRESS_REPORTED and data.get("progress") is not None:
        return _("Progress reported: %(progress)s%%.") % {"progress": data["progress"]}
    return str(event.get_kind_display())


def public_note(event: ResolutionEvent) -> str:
    """The event's note, only when the event itself is public (internal reasons stay inside)."""
    return event.message if event.is_public else ""
