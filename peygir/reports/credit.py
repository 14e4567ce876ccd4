"""Credit approved, allocated and spent, from the funding lines, per Jalali fiscal year and
per funding source. The fiscal-year filter picks the funding lines' year here."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Sum
from django.utils import timezone

from peygir.accounts.models import User
from peygir.reports.filters import ReportFilter, scoped_through
from peygir.reports.stored import stored_unit
from peygir.resolutions.choices import FundingSource
from peygir.resolutions.models import FundingLine
from peygir.tallies.dashboards import credit_counts


@dataclass
class CreditRow:
    label: str
    resolutions: int
    approved: int
    allocated: int
    spent: int

    @property
    def allocated_pct(self) -> int:
        return round(100 * self.allocated / self.approved) if self.approved else 0

    @property
    def spent_pct(self) -> int:
        return round(100 * self.spent / self.allocated) if self.allocated else 0


def _lines(user: User | AnonymousUser, wanted: ReportFilter):  # type: ignore[no-untyped-def]
    lines = FundingLine.objects.filter(
        scoped_through(user, wanted, "resolution", by_deadline_year=False)
    )
    if wanted.fiscal_year:
        lines = lines.filter(fiscal_year=wanted.fiscal_year)
    return lines.order_by()


_SUMS = {
    "n": Count("resolution_id", distinct=True),
    "approved_sum": Sum("approved"),
    "allocated_sum": Sum("allocated"),
    "spent_sum": Sum("spent"),
}


def _row(label: str, row: dict) -> CreditRow:  # type: ignore[type-arg]
    return CreditRow(
        label=label,
        resolutions=row["n"],
        approved=row["approved_sum"] or 0,
        allocated=row["allocated_sum"] or 0,
        spent=row["spent_sum"] or 0,
    )


def _unit(user: User | AnonymousUser, wanted: ReportFilter) -> int | None:
    """The stored unit (every fiscal year of the deadline: the filter picks funding lines)."""
    return stored_unit(user, wanted, timezone.localdate(), by_deadline_year=False)


def _stored(prefix: str, unit: int) -> list[tuple[str, CreditRow]]:
    """From the stored tallies: (key without the prefix, row) pairs."""
    found = credit_counts(timezone.localdate(), unit)
    return [
        (
            key[len(prefix) :],
            CreditRow(
                label="",
                resolutions=sums["resolutions"],
                approved=sums["approved"],
                allocated=sums["allocated"],
                spent=sums["spent"],
            ),
        )
        for key, sums in found.items()
        if key.startswith(prefix)
    ]


def credit_by_year(user: User | AnonymousUser, wanted: ReportFilter) -> list[CreditRow]:
    from peygir.persian import to_persian_digits

    unit = _unit(user, wanted)
    if unit is not None:
        years = sorted((int(year), row) for year, row in _stored("y", unit))
        if wanted.fiscal_year:
            years = [(year, row) for year, row in years if year == wanted.fiscal_year]
        for year, row in years:
            row.label = to_persian_digits(str(year))
        return [row for _year, row in years]
    rows = _lines(user, wanted).values("fiscal_year").annotate(**_SUMS).order_by("fiscal_year")
    return [_row(to_persian_digits(str(row["fiscal_year"])), row) for row in rows]


def credit_by_source(user: User | AnonymousUser, wanted: ReportFilter) -> list[CreditRow]:
    labels = dict(FundingSource.choices)
    unit = _unit(user, wanted)
    if unit is not None:
        found = _stored(f"f{wanted.fiscal_year}:" if wanted.fiscal_year else "s", unit)
        sources = sorted(found, key=lambda pair: (-pair[1].approved, pair[0]))
        for source, row in sources:
            row.label = str(labels.get(source, source))
        return [row for _source, row in sources]
    rows = (
        _lines(user, wanted).values("source").annotate(**_SUMS).order_by("-approved_sum", "source")
    )
    return [_row(str(labels.get(row["source"], row["source"])), row) for row in rows]
