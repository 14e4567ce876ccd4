"""Serving a page the stored counts as they are while the worker counts them again.

A write makes its block's stored rows dirty, and a new day makes every row out of date
(overdue and stale move with the calendar). A reader that finds such rows counts them
again before it answers: at 1 M resolutions one block is 0.6-0.8 s of a dashboard's
first view after a write, and a new day's recount of every row minutes.

The worker counts the rows that are not clean each round (`tallies_refresh`, every 15 s
beside the hourly sweep, about `PEYGIR_RECOUNT_SECONDS` of it a round), and says when it
began (`recount_began`). While it has begun within RECOUNTER_TRUSTED, a page that opts in
(`stored_counts_served`: the dashboards and the overview) takes a row that is not clean as
it is stored, as long as it was counted in the current shape and scopes, and the page says
that some figures are awaiting the count (`Served`). The dashboards' Excel and PDF
downloads and the weekly report's PDF count what a write made dirty today (a block, under
a second) and take only rows of an earlier day as stored: after midnight counting every
row would outlast the request (minutes at 1 M), and the file says the day. A row of
another shape, or missing, is still counted by the reader. Without a recounter at work (a
development server without the worker, a worker stopped for longer than the window), every
reader counts as before.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.utils import timezone

from peygir.tallies.models import Recount

# How long a recount's start vouches for the worker: longer than its longest round at 1 M
# (the hourly sweep's ~1 min, then its share of a recount, `PEYGIR_RECOUNT_SECONDS`; a
# `tallies_refresh` run without that limit, a new day's recount of every row, ~5-8 min).
RECOUNTER_TRUSTED = datetime.timedelta(minutes=15)
WORKER = "worker"


@dataclass
class Served:
    """What a page was served as stored though not up to date: the rows (kind, key), and
    the earliest day one of them was counted for."""

    rows: set[tuple[str, int]] = field(default_factory=set)
    counted_for: datetime.date | None = None
    # A download's: rows counted today are counted again (a write's block, under a second);
    # only those of an earlier day (after midnight, all of them) are taken as stored.
    earlier_days_only: bool = False
    _trusted: bool | None = None

    @property
    def waiting(self) -> bool:
        """Whether some figures on the page await the worker's count."""
        return bool(self.rows)

    @property
    def earlier_day(self) -> datetime.date | None:
        """The day some figures were counted for, when it is not today."""
        day = self.counted_for
        return day if day is not None and day != timezone.localdate() else None

    def may_take(self, counted_for: datetime.date | None, today: datetime.date) -> bool:
        """Whether a row counted for that day (and not clean) may be taken as stored."""
        return not self.earlier_days_only or counted_for != today

    def took(self, kind: str, rows: Iterable[tuple[int, datetime.date | None]]) -> None:
        """Note rows taken as stored: (key, the day each was counted for)."""
        for key, day in rows:
            self.rows.add((kind, key))
            if day is not None and (self.counted_for is None or day < self.counted_for):
                self.counted_for = day

    def trusted(self) -> bool:
        """Whether a recounter is at work (read once per page)."""
        if self._trusted is None:
            since = timezone.now() - RECOUNTER_TRUSTED
            self._trusted = Recount.objects.filter(began_at__gte=since).exists()
        return self._trusted


_SERVED: ContextVar[Served | None] = ContextVar("peygir_stored_counts_served", default=None)


@contextmanager
def stored_counts_served(*, earlier_days_only: bool = False) -> Iterator[Served]:
    """Within this block, readers of the stored counts may take rows awaiting the worker's
    count as they are (when a recounter is at work); the `Served` tells what they took.
    With `earlier_days_only` (the downloads), only rows counted for an earlier day."""
    served = Served(earlier_days_only=earlier_days_only)
    token = _SERVED.set(served)
    try:
        yield served
    finally:
        _SERVED.reset(token)


def serving() -> Served | None:
    """The `Served` of the current block, if its reader may take rows as stored now."""
    served = _SERVED.get()
    return served if served is not None and served.trusted() else None


def rows_taken() -> int:
    """How many rows the current block's readers have taken as stored so far (no query)."""
    served = _SERVED.get()
    return len(served.rows) if served is not None else 0


def recount_began(name: str = WORKER) -> None:
    """Record that a recounter begins counting again every row that is not clean."""
    Recount.objects.update_or_create(name=name, defaults={"began_at": timezone.now()})
