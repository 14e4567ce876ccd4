"""peygir deliver_webhooks: one pass of webhook work (queue new events, send what is due)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peygir.api.webhooks import run_pass


class Command(BaseCommand):
    help = "Queue new timeline events for webhook subscribers and send the deliveries due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=200, help="Send at most this many deliveries."
        )

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        report = run_pass(limit=limit)
        self.stdout.write(
            f"queued {report.queued}, delivered {report.delivered}, "
            f"retrying {report.retrying}, failed {report.failed}"
        )
