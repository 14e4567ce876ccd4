"""Stored counts behind the dashboards of the province-wide staff (issue #13).

One row of kind `dash` per block of 2,000 resolution ids holds what the unfiltered
dashboards show of that block: the fulfilment counters by body, category and fiscal year,
the weekly scorecard and the overdue ageing by body, the letters by the body written to
(with the block's oldest unanswered ones) and the trends' twelve months and weeks. The
services mark a block dirty in the writing transaction (`services.tally_mark_dirty`); a
reader (or `tallies_refresh`, run by the worker every round) counts again only the rows
that are dirty or were counted for another day or stale threshold, exactly as the
overview's rows (`tallies.selectors`). A dashboard then folds ~500 rows instead of
counting a million resolutions and five million actions. While the worker is at work, a
page takes those rows as they are stored and says so (`tallies.freshness`).

Slice rows (kind `slice`), counted with their block's DASH row, hold the same for a part of
the block's resolutions (a unit, below): one fiscal year's, a county governorate's, and
those of one county, responsible body or category, the filters the province-wide staff
use most. A filtered dashboard then folds its unit's rows as the unfiltered one does.

What moves within a day is kept so that the reader can finish it: the scorecard's
"fulfilled this week" is the last seven days from now, so a row keeps the time each of its
resolutions was last marked done when that was within the last eight days.
"""

import bisect
import datetime
import enum
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.followup.selectors import stale_q, stale_threshold
from peygir.organizations.models import Organization, OrganizationKind
from peygir.places.models import Place, PlaceKind
from peygir.portal.selectors import METER_ORDER
from peygir.reports.periods import Period, bucket, fiscal_years, jalali_months, jalali_weeks
from peygir.resolutions.choices import OPEN_STATUSES, EventKind, RevisionState, Status, Visibility
from peygir.resolutions.models import (
    DeadlineRevision,
    FundingLine,
    Resolution,
    ResolutionEvent,
    Source,
)
from peygir.tallies.freshness import serving
from peygir.tallies.models import Tally, TallyKind
from peygir.tallies.selectors import _ranges
from peygir.tallies.services import BLOCK_SIZE

# Bumped when what a row holds, or which slice rows a block has, changes: rows stored in an
# older shape are counted again.
FORMAT = 5
DASH = TallyKind.DASH.value
SLICE = TallyKind.SLICE.value
# The fulfilment counters of a group, in this order (the meter's ratings as the portal
# orders them), and the overdue published ones for the promise record.
FULFILMENT = (
    "total",
    "done",
    "partly",
    "open",
    "overdue",
    "cancelled",
    "published",
    *(f"r_{rating.value}" for rating in METER_ORDER),
    "public_overdue",
)
_AT = {name: index for index, name in enumerate(FULFILMENT)}
# The scorecard's counters of a body, over its open resolutions.
SCORE = ("open", "overdue", "due_week", "stale", "pending")
# Overdue ageing: (first day overdue, last day or None), as `reports.overdue.BUCKETS`.
AGEING: list[tuple[int, int | None]] = [(1, 30), (31, 90), (91, 180), (181, 365), (366, None)]
# Letters by the body written to: sent, answered, past the reply date unanswered, and the
# replies' days summed and counted (their average).
LETTERS = ("sent", "answered", "late", "reply_days", "replies")
# Funding lines: the resolutions they fund, and their rials approved, allocated and spent.
CREDIT = ("resolutions", "approved", "allocated", "spent")
WAITING = 25  # the oldest unanswered letters a row keeps: the dashboard shows 25
PERIODS = 12  # the trends' months and weeks, as `reports.trends.PERIODS`
WEEK = datetime.timedelta(days=7)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MOD = 2**63
RANKING = -1  # the key of the row that keeps the largest trips and meetings (not a block)


def _pair(pk: int, source: int) -> int:
    digest = hashlib.blake2b(b"%d:%d" % (pk, source), digest_size=8).digest()
    return int.from_bytes(digest) % _MOD


# Units: the share of the resolutions a slice row counts. A unit is SCOPE_UNIT times a scope
# plus a fiscal year of the deadline (0: every year); unit 0 is the DASH row itself. A scope
# is 0 (the whole province), a county governorate's id (what its staff see), or one filter
# of the province-wide staff's dashboards (`Filter`: a county, a responsible body or a
# category, over every year). A slice row's key is its block times UNIT_SPAN plus its
# unit, so a block's slice rows are one range of keys.
SCOPE_UNIT = 10_000
UNIT_SPAN = 2**40
# A filter's scope is FILTER_SPAN times its kind plus the filtered object's id, so ids from
# FILTER_SPAN up are not stored (their dashboards are counted live): the largest unit,
# (3 * FILTER_SPAN + FILTER_SPAN - 1) * SCOPE_UNIT + a year, stays below UNIT_SPAN.
FILTER_SPAN = 10_000_000


class Filter(enum.IntEnum):
    COUNTY = 1  # linked to a place in the county (at or under its place)
    BODY = 2  # the responsible body
    CATEGORY = 3


def unit_of(scope: int, year: int | None) -> int:
    return scope * SCOPE_UNIT + (year or 0)


def filter_scope(kind: Filter, pk: int) -> int | None:
    """The scope of one filter (None: an id too large to be stored)."""
    return kind * FILTER_SPAN + pk if 0 < pk < FILTER_SPAN else None


