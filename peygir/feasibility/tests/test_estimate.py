"""Deadline realism: the estimate from plenty of history, and the fall-backs with little."""

import datetime

import pytest

from peygir.conftest import World
from peygir.feasibility.estimate import (
    Basis,
    describe,
    estimate_duration,
    percentile,
    working_days_between,
)
from peygir.feasibility.tests.conftest import finish
from peygir.resolutions.models import Category
from peygir.workdays.calendar import invalidate_holidays
from peygir.workdays.models import Holiday

START = datetime.date(2025, 1, 4)  # a Saturday


def spans(world: World, days: list[int], **overrides: object) -> list[int]:
    """Finish one resolution per span (calendar days); return their working days."""
    worked = []
    for n, span in enumerate(days):
        done = START + datetime.timedelta(days=span)
        finish(world, start=START, done=done, title=f"کار شماره {n}", **overrides)
        worked.append(working_days_between(START, done))
    return worked


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([10, 20, 30, 40, 50], 0.5) == 30
    assert percentile([10, 20, 30, 40, 50], 0.8) == 42
    assert percentile([7], 0.8) == 7


def test_with_plenty_of_history_the_same_category_and_body_are_used(world: World) -> None:
    worked = sorted(spans(world, [30, 60, 90, 120, 200]))
    spans(world, [5, 5, 5], responsible_body=world.gas)  # same category, other body: ignored
    resolution = world.resolution(
        start_date=datetime.date(2026, 1, 3), deadline=datetime.date(2026, 1, 31)
    )
    estimate = estimate_duration(resolution)
    assert estimate.basis == Basis.CATEGORY_AND_BODY
    assert estimate.used == 5 and not estimate.little_data
    assert estimate.median == worked[2]
    assert estimate.p80 == pytest.approx(worked[3] + 0.2 * (worked[4] - worked[3]))
    assert [case.working_days for case in estimate.evidence] == worked
    assert describe(estimate) == ("بر پایه ۵ مصوبه انجام‌شده از همین موضوع و همین دستگاه مسئول.")


def test_a_deadline_shorter_than_the_median_is_flagged_with_its_evidence(world: World) -> None:
    spans(world, [30, 60, 90, 120, 200])
    short = world.resolution(
        start_date=datetime.date(2026, 1, 3), deadline=datetime.date(2026, 1, 31)
    )
    roomy = world.resolution(
        start_date=datetime.date(2026, 1, 3), deadline=datetime.date(2026, 12, 31)
    )
    estimate = estimate_duration(short)
    assert estimate.allowed == working_days_between(short.start_date, short.deadline)
    assert estimate.too_short
    assert {case.title for case in estimate.evidence} == {f"کار شماره {n}" for n in range(5)}
    assert not estimate_duration(roomy).too_short


def test_too_little_history_of_the_body_falls_back_to_the_category(world: World) -> None:
    spans(world, [30, 60])
    spans(world, [10, 20, 40], responsible_body=world.gas)
    estimate = estimate_duration(world.resolution())
    assert estimate.basis == Basis.CATEGORY
    assert estimate.used == 5
    assert "موضوع" in describe(estimate) and "۵" in describe(estimate)


def test_too_little_history_in_the_category_falls_back_to_the_province(world: World) -> None:
    water = Category.objects.create(code="water", name="آب")
    spans(world, [30])
    spans(world, [10, 20, 40, 50], category=water)
    estimate = estimate_duration(world.resolution())
    assert estimate.basis == Basis.PROVINCE
    assert estimate.used == 5


def test_with_very_little_history_it_says_how_little_was_used(world: World) -> None:
    spans(world, [30, 60])
    estimate = estimate_duration(world.resolution())
    assert estimate.basis == Basis.PROVINCE
    assert estimate.little_data
    text = describe(estimate)
    assert "۲ مصوبه" in text
    assert "داده کم است" in text


def test_with_no_history_there_is_no_estimate_and_it_says_so(world: World) -> None:
    estimate = estimate_duration(world.resolution())
    assert estimate.basis == Basis.NONE and estimate.median is None
    assert not estimate.too_short
    assert "برآوردی در دست نیست" in describe(estimate)


def test_the_working_days_leave_fridays_and_official_holidays_out(world: World) -> None:
    saturday = datetime.date(2025, 1, 4)
    assert working_days_between(saturday, saturday + datetime.timedelta(days=7)) == 6
    Holiday.objects.create(date=datetime.date(2025, 1, 6), name="تعطیل رسمی", kind="lunar")
    invalidate_holidays()
    try:
        finish(world, start=saturday, done=saturday + datetime.timedelta(days=7))
        (case,) = estimate_duration(world.resolution()).cases
        assert case.working_days == 5
    finally:
        invalidate_holidays()
