"""`peygir sweep`: one pass of reminders and escalations; prints one JSON summary."""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peygir.followup.sweep import sweep
from peygir.persian import parse_jalali_date


class Command(BaseCommand):
    help = "Find what breaks the follow-up invariant, remind and escalate; print a JSON summary."
    # Run by a timer in production: the system checks import every URL and view, seconds
    # of start-up for a pass that often has nothing to do (`peygir check` runs them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Sweep as of this Jalali date (for a catch-up run); default today."
        )
        parser.add_argument(
            "--full", action="store_true", help="Read every resolution, not only those due."
        )
        parser.add_argument(
            "--processes",
            type=int,
            help="Share a long pass among this many processes (default: PEYGIR_SWEEP_PROCESSES, "
            "else the cores, at most 4).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date | None = None
        if options["date"]:
            today = parse_jalali_date(options["date"])
        summary = sweep(today=today, full=options["full"], processes=options["processes"])
        self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))
