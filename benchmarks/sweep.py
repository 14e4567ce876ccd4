"""Measure the follow-up sweep over synthetic resolutions, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/sweep.py [--resolutions 5000] [--actions-per 5]
    scripts/with-postgres .venv/bin/python benchmarks/sweep.py --resolutions 5000

Builds a fresh database (a temporary SQLite file, or the DATABASE_URL one), loads the
reference data, bulk-inserts open resolutions with varied deadlines and follow-up dates
and `--actions-per` follow-up actions each (a third of them letters, half of those
answered), then prints JSON figures: the time to find what breaks the invariant, a full
acting pass (reminders, events, inbox rows), and a second pass when nothing changed.
`--find-only` skips the acting passes, to measure detection at a larger scale.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
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
        facts, _versions, _closed = sweeping._facts(ids[i : i + sweeping.CHUNK], today)
        taken = sweeping._taken(f.pk for f in facts)
        for f in facts:
            found = plan(f, today=today, taken=taken.get(f.pk, {}), rules=rules, calendar=calendar)
            findings += len(found.findings)
    return findings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resolutions", type=int, default=5000)
    parser.add_argument("--actions-per", type=int, default=5)
    parser.add_argument("--find-only", action="store_true")
    args = parser.parse_args()
    setup_fresh_database()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from peygir.followup.sweep import sweep

    today = datetime.date.today()  # noqa: DTZ011 - a benchmark, any "today" will do
    started = time.perf_counter()
    sizes = _populate(args.resolutions, args.actions_per, today)
    figures: dict[str, object] = {
        "database": connection.vendor,
        **sizes,
        "populate_s": round(time.perf_counter() - started, 1),
    }
    started = time.perf_counter()
    figures["findings"] = _find(today)
    figures["find_s"] = round(time.perf_counter() - started, 3)
    if not args.find_only:
        started = time.perf_counter()
        first = sweep(today=today)
        figures["full_pass_s"] = round(time.perf_counter() - started, 2)
        figures["steps_taken"] = int(first["reminders"]) + int(first["escalations"])  # type: ignore[call-overload]
        started = time.perf_counter()
        second = sweep(today=today)
        figures["unchanged_pass_s"] = round(time.perf_counter() - started, 3)
        figures["unchanged_pass_steps"] = int(second["reminders"]) + int(second["escalations"])  # type: ignore[call-overload]
        figures["unchanged_pass_read"] = second["examined"]
        started = time.perf_counter()
        third = sweep(today=today + datetime.timedelta(days=1))
        figures["next_day_pass_s"] = round(time.perf_counter() - started, 3)
        figures["next_day_pass_read"] = third["examined"]
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
