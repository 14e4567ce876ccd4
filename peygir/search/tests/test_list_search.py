"""The staff list searched: the same rows whichever way the database is walked.

A query matching many index entries walks the list's order and tests each row against the
matches; one matching few sorts its matches (peygir.search.selectors.search_condition). Each
test runs both ways by moving the thresholds between them (SQLite's count of FTS matches,
PostgreSQL's count of the list's matches).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peygir.conftest import World
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.search import selectors
from peygir.search.scope import body_key
from peygir.workspace.pagination import CappedPaginator


@pytest.fixture(params=["walk", "sort"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    walk = request.param == "walk"
    monkeypatch.setattr(selectors, "WALK_FROM", 1 if walk else 10**9)
    monkeypatch.setattr(selectors, "PG_WALK_FROM", 0 if walk else 10**9)
    return str(request.param)


def _get(world: World, persona: str, query: str) -> str:
    client = Client()
    client.force_login(world.users[persona])
    return client.get(f"/staff/resolutions/?{query}").text


@pytest.fixture
def two(world: World) -> dict[str, str]:
    """A roads resolution in Kahak and a gas one in Qom, both about «لوله», and their codes."""
    roads = world.resolution(title="لوله گذاری آب فردو")
    gas = world.resolution(
        title="لوله گذاری گاز قم",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    return {"roads": roads.tracking_code, "gas": gas.tracking_code}


def _found(text: str) -> set[str]:
    return {name for name, title in (("roads", "آب فردو"), ("gas", "گاز قم")) if title in text}


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("secretariat", {"roads", "gas"}),
        ("county", {"roads"}),
        ("other_county", {"gas"}),
        ("officer", {"roads"}),
        ("gas_officer", {"gas"}),
    ],
)
def test_a_search_lists_only_what_the_persona_may_see(
    world: World, two: dict[str, str], way: str, persona: str, sees: set[str]
) -> None:
    assert _found(_get(world, persona, "q=لوله گذاري")) == sees  # Arabic yeh too


def test_a_search_keeps_the_filters(world: World, two: dict[str, str], way: str) -> None:
    assert _found(_get(world, "secretariat", f"q=لوله&place={world.kahak.pk}")) == {"roads"}
    assert _found(_get(world, "secretariat", f"q=لوله&body={world.gas.pk}")) == {"gas"}
    assert _found(_get(world, "secretariat", "q=لوله&status=done")) == set()


def test_a_typed_tracking_code_is_found_within_the_scope(
    world: World, two: dict[str, str], way: str
) -> None:
    assert _found(_get(world, "secretariat", f"q={two['gas'].lower()}")) == {"gas"}
    assert _found(_get(world, "county", f"q={two['gas']}")) == set()


def test_a_long_search_is_capped_and_paged_in_list_order(
    world: World, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    for number in range(56):
        world.resolution(title=f"مصوبه شماره {number:02}")
    world.resolution(title="بی‌ربط")
    first = _get(world, "secretariat", "q=مصوبه&sort=title")
    assert "بیش از ۳۰ مصوبه" in first and "صفحه ۱ از" not in first
    assert "مصوبه شماره 00" in first and "مصوبه شماره 24" in first
    assert "مصوبه شماره 25" not in first and 'rel="next"' in first
    second = _get(world, "secretariat", "q=مصوبه&sort=title&page=2")  # past the first 31
    assert second.count("مصوبه شماره") == 25 and "مصوبه شماره 25" in second
    third = _get(world, "secretariat", "q=مصوبه&sort=title&page=3")
    assert third.count("مصوبه شماره") == 6 and 'rel="next"' not in third
    assert "مصوبه شماره 55" in third and "بی‌ربط" not in third


def test_the_index_side_count_keeps_to_the_list_and_stops_past_the_cap(
    world: World, two: dict[str, str]
) -> None:
    for number in range(4):
        world.resolution(title=f"لوله کشی {number}")
    everything = resolutions_visible_to(world.users["secretariat"])
    assert selectors.search_count_capped("لوله", kind="resolution", among=everything, cap=3) == 4
    assert selectors.search_count_capped("لوله", kind="resolution", among=everything, cap=9) == 6
    county = resolutions_visible_to(world.users["county"])  # not the gas one in Qom
    assert selectors.search_count_capped("لوله", kind="resolution", among=county, cap=9) == 5
    assert selectors.search_count_capped("گاز", kind="resolution", among=county, cap=9) == 0
    assert selectors.search_count_capped("؟", kind="resolution", among=county, cap=9) is None


def test_postgresql_walks_a_long_search_row_by_row(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the cap, PostgreSQL tests each row of the list's order against the index by
    (kind, object id), behind an `OFFSET 0` that keeps it from hashing every match first."""
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr(selectors, "PG_WALK_FROM", 3)
    for number in range(5):
        world.resolution(title=f"لوله کشی {number}")
    with CaptureQueriesContext(connection) as queries:
        page = _get(world, "secretariat", "q=لوله")
    assert "بیش از ۳ مصوبه" in page
    assert all(f"لوله\u200cکشی {number}" in page for number in range(5))
    walked = [q["sql"] for q in queries.captured_queries if "OFFSET 0" in q["sql"]]
    assert len(walked) == (1 if connection.vendor == "postgresql" else 0)


