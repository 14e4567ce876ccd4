"""The resolution admin's search box ignores spelling variants and stays within the user's scope."""

from typing import Any

import pytest
from django.test import Client

from peygir.conftest import World

URL = "/admin/resolutions/resolution/"
ZWNJ = "\u200c"


def _client(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


@pytest.fixture
def world_staff(world: World) -> World:
    for persona in ("county", "gas_officer"):
        world.users[persona].is_staff = True
        world.users[persona].save(update_fields=["is_staff"])
    return world


def test_admin_search_finds_a_spelling_variant(world: World) -> None:
    found = world.resolution(title=f"پیگیری مصوبه{ZWNJ}های سفر")
    world.resolution(title="احداث پل")
    page = _client(world, "admin").get(URL, {"q": "مصوبه هاي"}).content.decode()
    assert found.tracking_code in page
    assert "احداث پل" not in page


def test_admin_search_keeps_to_the_users_scope(world_staff: World) -> None:
    world = world_staff
    world.resolution(title="لوله گذاری آب فردو")
    page = _client(world, "gas_officer").get(URL, {"q": "لوله"})
    assert page.status_code in (200, 403)
    assert "لوله گذاری آب فردو" not in page.content.decode()


def test_admin_search_with_many_hits_costs_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        world.resolution(title=f"آسفالت راه شماره {n}")
    client = _client(world, "admin")
    with django_assert_max_num_queries(12):
        page = client.get(URL, {"q": "اسفالت"})
    assert page.context["cl"].result_count == 15
