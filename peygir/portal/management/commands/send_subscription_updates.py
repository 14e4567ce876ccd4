"""Mail subscribers the status, rating and deadline changes of what they follow."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peygir.portal.updates import send_subscription_updates


class Command(BaseCommand):
    help = "Send subscribers one email per new status, rating or deadline change (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=1000, help="Events to read per run.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_subscription_updates(batch=options["batch"])
        self.stdout.write(
            f"events={report.events} queued={report.queued} "
            f"sent={report.sent} failed={report.failed}"
        )
