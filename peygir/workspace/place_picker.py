"""Reads behind the lists' place filter, which must stay usable with a national place tree.

A select of every place (1 320 in the generated tree, tens of thousands of villages in the
real one) is neither readable nor cheap to render. The filter offers provinces and their
counties, grouped by province, and a search box for anything deeper: typing a name narrows
the select to the places it matches (through htmx, or on submitting the form without script).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.utils.translation import gettext as _

from peygir.persian import normalize_input
from peygir.places.models import Place, PlaceKind

# How many places a name search offers; more means the name is too short to be useful.
MATCH_LIMIT = 50

# (value, label) pairs or (group label, [(value, label), ...]) as Django's selects take them.
Choice = tuple[int | str, str]
Group = tuple[str, list[Choice]]


class PlaceRow(NamedTuple):
    """What an option needs of a place, read as a plain row (no model instance)."""

    pk: int
    name: str
    kind: str
    path: str


Placed = Place | PlaceRow


def _ancestor_names(places: Iterable[Placed]) -> dict[int, str]:
    """The names of every ancestor of `places`, read in one query."""
    ids = {int(part) for place in places for part in place.path.strip("/").split("/") if part}
    return dict(Place.objects.filter(pk__in=ids).values_list("pk", "name"))


def _deep_label(place: Placed, names: dict[int, str]) -> str:
    """«فردو (روستا، کهک)»: the place, its kind, and the county (or province) it lies in."""
    chain = [int(part) for part in place.path.strip("/").split("/") if part][:-1]
    # The province is the root and the county comes next; name the closest of the two.
    within = names.get(chain[1]) if len(chain) > 1 else names.get(chain[0]) if chain else None
    kind = PlaceKind(place.kind).label
    if within:
        return _("%(place)s (%(kind)s, %(within)s)") % {
            "place": place.name,
            "kind": kind,
            "within": within,
        }
    return _("%(place)s (%(kind)s)") % {"place": place.name, "kind": kind}


def _grouped(places: Sequence[Placed], names: dict[int, str]) -> list[Group]:
    """Group `places` under their province, provinces and groups in name order."""
    groups: dict[int, list[Placed]] = defaultdict(list)
    for place in places:
        root = int(place.path.strip("/").split("/")[0])
        groups[root].append(place)
    result: list[Group] = []
    for root in sorted(groups, key=lambda pk: names.get(pk, "")):
        members = sorted(groups[root], key=lambda p: (p.pk != root, p.path.count("/"), p.name))
        options: list[Choice] = []
        for place in members:
            if place.kind == PlaceKind.PROVINCE:
                label = _("The whole province")
            elif place.kind == PlaceKind.COUNTY:
                label = place.name
            else:
                label = _deep_label(place, names)
            options.append((place.pk, label))
        result.append((names.get(root, ""), options))
    return result


def place_choices(chosen: Place | None = None) -> list[Group]:
    """Provinces and counties grouped by province, and `chosen` if it lies deeper."""
    # Plain rows: a model instance apiece for the 150-odd places cost more than the query.
    places: list[Placed] = [
        PlaceRow(*row)
        for row in Place.objects.filter(kind__in=[PlaceKind.PROVINCE, PlaceKind.COUNTY])
        .order_by("path")
        .values_list("pk", "name", "kind", "path")
    ]
    if chosen is not None and chosen.kind not in (PlaceKind.PROVINCE, PlaceKind.COUNTY):
        places.append(chosen)
    # A deeper place is labelled with its county, which is among the places read.
    return _grouped(places, {place.pk: place.name for place in places})


def places_named(text: str) -> list[Place]:
    """The places whose name contains `text` (spelling normalised), at most MATCH_LIMIT + 1
    so that the caller can tell that there are more."""
    wanted = normalize_input(text).strip()
    if not wanted:
        return []
    return list(
        Place.objects.filter(name__icontains=wanted)
        .only("pk", "name", "kind", "path")
        .order_by("path")[: MATCH_LIMIT + 1]
    )


def match_choices(matches: Sequence[Place], chosen: Place | None = None) -> list[Group]:
    """The matching places (and the chosen one) grouped by province, each with where it is."""
    places = list(matches[:MATCH_LIMIT])
    if chosen is not None and chosen.pk not in {place.pk for place in places}:
        places.append(chosen)
    return _grouped(places, _ancestor_names(places))
