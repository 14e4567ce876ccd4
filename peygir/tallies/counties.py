"""Count resolutions per county through their place links: each resolution once in each
county it touches (the overview's county table, the fulfilment dashboard's county grouping
and the stored county rows).

Counted in the database per place and per kind of row (status, late or not, published,
rating), and folded into counties here by the place's path and `counters_of`. A resolution
linked to more than one place of the links read is told apart by a window count in the same
read, and counted once per county. A CASE naming each link's county, with COUNT(DISTINCT),
cost seconds at 20 000 resolutions; a second read for the resolutions of several places
cost as much as the first (a category at 1 M on PostgreSQL: 261 ms beside 279 ms).
"""

import datetime
from collections import Counter
from collections.abc import Collection
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, QuerySet, Window

from peygir.resolutions.choices import OPEN_STATUSES, PublicRating, Status, Visibility

# The counters of a county row, in the order callers show them.
COUNTERS = (
    "total", "open", "overdue", "done", "partly", "cancelled", "published",
    *(f"r_{rating}" for rating in PublicRating.values),
)  # fmt: skip


def counters_of(status: str, late: bool, visibility: str, rating: str) -> list[str]:
    """The counters of a county row one resolution adds to (`late`: its deadline passed)."""
    names = ["total"]
    if status in OPEN_STATUSES:
        names.append("open")
        if late:
            names.append("overdue")
    names += {Status.DONE: ["done"], Status.PARTIALLY_DONE: ["partly"]}.get(Status(status), [])
    if status == Status.CANCELLED:
        names.append("cancelled")
    if visibility == Visibility.PUBLIC:
        names += ["published", f"r_{rating}"]
    return names


def _kinds_per_place(links: QuerySet[Any], today: datetime.date) -> list[tuple[Any, ...]]:
    """The links counted per (place path, shared, status, late, visibility, rating): `shared`
    is the resolution's id when it has more than one of `links`, else NULL.

    Raw SQL around the ORM's read: Django cannot group by a window function's value."""
    rows = links.order_by().annotate(
        links_of_resolution=Window(Count("place_id"), partition_by=[F("resolution_id")])
    )
    columns = rows.values_list(
        "resolution_id",
        "place__path",
        "resolution__status",
        "resolution__deadline",
        "resolution__visibility",
        "resolution__public_rating",
        "links_of_resolution",
    )
    try:
        inner, params = columns.query.sql_with_params()
    except EmptyResultSet:  # links of nothing (a user who may see no resolution)
        return []
    q = connection.ops.quote_name
    shared = f"CASE WHEN t.{q('links_of_resolution')} > 1 THEN t.{q('resolution_id')} END"
    late = f"CASE WHEN t.{q('resolution__deadline')} < %s THEN 1 ELSE 0 END"
    kind = ", ".join(
        [
            f"t.{q('place__path')}",
            shared,
            f"t.{q('resolution__status')}",
            late,
            f"t.{q('resolution__visibility')}",
            f"t.{q('resolution__public_rating')}",
        ]
    )
    sql = f"SELECT {kind}, COUNT(*) FROM ({inner}) t GROUP BY 1, 2, 3, 4, 5, 6"
    with connection.cursor() as cursor:
        # The day is bound first: its CASE comes before the inner read's own parameters.
        cursor.execute(sql, [connection.ops.adapt_datefield_value(today), *params])
        return list(cursor.fetchall())


def county_counts(
    links: QuerySet[Any], today: datetime.date, counties: Collection[int]
) -> dict[int, dict[str, int]]:
    """Return the counters of each county in `counties` (ids) over the place links `links`
    (rows of the resolutions' place table), in one query.

    Every wanted county has a row, all zeros where no link reaches it: the COUNTERS,
    "total", "open", "overdue", "done", "partly", "cancelled", "published" and "r_<rating>"
    for each public rating.
    """

    wanted = frozenset(counties)
    county_of: dict[str, int | None] = {}  # by place path: a county holds many places

    def county_at(path: str) -> int | None:
        for part in path.strip("/").split("/"):
            if part and int(part) in wanted:
                return int(part)
        return None

    # Rows per county and kind first, then the kinds' counters: a body's 23 104 resolutions
    # at 1 M come as thousands of rows of a few dozen kinds.
    kinds: Counter[tuple[int, str, bool, str, str]] = Counter()
    seen: set[tuple[int, int]] = set()
    for path, shared, status, late, visibility, rating, n in _kinds_per_place(links, today):
        if path not in county_of:
            county_of[path] = county_at(path)
        county = county_of[path]
        if county is None:
            continue
        if shared is not None:  # one resolution of several links: once in each county
            if (county, shared) in seen:
                continue
            seen.add((county, shared))
        kinds[county, status, bool(late), visibility, rating] += n
    counts: dict[int, Counter[str]] = {pk: Counter() for pk in wanted}
    for (county, status, late, visibility, rating), n in kinds.items():
        for name in counters_of(status, late, visibility, rating):
            counts[county][name] += n
    return {pk: {name: counts[pk][name] for name in COUNTERS} for pk in wanted}
