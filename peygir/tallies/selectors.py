"""The province's counts from the stored tallies.

Clean rows are read as stored; dirty rows (a write bumped them) and rows counted for
another day or another stale threshold are counted again, only those, and stored (or, for
a page while the worker is at work, taken as stored: `tallies.freshness`). The sums
equal a live count over all resolutions (see `workspace.selectors.overview_for`): a block row
counts each resolution once, a county row counts each resolution once per county.
"""

import datetime
import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from peygir.followup.selectors import stale_q, stale_threshold
from peygir.places.models import Place
from peygir.resolutions.choices import OPEN_STATUSES, RevisionState
from peygir.resolutions.models import DeadlineRevision, Resolution
from peygir.tallies.counties import county_counts
from peygir.tallies.freshness import serving
from peygir.tallies.models import Tally, TallyKind
from peygir.tallies.services import BLOCK_SIZE

# Bumped when what a row holds changes: rows stored in an older shape are counted again.
FORMAT = 1
BLOCK = TallyKind.BLOCK.value
COUNTY = TallyKind.COUNTY.value


@dataclass
class ProvinceCounts:
    by_status: dict[str, int]
    overdue: int
    stale: int
    due_week: int
    pending_revisions: int
    # body id -> (total, open, overdue), for resolutions with a responsible body
    by_body: dict[int, tuple[int, int, int]]
    # county id -> {"total", "open", "overdue"}, each resolution once per county
    by_county: dict[int, dict[str, int]]
    recounted: int = 0  # rows that were not clean and were counted again


def _open() -> Q:
    return Q(status__in=OPEN_STATUSES)


def _ranges(field: str, blocks: Iterable[int], *, span: int = BLOCK_SIZE) -> Q:
    """Match the ids of these blocks (the values `span` times a block up to the next),
    consecutive blocks as one range."""
    spans: list[list[int]] = []
    for block in sorted(blocks):
        if spans and spans[-1][1] == block:
            spans[-1][1] = block + 1
        else:
            spans.append([block, block + 1])
    return reduce(
        operator.or_,
        (Q(**{f"{field}__gte": start * span, f"{field}__lt": end * span}) for start, end in spans),
        Q(pk__in=[]),
    )


