"""Each persona sees and may do exactly what its memberships allow."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import selectors
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, allowed_actions, require
from peygir.resolutions.selectors import (
    public_resolutions,
    resolution_get_for_user,
    resolutions_visible_to,
    sources_visible_to,
)
from peygir.resolutions.services import resolution_publish


@pytest.fixture
def two(world: World) -> tuple[World, object, object]:
    kahak_roads = world.resolution()
    qom_gas = world.resolution(
        title="گازرسانی به محله",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    return world, kahak_roads, qom_gas


VISIBLE = {
    "admin": {"kahak", "qom"},
    "secretariat": {"kahak", "qom"},
    "deputy": {"kahak", "qom"},
    "county": {"kahak"},
    "other_county": {"qom"},
    "officer": {"kahak"},
    "gas_officer": {"qom"},
    "council": set(),
    "moderator": set(),
    "outsider": set(),
}


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_each_persona_sees_only_its_resolutions(two, persona: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    world, kahak, qom = two
    names = {kahak.pk: "kahak", qom.pk: "qom"}
    seen = {
        names[pk]
        for pk in resolutions_visible_to(world.users[persona]).values_list("pk", flat=True)
    }
    assert seen == expected
    for pk, name in names.items():
        if name in expected:
            assert resolution_get_for_user(world.users[persona], pk).pk == pk
        else:
            with pytest.raises(Http404):
                resolution_get_for_user(world.users[persona], pk)


def test_anonymous_sees_nothing_on_the_staff_side(two, django_user_model) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    assert not resolutions_visible_to(AnonymousUser()).exists()


def test_only_the_responsible_body_may_accept(two) -> None:  # type: ignore[no-untyped-def]
    world, kahak, _qom = two
    assert Action.RESPOND in allowed_actions(world.users["officer"], kahak)
    for persona in ["secretariat", "deputy", "county", "gas_officer", "council", "outsider"]:
        assert Action.RESPOND not in allowed_actions(world.users[persona], kahak), persona


def test_officer_cannot_change_status_rate_or_publish(two) -> None:  # type: ignore[no-untyped-def]
    world, kahak, _qom = two
    officer = world.users["officer"]
    for action in [Action.CHANGE_STATUS, Action.RATE, Action.PUBLISH, Action.ASSIGN, Action.EDIT]:
        with pytest.raises(PermissionDenied):
            require(officer, action, kahak)


def test_county_follows_up_but_only_the_owner_decides(two) -> None:  # type: ignore[no-untyped-def]
    world, kahak, qom = two
    county = world.users["county"]
    assert Action.RECORD_FOLLOWUP in allowed_actions(county, kahak)
    assert Action.DECIDE_REVISION in allowed_actions(county, kahak)  # FG-KAHAK owns it
    assert allowed_actions(county, qom) == frozenset()


def test_supporting_body_only_reads(world: World) -> None:
    resolution = world.resolution(supporting_bodies=[world.gas])
    assert allowed_actions(world.users["gas_officer"], resolution) == {Action.VIEW}


def test_the_public_sees_only_published_resolutions(two) -> None:  # type: ignore[no-untyped-def]
    world, kahak, _qom = two
    assert not public_resolutions().exists()
    satisfy_gate(kahak, assessor=world.users["deputy"], body_officer=world.users["officer"])
    resolution_publish(actor=world.users["secretariat"], resolution=kahak)
    assert list(public_resolutions()) == [kahak]


def test_a_deactivated_membership_grants_nothing(two) -> None:  # type: ignore[no-untyped-def]
    world, _kahak, _qom = two
    officer = world.users["officer"]
    officer.memberships.update(is_active=False)
    officer = type(officer).objects.get(pk=officer.pk)
    assert not resolutions_visible_to(officer).exists()


def test_the_rule_is_built_once_for_a_users_scope(world: World) -> None:
    """A staff page asks for the rule several times: it is built once per scope, and anew
    when the user's scope is read anew (a fresh user object, as each request has)."""
    officer = world.users["officer"]
    first = selectors._rules(officer)
    assert first and selectors._rules(officer) is first
    again = type(officer).objects.get(pk=officer.pk)
    assert selectors._rules(again) is not first
    same = [str(rule.ids.query) for rule in selectors._rules(again) or []]
    assert same == [str(rule.ids.query) for rule in first]


