"""The sweep: find every open resolution that breaks the invariant, is overdue or stale, or
waits on a letter past its reply date, and take the next rung of the ladder for it.

Every step is taken in a transaction that first inserts its SweepStep row; the unique
constraint on (resolution, condition, level, period) means a step is taken once, even by
two sweeps at once or by a sweep re-run after an interruption.

A pass reads only the resolutions that are due: each has the first day the sweep may owe
it anything (`SweepDue.due_on`, computed by `plan`), and database triggers empty that day
on every write to a resolution or its follow-up actions (`marks`). When nothing changed, a
pass reads an index and stops.
"""

import contextlib
import datetime
import functools
import gc
import hashlib
import logging
import multiprocessing
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.synchronize import Lock
from typing import Any, NamedTuple

from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation

from peygir.followup import conf, events
from peygir.followup.announce import (
    RunSteps,
    sweep_run_announce,
    sweep_runs_abandoned_announce,
)
from peygir.followup.choices import Condition, Level
from peygir.followup.instructions import instruction
from peygir.followup.marks import marks_ensure
from peygir.followup.models import (
    EscalationRule,
    FollowupAction,
    SweepBasis,
    SweepDue,
    SweepRun,
    SweepStep,
)
from peygir.followup.plan import NEVER, Calendar, Facts, Finding, Plan, plan
from peygir.followup.rows import (
    Insert,
    array_param,
    bound_cursor,
    driver_rows,
    insert_prepare,
    run_sqlite,
    sqlite_values,
)
from peygir.followup.rules import escalation_rules_ensure
from peygir.followup.selectors import unanswered_letters
from peygir.organizations.models import Organization
from peygir.resolutions.choices import OPEN_STATUSES
from peygir.resolutions.models import Resolution
from peygir.workdays.models import Holiday

__all__ = ["Finding", "sweep"]

logger = logging.getLogger(__name__)


class About(NamedTuple):
    """What a step's event says about its resolution, and whom its announcement tells,
    read with its facts."""

    counterpart: int | None  # the national counterpart, else the responsible body
    deadline: datetime.date | None
    body: int | None = None  # the responsible body
    owner: int | None = None  # the follow-up owner


CHUNK = 1000
# A pass of fewer chunks runs in one process: forking costs more than it saves.
PARALLEL_FROM = 20
# Seconds between two heartbeats of one process: far inside `ABANDONED_AFTER` (10 min).
# A beat per chunk was an UPDATE and a commit of its own a thousand times a process; on
# SQLite each waited for the database's write lock outside the turns (3-4 s a process).
BEAT_EVERY = 30.0
# New objects between two collections of the youngest generation during a pass (Python's
# default is 700; see `_fewer_collections`).
YOUNG_COLLECTED_AFTER = 50_000


