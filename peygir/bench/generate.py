"""Make realistic synthetic data at any scale, reproducibly from a seed.

Rows are written in batches (bulk_create for small tables, COPY on PostgreSQL and
executemany on SQLite for the large ones) and no per-row service calls: the services
are exercised by the test suite; here the point is volume (1 M resolutions in minutes). The
rows still obey every model rule (dates in order, progress 0–100, events for each record).
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from peygir.accounts.models import Membership, Role, User
from peygir.bench import vocabulary as v
from peygir.core.reference import load_reference_data
from peygir.organizations.models import Organization, OrganizationKind, OrganizationLevel
from peygir.places.models import Place, PlaceKind
from peygir.resolutions.choices import (
    EventKind,
    PublicRating,
    SourceKind,
    Status,
    Visibility,
)
from peygir.resolutions.models import Category, Resolution, ResolutionEvent, Source
from peygir.tallies.services import tally_mark_all_dirty
from peygir.workdays.calendar import add_working_days

BATCH = 5000
STATUS_WEIGHTS = {
    Status.REGISTERED: 3,
    Status.ASSIGNED: 10,
    Status.ACCEPTED: 10,
    Status.IN_PROGRESS: 35,
    Status.PARTIALLY_DONE: 5,
    Status.DONE: 27,
    Status.STALLED: 6,
    Status.CANCELLED: 4,
}
# Letters answered at all, and of those answered, answered within about their reply time.
REPLY_SHARE = 0.7
REPLY_IN_TIME = 0.6
RATING_FOR_STATUS = {
    Status.DONE: PublicRating.KEPT,
    Status.PARTIALLY_DONE: PublicRating.PARTLY_KEPT,
    Status.STALLED: PublicRating.STALLED,
    Status.IN_PROGRESS: PublicRating.IN_THE_WORKS,
    Status.CANCELLED: PublicRating.BROKEN,
}


@dataclass
class Generated:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count


def _batched(rows: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(model: type[models.Model], rows: Iterator[Any], result: Generated, name: str) -> None:
    """Insert model instances with the ORM (for small tables)."""
    for batch in _batched(rows):
        with transaction.atomic():
            model._default_manager.bulk_create(batch)
        result.add(name, len(batch))


def _raw(
    model: type[models.Model],
    fields: list[str],
    rows: Iterator[tuple[Any, ...]],
    result: Generated,
    name: str,
) -> None:
    """Insert plain tuples: the ORM's per-object cost dominates at 1 M rows.

    PostgreSQL takes them with COPY (one stream per batch, no statement per row);
    SQLite with executemany, which is already cheap there.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(str(getattr(model._meta.get_field(field), "column", field)))
        for field in fields
    )
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    for batch in _batched(rows):
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, batch)
        result.add(name, len(batch))


def _db(field_owner: type[models.Model], field: str, value: Any) -> Any:
    """Adapt one constant value the way the ORM would for this database."""
    model_field = field_owner._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    return model_field.get_db_prep_save(value, connection)


def _place_name(rng: random.Random) -> str:
    return rng.choice(v.PLACE_SYLLABLES) + rng.choice(v.PLACE_SYLLABLES)


def _places(rng: random.Random, result: Generated) -> list[Place]:
    """Give every province without counties a few synthetic counties, cities and villages."""
    leaves: list[Place] = []
    for province in Place.objects.filter(kind=PlaceKind.PROVINCE):
        if Place.objects.filter(parent=province).exists():
            continue
        for county_index in range(4):
            county = Place.objects.create(
                code=f"SY-{province.code}-{county_index}",
                name=_place_name(rng),
                kind=PlaceKind.COUNTY,
                parent=province,
                path="",
            )
            county.path = f"{province.path}{county.pk}/"
            county.save(update_fields=["path"])
            children = Place.objects.bulk_create(
                Place(
                    code=f"{county.code}-{index}",
                    name=_place_name(rng),
                    kind=PlaceKind.CITY if index < 2 else PlaceKind.VILLAGE,
                    parent=county,
                    path="",
                )
                for index in range(10)
            )
            for child in children:
                child.path = f"{county.path}{child.pk}/"
            Place.objects.bulk_update(children, ["path"])
            result.add("places", 11)
    leaves.extend(Place.objects.filter(kind__in=[PlaceKind.CITY, PlaceKind.VILLAGE]))
    return leaves


