from typing import Any

from django.core.management.base import BaseCommand
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

    def handle(self, *args: Any, **options: Any) -> None:
        # Pages may take rows awaiting this count as they are while a recount is under way.
        recount_began()
        today = timezone.localdate()
        counties = list(Place.objects.filter(kind=PlaceKind.COUNTY))
        counts = province_counts(today, counties)
        self.stdout.write(f"recounted {counts.recounted + dashboards_refresh(today)}")
