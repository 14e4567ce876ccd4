from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peygir.accounts.models import User
from peygir.reports.weekly import weekly_pdf


class Command(BaseCommand):
    help = "Write the weekly stocktake report as a PDF, counted over one user's view."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="Where to write the PDF")
        parser.add_argument(
            "--user", required=True, help="Whose view the report counts (a username)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']!r}.")
        out = Path(options["out"])
        out.write_bytes(weekly_pdf(user))
        self.stdout.write(f"{out} ({out.stat().st_size} bytes)")
