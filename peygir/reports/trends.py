"""Trends by Jalali month or week: resolutions registered, fulfilled (status changed to
done), and letters sent in each period; one GROUP BY per series."""

from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.utils import timezone

from peygir.accounts.models import User
from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.reports.filters import ReportFilter, scoped, scoped_through
from peygir.reports.periods import Period, bucket, jalali_months, jalali_weeks, within
from peygir.reports.stored import stored_unit, trends_stored
from peygir.resolutions.choices import EventKind, Status
from peygir.resolutions.models import ResolutionEvent

Grain = Literal["month", "week"]
PERIODS = 12


@dataclass
class TrendRow:
    period: Period
    registered: int
    fulfilled: int
    letters: int


def _counted(
    queryset: QuerySet[Any], field: str, periods: list[Period], is_datetime: bool
) -> dict[int, int]:
    rows = (
        queryset.filter(within(field, periods, is_datetime=is_datetime))
        .annotate(period=bucket(field, periods, is_datetime=is_datetime))
        .order_by()
        .values_list("period")
        .annotate(n=Count("pk"))
        .values_list("period", "n")
    )
    return dict(rows)


def trends(user: User | AnonymousUser, wanted: ReportFilter, grain: Grain) -> list[TrendRow]:
    today = timezone.localdate()
    periods = jalali_weeks(PERIODS, today) if grain == "week" else jalali_months(PERIODS, today)
    unit = stored_unit(user, wanted, today)
    if unit is not None:  # a unit the stored tallies hold (`stored_unit`)
        series = trends_stored(today, grain, unit)
        return [
            TrendRow(
                period=p,
                registered=series["registered"][p.key],
                fulfilled=series["fulfilled"][p.key],
                letters=series["letters"][p.key],
            )
            for p in periods
        ]
    visible = scoped(user, wanted)
    registered = _counted(visible, "created_at", periods, True)
    fulfilled = _counted(
        ResolutionEvent.objects.filter(
            resolution__in=visible, kind=EventKind.STATUS_CHANGED, data__new=Status.DONE
        ),
        "created_at",
        periods,
        True,
    )
    letters = _counted(
        FollowupAction.objects.filter(
            scoped_through(user, wanted, "resolution"), kind=ActionKind.LETTER_SENT
        ),
        "date",
        periods,
        False,
    )
    return [
        TrendRow(
            period=p,
            registered=registered.get(p.key, 0),
            fulfilled=fulfilled.get(p.key, 0),
            letters=letters.get(p.key, 0),
        )
        for p in periods
    ]
