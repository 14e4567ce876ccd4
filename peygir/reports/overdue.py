"""How long overdue, by responsible body: open resolutions past their current deadline,
counted into age buckets in one GROUP BY."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.reports.filters import ReportFilter, scoped
from peygir.reports.stored import ageing_stored, stored_unit
from peygir.resolutions.choices import OPEN_STATUSES

# (first day overdue, last day overdue or None): 1–30, 31–90, 91–180, 181–365, over a year.
BUCKETS: list[tuple[int, int | None]] = [(1, 30), (31, 90), (91, 180), (181, 365), (366, None)]


def bucket_labels() -> list[str]:
    return [
        _("1–30 days"),
        _("31–90 days"),
        _("91–180 days"),
        _("181–365 days"),
        _("Over a year"),
    ]


@dataclass
class AgeingRow:
    label: str
    counts: list[int]
    total: int
    oldest_deadline: datetime.date | None

    def longest_days(self, today: datetime.date) -> int:
        return (today - self.oldest_deadline).days if self.oldest_deadline else 0


def _bucket_q(today: datetime.date, first: int, last: int | None) -> Q:
    # Overdue by n days means deadline == today - n.
    condition = Q(deadline__lte=today - datetime.timedelta(days=first))
    if last is not None:
        condition &= Q(deadline__gte=today - datetime.timedelta(days=last))
    return condition


def overdue_ageing(
    user: User | AnonymousUser, wanted: ReportFilter, *, limit: int = 40
) -> list[AgeingRow]:
    today = timezone.localdate()
    unit = stored_unit(user, wanted, today)
    if unit is not None:  # a unit the stored tallies hold (`stored_unit`)
        return ageing_stored(today, limit, unit)
    overdue = scoped(user, wanted).filter(status__in=OPEN_STATUSES, deadline__lt=today)
    counts = {
        f"b{index}": Count("pk", filter=_bucket_q(today, first, last))
        for index, (first, last) in enumerate(BUCKETS)
    }
    rows = (
        overdue.order_by()
        .values("responsible_body_id", "responsible_body__name")
        .annotate(total=Count("pk"), oldest=Min("deadline"), **counts)
        .order_by("-total", "responsible_body__name")[:limit]
    )
    found: list[dict[str, Any]] = [dict(row) for row in rows]
    return [
        AgeingRow(
            label=row["responsible_body__name"] or _("No responsible body"),
            counts=[row[f"b{index}"] for index in range(len(BUCKETS))],
            total=row["total"],
            oldest_deadline=row["oldest"],
        )
        for row in found
    ]
