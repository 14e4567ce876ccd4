"""No path publishes a promise that did not pass: the admin, the demo loader, the service."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from peygir.conftest import World
from peygir.feasibility.gate import PASSING_VERDICTS, publication_blockers
from peygir.feasibility.testing import satisfy_gate
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


def test_the_province_adds_a_checklist_item_in_the_admin_and_the_gate_asks_it(
    world: World,
) -> None:
    resolution = world.resolution()
    satisfy_gate(resolution, assessor=world.users["deputy"], body_officer=world.users["officer"])
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:feasibility_checklistitem_add"),
        {
            "code": "permits",
            "question": "مجوز محیط زیست گرفته شده است؟",
            "order": 1,
            "is_required": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert [b.code for b in publication_blockers(resolution)] == ["checklist:permits"]


def test_the_api_publishes_only_what_passed_the_gate(world: World) -> None:
    blocked = world.resolution()
    ready = world.resolution(title="گازرسانی به روستای فردو")
    satisfy_gate(ready, assessor=world.users["deputy"], body_officer=world.users["officer"])
    client = APIClient()
    client.force_authenticate(world.users["secretariat"])
    refused = client.post(f"/api/v1/resolutions/{blocked.pk}/publish/")
    assert refused.status_code == 400
    messages = [item["message"] for item in refused.json()["fields"]["non_field_errors"]]
    assert "دستگاه مسئول هنوز ارجاع را نپذیرفته است." in messages
    assert Resolution.objects.get(pk=blocked.pk).visibility == Visibility.INTERNAL
    assert client.post(f"/api/v1/resolutions/{ready.pk}/publish/").status_code == 200
    assert Resolution.objects.get(pk=ready.pk).visibility == Visibility.PUBLIC
