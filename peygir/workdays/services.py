"""Writes to the holiday calendar."""

import json
from pathlib import Path

from django.db import transaction

from peygir.persian import jalali_to_date
from peygir.workdays.calendar import invalidate_holidays
from peygir.workdays.models import Holiday

HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "holidays.json"


@transaction.atomic
def holidays_load(*, path: Path = HOLIDAYS_FILE) -> int:
    """Add the shipped holidays that are missing; return how many holidays exist.

    Dates already present are left alone: an administrator who confirmed a lunar holiday's
    name or kind in the admin must not see it overwritten by the shipped estimate.
    """
    rows = json.loads(path.read_text(encoding="utf-8"))
    holidays = []
    for row in rows:
        year, month, day = (int(part) for part in row["date"].split("-"))
        holidays.append(
            Holiday(date=jalali_to_date(year, month, day), name=row["name"], kind=row["kind"])
        )
    Holiday.objects.bulk_create(holidays, ignore_conflicts=True)
    transaction.on_commit(invalidate_holidays)
    return Holiday.objects.count()
