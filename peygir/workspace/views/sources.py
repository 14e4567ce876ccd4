"""Trips and meetings: the list, one trip's page, registering one, and its resolutions
typed many at once, as the secretariat does after a trip."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peygir.accounts.selectors import user_scope
from peygir.persian import to_persian_digits
from peygir.resolutions import services
from peygir.resolutions.models import Source
from peygir.resolutions.selectors import sources_visible_to
from peygir.workspace.forms import ResolutionFormSet, RowOptions, SourceForm
from peygir.workspace.selectors import resolutions_filtered
from peygir.workspace.views.common import (
    actor,
    apply_errors,
    filter_form,
    paginate,
    province_required,
    query_without,
    staff_required,
)


def _source_for(request: HttpRequest, pk: int) -> Source:
    """The one permission-checked fetch for a trip or meeting."""
    source = sources_visible_to(request.user).select_related("organizer").filter(pk=pk).first()
    if source is None:
        raise Http404(_("No such trip or meeting, or you may not see it."))
    return source


@staff_required
def source_list(request: HttpRequest) -> HttpResponse:
    sources = (
        sources_visible_to(request.user).prefetch_related("places").order_by("-start_date", "-id")
    )
    page = paginate(request, sources)  # type: ignore[arg-type]
    return render(
        request,
        "workspace/source_list.html",
        {
            "page": page,
            "query": query_without(request, "page"),
            "can_add": user_scope(request.user).province_wide,
            "nav_active": "sources",
        },
    )


@staff_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    form = filter_form(request)
    wanted = form.to_filter()
    wanted.source_id = source.pk
    page = paginate(request, resolutions_filtered(request.user, wanted))
    return render(
        request,
        "workspace/source_detail.html",
        {
            "source": source,
            "places": list(source.places.all()),
            "can_add": user_scope(request.user).province_wide,
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "query": query_without(request, "page"),
            "nav_active": "sources",
        },
    )


@province_required
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.source_create(actor=actor(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Registered. Now type its resolutions."))
            return redirect("workspace:resolutions_bulk", pk=source.pk)
    return render(
        request,
        "workspace/source_form.html",
        {"form": form, "nav_active": "sources"},
        status=422 if form.errors else 200,
    )


@province_required
def resolutions_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source_for(request, pk)
    options = RowOptions.load()
    formset = ResolutionFormSet(
        request.POST or None, prefix="rows", form_kwargs={"options": options}
    )
    if request.method == "POST" and formset.is_valid():
        filled = [form for form in formset.forms if form.has_changed()]
        try:
            with transaction.atomic():
                # All or nothing: half a trip's resolutions would be worse than none.
                for row_form in filled:
                    row = row_form.cleaned_data
                    try:
                        services.resolution_create(
                            actor=actor(request),
                            source=source,
                            title=row["title"],
                            text=row["text"],
                            category=row["category"],
                            places=[row["place"]] if row["place"] else [],
                            responsible_body=row["responsible_body"],
                            followup_owner=row["followup_owner"],
                            start_date=source.start_date,
                            deadline=row["deadline"],
                            next_followup_date=row["next_followup_date"],
                        )
                    except ValidationError as error:
                        apply_errors(row_form, error)
                        raise
        except ValidationError:
            pass
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s resolution registered.",
                    "%(count)s resolutions registered.",
                    len(filled),
                )
                % {"count": to_persian_digits(str(len(filled)))},
            )
            return redirect("workspace:source_detail", pk=source.pk)
    return render(
        request,
        "workspace/resolutions_bulk.html",
        {"source": source, "formset": formset, "nav_active": "sources"},
        status=422 if request.method == "POST" else 200,
    )
