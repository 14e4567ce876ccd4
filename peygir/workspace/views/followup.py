"""Record a letter or an in-person visit from the resolution page (peygir.followup's services)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peygir.followup.services import followup_record_letter, followup_record_visit
from peygir.resolutions.permissions import Action
from peygir.workspace.followup_forms import LetterForm, VisitForm
from peygir.workspace.views.actions import done, failed
from peygir.workspace.views.common import actor, apply_errors, resolution_for, staff_required


@staff_required
@require_POST
def record_letter(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.RECORD_FOLLOWUP)
    form = LetterForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            followup_record_letter(
                actor=actor(request),
                resolution=resolution,
                number=data["number"],
                date=data["date"],
                subject=data["subject"],
                recipient=data["recipient"],
                reply_due=data["reply_due"],
                level=data["level"],
                next_followup_date=data["next_followup_date"],
                is_internal=data["is_internal"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("The letter was recorded."))
    return failed(request, resolution, "letter", form)


@staff_required
@require_POST
def record_visit(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.RECORD_FOLLOWUP)
    form = VisitForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            followup_record_visit(
                actor=actor(request),
                resolution=resolution,
                date=data["date"],
                place=data["place"],
                met_whom=data["met_whom"],
                who_went=data["who_went"],
                obtained=data["obtained"],
                next_followup_date=data["next_followup_date"],
                is_internal=data["is_internal"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return done(request, resolution, _("The visit was recorded."))
    return failed(request, resolution, "visit", form)
