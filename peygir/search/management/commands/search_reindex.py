from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peygir.search.models import SearchKind
from peygir.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index of every registered kind (or of --kind ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", choices=SearchKind.values, help="only this kind"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = search_reindex(kinds=options["kind"])
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} indexed")
