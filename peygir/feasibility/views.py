"""The feasibility page: checklist, blockers, deadline realism, wording, verdict, publish.

Each view starts with one permission-checked fetch, then form → service → response.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peygir.feasibility import services
from peygir.feasibility.estimate import describe, estimate_duration
from peygir.feasibility.forms import AssessmentForm, ChecklistForm
from peygir.feasibility.gate import publication_blockers
from peygir.feasibility.selectors import checklist_rows, feasibility_get_for_user, visible_among
from peygir.feasibility.wording import wording_hints
from peygir.resolutions.choices import Visibility
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, allowed_actions, require
from peygir.resolutions.services import resolution_publish


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _render(
    request: HttpRequest,
    resolution: Resolution,
    *,
    assessment: AssessmentForm | None = None,
    checklist: ChecklistForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = allowed_actions(request.user, resolution)  # type: ignore[arg-type]
    rows = checklist_rows(resolution)
    estimate = estimate_duration(resolution)
    hints, named = wording_hints(resolution)
    context: dict[str, Any] = {
        "resolution": resolution,
        "blockers": publication_blockers(resolution),
        "rows": rows,
        "estimate": estimate,
        "estimate_text": describe(estimate),
        "visible_evidence": visible_among(
            request.user,  # type: ignore[arg-type]
            [case.pk for case in estimate.evidence],
        ),
        "hints": hints,
        "named_bodies": named,
        "can_assess": Action.ASSESS_FEASIBILITY in actions
        and resolution.visibility != Visibility.PUBLIC
        and resolution.is_open,
        "can_publish": Action.PUBLISH in actions and resolution.visibility != Visibility.PUBLIC,
        "assessment_form": assessment or AssessmentForm(initial={"version": resolution.version}),
        "checklist_form": checklist or ChecklistForm(rows=rows),
    }
    return render(request, "feasibility/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = feasibility_get_for_user(request.user, pk)  # type: ignore[arg-type]
    return _render(request, resolution)


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = feasibility_get_for_user(request.user, pk)  # type: ignore[arg-type]
    require(request.user, Action.ASSESS_FEASIBILITY, resolution)  # type: ignore[arg-type]
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return _render(request, resolution, assessment=form, status=400)
    try:
        services.feasibility_assess(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            verdict=form.cleaned_data["verdict"],
            reasons=form.cleaned_data["reasons"],
            cancel_if_infeasible=form.cleaned_data["cancel_if_infeasible"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        _error_messages(request, error)
        return _render(request, resolution, assessment=form, status=400)
    messages.success(request, _("The feasibility verdict was recorded."))
    return redirect("feasibility:detail", pk=pk)


@login_required
@require_POST
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = feasibility_get_for_user(request.user, pk)  # type: ignore[arg-type]
    require(request.user, Action.ASSESS_FEASIBILITY, resolution)  # type: ignore[arg-type]
    form = ChecklistForm(request.POST, rows=checklist_rows(resolution))
    if not form.is_valid():
        return _render(request, resolution, checklist=form, status=400)
    try:
        services.checklist_record(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            answers=[(row.item, answer, note) for row, answer, note in form.answers()],
        )
    except ValidationError as error:
        _error_messages(request, error)
        return _render(request, resolution, checklist=form, status=400)
    messages.success(request, _("The checklist answers were saved."))
    return redirect("feasibility:detail", pk=pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = feasibility_get_for_user(request.user, pk)  # type: ignore[arg-type]
    require(request.user, Action.PUBLISH, resolution)  # type: ignore[arg-type]
    try:
        resolution_publish(actor=request.user, resolution=resolution)  # type: ignore[arg-type]
    except ValidationError as error:
        _error_messages(request, error)
        return _render(request, resolution, status=400)
    messages.success(request, _("The resolution is now a public promise."))
    return redirect("feasibility:detail", pk=pk)
