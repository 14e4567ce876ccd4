"""Nobody finds a resolution they may not see."""

import pytest

from peygir.conftest import World
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.search.models import SearchKind
from peygir.search.selectors import resolution_search_ids, search


@pytest.fixture
def two(world: World) -> tuple[int, int]:
    """A roads resolution in Kahak and a gas one in Qom, both about «لوله»."""
    roads = world.resolution(title="لوله گذاری آب فردو")
    gas = world.resolution(
        title="لوله گذاری گاز قم",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    return roads.pk, gas.pk


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("secretariat", {"roads", "gas"}),
        ("admin", {"roads", "gas"}),
        ("county", {"roads"}),
        ("other_county", {"gas"}),
        ("officer", {"roads"}),
        ("gas_officer", {"gas"}),
        ("council", set()),
        ("outsider", set()),
    ],
)
def test_search_finds_only_what_the_persona_may_see(
    world: World, two: tuple[int, int], persona: str, sees: set[str]
) -> None:
    names = dict(zip(two, ["roads", "gas"], strict=True))
    found = set(resolution_search_ids(world.users[persona], "لوله گذاری"))
    assert {names[pk] for pk in found} == sees


def test_ranked_search_keeps_to_the_visible_queryset(world: World, two: tuple[int, int]) -> None:
    visible = resolutions_visible_to(world.users["gas_officer"])
    hits = search("لوله", kinds=[SearchKind.RESOLUTION], restrict_to_ids=visible)
    assert [hit.object_id for hit in hits] == [two[1]]


def test_ranked_search_accepts_a_plain_list_of_ids(world: World, two: tuple[int, int]) -> None:
    assert [h.object_id for h in search("لوله", restrict_to_ids=[two[0]])] == [two[0]]
    assert search("لوله", restrict_to_ids=[]) == []
