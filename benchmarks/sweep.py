"""Measure the follow-up sweep over synthetic resolutions, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/sweep.py [--resolutions 5000] [--actions-per 5]
    scripts/with-postgres .venv/bin/python benchmarks/sweep.py --resolutions 5000

Builds a fresh database (a temporary SQLite file, or the DATABASE_URL one), loads the
reference data, bulk-inserts open resolutions with varied deadlines and follow-up dates
and `--actions-per` follow-up actions each (a third of them letters, half of those
answered), then prints JSON figures: the time to find what breaks the invariant, a full
acting pass (reminders, events, inbox rows), a second pass when nothing changed, a
`--full` pass the next day (reading every resolution again) and a pass the day after that
reading only what came due. Each pass gives wall and CPU seconds (this process's CPU: on
PostgreSQL the server's share is not in it), since the machine is often shared.
`--find-only` skips the acting passes, to measure detection at a larger scale.

`--generate` fills the database with `peygir generate`'s data instead (the same rows as
`peygir bench`: five actions each, a quarter of them letters, about 70 % of those answered
by a reply of their own, every status).
`--profile FILE` writes a cProfile of the first pass to FILE; `--queries` adds the wall
time the first pass waited on each kind of statement (on PostgreSQL the server's share).
`--staff` gives every executive body and county governorate a member with an email (and
the governorate a clerk and a deputy), so each run's messages reach people, as in real use.
`--find-only --existing` reads and plans every resolution of the configured database
(PEYGIR_SQLITE_PATH or DATABASE_URL) and writes nothing: a pass's cost before it acts.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fresh_database import setup_fresh_database  # noqa: E402 (beside this script)


def _populate(n: int, actions_per: int, today: datetime.date) -> dict[str, int]:
    from django.utils import timezone

    from peygir.core.reference import load_reference_data
    from peygir.followup.models import FollowupAction
    from peygir.organizations.models import Organization
    from peygir.resolutions.models import Resolution, Source

    load_reference_data()
    rng = random.Random(1405)
    bodies = list(Organization.objects.filter(kind="executive_body").values_list("pk", flat=True))
    owners = list(
        Organization.objects.filter(kind="county_governorate").values_list("pk", flat=True)
    )
    source = Source.objects.create(
        code="BENCH", kind="meeting", title="جلسه آزمایشی", start_date=today
    )
    now = timezone.now()
    open_statuses = ["assigned", "accepted", "in_progress", "stalled", "partially_done"]
    batch: list[Resolution] = []
    for i in range(n):
        deadline = today + datetime.timedelta(days=rng.randint(-300, 300))
        batch.append(
            Resolution(
                tracking_code=f"B-{i:07d}",
                title=f"مصوبه آزمایشی {i}",
                source=source,
                responsible_body_id=rng.choice(bodies) if rng.random() > 0.02 else None,
                followup_owner_id=rng.choice(owners),
                start_date=deadline - datetime.timedelta(days=400),
                original_deadline=deadline - datetime.timedelta(days=rng.choice([0, 0, 60])),
                deadline=deadline,
                next_followup_date=(
                    today + datetime.timedelta(days=rng.randint(-30, 60))
                    if rng.random() > 0.05
                    else None
                ),
                status=rng.choice(open_statuses) if rng.random() > 0.1 else "done",
                created_at=now - datetime.timedelta(days=rng.randint(30, 700)),
            )
        )
    Resolution.objects.bulk_create(batch, batch_size=2000)
    ids = list(Resolution.objects.values_list("pk", flat=True))
    actions: list[FollowupAction] = []
    total = 0
    for pk in ids:
        for _ in range(actions_per):
            day = today - datetime.timedelta(days=rng.randint(1, 400))
            if rng.random() < 1 / 3:
                actions.append(
                    FollowupAction(
                        resolution_id=pk,
                        kind="letter_sent",
                        date=day,
                        letter_number=str(rng.randint(1, 99999)),
                        reply_due=day + datetime.timedelta(days=14),
                    )
                )
            else:
                actions.append(
                    FollowupAction(resolution_id=pk, kind="note", date=day, outcome="پیگیری")
                )
        if len(actions) >= 10000:
            FollowupAction.objects.bulk_create(actions, batch_size=5000)
            total += len(actions)
            actions = []
    FollowupAction.objects.bulk_create(actions, batch_size=5000)
    total += len(actions)
    letters = list(
        FollowupAction.objects.filter(kind="letter_sent").values_list("pk", "resolution_id", "date")
    )
    replies = [
        FollowupAction(resolution_id=res, kind="letter_received", date=day, in_reply_to_id=pk)
        for pk, res, day in letters
        if rng.random() < 0.5
    ]
    FollowupAction.objects.bulk_create(replies, batch_size=5000)
    return {"resolutions": n, "actions": total + len(replies)}


def _staff() -> int:
    """One staff member with an email per executive body and county governorate, and a
    secretariat clerk and a deputy at the governorate, so every step queues real mail."""
    from peygir.accounts.models import Membership, Role, User
    from peygir.organizations.models import Organization

    roles = {
        "executive_body": [Role.OFFICER],
        "county_governorate": [Role.COUNTY],
        "governorate": [Role.SECRETARIAT, Role.DEPUTY],
    }
    members = []
    for org in Organization.objects.filter(kind__in=list(roles)).order_by("pk"):
        for role in roles[org.kind]:
            name = f"bench-{org.pk}-{role}"
            user = User.objects.create(username=name, email=f"{name}@example.invalid")
            members.append(Membership(user=user, organization=org, role=role))
    Membership.objects.bulk_create(members)
    return len(members)


def _find(today: datetime.date) -> int:
    """Read every resolution and plan its steps without taking any; return the findings."""
    from peygir.followup import conf
    from peygir.followup import sweep as sweeping
    from peygir.followup.models import EscalationRule
    from peygir.followup.plan import Calendar, plan
    from peygir.followup.rules import escalation_rules_ensure

    escalation_rules_ensure()
    rules = {
        (rule.condition, rule.level): rule.after_working_days
        for rule in EscalationRule.objects.filter(is_active=True)
    }
    calendar = Calendar(conf.stale_working_days())
    ids = sweeping._candidates(today, everything=True)
    findings = 0
    for i in range(0, len(ids), sweeping.CHUNK):
        facts = sweeping._facts(ids[i : i + sweeping.CHUNK], today)[0]
        taken = sweeping._taken(sorted(f.pk for f in facts))
        for f in facts:
            found = plan(f, today=today, taken=taken.get(f.pk, {}), rules=rules, calendar=calendar)
            findings += len(found.findings)
    return findings


class _StatementTimer:
    """Wall time per kind of statement (its first words and table), as the client waits."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        words = re.sub(r"\s+", " ", sql).split(" ")
        kind = " ".join(words[:2]) + " " + next((w for w in words[2:] if '"' in w), "")
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = kind[:80] + (" (many)" if many else "")
            self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - started
            self.calls[key] = self.calls.get(key, 0) + 1

    def table(self) -> list[tuple[str, int, float]]:
        rows = [(k, self.calls[k], round(v, 3)) for k, v in self.seconds.items()]
        return sorted(rows, key=lambda row: -row[2])[:15]


