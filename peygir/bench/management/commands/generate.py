import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peygir.bench.generate import generate


class Command(BaseCommand):
    help = (
        "Add realistic synthetic resolutions (with trips, events, follow-up actions, and "
        "replies to most letters)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resolutions", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1405)
        parser.add_argument("--actions-per-resolution", type=int, default=5)
        parser.add_argument(
            "--index", action="store_true", help="Rebuild the search index afterwards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = generate(
            resolutions=options["resolutions"],
            seed=options["seed"],
            actions_per_resolution=options["actions_per_resolution"],
        )
        if options["index"]:
            from django.core.management import call_command

            call_command("search_reindex", stdout=self.stdout)
        summary: dict[str, float] = {**result.counts}
        summary["seconds"] = round(time.perf_counter() - started, 1)
        self.stdout.write(json.dumps(summary))
