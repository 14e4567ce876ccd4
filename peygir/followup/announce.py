"""Tell people what a sweep did: one message per recipient and kind for a whole run.

Each step used to queue an inbox and an email row per recipient: at a million resolutions
that was over eight million rows in one morning, most of the sweep's time, and a body's
inbox buried under thousands of messages. Now a run's steps are listed in one message per
recipient (reminders and escalations apart), rendered at delivery from the steps
themselves, so what it says is what the step recorded.

A run is announced after its last chunk commits, in one transaction that first claims the
run (so two announcers never both queue). A pass that ran to its end hands over the steps
its processes took (`RunSteps`); any other run's steps are read back. A run that died half
way is announced by the next sweep once its heartbeat is older than `ABANDONED_AFTER`; its
committed steps are told, once, and the steps it never took are taken and told by the
sweep that takes them.
"""

import datetime
import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from peygir.accounts.models import User
from peygir.followup.choices import Level
from peygir.followup.models import SweepRun, SweepStep
from peygir.followup.recipients import Directory
from peygir.followup.rows import driver_batches, driver_rows
from peygir.notifications import rendering
from peygir.notifications.models import NotificationKind
from peygir.notifications.services import Message, notifications_queue_many
from peygir.notifications.step_ids import step_ids_context
from peygir.persian.digits import to_persian_digits

# A run that has not committed a chunk for this long is taken for dead.
ABANDONED_AFTER = datetime.timedelta(minutes=10)
# Read a run's steps this many at a time (the place lookup is an IN list).
BATCH = 5000


def _subject(kind: str, count: int) -> str:
    n = to_persian_digits(f"{count:,}".replace(",", "٬"))
    if kind == NotificationKind.REMINDER:
        return ngettext(
            "Reminder: %(n)s resolution needs attention",
            "Reminder: %(n)s resolutions need attention",
            count,
        ) % {"n": n}
    return ngettext(
        "Escalation: %(n)s resolution was escalated to you",
        "Escalation: %(n)s resolutions were escalated to you",
        count,
    ) % {"n": n}


def _claim(run: uuid.UUID) -> bool:
    """Mark the run announced; False when another announcer (or an earlier call) did."""
    return (
        SweepRun.objects.filter(run=run, announced_at__isnull=True).update(
            announced_at=timezone.now()
        )
        == 1
    )


# A step's group: its rung, and its resolution's responsible body and follow-up owner.
Group = tuple[int, int | None, int | None]
# A county rung's step: its id, its resolution, that resolution's responsible body.
CountyStep = tuple[int, int, int | None]


@dataclass
class RunSteps:
    """The steps a run's processes took, as `_grouped` reads them back: their ids by group,
    and the county rung's steps one by one. A first pass at 1 M read 1.4 M steps back,
    joined to their resolutions, to learn what each process had in hand: 2.2-2.5 s on
    PostgreSQL, after the processes, while one core waited.

    Each step is grouped by the resolution's body and owner as the pass read them (the
    steps read back are grouped by those of the moment of the announcement)."""

    groups: defaultdict[Group, list[int]] = field(default_factory=lambda: defaultdict(list))
    county: list[CountyStep] = field(default_factory=list)

    def __add__(self, other: "RunSteps") -> "RunSteps":
        joined = RunSteps(county=self.county + other.county)
        for groups in (self.groups, other.groups):
            for group, ids in groups.items():
                joined.groups[group].extend(ids)
        return joined

    def county_batches(self) -> Iterator[list[CountyStep]]:
        steps = iter(self.county)
        while batch := list(itertools.islice(steps, BATCH)):
            yield batch


