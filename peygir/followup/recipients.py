"""Who hears of each rung of the ladder: the people behind the organizations it names.

A sweep builds one Directory and asks it in memory, instead of querying per step.
"""

from collections import defaultdict
from collections.abc import Iterable

from peygir.accounts.models import Membership, Role, User
from peygir.followup.choices import Level
from peygir.organizations.models import Organization, OrganizationKind
from peygir.resolutions.models import Resolution


class Directory:
    """Active members by organization and by role, and the county governorates' places."""

    def __init__(self) -> None:
        self.by_org: dict[int, list[User]] = defaultdict(list)
        self.by_role: dict[str, list[User]] = defaultdict(list)
        memberships = Membership.objects.filter(
            is_active=True, user__is_active=True, organization__is_active=True
        ).select_related("user")
        for membership in memberships.order_by("user_id"):
            self.by_org[membership.organization_id].append(membership.user)
            self.by_role[membership.role].append(membership.user)
        self.counties = [
            (org.pk, org.place.path)
            for org in Organization.objects.filter(
                kind=OrganizationKind.COUNTY_GOVERNORATE, place__isnull=False, is_active=True
            ).select_related("place")
            if org.place is not None
        ]
        self.governorates = list(
            Organization.objects.filter(kind=OrganizationKind.GOVERNORATE).values_list(
                "pk", flat=True
            )
        )

    def _members(self, orgs: Iterable[int | None] = (), roles: Iterable[str] = ()) -> list[User]:
        found: dict[int, User] = {}
        for org in orgs:
            if org is not None:
                found.update((user.pk, user) for user in self.by_org.get(org, ()))
        for role in roles:
            found.update((user.pk, user) for user in self.by_role.get(role, ()))
        return [found[pk] for pk in sorted(found)]

    def _county_governorates(self, resolution: Resolution) -> list[int]:
        # Expects places prefetched and the responsible body's place selected.
        paths = [place.path for place in resolution.places.all()]
        body = resolution.responsible_body
        if body is not None and body.place is not None:
            paths.append(body.place.path)
        return [pk for pk, county in self.counties if any(p.startswith(county) for p in paths)]

    def recipients(self, resolution: Resolution, level: int) -> list[User]:
        """Return the users to tell when the sweep takes rung `level` for this resolution."""
        owners = [resolution.responsible_body_id, resolution.followup_owner_id]
        if level == Level.REMINDER:
            # Without an owner nobody would hear of it: the secretariat always does.
            if None in owners:
                return self._members(owners, [Role.SECRETARIAT])
            return self._members(owners)
        if level == Level.COUNTY:
            counties = self._county_governorates(resolution)
            # A resolution of the whole province has no county: the deputy takes the rung.
            return self._members(counties) if counties else self._members(roles=[Role.DEPUTY])
        if level == Level.DEPUTY:
            return self._members(roles=[Role.DEPUTY])
        # The governor's office, and those who prepare its letters and visits.
        return self._members(self.governorates, [Role.SECRETARIAT, Role.DEPUTY])
