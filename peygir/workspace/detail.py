"""Everything the resolution page shows, read in a fixed number of queries."""

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.forms import Form
from django.utils import timezone

from peygir.accounts.models import User
from peygir.resolutions.choices import OPEN_STATUSES, EventKind, RevisionState, Status
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action
from peygir.workspace.followup_forms import LetterForm, VisitForm
from peygir.workspace.forms import (
    DeadlineForm,
    ProgressForm,
    RespondForm,
    RevisionDecideForm,
    RevisionRequestForm,
    StatusForm,
)
from peygir.workspace.models import Evidence
from peygir.workspace.selectors import followup_actions_for


def _forms(resolution: Resolution, actions: frozenset[Action]) -> dict[str, Form]:
    """The unbound quick-action forms this user may use, by name."""
    version = {"version": resolution.version}
    forms: dict[str, Form] = {}
    if Action.RESPOND in actions and resolution.status == Status.ASSIGNED:
        forms["respond"] = RespondForm(initial=version)
    if Action.REPORT_PROGRESS in actions and resolution.status in OPEN_STATUSES - {
        Status.REGISTERED,
        Status.ASSIGNED,
    }:
        forms["progress"] = ProgressForm(initial={**version, "progress": resolution.progress})
    if Action.CHANGE_STATUS in actions and resolution.status != Status.CANCELLED:
        forms["status"] = StatusForm(initial=version, current=resolution.status)
    if Action.EDIT in actions and resolution.is_open:
        forms["deadline"] = DeadlineForm(initial=version)
    if Action.REQUEST_REVISION in actions and resolution.is_open:
        forms["request_revision"] = RevisionRequestForm()
    if Action.RECORD_FOLLOWUP in actions and resolution.is_open:
        forms["letter"] = LetterForm()
        forms["visit"] = VisitForm()
    return forms


def context(
    resolution: Resolution,
    actions: frozenset[Action],
    user: User | AnonymousUser,
    *,
    bound: dict[str, Form] | None = None,
    decide_bound: tuple[int, Form] | None = None,
) -> dict[str, Any]:
    followups, hidden = followup_actions_for(user, resolution)
    events = [
        event
        for event in resolution.events.select_related("actor").order_by("-created_at", "-id")
        # The timeline must not leak, through its event, a note the page hides.
        if not (event.kind == EventKind.FOLLOWUP_RECORDED and event.data.get("action_id") in hidden)
    ]
    revisions = list(
        resolution.deadline_revisions.select_related("requested_by", "decided_by").order_by(
            "-requested_at", "-id"
        )
    )
    evidence_by_event: dict[int | None, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(resolution=resolution).order_by("uploaded_at", "id"):
        evidence_by_event[item.event_id].append(item)
    for event in events:
        event.evidence_files = evidence_by_event.get(event.pk, [])  # type: ignore[attr-defined]
    can_decide = Action.DECIDE_REVISION in actions
    for revision in revisions:
        form = None
        if can_decide and revision.state == RevisionState.REQUESTED:
            form = (
                decide_bound[1]
                if decide_bound and decide_bound[0] == revision.pk
                else RevisionDecideForm(prefix=f"r{revision.pk}")
            )
        revision.decide_form = form  # type: ignore[attr-defined]
    forms = {**_forms(resolution, actions), **(bound or {})}
    today = timezone.localdate()
    return {
        "resolution": resolution,
        "events": events,
        "revisions": revisions,
        "funding_lines": list(resolution.funding_lines.all()),
        "followups": followups,
        "forms": forms,
        "actions": actions,
        "today": today,
        "overdue": resolution.is_open
        and resolution.deadline is not None
        and resolution.deadline < today,
        "nav_active": "resolutions",
    }
