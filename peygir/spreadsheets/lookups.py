"""Names as written in a spreadsheet, matched to the registry despite spelling variants.

Bodies use the extraction app's matcher (folded name, then the name's core); places, the
extraction app's folded-name map (the deepest place wins a shared name, and «name (code)»
or the bare code picks one exactly); controlled vocabularies accept their Persian label, their
English label or their stored value.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import TextChoices
from django.utils import translation

from peygir.extraction.bodies import Body, BodyMatcher
from peygir.extraction.selectors import place_ids_by_name
from peygir.organizations.models import Organization, OrganizationLevel
from peygir.persian import search_key
from peygir.places.models import Place
from peygir.resolutions.choices import AuthorityLevel, Status, Visibility
from peygir.resolutions.models import Category, Source

# The same few hundred names repeat down 100 k rows: fold each once.
key = lru_cache(maxsize=65536)(search_key)
_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*[(（](?P<code>[^()（）]+)[)）]\s*$")
CHOICES: dict[str, type[TextChoices]] = {
    "authority_level": AuthorityLevel,
    "status": Status,
    "visibility": Visibility,
}


def _choice_keys(choices: type[TextChoices]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for value, label in choices.choices:
        keys[search_key(value)] = value
        for language in ("fa", "en"):
            with translation.override(language):
                keys[search_key(str(label))] = value
    return keys


@dataclass
class Lookups:
    """Every name the import may meet, loaded once (a few queries, whatever the row count)."""

    bodies: dict[int, Organization] = field(default_factory=dict)
    places: dict[int, Place] = field(default_factory=dict)
    matcher: BodyMatcher = field(default_factory=lambda: BodyMatcher(()))
    body_codes: dict[str, int] = field(default_factory=dict)
    place_names: dict[str, int] = field(default_factory=dict)
    place_codes: dict[str, int] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(
        default_factory=lambda: {name: _choice_keys(choices) for name, choices in CHOICES.items()}
    )

    @classmethod
    def load(cls) -> "Lookups":
        lookups = cls()
        organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
        lookups.bodies = {org.pk: org for org in organizations}
        # As in extraction: a provincial body wins over a national one of the same name.
        lookups.matcher = BodyMatcher(
            Body(
                org.pk,
                (org.name, org.short_name),
                1 if org.level == OrganizationLevel.NATIONAL else 0,
            )
            for org in organizations
        )
        lookups.body_codes = {search_key(org.code): org.pk for org in organizations}
        places = list(Place.objects.all())
        lookups.places = {place.pk: place for place in places}
        lookups.place_names = place_ids_by_name(places)
        lookups.place_codes = {search_key(place.code): place.pk for place in places}
        for category in Category.objects.all():
            lookups.categories[search_key(category.name)] = category
            lookups.categories.setdefault(search_key(category.code), category)
        lookups.sources = {
            search_key(code): pk for pk, code in Source.objects.values_list("pk", "code")
        }
        return lookups

    def body(self, written: str) -> Organization | None:
        pk = self.body_codes.get(key(written))
        if pk is None:
            pk = self.matcher.match(written)
        return self.bodies.get(pk) if pk is not None else None

    def place(self, written: str) -> Place | None:
        match = _WITH_CODE.match(written)
        if match:
            pk = self.place_codes.get(key(match["code"]))
            if pk is not None:
                return self.places[pk]
        folded = key(written)
        pk = self.place_names.get(folded) or self.place_codes.get(folded)
        return self.places.get(pk) if pk is not None else None

    def category(self, written: str) -> Category | None:
        return self.categories.get(key(written))

    def source(self, written: str) -> int | None:
        return self.sources.get(key(written))

    def choice(self, name: str, written: str) -> str | None:
        return self.choices[name].get(key(written))


def ambiguous_place_names(places: list[Place]) -> set[str]:
    """Folded names that more than one place bears: exports write them «name (code)»."""
    seen: set[str] = set()
    twice: set[str] = set()
    for place in places:
        key = search_key(place.name)
        (twice if key in seen else seen).add(key)
    return twice
