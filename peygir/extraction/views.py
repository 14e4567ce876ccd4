"""The staff page: paste or upload minutes, review the proposed resolutions beside the
text, correct them, and register the ticked ones in one go."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peygir.accounts.models import Role
from peygir.accounts.selectors import user_scope
from peygir.extraction.extractor import Commitment
from peygir.extraction.forms import MinutesForm, ProposalFormSet
from peygir.extraction.selectors import extractor_from_registry, place_ids_by_name
from peygir.extraction.services import ProposalRejected, resolutions_register_proposals
from peygir.persian import search_key, to_persian_digits
from peygir.resolutions.models import Source
from peygir.resolutions.selectors import sources_visible_to
from peygir.workspace.forms import RowOptions
from peygir.workspace.views.common import actor, apply_errors, province_required

PREFIX = "p"


def _source_for(request: HttpRequest, pk: int) -> Source:
    """The one permission-checked fetch for the trip or meeting the minutes belong to."""
    source = sources_visible_to(request.user).select_related("organizer").filter(pk=pk).first()
    if source is None:
        raise Http404(_("No such trip or meeting, or you may not see it."))
    return source


@province_required
def source_choice(request: HttpRequest) -> HttpResponse:
    sources = sources_visible_to(request.user).order_by("-start_date", "-id")[:100]
    return render(request, "extraction/choose.html", {"sources": sources, "nav_active": "extract"})


@province_required
def extract(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    options = RowOptions.load()
    registering = request.method == "POST" and "register" in request.POST
    reading = request.method == "POST" and not registering
    minutes = (
        MinutesForm(request.POST, request.FILES)
        if request.method == "POST"
        else MinutesForm(initial={"text": source.minutes, "reference_date": source.start_date})
    )
    found: list[Commitment] = []
    if request.method == "POST" and minutes.is_valid():
        found = extractor_from_registry().extract(
            minutes.cleaned_data["text"], reference=minutes.cleaned_data["reference_date"]
        )
    formset = None
    if registering:
        formset = ProposalFormSet(request.POST, prefix=PREFIX, form_kwargs={"options": options})
        if formset.is_valid() and minutes.is_valid():
            chosen = [(i, f) for i, f in enumerate(formset.forms) if f.cleaned_data.get("include")]
            try:
                created = resolutions_register_proposals(
                    actor=actor(request),
                    source=source,
                    proposals=[form.cleaned_data for _index, form in chosen],
                )
            except ProposalRejected as rejected:
                apply_errors(chosen[rejected.index][1], rejected.error)
            else:
                messages.success(request, _registered(len(created)))
                return redirect("workspace:source_detail", pk=source.pk)
    elif reading and minutes.is_valid() and not found:
        messages.warning(request, _("No resolution was found in this text."))
    elif reading and minutes.is_valid():
        formset = ProposalFormSet(
            prefix=PREFIX,
            form_kwargs={"options": options},
            initial=[_initial(c, _default_owner(request, source), options) for c in found],
        )
    text = minutes.cleaned_data.get("text", "") if minutes.is_valid() else ""
    return render(
        request,
        "extraction/extract.html",
        {
            "source": source,
            "minutes": minutes,
            "formset": formset,
            "rows": list(zip(formset.forms, found, strict=False)) if formset else [],
            "segments": _segments(text, found),
            "found": found,
            "nav_active": "extract",
        },
        status=422 if registering else 200,
    )


def _registered(count: int) -> str:
    return ngettext(
        "%(count)s resolution registered.", "%(count)s resolutions registered.", count
    ) % {"count": to_persian_digits(str(count))}


def _default_owner(request: HttpRequest, source: Source) -> int | None:
    """The trip's organizer follows up its resolutions; failing that, the secretary's office."""
    if source.organizer_id is not None:
        return source.organizer_id
    own = sorted(user_scope(request.user).orgs(Role.SECRETARIAT, Role.DEPUTY))
    return own[0] if own else None


def _initial(c: Commitment, owner: int | None, options: RowOptions) -> dict[str, Any]:
    places = place_ids_by_name(options.places.values())
    place = next((places[k] for k in map(search_key, c.places) if k in places), None)
    return {
        "include": True,
        "title": (c.action or c.sentence)[:300],
        "text": c.sentence,
        "sentence": c.sentence,
        "responsible_body": c.responsible_id,
        "followup_owner": owner,
        "deadline": c.deadline,
        "place": place,
    }


def _segments(text: str, found: list[Commitment]) -> list[tuple[str, int | None]]:
    """Cut the text into plain runs and proposals (numbered from 1) to show side by side."""
    out: list[tuple[str, int | None]] = []
    position = 0
    for number, c in enumerate(found, start=1):
        if c.start > position:
            out.append((text[position : c.start], None))
        out.append((text[c.start : c.end], number))
        position = c.end
    if position < len(text):
        out.append((text[position:], None))
    return out