def _grouped(
    steps: QuerySet[SweepStep],
) -> tuple[dict[Group, list[int]], Iterator[list[CountyStep]]]:
    """The run's step ids by (rung, body, owner), except the county rung's, whose
    recipients hang on each resolution's places: those come a batch at a time.

    Every rung but the county's is told by its group: a first pass at 1 M found the
    recipients and listed the step for each of 1.4 M steps. On PostgreSQL the server
    groups them (`array_agg`), where reading the 1.4 M rows back into Python was most of
    a run's announcement. SQLite's `group_concat` was slower than reading the rows, so
    there they are grouped here, in one read with the county rung's.
    """
    fields = ("level", "resolution__responsible_body_id", "resolution__followup_owner_id")
    county_fields = ("pk", "resolution_id", "resolution__responsible_body_id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg  # psycopg: PostgreSQL only

        grouped = (
            steps.exclude(level=Level.COUNTY)
            .order_by()
            .values_list(*fields)
            .annotate(ids=ArrayAgg("pk"))
        )
        groups = {(level, body, owner): ids for level, body, owner, ids in driver_rows(grouped)}
        county_steps = steps.filter(level=Level.COUNTY).values_list(*county_fields)
        return groups, driver_batches(county_steps, BATCH)
    groups_read: dict[Group, list[int]] = defaultdict(list)
    county_read: list[list[CountyStep]] = []
    for batch in driver_batches(steps.values_list("pk", "resolution_id", *fields), BATCH):
        county: list[CountyStep] = []
        for step, pk, level, body, owner in batch:
            if level == Level.COUNTY:
                county.append((step, pk, body))
            else:
                groups_read[(level, body, owner)].append(step)
        county_read.append(county)
    return groups_read, iter(county_read)


@transaction.atomic
def sweep_run_announce(run: uuid.UUID, taken: RunSteps | None = None) -> int:
    """Queue one message per recipient and kind listing the run's steps; return how many
    messages (a message is an inbox row, and an email row for those with an address).

    `taken`: every step the run took, handed over by a pass that ran to its end; without
    it the run's steps are read back (a run that failed half way, or died)."""
    if not _claim(run):
        return 0
    directory = Directory()
    steps: dict[tuple[int, str], list[int]] = defaultdict(list)
    users: dict[int, User] = {}

    def tell(recipients: list[User], level: int, ids: list[int]) -> None:
        kind = NotificationKind.REMINDER if level == Level.REMINDER else NotificationKind.ESCALATION
        for user in recipients:
            users[user.pk] = user
            steps[(user.pk, kind)].extend(ids)

    groups: dict[Group, list[int]]
    county_batches: Iterable[list[CountyStep]]
    if taken is not None:
        groups, county_batches = taken.groups, taken.county_batches()
    else:
        after = SweepRun.objects.filter(run=run).values_list("steps_after", flat=True).get()
        groups, county_batches = _grouped(SweepStep.objects.filter(pk__gt=after, run=run))
    for county in county_batches:
        places = directory.place_paths(pk for _, pk, _ in county)
        for step, pk, body in county:
            recipients = directory.recipients(
                Level.COUNTY, body=body, owner=None, places=places.get(pk, ())
            )
            tell(recipients, Level.COUNTY, [step])
    for (level, body, owner), ids in groups.items():
        tell(directory.recipients(level, body=body, owner=owner), level, ids)
    messages = [
        Message(
            users=[users[user]],
            kind=kind,
            subject=_subject(kind, len(ids)),
            key=f"sweep:{run}:{kind}",
            template="steps",
            context=step_ids_context(ids),
            email_context=step_ids_context(ids, at_most=rendering.LISTED),  # the inbox has all
        )
        for (user, kind), ids in sorted(steps.items())
    ]
    notifications_queue_many(messages, known_new=True)
    return len(messages)


def sweep_runs_abandoned_announce() -> int:
    """Announce the steps of runs that died before announcing them; return how many runs."""
    cutoff = timezone.now() - ABANDONED_AFTER
    dead = SweepRun.objects.filter(announced_at__isnull=True, beat_at__lt=cutoff)
    runs = list(dead.order_by("started_at").values_list("run", flat=True))
    for run in runs:
        sweep_run_announce(run)
    return len(runs)
