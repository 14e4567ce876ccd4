"""Load the reference data every deployment needs: places, organizations, categories.

The data ships as JSON beside each app (`<app>/data/*.json`); loading is an upsert by code,
so running it again changes nothing and a newer file updates names in place.
"""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from peygir.organizations.models import Organization
from peygir.organizations.services import organization_upsert
from peygir.places.models import Place
from peygir.places.services import place_upsert
from peygir.resolutions.models import Category
from peygir.workdays.services import holidays_load

APP_ROOT = Path(__file__).resolve().parent.parent


def _read(relative: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((APP_ROOT / relative).read_text(encoding="utf-8"))
    return data


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Upsert places, organizations and categories; return how many of each exist."""
    places: dict[str, Place] = {}
    for row in _read("places/data/places.json"):
        parent = places.get(row["parent"]) if row.get("parent") else None
        places[row["code"]] = place_upsert(
            code=row["code"], name=row["name"], kind=row["kind"], parent=parent
        )
    organizations: dict[str, Organization] = {}
    for row in _read("organizations/data/organizations.json"):
        organizations[row["code"]] = organization_upsert(
            code=row["code"],
            name=row["name"],
            short_name=row.get("short_name") or "",
            kind=row["kind"],
            level=row["level"],
            place=places.get(row["place"]) if row.get("place") else None,
            parent=organizations.get(row["parent"]) if row.get("parent") else None,
        )
    for row in _read("resolutions/data/categories.json"):
        Category.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    return {
        "places": Place.objects.count(),
        "organizations": Organization.objects.count(),
        "categories": Category.objects.count(),
        "holidays": holidays_load(),
    }
