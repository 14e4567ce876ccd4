"""Deadline realism: how long similar work took here, in working days (Fridays and official
holidays off, peygir.workdays), and whether the deadline leaves that much time.

The evidence is the province's finished resolutions: from the start date (or its source's
date) to the day it was marked done. The closest group with enough history wins: the same
category and body, then the same category, then the whole province.
"""

import datetime
import math
import statistics
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peygir.persian import to_persian_digits
from peygir.resolutions.choices import EventKind, Status
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.workdays.calendar import working_days_between

# Fewer finished resolutions than this in a group and the estimate falls back a level.
MIN_HISTORY = 5
# The evidence listed on the page; the figures always use every case.
MAX_EVIDENCE_SHOWN = 15


class Basis(StrEnum):
    CATEGORY_AND_BODY = "category_and_body"
    CATEGORY = "category"
    PROVINCE = "province"
    NONE = "none"


@dataclass(frozen=True)
class Case:
    """One finished resolution used as evidence."""

    pk: int
    tracking_code: str
    title: str
    start: datetime.date
    done: datetime.date
    working_days: int


@dataclass(frozen=True)
class Estimate:
    basis: Basis
    cases: list[Case] = field(default_factory=list)
    median: float | None = None
    p80: float | None = None
    # Working days from the start to the deadline, when both are known.
    allowed: int | None = None

    @property
    def used(self) -> int:
        return len(self.cases)

    @property
    def little_data(self) -> bool:
        return self.used < MIN_HISTORY

    @property
    def too_short(self) -> bool:
        """Whether the deadline allows fewer working days than the median of similar work."""
        return self.allowed is not None and self.median is not None and self.allowed < self.median

    @property
    def evidence(self) -> list[Case]:
        return self.cases[:MAX_EVIDENCE_SHOWN]


def percentile(values: list[int], fraction: float) -> float:
    """Return the `fraction` quantile by linear interpolation between closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def finished_cases() -> list[tuple[Case, int | None, int | None]]:
    """Return every finished resolution as a case, with its category and body ids.

    One query: the day it was marked done comes from its latest «done» status event.
    """
    done_at = (
        ResolutionEvent.objects.filter(
            resolution=OuterRef("pk"), kind=EventKind.STATUS_CHANGED, data__new=Status.DONE
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    rows = (
        Resolution.objects.filter(status=Status.DONE)
        .annotate(done_at=Subquery(done_at))
        .values_list(
            "pk",
            "tracking_code",
            "title",
            "start_date",
            "source__start_date",
            "done_at",
            "category_id",
            "responsible_body_id",
        )
    )
    cases: list[tuple[Case, int | None, int | None]] = []
    for pk, code, title, start, source_start, done_at_value, category_id, body_id in rows:
        if done_at_value is None:
            continue
        begin = start or source_start
        done = timezone.localdate(done_at_value)
        if done < begin:
            continue
        case = Case(pk, code, title, begin, done, working_days_between(begin, done))
        cases.append((case, category_id, body_id))
    return cases


def estimate_duration(resolution: Resolution) -> Estimate:
    """Estimate how long the resolution's work takes, and how much time its deadline allows."""
    everything = [row for row in finished_cases() if row[0].pk != resolution.pk]
    groups = [
        (
            Basis.CATEGORY_AND_BODY,
            [
                case
                for case, category, body in everything
                if resolution.category_id is not None
                and category == resolution.category_id
                and body == resolution.responsible_body_id
            ],
        ),
        (
            Basis.CATEGORY,
            [
                case
                for case, category, _body in everything
                if resolution.category_id is not None and category == resolution.category_id
            ],
        ),
        (Basis.PROVINCE, [case for case, _category, _body in everything]),
    ]
    basis, cases = next(
        ((basis, cases) for basis, cases in groups if len(cases) >= MIN_HISTORY), groups[-1]
    )
    start = resolution.start_date or timezone.localdate()
    allowed = working_days_between(start, resolution.deadline) if resolution.deadline else None
    if not cases:
        return Estimate(basis=Basis.NONE, allowed=allowed)
    cases = sorted(cases, key=lambda case: (case.working_days, case.tracking_code))
    durations = [case.working_days for case in cases]
    return Estimate(
        basis=basis,
        cases=cases,
        median=float(statistics.median(durations)),
        p80=percentile(durations, 0.8),
        allowed=allowed,
    )


def describe(estimate: Estimate) -> str:
    """Say, in Persian, what the estimate rests on and how much data was used."""
    n = to_persian_digits(str(estimate.used))
    if estimate.basis == Basis.NONE:
        return _("No finished resolution to learn from yet, so there is no estimate.")
    if estimate.basis == Basis.CATEGORY_AND_BODY:
        text = ngettext(
            "Based on %(n)s finished resolution of the same category and responsible body.",
            "Based on %(n)s finished resolutions of the same category and responsible body.",
            estimate.used,
        )
    elif estimate.basis == Basis.CATEGORY:
        text = ngettext(
            "Too little history of this body in this category; based on %(n)s finished "
            "resolution of the same category.",
            "Too little history of this body in this category; based on %(n)s finished "
            "resolutions of the same category.",
            estimate.used,
        )
    else:
        text = ngettext(
            "Too little history in this category; based on %(n)s finished resolution "
            "across the province.",
            "Too little history in this category; based on %(n)s finished resolutions "
            "across the province.",
            estimate.used,
        )
    text = text % {"n": n}
    if estimate.little_data:
        text += " " + _("That is little data: read the figures with caution.")
    return text