def _count_blocks(
    blocks: set[int], today: datetime.date, everything: bool
) -> dict[int, dict[str, Any]]:
    """Count these blocks in one grouped query."""
    block = ExpressionWrapper(F("pk") / BLOCK_SIZE, output_field=BigIntegerField())
    resolutions = Resolution.objects.all()
    if not everything:
        resolutions = resolutions.filter(_ranges("pk", blocks))
    requested = (
        DeadlineRevision.objects.filter(resolution=OuterRef("pk"), state=RevisionState.REQUESTED)
        .order_by()
        .values("resolution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    week = today + datetime.timedelta(days=7)
    grouped = (
        resolutions.order_by()
        .annotate(block=block, requested=Coalesce(Subquery(requested), 0))
        .values_list("block", "status", "responsible_body_id")
        .annotate(
            n=Count("pk"),
            n_overdue=Count("pk", filter=_open() & Q(deadline__lt=today)),
            n_stale=Count("pk", filter=_open() & stale_q(today)),
            n_due_week=Count("pk", filter=_open() & Q(deadline__gte=today, deadline__lte=week)),
            n_pending=Sum("requested"),
        )
    )
    counts: dict[int, dict[str, Any]] = {
        key: {"status": {}, "overdue": 0, "stale": 0, "due_week": 0, "pending": 0, "bodies": {}}
        for key in blocks
    }
    for key, status, body, n, overdue, stale, due_week, pending in grouped:
        row = counts.get(int(key))
        if row is None:
            continue
        row["status"][status] = row["status"].get(status, 0) + n
        row["overdue"] += overdue
        row["stale"] += stale
        row["due_week"] += due_week
        row["pending"] += pending or 0
        if body is not None:
            total, open_, late = row["bodies"].get(str(body), (0, 0, 0))
            opened = n if status in OPEN_STATUSES else 0
            row["bodies"][str(body)] = [total + n, open_ + opened, late + overdue]
    return counts


def _count_counties(
    dirty: set[int], counties: dict[int, Place], today: datetime.date, everything: bool
) -> dict[int, dict[str, int]]:
    """Count these counties, each resolution once per county (see `tallies.counties`)."""
    links = Resolution.places.through.objects.all()
    if not everything:
        # By place id (the links' index), from the few places under these counties.
        inside = Place.objects.filter(
            reduce(operator.or_, (Q(path__startswith=counties[pk].path) for pk in sorted(dirty)))
        )
        links = links.filter(place_id__in=inside.values("pk"))
    return county_counts(links, today, dirty)


def province_counts(
    today: datetime.date, counties: list[Place], *, blocks_too: bool = True
) -> ProvinceCounts:
    """Return the counts over all resolutions, counting again only what is not clean.

    Without `blocks_too`, only the county rows (the province totals are left at zero).
    """
    threshold = stale_threshold(today)
    # Only the overview's own kinds: the dashboards' rows are large and of no use here
    # (reading them all cost the overview 300-400 ms at 1 M on PostgreSQL).
    rows = Tally.objects.filter(kind__in=[BLOCK, COUNTY] if blocks_too else [COUNTY])
    stored = {
        (kind, key): (seq, computed_seq, computed_for, stale_before, counts)
        for kind, key, seq, computed_seq, computed_for, stale_before, counts in (
            rows.values_list(
                "kind", "key", "seq", "computed_seq", "computed_for", "stale_before", "counts"
            )
        )
    }
    top = Resolution.objects.aggregate(top=Max("pk"))["top"] if blocks_too else None
    blocks = set(range(top // BLOCK_SIZE + 1)) if top is not None else set()
    by_pk = {county.pk: county for county in counties}

    def fresh(row: tuple[Any, ...] | None) -> bool:
        return (
            row is not None
            and row[1] == row[0]
            and row[2] == today
            and row[3] == threshold
            and row[4].get("format") == FORMAT
        )

    dirty_blocks = {key for key in blocks if not fresh(stored.get((BLOCK, key)))}
    dirty_counties = {key for key in by_pk if not fresh(stored.get((COUNTY, key)))}
    served = serving() if dirty_blocks or dirty_counties else None
    if served is not None:
        # Rows of this shape awaiting the worker's count: taken as stored.
        for kind, dirty in ((BLOCK, dirty_blocks), (COUNTY, dirty_counties)):
            waiting = {
                key
                for key in dirty
                if (kind, key) in stored
                and stored[(kind, key)][4].get("format") == FORMAT
                and served.may_take(stored[(kind, key)][2], today)
            }
            served.took(kind, ((key, stored[(kind, key)][2]) for key in waiting))
            dirty -= waiting
    counted: dict[tuple[str, int], dict[str, Any]] = {}
    if dirty_blocks:
        everything = dirty_blocks == blocks
        for key, value in _count_blocks(dirty_blocks, today, everything).items():
            counted[(BLOCK, key)] = value
    if dirty_counties:
        everything = dirty_counties == set(by_pk)
        for key, value in _count_counties(dirty_counties, by_pk, today, everything).items():
            counted[(COUNTY, key)] = value
    if counted:
        Tally.objects.bulk_create(
            [
                Tally(
                    kind=kind,
                    key=key,
                    seq=stored[(kind, key)][0] if (kind, key) in stored else 0,
                    computed_seq=stored[(kind, key)][0] if (kind, key) in stored else 0,
                    computed_for=today,
                    stale_before=threshold,
                    counts={**value, "format": FORMAT},
                )
                for (kind, key), value in counted.items()
            ],
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=["computed_seq", "computed_for", "stale_before", "counts"],
        )

    def current(kind: str, key: int) -> dict[str, Any]:
        if (kind, key) in counted:
            return counted[(kind, key)]
        value: dict[str, Any] = stored[(kind, key)][4]
        return value

    by_status: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    by_body: dict[int, tuple[int, int, int]] = {}
    for key in blocks:
        row = current(BLOCK, key)
        by_status.update(row["status"])
        flags.update({name: row[name] for name in ("overdue", "stale", "due_week", "pending")})
        for body, (total, open_, overdue) in row["bodies"].items():
            was = by_body.get(int(body), (0, 0, 0))
            by_body[int(body)] = (was[0] + total, was[1] + open_, was[2] + overdue)
    return ProvinceCounts(
        by_status=dict(by_status),
        overdue=flags["overdue"],
        stale=flags["stale"],
        due_week=flags["due_week"],
        pending_revisions=flags["pending"],
        by_body=by_body,
        by_county={key: current(COUNTY, key) for key in by_pk},
        recounted=len(counted),
    )
