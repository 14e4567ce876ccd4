"""Reads of the workspace, always starting from resolutions_visible_to (the row-level rule)."""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from peygir.accounts.models import Membership, Role, User
from peygir.accounts.selectors import user_scope
from peygir.followup.models import FollowupAction
from peygir.followup.selectors import actions_of
from peygir.followup.selectors import stale_q as followup_stale_q
from peygir.organizations.models import Organization
from peygir.persian import normalize_input
from peygir.places.models import Place, PlaceKind
from peygir.resolutions.choices import OPEN_STATUSES, RevisionState, Status
from peygir.resolutions.models import DeadlineRevision, Resolution, ResolutionEvent
from peygir.resolutions.selectors import resolution_ids_in_place, resolutions_visible_to
from peygir.search.models import SearchKind
from peygir.search.selectors import search_condition
from peygir.tallies.counties import county_counts
from peygir.tallies.selectors import province_counts

SORTS: dict[str, tuple[str, ...]] = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "title": ("title", "id"),
    "progress": ("progress", "id"),
    "-progress": ("-progress", "-id"),
    "status": ("status", "id"),
}
DEFAULT_SORT = "deadline"


def _open() -> Q:
    return Q(status__in=OPEN_STATUSES)


def overdue_q(today: datetime.date) -> Q:
    return _open() & Q(deadline__lt=today)


def with_last_activity(queryset: QuerySet[Resolution]) -> QuerySet[Resolution]:
    """Annotate when anything last happened on the timeline (shown beside each item; being
    stale is `stale_q`, which counts working days since the last follow-up action)."""
    latest = ResolutionEvent.objects.filter(resolution=OuterRef("pk")).order_by("-created_at")
    return queryset.annotate(last_activity=Subquery(latest.values("created_at")[:1]))


def stale_q(today: datetime.date) -> Q:
    """Open and stale as the sweep counts it (working days since the last follow-up action)."""
    return _open() & followup_stale_q(today)


@dataclass
class ResolutionFilter:
    """What a list page was asked for; every field is optional."""

    q: str = ""
    place: Place | None = None
    body_id: int | None = None
    status: str = ""
    flag: str = ""  # "overdue", "stale", "due_week" or "open"
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None
    source_id: int | None = None
    category_id: int | None = None
    sort: str = DEFAULT_SORT
    extra: dict[str, Any] = field(default_factory=dict)


def _tracking_code_ids(text: str) -> QuerySet[Resolution, int]:
    """The resolution whose tracking code is `text`, ignoring case, read off the code's
    unique index (a case-insensitive comparison would read every code). Codes are Latin
    letters and digits, so the typed, upper- and lower-case spellings cover every case."""
    code = normalize_input(text).strip()
    spellings = {code, code.upper(), code.lower()}
    return Resolution.objects.filter(tracking_code__in=spellings).values_list("pk", flat=True)


def resolutions_filtered(
    user: User | AnonymousUser,
    wanted: ResolutionFilter,
    *,
    base: QuerySet[Resolution] | None = None,
    search_counted: int | None = None,
    search_scope: Sequence[str] | None = None,
    search_matched: Sequence[int] | None = None,
) -> QuerySet[Resolution]:
    """Return the user's visible resolutions narrowed by `wanted`, ready for a list page.

    `search_counted`: how many of the list's rows the caller found matching `wanted.q`
    (`search_count_capped`), which lets the search choose how to read them; `search_scope`:
    the user's search keys (`search_scope_of`), which let the index read only their rows;
    `search_matched`: their every match, when the caller read them (`scoped_match_ids`)."""
    today = timezone.localdate()
    # A list reads a page and a capped count, stopping early: `walking` lets a user who sees
    # many rows have each row walked tested, not all their ids read first.
    queryset = base if base is not None else resolutions_visible_to(user, walking=True)
    if wanted.q:
        # The search index folds spelling variants (ي/ی, ZWNJ, digits) and matches word
        # prefixes over code, title, text, places and body; a typed code also matches as is.
        queryset = queryset.filter(
            search_condition(
                wanted.q,
                kind=SearchKind.RESOLUTION,
                also=_tracking_code_ids(wanted.q),
                counted=search_counted,
                scope=search_scope,
                matched=search_matched,
            )
        )
    if wanted.place is not None:
        # The place and everything under it: the tree's path is a prefix.
        queryset = queryset.filter(pk__in=resolution_ids_in_place(wanted.place.path))
    if wanted.body_id:
        queryset = queryset.filter(responsible_body_id=wanted.body_id)
    if wanted.status:
        queryset = queryset.filter(status=wanted.status)
    if wanted.flag == "overdue":
        queryset = queryset.filter(overdue_q(today))
    elif wanted.flag == "stale":
        queryset = queryset.filter(stale_q(today))
    elif wanted.flag == "due_week":
        queryset = queryset.filter(
            _open(), deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)
        )
    elif wanted.flag == "open":
        queryset = queryset.filter(_open())
    if wanted.deadline_from:
        queryset = queryset.filter(deadline__gte=wanted.deadline_from)
    if wanted.deadline_to:
        queryset = queryset.filter(deadline__lte=wanted.deadline_to)
    if wanted.source_id:
        queryset = queryset.filter(source_id=wanted.source_id)
    if wanted.category_id:
        queryset = queryset.filter(category_id=wanted.category_id)
    return _for_list(queryset).order_by(*SORTS.get(wanted.sort, SORTS[DEFAULT_SORT]))


