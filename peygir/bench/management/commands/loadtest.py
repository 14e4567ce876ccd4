import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peygir.bench import load


class Command(BaseCommand):
    help = (
        "A bounded mixed load on loopback: staff record follow-ups through the API while "
        "citizens read the portal and comment; then count the rows against the answers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--staff", type=int, default=8, help="Staff threads (one user each)")
        parser.add_argument("--citizens", type=int, default=8, help="Citizen threads")
        parser.add_argument("--resolutions", type=int, default=8, help="Promises to act on")
        parser.add_argument(
            "--url", default="", help="Load a running server instead of starting gunicorn"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        scene = load.seed(staff=options["staff"], resolutions=options["resolutions"])
        if options["url"]:
            report = load.run(
                base_url=options["url"].rstrip("/"),
                scene=scene,
                seconds=options["seconds"],
                citizens=options["citizens"],
            )
        else:
            with load.serve() as base_url:
                report = load.run(
                    base_url=base_url,
                    scene=scene,
                    seconds=options["seconds"],
                    citizens=options["citizens"],
                )
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            for key, value in report.items():
                self.stdout.write(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        if report["errors"] or any(report["lost_or_extra"].values()):
            raise CommandError("the load saw errors or a write count that does not match")
