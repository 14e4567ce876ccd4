"""Find the time expression of a commitment and resolve it against the meeting date.

Works on folded text (see :mod:`folding`): one spelling for ی/ک/ا, Latin digits, ZWNJ as
a space, so «آینده» is matched as «اینده». Month arithmetic is Jalali: «ظرف دو ماه» from
۱۵ آبان is ۱۵ دی, not sixty days. A year left out means the next time that month or day
comes round, unless «سال جاری» or «امسال» pins it to this year.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from peygir.persian import date_to_jalali, days_in_month, jalali_to_date, words_to_number

WorkingDay = Callable[[datetime.date], bool]

_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "ابان",
    "اذر",
    "دی",
    "بهمن",
    "اسفند",
)
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS, start=1)} | {"امرداد": 5}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + ")"
_MONTH_WORD = r"(?:\s*ماه)?\b"
_WORDS = (
    "یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|یازده|دوازده|سیزده|چهارده|پانزده|شانزده|هفده"
    "|هجده|هیجده|نوزده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد"
)
_WORD = "(?:" + "|".join(sorted(_WORDS.split("|"), key=len, reverse=True)) + r")\b"
_NUM = rf"(?P<n>\d+|{_WORD}(?:\s+و\s+{_WORD})*)"
_ORDINALS = {
    "اول": 1, "یکم": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6, "هفتم": 7,
    "هشتم": 8, "نهم": 9, "دهم": 10, "پانزدهم": 15, "بیستم": 20, "نیمه": 15, "سی ام": 30,
    "سیام": 30, "اخر": 0,
}  # fmt: skip
_DAY = (
    r"(?P<day>\d{1,2}|"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r")(?:\s*(?:ام|م)\b)?"
)
_UPTO = r"(?:(?:حداکثر|حداقل|نهایتا|حداکثر\s+تا|نهایتا\s+تا)\s+)?"
_END = r"(?:پایان|اخر|انتهای|اخرین\s+روز(?:\s+از)?)"
_YEAR_TAIL = (
    r"(?:\s+(?:سال\s+)?(?:(?P<y>\d{4})\b|(?P<this>جاری|امسال|فعلی)\b|(?P<next>اینده|بعد)\b))?"
)
_QUARTERS = {"نخست": 1, "اول": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پایانی": 4, "اخر": 4}
_HALVES = {"نخست": 1, "اول": 1, "دوم": 2}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_VAGUE_RE = _rx(
    r"(?:ظرف|طی|در|تا)\s+(?:(?:چند|چندین)\s+(?:روز|هفته|ماه)(?:\s+(?:اینده|اتی))?"
    r"|(?:روز|هفته|ماه)\s*ها(?:ی)?\s+(?:اینده|اتی|پیش\s*رو)(?:\s+نزدیک)?)"
    r"|به?\s*زودی|در\s+اسرع\s+وقت|در\s+اینده(?:\s*ای)?\s+نزدیک|در\s+اولین\s+فرصت"
    r"|در\s+کوتاه\s*ترین\s+(?:زمان|مدت)(?:\s+ممکن)?|هر\s*چه\s+سریع\s*تر|فورا\b"
    r"|تا\s+هفته\s+(?:اینده|بعد)|در\s+زمان\s+مناسب|در\s+اینده\b"
)
_QUARTER_RE = _rx(
    r"(?:در|طی|تا\s+پایان|تا\s+اخر)\s+(?P<kind>سه\s*ماه(?:ه)?|نیمه|شش\s*ماه(?:ه)?)\s+"
    r"(?P<q>نخست|اول|دوم|سوم|چهارم|پایانی|اخر)" + _YEAR_TAIL
)
_DURATION_RE = _rx(
    _UPTO
    + r"(?:ظرف|طی|در\s+مدت|در\s+ظرف|در\s+طول|تا)\s+(?:مدت\s+)?(?:(?:حداکثر|زمان)\s+)?"
    + _NUM
    + r"\s*(?P<unit>روز|هفته|ماه|سال)(?:ه)?\b(?P<work>\s+کاری)?(?:\s+(?:اینده|اتی))?"
)
_END_OF_MONTH_RE = _rx(
    _UPTO + r"تا\s+" + _END + r"\s+(?:ماه\s+)?" + _MONTH + _MONTH_WORD + _YEAR_TAIL
)
_RELATIVE_MONTH_RE = _rx(_UPTO + r"(?:تا\s+" + _END + r"|در|طی)\s+ماه\s+(?P<rel>جاری|اینده|بعد)\b")
_END_OF_WEEK_RE = _rx(_UPTO + r"تا\s+" + _END + r"\s+هفته\s+(?P<rel>جاری|اینده|بعد)?")
_DAY_OF_MONTH_RE = _rx(
    _UPTO + r"تا\s+(?:تاریخ\s+)?(?:روز\s+)?" + _DAY + r"\s+" + _MONTH + _MONTH_WORD + _YEAR_TAIL
)
_NUMERIC_DATE_RE = _rx(
    _UPTO + r"تا\s+(?:تاریخ\s+)?(?P<y>\d{4})\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*(?P<d>\d{1,2})"
)
_END_OF_YEAR_RE = _rx(
    _UPTO
    + r"(?:تا|قبل\s+از|پیش\s+از)\s+"
    + _END
    + r"\s+(?:(?:سال\s+)?(?P<y>\d{4})\b|(?:سال\s+)?(?P<this>جاری|امسال)\b"
    + r"|سال\s+(?P<next>اینده|بعد)\b|سال\b)"
)
_NEXT_YEAR_RE = _rx(r"(?:در|طی)\s+(?:طول\s+)?سال\s+(?P<next>اینده|بعد)\b")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time expression found at [start, end) of the folded sentence."""

    start: int
    end: int
    date: datetime.date | None
    vague: bool


