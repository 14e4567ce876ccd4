"""Every read the portal makes: public resolutions and public events only.

Nothing here takes a user: the portal shows citizens what is public, and the filters that
make a row public live in this one module so that a test can hold them to it.
"""

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.comments.choices import State
from peygir.comments.models import Comment
from peygir.followup.models import Attachment
from peygir.organizations.models import Organization
from peygir.places.models import Place, PlaceKind
from peygir.places.selectors import place_ancestors
from peygir.portal.models import Article
from peygir.resolutions.choices import OPEN_STATUSES, EventKind, PublicRating, RevisionState
from peygir.resolutions.models import DeadlineRevision, Resolution, ResolutionEvent, Source
from peygir.resolutions.selectors import public_resolutions
from peygir.tallies.models import Tally, TallyKind

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
CACHE_SECONDS = 60
METER_CACHE_KEY = "portal:province-record"
BODIES_CACHE_KEY = "portal:public-bodies"

# The order citizens read the meter in: the verdicts first, "not yet rated" last.
METER_ORDER = [
    PublicRating.KEPT,
    PublicRating.PARTLY_KEPT,
    PublicRating.IN_THE_WORKS,
    PublicRating.STALLED,
    PublicRating.BROKEN,
    PublicRating.NOT_RATED,
]


@dataclass(frozen=True)
class MeterRow:
    rating: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Record:
    """A set of promises summed up: the meter, the total and how many are overdue."""

    rows: list[MeterRow]
    total: int
    overdue: int


def meter_rows(counts: dict[str, int], total: int) -> list[MeterRow]:
    """The meter, in its order: each public rating's count (by the rating's value; none
    counted is 0) and its share of `total`."""
    return [
        MeterRow(
            rating=rating.value,
            label=str(rating.label),
            count=counts.get(rating.value, 0),
            percent=round(100 * counts.get(rating.value, 0) / total) if total else 0,
        )
        for rating in METER_ORDER
    ]


def promise_list(promises: QuerySet[Resolution]) -> QuerySet[Resolution]:
    """Attach what a list of promises shows, in one query per relation."""
    return promises.select_related("source", "responsible_body").prefetch_related("places")


def promises_in_place(place: Place) -> QuerySet[Resolution]:
    """Public promises linked to the place or anything below it."""
    # The subtree's ids first (the place table is small), then the indexed link table: a
    # LIKE on the joined path would scan every link (5x slower at 200 000 resolutions).
    # Both steps read indexes only (resolutions migration 0005): the links by (place,
    # resolution), the promises by (visibility, id, ...) for the meter and by (visibility,
    # deadline, id) for a page of the list (a county at 1 M on SQLite, peygir bench: 690 to
    # 120 ms p50; the meter, about 20 000 index seeks, is most of what is left).
    subtree = list(Place.objects.filter(path__startswith=place.path).values_list("pk", flat=True))
    links = Resolution.places.through.objects.filter(place_id__in=subtree)
    return public_resolutions().filter(pk__in=links.values("resolution_id"))


def promises_of_body(body: Organization) -> QuerySet[Resolution]:
    return public_resolutions().filter(responsible_body=body)


def promises_of_source(source: Source) -> QuerySet[Resolution]:
    return public_resolutions().filter(source=source)


def _overdue_q(today: datetime.date) -> Q:
    return Q(deadline__lt=today, status__in=OPEN_STATUSES)


def record_of(promises: QuerySet[Resolution]) -> Record:
    """Count the promises by public rating, and the overdue ones, in one query."""
    today = timezone.localdate()
    aggregates = {
        rating.value: Count("pk", filter=Q(public_rating=rating)) for rating in METER_ORDER
    }
    totals = promises.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=_overdue_q(today)), **aggregates
    )
    total = totals["total"] or 0
    return Record(rows=meter_rows(totals, total), total=total, overdue=totals["overdue"] or 0)


def is_overdue(resolution: Resolution) -> bool:
    deadline = resolution.deadline
    return bool(deadline and deadline < timezone.localdate() and resolution.is_open)


def promise_get(tracking_code: str) -> Resolution:
    """Fetch one public promise with what its page shows, or raise 404."""
    promise = (
        promise_list(public_resolutions())
        .select_related("category")
        .prefetch_related(
            "supporting_bodies",
            Prefetch(
                "deadline_revisions",
                queryset=DeadlineRevision.objects.filter(state=RevisionState.APPROVED),
                to_attr="approved_revisions",
            ),
        )
        .filter(tracking_code=tracking_code)
        .first()
    )
    if promise is None:
        raise Http404(_("No such public promise."))
    return promise


