"""What a user's memberships let them reach. Every row-level rule starts here."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from peygir.accounts.models import Membership, Role, User

PROVINCE_WIDE_ROLES = frozenset({Role.SECRETARIAT, Role.DEPUTY})


@dataclass(frozen=True)
class Scope:
    """The reach of one user, computed once per request from their active memberships."""

    is_superuser: bool
    roles: frozenset[str]
    # Organizations the user acts for, by role.
    org_ids_by_role: dict[str, frozenset[int]]
    # Place paths of the counties whose governorate the user works in.
    county_paths: tuple[str, ...]

    @property
    def province_wide(self) -> bool:
        return self.is_superuser or bool(self.roles & PROVINCE_WIDE_ROLES)

    def orgs(self, *roles: str) -> frozenset[int]:
        """Return the ids of the organizations where the user holds any of `roles`."""
        found: set[int] = set()
        for role in roles:
            found |= self.org_ids_by_role.get(role, frozenset())
        return frozenset(found)

    @property
    def all_org_ids(self) -> frozenset[int]:
        return self.orgs(*self.org_ids_by_role)


EMPTY_SCOPE = Scope(is_superuser=False, roles=frozenset(), org_ids_by_role={}, county_paths=())


def user_scope(user: User | AnonymousUser) -> Scope:
    """Return the user's scope, cached on the user object for the rest of the request."""
    if not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached: Scope | None = getattr(user, "_peygir_scope", None)
    if cached is not None:
        return cached
    memberships = Membership.objects.filter(
        user=user, is_active=True, organization__is_active=True
    ).select_related("organization__place")
    by_role: dict[str, set[int]] = {}
    county_paths: list[str] = []
    for membership in memberships:
        by_role.setdefault(membership.role, set()).add(membership.organization_id)
        place = membership.organization.place
        if membership.role == Role.COUNTY and place is not None:
            county_paths.append(place.path)
    scope = Scope(
        is_superuser=user.is_superuser,
        roles=frozenset(by_role),
        org_ids_by_role={role: frozenset(ids) for role, ids in by_role.items()},
        county_paths=tuple(county_paths),
    )
    user._peygir_scope = scope  # type: ignore[union-attr,attr-defined]
    return scope
