"""Every spelling of the same words finds the same resolutions, where icontains does not."""

import pytest
from django.db import connection
from django.db.models import Q

from peygir.conftest import World
from peygir.persian import search_terms
from peygir.resolutions.models import Resolution
from peygir.search import selectors
from peygir.search.models import SearchKind
from peygir.search.selectors import resolution_search_ids, search_ids

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


def test_a_word_start_of_any_length_finds_the_word_and_no_other(world: World) -> None:
    """PostgreSQL reads starts of 2 to 6 characters off its prefix index and checks a longer
    one, or one of a single character, against the words themselves; SQLite's FTS5 the same."""
    tourism = world.resolution(title="توسعه گردشگری", text="")
    decimal = world.resolution(title="بند 12.5 قرارداد 1403ب", text="")
    user = world.users["secretariat"]
    for query in ["گ", "گر", "گردش", "گردشگ", "گردشگر", "گردشگری", "گردشگری توسعه"]:
        assert list(resolution_search_ids(user, query)) == [tourism.pk], query
    for query in ["گردشگرا", "گردشگریها", "گردشگری کهک"]:  # shares the first six only
        assert list(resolution_search_ids(user, query)) == [], query
    for query in ["12.5", "12", "1403", "1403ب", "۱۴۰۳ب", "قرارداد 12.5"]:
        assert list(resolution_search_ids(user, query)) == [decimal.pk], query
    assert list(resolution_search_ids(user, "12.6")) == []


def test_postgresql_reads_word_starts_off_the_prefix_index(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the prefix index is PostgreSQL's (search migration 0004)")
    resolution = world.resolution(title="توسعه گردشگری", text="")
    assert set(search_ids("گردش توس", kind=SearchKind.RESOLUTION)) == {resolution.pk}
    match, params = selectors._pg_match(search_terms("گردش توس"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: steer it off the table
        cursor.execute(f"EXPLAIN SELECT id FROM search_searchentry WHERE {match}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_vector" in plan and "search_entry_tsv" not in plan
