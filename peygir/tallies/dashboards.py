"""Stored counts behind the dashboards of the province-wide staff (issue #13).

One row of kind `dash` per block of 2,000 resolution ids holds what the unfiltered
dashboards show of that block: the fulfilment counters by body, category and fiscal year,
the weekly scorecard and the overdue ageing by body, the letters by the body written to
(with the block's oldest unanswered ones) and the trends' twelve months and weeks. The
services mark a block dirty in the writing transaction (`services.tally_mark_dirty`); a
reader (or `tallies_refresh`, run by the worker every round) counts again only the rows
that are dirty or were counted for another day or stale threshold, exactly as the
overview's rows (`tallies.selectors`). A dashboard then folds ~500 rows instead of
counting a million resolutions and five million actions.

What moves within a day is kept so that the reader can finish it: the scorecard's
"fulfilled this week" is the last seven days from now, so a row keeps the time each of its
resolutions was last marked done when that was within the last eight days.
"""

import bisect
import datetime
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

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
from django.db.models.functions import Coalesce
from django.utils import timezone

from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.followup.selectors import stale_q, stale_threshold
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
from peygir.tallies.models import Tally, TallyKind
from peygir.tallies.selectors import _ranges
from peygir.tallies.services import BLOCK_SIZE

# Bumped when what a row holds changes: rows stored in an older shape are counted again.
FORMAT = 2
DASH = TallyKind.DASH.value
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


def _empty() -> dict[str, Any]:
    return {
        "fulfilment": {},
        "score": {},
        "done": [],
        "ageing": {},
        "letters": {},
        "waiting": [],
        "actions_week": {},
        # funding lines by their fiscal year ("y<year>") and source ("s<source>"): CREDIT
        "credit": {},
        # which trip or meeting each resolution belongs to, as a sum of hashes (see
        # `source_ranking`)
        "sources": 0,
        "trends": {
            f"{series}_{grain}": [0] * PERIODS
            for series in ("registered", "fulfilled", "letters")
            for grain in ("month", "week")
        },
    }


def _add(counters: dict[str, list[int]], key: str, size: int, indexes: Iterable[int]) -> None:
    row = counters.get(key)
    if row is None:
        row = counters[key] = [0] * size
    for index in indexes:
        row[index] += 1


