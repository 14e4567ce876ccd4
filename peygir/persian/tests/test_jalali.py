import datetime

import pytest

from peygir.persian import (
    JALALI_MONTHS,
    JalaliDateError,
    fiscal_year,
    fiscal_year_bounds,
    format_jalali_date,
    format_jalali_datetime,
    jalali_iso,
    jalali_to_date,
    month_name,
    parse_jalali_date,
)

ABAN_15_1403 = datetime.date(2024, 11, 5)


@pytest.mark.parametrize(
    "typed",
    [
        "۱۴۰۳/۸/۱۵",
        "۱۴۰۳/۰۸/۱۵",
        "1403-08-15",
        "1403/8/15",
        "١٤٠٣/٠٨/١٥",
        "1403.8.15",
        "  ۱۴۰۳/۰۸/۱۵  ",
        "۱۴۰۳ / ۰۸ / ۱۵",
        "۱۵/۰۸/۱۴۰۳",
        "۱۵ آبان ۱۴۰۳",
        "۱۵ آبان‌ماه ۱۴۰۳",
        "۱۵ آبانماه ۱۴۰۳",
        "۱۵ آبان ماه ۱۴۰۳",
        "15 ابان 1403",
        "سه‌شنبه ۱۵ آبان ۱۴۰۳",
        "\u200f۱۴۰۳/۰۸/۱۵",
    ],
)
def test_parse_accepts_common_spellings(typed: str) -> None:
    assert parse_jalali_date(typed) == ABAN_15_1403


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1403/12/30", datetime.date(2025, 3, 20)),  # 1403 is leap
        ("1404/01/01", datetime.date(2025, 3, 21)),
        ("1404/06/31", datetime.date(2025, 9, 22)),
        ("۵ اَمرداد ۱۴۰۲".replace("اَ", "ا"), datetime.date(2023, 7, 27)),
        ("۱ دي ۱۴۰۲", datetime.date(2023, 12, 22)),
    ],
)
def test_parse_known_days(typed: str, expected: datetime.date) -> None:
    assert parse_jalali_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1403/12/31", "تاریخ ۱۴۰۳/۱۲/۳۱ وجود ندارد: اسفند ۱۴۰۳ ۳۰ روز دارد."),
        ("1404/12/30", "تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد: اسفند ۱۴۰۴ ۲۹ روز دارد."),
        ("1404/13/01", "ماه باید بین ۱ و ۱۲ باشد."),
        ("1404/00/10", "ماه باید بین ۱ و ۱۲ باشد."),
        ("1404/07/31", "تاریخ ۱۴۰۴/۰۷/۳۱ وجود ندارد: مهر ۳۰ روز دارد."),
        ("1404/07/00", "روز باید بین ۱ و ۳۱ باشد."),
        ("1404/01/32", "روز باید بین ۱ و ۳۱ باشد."),
        ("0000/01/01", "سال باید بین ۱ و ۹۳۷۷ باشد."),
    ],
)
def test_parse_rejects_impossible_dates_with_persian_message(typed: str, message: str) -> None:
    with pytest.raises(JalaliDateError) as caught:
        parse_jalali_date(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "typed", ["", "   ", "فردا", "1403/08", "03/08/15", "1403/08-15", "۱۵ آبانک ۱۴۰۳", "15 آبان 03"]
)
def test_parse_rejects_unreadable_input(typed: str) -> None:
    with pytest.raises(JalaliDateError):
        parse_jalali_date(typed)


def test_error_is_a_value_error() -> None:
    assert issubclass(JalaliDateError, ValueError)


def test_format_short_and_long() -> None:
    assert format_jalali_date(ABAN_15_1403) == "۱۴۰۳/۰۸/۱۵"
    assert format_jalali_date(ABAN_15_1403, long=True) == "۱۵ آبان ۱۴۰۳"
    assert format_jalali_date(None) == ""
    assert format_jalali_date(datetime.date(2025, 3, 21), long=True) == "۱ فروردین ۱۴۰۴"


def test_format_date_of_an_aware_datetime_uses_tehran_day() -> None:
    late_utc = datetime.datetime(2024, 11, 4, 21, 0, tzinfo=datetime.UTC)  # 00:30 in Tehran
    assert format_jalali_date(late_utc) == "۱۴۰۳/۰۸/۱۵"


def test_format_datetime_converts_to_tehran() -> None:
    dt = datetime.datetime(2024, 11, 5, 10, 35, tzinfo=datetime.UTC)
    assert format_jalali_datetime(dt) == "۱۴۰۳/۰۸/۱۵ ۱۴:۰۵"
    assert format_jalali_datetime(None) == ""


def test_format_datetime_refuses_naive() -> None:
    with pytest.raises(ValueError):
        format_jalali_datetime(datetime.datetime(2024, 11, 5, 10, 35))  # noqa: DTZ001


def test_jalali_iso_uses_latin_digits() -> None:
    assert jalali_iso(ABAN_15_1403) == "1403-08-15"
    assert jalali_iso(None) == ""


def test_fiscal_year() -> None:
    assert fiscal_year(datetime.date(2025, 3, 20)) == 1403
    assert fiscal_year(datetime.date(2025, 3, 21)) == 1404
    assert fiscal_year_bounds(1403) == (datetime.date(2024, 3, 20), datetime.date(2025, 3, 20))
    assert fiscal_year_bounds(1404) == (datetime.date(2025, 3, 21), datetime.date(2026, 3, 20))


def test_month_names() -> None:
    assert len(JALALI_MONTHS) == 12
    assert month_name(1) == "فروردین"
    assert month_name(12) == "اسفند"
    with pytest.raises(JalaliDateError):
        month_name(13)


def _every_day(first_year: int, last_year: int) -> list[datetime.date]:
    start = jalali_to_date(first_year, 1, 1)
    end = fiscal_year_bounds(last_year)[1]
    return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]


def test_round_trip_every_day_1390_to_1410() -> None:
    days = _every_day(1390, 1410)
    assert len(days) > 7000
    for d in days:
        short = format_jalali_date(d)
        assert parse_jalali_date(short) == d, short
        assert parse_jalali_date(format_jalali_date(d, long=True)) == d
        assert parse_jalali_date(jalali_iso(d)) == d
        assert fiscal_year_bounds(fiscal_year(d))[0] <= d <= fiscal_year_bounds(fiscal_year(d))[1]