def _find_existing() -> None:
    """Read and plan every resolution of an existing database, as a `--full` pass does
    before it writes anything: the part of a pass that does not depend on how much it acts."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
    import django

    django.setup()
    from django.db import connection

    today = datetime.date.today()  # noqa: DTZ011 - a benchmark, any "today" will do
    started, cpu = time.perf_counter(), time.process_time()
    findings = _find(today)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "findings": findings,
                "find_s": round(time.perf_counter() - started, 1),
                "find_cpu_s": round(time.process_time() - cpu, 1),
            }
        )
    )


def _steps(summary: dict[str, object]) -> int:
    return int(str(summary["reminders"])) + int(str(summary["escalations"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resolutions", type=int, default=5000)
    parser.add_argument("--actions-per", type=int, default=5)
    parser.add_argument("--find-only", action="store_true")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="with --find-only: read the configured database (PEYGIR_SQLITE_PATH or "
        "DATABASE_URL) instead of building one; it only reads",
    )
    parser.add_argument("--generate", action="store_true", help="peygir generate's data")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the first pass to FILE")
    parser.add_argument("--staff", action="store_true", help="give organizations members")
    parser.add_argument(
        "--queries", action="store_true", help="time the first pass's statements by kind"
    )
    args = parser.parse_args()
    if args.existing:
        _find_existing()
        return
    setup_fresh_database()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # as in production: no per-query logging
    from django.db import connection

    call_command("migrate", verbosity=0)
    from peygir.followup.sweep import sweep
    from peygir.notifications.models import Notification

    today = datetime.date.today()  # noqa: DTZ011 - a benchmark, any "today" will do
    started = time.perf_counter()
    if args.generate:
        from peygir.bench.generate import generate

        made = generate(resolutions=args.resolutions, actions_per_resolution=args.actions_per)
        sizes = {
            "resolutions": args.resolutions,
            "actions": made.counts["followup_actions"],
            "replies": made.counts.get("replies", 0),
        }
    else:
        sizes = _populate(args.resolutions, args.actions_per, today)
    if args.staff:
        sizes["staff"] = _staff()
    figures: dict[str, object] = {
        "database": connection.vendor,
        **sizes,
        "populate_s": round(time.perf_counter() - started, 1),
    }
    started = time.perf_counter()
    figures["findings"] = _find(today)
    figures["find_s"] = round(time.perf_counter() - started, 3)
    if not args.find_only:
        profiler = cProfile.Profile() if args.profile else None
        started, cpu = time.perf_counter(), time.process_time()
        if profiler is not None:
            profiler.enable()
        timer = _StatementTimer()
        with connection.execute_wrapper(timer) if args.queries else contextlib.nullcontext():
            first = sweep(today=today)
        if args.queries:
            figures["statements"] = timer.table()
        figures["full_pass_s"] = round(time.perf_counter() - started, 2)
        figures["full_pass_cpu_s"] = round(time.process_time() - cpu, 2)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        figures["steps_taken"] = _steps(first)
        one_day = datetime.timedelta(days=1)
        for name, day, full in [
            ("unchanged_pass", today, False),
            ("full_next_day_pass", today + one_day, True),
            ("due_day_after_pass", today + 2 * one_day, False),
        ]:
            started, cpu = time.perf_counter(), time.process_time()
            summary = sweep(today=day, full=full)
            figures[f"{name}_s"] = round(time.perf_counter() - started, 3)
            figures[f"{name}_cpu_s"] = round(time.process_time() - cpu, 3)
            figures[f"{name}_read"] = summary["examined"]
            figures[f"{name}_steps"] = _steps(summary)
        figures["outbox_rows"] = Notification.objects.count()
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
