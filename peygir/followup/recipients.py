"""Who hears of each rung of the ladder: the people behind the organizations it names."""

from collections.abc import Iterable

from django.db.models import Q

from peygir.accounts.models import Role, User
from peygir.followup.choices import Level
from peygir.organizations.models import Organization, OrganizationKind
from peygir.resolutions.models import Resolution


def _members(orgs: Iterable[int | None] = (), roles: Iterable[str] = ()) -> list[User]:
    org_ids = [pk for pk in orgs if pk is not None]
    rule = Q(pk__in=[])
    if org_ids:
        rule |= Q(memberships__organization_id__in=org_ids)
    roles = list(roles)
    if roles:
        rule |= Q(memberships__role__in=roles)
    return list(
        User.objects.filter(rule, is_active=True, memberships__is_active=True)
        .distinct()
        .order_by("pk")
    )


def _county_governorates(resolution: Resolution) -> list[int]:
    paths = [place.path for place in resolution.places.all()]
    body = resolution.responsible_body
    if body is not None and body.place is not None:
        paths.append(body.place.path)
    governorates = Organization.objects.filter(
        kind=OrganizationKind.COUNTY_GOVERNORATE, place__isnull=False, is_active=True
    ).select_related("place")
    return [
        org.pk
        for org in governorates
        if org.place is not None and any(path.startswith(org.place.path) for path in paths)
    ]


def recipients_for(resolution: Resolution, level: int) -> list[User]:
    """Return the users to tell when the sweep takes rung `level` for this resolution."""
    owners = [resolution.responsible_body_id, resolution.followup_owner_id]
    if level == Level.REMINDER:
        # Without an owner nobody would hear of it: the secretariat always does.
        if None in owners:
            return _members(owners, [Role.SECRETARIAT])
        return _members(owners)
    if level == Level.COUNTY:
        counties = _county_governorates(resolution)
        # A resolution of the whole province has no county: the deputy takes the rung.
        return _members(counties) if counties else _members(roles=[Role.DEPUTY])
    if level == Level.DEPUTY:
        return _members(roles=[Role.DEPUTY])
    governorate = Organization.objects.filter(kind=OrganizationKind.GOVERNORATE).values_list(
        "pk", flat=True
    )
    # The governor's office, and those who prepare its letters and visits.
    return _members(list(governorate), [Role.SECRETARIAT, Role.DEPUTY])
