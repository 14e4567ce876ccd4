"""Every spelling of the same words finds the same resolutions, where icontains does not."""

import pytest
from django.db.models import Q

from peygir.conftest import World
from peygir.resolutions.models import Resolution
from peygir.search.selectors import resolution_search_ids

ZWNJ = "\u200c"

# Each group: spellings people type for the same words. A title is stored with each one,
# and every spelling must find every title.
GROUPS = {
    "plural_zwnj": [f"مصوبه{ZWNJ}های", "مصوبه های", "مصوبههای"],
    "verb_prefix": [f"می{ZWNJ}شود", "میشود", "مي شود"],
    "kaf": ["كهك", "کهک"],
    "yeh": ["روستاي", "روستای"],
    "digits": ["۱۲۳", "١٢٣", "123"],
    "alef_madda": ["آسفالت", "اسفالت"],
}


def _store_each(world: World, spellings: list[str]) -> set[int]:
    return {world.resolution(title=f"پیگیری {spelling} سفر").pk for spelling in spellings}


@pytest.mark.parametrize("group", GROUPS)
def test_every_spelling_finds_every_stored_spelling(world: World, group: str) -> None:
    stored = _store_each(world, GROUPS[group])
    for query in GROUPS[group]:
        found = set(resolution_search_ids(world.users["secretariat"], query))
        assert found == stored, query


@pytest.mark.parametrize("group", GROUPS)
def test_icontains_misses_some_of_them(world: World, group: str) -> None:
    stored = _store_each(world, GROUPS[group])
    missed = 0
    for query in GROUPS[group]:
        found = Resolution.objects.filter(Q(title__icontains=query) | Q(text__icontains=query))
        missed += len(stored - set(found.values_list("pk", flat=True)))
    assert missed > 0


def test_every_word_of_the_query_must_match(world: World) -> None:
    road = world.resolution(title="آسفالت میدان فردو")
    world.resolution(title="آسفالت خیابان کهک")
    found = list(resolution_search_ids(world.users["secretariat"], "اسفالت میدان"))
    assert found == [road.pk]


def test_a_word_start_finds_the_longer_word(world: World) -> None:
    resolution = world.resolution(title=f"بررسی مصوبه{ZWNJ}های سفر")
    assert list(resolution_search_ids(world.users["secretariat"], "مصوبه")) == [resolution.pk]


def test_place_body_and_tracking_code_are_searchable(world: World) -> None:
    resolution = world.resolution(title="احداث پل", text="")
    user = world.users["secretariat"]
    for query in ["فردو", "اداره كل راه", resolution.tracking_code]:
        assert list(resolution_search_ids(user, query)) == [resolution.pk], query
