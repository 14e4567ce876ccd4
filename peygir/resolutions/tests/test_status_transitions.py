"""Every pair of statuses: the allowed moves pass, the rest are refused in Persian."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from peygir.resolutions.choices import Status
from peygir.resolutions.status import ALLOWED_TRANSITIONS, check_transition

ALL_PAIRS = [(old, new) for old, new in itertools.permutations(Status.values, 2)]


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_each_transition_is_allowed_or_refused_as_the_table_says(old: str, new: str) -> None:
    allowed = new in ALLOWED_TRANSITIONS[old]
    if allowed:
        check_transition(old, new, reason="دلیل")
    else:
        with pytest.raises(ValidationError) as caught:
            check_transition(old, new, reason="دلیل")
        message = caught.value.messages[0]
        assert any("\u0600" <= char <= "\u06ff" for char in message), message


@pytest.mark.parametrize("old", [Status.REGISTERED, Status.ASSIGNED])
@pytest.mark.parametrize("new", [Status.IN_PROGRESS, Status.DONE, Status.PARTIALLY_DONE])
def test_skipping_acceptance_says_acceptance_comes_first(old: str, new: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_transition(old, new)
    assert caught.value.code == "skips_acceptance"
    assert "بپذیرد" in caught.value.messages[0]


@pytest.mark.parametrize("new", [Status.CANCELLED, Status.STALLED])
def test_cancelling_or_stalling_needs_a_reason(new: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_transition(Status.IN_PROGRESS, new, reason="  ")
    assert caught.value.code == "reason_required"


def test_staying_in_the_same_status_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        check_transition(Status.ACCEPTED, Status.ACCEPTED)
    assert caught.value.code == "same_status"


def test_cancelled_is_final() -> None:
    assert ALLOWED_TRANSITIONS[Status.CANCELLED] == frozenset()
