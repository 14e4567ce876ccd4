"""Read and write Jalali (Solar Hijri) dates the way Iranian officials type and read them.

Dates are stored as ordinary :class:`datetime.date` values; Jalali is only a way of
reading and writing them. Built on jdatetime, whose objects format as an empty string
inside f-strings, so every formatter here works from explicit attributes.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import jdatetime

from .digits import to_latin_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")

JALALI_MONTHS: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

# Spellings people actually type, folded to one key: Arabic ي/ك, no hamza on آ, the
# older «امرداد», and «آبانماه»-style suffixes handled by the regex below.
_MONTH_ALIASES: dict[str, int] = {name: i for i, name in enumerate(JALALI_MONTHS, start=1)}
_MONTH_ALIASES.update({"امرداد": 5, "ابان": 8, "اذر": 9})

_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
# Anything that is not a digit or letter may separate day, month and year in typed dates.
_NUMERIC = re.compile(r"^(\d{1,4})\s*([/\-.\u066B\u060C])\s*(\d{1,2})\s*\2\s*(\d{1,4})$")
_WORDS = re.compile(
    r"^(?:[^\d\s]+\s+)?(\d{1,2})\s*(?:ام|م)?\s+([^\d\s]+?)(?:[\s\u200c]*ماه)?\s+(\d{1,4})$"
)
_MIN_YEAR = 1
_MAX_YEAR = 9377  # the last Jalali year whose every day fits in datetime.date


class JalaliDateError(ValueError):
    """A typed Jalali date that cannot be read or does not exist; str() is Persian."""


def month_name(m: int) -> str:
    """Return the Persian name of Jalali month *m* (1 = فروردین)."""
    if not 1 <= m <= 12:
        raise JalaliDateError("ماه باید بین ۱ و ۱۲ باشد.")
    return JALALI_MONTHS[m - 1]


def days_in_month(year: int, month: int) -> int:
    """Return how many days Jalali *month* of *year* has."""
    month_name(month)
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def jalali_to_date(year: int, month: int, day: int) -> datetime.date:
    """Return the Gregorian date of a Jalali day, raising JalaliDateError if none exists."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise JalaliDateError(
            f"سال باید بین {to_persian_digits(str(_MIN_YEAR))} و "
            f"{to_persian_digits(str(_MAX_YEAR))} باشد."
        )
    month_name(month)
    if not 1 <= day <= 31:
        raise JalaliDateError("روز باید بین ۱ و ۳۱ باشد.")
    limit = days_in_month(year, month)
    if day > limit:
        typed = to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}")
        # Only Esfand's length depends on the year, so only then is the year worth naming.
        which = month_name(month) + (f" {to_persian_digits(str(year))}" if month == 12 else "")
        raise JalaliDateError(
            f"تاریخ {typed} وجود ندارد: {which} {to_persian_digits(str(limit))} روز دارد."
        )
    gregorian: datetime.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def date_to_jalali(d: datetime.date) -> tuple[int, int, int]:
    """Return (year, month, day) of *d* in the Jalali calendar."""
    j = jdatetime.date.fromgregorian(date=d)
    return j.year, j.month, j.day


def _month_from_word(word: str) -> int:
    key = word.translate(_ARABIC_LETTERS).replace("\u200c", "")
    if key in _MONTH_ALIASES:
        return _MONTH_ALIASES[key]
    if key.endswith("ماه") and key[:-3] in _MONTH_ALIASES:
        return _MONTH_ALIASES[key[:-3]]
    raise JalaliDateError(f"ماه «{word}» شناخته نشد.")


def parse_jalali_date(text: str) -> datetime.date:
    """Read a Jalali date typed with any digits and separators, or with a month name.

    Accepts «۱۴۰۳/۸/۱۵», «1403-08-15», «١٤٠٣/٠٨/١٥», «1403.8.15», «۱۵/۸/۱۴۰۳»,
    «۱۵ آبان ۱۴۰۳» and «۱۵ آبان‌ماه ۱۴۰۳» (optionally after a weekday name).
    """
    cleaned = to_latin_digits(text).strip().replace("\u200f", "").replace("\u200e", "")
    cleaned = re.sub(r"\s+", " ", cleaned)
    if not cleaned:
        raise JalaliDateError("تاریخ وارد نشده است.")
    m = _NUMERIC.match(cleaned)
    if m:
        first, _, middle, last = m.groups()
        if len(first) == 4:
            y, mo, d = int(first), int(middle), int(last)
        elif len(last) == 4:
            y, mo, d = int(last), int(middle), int(first)
        else:
            raise JalaliDateError(
                f"تاریخ «{text.strip()}» خوانده نشد: سال را چهاررقمی بنویسید، مثل ۱۴۰۳/۰۸/۱۵."
            )
        return jalali_to_date(y, mo, d)
    m = _WORDS.match(cleaned)
    if m:
        d_s, month_word, y_s = m.groups()
        if len(y_s) != 4:
            raise JalaliDateError(
                f"تاریخ «{text.strip()}» خوانده نشد: سال را چهاررقمی بنویسید، مثل ۱۵ آبان ۱۴۰۳."
            )
        return jalali_to_date(int(y_s), _month_from_word(month_word), int(d_s))
    raise JalaliDateError(
        f"تاریخ «{text.strip()}» خوانده نشد. نمونه‌ی درست: ۱۴۰۳/۰۸/۱۵ یا ۱۵ آبان ۱۴۰۳."
    )


def format_jalali_date(d: datetime.date | None, *, long: bool = False) -> str:
    """Write *d* as «۱۴۰۳/۰۸/۱۵», or «۱۵ آبان ۱۴۰۳» when *long*; None gives ""."""
    if d is None:
        return ""
    if isinstance(d, datetime.datetime):
        d = _to_tehran(d).date()
    y, m, day = date_to_jalali(d)
    if long:
        return to_persian_digits(f"{day} {JALALI_MONTHS[m - 1]} {y}")
    return to_persian_digits(f"{y:04d}/{m:02d}/{day:02d}")


def _to_tehran(dt: datetime.datetime) -> datetime.datetime:
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        # Stored times are UTC and aware; a naive one means a bug upstream, not a guess here.
        raise ValueError("format_jalali_datetime needs an aware datetime")
    return dt.astimezone(TEHRAN)


def format_jalali_datetime(dt: datetime.datetime | None) -> str:
    """Write an aware *dt* in Tehran time as «۱۴۰۳/۰۸/۱۵ ۱۴:۰۵»; None gives ""."""
    if dt is None:
        return ""
    local = _to_tehran(dt)
    y, m, d = date_to_jalali(local.date())
    return to_persian_digits(f"{y:04d}/{m:02d}/{d:02d} {local.hour:02d}:{local.minute:02d}")


def jalali_iso(d: datetime.date | None) -> str:
    """Write *d* as «1403-08-15» with Latin digits, for APIs and JSON; None gives ""."""
    if d is None:
        return ""
    y, m, day = date_to_jalali(d)
    return f"{y:04d}-{m:02d}-{day:02d}"


def fiscal_year(d: datetime.date) -> int:
    """Return the Iranian fiscal year of *d*: the Jalali year, which starts 1 Farvardin."""
    return date_to_jalali(d)[0]


def fiscal_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day (both inclusive) of fiscal *year*."""
    first = jalali_to_date(year, 1, 1)
    last = jalali_to_date(year, 12, days_in_month(year, 12))
    return first, last
