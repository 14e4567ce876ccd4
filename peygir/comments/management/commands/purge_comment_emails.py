import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peygir.comments.ratelimit import rate_counters_prune
from peygir.comments.services import EMAIL_RETENTION, comment_emails_purge


class Command(BaseCommand):
    help = "Erase commenters' emails after the retention period and prune old rate counters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=EMAIL_RETENTION.days, help="retention in days"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = comment_emails_purge(older_than=datetime.timedelta(days=options["days"]))
        pruned = rate_counters_prune()
        self.stdout.write(f"{erased} emails erased, {pruned} rate counters pruned")
