"""Resolution lists (all visible, my assignments) and the resolution page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peygir.resolutions.models import Source
from peygir.resolutions.permissions import Action, allowed_actions
from peygir.workspace import detail
from peygir.workspace.forms import ResolutionFilterForm
from peygir.workspace.selectors import inbox_for, resolutions_filtered
from peygir.workspace.views.common import (
    filter_form,
    paginate,
    query_without,
    resolution_for,
    staff_required,
)


def _list(request: HttpRequest, template: str, *, inbox: bool, nav: str) -> HttpResponse:
    form = filter_form(request)
    base = inbox_for(request.user) if inbox else None
    queryset = resolutions_filtered(request.user, form.to_filter(), base=base)
    page = paginate(request, queryset)
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "query": query_without(request, "page"),
        "nav_active": nav,
    }
    return render(request, template, context)


@staff_required
def resolution_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "workspace/resolution_list.html", inbox=False, nav="resolutions")


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    return _list(request, "workspace/inbox.html", inbox=True, nav="inbox")


@staff_required
def place_options(request: HttpRequest) -> HttpResponse:
    """The lists' place select narrowed to the places named like `place_name` (for htmx)."""
    form = ResolutionFilterForm(request.GET, sources=Source.objects.none())
    form.is_valid()
    return render(request, "workspace/_place_options.html", {"form": form})


@staff_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_for(request, pk, Action.VIEW)
    actions = allowed_actions(request.user, resolution)
    return render(
        request,
        "workspace/resolution_detail.html",
        detail.context(resolution, actions, request.user),
    )
