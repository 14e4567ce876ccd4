"""Writes to the organization directory."""

from django.db import transaction

from peygir.organizations.models import Organization
from peygir.persian.normalize import normalize_input
from peygir.places.models import Place
from peygir.search.services import search_reindex_body


@transaction.atomic
def organization_upsert(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    place: Place | None = None,
    parent: Organization | None = None,
    short_name: str = "",
) -> Organization:
    """Create the organization with this code, or bring it up to date."""
    was = Organization.objects.filter(code=code).values_list("name", "place_id").first()
    organization, _created = Organization.objects.update_or_create(
        code=code,
        defaults={
            "name": normalize_input(name),
            "short_name": normalize_input(short_name or ""),
            "kind": kind,
            "level": level,
            "place": place,
            "parent": parent,
        },
    )
    if was is not None and was != (organization.name, organization.place_id):
        # Its resolutions are found by its name, and its place is in their scope keys.
        search_reindex_body(organization.pk)
    return organization