def slice_key(unit: int, block: int) -> int:
    return block * UNIT_SPAN + unit


def units_of(scopes: Iterable[int], year: int | None, filters: Iterable[int] = ()) -> list[int]:
    """The units a resolution belongs to: 0 (its block's DASH row) first; each county
    governorate's scope with every year and with its year; each filter's with every year."""
    units = [0]
    if year is not None:
        units.append(year)
    for scope in scopes:
        units.append(scope * SCOPE_UNIT)
        if year is not None:
            units.append(scope * SCOPE_UNIT + year)
    units.extend(scope * SCOPE_UNIT for scope in filters)
    return units


def _prefixes(path: str) -> Iterator[str]:
    at = path.find("/", 1)
    while at != -1:
        yield path[: at + 1]
        at = path.find("/", at + 1)


@dataclass
class Scopes:
    """The county governorates whose staff may see part of the province, by their
    organization's id, and what puts a resolution in such a scope.

    This is `resolutions.selectors.resolutions_visible_to` for a user whose one membership is
    the COUNTY role in that organization: the resolutions it follows up (its own id as
    follow-up owner), those linked to a place in its county (at or under its place), and
    those whose responsible body is placed there. The tallies' tests hold the two equal.
    """

    # county governorate id -> its place's path
    places: dict[int, str]
    # organization id -> the scopes whose county holds the organization's place
    bodies: dict[int, tuple[int, ...]]
    # changes when any of the above does: every row counted with another is out of date
    signature: str
    # county path -> the county's id (read when first needed)
    _counties: dict[str, int] | None = None
    _by_path: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _of_path: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _county_of: dict[str, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_path: dict[str, list[int]] = {}
        for pk, path in self.places.items():
            by_path.setdefault(path, []).append(pk)
        self._by_path = {path: tuple(sorted(pks)) for path, pks in by_path.items()}

    def of_path(self, path: str) -> tuple[int, ...]:
        """The scopes whose place is `path` or above it."""
        found = self._of_path.get(path)
        if found is None:
            found = tuple(pk for prefix in _prefixes(path) for pk in self._by_path.get(prefix, ()))
            self._of_path[path] = found
        return found

    def of(self, owner: int | None, body: int | None, paths: Iterable[str]) -> set[int]:
        """The scopes that see a resolution with this follow-up owner, responsible body and
        linked places."""
        found: set[int] = set()
        if owner in self.places:
            found.add(owner)  # type: ignore[arg-type]
        if body is not None:
            found.update(self.bodies.get(body, ()))
        for path in paths:
            found.update(self.of_path(path))
        return found

    @property
    def counties(self) -> dict[str, int]:
        if self._counties is None:
            self._counties = dict(
                Place.objects.filter(kind=PlaceKind.COUNTY).values_list("path", "pk")
            )
        return self._counties

    def county_of(self, path: str) -> int | None:
        if path not in self._county_of:
            counties = self.counties
            self._county_of[path] = next(
                (counties[p] for p in _prefixes(path) if p in counties), None
            )
        return self._county_of[path]

    def own_county(self, scope: int) -> set[int] | None:
        """The counties a scope's dashboards show: a county governorate's own (None: the
        province's and its filters', all)."""
        if not scope or scope >= FILTER_SPAN:
            return None
        county = self.counties.get(self.places[scope])
        return set() if county is None else {county}

    def counties_of(self, paths: Iterable[str]) -> set[int]:
        return {county for path in paths if (county := self.county_of(path)) is not None}

    def units(
        self,
        owner: int | None,
        body: int | None,
        category: int | None,
        counties: Iterable[int],
        paths: Iterable[str],
        year: int | None,
    ) -> list[int]:
        """The units of a resolution with this follow-up owner, responsible body, category,
        counties (`counties_of` its places' paths) and fiscal year of the deadline."""
        filters = [filter_scope(Filter.COUNTY, county) for county in counties]
        if body is not None:
            filters.append(filter_scope(Filter.BODY, body))
        if category is not None:
            filters.append(filter_scope(Filter.CATEGORY, category))
        return units_of(
            self.of(owner, body, paths), year, (scope for scope in filters if scope is not None)
        )


def load_scopes() -> Scopes:
    """The county governorates and the organizations' places, in one query (the counties
    are read when first needed)."""
    orgs = list(
        Organization.objects.exclude(place=None)
        .order_by("pk")
        .values_list("pk", "kind", "place__path")
    )
    # (an id from FILTER_SPAN up would share its units with a filter's: counted live)
    places = {
        pk: path
        for pk, kind, path in orgs
        if kind == OrganizationKind.COUNTY_GOVERNORATE and pk < FILTER_SPAN
    }
    digest = hashlib.blake2b(repr(orgs).encode(), digest_size=8)
    scopes = Scopes(places=places, bodies={}, signature=digest.hexdigest())
    scopes.bodies = {pk: found for pk, _kind, path in orgs if (found := scopes.of_path(path))}
    return scopes


def body_key(pk: int | None) -> str:
    return "" if pk is None else str(pk)


def key_body(key: str) -> int | None:
    return int(key) if key else None


def _micro(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def trend_periods(today: datetime.date) -> dict[str, list[Period]]:
    return {"month": jalali_months(PERIODS, today), "week": jalali_weeks(PERIODS, today)}


class _Periods:
    """Which of a grain's periods a date or a moment falls in (None outside them all)."""

    def __init__(self, periods: list[Period]) -> None:
        self.days = [p.start for p in periods] + [periods[-1].end]
        self.moments = [_midnight(day) for day in self.days]

    def of_day(self, day: datetime.date | None) -> int | None:
        return self._at(self.days, day)

    def of_moment(self, moment: datetime.datetime | None) -> int | None:
        return self._at(self.moments, moment)

    @staticmethod
    def _at(bounds: list[Any], value: Any) -> int | None:
        if value is None or value < bounds[0] or value >= bounds[-1]:
            return None
        return bisect.bisect_right(bounds, value) - 1


def _empty(*, sliced: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "fulfilment": {},
        "score": {},
        "done": [],
        "ageing": {},
        "letters": {},
        "waiting": [],
        "actions_week": {},
        # funding lines by their fiscal year ("y<year>"), source ("s<source>") and both
        # ("f<year>:<source>"): CREDIT
        "credit": {},
        "trends": {
            f"{series}_{grain}": [0] * PERIODS
            for series in ("registered", "fulfilled", "letters")
            for grain in ("month", "week")
        },
    }
    if sliced:
        # the fulfilment counters by county (each resolution once in each county it touches)
        row["counties"] = {}
        # resolutions by trip or meeting (their ranking)
        row["source_n"] = {}
    else:
        # which trip or meeting each resolution belongs to, as a sum of hashes (see
        # `source_ranking`)
        row["sources"] = 0
    return row


def _add(counters: dict[str, list[int]], key: str, size: int, indexes: Iterable[int]) -> None:
    row = counters.get(key)
    if row is None:
        row = counters[key] = [0] * size
    for index in indexes:
        row[index] += 1


def fulfilment_indexes(
    status: str,
    deadline: datetime.date | None,
    visibility: str,
    rating: str,
    today: datetime.date,
) -> list[int]:
    """The FULFILMENT counters one resolution adds to."""
    is_open = status in OPEN_STATUSES
    late = is_open and deadline is not None and deadline < today
    indexes = [_AT["total"]]
    if status == Status.DONE:
        indexes.append(_AT["done"])
    elif status == Status.PARTIALLY_DONE:
        indexes.append(_AT["partly"])
    elif status == Status.CANCELLED:
        indexes.append(_AT["cancelled"])
    if is_open:
        indexes.append(_AT["open"])
    if late:
        indexes.append(_AT["overdue"])
    if visibility == Visibility.PUBLIC:
        indexes.append(_AT["published"])
        if f"r_{rating}" in _AT:
            indexes.append(_AT[f"r_{rating}"])
        if late:
            indexes.append(_AT["public_overdue"])
    return indexes


Key = tuple[int, int]  # (unit, block): unit 0 is the block's DASH row


def count_blocks(
    blocks: set[int], today: datetime.date, everything: bool, scopes: Scopes | None = None
) -> dict[Key, dict[str, Any]]:
    """Count these blocks (every block when `everything`, with no id ranges): each block's
    DASH row, as (0, block), and its rows of every unit that holds some of its resolutions
    (`units_of`), as (unit, block)."""
    scopes = scopes if scopes is not None else load_scopes()
    counts: dict[Key, dict[str, Any]] = {(0, block): _empty() for block in blocks}

    def limited(queryset: QuerySet[Any], field_name: str) -> QuerySet[Any]:
        return queryset if everything else queryset.filter(_ranges(field_name, blocks))

    paths_of: dict[int, list[str]] = {}
    links = limited(Resolution.places.through.objects.all(), "resolution_id").values_list(
        "resolution_id", "place__path"
    )
    for resolution_id, path in links.iterator(chunk_size=5000):
        paths_of.setdefault(resolution_id, []).append(path)

    grains = {grain: _Periods(periods) for grain, periods in trend_periods(today).items()}
    week_end = today + WEEK
    recent = _midnight(today) - WEEK - datetime.timedelta(days=1)
    done_at = Subquery(
        ResolutionEvent.objects.filter(
            resolution=OuterRef("pk"), kind=EventKind.STATUS_CHANGED, data__new=Status.DONE
        )
        .order_by()
        .values("resolution")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    rows = (
        limited(Resolution.objects.all(), "pk")
        .order_by()
        .annotate(
            year=bucket("deadline", fiscal_years(today)),
            is_stale=ExpressionWrapper(stale_q(today), output_field=BooleanField()),
            is_pending=Exists(
                DeadlineRevision.objects.filter(
                    resolution=OuterRef("pk"), state=RevisionState.REQUESTED
                )
            ),
            done_at=done_at,
        )
        .values_list(
            "pk",
            "status",
            "deadline",
            "visibility",
            "public_rating",
            "responsible_body_id",
            "category_id",
            "source_id",
            "created_at",
            "year",
            "is_stale",
            "is_pending",
            "done_at",
            "followup_owner_id",
        )
    )
    size = len(FULFILMENT)
    # Each resolution's rows, for the follow-up actions, events and funding lines below.
    rows_of: dict[int, list[tuple[Key, dict[str, Any]]]] = {}
    for (
        pk,
        status,
        deadline,
        visibility,
        rating,
        body,
        category,
        source,
        created_at,
        year,
        stale,
        pending,
        last_done,
        owner,
    ) in rows.iterator(chunk_size=5000):
        block = pk // BLOCK_SIZE
        if (0, block) not in counts:
            continue
        paths = paths_of.get(pk, ())
        counties = scopes.counties_of(paths)
        targets: list[tuple[Key, dict[str, Any]]] = []
        for unit in scopes.units(owner, body, category, counties, paths, year):
            key = (unit, block)
            found = counts.get(key)
            if found is None:
                found = counts[key] = _empty(sliced=True)
            targets.append((key, found))
        rows_of[pk] = targets
        is_open = status in OPEN_STATUSES
        late = is_open and deadline is not None and deadline < today
        indexes = fulfilment_indexes(status, deadline, visibility, rating, today)
        body = body_key(body)
        groups = ["all", f"b{body}", f"c{body_key(category)}"]
        if year is not None:
            groups.append(f"y{year}")
        flags: list[int] = []
        if is_open:
            flags = [
                i
                for i in (
                    0,
                    1 if late else None,
                    2 if deadline is not None and today <= deadline <= week_end else None,
                    3 if stale else None,
                    4 if pending else None,
                )
                if i is not None
            ]
        bucketed: int | None = None
        if late:
            days = (today - deadline).days
            for index, (first, last) in enumerate(AGEING):
                if days >= first and (last is None or days <= last):
                    bucketed = index
        recently_done = (
            not is_open and status == Status.DONE and last_done is not None and last_done >= recent
        )
        registered = [
            (f"registered_{grain}", at)
            for grain, periods in grains.items()
            if (at := periods.of_moment(created_at)) is not None
        ]
        for (unit, _block), row in targets:
            if unit:
                row["source_n"][str(source)] = row["source_n"].get(str(source), 0) + 1
                # the province's: every county; a county governorate's: its own
                own = scopes.own_county(unit // SCOPE_UNIT)
                for county in counties if own is None else counties & own:
                    _add(row["counties"], str(county), size, indexes)
            else:
                row["sources"] = (row["sources"] + _pair(pk, source)) % _MOD
            fulfilment = row["fulfilment"]
            for group in groups:
                _add(fulfilment, group, size, indexes)
            if is_open:
                _add(row["score"], body, len(SCORE), flags)
                if late:
                    ageing = row["ageing"].get(body)
                    if ageing is None:
                        ageing = row["ageing"][body] = [0] * len(AGEING) + [
                            0,
                            deadline.toordinal(),
                        ]
                    if bucketed is not None:
                        ageing[bucketed] += 1
                    ageing[len(AGEING)] += 1
                    ageing[-1] = min(ageing[-1], deadline.toordinal())
            elif recently_done:
                row["done"].append([body, _micro(last_done)])
            for name, at in registered:
                row["trends"][name][at] += 1

    window_start = min(grains["month"].moments[0], grains["week"].moments[0])
    window_end = max(grains["month"].moments[-1], grains["week"].moments[-1])
    done_events = ResolutionEvent.objects.filter(
        kind=EventKind.STATUS_CHANGED, data__new=Status.DONE
    )
    if everything:
        done_events = done_events.filter(created_at__gte=window_start, created_at__lt=window_end)
    # A few blocks' events are read by their resolutions' index, and the window applied
    # here (`of_moment`): given the window, SQLite walked a year of every block's events
    # instead (14 s for one block at 1 M).
    fulfilled = limited(done_events, "resolution_id").values_list("resolution_id", "created_at")
    for resolution_id, created_at in fulfilled.iterator(chunk_size=5000):
        for grain, periods in grains.items():
            at = periods.of_moment(created_at)
            if at is not None:
                for _key, row in rows_of.get(resolution_id, ()):
                    row["trends"][f"fulfilled_{grain}"][at] += 1

    actions = limited(
        FollowupAction.objects.filter(date__gt=today - WEEK), "resolution_id"
    ).values_list("resolution_id", "resolution__responsible_body_id")
    for resolution_id, body in actions.iterator(chunk_size=5000):
        name = body_key(body)
        for _key, row in rows_of.get(resolution_id, ()):
            row["actions_week"][name] = row["actions_week"].get(name, 0) + 1

    letters = (
        limited(FollowupAction.objects.filter(kind=ActionKind.LETTER_SENT), "resolution_id")
        .annotate(
            target=Coalesce("recipient_id", "resolution__responsible_body_id"),
            answered=Exists(FollowupAction.objects.filter(in_reply_to=OuterRef("pk"))),
        )
        .values_list("pk", "resolution_id", "target", "date", "reply_due", "answered")
    )
    waiting: dict[Key, list[tuple[int, int]]] = {}
    for pk, resolution_id, target, date, reply_due, answered in letters.iterator(chunk_size=5000):
        if resolution_id not in rows_of:
            continue
        indexes = [0]
        if answered:
            indexes.append(1)
        elif reply_due is not None and reply_due < today:
            indexes.append(2)
        periods_at = [
            (f"letters_{grain}", at)
            for grain, periods in grains.items()
            if (at := periods.of_day(date)) is not None
        ]
        for key, row in rows_of[resolution_id]:
            if not answered:
                waiting.setdefault(key, []).append((date.toordinal(), pk))
            _add(row["letters"], body_key(target), len(LETTERS), indexes)
            for name, at in periods_at:
                row["trends"][name][at] += 1
    for key, unanswered in waiting.items():
        counts[key]["waiting"] = [list(item) for item in sorted(unanswered)[:WAITING]]

    replies = limited(
        FollowupAction.objects.filter(in_reply_to__kind=ActionKind.LETTER_SENT),
        "in_reply_to__resolution_id",
    ).values_list(
        "in_reply_to__resolution_id",
        Coalesce("in_reply_to__recipient_id", "in_reply_to__resolution__responsible_body_id"),
        "date",
        "in_reply_to__date",
    )
    for resolution_id, target, date, sent in replies.iterator(chunk_size=5000):
        for _key, row in rows_of.get(resolution_id, ()):
            counters = row["letters"].setdefault(body_key(target), [0] * len(LETTERS))
            counters[3] += (date - sent).days
            counters[4] += 1

    lines = limited(FundingLine.objects.all(), "resolution_id").values_list(
        "resolution_id", "fiscal_year", "source", "approved", "allocated", "spent"
    )
    funded: dict[tuple[Key, str], set[int]] = {}
    for resolution_id, year, source, approved, allocated, spent in lines.iterator(chunk_size=5000):
        for key, row in rows_of.get(resolution_id, ()):
            if key[0] % SCOPE_UNIT:
                continue  # a fiscal year's unit: credit is always read over every year
            for name in (f"y{year}", f"s{source}", f"f{year}:{source}"):
                sums = row["credit"].setdefault(name, [0] * len(CREDIT))
                sums[1] += approved
                sums[2] += allocated
                sums[3] += spent
                funded.setdefault((key, name), set()).add(resolution_id)
    for (key, name), resolutions in funded.items():
        counts[key]["credit"][name][0] = len(resolutions)
    return counts


def _fresh(
    row: tuple[Any, ...] | None, today: datetime.date, threshold: datetime.date, prefix: str
) -> bool:
    return (
        row is not None
        and row[1] == row[0]
        and row[2] == today
        and row[3] == threshold
        and row[4].startswith(prefix)
    )


# What this process read of clean rows, by (stamp, unit, part): a row's stamp changes
# whenever it is counted again, so a kept part is the stored one as long as its stamp is
# current (a slice row carries its block's stamp; one its block has not is kept as None).
_KEPT: dict[tuple[str, int, str], Any] = {}
_KEEP_AT_MOST = 20_000
# Blocks counted together: what one pass holds in memory (50 000 resolutions).
CHUNK = 25


def _keep(stamp: str, unit: int, part: str, value: Any) -> None:
    if len(_KEPT) >= _KEEP_AT_MOST:
        _KEPT.clear()
    _KEPT[(stamp, unit, part)] = value


def _chunks(blocks: set[int]) -> Iterator[set[int]]:
    ordered = sorted(blocks)
    for start in range(0, len(ordered), CHUNK):
        yield set(ordered[start : start + CHUNK])


def _store(
    counted: dict[Key, dict[str, Any]],
    stamps: dict[int, str],
    stored: dict[int, tuple[Any, ...]],
    today: datetime.date,
    threshold: datetime.date,
) -> None:
    """Store the counted blocks' DASH rows and slice rows, and drop the slice rows of those
    blocks that hold nothing now, in one transaction."""
    blocks = {block for unit, block in counted if not unit}
    seq = {block: stored[block][0] if block in stored else 0 for block in blocks}
    rows = [
        Tally(
            kind=DASH if not unit else SLICE,
            key=block if not unit else slice_key(unit, block),
            seq=seq[block] if not unit else 0,
            computed_seq=seq[block] if not unit else 0,
            computed_for=today,
            stale_before=threshold,
            counts=value,
            stamp=stamps[block],
        )
        for (unit, block), value in counted.items()
    ]
    with transaction.atomic():
        Tally.objects.filter(kind=SLICE).filter(_ranges("key", blocks, span=UNIT_SPAN)).exclude(
            key__in=[row.key for row in rows if row.kind == SLICE]
        ).delete()
        Tally.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=["computed_seq", "computed_for", "stale_before", "counts", "stamp"],
        )


def _stamps(
    today: datetime.date, *, keep: bool = True, until: float | None = None
) -> tuple[dict[int, str], int, Scopes]:
    """Every block's current stamp, after counting again the rows that are not clean (kept
    in this process with `keep`); how many blocks were counted again; and the scopes they
    were counted with.

    `until` (a `time.monotonic()` moment, for the worker's recount only, which reads no
    stamps): after the first chunk, stop before one that the last chunk's time says would
    end past it, leaving the other blocks dirty."""
    assert until is None or not keep, "a page must count every block it reads"
    threshold = stale_threshold(today)
    scopes = load_scopes()
    prefix = f"{FORMAT}-{scopes.signature}-"
    stored = {
        key: (seq, computed_seq, computed_for, stale_before, stamp)
        for key, seq, computed_seq, computed_for, stale_before, stamp in (
            Tally.objects.filter(kind=DASH, key__gte=0).values_list(
                "key", "seq", "computed_seq", "computed_for", "stale_before", "stamp"
            )
        )
    }
    top = Resolution.objects.aggregate(top=Max("pk"))["top"]
    blocks = set(range(top // BLOCK_SIZE + 1)) if top is not None else set()
    dirty = {key for key in blocks if not _fresh(stored.get(key), today, threshold, prefix)}
    served = serving() if keep and dirty else None
    if served is not None:
        # Rows of this shape and these scopes, awaiting the worker's count: taken as stored.
        waiting = {
            key
            for key in dirty
            if key in stored
            and stored[key][4].startswith(prefix)
            and served.may_take(stored[key][2], today)
        }
        served.took(DASH, ((key, stored[key][2]) for key in waiting))
        dirty -= waiting
    stamps = {key: stored[key][4] for key in blocks - dirty}
    recounted, took = 0, 0.0
    for chunk in _chunks(dirty):
        started = time.monotonic()
        if until is not None and recounted and started + took > until:
            break
        counted = count_blocks(chunk, today, chunk == blocks, scopes)
        for block in chunk:
            stamps[block] = f"{prefix}{uuid.uuid4().hex[:20]}"
        for (unit, block), value in counted.items() if keep else ():
            if unit:
                continue  # a slice is read when a dashboard of its unit is opened
            for part, kept in value.items():
                _keep(stamps[block], unit, part, kept)
        _store(counted, stamps, stored, today, threshold)
        recounted += len(chunk)
        took = time.monotonic() - started
    return stamps, recounted, scopes


def _parts(stamps: dict[int, str], parts: tuple[str, ...], unit: int) -> list[tuple[Any, ...]]:
    """These parts of the unit's rows (of the blocks' DASH rows for unit 0): kept in this
    process under their stamp, or read. A block with no row of the unit gives nothing."""
    rows: list[tuple[Any, ...]] = []
    missing: dict[int, str] = {}
    for block, stamp in sorted(stamps.items()):
        if all((stamp, unit, part) in _KEPT for part in parts):
            values = tuple(_KEPT[(stamp, unit, part)] for part in parts)
            if values[0] is not None:
                rows.append(values)
        else:
            missing[slice_key(unit, block) if unit else block] = stamp
    if missing:
        found = Tally.objects.filter(kind=SLICE if unit else DASH, key__in=missing).values_list(
            "key", "stamp", *(KT(f"counts__{part}") for part in parts)
        )
        for key, stamp, *texts in found:
            decoded = tuple(_decoded(text) for text in texts)
            for part, value in zip(parts, decoded, strict=True):
                _keep(stamp, unit, part, value)
            rows.append(decoded)
            missing.pop(key)
        for stamp in missing.values():  # the block holds nothing of the unit
            for part in parts:
                _keep(stamp, unit, part, None)
    return rows


def _decoded(value: Any) -> Any:
    """A part of a row, read as its JSON text: orjson decodes the parts a dashboard reads
    cold (5 MB for a category's fulfilment at 1 M) in a fraction of the standard library's
    time. SQLite gives a number part (a DASH row's `sources`) as the number itself."""
    return orjson.loads(value) if isinstance(value, str) else value


def dashboard_rows(
    today: datetime.date, parts: tuple[str, ...], *, unit: int = 0
) -> list[tuple[Any, ...]]:
    """These parts of every block's stored row of the unit, counting again the rows that
    are not clean."""
    stamps, _counted, _scopes = _stamps(today)
    return _parts(stamps, parts, unit)


# Each fold of the rows, by the stamps it was folded from: a page opened again with nothing
# written since sums nothing.
_FOLDED: dict[tuple[Any, ...], Any] = {}


def _folded[T](
    today: datetime.date,
    parts: tuple[str, ...],
    fold: Callable[[list[tuple[Any, ...]]], T],
    unit: int = 0,
) -> T:
    return _folded_with_scopes(today, parts, fold, unit)[0]


def _folded_with_scopes[T](
    today: datetime.date,
    parts: tuple[str, ...],
    fold: Callable[[list[tuple[Any, ...]]], T],
    unit: int = 0,
) -> tuple[T, Scopes, tuple[Any, ...]]:
    """The fold, the scopes, and the stamps it was folded from (a key for what is computed
    from the same rows)."""
    stamps, _counted, scopes = _stamps(today)
    read = tuple(sorted(stamps.items()))
    signature = (fold, parts, unit, read)
    if signature not in _FOLDED:
        _remember(signature, fold(_parts(stamps, parts, unit)))
    found: T = _FOLDED[signature]
    return found, scopes, read


def _remember(signature: tuple[Any, ...], value: Any) -> None:
    if len(_FOLDED) >= 64:
        _FOLDED.clear()
    _FOLDED[signature] = value


def _summed(rows: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    """Each key's counters summed over the rows, column by column.

    Each key's lists are gathered first and summed a column at a time, in a quarter of the
    time of adding them pairwise (45 against 172 ms for 500 rows of 120 keys of 14
    counters: a category's fulfilment folds about 50 000 such lists).
    """
    gathered: dict[str, list[list[int]]] = {}
    for row in rows:
        for key, values in row.items():
            found = gathered.get(key)
            if found is None:
                gathered[key] = [values]
            else:
                found.append(values)
    return {
        key: [sum(column) for column in zip(*lists, strict=True)] for key, lists in gathered.items()
    }


def _fold_fulfilment(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    return {
        key: dict(zip(FULFILMENT, values, strict=True))
        for key, values in _summed(row for (row,) in rows).items()
    }


def fulfilment_counts(today: datetime.date, unit: int = 0) -> dict[str, dict[str, int]]:
    """The fulfilment counters of every group: "all", "b<body>", "c<category>", "y<year>"."""
    return _folded(today, ("fulfilment",), _fold_fulfilment, unit)


@dataclass(frozen=True)
class UnitFulfilment:
    # the fulfilment counters of every group, as `fulfilment_counts`
    groups: dict[str, dict[str, int]]
    # county id -> the fulfilment counters (each resolution once in each county it touches)
    counties: dict[int, dict[str, int]]
    # the largest trips and meetings, in order, each with its fulfilment counters
    sources: dict[int, dict[str, int]]


def _fold_unit_fulfilment(
    rows: list[tuple[Any, ...]],
) -> tuple[dict[str, dict[str, int]], dict[int, dict[str, int]], dict[int, int]]:
    groups = _fold_fulfilment([(row,) for row, _counties, _sources in rows])
    counties = _fold_fulfilment([(row,) for _groups, row, _sources in rows])
    sources = _fold_sources([(row,) for _groups, _counties, row in rows])
    return groups, {int(key): value for key, value in counties.items()}, sources


def unit_fulfilment(today: datetime.date, unit: int, top: int) -> UnitFulfilment:
    """A slice unit's fulfilment dashboard (not unit 0: see `fulfilment_counts`), with its
    `top` trips and meetings."""
    (groups, counties, totals), scopes, read = _folded_with_scopes(
        today, ("fulfilment", "counties", "source_n"), _fold_unit_fulfilment, unit
    )
    # The largest trips' counters change only with a resolution, so with its block's stamp.
    signature = ("sources", unit, top, read)
    if signature not in _FOLDED:
        _remember(signature, _unit_sources(today, unit, totals, top, scopes))
    sources: dict[int, dict[str, int]] = _FOLDED[signature]
    return UnitFulfilment(groups=groups, counties=counties, sources=sources)


@dataclass
class ScoreCounts:
    # body key -> the SCORE counters
    by_body: dict[str, dict[str, int]]
    # body key -> resolutions marked done since `since`, still done
    done_week: dict[str, int]
    # body key -> follow-up actions dated in the last seven days
    actions_week: dict[str, int]


def _fold_score(
    rows: list[tuple[Any, ...]],
) -> tuple[dict[str, dict[str, int]], list[tuple[str, int]], dict[str, int]]:
    done: list[tuple[str, int]] = []
    actions: dict[str, int] = {}
    for _score, recently_done, recent_actions in rows:
        done += [(body, at) for body, at in recently_done]
        for body, n in recent_actions.items():
            actions[body] = actions.get(body, 0) + n
    summed = _summed(score for score, _done, _actions in rows)
    by_body = {key: dict(zip(SCORE, values, strict=True)) for key, values in summed.items()}
    return by_body, done, actions


def score_counts(today: datetime.date, since: datetime.datetime, unit: int = 0) -> ScoreCounts:
    by_body, recently_done, actions = _folded(
        today, ("score", "done", "actions_week"), _fold_score, unit
    )
    cutoff = _micro(since)
    done: dict[str, int] = {}
    for body, at in recently_done:
        if at >= cutoff:
            done[body] = done.get(body, 0) + 1
    return ScoreCounts(by_body=by_body, done_week=done, actions_week=actions)


@dataclass(frozen=True)
class AgeingCounts:
    counts: tuple[int, ...]
    total: int
    oldest: datetime.date


def _fold_ageing(rows: list[tuple[Any, ...]]) -> dict[str, AgeingCounts]:
    found: dict[str, AgeingCounts] = {}
    for (row,) in rows:
        for body, values in row.items():
            *counts, total, oldest = values
            day = datetime.date.fromordinal(oldest)
            was = found.get(body)
            if was is None:
                found[body] = AgeingCounts(tuple(counts), total, day)
            else:
                found[body] = AgeingCounts(
                    tuple(a + b for a, b in zip(was.counts, counts, strict=True)),
                    was.total + total,
                    min(was.oldest, day),
                )
    return found


def ageing_counts(today: datetime.date, unit: int = 0) -> dict[str, AgeingCounts]:
    return _folded(today, ("ageing",), _fold_ageing, unit)


def _fold_letters(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    summed = _summed(row for (row,) in rows)
    return {key: dict(zip(LETTERS, values, strict=True)) for key, values in summed.items()}


def letter_counts(today: datetime.date, unit: int = 0) -> dict[str, dict[str, int]]:
    """The LETTERS counters by the body written to (its key; "" for none)."""
    return _folded(today, ("letters",), _fold_letters, unit)


def _fold_waiting(rows: list[tuple[Any, ...]]) -> list[int]:
    oldest = sorted((day, pk) for (waiting,) in rows for day, pk in waiting)[:WAITING]
    return [pk for _day, pk in oldest]


def waiting_letters(today: datetime.date, unit: int = 0) -> list[int]:
    """The ids of the oldest unanswered letters (date, then id), at most WAITING."""
    return _folded(today, ("waiting",), _fold_waiting, unit)


def _fold_trends(rows: list[tuple[Any, ...]]) -> dict[str, list[int]]:
    found = {
        f"{series}_{grain}": [0] * PERIODS
        for series in ("registered", "fulfilled", "letters")
        for grain in ("month", "week")
    }
    found.update(_summed(row for (row,) in rows))
    return found


def trend_counts(today: datetime.date, grain: str, unit: int = 0) -> dict[str, list[int]]:
    """Registered, fulfilled and letters in each of the grain's periods."""
    found = _folded(today, ("trends",), _fold_trends, unit)
    return {
        series: list(found[f"{series}_{grain}"])
        for series in ("registered", "fulfilled", "letters")
    }


def _fold_credit(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    summed = _summed(row for (row,) in rows)
    return {key: dict(zip(CREDIT, values, strict=True)) for key, values in summed.items()}


def credit_counts(today: datetime.date, unit: int = 0) -> dict[str, dict[str, int]]:
    """The CREDIT sums by fiscal year ("y<year>"), by source ("s<source>") and by both
    ("f<year>:<source>")."""
    return _folded(today, ("credit",), _fold_credit, unit)


def dashboards_refresh(today: datetime.date | None = None, *, until: float | None = None) -> int:
    """Count again the rows that are not clean (the worker's round); return how many.

    With `until` (a `time.monotonic()` moment), count at least one chunk of blocks and stop
    before one that would end past it: a new day's recount of every row (minutes at 1 M) is
    then shared among the worker's rounds, and the deliveries between them do not wait for
    all of it.
    """
    _stamped, counted, _scopes = _stamps(today or timezone.localdate(), keep=False, until=until)
    return counted


def _fold_province(rows: list[tuple[Any, ...]]) -> tuple[dict[str, dict[str, int]], int]:
    groups = _fold_fulfilment([(row,) for row, _sources in rows])
    return groups, sum(sources for _row, sources in rows) % _MOD


def province_fulfilment(today: datetime.date) -> tuple[dict[str, dict[str, int]], int]:
    """The fulfilment counters of every group (as `fulfilment_counts`), and the fingerprint
    of every resolution's trip or meeting (for `source_ranking`), in one read."""
    return _folded(today, ("fulfilment", "sources"), _fold_province)


def source_ranking(today: datetime.date, top: int, sources: int | None = None) -> list[int]:
    """The ids of the `top` trips and meetings with the most resolutions (then by title, as
    the database sorts titles), as `reports.fulfilment` orders its groups.

    A trip's resolutions are spread over every block, so its count is not kept per block;
    the ranking is kept in one row with the fingerprint of every resolution's trip it was
    counted for (the blocks' sums of hashes), and counted again (a pass over the resolutions'
    trip index) when a resolution was added or moved to another trip since. `sources` is
    that fingerprint when the caller has read it (`province_fulfilment`).
    """
    if sources is None:
        rows = dashboard_rows(today, ("sources",))
        sources = sum(value for (value,) in rows) % _MOD
    fingerprint = f"{sources}:{top}"
    kept = Tally.objects.filter(kind=DASH, key=RANKING).values_list("counts", flat=True).first()
    if kept is not None and kept.get("fingerprint") == fingerprint:
        ranked: list[int] = kept["top"]
        return ranked
    totals: dict[int, int] = dict(
        Resolution.objects.order_by()
        .values_list("source_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "n")
    )
    ranked = _ranked(totals, top)
    Tally.objects.update_or_create(
        kind=DASH,
        key=RANKING,
        defaults={"counts": {"fingerprint": fingerprint, "top": ranked}, "stamp": ""},
    )
    return ranked


def _ranked(totals: dict[int, int], top: int) -> list[int]:
    """The `top` trips and meetings with the largest totals, then by title as the database
    sorts titles."""
    sizes = sorted(totals.values(), reverse=True)
    least = sizes[min(top, len(sizes)) - 1] if sizes else 0
    candidates = {pk for pk, n in totals.items() if n >= least}
    by_title = Source.objects.order_by("title", "pk").values_list("pk", flat=True)
    if len(candidates) <= 1000:
        by_title = by_title.filter(pk__in=candidates)
    ordered = [pk for pk in by_title.iterator(chunk_size=5000) if pk in candidates]
    return sorted(ordered, key=lambda pk: -totals[pk])[:top]  # stable: by title within


def _fold_sources(rows: list[tuple[Any, ...]]) -> dict[int, int]:
    totals: dict[int, int] = {}
    for (row,) in rows:
        for key, n in row.items():
            totals[int(key)] = totals.get(int(key), 0) + n
    return totals


def _unit_sources(
    today: datetime.date, unit: int, totals: dict[int, int], top: int, scopes: Scopes
) -> dict[int, dict[str, int]]:
    """A unit's `top` trips and meetings with the most resolutions (as `source_ranking`
    orders them), each with its FULFILMENT counters over the unit's resolutions.

    The ranking comes from the slice rows; the few resolutions of those trips are then read
    and each put in its units as `count_blocks` does."""
    largest = _ranked(totals, top)
    years = fiscal_years(today)
    paths_of: dict[int, list[str]] = {}
    for resolution_id, path in Resolution.places.through.objects.filter(
        resolution__source_id__in=largest
    ).values_list("resolution_id", "place__path"):
        paths_of.setdefault(resolution_id, []).append(path)
    found: dict[int, list[int]] = {pk: [0] * len(FULFILMENT) for pk in largest}
    for pk, source, status, deadline, visibility, rating, owner, body, category in (
        Resolution.objects.filter(source_id__in=largest)
        .order_by()
        .values_list(
            "pk",
            "source_id",
            "status",
            "deadline",
            "visibility",
            "public_rating",
            "followup_owner_id",
            "responsible_body_id",
            "category_id",
        )
    ):
        year = next(
            (p.key for p in years if deadline is not None and p.start <= deadline < p.end), None
        )
        paths = paths_of.get(pk, ())
        if unit not in scopes.units(owner, body, category, scopes.counties_of(paths), paths, year):
            continue
        for index in fulfilment_indexes(status, deadline, visibility, rating, today):
            found[source][index] += 1
    return {pk: dict(zip(FULFILMENT, found[pk], strict=True)) for pk in largest}
