from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peygir.core.backup import BackupError, backup_sqlite


class Command(BaseCommand):
    help = "Write an online, verified backup of the SQLite database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target",
            nargs="?",
            help="Backup file (default: var/backups/peygir-<UTC time>.sqlite3)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        target = Path(options["target"] or settings.VAR_DIR / "backups" / f"peygir-{stamp}.sqlite3")
        try:
            written = backup_sqlite(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(written))
