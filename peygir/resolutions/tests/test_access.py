"""Each persona sees and may do exactly what its memberships allow."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions.permissions import Action, allowed_actions, require
from peygir.resolutions.selectors import (
    public_resolutions,
    resolution_get_for_user,
    resolutions_visible_to,
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
