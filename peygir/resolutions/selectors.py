"""Reads of resolutions, always through the user's row-level scope."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.resolutions.choices import Visibility
from peygir.resolutions.models import Resolution, Source


def resolutions_visible_to(user: User | AnonymousUser) -> QuerySet[Resolution]:
    """Return the resolutions this user may see; the only way the staff side lists them."""
    scope = user_scope(user)
    if scope.province_wide:
        return Resolution.objects.all()
    rule = Q(pk__in=[])
    staff_orgs = scope.orgs(Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY)
    if staff_orgs:
        rule |= Q(followup_owner__in=staff_orgs)
    for county_path in scope.county_paths:
        rule |= Q(places__path__startswith=county_path)
        rule |= Q(responsible_body__place__path__startswith=county_path)
    officer_orgs = scope.orgs(Role.OFFICER)
    if officer_orgs:
        rule |= Q(responsible_body__in=officer_orgs) | Q(supporting_bodies__in=officer_orgs)
    # A subquery keeps the outer query free of the duplicate rows that the m2m joins make.
    return Resolution.objects.filter(pk__in=Resolution.objects.filter(rule).values("pk"))


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
