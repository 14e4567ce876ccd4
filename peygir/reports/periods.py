"""Jalali periods (fiscal years, months, Saturday-to-Friday weeks) as database buckets.

A bucket is a CASE over a date or datetime column whose branches are the periods'
Gregorian bounds, so grouping by Jalali period happens in one GROUP BY in the database.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from peygir.persian import (
    date_to_jalali,
    fiscal_year,
    fiscal_year_bounds,
    jalali_to_date,
    month_name,
    to_persian_digits,
)

YEARS_BACK = 8
YEARS_AHEAD = 4


@dataclass(frozen=True)
class Period:
    key: int
    label: str
    start: datetime.date
    end: datetime.date  # exclusive


def fiscal_years(today: datetime.date | None = None) -> list[Period]:
    """The fiscal years a dashboard offers: some years back, the current one, a few ahead."""
    current = fiscal_year(today or timezone.localdate())
    periods = []
    for year in range(current - YEARS_BACK, current + YEARS_AHEAD + 1):
        first, last = fiscal_year_bounds(year)
        periods.append(
            Period(year, to_persian_digits(str(year)), first, last + datetime.timedelta(days=1))
        )
    return periods


def jalali_months(count: int, today: datetime.date | None = None) -> list[Period]:
    """The last `count` Jalali months, the current one last, labelled «آبان ۱۴۰۵»."""
    year, month, _day = date_to_jalali(today or timezone.localdate())
    starts: list[tuple[int, int]] = []
    for _ in range(count):
        starts.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    starts.reverse()
    periods = []
    for index, (y, m) in enumerate(starts):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        label = f"{month_name(m)} {to_persian_digits(str(y))}"
        periods.append(Period(index, label, jalali_to_date(y, m, 1), jalali_to_date(ny, nm, 1)))
    return periods


def jalali_weeks(count: int, today: datetime.date | None = None) -> list[Period]:
    """The last `count` weeks (Saturday to Friday), labelled by their first day in Jalali."""
    today = today or timezone.localdate()
    saturday = today - datetime.timedelta(days=(today.weekday() + 2) % 7)
    periods = []
    for index in range(count):
        start = saturday - datetime.timedelta(weeks=count - 1 - index)
        y, m, d = date_to_jalali(start)
        label = to_persian_digits(f"{y}/{m:02d}/{d:02d}")
        periods.append(Period(index, label, start, start + datetime.timedelta(days=7)))
    return periods


def _bound(value: datetime.date, is_datetime: bool) -> datetime.date | datetime.datetime:
    if not is_datetime:
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def bucket(field: str, periods: list[Period], *, is_datetime: bool = False) -> Case:
    """A CASE that names the period `field` falls in (NULL outside every period)."""
    whens = [
        When(
            Q(**{f"{field}__gte": _bound(p.start, is_datetime)})
            & Q(**{f"{field}__lt": _bound(p.end, is_datetime)}),
            then=Value(p.key),
        )
        for p in periods
    ]
    return Case(*whens, default=None, output_field=IntegerField())


def within(field: str, periods: list[Period], *, is_datetime: bool = False) -> Q:
    """Only the rows inside the periods: lets the database use an index on `field`."""
    return Q(**{f"{field}__gte": _bound(periods[0].start, is_datetime)}) & Q(
        **{f"{field}__lt": _bound(periods[-1].end, is_datetime)}
    )
