import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peygir.extraction.selectors import extractor_from_registry
from peygir.persian import JalaliDateError, parse_jalali_date


class Command(BaseCommand):
    help = (
        "Print, as a JSON array, the commitments (proposed resolutions) stated in Persian "
        "minutes or news: who must do what, by when."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="a UTF-8 text file, or - for stdin"
        )
        parser.add_argument(
            "--reference-date",
            help="the meeting date, Jalali (1403/08/10, ۱۴۰۳-۰۸-۱۰ …); default: today in Tehran",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reference = self._reference(options["reference_date"])
        text = self._read(options["file"])
        found = extractor_from_registry().extract(text, reference=reference)
        self.stdout.write(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=2))

    def _reference(self, typed: str | None) -> datetime.date:
        if not typed:
            return timezone.localdate()
        try:
            return parse_jalali_date(typed)
        except JalaliDateError as error:
            raise CommandError(str(error)) from error

    def _read(self, name: str) -> str:
        # Bytes, decoded without newline translation: offsets must index the input as given,
        # CRLF and a byte-order mark included.
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            data = path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{name} is not UTF-8 text: {error}") from error
