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
    """Active members by organization and by role, the county governorates' places, and
    every organization's name and place; answers are memoised for the pass (a million
    resolutions share a few thousand (body, owner) pairs)."""

    def __init__(self) -> None:
        self.by_org: dict[int, list[User]] = defaultdict(list)
        self.by_role: dict[str, list[User]] = defaultdict(list)
        memberships = Membership.objects.filter(
            is_active=True, user__is_active=True, organization__is_active=True
        ).select_related("user")
        for membership in memberships.order_by("user_id"):
            self.by_org[membership.organization_id].append(membership.user)
            self.by_role[membership.role].append(membership.user)
        self.names: dict[int, str] = {}
        self.place_of: dict[int, str] = {}
        self.counties: list[tuple[int, str]] = []
        organizations = Organization.objects.values_list(
            "pk", "name", "short_name", "kind", "is_active", "place__path"
        )
        self.governorates: list[int] = []
        for pk, name, short_name, kind, is_active, path in organizations.order_by("pk"):
            self.names[pk] = short_name or name  # as Organization.__str__
            if path is not None:
                self.place_of[pk] = path
            if kind == OrganizationKind.COUNTY_GOVERNORATE and path is not None and is_active:
                self.counties.append((pk, path))
            if kind == OrganizationKind.GOVERNORATE:
                self.governorates.append(pk)
        self._memo: dict[tuple[object, ...], list[User]] = {}

    def _members(self, orgs: Iterable[int | None] = (), roles: Iterable[str] = ()) -> list[User]:
        found: dict[int, User] = {}
        for org in orgs:
            if org is not None:
                found.update((user.pk, user) for user in self.by_org.get(org, ()))
        for role in roles:
            found.update((user.pk, user) for user in self.by_role.get(role, ()))
        return [found[pk] for pk in sorted(found)]

    def place_paths(self, resolution_ids: Iterable[int]) -> dict[int, list[str]]:
        """The paths of the places each resolution names, in one query."""
        ids = list(resolution_ids)
        paths: dict[int, list[str]] = defaultdict(list)
        if ids:
            links = Resolution.places.through.objects.filter(resolution_id__in=ids)
            for pk, path in links.values_list("resolution_id", "place__path"):
                paths[pk].append(path)
        return paths

    def _county_governorates(self, paths: tuple[str, ...]) -> list[int]:
        return [pk for pk, county in self.counties if any(p.startswith(county) for p in paths)]

    def recipients(
        self, level: int, *, body: int | None, owner: int | None, places: Iterable[str] = ()
    ) -> list[User]:
        """Return the users to tell when the sweep takes rung `level` for a resolution with
        this responsible body, follow-up owner and (for the county rung) place paths."""
        if level == Level.REMINDER:
            key: tuple[object, ...] = (level, body, owner)
        elif level == Level.COUNTY:
            paths = [*places]
            if body is not None and body in self.place_of:
                paths.append(self.place_of[body])
            key = (level, tuple(sorted(paths)))
        else:
            key = (level,)
        if key not in self._memo:
            self._memo[key] = self._recipients(level, key, body, owner)
        return self._memo[key]

    def _recipients(
        self, level: int, key: tuple[object, ...], body: int | None, owner: int | None
    ) -> list[User]:
        owners = [body, owner]
        if level == Level.REMINDER:
            # Without an owner nobody would hear of it: the secretariat always does.
            if None in owners:
                return self._members(owners, [Role.SECRETARIAT])
            return self._members(owners)
        if level == Level.COUNTY:
            paths = key[1]
            assert isinstance(paths, tuple)
            counties = self._county_governorates(paths)
            # A resolution of the whole province has no county: the deputy takes the rung.
            return self._members(counties) if counties else self._members(roles=[Role.DEPUTY])
        if level == Level.DEPUTY:
            return self._members(roles=[Role.DEPUTY])
        # The governor's office, and those who prepare its letters and visits.
        return self._members(self.governorates, [Role.SECRETARIAT, Role.DEPUTY])
