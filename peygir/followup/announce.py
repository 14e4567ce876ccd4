"""Tell people what a sweep did: one message per recipient and kind for a whole run.

Each step used to queue an inbox and an email row per recipient: at a million resolutions
that was over eight million rows in one morning, most of the sweep's time, and a body's
inbox buried under thousands of messages. Now a run's steps are listed in one message per
recipient (reminders and escalations apart), rendered at delivery from the steps
themselves, so what it says is what the step recorded.

A run is announced after its last chunk commits, in one transaction that first claims the
run (so two announcers never both queue). A run that died half way is announced by the
next sweep once its heartbeat is older than `ABANDONED_AFTER`; its committed steps are
told, once, and the steps it never took are taken and told by the sweep that takes them.
"""

import datetime
import uuid
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from peygir.accounts.models import User
from peygir.followup.choices import Level
from peygir.followup.models import SweepRun, SweepStep
from peygir.followup.recipients import Directory
from peygir.followup.rows import driver_batches
from peygir.notifications.models import NotificationKind
from peygir.notifications.services import Message, notifications_queue_many
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


@transaction.atomic
def sweep_run_announce(run: uuid.UUID) -> int:
    """Queue one message per recipient and kind listing the run's steps; return how many
    messages (a message is an inbox row, and an email row for those with an address)."""
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

    rows = SweepStep.objects.filter(run=run).values_list(
        "pk",
        "resolution_id",
        "level",
        "resolution__responsible_body_id",
        "resolution__followup_owner_id",
    )
    # Every rung but the county's is told by its (level, body, owner): the steps are
    # grouped by it first and each group's recipients found once, where a first pass at
    # 1 M found them and listed the step for each of 1.4 M steps. The county rung's
    # recipients depend on the resolution's places, read a batch at a time.
    groups: dict[tuple[int, int | None, int | None], list[int]] = defaultdict(list)
    for batch in driver_batches(rows, BATCH):
        county = []
        for step, pk, level, body, owner in batch:
            if level == Level.COUNTY:
                county.append((step, pk, body))
            else:
                groups[(level, body, owner)].append(step)
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
            context={"steps": sorted(ids)},  # in the order they were taken
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