def _last_day(year: int, month: int) -> datetime.date:
    return jalali_to_date(year, month, days_in_month(year, month))


def add_months(reference: datetime.date, months: int) -> datetime.date:
    """Add Jalali months, keeping the day of the month where the target month has it."""
    y, m, d = date_to_jalali(reference)
    index = (m - 1) + months
    y, m = y + index // 12, index % 12 + 1
    return jalali_to_date(y, m, min(d, days_in_month(y, m)))


def _add_working_days(reference: datetime.date, days: int, working: WorkingDay) -> datetime.date:
    day = reference
    while days > 0:
        day += datetime.timedelta(days=1)
        if working(day):
            days -= 1
    return day


def _not_friday(day: datetime.date) -> bool:
    return day.weekday() != 4


def _year(match: re.Match[str], ref_year: int, month: int, passed: bool) -> int:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    if groups.get("this"):
        return ref_year
    if groups.get("next"):
        return ref_year + 1
    return ref_year + 1 if passed else ref_year


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else words_to_number(text)


def _duration(m: re.Match[str], ref: datetime.date, working: WorkingDay) -> datetime.date | None:
    n = _number(m.group("n"))
    if n is None or n <= 0:
        return None
    unit = m.group("unit")
    if unit == "روز":
        if m.group("work"):
            return _add_working_days(ref, n, working)
        return ref + datetime.timedelta(days=n)
    if unit == "هفته":
        return ref + datetime.timedelta(weeks=n)
    return add_months(ref, n if unit == "ماه" else 12 * n)


def _resolve(
    name: str, m: re.Match[str], ref: datetime.date, working: WorkingDay
) -> datetime.date | None:
    ry, rm, rd = date_to_jalali(ref)
    if name == "quarter":
        q = m.group("q")
        if m.group("kind") == "نیمه" or m.group("kind").startswith("شش"):
            last_month = 6 * _HALVES.get(q, 2)
        else:
            last_month = 3 * _QUARTERS[q]
        return _last_day(_year(m, ry, last_month, last_month < rm), last_month)
    if name == "duration":
        return _duration(m, ref, working)
    if name == "end_of_month":
        month = _MONTH_NUMBER[m.group("month")]
        return _last_day(_year(m, ry, month, month < rm), month)
    if name == "relative_month":
        months = 0 if m.group("rel") == "جاری" else 1
        target = add_months(jalali_to_date(ry, rm, 1), months)
        ty, tm, _ = date_to_jalali(target)
        return _last_day(ty, tm)
    if name == "end_of_week":
        to_friday = (4 - ref.weekday()) % 7
        later = 7 if m.group("rel") in {"اینده", "بعد"} else 0
        return ref + datetime.timedelta(days=to_friday + later)
    if name == "day_of_month":
        month = _MONTH_NUMBER[m.group("month")]
        day_text = m.group("day")
        day = int(day_text) if day_text.isdigit() else _ORDINALS[day_text]
        year = _year(m, ry, month, (month, day or 31) < (rm, rd))
        if day == 0:
            return _last_day(year, month)
        return jalali_to_date(year, month, day)
    if name == "numeric_date":
        return jalali_to_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if name == "end_of_year":
        return _last_day(_year(m, ry, 12, False), 12)
    if name == "next_year":
        return _last_day(ry + 1, 12)
    return None


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quarter", _QUARTER_RE),
    ("numeric_date", _NUMERIC_DATE_RE),
    ("end_of_month", _END_OF_MONTH_RE),
    ("relative_month", _RELATIVE_MONTH_RE),
    ("end_of_week", _END_OF_WEEK_RE),
    ("day_of_month", _DAY_OF_MONTH_RE),
    ("end_of_year", _END_OF_YEAR_RE),
    ("duration", _DURATION_RE),
    ("next_year", _NEXT_YEAR_RE),
)


def find_deadlines(
    text: str, reference: datetime.date, *, is_working_day: WorkingDay = _not_friday
) -> list[Deadline]:
    """Return every time expression in folded *text*, left to right, without overlaps."""
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            try:
                date = _resolve(name, m, reference, is_working_day)
            except ValueError:  # a day that does not exist, such as ۳۱ مهر
                date = None
            if date is not None:
                found.append(Deadline(m.start(), m.end(), date, False))
                taken.append((m.start(), m.end()))
    for m in _VAGUE_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Deadline(m.start(), m.end(), None, True))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def pick(deadlines: list[Deadline]) -> Deadline | None:
    """Choose the commitment's deadline: the first definite one, else the first vague one."""
    for deadline in deadlines:
        if not deadline.vague:
            return deadline
    return deadlines[0] if deadlines else None