def _for_list(queryset: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return queryset.select_related(
        "source", "category", "responsible_body", "followup_owner"
    ).prefetch_related("places")


def resolutions_in_order(ids: list[int]) -> list[Resolution]:
    """The resolutions `ids` (already checked against the user's scope), in that order, with
    what a list row shows: a page found as ids is read in one query by primary key."""
    found = {
        resolution.pk: resolution for resolution in _for_list(Resolution.objects.filter(pk__in=ids))
    }
    return [found[pk] for pk in ids if pk in found]


def inbox_for(user: User | AnonymousUser) -> QuerySet[Resolution]:
    """The open resolutions the user's bodies must act on, or follow up."""
    scope = user_scope(user)
    mine = Q(responsible_body__in=scope.orgs(Role.OFFICER)) | Q(
        followup_owner__in=scope.orgs(Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY)
    )
    return resolutions_visible_to(user).filter(mine, _open())


@dataclass
class Overview:
    total: int
    by_status: list[tuple[str, Any, int]]
    overdue: int
    stale: int
    due_week: int
    pending_revisions: int
    by_county: list[dict[str, Any]]
    by_body: list[Any]


COUNTED = ("total", "open", "overdue")  # the overview's county table


def _by_county(visible: QuerySet[Resolution], today: datetime.date) -> list[dict[str, Any]]:
    """Totals per county, each resolution once in each county it touches (see
    `tallies.counties`)."""
    counties = list(Place.objects.filter(kind=PlaceKind.COUNTY).order_by("name"))
    links = Resolution.places.through.objects.filter(resolution__in=visible)
    return _county_rows(counties, county_counts(links, today, {county.pk for county in counties}))


def _county_rows(counties: list[Place], counts: dict[int, dict[str, int]]) -> list[dict[str, Any]]:
    """The overview's county table: the counties any resolution reaches, in this order."""
    return [
        {"place": county, **{name: counts[county.pk][name] for name in COUNTED}}
        for county in counties
        if counts[county.pk]["total"]
    ]


def overview_for(user: User | AnonymousUser) -> Overview:
    """Counts for the province overview: the province-wide staff read the stored tallies
    (only what changed is counted again); anyone else, whose scope is small, counts live."""
    if user_scope(user).province_wide:
        return _overview_from_tallies(timezone.localdate())
    return overview_live(user)


def _overview_from_tallies(today: datetime.date) -> Overview:
    """The same numbers as `overview_live` over every resolution, in a fixed number of
    queries when nothing changed (see `peygir.tallies`)."""
    counties = list(Place.objects.filter(kind=PlaceKind.COUNTY).order_by("name"))
    counts = province_counts(today, counties)
    # The database's own order of names, as the live query sorts them.
    rank = {
        pk: (index, name)
        for index, (pk, name) in enumerate(
            Organization.objects.filter(pk__in=list(counts.by_body))
            .order_by("name")
            .values_list("pk", "name")
        )
    }
    bodies = sorted(
        (pk, total, open_, overdue)
        for pk, (total, open_, overdue) in counts.by_body.items()
        if total and pk in rank
    )
    bodies.sort(key=lambda body: (-body[3], -body[2], rank[body[0]][0]))
    by_body = [
        {
            "responsible_body_id": pk,
            "responsible_body__name": rank[pk][1],
            "total": total,
            "open": open_,
            "overdue": overdue,
        }
        for pk, total, open_, overdue in bodies
    ]
    return Overview(
        total=sum(counts.by_status.values()),
        by_status=[
            (value, label, counts.by_status.get(value, 0)) for value, label in Status.choices
        ],
        overdue=counts.overdue,
        stale=counts.stale,
        due_week=counts.due_week,
        pending_revisions=counts.pending_revisions,
        by_county=_county_rows(counties, counts.by_county),
        by_body=by_body,
    )


def overview_live(user: User | AnonymousUser) -> Overview:
    """Counts for the overview over the user's visible resolutions, in a fixed number of
    queries (fast for a small scope; the tallies give the same numbers province-wide)."""
    today = timezone.localdate()
    visible = resolutions_visible_to(user)
    status_counts = dict(
        visible.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    flags = visible.aggregate(
        overdue=Count("id", filter=overdue_q(today)),
        stale=Count("id", filter=stale_q(today)),
        due_week=Count(
            "id",
            filter=_open()
            & Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)),
        ),
    )
    by_body = list(
        visible.filter(responsible_body__isnull=False)
        .order_by()
        .values("responsible_body_id", "responsible_body__name")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=_open()),
            overdue=Count("id", filter=overdue_q(today)),
        )
        .order_by("-overdue", "-open", "responsible_body__name")
    )
    pending = DeadlineRevision.objects.filter(
        resolution__in=visible, state=RevisionState.REQUESTED
    ).count()
    return Overview(
        total=sum(status_counts.values()),
        by_status=[(value, label, status_counts.get(value, 0)) for value, label in Status.choices],
        overdue=flags["overdue"],
        stale=flags["stale"],
        due_week=flags["due_week"],
        pending_revisions=pending,
        by_county=_by_county(visible, today),
        by_body=by_body,
    )


