"""Django's `flush`, allowed to empty the history tables on SQLite as well.

Flushing erases every table on purpose (tests between transactional runs, an operator
starting over). PostgreSQL truncates, which row triggers do not see; SQLite deletes rows,
so the append-only guard (peygir.core.db_guards) is unlocked for this command alone.
"""

from typing import Any

from django.core.management.commands import flush

from peygir.core.db_guards import history_unlocked


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with history_unlocked(options["database"]):
            super().handle(**options)