class Names:
    """Organization names, read once per pass when the first step is taken, and the
    instructions that name them: a first pass at 1 M words 1.6 M steps from a few hundred
    (condition, rung, counterpart), in the language the pass runs in."""

    def __init__(self) -> None:
        self._names: dict[int, str] | None = None
        self._said: dict[tuple[str, int, int | None], str] = {}

    def get(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if self._names is None:
            rows = Organization.objects.values_list("pk", "short_name", "name")
            self._names = {pk: short or name for pk, short, name in rows}  # as __str__
        return self._names.get(pk, "")

    def instruction(self, condition: str, level: int, counterpart: int | None) -> str:
        key = (condition, level, counterpart)
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = instruction(condition, level, self.get(counterpart))
        return said


def _timeline(
    steps: list[tuple[Finding, int]],
    names: Names,
    about: dict[int, About],
    now: datetime.datetime,
) -> list[tuple[object, ...]]:
    """The event of each step, written if the step is won. Built before the chunk's
    transaction, so that the write lock (on SQLite, the whole database's) is held for
    writing only."""
    event = events.event_swept
    return [
        event(
            finding.resolution_id,
            finding.condition,
            finding.period,
            level,
            names.instruction(finding.condition, level, about[finding.resolution_id].counterpart),
            now,
        )
        for finding, level in steps
    ]


# The columns of a step row, in the order `_take_prepare` gives its values.
STEP_COLUMNS = (
    "resolution", "condition", "level", "period", "taken_on", "taken_at", "run", "deadline",
)  # fmt: skip


def _take_prepare(
    steps: list[tuple[Finding, int]],
    names: Names,
    today: datetime.date,
    run: uuid.UUID,
    about: dict[int, About],
    now: datetime.datetime,
    ids: list[int] | None = None,
) -> Callable[[], list[int | None]]:
    """Build the statements that take a chunk of steps, outside its transaction (on SQLite
    the write lock, the whole database's, is then held for the database's work only);
    the returned call takes them and returns the id of each step, None for those another
    sweep took. On PostgreSQL the steps are written with `ids` (drawn from their sequence,
    `DrawnIds`; drawn here when not given), so that the run knows what it took, and their
    events are made by the server from the step rows written (`events_of_steps_prepare`)."""
    if connection.vendor != "postgresql":
        timeline = _timeline(steps, names, about, now)
        rows = [
            (
                f.resolution_id, str(f.condition), level, f.period, today, now, run,
                about[f.resolution_id].deadline,
            )
            for f, level in steps
        ]  # fmt: skip
        insert = _insert_or_skip(STEP_COLUMNS, rows)
        return functools.partial(
            _take, steps, timeline, lambda: insert, events.events_swept_prepare(timeline)
        )
    ids = ids if ids is not None else _step_ids(len(steps))
    numbered = [
        (
            pk, f.resolution_id, str(f.condition), level, f.period, today, now, run,
            about[f.resolution_id].deadline,
        )
        for pk, (f, level) in zip(ids, steps, strict=True)
    ]  # fmt: skip
    # Optimistic: every step appended by COPY, as nearly always no other sweep took one of
    # them. The insert-or-skip that returns what it wrote (a speculative insertion per row,
    # then the rows back) was a fifth of a first pass's server work at 1 M; it is built and
    # run only if the COPY meets a step already taken.
    columns = ("id", *STEP_COLUMNS)
    append = insert_prepare(SweepStep, columns, numbered, batch_size=CHUNK)
    said: dict[tuple[str, int, int | None], int] = {}
    texts: list[str] = []
    spoken: list[int] = []
    for finding, level in steps:
        key = (finding.condition, level, about[finding.resolution_id].counterpart)
        index = said.get(key)
        if index is None:
            index = said[key] = len(texts) + 1  # SQL's ordinals count from 1
            texts.append(names.instruction(*key))
        spoken.append(index)
    return functools.partial(
        _take,
        steps,
        None,
        functools.partial(_insert_or_skip, columns, numbered),
        events.events_of_steps_prepare(ids, spoken, texts),
        (append, ids),
    )


# The most ids a process draws at once: twenty chunks' worth, in one statement.
DRAWN_AT_ONCE = 20 * CHUNK


class DrawnIds:
    """The steps' ids one process draws from their sequence ahead of writing them
    (PostgreSQL), more at a time as the pass goes on, up to DRAWN_AT_ONCE: a statement a
    chunk was a round trip a thousand times a process at 1 M, and a short pass draws no
    more than it writes. Ids drawn and never written are gaps, as a failed insert leaves."""

    def __init__(self) -> None:
        self._drawn: list[int] = []
        self._next = 0
        self._last = 0  # how many the last statement drew

    def take(self, count: int) -> list[int]:
        if len(self._drawn) - self._next < count:
            self._last = max(count, min(2 * self._last, DRAWN_AT_ONCE))
            self._drawn = self._drawn[self._next :] + _step_ids(self._last)
            self._next = 0
        taken = self._drawn[self._next : self._next + count]
        self._next += count
        return taken


def _step_ids(count: int) -> list[int]:
    """`count` new ids of the steps' sequence (PostgreSQL), in order: drawn, not written,
    so an id drawn for a step another sweep took is never used (a gap, as any failed insert
    leaves)."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [_steps_sequence(connection.settings_dict["NAME"]), count],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


@functools.cache
def _steps_sequence(database: str) -> str:
    """The name of the sequence of the steps' ids in `database` (PostgreSQL), looked up
    once: named in the statement that draws them, it was looked up for each id drawn (7 µs
    each, 8 s of a first pass's server CPU at 1 M)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, 'id')",
            [connection.ops.quote_name(SweepStep._meta.db_table)],
        )
        (name,) = cursor.fetchone()
    return str(name)


def _insert_or_skip(columns: Sequence[str], rows: Sequence[tuple[object, ...]]) -> Insert:
    """Insert the step rows another sweep has not taken; the call returns those written,
    each with its id last."""
    return insert_prepare(
        SweepStep,
        columns,
        rows,
        ignore_conflicts=True,
        batch_size=CHUNK,
        returning=("resolution", "condition", "level", "period", "id"),
    )


def _take(
    steps: list[tuple[Finding, int]],
    timeline: list[tuple[object, ...]] | None,
    insert_or_skip: Callable[[], Insert],
    insert_events: Insert,
    append: tuple[Insert, list[int]] | None = None,
) -> list[int | None]:
    """Write all the step rows, or those no other sweep took (`insert_or_skip` prepares
    the statements that skip them and return what they wrote), and the events of the
    steps written; return each step's id, None for a step not written. The caller holds
    the transaction. Nobody is told here: the run is announced once it is over
    (`announce`). Without a `timeline` (PostgreSQL), `insert_events` makes the events of
    the steps written, whichever they are.

    With `append` (the statements, and the ids they write), the rows are first appended as
    they are, in a savepoint: a step another sweep took (its unique row) undoes that append
    only, and the rows go the insert-or-skip way.
    """
    if append is not None:
        try:
            with transaction.atomic():
                append[0]()
        except IntegrityError:
            pass  # another sweep took some: the savepoint is undone, nothing half-written
        else:
            insert_events()
            return list(append[1])
    won = {tuple(row[:-1]): row[-1] for row in insert_or_skip()()}
    ids = [
        won.get((finding.resolution_id, finding.condition, level, finding.period))
        for finding, level in steps
    ]
    if None not in ids or timeline is None:
        insert_events()
    else:  # another sweep took some: the events of the others only
        events.events_swept_save(
            [event for event, pk in zip(timeline, ids, strict=True) if pk is not None]
        )
    return ids


def _schedule_prepare(due: dict[int, tuple[int, datetime.date]]) -> Callable[[], object]:
    """Prepare storing each resolution's next due day, unless it was written to since it
    was read; the returned call stores them.

    The mark guard matters when a write commits while the sweep computes: the write's
    trigger emptied the day ("look now") and moved the mark, and must not be overwritten
    by a day planned from older facts. On PostgreSQL a blocked UPDATE re-checks its WHERE
    on the new row, so the guard holds for writes that commit during this statement too.
    Raw SQL: the ORM would need a CASE with a branch per row, which is slow to build.
    """
    table = connection.ops.quote_name(SweepDue._meta.db_table)
    rows = sorted(due.items())
    if not rows:
        return lambda: None
    if connection.vendor == "postgresql":
        # One statement for the chunk (a thousand single-row UPDATEs each cost the server
        # a parse and a plan), joined in id order so that two sweeps lock rows in the
        # same order.
        sql = (
            f"UPDATE {table} AS s SET due_on = d.day FROM ("
            "SELECT * FROM unnest(%s::bigint[], %s::integer[], %s::date[]) "
            "AS u(id, mark, day) ORDER BY id) AS d "
            "WHERE s.resolution_id = d.id AND s.mark = d.mark"
        )
        arrays = [
            array_param(pk for pk, _ in rows),
            array_param(mark for _, (mark, _) in rows),
            array_param(day for _, (_, day) in rows),
        ]
        return functools.partial(_execute, sql, arrays)
    # SQLite: one UPDATE joined to a VALUES list (since SQLite 3.33), a few thousand rows
    # a statement; an UPDATE per row cost the write lock's holder half as much again at 1 M.
    adapt = connection.ops.adapt_datefield_value
    statements = [
        (
            f"UPDATE {table} SET due_on = v.column3 FROM (VALUES {values}) AS v "
            f"WHERE {table}.resolution_id = v.column1 AND {table}.mark = v.column2",
            params,
        )
        for values, params in sqlite_values([(pk, mark, adapt(day)) for pk, (mark, day) in rows])
    ]
    return functools.partial(run_sqlite, statements)


def _execute(sql: str, params: Any) -> None:
    with bound_cursor() as cursor:  # PostgreSQL's only: its parameters are long arrays
        cursor.execute(sql, params, prepare=False)


def _near(field: str, ids: list[int]) -> dict[str, object]:
    """Filter on `field` for the sorted `ids`: their id range when they are dense (an index
    range, and no thousand-parameter IN list to build and bind), else the list itself.
    Callers drop the rows of ids they did not ask for."""
    if ids[-1] - ids[0] < 4 * len(ids):
        return {f"{field}__gte": ids[0], f"{field}__lte": ids[-1]}
    return {f"{field}__in": ids}


def _facts(
    ids: list[int], today: datetime.date
) -> tuple[list[Facts], dict[int, int], set[int], dict[int, About]]:
    """Read what `plan` needs about the open resolutions among `ids` in two queries.

    Return the facts, the sweep mark read with them for every resolution in `ids` that has
    one, the closed ones, and what a step's message says about each open one. The mark
    comes in the same statement as the facts, so both are of one moment.
    """
    tz = timezone.get_current_timezone()
    wanted = set(ids)
    # The last action's day comes with each row: one seek in the (resolution, -date) index
    # per resolution, instead of a grouped read of every action of the range.
    last_action = FollowupAction.objects.filter(resolution=OuterRef("pk")).order_by("-date")
    rows = (
        Resolution.objects.filter(**_near("pk", ids))
        .order_by()
        .annotate(last_action=Subquery(last_action.values("date")[:1]))
        .values_list(
            "pk",
            "sweep_due__mark",
            "status",
            "responsible_body_id",
            "followup_owner_id",
            "deadline",
            "next_followup_date",
            "created_at",
            "national_counterpart_id",
            "last_action",
        )
    )
    marks: dict[int, int] = {}
    closed: set[int] = set()
    facts: dict[int, Facts] = {}
    about: dict[int, About] = {}
    created_days: dict[datetime.datetime, datetime.date] = {}
    for (
        pk,
        mark,
        status,
        body,
        owner,
        deadline,
        next_followup,
        created,
        counterpart,
        last,
    ) in driver_rows(rows):
        if pk not in wanted:
            continue
        if mark is not None:  # a resolution without its row (see `marks_ensure`)
            marks[pk] = mark
        if status not in OPEN_STATUSES:
            closed.add(pk)
            continue
        missing = []
        if body is None or owner is None:
            missing.append(Condition.NO_OWNER)
        if deadline is None:
            missing.append(Condition.NO_DEADLINE)
        if next_followup is None:
            missing.append(Condition.NO_NEXT_FOLLOWUP)
        if last is None:
            if created not in created_days:
                created_days[created] = timezone.localtime(_aware(created), tz).date()
            last = created_days[created]
        facts[pk] = Facts(pk, missing, deadline, last)
        about[pk] = About(counterpart or body, deadline, body, owner)
    open_ids = sorted(facts)
    if open_ids:
        letters = unanswered_letters().filter(
            **_near("resolution_id", open_ids), reply_due__isnull=False
        )
        for pk, letter_id, reply_due in driver_rows(
            letters.order_by("pk").values_list("resolution_id", "pk", "reply_due")
        ):
            if pk in facts:
                facts[pk].letters.append((letter_id, reply_due))
    return list(facts.values()), marks, closed, about


def _aware(moment: datetime.datetime) -> datetime.datetime:
    # SQLite's driver gives back naive what Django stored in the connection's time zone
    # (as Django's own conversion reads it; see `driver_rows`).
    return moment if moment.tzinfo is not None else timezone.make_aware(moment, connection.timezone)


def _taken(ids: list[int]) -> dict[int, dict[tuple[str, str], tuple[int, datetime.date]]]:
    """The highest rung taken and the last day taken, per resolution and occurrence (the
    caller asks only of the ids it planned, so rows of other ids in the range are unused)."""
    taken: dict[int, dict[tuple[str, str], tuple[int, datetime.date]]] = defaultdict(dict)
    if not ids:
        return taken
    rows = (
        SweepStep.objects.filter(**_near("resolution_id", ids))
        .order_by()
        .values_list("resolution_id", "condition", "period")
        .annotate(level=Max("level"), last=Max("taken_on"))
    )
    for pk, condition, period, level, last in rows:
        taken[pk][(condition, period)] = (level, last)
    return taken


def _fingerprint(rules: dict[tuple[str, int], int]) -> str:
    """Name everything besides a resolution's own rows that its due day depends on."""
    holidays = sorted(Holiday.objects.values_list("date", flat=True))
    basis = repr((sorted(rules.items()), conf.stale_working_days(), holidays))
    return hashlib.sha256(basis.encode()).hexdigest()


def _candidates(today: datetime.date, everything: bool) -> list[int]:
    if everything:
        return sorted(_ids_read(Resolution.objects.order_by().values_list("pk")))
    due = SweepDue.objects.order_by()
    if connection.vendor == "postgresql":
        # One read of the narrow table: the day has no index there (`due_in_place`).
        owed = due.filter(Q(due_on__isnull=True) | Q(due_on__lte=today))
        return sorted(_ids_read(owed.values_list("resolution_id")))
    # Two reads of the due-day index, not one OR: SQLite answers the OR by walking every
    # row (0.75 s at a million for a pass that owes nothing).
    emptied = due.filter(due_on__isnull=True).values_list("resolution_id")
    came_due = due.filter(due_on__lte=today).values_list("resolution_id")
    return sorted({*_ids_read(emptied), *_ids_read(came_due)})


def _ids_read(ids: "QuerySet[Any, tuple[int]]") -> list[int]:
    """The ids as the driver reads them: before the pass can start, a first pass read its
    million ids through Django's rows a third slower (1.4 s against 0.9-1.2 s on SQLite at
    1 M)."""
    return [pk for (pk,) in driver_rows(ids)]


def _basis_record(fingerprint: str, today: datetime.date) -> None:
    SweepBasis.objects.bulk_create(
        [SweepBasis(pk=1, fingerprint=fingerprint, swept_through=today)], ignore_conflicts=True
    )
    basis = SweepBasis.objects.filter(pk=1)
    basis.update(fingerprint=fingerprint, updated_at=timezone.now())
    basis.filter(swept_through__lt=today).update(swept_through=today)


def _beat(run: uuid.UUID, started: bool, first: int | None = None) -> None:
    """Record that the run is alive (and that it exists, the first time, with `first` the
    lowest id its steps may have, when drawn before)."""
    now = timezone.now()
    if not started:
        # Before any of its steps: whatever id this reads, the run's steps are above it.
        # Ids drawn before it (`DrawnIds`) may be below a step another sweep wrote since.
        before = SweepStep.objects.aggregate(last=Max("pk"))["last"] or 0
        if first is not None:
            before = min(before, first - 1)
        SweepRun.objects.create(run=run, steps_after=before, started_at=now, beat_at=now)
    else:
        SweepRun.objects.filter(run=run).update(beat_at=now)


@dataclass
class Tally:
    """What one process of a pass found and did (summed over processes)."""

    found: Counter[str] = field(default_factory=Counter)
    won: int = 0
    planned: int = 0
    started: bool = False  # whether it took a step, so the run has something to announce
    taken: RunSteps = field(default_factory=RunSteps)  # what it took, for the announcement

    @property
    def reminders(self) -> int:
        groups = self.taken.groups.items()
        return sum(len(ids) for (level, _, _), ids in groups if level == Level.REMINDER)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.found + other.found,
            self.won + other.won,
            self.planned + other.planned,
            self.started or other.started,
            self.taken + other.taken,
        )


