"""Scope keys: what each resolution's entry holds, kept by every write, and what they narrow.

An entry's keys (`search.scope`) let the index read only the matches a user may see; a key
missing would hide a row from that user's search, so every path that writes a resolution's
owner or bodies, the rebuilds and the migration that filled them are held to the same keys.
"""

import importlib

import pytest
from django.db import connection
from django.test import Client

from peygir.conftest import World
from peygir.organizations.services import organization_upsert
from peygir.places.models import Place
from peygir.resolutions import services
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import resolutions_visible_to, search_scope_of
from peygir.search import selectors
from peygir.search.models import SearchEntry, SearchKind
from peygir.search.scope import body_key, owner_key, path_place_ids, place_key, resolution_scope
from peygir.search.services import search_reindex, search_reindex_resolutions

migration = importlib.import_module("peygir.search.migrations.0005_scope_keys")


def _scopes() -> dict[int, set[str]]:
    entries = SearchEntry.objects.filter(kind=SearchKind.RESOLUTION)
    return {pk: set(scope.split()) for pk, scope in entries.values_list("object_id", "scope")}


def _scope(resolution: Resolution) -> set[str]:
    return _scopes()[resolution.pk]


def _on_paths(*places: Place) -> set[str]:
    """The place keys of these places: each place on their paths."""
    return {place_key(pk) for place in places for pk in path_place_ids(place.path)}


def test_the_keys_name_the_owner_and_every_body_once() -> None:
    assert resolution_scope(3, 7, [9, 7, 4]) == "o3 b7 b4 b9"
    assert resolution_scope(None, None, []) == ""
    assert resolution_scope(None, 7, [], ["/1/5/", "/1/5/8/"]) == "b7 p1 p5 p8"


def test_every_write_of_an_owner_a_body_or_a_place_keeps_the_keys(world: World) -> None:
    secretariat = world.users["secretariat"]
    resolution = world.resolution(supporting_bodies=[world.gas])  # in Fordo, Kahak county
    kahak, roads, gas = world.kahak_governorate.pk, world.roads.pk, world.gas.pk
    assert _scope(resolution) == {
        owner_key(kahak),
        body_key(roads),
        body_key(gas),
        *_on_paths(world.fordo),  # and the province, where both bodies are
    }
    resolution = services.resolution_update_details(
        actor=secretariat,
        resolution=resolution,
        expected_version=resolution.version,
        followup_owner=world.qom_governorate,
        supporting_bodies=[],
        places=[world.qom_city],
    )
    qom = owner_key(world.qom_governorate.pk)
    assert _scope(resolution) == {qom, body_key(roads), *_on_paths(world.qom_city)}

    services.resolution_assign(actor=secretariat, resolution=resolution, body=world.gas)
    assert _scope(resolution) == {qom, body_key(gas), *_on_paths(world.qom_city)}

    # A body moved to another place keys its resolutions there (a county governorate sees
    # what is assigned to a body located in its county).
    gas_company = world.gas
    moved = organization_upsert(
        code=gas_company.code,
        name=gas_company.name,
        kind=gas_company.kind,
        level=gas_company.level,
        place=world.kahak,
    )
    assert moved.place == world.kahak
    assert _scope(resolution) == {qom, body_key(gas), *_on_paths(world.qom_city, world.kahak)}

    # The rebuilds write the keys the services wrote.
    world.resolution(responsible_body=None, supporting_bodies=[world.roads, world.gas])
    written = _scopes()
    assert search_reindex_resolutions(list(written)) == len(written)
    assert _scopes() == written
    search_reindex(kinds=[SearchKind.RESOLUTION])
    assert _scopes() == written


def test_the_migration_fills_the_keys_the_services_write(world: World) -> None:
    """Entries written before the keys existed get them from the migration's own SQL."""
    world.resolution(supporting_bodies=[world.gas, world.roads])  # its own body supports too
    world.resolution(responsible_body=None, followup_owner=None, places=[])
    world.resolution(responsible_body=world.gas, supporting_bodies=[world.roads])
    world.resolution(places=[world.fordo, world.kahak, world.qom_city])
    written = _scopes()
    assert set() in written.values()  # a resolution nobody owns yet has no key
    SearchEntry.objects.update(scope="")
    fill = migration.SQLITE_FILL if connection.vendor == "sqlite" else migration.POSTGRES_FILL
    with connection.cursor() as cursor:
        cursor.execute(fill)
    assert _scopes() == written
    # The index learnt them too (SQLite's FTS table through its update trigger).
    officer = world.users["officer"]
    among = resolutions_visible_to(officer)
    counted = selectors.search_count_capped(
        "آسفالت", kind="resolution", among=among, cap=9, scope=search_scope_of(officer)
    )
    assert counted == 3


