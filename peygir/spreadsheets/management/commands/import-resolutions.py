from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.spreadsheets.importer import CREATE, UNCHANGED, UPDATE, import_resolutions, may_import


class Command(BaseCommand):
    help = "Import resolutions from an .xlsx or .csv file with the export's columns (all or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing")
        parser.add_argument(
            "--user",
            default="",
            help="Who imports (recorded in the timeline); a province-wide user",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = self._user(options["user"])
        report = import_resolutions(
            actor=user, content=path.read_bytes(), commit=not options["dry_run"]
        )
        for error in report.file_errors:
            self.stderr.write(error)
        for row in report.error_rows:
            for error in row.errors:
                self.stderr.write(_("Row %(row)s: %(error)s") % {"row": row.line, "error": error})
        self.stdout.write(
            _(
                "created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
                "errors: %(errors)s"
            )
            % {
                "created": report.count(CREATE),
                "updated": report.count(UPDATE),
                "unchanged": report.count(UNCHANGED),
                "errors": len(report.error_rows) + len(report.file_errors),
            }
        )
        if not report.ok:
            raise CommandError(_("Nothing was written: correct the errors and try again."))
        if report.written:
            self.stdout.write(_("The import was written."))
        else:
            self.stdout.write(_("Dry run: nothing was written."))

    def _user(self, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError(_("No such active user: %(name)s") % {"name": username or "-"})
        if not may_import(user):
            raise CommandError(_("This user may not import resolutions."))
        return user
