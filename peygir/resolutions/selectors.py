"""Reads of resolutions, always through the user's row-level scope."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.resolutions.choices import Visibility
from peygir.resolutions.models import Resolution, Source


def _places_under(path: str) -> QuerySet[Place, int]:
    return Place.objects.filter(path__startswith=path).values_list("pk", flat=True)


def resolution_ids_in_place(path: str) -> QuerySet[Any, int]:
    """The ids of the resolutions linked to the place at `path` or anything under it.

    The few places are found first and their links read through the link table's place
    index; joining the links to the places instead reads every link (SQLite cannot use the
    path index for the prefix match inside the join).
    """
    links = Resolution.places.through.objects.filter(place__in=_places_under(path))
    return links.values_list("resolution_id", flat=True)


def resolutions_visible_to(user: User | AnonymousUser) -> QuerySet[Resolution]:
    """Return the resolutions this user may see; the only way the staff side lists them.

    Every part of the rule is a column test or an `id IN (…)` over one link table, each
    answered from an index, so the outer query has no joins (and no duplicate rows to
    remove): a list can walk its ordering index and stop at the page, whatever the size.
    """
    scope = user_scope(user)
    if scope.province_wide:
        return Resolution.objects.all()
    parts: list[QuerySet[Any, int]] = []
    staff_orgs = scope.orgs(Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY)
    if staff_orgs:
        parts.append(_ids(Resolution.objects.filter(followup_owner__in=staff_orgs)))
    for county_path in scope.county_paths:
        parts.append(resolution_ids_in_place(county_path))
        bodies = Organization.objects.filter(place__in=_places_under(county_path))
        parts.append(_ids(Resolution.objects.filter(responsible_body__in=bodies.values("pk"))))
    officer_orgs = scope.orgs(Role.OFFICER)
    if officer_orgs:
        parts.append(_ids(Resolution.objects.filter(responsible_body__in=officer_orgs)))
        supporting = Resolution.supporting_bodies.through.objects.filter(
            organization__in=officer_orgs
        )
        parts.append(supporting.values_list("resolution_id", flat=True))
    if not parts:
        return Resolution.objects.none()
    # One list of ids (a UNION of index reads), not an OR of tests: the database starts
    # from the user's few rows instead of testing every row of a filter against each part.
    first, *rest = parts
    return Resolution.objects.filter(pk__in=first.union(*rest) if rest else first)


def _ids(queryset: QuerySet[Resolution]) -> QuerySet[Any, int]:
    return queryset.values_list("pk", flat=True)


def resolution_get_for_user(user: User | AnonymousUser, pk: int) -> Resolution:
    """Fetch one resolution the user may see, or raise 404 (never reveal that it exists)."""
    resolution = (
        resolutions_visible_to(user)
        .select_related(
            "source",
            "category",
            "responsible_body__place",
            "followup_owner",
            "national_counterpart",
        )
        .prefetch_related("places", "supporting_bodies")
        .filter(pk=pk)
        .first()
    )
    if resolution is None:
        raise Http404(_("No such resolution, or you may not see it."))
    return resolution


def public_resolutions() -> QuerySet[Resolution]:
    """Return what citizens may see: published resolutions only."""
    return Resolution.objects.filter(visibility=Visibility.PUBLIC)


def sources_visible_to(user: User | AnonymousUser) -> QuerySet[Source]:
    """Return trips and meetings with at least one resolution the user may see."""
    if user_scope(user).province_wide:
        return Source.objects.all()
    return Source.objects.filter(pk__in=resolutions_visible_to(user).values("source_id"))
