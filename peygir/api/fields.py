"""Serializer fields for dates that Persian integrators write as Jalali or Gregorian."""

import datetime
import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from peygir.persian import JalaliDateError, jalali_iso, parse_jalali_date
from peygir.persian.digits import to_latin_digits

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# No resolution is dated before 1700 in the Gregorian calendar, and no Jalali year reaches
# 1700 for three centuries: the year alone tells the two calendars apart.
JALALI_YEARS_BELOW = 1700


def read_date(value: Any) -> datetime.date:
    """Read an ISO Gregorian date (2026-06-21) or a Jalali one (1405-03-31, ۱۴۰۵/۰۳/۳۱)."""
    if isinstance(value, datetime.datetime):
        raise ValueError("a date, not a date and time")
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    text = to_latin_digits(value).strip()
    match = _ISO.match(text)
    if match and int(match.group(1)) >= JALALI_YEARS_BELOW:
        return datetime.date(*(int(part) for part in match.groups()))
    try:
        return parse_jalali_date(text)
    except (JalaliDateError, ValueError, OverflowError) as error:
        raise ValueError(str(error)) from error


@extend_schema_field(
    {
        "type": "string",
        "format": "date",
        "description": "ISO Gregorian (2026-06-21) or Jalali (1405-03-31, ۱۴۰۵/۰۳/۳۱) on input; "
        "ISO Gregorian on output.",
    }
)
class FlexibleDateField(serializers.DateField):
    """A date accepted as ISO Gregorian or as Jalali in any digits; returned as ISO."""

    default_error_messages = {
        "invalid": _(
            "Write the date as a Gregorian date (2026-06-21) or a Jalali one (1405-03-31)."
        ),
    }

    def to_internal_value(self, value: Any) -> datetime.date:
        try:
            return read_date(value)
        except ValueError:
            self.fail("invalid")
            raise  # unreachable: fail() raises; keeps mypy sure of the return type


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "description": "The same date in the Jalali calendar, e.g. 1405-03-31.",
    }
)
class JalaliDateOutputField(serializers.Field):  # type: ignore[type-arg]
    """The Jalali form (1405-03-31, Latin digits) of a date attribute; read-only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: datetime.date | None) -> str | None:
        return jalali_iso(value) or None
