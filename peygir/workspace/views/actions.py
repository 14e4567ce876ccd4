"""The resolution page's quick actions: each a small form posted (with htmx or without).

Each view: one permission-checked fetch → form → service → response. On success it goes
back to the resolution page with a message; on failure the same form comes back with the
Persian errors next to the fields and what the user typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peygir.resolutions import services
from peygir.resolutions.choices import RevisionState
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, allowed_actions
from peygir.workspace import detail
from peygir.workspace.forms import (
    DeadlineForm,
    ProgressForm,
    RespondForm,
    RevisionDecideForm,
    RevisionRequestForm,
    StatusForm,
)
from peygir.workspace.services import check_version, progress_report_with_evidence
from peygir.workspace.views.common import (
    actor,
    apply_errors,
    is_htmx,
    resolution_for,
    staff_required,
)


def done(request: HttpRequest, resolution: Resolution, message: str) -> HttpResponse:
    messages.success(request, message)
    url = reverse("workspace:resolution_detail", args=[resolution.pk])
    if is_htmx(request):
        # A full reload shows the new timeline entry, status and message together.
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def failed(
    request: HttpRequest, resolution: Resolution, name: str, form: Form, *, revision_pk: int = 0
) -> HttpResponse:
    if is_htmx(request):
        template = f"workspace/actions/{name}.html"
        return render(
            request, template, {"resolution": resolution, "form": form, "revision_pk": revision_pk}
        )
    actions = allowed_actions(request.user, resolution)
    if revision_pk:
        ctx = detail.context(resolution, actions, request.user, decide_bound=(revision_pk, form))
    else:
        ctx = detail.context(resolution, actions, request.user, bound={name: form})
    return render(request, "workspace/resolution_detail.html", ctx, status=422)


@staff_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.RESPOND)
    form = RespondForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            check_version(resolution, data["version"])
            if data["decision"] == RespondForm.ACCEPT:
                services.resolution_accept(actor=actor(request), resolution=resolution)
                message = _("You accepted the assignment.")
            else:
                services.resolution_contest(
                    actor=actor(request), resolution=resolution, reason=data["reason"]
                )
                message = _("You contested the assignment; it went back to the follow-up owner.")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, message)
    return failed(request, resolution, "respond", form)


@staff_required
@require_POST
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.REPORT_PROGRESS)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            progress_report_with_evidence(
                actor=actor(request),
                resolution=resolution,
                progress=data["progress"],
                note=data["note"],
                public=data["public"],
                uploads=data["evidence"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("Progress recorded."))
    return failed(request, resolution, "progress", form)


@staff_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.CHANGE_STATUS)
    form = StatusForm(request.POST, current=resolution.status)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.resolution_change_status(
                actor=actor(request),
                resolution=resolution,
                status=data["status"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("Status changed."))
    return failed(request, resolution, "status", form)


@staff_required
@require_POST
def revise_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.EDIT)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            check_version(resolution, data["version"])
            services.resolution_revise_deadline(
                actor=actor(request),
                resolution=resolution,
                new_date=data["new_date"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("Deadline revised."))
    return failed(request, resolution, "deadline", form)


@staff_required
@require_POST
def request_revision(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.REQUEST_REVISION)
    form = RevisionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.deadline_revision_request(
                actor=actor(request),
                resolution=resolution,
                new_date=form.cleaned_data["new_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("Your request for a new deadline was sent."))
    return failed(request, resolution, "request_revision", form)


@staff_required
@require_POST
def decide_revision(request: HttpRequest, pk: int, revision_pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.DECIDE_REVISION)
    revision = get_object_or_404(
        resolution.deadline_revisions, pk=revision_pk, state=RevisionState.REQUESTED
    )
    form = RevisionDecideForm(request.POST, prefix=f"r{revision.pk}")
    if form.is_valid():
        try:
            services.deadline_revision_decide(
                actor=actor(request),
                revision=revision,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("Decision recorded."))
    return failed(request, resolution, "decide", form, revision_pk=revision.pk)
