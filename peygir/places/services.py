"""Writes to the place tree. Paths are set here, so that they are never out of step."""

from django.db import transaction

from peygir.persian.normalize import normalize_input
from peygir.places.models import Place
from peygir.search.services import search_reindex_place


@transaction.atomic
def place_create(*, code: str, name: str, kind: str, parent: Place | None = None) -> Place:
    """Create a place under `parent` and give it its materialized path."""
    place = Place.objects.create(
        code=code, name=normalize_input(name), kind=kind, parent=parent, path=""
    )
    place.path = f"{parent.path if parent else '/'}{place.pk}/"
    place.save(update_fields=["path"])
    return place


@transaction.atomic
def place_upsert(*, code: str, name: str, kind: str, parent: Place | None = None) -> Place:
    """Create the place with this code, or update its name and kind; keep its place in the tree."""
    existing = Place.objects.filter(code=code).first()
    if existing is None:
        return place_create(code=code, name=name, kind=kind, parent=parent)
    was_named, existing.name = existing.name, normalize_input(name)
    existing.kind = kind
    existing.save(update_fields=["name", "kind"])
    if existing.name != was_named:
        search_reindex_place(existing.pk)  # its resolutions are found by its name
    return existing
