"""`peygir generate` makes valid, reproducible synthetic data on both databases."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from peygir.places.models import Place, PlaceKind
from peygir.resolutions.choices import Status, Visibility
from peygir.resolutions.models import Resolution, ResolutionEvent


def titles() -> list[str]:
    return list(Resolution.objects.order_by("tracking_code").values_list("title", flat=True))


@pytest.mark.django_db
def test_generate_makes_valid_rows() -> None:
    output = StringIO()
    call_command("generate", resolutions=60, stdout=output)
    counts = json.loads(output.getvalue())
    assert counts["resolutions"] == 60
    assert Resolution.objects.count() == 60
    assert Place.objects.filter(kind=PlaceKind.PROVINCE).count() == 31
    # Every province has places below it, so place pages work at national scale.
    assert Place.objects.filter(kind=PlaceKind.COUNTY).values("parent").distinct().count() == 31
    for resolution in Resolution.objects.all():
        assert 0 <= resolution.progress <= 100
        assert resolution.deadline and resolution.start_date
        assert resolution.deadline >= resolution.start_date
        assert (resolution.status == Status.DONE) == (resolution.progress == 100) or (
            resolution.status != Status.DONE
        )
        assert resolution.places.count() == 1
    published = Resolution.objects.filter(visibility=Visibility.PUBLIC).count()
    assert ResolutionEvent.objects.count() == 60 + published


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data() -> None:
    call_command("generate", resolutions=20, seed=7, stdout=StringIO())
    first = titles()
    call_command("generate", resolutions=20, seed=7, stdout=StringIO())
    second = titles()[20:]
    assert first == second