def _agenda_q(today: datetime.date) -> Q:
    """What puts an open resolution on the stocktake agenda."""
    week = today + datetime.timedelta(days=7)
    pending = DeadlineRevision.objects.filter(state=RevisionState.REQUESTED).values("resolution_id")
    return (
        Q(deadline__lte=week)
        | Q(next_followup_date__lte=week)
        | Q(pk__in=pending)
        | followup_stale_q(today)
        | Q(responsible_body__isnull=True)
        | Q(deadline__isnull=True)
    )


def _is_stale(today: datetime.date) -> "ExpressionWrapper[Q]":
    return ExpressionWrapper(followup_stale_q(today), output_field=BooleanField())


def weekly_agenda(user: User | AnonymousUser) -> QuerySet[Resolution]:
    """The stocktake agenda: open items overdue, due or to be chased within a week, stale,
    or waiting for a decision on a deadline revision."""
    today = timezone.localdate()
    return (
        with_last_activity(resolutions_visible_to(user))
        .filter(_open())
        .filter(_agenda_q(today))
        .annotate(
            pending_revisions=Count(
                "deadline_revisions", filter=Q(deadline_revisions__state=RevisionState.REQUESTED)
            ),
            is_stale=_is_stale(today),
        )
        .select_related("source", "responsible_body", "followup_owner")
        .order_by("followup_owner__name", "deadline", "id")
    )


def weekly_agenda_first(user: User | AnonymousUser, limit: int) -> list[Resolution]:
    """The first `limit` rows of `weekly_agenda(user)`, in its order, with its badges but
    without the last activity: walked owner by owner, as `agenda_section_first` does (at
    1 M the whole agenda is hundreds of thousands of rows, sorted by a name no index holds).
    """
    today = timezone.localdate()
    rows = (
        resolutions_visible_to(user, walking=True)
        .filter(_open(), _agenda_q(today))
        .annotate(is_stale=_is_stale(today))
        .select_related("source", "responsible_body", "followup_owner")
        .order_by("deadline", "id")
    )
    found = _walk_owners(rows, limit)
    # Counted for the rows found only: a grouped count would group every row of the owner.
    pending = Counter(
        DeadlineRevision.objects.filter(
            state=RevisionState.REQUESTED, resolution_id__in=[r.pk for r in found]
        ).values_list("resolution_id", flat=True)
    )
    for resolution in found:
        resolution.pending_revisions = pending[resolution.pk]  # type: ignore[attr-defined]
    return found


