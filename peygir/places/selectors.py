"""Reads of the place tree."""

from peygir.places.models import Place


def place_ancestors(place: Place) -> list[Place]:
    """Return the chain from the province down to the place itself."""
    ids = [int(part) for part in place.path.strip("/").split("/") if part]
    by_id = Place.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
