"""Fulfilment and the promise meter, grouped by county, body, source, category and fiscal
year, counted over the user's visible resolutions: the county and the source groupings with
a GROUP BY each, the whole, the bodies, the categories and the years from one read
(`_rolled_up`).

"Fulfilled" is the internal status «done» (GLOSSARY: محقق شده); the rate is done over all
resolutions in the group. The promise meter counts the public ratings of the published
resolutions, exactly as citizens see them on the portal (same order, same labels).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, F, Model, Q, QuerySet, Window
from django.db.models.functions import Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.accounts.selectors import user_scope
from peygir.organizations.models import Organization
from peygir.portal.selectors import METER_ORDER, MeterRow, Record, meter_rows
from peygir.reports.filters import ReportFilter, counties_for, scoped, scoped_through
from peygir.reports.periods import bucket, fiscal_years
from peygir.reports.stored import _named, fulfilment_stored, stored_unit
from peygir.resolutions.choices import OPEN_STATUSES, Status, Visibility
from peygir.resolutions.models import Category, Resolution
from peygir.tallies.counties import county_counts
from peygir.tallies.selectors import province_counts

TOP = 30
# The most groups tied within the TOP that `_by_field` lists by their keys (bound parameters).
CONTENDERS_AT_MOST = 1_000
CONTENDERS_FIRST_VENDORS = frozenset({"postgresql"})


@dataclass
class Group:
    key: Any
    label: str
    total: int = 0
    done: int = 0
    partly: int = 0
    open: int = 0
    overdue: int = 0
    cancelled: int = 0
    published: int = 0
    ratings: dict[str, int] | None = None

    @property
    def rate(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def meter(self) -> list[MeterRow]:
        return meter_rows(self.ratings or {}, self.published)


def _aggregates(today: datetime.date) -> dict[str, Any]:
    def count(condition: Q | None = None) -> Count:
        return Count("pk", filter=condition)

    public = Q(visibility=Visibility.PUBLIC)
    overdue = Q(status__in=OPEN_STATUSES, deadline__lt=today)
    meter = {f"r_{r.value}": count(public & Q(public_rating=r)) for r in METER_ORDER}
    return {
        "total": count(),
        "done": count(Q(status=Status.DONE)),
        "partly": count(Q(status=Status.PARTIALLY_DONE)),
        "open": count(Q(status__in=OPEN_STATUSES)),
        "overdue": count(overdue),
        "cancelled": count(Q(status=Status.CANCELLED)),
        "published": count(public),
        "public_overdue": count(public & overdue),
        **meter,
    }


def _group(key: Any, label: str, row: dict[str, Any]) -> Group:
    return Group(
        key=key,
        label=label,
        total=row["total"],
        done=row["done"],
        partly=row["partly"],
        open=row["open"],
        overdue=row["overdue"],
        cancelled=row["cancelled"],
        published=row["published"],
        ratings={r.value: row[f"r_{r.value}"] for r in METER_ORDER},
    )


def record_from(counts: dict[str, int]) -> Record:
    """The promise meter of the published resolutions among `counts` (`_aggregates`), as the
    portal's `record_of` counts it."""
    published = counts["published"]
    ratings = {rating.value: counts[f"r_{rating.value}"] for rating in METER_ORDER}
    return Record(
        rows=meter_rows(ratings, published), total=published, overdue=counts["public_overdue"]
    )


def top_groups(
    found: dict[int | None, dict[str, int]], model: type[Model], empty: str
) -> list[Group]:
    """The TOP of `found` (counters by a key to `model`, None for the rows without one) by
    size, then by the object's name as the database sorts it (as `ORDER BY -total, name`)."""
    names, rank = _named(model, "name", found)
    top = sorted(found, key=lambda pk: (-found[pk]["total"], rank(pk)))[:TOP]
    return [_group(pk, names.get(pk, "") if pk is not None else empty, found[pk]) for pk in top]


@dataclass
class _Rollup:
    counts: dict[str, int]  # the whole's counters
    bodies: list[Group]
    categories: list[Group]
    years: list[Group]


_ROLLED_UP = ("responsible_body_id", "category_id", "year")


def _rolled_up(visible: QuerySet[Resolution], today: datetime.date) -> _Rollup:
    """The whole and the groupings with few groups (bodies, categories, fiscal years) from
    one read: the rows counted per (body, category, year), then those counts summed per
    grouping here. Every counter is a count of rows, so the sums are exact.

    Each grouping read the filter's rows again: a county's 23 487 rows at 1 M, five reads of
    ~150 ms on PostgreSQL (~380 ms on SQLite) where the one read takes ~250 ms (~450 ms; ~100
    ms since the county's links are read by their place index) and its 4 766 (body,
    category, year) rows ~20 ms to sum.
    """
    years = fiscal_years(today)
    aggregates = _aggregates(today)
    rows = list(
        visible.annotate(year=bucket("deadline", years))
        .order_by()
        .values_list(*_ROLLED_UP)
        .annotate(**aggregates)
    )
    names = list(aggregates)
    width = len(_ROLLED_UP)
    per_key: list[defaultdict[Any, list[tuple[int, ...]]]] = [defaultdict(list) for _ in _ROLLED_UP]
    for row in rows:
        counts = row[width:]
        for found, key in zip(per_key, row[:width], strict=True):
            found[key].append(counts)

    def summed(counts: Iterable[tuple[int, ...]]) -> dict[str, int]:
        return dict(zip(names, map(sum, zip(*counts, strict=True)), strict=True))

    by_body, by_category, by_year = (
        {key: summed(counts) for key, counts in found.items()} for found in per_key
    )
    return _Rollup(
        counts=summed(row[width:] for row in rows) if rows else dict.fromkeys(names, 0),
        bodies=top_groups(by_body, Organization, _("No responsible body")),
        categories=top_groups(by_category, Category, _("No category")),
        years=[_group(p.key, p.label, by_year[p.key]) for p in years if p.key in by_year],
    )


