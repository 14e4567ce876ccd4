"""The dashboards from the stored tallies (`tallies.dashboards`): the same figures, in the
same order, as the live functions of `fulfilment`, `scorecard`, `overdue`, `letters`,
`trends` and `credit` count (their tests and the tallies' hypothesis test compare the two),
read from ~500 rows instead of counted over a million resolutions and five million actions.

Stored: what the province-wide staff see, with every fiscal year or one, or filtered by one
county, responsible body or category; and what a county governorate's staff see (a user
whose one membership is the COUNTY role in a county governorate), with every fiscal year or
one. Anything else (two filters, a filter with a year, a county governorate's filters, any
other user) is counted live (`reports.kept` keeps what was counted).
"""

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.followup.models import FollowupAction
from peygir.organizations.models import Organization, OrganizationKind
from peygir.places.models import PlaceKind
from peygir.reports.filters import ReportFilter, counties_for
from peygir.reports.periods import fiscal_years
from peygir.resolutions.models import Category, Resolution, Source
from peygir.tallies import dashboards as tallied
from peygir.tallies.dashboards import key_body

if TYPE_CHECKING:
    from peygir.reports.fulfilment import Fulfilment, Group
    from peygir.reports.letters import LetterRow
    from peygir.reports.overdue import AgeingRow
    from peygir.reports.scorecard import ScoreRow


_LIVE: ContextVar[bool] = ContextVar("reports_live", default=False)


@functools.lru_cache(maxsize=4)
def _offered_years(today: datetime.date) -> frozenset[int]:
    return frozenset(period.key for period in fiscal_years(today))


def stored_unit(
    user: User | AnonymousUser,
    wanted: ReportFilter,
    today: datetime.date,
    *,
    by_deadline_year: bool = True,
) -> int | None:
    """The unit of the stored tallies that holds what this user asked for (0: the DASH rows
    of the whole province), or None to count live.

    - The province-wide staff: the province, with every fiscal year of the deadline or one
      of the years offered (`by_deadline_year`); or one filter (a county, a responsible body
      or a category) with every year.
    - A user whose only membership is the COUNTY role in one county governorate with a place
      (`tallies.dashboards.Scopes` counts as `resolutions_visible_to` sees): that
      governorate's scope, with every year or one, and no other filter.
    """
    if _LIVE.get():
        return None
    year = wanted.fiscal_year if by_deadline_year else None
    if year and year not in _offered_years(today):
        return None
    scope = user_scope(user)
    chosen = [
        (kind, found)
        for kind, found in (
            (tallied.Filter.COUNTY, wanted.county),
            (tallied.Filter.BODY, wanted.body),
            (tallied.Filter.CATEGORY, wanted.category),
        )
        if found is not None
    ]
    if chosen:
        if not scope.province_wide or year or len(chosen) > 1:
            return None
        kind, found = chosen[0]
        if kind == tallied.Filter.COUNTY and getattr(found, "kind", None) != PlaceKind.COUNTY:
            return None
        filtered = tallied.filter_scope(kind, found.pk)
        return None if filtered is None else tallied.unit_of(filtered, None)
    if scope.province_wide:
        return tallied.unit_of(0, year)
    orgs = scope.orgs(Role.COUNTY)
    if set(scope.org_ids_by_role) != {Role.COUNTY} or len(orgs) != 1:
        return None
    (org,) = orgs
    if org >= tallied.FILTER_SPAN or len(scope.county_paths) != 1:
        return None
    if not Organization.objects.filter(
        pk=org, kind=OrganizationKind.COUNTY_GOVERNORATE, place__path=scope.county_paths[0]
    ).exists():
        return None
    return tallied.unit_of(org, year)


def use_stored(user: User | AnonymousUser, wanted: ReportFilter) -> bool:
    """Whether the figures may come from the DASH rows: the province, nothing filtered."""
    return stored_unit(user, wanted, timezone.localdate()) == 0


@contextmanager
def counted_live() -> Iterator[None]:
    """Count every dashboard live inside this block (to check the tallies against)."""
    token = _LIVE.set(True)
    try:
        yield
    finally:
        _LIVE.reset(token)


def _named(
    model: type[Model], field: str, keys: Iterable[int | None]
) -> tuple[dict[int, str], Callable[[int | None], int]]:
    """The objects' names, and each key's place in `ORDER BY field` as the database sorts
    it (its collation, and where it puts NULL: no object has no name), in one query."""
    ids = [key for key in keys if key is not None]
    found = list(
        model._default_manager.filter(pk__in=ids).order_by(field, "pk").values_list("pk", field)
    )
    order = {pk: index for index, (pk, _name) in enumerate(found)}
    nulls = len(order) if connection.features.nulls_order_largest else -1
    return dict(found), lambda key: nulls if key is None else order[key]


# Fulfilment --------------------------------------------------------------------------


