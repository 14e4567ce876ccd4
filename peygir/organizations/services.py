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
    was_named = Organization.objects.filter(code=code).values_list("name", flat=True).first()
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
    if was_named is not None and was_named != organization.name:
        search_reindex_body(organization.pk)  # its resolutions are found by its name
    return organization
