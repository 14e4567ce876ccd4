"""The resolution services keep the index in step, inside their own transaction."""

import pytest
from django.core.management import call_command
from django.db import transaction

from peygir.conftest import World
from peygir.resolutions import services
from peygir.search.models import SearchEntry, SearchKind
from peygir.search.selectors import resolution_search_ids, search


def _ids(world: World, query: str) -> list[int]:
    return list(resolution_search_ids(world.users["secretariat"], query))


def test_a_new_resolution_is_found_at_once(world: World) -> None:
    resolution = world.resolution(title="گازرسانی به روستای وشنوه")
    assert _ids(world, "گازرسانی") == [resolution.pk]


def test_an_edited_title_is_found_and_the_old_one_is_not(world: World) -> None:
    resolution = world.resolution(title="گازرسانی به روستای وشنوه")
    services.resolution_update_details(
        actor=world.users["secretariat"],
        resolution=resolution,
        expected_version=resolution.version,
        title="آبرسانی به روستای وشنوه",
    )
    assert _ids(world, "ابرسانی") == [resolution.pk]
    assert _ids(world, "گازرسانی") == []


def test_a_new_responsible_body_is_searchable(world: World) -> None:
    resolution = world.resolution(responsible_body=None)
    assert _ids(world, "شرکت گاز") == []
    services.resolution_assign(
        actor=world.users["secretariat"], resolution=resolution, body=world.gas
    )
    assert _ids(world, "شرکت گاز") == [resolution.pk]


def test_a_rolled_back_write_leaves_nothing_in_the_index(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        world.resolution(title="طرح رها شده")
        raise RuntimeError
    assert not SearchEntry.objects.exists()
    assert _ids(world, "رها شده") == []


def test_reindex_rebuilds_a_lost_index(world: World) -> None:
    resolution = world.resolution(title="بهسازی خیابان امام")
    SearchEntry.objects.all().delete()
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _ids(world, "بهسازی") == [resolution.pk]
    assert SearchEntry.objects.count() == 1


def test_other_kinds_are_indexed_and_removed_with_one_call(db: None) -> None:
    from peygir.search.services import search_index, search_remove

    search_index(SearchKind.NEED, 7, parts=["نیاز به درمانگاه"], display="نیاز به درمانگاه")
    assert [hit.object_id for hit in search(query="درمانگاه", kinds=["need"])] == [7]
    assert search("درمانگاه", kinds=["news"]) == []
    search_remove(SearchKind.NEED, 7)
    assert search("درمانگاه") == []


def test_new_places_are_searchable_after_an_edit_of_a_prefetched_copy(world: World) -> None:
    from peygir.resolutions.selectors import resolution_get_for_user

    created = world.resolution(title="احداث پل", text="", places=[world.fordo])
    resolution = resolution_get_for_user(world.users["secretariat"], created.pk)
    assert [place.name for place in resolution.places.all()] == ["فردو"]  # now prefetched
    services.resolution_update_details(
        actor=world.users["secretariat"],
        resolution=resolution,
        expected_version=resolution.version,
        places=[world.kahak],
    )
    assert _ids(world, "کهک") == [created.pk]
    assert _ids(world, "فردو") == []


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_writes_the_same_keys_as_the_services(world: World, workers: int) -> None:
    """The rebuild reads rows, not instances, and may fold in worker processes: it must
    still index exactly what each write indexed (places in their order, the body, the code)."""
    from peygir.search.services import search_reindex

    world.resolution(title="آبرسانی به روستای وشنوه", places=[world.fordo, world.kahak])
    world.resolution(title="احداث پل", text="متن بلند " * 40, responsible_body=None)
    world.resolution(title="گازرسانی")
    written = set(SearchEntry.objects.values_list("kind", "object_id", "folded", "display"))
    assert search_reindex(kinds=[SearchKind.RESOLUTION], workers=workers) == {"resolution": 3}
    rebuilt = set(SearchEntry.objects.values_list("kind", "object_id", "folded", "display"))
    assert rebuilt == written
    assert _ids(world, "وشنوه") == [min(pk for _, pk, _, _ in written)]


def test_a_renamed_body_is_found_by_its_new_name(world: World) -> None:
    from peygir.organizations.services import organization_upsert

    resolution = world.resolution(responsible_body=world.gas)
    world.resolution(responsible_body=world.roads)
    organization_upsert(
        code=world.gas.code,
        name="شرکت ملی پخش فراورده‌های نفتی قم",
        kind=world.gas.kind,
        level=world.gas.level,
        place=world.gas.place,
    )
    assert _ids(world, "فراورده نفتی") == [resolution.pk]
    assert _ids(world, "شرکت گاز") == []


def test_a_renamed_place_is_found_by_its_new_name(world: World) -> None:
    from peygir.places.services import place_upsert

    resolution = world.resolution(title="احداث پل", text="", places=[world.fordo])
    world.resolution(title="احداث پل", text="", places=[world.qom_city])
    place_upsert(code=world.fordo.code, name="فردوی علیا", kind=world.fordo.kind)
    assert _ids(world, "علیا") == [resolution.pk]
    assert _ids(world, "فردو") == [resolution.pk]  # a prefix of its new name
    place_upsert(code=world.fordo.code, name="وشنوه", kind=world.fordo.kind)
    assert _ids(world, "فردو") == []


def test_renames_in_the_admin_are_found_by_the_new_names(world: World) -> None:
    from django.test import Client

    body = world.resolution(title="احداث پل", text="", responsible_body=world.gas)
    place = world.resolution(title="احداث پل", text="", places=[world.qom_city])
    client = Client()
    client.force_login(world.users["admin"])
    gas = world.gas
    response = client.post(
        f"/admin/organizations/organization/{gas.pk}/change/",
        {
            "code": gas.code,
            "name": "شرکت ملی پخش فراورده‌های نفتی قم",
            "short_name": "",
            "kind": gas.kind,
            "level": gas.level,
            "place": gas.place_id or "",
            "parent": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    city = world.qom_city
    response = client.post(
        f"/admin/places/place/{city.pk}/change/",
        {"code": city.code, "name": "پردیسان", "kind": city.kind, "parent": city.parent_id},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _ids(world, "فراورده نفتی") == [body.pk]
    assert _ids(world, "پردیسان") == [place.pk]
    assert _ids(world, "شرکت گاز") == []