def fulfilment_stored(
    user: User | AnonymousUser, today: datetime.date, unit: int = 0
) -> "Fulfilment":
    from peygir.reports.fulfilment import (
        TOP,
        Fulfilment,
        _group,
        by_county,
        record_from,
        top_groups,
    )

    found = tallied.unit_fulfilment(today, unit, TOP) if unit else None
    counts, fingerprint = (found.groups, 0) if found else tallied.province_fulfilment(today)
    zero = dict.fromkeys(tallied.FULFILMENT, 0)
    overall = _group(None, _("All"), counts.get("all", zero))

    def grouped(prefix: str, model: type[Model], empty: str) -> list["Group"]:
        found = {key_body(key[1:]): row for key, row in counts.items() if key.startswith(prefix)}
        return top_groups(found, model, empty)

    years = [
        _group(p.key, p.label, counts[f"y{p.key}"])
        for p in fiscal_years(today)
        if f"y{p.key}" in counts
    ]
    if found:
        counties = [
            _group(c.pk, c.name, found.counties[c.pk])
            for c in counties_for(user)
            if found.counties.get(c.pk, {}).get("total")
        ]
        titles = dict(Source.objects.filter(pk__in=found.sources).values_list("pk", "title"))
        sources = [_group(pk, titles.get(pk) or "", row) for pk, row in found.sources.items()]
    else:
        counties = by_county(user, Resolution.objects.all(), today, stored=True)
        sources = _by_source(today, TOP, fingerprint)
    groupings = [
        ("county", counties),
        ("body", grouped("b", Organization, _("No responsible body"))),
        ("source", sources),
        ("category", grouped("c", Category, _("No category"))),
        ("year", years),
    ]
    record = record_from(counts.get("all", zero))
    return Fulfilment(overall=overall, record=record, groupings=groupings)


def _by_source(today: datetime.date, top: int, fingerprint: int) -> list["Group"]:
    """The trips and meetings with the most resolutions (kept by `tallies.dashboards`), then
    only their resolutions counted, off the resolutions' source index."""
    from peygir.reports.fulfilment import _aggregates, _group

    largest = tallied.source_ranking(today, top, fingerprint)
    rows = (
        Resolution.objects.filter(source_id__in=largest)
        .order_by()
        .values("source_id", "source__title")
        .annotate(**_aggregates(today))
    )
    found: dict[int, dict[str, Any]] = {row["source_id"]: dict(row) for row in rows}
    return [
        _group(pk, found[pk]["source__title"] or "", found[pk]) for pk in largest if pk in found
    ]


# Scorecard -----------------------------------------------------------------------------


def scorecard_stored(
    today: datetime.date, since: datetime.datetime, limit: int, unit: int = 0
) -> list["ScoreRow"]:
    from peygir.reports.scorecard import ScoreRow

    counts = tallied.score_counts(today, since, unit)
    zero = dict.fromkeys(tallied.SCORE, 0)
    keys = set(counts.by_body) | {key for key, n in counts.done_week.items() if n}
    bodies = {key_body(key): key for key in keys}
    names, rank = _named(Organization, "name", bodies)
    rows = []
    for pk, key in bodies.items():
        found = counts.by_body.get(key, zero)
        rows.append(
            ScoreRow(
                body_id=pk,
                label=names[pk] if pk is not None else _("No responsible body"),
                open=found["open"],
                overdue=found["overdue"],
                due_week=found["due_week"],
                stale=found["stale"],
                done_week=counts.done_week.get(key, 0),
                pending=found["pending"],
                actions_week=counts.actions_week.get(key, 0),
            )
        )
    rows.sort(key=lambda row: (-row.overdue, -row.open, rank(row.body_id)))
    return rows[:limit]


def agenda_counts_stored(
    today: datetime.date, since: datetime.datetime, unit: int = 0
) -> dict[str, int]:
    """The weekly report's counts (`reports.weekly`): the open resolutions due this week,
    overdue, stale and waiting for a decision (`workspace.selectors.agenda_sections`), and
    those marked done since `since`, summed over the scorecard's stored counters."""
    counts = tallied.score_counts(today, since, unit)
    summed = dict.fromkeys(tallied.SCORE, 0)
    for found in counts.by_body.values():
        for name, n in found.items():
            summed[name] += n
    return {
        "due": summed["due_week"],
        "overdue": summed["overdue"],
        "stale": summed["stale"],
        "decisions": summed["pending"],
        "fulfilled": sum(counts.done_week.values()),
    }


# Overdue ageing ------------------------------------------------------------------------


def ageing_stored(today: datetime.date, limit: int, unit: int = 0) -> list["AgeingRow"]:
    from peygir.reports.overdue import AgeingRow

    ageing = tallied.ageing_counts(today, unit)
    found = {key_body(key): counts for key, counts in ageing.items()}
    names, rank = _named(Organization, "name", found)
    top = sorted(found, key=lambda pk: (-found[pk].total, rank(pk)))[:limit]
    return [
        AgeingRow(
            label=names[pk] if pk is not None else _("No responsible body"),
            counts=list(found[pk].counts),
            total=found[pk].total,
            oldest_deadline=found[pk].oldest,
        )
        for pk in top
    ]


# Letters -------------------------------------------------------------------------------


def letters_stored(today: datetime.date, limit: int, unit: int = 0) -> list["LetterRow"]:
    """By the body written to, most letters first (then by the body's id, as the live
    query orders)."""
    from peygir.reports.letters import letter_rows

    counts = {key_body(key): row for key, row in tallied.letter_counts(today, unit).items()}
    averages = {
        pk: datetime.timedelta(days=row["reply_days"]) / row["replies"] if row["replies"] else None
        for pk, row in counts.items()
    }
    return letter_rows(counts, averages, limit)


def waiting_stored(today: datetime.date, unit: int = 0) -> list[FollowupAction]:
    """The oldest unanswered letters (at most `tallies.dashboards.WAITING`)."""
    ids = tallied.waiting_letters(today, unit)
    return list(
        FollowupAction.objects.filter(pk__in=ids)
        .select_related("resolution", "recipient", "resolution__responsible_body")
        .order_by("date", "id")
    )


# Trends --------------------------------------------------------------------------------


def trends_stored(today: datetime.date, grain: str, unit: int = 0) -> dict[str, list[int]]:
    return tallied.trend_counts(today, grain, unit)
