"""Resolution lists (all visible, my assignments) and the resolution page."""

from dataclasses import replace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peygir.accounts.models import User
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, allowed_actions
from peygir.resolutions.selectors import (
    resolution_ids_visible_to,
    resolutions_visible_to,
    search_scope_of,
    sees_few_rows,
    sees_more_than,
)
from peygir.search.models import SearchKind
from peygir.search.selectors import scoped_match_ids, search_count_capped
from peygir.workspace import detail
from peygir.workspace.forms import ResolutionFilterForm
from peygir.workspace.pagination import CappedPaginator
from peygir.workspace.selectors import (
    DEFAULT_SORT,
    ResolutionFilter,
    inbox_for,
    resolutions_filtered,
    resolutions_in_order,
)
from peygir.workspace.views.common import (
    PAGE_SIZE,
    filter_form,
    paginate,
    query_without,
    resolution_for,
    staff_required,
)


def _list(request: HttpRequest, template: str, *, inbox: bool, nav: str) -> HttpResponse:
    form = filter_form(request)
    base = inbox_for(request.user) if inbox else None
    wanted = form.to_filter()
    if wanted.q:
        # Every row of the list (the inbox too) is one the user may see, so it holds one of
        # their scope keys: the index narrows the search to their rows itself. The matches
        # of a user who sees few rows are read first: counted and sorted, not walked to.
        scope = search_scope_of(request.user)
        few = sees_few_rows(request.user)
        matched = (
            scoped_match_ids(wanted.q, kind=SearchKind.RESOLUTION, scope=scope) if few else None
        )
        # Those few are counted by the page's own read of the list's head (`_search_page`).
        found = (
            None
            if matched is not None
            else search_count_capped(
                wanted.q,
                kind=SearchKind.RESOLUTION,
                among=_unsearched(request.user, wanted, base, few=few),
                cap=CappedPaginator.cap,
                from_among=few,
                scope=scope,
            )
        )
        queryset = resolutions_filtered(
            request.user,
            wanted,
            base=base,
            search_counted=found,
            search_scope=scope,
            search_matched=matched,
        )
        page = _search_page(request, queryset, found)
    else:
        # Unfiltered, the list holds every row the user may see: one part of their rule
        # may show, off its index, that it is longer than the cap (no walk to count it).
        everything = base is None and replace(wanted, sort=DEFAULT_SORT) == ResolutionFilter()
        longer = everything and sees_more_than(request.user, CappedPaginator.cap)
        queryset = resolutions_filtered(request.user, wanted, base=base)
        page = paginate(request, queryset, longer_than_cap=longer)
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "query": query_without(request, "page"),
        "nav_active": nav,
    }
    return render(request, template, context)


def _unsearched(
    user: User | AnonymousUser,
    wanted: ResolutionFilter,
    base: QuerySet[Resolution] | None,
    *,
    few: bool,
) -> QuerySet[Any]:
    """The list without its search, for counting its matches: for a user who sees few rows
    (counted from them, `search_count_capped`'s `from_among`) their ids read first, not
    tested on each row walked, and only their ids when nothing else narrows the list."""
    if base is not None or not few:
        return resolutions_filtered(user, replace(wanted, q=""), base=base)
    if replace(wanted, q="", sort=DEFAULT_SORT, extra={}) == ResolutionFilter():
        ids = resolution_ids_visible_to(user)
        if ids is not None:
            return ids
    return resolutions_filtered(user, replace(wanted, q=""), base=resolutions_visible_to(user))


def _search_page(
    request: HttpRequest,
    queryset: QuerySet[Resolution],
    found: int | None,
) -> Page:  # type: ignore[type-arg]
    """A page of a searched list, `found` being the matches the index side counted among the
    unsearched list, up to CAP + 1 (`search_count_capped`).

    When they are more than CAP, the list is capped: only the page's ids are read, in list
    order (walking it, see `search_condition`). Otherwise the ids of its first CAP + 1 rows
    are read in one query; they give the capped count and every page among them: the
    search's matches are gathered once per request, not once for the count and again for
    the page. A page past them (the list is longer than the cap) is read the ordinary way.
    """
    ids = queryset.prefetch_related(None).values_list("pk", flat=True)
    if found is not None and found > CappedPaginator.cap:
        capped = CappedPaginator(ids, PAGE_SIZE)
        capped.__dict__["count"] = found  # fills the cached count: no second count
        page = capped.get_page(request.GET.get("page"))
        page.object_list = resolutions_in_order(list(page.object_list))
        return page
    paginator = CappedPaginator(list(ids[: CappedPaginator.cap + 1]), PAGE_SIZE)
    # A page past the head of a capped list comes back as the head's last page
    # (`CappedPaginator.get_page`), which this sends to the ordinary read with the rest.
    page = paginator.get_page(request.GET.get("page"))
    if paginator.capped and page.number * PAGE_SIZE >= paginator.count:
        return paginate(request, queryset)
    page.object_list = resolutions_in_order(list(page.object_list))
    return page


@staff_required
def resolution_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "workspace/resolution_list.html", inbox=False, nav="resolutions")


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    return _list(request, "workspace/inbox.html", inbox=True, nav="inbox")


@staff_required
def place_options(request: HttpRequest) -> HttpResponse:
    """The lists' place select narrowed to the places named like `place_name` (for htmx)."""
    form = ResolutionFilterForm(request.GET)
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
