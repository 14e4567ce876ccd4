"""Reads of resolutions, always through the user's row-level scope."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, ExpressionWrapper, F, IntegerField, OuterRef, QuerySet
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
    ids = _visible_ids(user)
    if ids is None:
        return Resolution.objects.all()
    if ids.query.is_empty():
        return Resolution.objects.none()
    return Resolution.objects.filter(pk__in=ids)


def _visible_ids(user: User | AnonymousUser) -> QuerySet[Any, int] | None:
    """The rules of `resolutions_visible_to`: the ids the user may see, None for every row."""
    scope = user_scope(user)
    if scope.province_wide:
        return None
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
        return Resolution.objects.none().values_list("pk", flat=True)
    # One list of ids (a UNION of index reads), not an OR of tests: the database starts
    # from the user's few rows instead of testing every row of a filter against each part.
    first, *rest = parts
    return first.union(*rest) if rest else first


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
    """Return trips and meetings with at least one resolution the user may see.

    Each trip asks whether one of its own resolutions (its few, off the source index) is in
    the user's list of ids, read once. `id + 0` keeps SQLite from driving the test the other
    way, probing the trip's index once for every id the user may see (a county sees a third
    of a million), and the EXISTS lets a list of the latest trips stop at its page instead
    of first reading the trip of every resolution the user may see.
    """
    ids = _visible_ids(user)
    if ids is None:
        return Source.objects.all()
    if ids.query.is_empty():
        return Source.objects.none()
    own = Resolution.objects.filter(source=OuterRef("pk")).alias(
        unindexed_id=ExpressionWrapper(F("pk") + 0, output_field=IntegerField())
    )
    return Source.objects.filter(Exists(own.filter(unindexed_id__in=ids)))
