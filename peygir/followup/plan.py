"""What the sweep owes one resolution today, and the first later day it may owe anything.

Pure functions over facts the sweep has read: no queries here. `plan` returns the findings
(every condition that holds today), the steps to take today (the next rung of each ladder,
when its rule says it is time and no rung of it was taken today), and the next day on which
a step could come due if nothing is written meanwhile. The sweep stores that day on the
resolution, so a later pass reads only the resolutions that came due or were written to.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from peygir.followup.choices import MISSING_CONDITIONS, Condition, Level
from peygir.workdays.calendar import add_working_days, working_days_between

# A resolution with nothing ahead of it (closed, or every ladder finished) waits for a write.
NEVER = datetime.date(9999, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


class Finding(NamedTuple):
    """A condition that holds today (a tuple: a first pass makes a million of them)."""

    resolution_id: int
    condition: Condition
    period: str  # names this occurrence of the condition
    since: datetime.date  # when the condition began


@dataclass
class Facts:
    """What the sweep read about one open resolution."""

    pk: int
    missing: list[Condition]
    deadline: datetime.date | None
    quiet_since: datetime.date  # the last follow-up action, else the registration
    letters: list[tuple[int, datetime.date]] = field(default_factory=list)  # (id, reply due)


@dataclass
class Plan:
    findings: list[Finding]
    steps: list[tuple[Finding, int]]
    due: datetime.date


class Calendar:
    """Working-day arithmetic memoised for one pass: a million resolutions share few dates."""

    def __init__(self, stale_days: int) -> None:
        self.stale_days = stale_days
        self._add: dict[tuple[datetime.date, int], datetime.date] = {}
        self._between: dict[tuple[datetime.date, datetime.date], int] = {}
        self._stale_start: dict[datetime.date, datetime.date] = {}

    def add(self, day: datetime.date, days: int) -> datetime.date:
        key = (day, days)
        if key not in self._add:
            self._add[key] = add_working_days(day, days)
        return self._add[key]

    def between(self, start: datetime.date, end: datetime.date) -> int:
        key = (start, end)
        if key not in self._between:
            self._between[key] = working_days_between(start, end)
        return self._between[key]

    def is_stale(self, quiet_since: datetime.date, day: datetime.date) -> bool:
        """Whether, on `day`, nothing has happened for more than the stale working days."""
        return quiet_since < self.add(day, -self.stale_days)

    def stale_start(self, quiet_since: datetime.date) -> datetime.date:
        """Return the first day on which a resolution quiet since `quiet_since` is stale."""
        if quiet_since not in self._stale_start:
            day = self.add(quiet_since, self.stale_days) + ONE_DAY
            # The guess is right or a day or two off around Fridays and holidays; settle it.
            while self.is_stale(quiet_since, day - ONE_DAY):
                day -= ONE_DAY
            while not self.is_stale(quiet_since, day):
                day += ONE_DAY
            self._stale_start[quiet_since] = day
        return self._stale_start[quiet_since]


# One occurrence of a condition: (condition, period, since, first day it holds).
Occurrence = tuple[Condition, str, datetime.date, datetime.date]


def occurrences(facts: Facts, today: datetime.date, calendar: Calendar) -> list[Occurrence]:
    """Every condition that holds today or will hold later unless something is written."""
    found: list[Occurrence] = [(condition, "", today, today) for condition in facts.missing]
    if facts.deadline is not None:
        found.append(
            (
                Condition.OVERDUE,
                facts.deadline.isoformat(),
                facts.deadline,
                facts.deadline + ONE_DAY,
            )
        )
    quiet = facts.quiet_since
    found.append(
        (
            Condition.STALE,
            quiet.isoformat(),
            calendar.add(quiet, calendar.stale_days),
            calendar.stale_start(quiet),
        )
    )
    for letter_id, reply_due in facts.letters:
        found.append(
            (Condition.LETTER_UNANSWERED, f"letter-{letter_id}", reply_due, reply_due + ONE_DAY)
        )
    return found


def plan(
    facts: Facts,
    *,
    today: datetime.date,
    taken: dict[tuple[str, str], tuple[int, datetime.date]],
    rules: dict[tuple[str, int], int],
    calendar: Calendar,
) -> Plan:
    """Decide today's steps for one resolution and the next day it may need one.

    `taken` maps (condition, period) to the highest rung taken and the day it was last
    taken; `rules` maps (condition, level) to the working days after which it is taken.
    """
    findings: list[Finding] = []
    steps: list[tuple[Finding, int]] = []
    due = NEVER
    for condition, period, since, starts in occurrences(facts, today, calendar):
        done, last = taken.get((condition, period), (-1, None))
        level = done + 1
        earliest = starts
        if starts <= today:
            finding = Finding(facts.pk, condition, period, since)
            findings.append(finding)
            earliest = today + ONE_DAY
            after = rules.get((condition, level))
            reminder_only = condition in MISSING_CONDITIONS and level > Level.REMINDER
            # One rung per day at most, and only when its rule says it is time.
            if (
                not reminder_only
                and after is not None
                and last != today
                and calendar.between(since, today) >= after
            ):
                steps.append((finding, level))
                level += 1
        if condition in MISSING_CONDITIONS:
            # Its `since` is always today: only a write (which makes the resolution due
            # again) can change what it owes.
            continue
        after = rules.get((condition, level))
        if after is None:
            continue  # the ladder ends here (or its next rung is switched off)
        due = min(due, max(earliest, calendar.add(since, after) if after else since))
    return Plan(findings, steps, due)
