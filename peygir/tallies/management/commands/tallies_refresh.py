import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from peygir.places.models import Place, PlaceKind
from peygir.tallies.dashboards import dashboards_refresh
from peygir.tallies.freshness import recount_began
from peygir.tallies.selectors import province_counts


class Command(BaseCommand):
    help = (
        "Count again the stored tallies (the overview's and the dashboards') that are dirty "
        "or out of date (a new day makes them all out of date): run it after midnight so no "
        "page waits for it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seconds",
            type=float,
            default=None,
            help=(
                "Stop counting the dashboards' blocks after about this long and leave the rest "
                "for the next run (the worker's rounds share a new day's recount this way)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["seconds"]
        until = time.monotonic() + seconds if seconds is not None else None
        # Pages may take rows awaiting this count as they are while a recount is under way.
        recount_began()
        today = timezone.localdate()
        counties = list(Place.objects.filter(kind=PlaceKind.COUNTY))
        counts = province_counts(today, counties)
        recounted = counts.recounted + dashboards_refresh(today, until=until)
        self.stdout.write(f"recounted {recounted}")
