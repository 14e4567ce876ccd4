from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from peygir.places.models import Place, PlaceKind
from peygir.tallies.selectors import province_counts


class Command(BaseCommand):
    help = (
        "Count again the overview's stored tallies that are dirty or out of date (a new day "
        "makes them all out of date): run it after midnight so no page waits for it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counties = list(Place.objects.filter(kind=PlaceKind.COUNTY))
        counts = province_counts(timezone.localdate(), counties)
        self.stdout.write(f"recounted {counts.recounted}")
