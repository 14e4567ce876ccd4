"""Councils' needs through the API: each role sees what the needs pages let it see."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from peygir.conftest import World
from peygir.needs.models import NeedItem
from peygir.needs.services import need_item_add, needs_list_create

from .conftest import API

Api = Callable[[str | None], APIClient]


@pytest.fixture
def need(world: World) -> NeedItem:
    needs_list = needs_list_create(
        actor=world.users["council"], council=world.council_org, title="نیازهای شهر کهک"
    )
    return need_item_add(
        actor=world.users["council"],
        needs_list=needs_list,
        title="احداث کتابخانه عمومی",
        place=world.kahak,
        estimated_cost=12_000_000_000,
    )


@pytest.mark.parametrize(
    ("persona", "count"),
    [("council", 1), ("county", 1), ("deputy", 1), ("other_county", 0), ("officer", 0)],
)
def test_each_role_sees_the_needs_of_its_scope(
    api: Api, need: NeedItem, persona: str, count: int
) -> None:
    response = api(persona).get(f"{API}/needs/")
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_a_need_shows_no_personal_contact(api: Api, need: NeedItem) -> None:
    row = api("deputy").get(f"{API}/needs/{need.pk}/").json()
    assert row["title"] == "احداث کتابخانه عمومی"
    assert "requester_contact" not in row


def test_anonymous_sees_no_needs(api: Api, need: NeedItem) -> None:
    assert api(None).get(f"{API}/needs/").status_code == 401