def test_the_walk_or_sort_choice_counts_what_the_user_may_see(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word matching many entries in the whole index (here: more than WALK_FROM) but few
    of the rows the user may see is sorted, not walked: walking would pass every row of the
    list to find those few. The count among the list decides, on either database."""
    monkeypatch.setattr(selectors, "WALK_FROM", 1)
    monkeypatch.setattr(selectors, "PG_WALK_FROM", 3)
    world.resolution(title="لوله کشی فردو")  # the county's one
    for number in range(5):
        world.resolution(
            title=f"لوله کشی قم {number}",
            places=[world.qom_city],
            responsible_body=world.gas,
            followup_owner=world.qom_governorate,
        )

    def walked(persona: str) -> bool:
        with CaptureQueriesContext(connection) as queries:
            page = _get(world, persona, "q=لوله")
        assert "لوله\u200cکشی فردو" in page
        return any(
            'EXISTS(SELECT 1 AS "a" FROM "search_searchentry"' in q["sql"]
            for q in queries.captured_queries
        )

    assert not walked("county")
    assert walked("secretariat")


@pytest.mark.parametrize("persona", ["secretariat", "county", "officer", "gas_officer"])
def test_the_count_from_the_users_rows_is_the_count_from_the_index_side(
    world: World, two: dict[str, str], persona: str
) -> None:
    """`from_among` starts from the rows of `among` (their ids read first) instead of
    streaming the index's matches; either way the same rows are counted, capped alike."""
    for number in range(4):
        world.resolution(title=f"لوله کشی {number}")
    world.resolution(title="لوله گذاری گاز", responsible_body=world.gas)
    user = world.users[persona]
    for cap in (0, 2, 9):
        for query in ("لوله", "گاز", "لوله کش", "؟"):
            counts = {
                from_among: selectors.search_count_capped(
                    query,
                    kind="resolution",
                    among=resolutions_visible_to(user),
                    cap=cap,
                    from_among=from_among,
                )
                for from_among in (False, True)
            }
            assert counts[True] == counts[False], (query, cap)
    assert (
        selectors.search_count_capped(
            "لوله", kind="resolution", among=resolutions_visible_to(user), cap=9, from_among=True
        )
        == {"secretariat": 7, "county": 6, "officer": 5, "gas_officer": 2}[persona]
    )
    # A list of ids, a UNION whose first part names its column otherwise, counts the same.
    links = Resolution.places.through.objects.filter(place=world.fordo)
    ids = links.values_list("resolution_id", flat=True).order_by()
    ids = ids.union(
        Resolution.objects.filter(responsible_body=world.gas).values_list("pk").order_by()
    )
    assert (
        selectors.search_count_capped("لوله", kind="resolution", among=ids, cap=9, from_among=True)
        == 7
    )
    nothing = resolutions_visible_to(world.users["outsider"])  # none(): nothing to count
    for from_among in (False, True):
        found = selectors.search_count_capped(
            "لوله", kind="resolution", among=nothing, cap=9, from_among=from_among
        )
        assert found == 0


def test_an_officers_search_is_narrowed_to_their_rows_by_the_index(
    world: World, two: dict[str, str]
) -> None:
    """An executive body's officer sees few rows: the index reads only the matches holding
    their body's scope key; a province-wide user's search reads every match. The pages
    list the same rows either way."""
    key = body_key(world.roads.pk)
    keyed = f'{{scope}} : ("{key}")' if connection.vendor == "sqlite" else f"'#{key}'"

    def narrowed_by_keys(persona: str) -> bool:
        with CaptureQueriesContext(connection) as queries:
            page = _get(world, persona, "q=لوله")
        assert _found(page) == {"secretariat": {"roads", "gas"}, "officer": {"roads"}}[persona]
        return any(
            keyed in q["sql"] or keyed in str(q.get("params", "")) for q in queries.captured_queries
        )

    assert narrowed_by_keys("officer")
    assert not narrowed_by_keys("secretariat")
    # Filtered, the officer's rows are read to be filtered: the same rows as unfiltered.
    assert _found(_get(world, "officer", f"q=لوله&body={world.roads.pk}")) == {"roads"}
    assert _found(_get(world, "officer", f"q=لوله&body={world.gas.pk}")) == set()
    assert _found(_get(world, "officer", "q=لوله&status=done")) == set()
