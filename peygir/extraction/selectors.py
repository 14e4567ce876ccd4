"""Build an extractor that knows the bodies and places registered in Peygir."""

from __future__ import annotations

from collections.abc import Iterable

from peygir.extraction.bodies import Body, BodyMatcher
from peygir.extraction.extractor import Extractor
from peygir.organizations.models import Organization, OrganizationLevel
from peygir.persian import search_key
from peygir.places.models import Place
from peygir.workdays.calendar import is_working_day


def extractor_from_registry() -> Extractor:
    """Return an extractor matching bodies and places against the database (two queries)."""
    bodies = [
        # A provincial «راهداری» wins over the national one of the same short name.
        Body(pk, (name, short_name), 1 if level == OrganizationLevel.NATIONAL else 0)
        for pk, name, short_name, level in Organization.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "name", "short_name", "level")
    ]
    places = list(Place.objects.values_list("name", flat=True).distinct())
    return Extractor(bodies=BodyMatcher(bodies), places=places, is_working_day=is_working_day)


def place_ids_by_name(places: Iterable[Place]) -> dict[str, int]:
    """Map each place's folded name to its id; the deepest place wins a shared name."""
    out: dict[str, int] = {}
    for place in sorted(places, key=lambda p: p.path):
        out[search_key(place.name)] = place.pk
    return out
