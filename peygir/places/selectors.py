"""Reads of the place tree."""

from django.db.models import Q, QuerySet

from peygir.places.models import Place


def place_subtree(place: Place) -> QuerySet[Place]:
    """Return the place and everything below it."""
    return Place.objects.filter(path__startswith=place.path)


def place_ancestors(place: Place) -> list[Place]:
    """Return the chain from the province down to the place itself."""
    ids = [int(part) for part in place.path.strip("/").split("/") if part]
    by_id = Place.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def places_within_q(place: Place, field: str = "places") -> Q:
    """A filter for records linked (through `field`) to the place or anything below it."""
    return Q(**{f"{field}__path__startswith": place.path})