def _bodies(result: Generated) -> list[Organization]:
    bodies = list(
        Organization.objects.filter(
            level__in=[OrganizationLevel.PROVINCIAL, OrganizationLevel.COUNTY],
            kind__in=[
                OrganizationKind.EXECUTIVE_BODY,
                OrganizationKind.COMPANY,
                OrganizationKind.UNIVERSITY,
                OrganizationKind.MUNICIPALITY,
            ],
        )
    )
    result.add("bodies_used", len(bodies))
    return bodies


def _resolution_text(rng: random.Random, place: Place, body: Organization) -> tuple[str, str]:
    action = rng.choice(v.ACTIONS)
    title = f"{action} {rng.choice(v.TARGETS)} {place.name}"
    text = (
        f"{rng.choice(v.OPENINGS)} {body.name} نسبت به {title} "
        f"{rng.choice(v.BODIES_PHRASES)} اقدام نماید {rng.choice(v.CLOSINGS)}"
    )
    return title, text


def generate(
    *, resolutions: int, seed: int = 1405, actions_per_resolution: int = 5, today: Any = None
) -> Generated:
    """Add `resolutions` synthetic resolutions (and their sources, events and actions)."""
    # Places come from their own stream, so that a second run on the same database (whose
    # places already exist) draws exactly the same resolutions as the first.
    rng = random.Random(seed * 7919 + 1)
    result = Generated()
    load_reference_data()
    today = today or timezone.localdate()
    leaves = _places(random.Random(seed), result)
    bodies = _bodies(result)
    owners = list(Organization.objects.filter(kind=OrganizationKind.COUNTY_GOVERNORATE)) or bodies
    categories = list(Category.objects.all())
    start_serial = Resolution.objects.count()
    trips = max(1, resolutions // 20)
    _bulk(
        Source,
        (
            Source(
                code=f"SY-T-{start_serial}-{index}",
                kind=SourceKind.TRIP,
                title=f"سفر استاندار به {_place_name(rng)}",
                start_date=today - datetime.timedelta(days=rng.randint(30, 1500)),
            )
            for index in range(trips)
        ),
        result,
        "sources",
    )
    sources = list(Source.objects.filter(code__startswith=f"SY-T-{start_serial}-"))
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())

    now = _db(Resolution, "created_at", timezone.now())
    fields = [
        "tracking_code", "title", "text", "source", "category", "responsible_body",
        "followup_owner", "start_date", "original_deadline", "deadline", "next_followup_date",
        "status", "status_reason", "progress", "visibility", "public_rating", "rating_reason",
        "authority_level", "funding_not_needed", "feasibility_verdict", "feasibility_reasons",
        "version", "created_at", "updated_at",
    ]  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        for index in range(resolutions):
            source = sources[index % len(sources)]
            place, body = rng.choice(leaves), rng.choice(bodies)
            title, text = _resolution_text(rng, place, body)
            status = rng.choices(statuses, weights)[0]
            start = source.start_date
            deadline = start + datetime.timedelta(days=rng.randint(60, 900))
            progress = 100 if status == Status.DONE else rng.randint(0, 95)
            if status in {Status.REGISTERED, Status.ASSIGNED, Status.ACCEPTED}:
                progress = 0
            public = rng.random() < 0.7
            rating = RATING_FOR_STATUS.get(status, PublicRating.NOT_RATED)
            yield (
                f"SY-{start_serial + index:07d}", title, text, source.pk,
                rng.choice(categories).pk if categories else None,
                None if status == Status.REGISTERED else body.pk,
                rng.choice(owners).pk, start, deadline, deadline,
                today + datetime.timedelta(days=rng.randint(-30, 30)),
                str(status), "", progress,
                str(Visibility.PUBLIC if public else Visibility.INTERNAL),
                str(rating if public else PublicRating.NOT_RATED), "", "", False,
                "not_assessed", "", 1, now, now,
            )  # fmt: skip

    _raw(Resolution, fields, rows(), result, "resolutions")
    created = Resolution.objects.filter(tracking_code__startswith="SY-").filter(
        tracking_code__gte=f"SY-{start_serial:07d}"
    )
    _link_places_and_events(rng, created, leaves, result)
    _followup_actions(rng, created, actions_per_resolution, result, today)
    staff_generate(result)
    tally_mark_all_dirty()  # written around the services: the overview counts all again
    if connection.vendor == "postgresql":
        # Tell the planner the tables' sizes now, not when autovacuum next comes by: a table
        # last analyzed empty is planned as empty (in CI, after generating 30 resolutions,
        # one county's dashboard query ran for minutes with every table's statistics saying
        # empty). Inside a transaction it counts that transaction's own rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return result