@pytest.fixture
def ways(world: World) -> dict[str, Resolution]:
    """One resolution for each way the rule lets someone see it, none of them in Kahak."""
    kahak_council_body = world.council_org  # a body located in Kahak
    return {
        "owned": world.resolution(
            places=[world.qom_city],
            responsible_body=world.gas,
            followup_owner=world.kahak_governorate,
        ),
        "placed": world.resolution(
            places=[world.fordo], responsible_body=world.gas, followup_owner=world.qom_governorate
        ),
        "kahak_body": world.resolution(
            places=[world.qom_city],
            responsible_body=kahak_council_body,
            followup_owner=world.qom_governorate,
        ),
        "supported": world.resolution(
            places=[world.qom_city],
            responsible_body=world.gas,
            supporting_bodies=[world.roads],
            followup_owner=world.qom_governorate,
        ),
        "national": world.resolution(
            places=[], responsible_body=world.ministry, followup_owner=None
        ),
    }


WAYS_SEEN = {
    "secretariat": {"owned", "placed", "kahak_body", "supported", "national"},
    "admin": {"owned", "placed", "kahak_body", "supported", "national"},
    "county": {"owned", "placed", "kahak_body"},
    "other_county": {"owned", "kahak_body", "supported", "placed"},
    "officer": {"supported"},
    "gas_officer": {"owned", "placed", "supported"},
    "council": set(),
    "outsider": set(),
}


@pytest.fixture(params=["ids", "unindexed", "walking"])
def shape(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read the rule as one list of ids; or read them first but test each row walked
    against them (a walking list whose user sees some rows); or test the rule itself on
    each row (one who sees many), on either database."""
    monkeypatch.setattr(selectors, "WALKING_VENDORS", frozenset({connection.vendor}))
    monkeypatch.setattr(selectors, "SOME_VENDORS", frozenset({connection.vendor}))
    monkeypatch.setattr(selectors, "MANY_SHARE", 10**9)
    monkeypatch.setattr(selectors, "SOME_SHARE", 10**9)
    monkeypatch.setattr(selectors, "MANY_AT_LEAST", 1 if request.param == "walking" else 10**9)
    monkeypatch.setattr(selectors, "SOME_AT_LEAST", 1 if request.param != "ids" else 10**9)
    cache.clear()
    return str(request.param)


@pytest.mark.parametrize(("persona", "expected"), WAYS_SEEN.items())
def test_every_way_of_seeing_holds_in_either_shape(
    world: World, ways: dict[str, Resolution], shape: str, persona: str, expected: set[str]
) -> None:
    user = world.users[persona]
    names = {resolution.pk: name for name, resolution in ways.items()}
    for visible in (resolutions_visible_to(user), resolutions_visible_to(user, walking=True)):
        assert {names[pk] for pk in visible.values_list("pk", flat=True)} == expected
    # The trips offered: the one trip holds all five, so it is offered to whoever sees one.
    for walking in (False, True):
        trips = set(sources_visible_to(user, walking=walking).values_list("pk", flat=True))
        assert trips == ({world.source.pk} if expected else set())
    if persona in ("county", "other_county", "officer", "gas_officer"):
        walked = str(resolutions_visible_to(user, walking=True).query)
        # PostgreSQL walks a user who sees some rows as one who sees many.
        if shape == "unindexed" and connection.vendor not in selectors.UNINDEXED_VENDORS:
            shape = "walking"
        assert ("UNION" not in walked) == (shape == "walking")
        assert ('"id" + 0) IN' in walked) == (shape == "unindexed")


def test_only_a_user_who_sees_many_rows_walks(
    world: World, ways: dict[str, Resolution], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "WALKING_VENDORS", frozenset({connection.vendor}))
    monkeypatch.setattr(selectors, "MANY_SHARE", 10**9)
    monkeypatch.setattr(selectors, "MANY_AT_LEAST", 2)  # one part of the rule holding two
    cache.clear()
    county = world.users["county"]
    assert "UNION" in str(resolutions_visible_to(county, walking=True).query)  # one in each part
    cache.clear()
    world.resolution(places=[world.qom_city], followup_owner=world.kahak_governorate)
    assert "UNION" not in str(resolutions_visible_to(county, walking=True).query)
    # Not walking, or on a database not measured for it, the ids are read first as before.
    assert "UNION" in str(resolutions_visible_to(county).query)
    monkeypatch.setattr(selectors, "WALKING_VENDORS", frozenset())
    assert "UNION" in str(resolutions_visible_to(county, walking=True).query)


def test_a_user_who_sees_many_rows_walks_on_either_database(
    world: World, ways: dict[str, Resolution], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both databases walk (PostgreSQL at 1 M: a county's list 15 s -> 0.28 s)."""
    monkeypatch.setattr(selectors, "MANY_SHARE", 10**9)
    monkeypatch.setattr(selectors, "MANY_AT_LEAST", 1)
    cache.clear()
    assert "UNION" not in str(resolutions_visible_to(world.users["county"], walking=True).query)
