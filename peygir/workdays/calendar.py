"""Working-day arithmetic on the Iranian calendar: Fridays and official holidays are off.

Holidays are read once per process and kept for a few minutes, so that the sweep over a
million resolutions does not query them a million times, while an edit in the admin (or
`invalidate_holidays()`, which the admin and tests call) still takes effect soon.
"""

import bisect
import datetime
import threading
import time

from peygir.workdays.models import Holiday

FRIDAY = 4  # datetime.date.weekday()
_CACHE_SECONDS = 300.0
_lock = threading.Lock()
_cache: tuple[float, frozenset[datetime.date]] | None = None


def holidays() -> frozenset[datetime.date]:
    """Return the official holidays, from the per-process cache when it is fresh."""
    global _cache
    with _lock:
        if _cache is not None and time.monotonic() - _cache[0] < _CACHE_SECONDS:
            return _cache[1]
    days = frozenset(Holiday.objects.values_list("date", flat=True))
    with _lock:
        _cache = (time.monotonic(), days)
    return days


def invalidate_holidays() -> None:
    """Forget the cached holidays; the next question reads them again."""
    global _cache
    with _lock:
        _cache = None


def is_working_day(day: datetime.date) -> bool:
    """Return whether offices are open on `day`."""
    return day.weekday() != FRIDAY and day not in holidays()


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """Return the date `days` working days after `start` (before it when negative).

    `start` itself is not counted; with `days == 0` the answer is `start`.
    """
    off = holidays()
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += datetime.timedelta(days=step)
        if day.weekday() != FRIDAY and day not in off:
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Count the working days after `start` up to and including `end` (negative if reversed)."""
    if end < start:
        return -working_days_between(end, start)
    off = holidays()
    span = (end - start).days
    # Whole weeks hold six working days each; only the remainder and holidays need a look.
    weeks, rest = divmod(span, 7)
    count = weeks * 6
    day = start + datetime.timedelta(days=weeks * 7)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() != FRIDAY:
            count += 1
    weekday_holidays = sorted(day for day in off if day.weekday() != FRIDAY)
    count -= bisect.bisect_right(weekday_holidays, end) - bisect.bisect_right(
        weekday_holidays, start
    )
    return count