def _aggregate(rows: QuerySet[Any], expression: Any) -> Subquery:
    """One aggregate over the rows, as a correlated subquery."""
    return Subquery(rows.order_by().annotate(n=expression).values("n")[:1])


def _fingerprint_query(code: str, now: datetime.datetime, comment_type: int) -> QuerySet[Any]:
    events = ResolutionEvent.objects.filter(resolution=OuterRef("pk"), is_public=True)
    comments = Comment.objects.filter(
        target_type_id=comment_type, target_id=OuterRef("pk"), state=State.PUBLISHED
    )
    articles = Article.objects.filter(resolutions=OuterRef("pk"), published_at__lte=now)
    return (
        public_resolutions()
        .filter(tracking_code=code)
        .annotate(
            last_event=_aggregate(events.values("resolution"), Max("pk")),
            comment_count=_aggregate(comments.values("target_id"), Count("pk")),
            last_comment=_aggregate(comments.values("target_id"), Max("decided_at")),
            article_count=_aggregate(articles.values("resolutions"), Count("pk")),
            last_article=_aggregate(articles.values("resolutions"), Max("pk")),
        )
        .order_by()
        .values_list(
            "pk",
            "version",
            "created_at",
            "updated_at",
            "last_event",
            "comment_count",
            "last_comment",
            "article_count",
            "last_article",
        )[:1]
    )


# Stand-ins compiled into the fingerprint's SQL once, then swapped for the request's values.
_CODE = "\x00tracking-code"
_NOW = datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)
_TYPE = -424242


@functools.cache
def _fingerprint_sql(vendor: str) -> tuple[str, tuple[Any, ...]]:
    # Building a query with the ORM costs about 1 ms of Python, ten times the indexed
    # lookups it makes: build it once per process, with the public filter of
    # public_resolutions() compiled in like any other query.
    sql, params = _fingerprint_query(_CODE, _NOW, _TYPE).query.sql_with_params()
    return sql, tuple(params)


def promise_fingerprint(tracking_code: str) -> tuple[object, ...] | None:
    """Everything a public promise's page shows that can change, in one indexed query.

    None when there is no such public promise (the page is then a 404, never a cached copy).
    The services bump the resolution's version (and updated_at) on every write to it, the
    timeline is append-only, published comments only ever join (the screen or a moderator's
    decision stamps decided_at), and an article counts once it is published by now; today's
    date decides "past its deadline". Names of linked places, bodies and trips are not in
    it: a renamed body shows on the page when the cached copy expires (pagecache.SECONDS).
    """
    sql, stand_ins = _fingerprint_sql(connection.vendor)
    ops = connection.ops
    values = {
        _CODE: tracking_code,
        ops.adapt_datetimefield_value(_NOW): ops.adapt_datetimefield_value(timezone.now()),
        _TYPE: ContentType.objects.get_for_model(Resolution).pk,
    }
    params = [values.get(value, value) for value in stand_ins]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return (*row, timezone.localdate())


def public_timeline(resolution: Resolution) -> QuerySet[ResolutionEvent]:
    """The public subset of a resolution's timeline; internal events never leave here."""
    return ResolutionEvent.objects.filter(resolution=resolution, is_public=True).order_by(
        "created_at", "id"
    )


def public_events_within(promises: QuerySet[Resolution], limit: int = 50) -> list[ResolutionEvent]:
    """The latest public events of a set of public promises, newest first (for feeds)."""
    return list(
        ResolutionEvent.objects.filter(is_public=True, resolution__in=promises.values("pk"))
        .select_related("resolution")
        .order_by("-created_at", "-id")[:limit]
    )


def place_get(code: str) -> Place:
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise Http404(_("No such place."))
    return place


def place_fingerprint(place: Place) -> tuple[object, ...]:
    """What can change on a place's page, read from the stored tallies' counters in one query.

    Every service write to a resolution bumps `seq` of the tally rows that count it, in its
    own transaction (`tallies.services.tally_mark_dirty`): its block row, and the row of
    every county it is linked to at or below. A page at or below a county shows only
    resolutions linked within that county, so that county's counter moves with every change
    to them (publishing, withdrawing, rating, status, deadline, places); a place above the
    counties is keyed by all the block counters, which move with every write anywhere.
    Today's date decides "past its deadline". Renamed places, bodies and trips show when
    the cached copy expires (pagecache.SECONDS), as on the promise page.
    """
    ancestors = [int(part) for part in place.path.strip("/").split("/") if part]
    county = (
        Tally.objects.filter(
            kind=TallyKind.COUNTY,
            key__in=Place.objects.filter(pk__in=ancestors, kind=PlaceKind.COUNTY).values("pk"),
        )
        .values_list("key", "seq")
        .first()
    )
    if county is not None:
        counters: tuple[object, ...] = ("county", *county)
    else:  # above the counties, or a county no write has marked yet
        blocks = Tally.objects.filter(kind=TallyKind.BLOCK).aggregate(
            rows=Count("pk"), total=Sum("seq")
        )
        counters = ("blocks", blocks["rows"], blocks["total"])
    return (place.pk, place.path, place.name, place.kind, counters, timezone.localdate())


