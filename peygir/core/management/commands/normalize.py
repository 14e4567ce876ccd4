import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peygir.persian import normalize


class Command(BaseCommand):
    help = "Print Persian text normalized (letters, spacing, ZWNJ), line for line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="a UTF-8 text file, or - for stdin"
        )
        parser.add_argument("--persian-digits", action="store_true", help="write digits in Persian")
        parser.add_argument(
            "--keep-diacritics", action="store_true", help="keep harakat and tashdid"
        )
        parser.add_argument("--no-zwnj", action="store_true", help="do not restore ZWNJs")

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        try:
            if name == "-":
                self._copy(sys.stdin, options)
                return
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            with path.open(encoding="utf-8-sig") as stream:
                self._copy(stream, options)
        except BrokenPipeError:
            # `peygir normalize big.txt | head` is normal use, not an error.
            sys.stderr.close()

    def _copy(self, stream: TextIO, options: dict[str, Any]) -> None:
        # Line by line so that a large file streams and line numbers stay aligned.
        for line in stream:
            body = line.rstrip("\r\n")
            self.stdout.write(
                normalize(
                    body,
                    persian_digits=options["persian_digits"],
                    strip_diacritics=not options["keep_diacritics"],
                    fix_zwnj=not options["no_zwnj"],
                )
            )
