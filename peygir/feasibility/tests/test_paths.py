"""No path publishes a promise that did not pass: the admin, the demo loader, the service."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from peygir.conftest import World
from peygir.feasibility.gate import PASSING_VERDICTS, publication_blockers
from peygir.resolutions.choices import EventKind, Visibility
from peygir.resolutions.models import Resolution


def test_the_admin_cannot_make_a_resolution_public(world: World) -> None:
    resolution = world.resolution()
    client = Client()
    client.force_login(world.users["admin"])
    url = reverse("admin:resolutions_resolution_change", args=[resolution.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="visibility"' not in page.content.decode()
    client.post(url, {"title": resolution.title, "visibility": "public"})
    assert Resolution.objects.get(pk=resolution.pk).visibility == Visibility.INTERNAL


@pytest.mark.django_db(transaction=True)
def test_every_public_demo_resolution_passed_the_gate_before_it_was_published() -> None:
    call_command("demo", stdout=StringIO())
    public = Resolution.objects.filter(visibility=Visibility.PUBLIC)
    assert public.count() >= 20
    for resolution in public:
        assert resolution.feasibility_verdict in PASSING_VERDICTS, resolution.tracking_code
        kinds = list(resolution.events.values_list("kind", flat=True))
        assert kinds.index(EventKind.FEASIBILITY_ASSESSED) < kinds.index(EventKind.PUBLISHED)
    # What could not pass stays internal: nobody accepted it yet, so it is no promise.
    for resolution in Resolution.objects.filter(visibility=Visibility.INTERNAL):
        if resolution.feasibility_verdict not in PASSING_VERDICTS:
            assert publication_blockers(resolution)
