"""The feasibility gate: what still stands between a resolution and a public promise.

`resolution_publish` asks here and refuses while anything is listed, so every path that
publishes (pages, API, admin, imports, the demo) meets the same conditions.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from peygir.feasibility.models import PASSING_ANSWERS, Answer, ChecklistAnswer, ChecklistItem
from peygir.resolutions.choices import AuthorityLevel, EventKind, FeasibilityVerdict, Status
from peygir.resolutions.models import Resolution, ResolutionEvent

# The body has taken the work on: accepted, or further along (stalled work was accepted too).
ACCEPTED_OR_BEYOND = frozenset(
    {Status.ACCEPTED, Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.DONE, Status.STALLED}
)
PASSING_VERDICTS = frozenset({FeasibilityVerdict.FEASIBLE, FeasibilityVerdict.CONDITIONAL})
# A verdict speaks to the promise as it stood: a change to any of these afterwards needs a
# new one (a deadline revision or a new body has its own event kind).
MATERIAL_FIELDS = frozenset(
    {
        "title",
        "text",
        "category",
        "places",
        "authority_level",
        "national_counterpart",
        "start_date",
        "funding_not_needed",
    }
)


@dataclass(frozen=True)
class Blocker:
    """One unmet condition: a stable code for programs and a Persian message for people."""

    code: str
    message: str


def _body_blockers(resolution: Resolution) -> list[Blocker]:
    if resolution.responsible_body_id is None:
        return [Blocker("no_responsible_body", _("No responsible body is named."))]
    if resolution.status == Status.CANCELLED:
        return [
            Blocker(
                "cancelled",
                _("The resolution is cancelled; a cancelled resolution is never a promise."),
            )
        ]
    if resolution.status not in ACCEPTED_OR_BEYOND:
        return [
            Blocker(
                "not_accepted",
                _("The responsible body has not accepted the assignment yet."),
            )
        ]
    return []


def _funding_blockers(resolution: Resolution) -> list[Blocker]:
    if resolution.funding_not_needed:
        return []
    named = resolution.funding_lines.filter(approved__gt=0).exclude(source="").exists()
    if named:
        return []
    return [
        Blocker(
            "no_funding",
            _(
                "No funding is named: add a funding line with its source, fiscal year and "
                "amount, or record that the resolution needs no funding."
            ),
        )
    ]


def _authority_blockers(resolution: Resolution) -> list[Blocker]:
    if not resolution.authority_level:
        return [
            Blocker(
                "no_authority_level",
                _(
                    "The authority level is not set: say whether the province can do it "
                    "or it needs a ministry."
                ),
            )
        ]
    if (
        resolution.authority_level == AuthorityLevel.MINISTRY
        and resolution.national_counterpart_id is None
    ):
        return [
            Blocker(
                "no_national_counterpart",
                _("The resolution needs a ministry, but no national counterpart is named."),
            )
        ]
    return []


def _verdict_blockers(resolution: Resolution) -> list[Blocker]:
    verdict = resolution.feasibility_verdict
    if verdict in PASSING_VERDICTS:
        return []
    if verdict == FeasibilityVerdict.INFEASIBLE:
        return [
            Blocker(
                "infeasible",
                _(
                    "The resolution was found not feasible: cancel it, or rewrite it and "
                    "assess it again."
                ),
            )
        ]
    return [Blocker("not_assessed", _("Feasibility has not been assessed yet."))]


def _changed_since_verdict(resolution: Resolution) -> bool:
    if resolution.feasibility_assessed_at is None:
        return False
    later = ResolutionEvent.objects.filter(
        resolution=resolution,
        kind__in=[EventKind.DEADLINE_REVISED, EventKind.ASSIGNED, EventKind.UPDATED],
        created_at__gt=resolution.feasibility_assessed_at,
    ).values_list("kind", "data")
    return any(
        kind != EventKind.UPDATED or MATERIAL_FIELDS & set(data.get("changes", {}))
        for kind, data in later
    )


def _checklist_blockers(resolution: Resolution) -> list[Blocker]:
    items = ChecklistItem.objects.filter(is_active=True, is_required=True)
    answers = {
        answer.item_id: answer.answer
        for answer in ChecklistAnswer.objects.filter(resolution=resolution, item__in=items)
    }
    blockers: list[Blocker] = []
    for item in items:
        answer = answers.get(item.pk)
        if answer in PASSING_ANSWERS:
            continue
        if answer == Answer.NO:
            message = _("Checklist: «%(question)s» is answered «no».")
        else:
            message = _("Checklist: «%(question)s» is not answered yet.")
        blockers.append(Blocker(f"checklist:{item.code}", message % {"question": item.question}))
    return blockers


def publication_blockers(resolution: Resolution) -> list[Blocker]:
    """Return every unmet condition for publishing the resolution; empty means it may go."""
    blockers = _body_blockers(resolution)
    if resolution.deadline is None:
        blockers.append(Blocker("no_deadline", _("There is no deadline.")))
    blockers += _funding_blockers(resolution)
    blockers += _authority_blockers(resolution)
    blockers += _verdict_blockers(resolution)
    if resolution.feasibility_verdict in PASSING_VERDICTS and _changed_since_verdict(resolution):
        blockers.append(
            Blocker(
                "verdict_outdated",
                _(
                    "The deadline, the responsible body or the text changed after the "
                    "feasibility verdict: assess it again."
                ),
            )
        )
    blockers += _checklist_blockers(resolution)
    return blockers
