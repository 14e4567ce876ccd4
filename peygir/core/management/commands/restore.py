from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peygir.core.backup import BackupError, restore_sqlite


class Command(BaseCommand):
    help = "Replace the SQLite database with a backup made by `peygir backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="Backup file to restore")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_sqlite(Path(options["backup"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored into {restored}")