def test_every_staff_member_but_the_province_wide_has_keys(world: World) -> None:
    keys = {name: search_scope_of(user) for name, user in world.users.items()}
    assert keys["officer"] == [body_key(world.roads.pk)]
    assert keys["gas_officer"] == [body_key(world.gas.pk)]
    # A county governorate: what it follows up, and what is in its county.
    assert keys["county"] == [owner_key(world.kahak_governorate.pk), place_key(world.kahak.pk)]
    assert keys["other_county"] == [owner_key(world.qom_governorate.pk), place_key(world.qom.pk)]
    # Province-wide staff see every row, as the admin; an outsider sees none.
    for name in ("secretariat", "deputy", "admin", "outsider"):
        assert keys[name] is None, name


def test_a_key_typed_as_a_search_matches_nothing(world: World) -> None:
    world.resolution()
    for key in (body_key(world.roads.pk), owner_key(world.kahak_governorate.pk)):
        assert not selectors.search_ids(key, kind="resolution").exists()
        assert selectors.search(key, kinds=["resolution"]) == []


@pytest.mark.parametrize("persona", ["officer", "gas_officer", "county", "other_county"])
def test_a_count_narrowed_by_the_keys_counts_what_the_rule_lets_the_user_see(
    world: World, persona: str
) -> None:
    world.resolution(title="لوله گذاری آب فردو")
    world.resolution(title="لوله کشی گاز", responsible_body=world.gas)
    world.resolution(
        title="لوله کشی آب", responsible_body=world.gas, supporting_bodies=[world.roads]
    )
    world.resolution(title="لوله بی صاحب", responsible_body=None)
    user = world.users[persona]
    scope = search_scope_of(user)
    for cap in (0, 1, 9):
        for query in ("لوله", "لوله کش", "آب", "؟"):
            among = resolutions_visible_to(user)
            plain = selectors.search_count_capped(query, kind="resolution", among=among, cap=cap)
            narrowed = selectors.search_count_capped(
                query, kind="resolution", among=among, cap=cap, scope=scope
            )
            assert narrowed == plain, (query, cap)
    assert (
        selectors.search_count_capped(
            "لوله", kind="resolution", among=resolutions_visible_to(user), cap=9, scope=scope
        )
        == {"officer": 2, "gas_officer": 2, "county": 4, "other_county": 0}[persona]
    )


def test_an_officer_finds_what_their_body_only_supports(world: World) -> None:
    world.resolution(title="لوله آب", responsible_body=world.gas, supporting_bodies=[world.roads])
    world.resolution(title="لوله گاز", responsible_body=world.gas)
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get("/staff/resolutions/?q=لوله").text
    assert "لوله آب" in page and "لوله گاز" not in page


@pytest.mark.parametrize("few", [True, False])
def test_an_officers_few_matches_read_first_list_what_walking_lists(
    world: World, monkeypatch: pytest.MonkeyPatch, few: bool
) -> None:
    """Read first (`scoped_match_ids`) or, past SCOPED_SORT_UP_TO, walked: the officer's
    searched list holds the same rows, in the same order, with the same count."""
    monkeypatch.setattr(selectors, "SCOPED_SORT_UP_TO", 100 if few else 2)
    monkeypatch.setattr(selectors, "PG_WALK_FROM", 0)  # what is not read first is walked
    monkeypatch.setattr(selectors, "WALK_FROM", 1)
    for number in range(4):
        world.resolution(title=f"لوله شماره {number}")
    world.resolution(title="لوله گاز", responsible_body=world.gas)
    world.resolution(title="لوله آب", responsible_body=world.gas, supporting_bodies=[world.roads])
    officer = world.users["officer"]
    matched = selectors.scoped_match_ids("لوله", kind="resolution", scope=search_scope_of(officer))
    assert (matched is not None) == few
    assert matched is None or len(matched) == 5
    client = Client()
    client.force_login(officer)
    page = client.get("/staff/resolutions/?q=لوله&sort=title").text
    titles = ["لوله آب", *(f"لوله شماره {number}" for number in range(4))]
    assert [page.index(title) for title in titles] == sorted(page.index(t) for t in titles)
    assert "لوله گاز" not in page and "۵ مصوبه" in page
    # A typed tracking code is found beside the matches read first, by the code itself
    # (here its entry is gone, so the index cannot find it).
    lost = world.resolution(title="بی ربط")
    SearchEntry.objects.filter(kind=SearchKind.RESOLUTION, object_id=lost.pk).delete()
    assert "بی ربط" in client.get(f"/staff/resolutions/?q={lost.tracking_code}").text


def test_an_officers_api_search_lists_their_matches_only(world: World) -> None:
    world.resolution(title="لوله آب", responsible_body=world.gas, supporting_bodies=[world.roads])
    world.resolution(title="لوله گاز", responsible_body=world.gas)
    client = Client()
    client.force_login(world.users["officer"])
    answer = client.get("/api/v1/resolutions/", {"q": "لوله"}).json()
    assert [row["title"] for row in answer["results"]] == ["لوله آب"]
