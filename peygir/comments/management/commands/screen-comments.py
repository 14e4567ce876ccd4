import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from peygir.comments import screening
from peygir.comments.selectors import screening_names


class Command(BaseCommand):
    help = (
        'Screen comments: read JSON lines {"text": ..., "context": ...} and write one line '
        '{"decision": ..., "reasons": [...], "scores": {...}} per comment, with the site\'s code.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="a JSON-lines file, or - for stdin"
        )
        parser.add_argument(
            "--signals", action="store_true", help="also write the matched terms and evidence"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        try:
            if name == "-":
                self._screen(sys.stdin, options["signals"])
                return
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            with path.open(encoding="utf-8-sig") as stream:
                self._screen(stream, options["signals"])
        except BrokenPipeError:
            sys.stderr.close()

    def _names(self) -> dict[str, str]:
        # The site checks accusations against the province's bodies; so does the command,
        # when a database is there to read them from.
        try:
            return screening_names()
        except DatabaseError:
            return {}

    def _screen(self, stream: TextIO, with_signals: bool) -> None:
        names = self._names()
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = str(item["text"])
                context = str(item.get("context") or "")
            except (ValueError, KeyError, TypeError) as error:
                self.stderr.write(f"line {number}: not a JSON object with a text: {error}")
                self.stdout.write(json.dumps({"error": "invalid input", "line": number}))
                continue
            verdict = screening.screen(text, context=context, names=names)
            out: dict[str, Any] = {
                "decision": verdict.decision,
                "reasons": verdict.reasons,
                "scores": verdict.scores,
            }
            if with_signals:
                out["signals"] = verdict.signals
            self.stdout.write(json.dumps(out, ensure_ascii=False))
