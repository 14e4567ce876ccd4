"""Count resolutions per county through their place links: each resolution once in each
county it touches (the overview's county table, the fulfilment dashboard's county grouping
and the stored county rows).

Counted per place in the database (a plain GROUP BY on the links' place path) and folded into
counties here by the place's path; the (rare) resolutions linked to two places of one county
are read one by one and counted once. A CASE naming each link's county, with COUNT(DISTINCT),
cost seconds at 20 000 resolutions.
"""

import datetime
from collections import Counter
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Q, QuerySet

from peygir.resolutions.choices import OPEN_STATUSES, PublicRating, Status, Visibility


def _aggregates(today: datetime.date) -> dict[str, Count]:
    """Per place link, the counters of a county row; `counters_of` says the same for one
    resolution."""

    def count(condition: Q | None = None) -> Count:
        return Count("resolution_id", filter=condition)

    open_ = Q(resolution__status__in=OPEN_STATUSES)
    public = Q(resolution__visibility=Visibility.PUBLIC)
    return {
        "total": count(),
        "open": count(open_),
        "overdue": count(open_ & Q(resolution__deadline__lt=today)),
        "done": count(Q(resolution__status=Status.DONE)),
        "partly": count(Q(resolution__status=Status.PARTIALLY_DONE)),
        "cancelled": count(Q(resolution__status=Status.CANCELLED)),
        "published": count(public),
        **{
            f"r_{rating}": count(public & Q(resolution__public_rating=rating))
            for rating in PublicRating.values
        },
    }


def counters_of(
    status: str,
    deadline: datetime.date | None,
    visibility: str,
    rating: str,
    *,
    today: datetime.date,
) -> list[str]:
    """The counters of a county row one resolution adds to."""
    names = ["total"]
    if status in OPEN_STATUSES:
        names.append("open")
        if deadline is not None and deadline < today:
            names.append("overdue")
    names += {Status.DONE: ["done"], Status.PARTIALLY_DONE: ["partly"]}.get(Status(status), [])
    if status == Status.CANCELLED:
        names.append("cancelled")
    if visibility == Visibility.PUBLIC:
        names += ["published", f"r_{rating}"]
    return names


def county_counts(
    links: QuerySet[Any], today: datetime.date, counties: Collection[int]
) -> dict[int, dict[str, int]]:
    """Return the counters of each county in `counties` (ids) over the place links `links`
    (rows of the resolutions' place table), in two queries.

    Every wanted county has a row, all zeros where no link reaches it: "total", "open",
    "overdue", "done", "partly", "cancelled", "published" and "r_<rating>" for each public
    rating.
    """

    wanted = frozenset(counties)

    def county_of(path: str) -> int | None:
        for part in path.strip("/").split("/"):
            if part and int(part) in wanted:
                return int(part)
        return None

    aggregates = _aggregates(today)
    counts: dict[int, Counter[str]] = {pk: Counter() for pk in wanted}
    per_place = links.order_by().values_list("place__path").annotate(**aggregates)
    for path, *values in per_place:
        county = county_of(path)
        if county is not None:
            counts[county].update(dict(zip(aggregates, values, strict=True)))
    shared = (
        links.order_by()
        .values("resolution_id")
        .annotate(n=Count("place_id"))
        .filter(n__gt=1)  # type: ignore[misc]
        .values("resolution_id")
    )
    seen: set[tuple[int, int]] = set()
    for resolution_id, path, status, deadline, visibility, rating in links.filter(
        resolution_id__in=shared
    ).values_list(
        "resolution_id",
        "place__path",
        "resolution__status",
        "resolution__deadline",
        "resolution__visibility",
        "resolution__public_rating",
    ):
        county = county_of(path)
        if county is None:
            continue
        if (county, resolution_id) in seen:
            counts[county].subtract(counters_of(status, deadline, visibility, rating, today=today))
        seen.add((county, resolution_id))
    return {pk: {name: counts[pk][name] for name in aggregates} for pk in wanted}