@dataclass
class Pass:
    """What every chunk of one pass shares."""

    today: datetime.date
    rules: dict[tuple[str, int], int]
    calendar: Calendar
    run: uuid.UUID
    run_exists: bool  # created before the chunks (a pass in several processes)


def _sweep_chunks(chunks: list[list[int]], context: Pass, tally: Tally) -> Tally:
    """Plan and act on `chunks` of resolution ids, each in its own transaction, counting
    into `tally` as it goes (a caller whose pass raised still knows if a step was taken)."""
    names = Names()
    drawn = DrawnIds() if connection.vendor == "postgresql" else None
    started = context.run_exists
    today, run = context.today, context.run
    beaten = time.monotonic()  # the run's row was created (or will be) about now
    with (
        translation.override(settings.LANGUAGE_CODE),
        _lazy_commits(bool(chunks)),
        _fewer_collections(),
    ):
        # The same order in every sweep, so two at once wait on each other instead of
        # deadlocking; each chunk commits its steps and its due days together.
        for chunk in chunks:
            facts, marks, closed, about = _facts(chunk, today)
            taken = _taken(sorted(f.pk for f in facts))
            plans: dict[int, Plan] = {
                f.pk: plan(
                    f,
                    today=today,
                    taken=taken.get(f.pk, {}),
                    rules=context.rules,
                    calendar=context.calendar,
                )
                for f in facts
            }
            steps = [step for p in plans.values() for step in p.steps]
            steps.sort(key=lambda s: (s[0].resolution_id, s[0].condition, s[0].period))
            tally.found.update(f.condition for p in plans.values() for f in p.findings)
            tally.planned += len(steps)
            due = {pk: (marks[pk], p.due) for pk, p in plans.items() if pk in marks}
            due.update((pk, (marks[pk], NEVER)) for pk in closed if pk in marks)
            now = timezone.now()
            ids = drawn.take(len(steps)) if drawn is not None else None
            take = _take_prepare(steps, names, today, run, about, now, ids)
            schedule = _schedule_prepare(due)
            if steps and started and time.monotonic() - beaten >= BEAT_EVERY:
                # Before the chunk's transaction, not in it: the processes of one run
                # would queue on the run's row for as long as each chunk writes.
                _beat(run, started)
                beaten = time.monotonic()
            with _write_turn(), transaction.atomic():
                if steps:
                    if not started:
                        # the run's row commits with its first steps
                        _beat(run, started, ids[0] if ids else None)
                    started = tally.started = True
                    _keep_taken(tally, steps, take(), about)
                schedule()
    return tally