# The role of the person behind each kind of organization; an executive body's by default.
STAFF_ROLES: dict[str, str] = {
    OrganizationKind.GOVERNORATE: Role.SECRETARIAT,
    OrganizationKind.COUNTY_GOVERNORATE: Role.COUNTY,
}
STAFF_PREFIX = "sy-staff-"


def staff_generate(result: Generated | None = None) -> int:
    """One person behind every organization, with an email address, and a development
    deputy at the governorate, as a province has: the sweep tells them what it did.
    Without them a pass at scale queued no message, and its benchmark missed that work.
    Those made by an earlier run are kept; they cannot sign in (no password). Return how
    many were made (data generated before this: `peygir shell -c "from
    peygir.bench.generate import staff_generate; staff_generate()"`)."""
    made = set(
        User.objects.filter(username__startswith=STAFF_PREFIX).values_list("username", flat=True)
    )
    wanted: list[tuple[str, Organization, str]] = []
    for org in Organization.objects.order_by("pk"):
        wanted.append((f"{STAFF_PREFIX}{org.pk}", org, STAFF_ROLES.get(org.kind, Role.OFFICER)))
        if org.kind == OrganizationKind.GOVERNORATE:
            wanted.append((f"{STAFF_PREFIX}{org.pk}-deputy", org, Role.DEPUTY))
    new = [(name, org, role) for name, org, role in wanted if name not in made]
    users = User.objects.bulk_create(
        User(username=name, email=f"{name}@example.invalid", password="!") for name, _, _ in new
    )
    Membership.objects.bulk_create(
        Membership(user=user, organization=org, role=role)
        for user, (_, org, role) in zip(users, new, strict=True)
    )
    if result is not None:
        result.add("staff", len(users))
    return len(users)


def _ids(queryset: "models.QuerySet[Resolution]") -> Iterator[tuple[int, Any, Any]]:
    yield from queryset.values_list("pk", "start_date", "visibility").iterator(chunk_size=BATCH)


def _link_places_and_events(
    rng: random.Random,
    created: "models.QuerySet[Resolution]",
    leaves: list[Place],
    result: Generated,
) -> None:
    link = Resolution.places.through
    _raw(
        link,
        ["resolution", "place"],
        ((pk, rng.choice(leaves).pk) for pk, _s, _v in _ids(created)),
        result,
        "place_links",
    )
    now = _db(ResolutionEvent, "created_at", timezone.now())
    empty = _db(ResolutionEvent, "data", {})

    def events() -> Iterator[tuple[Any, ...]]:
        for pk, _start, visibility in _ids(created):
            yield (pk, str(EventKind.CREATED), True, "", empty, now)
            if visibility == Visibility.PUBLIC:
                yield (pk, str(EventKind.PUBLISHED), True, "", empty, now)

    fields = ["resolution", "kind", "is_public", "message", "data", "created_at"]
    _raw(ResolutionEvent, fields, events(), result, "events")