def count_blocks(
    blocks: set[int], today: datetime.date, everything: bool
) -> dict[int, dict[str, Any]]:
    """Count these blocks (every block when `everything`, with no id ranges)."""
    counts = {block: _empty() for block in blocks}

    def limited(queryset: QuerySet[Any], field_name: str) -> QuerySet[Any]:
        return queryset if everything else queryset.filter(_ranges(field_name, blocks))

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
        )
    )
    size = len(FULFILMENT)
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
    ) in rows.iterator(chunk_size=5000):
        row = counts.get(pk // BLOCK_SIZE)
        if row is None:
            continue
        row["sources"] = (row["sources"] + _pair(pk, source)) % _MOD
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
        groups = row["fulfilment"]
        body = body_key(body)
        for key in ("all", f"b{body}", f"c{body_key(category)}"):
            _add(groups, key, size, indexes)
        if year is not None:
            _add(groups, f"y{year}", size, indexes)
        if is_open:
            flags = [
                0,
                1 if late else None,
                2 if deadline is not None and today <= deadline <= week_end else None,
                3 if stale else None,
                4 if pending else None,
            ]
            _add(row["score"], body, len(SCORE), [i for i in flags if i is not None])
            if late:
                days = (today - deadline).days
                ageing = row["ageing"].get(body)
                if ageing is None:
                    ageing = row["ageing"][body] = [0] * len(AGEING) + [0, deadline.toordinal()]
                for index, (first, last) in enumerate(AGEING):
                    if days >= first and (last is None or days <= last):
                        ageing[index] += 1
                ageing[len(AGEING)] += 1
                ageing[-1] = min(ageing[-1], deadline.toordinal())
        elif status == Status.DONE and last_done is not None and last_done >= recent:
            row["done"].append([body, _micro(last_done)])
        for grain, periods in grains.items():
            at = periods.of_moment(created_at)
            if at is not None:
                row["trends"][f"registered_{grain}"][at] += 1

    window_start = min(grains["month"].moments[0], grains["week"].moments[0])
    window_end = max(grains["month"].moments[-1], grains["week"].moments[-1])
    fulfilled = limited(
        ResolutionEvent.objects.filter(
            kind=EventKind.STATUS_CHANGED,
            data__new=Status.DONE,
            created_at__gte=window_start,
            created_at__lt=window_end,
        ),
        "resolution_id",
    ).values_list("resolution_id", "created_at")
    for resolution_id, created_at in fulfilled.iterator(chunk_size=5000):
        row = counts.get(resolution_id // BLOCK_SIZE)
        if row is None:
            continue
        for grain, periods in grains.items():
            at = periods.of_moment(created_at)
            if at is not None:
                row["trends"][f"fulfilled_{grain}"][at] += 1

    actions = limited(
        FollowupAction.objects.filter(date__gt=today - WEEK), "resolution_id"
    ).values_list("resolution_id", "resolution__responsible_body_id")
    for resolution_id, body in actions.iterator(chunk_size=5000):
        row = counts.get(resolution_id // BLOCK_SIZE)
        if row is not None:
            key = body_key(body)
            row["actions_week"][key] = row["actions_week"].get(key, 0) + 1

    letters = (
        limited(FollowupAction.objects.filter(kind=ActionKind.LETTER_SENT), "resolution_id")
        .annotate(
            target=Coalesce("recipient_id", "resolution__responsible_body_id"),
            answered=Exists(FollowupAction.objects.filter(in_reply_to=OuterRef("pk"))),
        )
        .values_list("pk", "resolution_id", "target", "date", "reply_due", "answered")
    )
    waiting: dict[int, list[tuple[int, int]]] = {}
    for pk, resolution_id, target, date, reply_due, answered in letters.iterator(chunk_size=5000):
        block = resolution_id // BLOCK_SIZE
        row = counts.get(block)
        if row is None:
            continue
        indexes = [0]
        if answered:
            indexes.append(1)
        else:
            waiting.setdefault(block, []).append((date.toordinal(), pk))
            if reply_due is not None and reply_due < today:
                indexes.append(2)
        _add(row["letters"], body_key(target), len(LETTERS), indexes)
        for grain, periods in grains.items():
            at = periods.of_day(date)
            if at is not None:
                row["trends"][f"letters_{grain}"][at] += 1
    for block, unanswered in waiting.items():
        counts[block]["waiting"] = [list(item) for item in sorted(unanswered)[:WAITING]]

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
        row = counts.get(resolution_id // BLOCK_SIZE)
        if row is None:
            continue
        counters = row["letters"].setdefault(body_key(target), [0] * len(LETTERS))
        counters[3] += (date - sent).days
        counters[4] += 1

    lines = limited(FundingLine.objects.all(), "resolution_id").values_list(
        "resolution_id", "fiscal_year", "source", "approved", "allocated", "spent"
    )
    funded: dict[tuple[int, str], set[int]] = {}
    for resolution_id, year, source, approved, allocated, spent in lines.iterator(chunk_size=5000):
        block = resolution_id // BLOCK_SIZE
        row = counts.get(block)
        if row is None:
            continue
        for key in (f"y{year}", f"s{source}"):
            sums = row["credit"].setdefault(key, [0] * len(CREDIT))
            sums[1] += approved
            sums[2] += allocated
            sums[3] += spent
            funded.setdefault((block, key), set()).add(resolution_id)
    for (block, key), resolutions in funded.items():
        counts[block]["credit"][key][0] = len(resolutions)
    return counts


def _fresh(row: tuple[Any, ...] | None, today: datetime.date, threshold: datetime.date) -> bool:
    return (
        row is not None
        and row[1] == row[0]
        and row[2] == today
        and row[3] == threshold
        and row[4].startswith(f"{FORMAT}-")
    )


# What this process read of clean rows, by (stamp, part): a row's stamp changes whenever it
# is counted again, so a kept part is the stored one as long as its stamp is current.
_KEPT: dict[tuple[str, str], Any] = {}
_KEEP_AT_MOST = 20_000


def _keep(stamp: str, part: str, value: Any) -> None:
    if len(_KEPT) >= _KEEP_AT_MOST:
        _KEPT.clear()
    _KEPT[(stamp, part)] = value


def _stamps(today: datetime.date) -> tuple[dict[int, str], int]:
    """Every block's current stamp, after counting again the rows that are not clean; and
    how many were counted again."""
    threshold = stale_threshold(today)
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
    dirty = {key for key in blocks if not _fresh(stored.get(key), today, threshold)}
    counted = count_blocks(dirty, today, dirty == blocks) if dirty else {}
    stamps = {key: stored[key][4] for key in blocks - dirty}
    for key, value in counted.items():
        stamps[key] = f"{FORMAT}-{uuid.uuid4().hex}"
        for part, kept in value.items():
            _keep(stamps[key], part, kept)
    if counted:
        Tally.objects.bulk_create(
            [
                Tally(
                    kind=DASH,
                    key=key,
                    seq=stored[key][0] if key in stored else 0,
                    computed_seq=stored[key][0] if key in stored else 0,
                    computed_for=today,
                    stale_before=threshold,
                    counts=value,
                    stamp=stamps[key],
                )
                for key, value in counted.items()
            ],
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=["computed_seq", "computed_for", "stale_before", "counts", "stamp"],
        )
    return stamps, len(counted)


def _parts(stamps: dict[int, str], parts: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """These parts of the blocks' rows: kept in this process under their stamp, or read."""
    rows: list[tuple[Any, ...]] = []
    missing = set()
    for key, stamp in sorted(stamps.items()):
        if all((stamp, part) in _KEPT for part in parts):
            rows.append(tuple(_KEPT[(stamp, part)] for part in parts))
        else:
            missing.add(key)
    if missing:
        for stamp, *values in Tally.objects.filter(kind=DASH, key__in=missing).values_list(
            "stamp", *(f"counts__{part}" for part in parts)
        ):
            for part, value in zip(parts, values, strict=True):
                _keep(stamp, part, value)
            rows.append(tuple(values))
    return rows


def dashboard_rows(
    today: datetime.date, parts: tuple[str, ...] = (), *, read: bool = True
) -> tuple[list[tuple[Any, ...]], int]:
    """These parts of every block's stored row (nothing without `read`), counting again the
    rows that are not clean; and how many were counted again."""
    stamps, counted = _stamps(today)
    return (_parts(stamps, parts) if read else []), counted


# Each fold of the rows, by the stamps it was folded from: a page opened again with nothing
# written since sums nothing.
_FOLDED: dict[tuple[Any, ...], Any] = {}


def _folded[T](
    today: datetime.date, parts: tuple[str, ...], fold: Callable[[list[tuple[Any, ...]]], T]
) -> T:
    stamps, _counted = _stamps(today)
    signature = (fold, parts, tuple(sorted(stamps.items())))
    if signature not in _FOLDED:
        if len(_FOLDED) >= 32:
            _FOLDED.clear()
        _FOLDED[signature] = fold(_parts(stamps, parts))
    found: T = _FOLDED[signature]
    return found


def _summed(rows: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    total: dict[str, list[int]] = {}
    for row in rows:
        for key, values in row.items():
            found = total.get(key)
            if found is None:
                total[key] = list(values)
            else:
                total[key] = [a + b for a, b in zip(found, values, strict=True)]
    return total


def _fold_fulfilment(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    return {
        key: dict(zip(FULFILMENT, values, strict=True))
        for key, values in _summed(row for (row,) in rows).items()
    }


def fulfilment_counts(today: datetime.date) -> dict[str, dict[str, int]]:
    """The fulfilment counters of every group: "all", "b<body>", "c<category>", "y<year>"."""
    return _folded(today, ("fulfilment",), _fold_fulfilment)


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


def score_counts(today: datetime.date, since: datetime.datetime) -> ScoreCounts:
    by_body, recently_done, actions = _folded(today, ("score", "done", "actions_week"), _fold_score)
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


def ageing_counts(today: datetime.date) -> dict[str, AgeingCounts]:
    return _folded(today, ("ageing",), _fold_ageing)


def _fold_letters(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    summed = _summed(row for (row,) in rows)
    return {key: dict(zip(LETTERS, values, strict=True)) for key, values in summed.items()}


def letter_counts(today: datetime.date) -> dict[str, dict[str, int]]:
    """The LETTERS counters by the body written to (its key; "" for none)."""
    return _folded(today, ("letters",), _fold_letters)


def _fold_waiting(rows: list[tuple[Any, ...]]) -> list[int]:
    oldest = sorted((day, pk) for (waiting,) in rows for day, pk in waiting)[:WAITING]
    return [pk for _day, pk in oldest]


def waiting_letters(today: datetime.date) -> list[int]:
    """The ids of the oldest unanswered letters (date, then id), at most WAITING."""
    return _folded(today, ("waiting",), _fold_waiting)


def _fold_trends(rows: list[tuple[Any, ...]]) -> dict[str, list[int]]:
    found = {
        f"{series}_{grain}": [0] * PERIODS
        for series in ("registered", "fulfilled", "letters")
        for grain in ("month", "week")
    }
    for (row,) in rows:
        for name, values in found.items():
            for index, n in enumerate(row[name]):
                values[index] += n
    return found


def trend_counts(today: datetime.date, grain: str) -> dict[str, list[int]]:
    """Registered, fulfilled and letters in each of the grain's periods."""
    found = _folded(today, ("trends",), _fold_trends)
    return {
        series: list(found[f"{series}_{grain}"])
        for series in ("registered", "fulfilled", "letters")
    }


def _fold_credit(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    summed = _summed(row for (row,) in rows)
    return {key: dict(zip(CREDIT, values, strict=True)) for key, values in summed.items()}


def credit_counts(today: datetime.date) -> dict[str, dict[str, int]]:
    """The CREDIT sums by fiscal year ("y<year>") and by source ("s<source>")."""
    return _folded(today, ("credit",), _fold_credit)


def dashboards_refresh(today: datetime.date | None = None) -> int:
    """Count again the rows that are not clean (the worker's round); return how many."""
    _rows, counted = dashboard_rows(today or timezone.localdate(), read=False)
    return counted


def source_ranking(today: datetime.date, top: int) -> list[int]:
    """The ids of the `top` trips and meetings with the most resolutions (then by title, as
    the database sorts titles), as `reports.fulfilment` orders its groups.

    A trip's resolutions are spread over every block, so its count is not kept per block;
    the ranking is kept in one row with the fingerprint of every resolution's trip it was
    counted for (the blocks' sums of hashes), and counted again (a pass over the resolutions'
    trip index) when a resolution was added or moved to another trip since.
    """
    rows, _counted = dashboard_rows(today, ("sources",))
    fingerprint = f"{sum(value for (value,) in rows) % _MOD}:{top}"
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
    sizes = sorted(totals.values(), reverse=True)
    least = sizes[min(top, len(sizes)) - 1] if sizes else 0
    candidates = {pk for pk, n in totals.items() if n >= least}
    by_title = Source.objects.order_by("title", "pk").values_list("pk", flat=True)
    if len(candidates) <= 1000:
        by_title = by_title.filter(pk__in=candidates)
    ordered = [pk for pk in by_title.iterator(chunk_size=5000) if pk in candidates]
    ranked = sorted(ordered, key=lambda pk: -totals[pk])[:top]  # stable: by title within
    Tally.objects.update_or_create(
        kind=DASH,
        key=RANKING,
        defaults={"counts": {"fingerprint": fingerprint, "top": ranked}, "stamp": ""},
    )
    return ranked