_COUNTY = int(Level.COUNTY)


def _keep_taken(
    tally: Tally, steps: list[tuple[Finding, int]], ids: list[int | None], about: dict[int, About]
) -> None:
    """Count the steps written (`ids`: each step's, None for one not written) and keep them
    for the run's announcement. A loop of plain lookups: with a method call and an enum's
    lookup a step it was 2 s of a first pass's CPU at 1 M (1.5 µs a step; 0.5 µs now)."""
    groups, county = tally.taken.groups, tally.taken.county
    for (finding, level), step in zip(steps, ids, strict=True):
        if step is None:
            continue
        resolution = about[finding.resolution_id]
        if level == _COUNTY:
            county.append((step, finding.resolution_id, resolution.body))
        else:
            groups[level, resolution.body, resolution.owner].append(step)
    tally.won += len(ids) - ids.count(None)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often during a pass, and never over what was
    loaded before it.

    A first pass at 1 M made each process collect 1 700 times, a dozen of them full
    collections walking every object Django had loaded: 3.6-3.9 s of a process's 35 s of
    Python. A chunk's rows and facts hold no cycles and are freed with the chunk, so
    collecting after every 700 new objects only walked them. What existed before the pass
    is set aside (`gc.freeze`) and put back after it; so are the thresholds.
    """
    thresholds = gc.get_threshold()
    ours = gc.get_freeze_count() == 0  # a server may have frozen its own at start: kept
    if ours:
        gc.freeze()
    gc.set_threshold(YOUNG_COLLECTED_AFTER, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            gc.unfreeze()


@contextlib.contextmanager
def _lazy_commits(wanted: bool) -> Iterator[None]:
    """On PostgreSQL, let the chunks' commits (and the heartbeats') return before their WAL
    is on disk: 5-7 s of a process's waiting at 1 M.

    It cannot break a promise. A crash loses at most the last moments' chunks, each whole
    (never part of one), and the next sweep takes those steps again. Nobody has been told
    of them: the run is announced after the pass in a commit of the usual kind, and that
    commit waits until all the WAL written before it, the chunks' included, is on disk.
    """
    if not wanted or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('synchronous_commit'), "
            "set_config('synchronous_commit', 'off', false)"
        )
        (was, _) = cursor.fetchone()
    try:
        yield
    finally:
        # Put back what the connection had (not the server's default, which RESET gives).
        # A broken connection is closed and forgotten anyway, with its settings.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [was])


# On SQLite, the processes of a shared pass take turns writing through this lock (set
# before they fork): waiting on SQLite's own lock polls with sleeps of up to 100 ms, so
# a writer often slept on after the other had committed.
_TURNS: Lock | None = None


def _write_turn() -> contextlib.AbstractContextManager[object]:
    return _TURNS if _TURNS is not None else contextlib.nullcontext()


def _sweep_chunks_in_child(chunks: list[list[int]], context: Pass) -> Tally:
    _forget_inherited_connections()
    try:
        return _sweep_chunks(chunks, context, Tally())
    finally:
        connections.close_all()


def _forget_inherited_connections() -> None:
    """Give this forked child fresh database connection handlers, dropping (not closing)
    any connection it inherited.

    The parent closes its own thread's connections before forking, but a child has been
    seen to find an open one all the same: in a test process where other threads (a live
    server's, Playwright's) had connections, both children got the same inherited session
    and interleaved their statements on it until the server closed it. Closing it here
    would end the parent's session too (psycopg sends the server a Terminate); dropped, it
    is never finalised against the server, as psycopg finishes a connection only in the
    process that opened it.
    """
    for alias in connections:
        connections[alias] = connections.create_connection(alias)


def _can_fork() -> bool:
    """Whether child processes can open the database themselves: not an in-memory SQLite
    database (the tests'), which lives and dies with the parent's one connection."""
    database = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not its proxy
    return not (isinstance(database, SQLiteWrapper) and database.is_in_memory_db())


def _sweep_in_processes(chunks: list[list[int]], context: Pass, processes: int) -> Tally:
    """Share the chunks among `processes` forked children, interleaved so that each
    walks the whole id range in order (on SQLite one plans while the other writes)."""
    global _TURNS
    connections.close_all()  # each child opens its own
    context_fork = multiprocessing.get_context("fork")
    _TURNS = context_fork.Lock() if connection.vendor == "sqlite" else None
    parts = [chunks[k::processes] for k in range(processes)]
    try:
        with ProcessPoolExecutor(len(parts), mp_context=context_fork) as pool:
            futures = [pool.submit(_sweep_chunks_in_child, part, context) for part in parts]
    finally:
        _TURNS = None
    # Leaving the pool waited for every child: when one failed, the other's committed
    # steps are announced all the same (by the caller).
    for future in futures:
        if (error := future.exception()) is not None:
            raise error
    return sum((future.result() for future in futures), Tally())


def sweep(
    *, today: datetime.date | None = None, full: bool = False, processes: int | None = None
) -> dict[str, object]:
    """Run one pass; return a summary of what was found and done.

    Only the resolutions that are due are read, unless `full`, or the rules, the stale
    knob or the holidays changed, or this pass is as of an earlier day than the last.
    A pass of at least PARALLEL_FROM chunks is shared among `processes` processes
    (by default `conf.sweep_processes()`).
    """
    today = today or timezone.localdate()
    if not EscalationRule.objects.exists():
        escalation_rules_ensure()
    rules = {
        (rule.condition, rule.level): rule.after_working_days
        for rule in EscalationRule.objects.filter(is_active=True)
    }
    fingerprint = _fingerprint(rules)
    basis = SweepBasis.objects.filter(pk=1).first()
    # A missing trigger (a migration rebuilt a table on SQLite) may have let writes go
    # unmarked: put it back and look at every resolution once.
    unmarked = marks_ensure()
    if unmarked:
        logger.warning("The sweep's marking triggers were missing: restored; looking at all.")
    everything = (
        full
        or unmarked
        or basis is None
        or basis.fingerprint != fingerprint
        or today < basis.swept_through
    )
    recovered = sweep_runs_abandoned_announce()
    ids = _candidates(today, everything)
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    processes = processes or conf.sweep_processes()
    parallel = processes > 1 and len(chunks) >= PARALLEL_FROM and _can_fork()
    context = Pass(today, rules, Calendar(conf.stale_working_days()), uuid.uuid4(), parallel)
    tally = Tally(started=parallel)  # a shared pass creates its run before the children
    messages = 0
    whole = False
    try:
        if parallel:
            _beat(context.run, started=False)
            tally += _sweep_in_processes(chunks, context, processes)
        else:
            _sweep_chunks(chunks, context, tally)
        whole = True
    finally:
        # Tell people what was done even when the pass failed half way: the committed
        # steps stand (read back, as what the pass holds may not have committed). If this
        # fails too, the next sweep announces the run.
        if tally.started:
            try:
                messages = sweep_run_announce(context.run, tally.taken if whole else None)
            except Exception:
                logger.exception("Could not announce sweep run %s", context.run)
    if basis is None or basis.fingerprint != fingerprint or basis.swept_through < today:
        _basis_record(fingerprint, today)
    overdue_original = Resolution.objects.filter(
        status__in=OPEN_STATUSES, original_deadline__lt=today
    ).count()
    return {
        "date": today.isoformat(),
        "examined": len(ids),
        "found": {condition.value: tally.found.get(condition.value, 0) for condition in Condition},
        "overdue_against_original_deadline": overdue_original,
        "reminders": tally.reminders,
        "escalations": tally.won - tally.reminders,
        "already_taken_by_another_sweep": tally.planned - tally.won,
        "messages": messages,
        "abandoned_runs_announced": recovered,
        "processes": processes if parallel else 1,
    }