def _by_field(
    visible: QuerySet[Resolution], key: str, name: str, empty: str, today: datetime.date
) -> list[Group]:
    """The TOP groups by size (then name), each with every counter, for a field whose groups
    may be nearly as many as the rows (the trips).

    On PostgreSQL the counters are taken over the contenders' rows only, the groups whose
    size ranks within the TOP (ties included), found by first counting each group's rows. At
    1 M a category's 52 976 rows fall in 33 119 trips: the filtered counts for each trip
    (thirteen when measured, fourteen since the public overdue count) took 145 ms, the two
    steps 64 ms (a body's: 84 -> 22 ms; a county's 23 487 rows: 293 ->
    185 ms). SQLite gained nothing for a category (320 -> 309 ms) and lost for a county
    (499 -> 874 ms): it reads the county's rows again for the contenders.
    """
    if connection.vendor in CONTENDERS_FIRST_VENDORS:
        sizes = visible.order_by().values(key).annotate(size=Count("pk"))
        ranked = sizes.alias(place=Window(Rank(), order_by=F("size").desc()))
        # Read first, as a list: given the few keys, the database starts from their rows
        # (the key's index) instead of reading the filter's rows again to test each.
        contenders = list(
            ranked.filter(place__lte=TOP).values_list(key, flat=True)[: CONTENDERS_AT_MOST + 1]
        )
        if len(contenders) <= CONTENDERS_AT_MOST:  # else ties of one row each: count them all
            among = Q(**{f"{key}__in": [pk for pk in contenders if pk is not None]})
            if None in contenders:  # no NULL is `IN (…)`: the rows without one, as a group
                among |= Q(**{f"{key}__isnull": True})
            visible = visible.filter(among)
    rows = (
        visible.order_by()
        .values(key, name)
        .annotate(**_aggregates(today))
        .order_by("-total", name)[:TOP]
    )
    return [_group(row[key], row[name] or empty, row) for row in rows]


def by_county(
    user: User | AnonymousUser,
    visible: QuerySet[Resolution],
    today: datetime.date,
    *,
    stored: bool = False,
    links: QuerySet[Any] | None = None,
) -> list[Group]:
    """Through the place links: a resolution counts once in each county it touches.

    With `stored` (every resolution, nothing filtered: the province-wide staff's unfiltered
    dashboard), from the county rows of `peygir.tallies`, which count the same way.

    Otherwise counted live by `tallies.counties.county_counts`, per place and folded into
    counties, over `links` when given (the links of `visible`, which the caller may say with
    the filters joined: `reports.filters.scoped_through`).
    """
    counties = list(counties_for(user))
    if not counties:
        return []
    if stored:
        found_stored = province_counts(today, counties, blocks_too=False).by_county
        return [
            _group(c.pk, c.name, found_stored[c.pk])
            for c in counties
            if found_stored[c.pk]["total"]
        ]
    if links is None:
        links = Resolution.places.through.objects.filter(resolution__in=visible)
    found = county_counts(links, today, {county.pk for county in counties})
    return [_group(c.pk, c.name, found[c.pk]) for c in counties if found[c.pk]["total"]]


@dataclass
class Fulfilment:
    overall: Group
    record: Record
    groupings: list[tuple[str, list[Group]]]


def fulfilment(user: User | AnonymousUser, wanted: ReportFilter) -> Fulfilment:
    """Every grouping of the fulfilment dashboard, in a fixed number of queries."""
    today = timezone.localdate()
    unit = stored_unit(user, wanted, today)
    if unit is not None:  # a unit the stored tallies hold (`stored_unit`)
        return fulfilment_stored(user, today, unit)
    visible = scoped(user, wanted)
    rollup = _rolled_up(visible, today)
    groupings = [
        (
            "county",
            by_county(
                user,
                visible,
                today,
                stored=user_scope(user).province_wide and wanted == ReportFilter(),
                links=Resolution.places.through.objects.filter(
                    scoped_through(user, wanted, "resolution")
                ),
            ),
        ),
        ("body", rollup.bodies),
        ("source", _by_field(visible, "source_id", "source__title", "", today)),
        ("category", rollup.categories),
        ("year", rollup.years),
    ]
    return Fulfilment(
        overall=_group(None, _("All"), rollup.counts),
        record=record_from(rollup.counts),
        groupings=groupings,
    )
