"""The working-day calendar, table-driven on real Jalali dates of 1404–1405."""

import datetime

import pytest

from peygir.persian import parse_jalali_date
from peygir.workdays.calendar import (
    add_working_days,
    invalidate_holidays,
    is_working_day,
    working_days_between,
)
from peygir.workdays.models import Holiday


def j(text: str) -> datetime.date:
    return parse_jalali_date(text)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("1405/01/01", False),  # Nowruz
        ("1405/01/04", False),  # Nowruz, fourth day
        ("1405/01/05", True),  # first Wednesday after Nowruz
        ("1405/01/07", False),  # a Friday
        ("1405/01/12", False),  # Islamic Republic Day
        ("1405/01/13", False),  # Nature Day (13 Farvardin)
        ("1404/12/28", True),  # an ordinary Thursday
        ("1404/12/29", False),  # oil nationalisation day, also a Friday
        ("1405/03/14", False),  # 14 Khordad
    ],
)
def test_it_knows_days_off(holidays: int, day: str, working: bool) -> None:
    assert is_working_day(j(day)) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("1404/12/28", 1, "1405/01/05"),  # across Friday and the Nowruz week
        ("1405/01/11", 1, "1405/01/15"),  # across 12 and 13 Farvardin and a Friday
        ("1405/01/05", 0, "1405/01/05"),
        ("1405/01/05", -1, "1404/12/28"),
        ("1405/02/01", 6, "1405/02/08"),  # one ordinary week: six working days
    ],
)
def test_it_adds_working_days(holidays: int, start: str, days: int, expected: str) -> None:
    assert add_working_days(j(start), days) == j(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("1404/12/28", "1405/01/05", 1),
        ("1405/01/05", "1404/12/28", -1),
        ("1405/02/01", "1405/02/01", 0),
        ("1405/02/01", "1405/02/08", 6),
    ],
)
def test_it_counts_working_days_between(holidays: int, start: str, end: str, expected: int) -> None:
    assert working_days_between(j(start), j(end)) == expected


def test_counting_undoes_adding_over_two_years(holidays: int) -> None:
    start = j("1404/01/01")
    for days in range(0, 600, 7):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_it_ships_four_years_of_holidays(holidays: int) -> None:
    assert holidays > 4 * 20
    assert Holiday.objects.filter(date=j("1406/01/13")).exists()


def test_a_holiday_added_in_the_admin_counts_after_invalidation(holidays: int) -> None:
    day = j("1405/02/01")  # an ordinary Tuesday
    assert is_working_day(day)
    Holiday.objects.create(date=day, name="تعطیل اضطراری آلودگی هوا", kind="solar")
    invalidate_holidays()
    assert not is_working_day(day)


def test_loading_twice_changes_nothing_and_keeps_admin_edits(holidays: int) -> None:
    from peygir.workdays.services import holidays_load

    Holiday.objects.filter(date=j("1405/01/13")).update(name="روز طبیعت (تأیید شده)")
    assert holidays_load() == holidays
    assert Holiday.objects.get(date=j("1405/01/13")).name == "روز طبیعت (تأیید شده)"