def _followup_actions(
    rng: random.Random,
    created: "models.QuerySet[Resolution]",
    per_resolution: int,
    result: Generated,
    today: datetime.date,
) -> None:
    try:
        from peygir.followup import conf
        from peygir.followup.choices import ActionKind
        from peygir.followup.models import FollowupAction
    except ImportError:  # the follow-up app is optional for the generator
        return
    kinds: list[str] = [
        ActionKind.LETTER_SENT,
        ActionKind.CALL,
        ActionKind.MEETING,
        ActionKind.NOTE,
    ]
    # A letter is due a reply in the working days that `followup_record_letter` gives one
    # that names no date; the few hundred distinct letter days are worked out once each.
    reply_days = conf.reply_working_days()
    dues: dict[datetime.date, datetime.date] = {}
    now = _db(FollowupAction, "recorded_at", timezone.now())
    fields = [
        "resolution", "kind", "date", "outcome", "level", "letter_number", "recipient_person",
        "subject", "reply_due", "place", "met_whom", "who_went", "obtained", "is_internal",
        "recorded_at",
    ]  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        for pk, start, _visibility in _ids(created):
            for step in range(per_resolution):
                kind = rng.choice(kinds)
                letter = kind == ActionKind.LETTER_SENT
                day = (start or datetime.date(2025, 1, 1)) + datetime.timedelta(days=20 * step)
                due = dues.get(day) if letter else None
                if letter and due is None:
                    due = dues[day] = add_working_days(day, reply_days)
                yield (
                    pk, kind, day,
                    rng.choice(v.OUTCOMES), 0,
                    f"{rng.randint(100, 9999)}/{rng.randint(1, 99)}" if letter else "", "",
                    "پیگیری مصوبه" if letter else "", due, "", "", "", "", True, now,
                )  # fmt: skip

    last = FollowupAction.objects.aggregate(last=models.Max("pk"))["last"] or 0
    _raw(FollowupAction, fields, rows(), result, "followup_actions")
    _replies(rng, last, today, result)


def _letters_after(last: int) -> Iterator[tuple[int, int, datetime.date]]:
    """The letters sent with an id above `last`, in id order, a batch read at a time (the
    replies are written into the same table between two reads)."""
    from peygir.followup.choices import ActionKind
    from peygir.followup.models import FollowupAction

    letters = FollowupAction.objects.filter(kind=ActionKind.LETTER_SENT).order_by("pk")
    while batch := list(
        letters.filter(pk__gt=last).values_list("pk", "resolution", "date")[:BATCH]
    ):
        yield from batch
        last = batch[-1][0]


def _replies(rng: random.Random, last: int, today: datetime.date, result: Generated) -> None:
    """Answer most of the letters just written with a letter received that points at them.

    A body answers REPLY_SHARE of letters, most within their reply time and the rest weeks
    late; an answer that would come after `today` has not come yet, so recent letters are
    still awaiting a reply (some not yet due) and a third or so of older ones are past due.
    A reply is never dated before its letter (`followup_record_reply`'s rule).
    """
    from peygir.followup.choices import ActionKind
    from peygir.followup.models import FollowupAction

    now = _db(FollowupAction, "recorded_at", timezone.now())
    fields = [
        "resolution", "kind", "date", "outcome", "level", "letter_number", "recipient_person",
        "subject", "in_reply_to", "place", "met_whom", "who_went", "obtained", "is_internal",
        "recorded_at",
    ]  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        for pk, resolution, day in _letters_after(last):
            if rng.random() >= REPLY_SHARE:
                continue
            late = rng.random() >= REPLY_IN_TIME
            answered = day + datetime.timedelta(
                days=rng.randint(15, 75) if late else rng.randint(1, 14)
            )
            if answered > today:
                continue
            yield (
                resolution, ActionKind.LETTER_RECEIVED, answered, rng.choice(v.OUTCOMES), 0,
                f"{rng.randint(100, 9999)}/{rng.randint(1, 99)}", "", "پیگیری مصوبه", pk,
                "", "", "", "", True, now,
            )  # fmt: skip

    _raw(FollowupAction, fields, rows(), result, "replies")