def place_trail(place: Place) -> list[Place]:
    """The chain from the province down to the place, for the breadcrumb."""
    return place_ancestors(place)


def place_children(place: Place) -> QuerySet[Place]:
    return place.children.order_by("kind", "name")


def body_get(code: str) -> Organization:
    body = Organization.objects.filter(code=code).first()
    if body is None:
        raise Http404(_("No such body."))
    return body


def _has_public_promise() -> Exists:
    return Exists(public_resolutions().filter(source=OuterRef("pk")))


def source_get(code: str) -> Source:
    """A trip or meeting is public once it has at least one public promise."""
    source = (
        Source.objects.filter(_has_public_promise(), code=code).prefetch_related("places").first()
    )
    if source is None:
        raise Http404(_("No such trip or meeting."))
    return source


def public_sources() -> QuerySet[Source]:
    """Trips and meetings with at least one public promise, newest first."""
    return Source.objects.filter(_has_public_promise()).order_by("-start_date", "-pk")


def with_promise_counts(sources: list[Source]) -> list[tuple[Source, int]]:
    """Pair each source with its number of public promises (one query for the whole page)."""
    # A correlated count per source probes the source index; a GROUP BY over the public
    # promises would read them all (2 s against 0.1 s at 200 000 resolutions).
    count = (
        public_resolutions()
        .filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counted = Source.objects.filter(pk__in=[source.pk for source in sources]).annotate(
        n=Subquery(count)
    )
    counts = dict(counted.values_list("pk", "n"))
    return [(source, counts.get(source.pk) or 0) for source in sources]


def public_bodies() -> list[tuple[Organization, int]]:
    """Bodies responsible for at least one public promise with how many, most first.

    Kept for a minute: it counts every public promise, and a minute-old count is fine.
    """
    cached: list[tuple[Organization, int]] | None = cache.get(BODIES_CACHE_KEY)
    if cached is not None:
        return cached
    counts = (
        public_resolutions()
        .filter(responsible_body__isnull=False)
        .values_list("responsible_body_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_body_id", "n")
    )
    bodies = Organization.objects.in_bulk([pk for pk, _n in counts])
    rows = sorted(
        [(bodies[pk], n) for pk, n in counts if pk in bodies],
        key=lambda row: (-row[1], row[0].name),
    )
    cache.set(BODIES_CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def province_record() -> Record:
    """The province's meter, kept for a minute (it counts every public promise)."""
    cached: Record | None = cache.get(METER_CACHE_KEY)
    if cached is None:
        cached = record_of(public_resolutions())
        cache.set(METER_CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def counties_of(province: Place) -> QuerySet[Place]:
    return province.children.order_by("name")


def province() -> Place | None:
    return Place.objects.filter(code=settings.PEYGIR_PROVINCE_CODE).first()


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())


def article_get(pk: int) -> Article:
    article = (
        published_articles()
        .prefetch_related(
            Prefetch(
                "resolutions",
                queryset=promise_list(public_resolutions()),
                to_attr="public_promises",
            )
        )
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404(_("No such article."))
    return article


def public_photos(
    promise: Resolution, events: list[ResolutionEvent]
) -> dict[int, list[Attachment]]:
    """Evidence photos of the public follow-up actions in the timeline, by action id."""
    action_ids = [
        event.data.get("action_id")
        for event in events
        if event.kind == EventKind.FOLLOWUP_RECORDED and event.data.get("action_id")
    ]
    photos: dict[int, list[Attachment]] = {}
    if not action_ids:
        return photos
    for photo in _public_photo_rows().filter(action__resolution=promise, action_id__in=action_ids):
        photos.setdefault(photo.action_id, []).append(photo)
    return photos


def photo_get(code: str, pk: int) -> Attachment:
    """One evidence photo of a public action of a public promise, or 404."""
    photo = (
        _public_photo_rows()
        .filter(pk=pk, action__resolution__tracking_code=code)
        .filter(action__resolution__in=public_resolutions())
        .first()
    )
    if photo is None:
        raise Http404(_("No such photo."))
    return photo


def _public_photo_rows() -> QuerySet[Attachment]:
    # Scanned letters and internal actions' files stay inside: only images of public actions.
    return Attachment.objects.filter(
        action__is_internal=False, content_type__in=PHOTO_TYPES
    ).order_by("pk")