def agenda_sections(today: datetime.date) -> dict[str, Q]:
    """The weekly report's sections of the agenda (`weekly_agenda`): due this week, overdue,
    stale, and waiting for a decision on a deadline revision. Each puts an open resolution
    on the agenda by itself, so a section is the open visible rows that match it."""
    pending = DeadlineRevision.objects.filter(state=RevisionState.REQUESTED).values("resolution_id")
    return {
        "due": Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)),
        "overdue": Q(deadline__lt=today),
        "stale": followup_stale_q(today),
        "decisions": Q(pk__in=pending),
    }


def agenda_counts_live(user: User | AnonymousUser, today: datetime.date) -> dict[str, int]:
    """How many resolutions each of `agenda_sections` holds for this user, in one query."""
    counts = (
        resolutions_visible_to(user)
        .filter(_open())
        .aggregate(
            **{key: Count("pk", filter=section) for key, section in agenda_sections(today).items()}
        )
    )
    return {key: n or 0 for key, n in counts.items()}


def _owner_groups() -> list[list[int] | None]:
    """The follow-up owners in the order of their names as the database sorts them (owners
    of the same name together), with None (no owner) where the database puts NULL."""
    owners = (
        Organization.objects.filter(
            Exists(Resolution.objects.filter(followup_owner=OuterRef("pk")))
        )
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    groups: list[list[int]] = []
    names: list[str] = []
    for pk, name in owners:
        if names and names[-1] == name:
            groups[-1].append(pk)
        else:
            groups.append([pk])
            names.append(name)
    if connection.features.nulls_order_largest:
        return [*groups, None]
    return [None, *groups]


def agenda_section_first(user: User | AnonymousUser, section: Q, limit: int) -> list[Resolution]:
    """The first `limit` rows of `weekly_agenda(user).filter(section)`, in its order, for a
    section of `agenda_sections`.

    The agenda is sorted by the follow-up owner's name, which no index holds: at 1 M each
    section's page sorted hundreds of thousands of rows (12-125 s, with the last activity
    of each). Here each owner's rows are read in turn off the owner's (owner, deadline, id)
    index, stopping at `limit`: a few owners, a few queries.
    """
    rows = (
        resolutions_visible_to(user, walking=True)
        .filter(_open(), section)
        .select_related("source", "responsible_body", "followup_owner")
        .order_by("deadline", "id")
    )
    return _walk_owners(rows, limit)


def _walk_owners(rows: QuerySet[Resolution], limit: int) -> list[Resolution]:
    """The first `limit` of `rows` (in deadline order) in the agenda's order: each owner's
    group in turn, in the order of their names, until `limit` are found."""
    found: list[Resolution] = []
    for group in _owner_groups():
        if len(found) >= limit:
            break
        owned = Q(followup_owner=None) if group is None else Q(followup_owner__in=group)
        found += rows.filter(owned)[: limit - len(found)]
    return found


def followup_actions_for(
    user: User | AnonymousUser, resolution: Resolution
) -> tuple[list[FollowupAction], set[int]]:
    """Return the resolution's follow-up actions this user may read, and the hidden ones' ids.

    An internal action is an office's own note: the province-wide staff read all of them,
    everyone else only those recorded by themselves or a colleague of their organizations.
    """
    actions = list(actions_of(resolution))
    scope = user_scope(user)
    if scope.province_wide:
        return actions, set()
    recorders = {a.recorded_by_id for a in actions if a.is_internal and a.recorded_by_id}
    colleagues: set[int] = set()
    if recorders and scope.all_org_ids:
        colleagues = set(
            Membership.objects.filter(
                user_id__in=recorders, organization_id__in=scope.all_org_ids, is_active=True
            ).values_list("user_id", flat=True)
        )
    if user.pk is not None:
        colleagues.add(int(user.pk))
    visible = [a for a in actions if not a.is_internal or a.recorded_by_id in colleagues]
    hidden = {a.pk for a in actions} - {a.pk for a in visible}
    return visible, hidden
