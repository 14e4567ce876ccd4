from typing import Any

from django.core.management.base import BaseCommand

from peygir.core.reference import load_reference_data


class Command(BaseCommand):
    help = "Load (or update) places, organizations and categories from the shipped data."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
