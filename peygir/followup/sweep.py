"""The sweep: find every open resolution that breaks the invariant, is overdue or stale, or
waits on a letter past its reply date, and take the next rung of the ladder for it.

Every step is one transaction that first inserts its SweepStep row; the unique constraint
on (resolution, condition, level, period) means a step is taken once, even by two sweeps
at once or by a sweep re-run after an interruption.
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peygir.followup import conf, events
from peygir.followup.choices import MISSING_CONDITIONS, Condition, Level
from peygir.followup.models import EscalationRule, FollowupAction, SweepStep
from peygir.followup.recipients import Directory
from peygir.followup.rules import escalation_rules_ensure
from peygir.followup.selectors import unanswered_letters
from peygir.notifications.models import NotificationKind
from peygir.notifications.services import Message, notifications_queue_many, render
from peygir.persian.digits import to_persian_digits
from peygir.resolutions.choices import OPEN_STATUSES
from peygir.resolutions.models import Resolution
from peygir.workdays.calendar import add_working_days, working_days_between


@dataclass(frozen=True)
class Finding:
    resolution_id: int
    condition: Condition
    period: str  # names this occurrence of the condition
    since: datetime.date  # when the condition began


def _open() -> "Q":
    return Q(status__in=OPEN_STATUSES)


def find(today: datetime.date) -> Iterator[Finding]:
    """Yield every condition the sweep must look at today."""
    open_ = Resolution.objects.filter(_open())
    missing = {
        Condition.NO_OWNER: Q(responsible_body__isnull=True) | Q(followup_owner__isnull=True),
        Condition.NO_DEADLINE: Q(deadline__isnull=True),
        Condition.NO_NEXT_FOLLOWUP: Q(next_followup_date__isnull=True),
    }
    for condition, rule in missing.items():
        for pk in open_.filter(rule).values_list("pk", flat=True).iterator():
            yield Finding(pk, condition, "", today)
    for pk, deadline in open_.filter(deadline__lt=today).values_list("pk", "deadline").iterator():
        if deadline is not None:
            yield Finding(pk, Condition.OVERDUE, deadline.isoformat(), deadline)
    # Stale: the last action (or the registration) is older than N working days.
    stale_days = conf.stale_working_days()
    threshold = add_working_days(today, -stale_days)
    last_action = (
        FollowupAction.objects.filter(resolution=OuterRef("pk"))
        .order_by()
        .values("resolution")
        .annotate(last=Max("date"))
        .values("last")
    )
    quiet = open_.annotate(
        quiet_since=Coalesce(
            Subquery(last_action, output_field=DateField()),
            TruncDate("created_at", tzinfo=timezone.get_current_timezone()),
        )
    ).filter(quiet_since__lt=threshold)
    for pk, since in quiet.values_list("pk", "quiet_since").iterator():
        if since is not None:
            yield Finding(
                pk, Condition.STALE, since.isoformat(), add_working_days(since, stale_days)
            )
    letters = unanswered_letters().filter(reply_due__lt=today, resolution__status__in=OPEN_STATUSES)
    for pk, letter_id, due in letters.values_list("resolution_id", "pk", "reply_due").iterator():
        if due is not None:
            yield Finding(pk, Condition.LETTER_UNANSWERED, f"letter-{letter_id}", due)


def _instruction(condition: str, level: int, resolution: Resolution) -> str:
    labels = {"condition": Condition(condition).label, "level": Level(level).label}
    if level == Level.REMINDER:
        return _("Reminder: this resolution needs attention («%(condition)s»).") % labels
    if level == Level.MINISTRY_LETTER:
        counterpart = resolution.national_counterpart or resolution.responsible_body
        return _("Escalated («%(condition)s»): prepare a letter to the ministry (%(body)s).") % {
            **labels,
            "body": counterpart or "—",
        }
    if level == Level.VISIT:
        return (
            _("Escalated («%(condition)s»): arrange an in-person visit to the national official.")
            % labels
        )
    return _("Escalated to «%(level)s» because: «%(condition)s».") % labels


CHUNK = 500


def _take(
    chunk: list[tuple[Finding, int]], today: datetime.date, run: uuid.UUID, directory: Directory
) -> int:
    """Take a chunk of steps in one transaction; return how many this run won.

    Insert-or-skip all the step rows, read back the ones carrying this run's id (another
    sweep may have won some), and write events and notifications for those only.
    """
    with transaction.atomic():
        SweepStep.objects.bulk_create(
            [
                SweepStep(
                    resolution_id=finding.resolution_id,
                    condition=finding.condition,
                    level=level,
                    period=finding.period,
                    taken_on=today,
                    run=run,
                )
                for finding, level in chunk
            ],
            ignore_conflicts=True,
        )
        ids = {finding.resolution_id for finding, _ in chunk}
        mine = set(
            SweepStep.objects.filter(run=run, resolution_id__in=ids).values_list(
                "resolution_id", "condition", "level", "period"
            )
        )
        won = [
            (finding, level)
            for finding, level in chunk
            if (finding.resolution_id, finding.condition, level, finding.period) in mine
        ]
        resolutions = (
            Resolution.objects.select_related(
                "responsible_body__place", "followup_owner", "national_counterpart"
            )
            .prefetch_related("places")
            .in_bulk({finding.resolution_id for finding, _ in won})
        )
        timeline = []
        messages = []
        for finding, level in won:
            resolution = resolutions[finding.resolution_id]
            message = _instruction(finding.condition, level, resolution)
            timeline.append(
                events.event_swept(resolution, finding.condition, finding.period, level, message)
            )
            text, html = render(
                "step",
                {
                    "subject": message,
                    "instruction": message,
                    "resolution": resolution,
                    "since": finding.since,
                    "today": today,
                },
            )
            messages.append(
                Message(
                    users=directory.recipients(resolution, level),
                    kind=NotificationKind.REMINDER if level == 0 else NotificationKind.ESCALATION,
                    subject=f"{to_persian_digits(resolution.tracking_code)}: {message}",
                    text=text,
                    html=html,
                    key=f"step:{resolution.pk}:{finding.condition}:{level}:{finding.period}",
                    resolution=resolution,
                )
            )
        events.events_save(timeline)
        notifications_queue_many(messages)
    return len(won)


def sweep(*, today: datetime.date | None = None) -> dict[str, object]:
    """Run one pass; return a summary of what was found and done."""
    today = today or timezone.localdate()
    if not EscalationRule.objects.exists():
        escalation_rules_ensure()
    rules = {
        (rule.condition, rule.level): rule.after_working_days
        for rule in EscalationRule.objects.filter(is_active=True)
    }
    findings = list(find(today))
    taken: dict[tuple[int, str, str], tuple[int, datetime.date]] = {}
    for row in (
        # Joined rather than listed: a list of ids would outgrow SQLite's bound parameters.
        SweepStep.objects.filter(resolution__status__in=OPEN_STATUSES)
        .values("resolution_id", "condition", "period")
        .annotate(level=Max("level"), last=Max("taken_on"))
    ):
        key = (row["resolution_id"], row["condition"], row["period"])
        taken[key] = (row["level"], row["last"])
    found: Counter[str] = Counter(f.condition for f in findings)
    due: list[tuple[Finding, int]] = []
    for finding in findings:
        done, last = taken.get(
            (finding.resolution_id, finding.condition, finding.period), (-1, None)
        )
        level = done + 1
        if finding.condition in MISSING_CONDITIONS and level > Level.REMINDER:
            continue
        after = rules.get((finding.condition, level))
        # One rung per day at most, and only when its rule says it is time.
        if after is None or last == today:
            continue
        if working_days_between(finding.since, today) < after:
            continue
        due.append((finding, level))
    # The same order in every sweep, so two at once wait on each other instead of deadlocking.
    due.sort(key=lambda item: (item[0].resolution_id, item[0].condition, item[0].period))
    run = uuid.uuid4()
    won = reminders = 0
    if due:
        directory = Directory()
        with translation.override(settings.LANGUAGE_CODE):
            for i in range(0, len(due), CHUNK):
                won += _take(due[i : i + CHUNK], today, run, directory)
        reminders = SweepStep.objects.filter(run=run, level=Level.REMINDER).count()
    escalations = won - reminders
    skipped = len(due) - won
    overdue_original = (
        Resolution.objects.filter(_open(), original_deadline__lt=today)
        .exclude(original_deadline=None)
        .count()
    )
    return {
        "date": today.isoformat(),
        "found": {condition.value: found.get(condition.value, 0) for condition in Condition},
        "overdue_against_original_deadline": overdue_original,
        "reminders": reminders,
        "escalations": escalations,
        "already_taken_by_another_sweep": skipped,
    }
