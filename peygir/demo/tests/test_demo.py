"""`peygir demo` loads the demo, and loading it twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from peygir.accounts.models import User
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.resolutions.choices import Status
from peygir.resolutions.models import Resolution, ResolutionEvent, Source


def counts() -> tuple[int, ...]:
    return (
        Place.objects.count(),
        Organization.objects.count(),
        Source.objects.count(),
        Resolution.objects.count(),
        ResolutionEvent.objects.count(),
        User.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_demo_loads_once_and_the_second_run_changes_nothing() -> None:
    call_command("demo", stdout=StringIO())
    first = counts()
    assert Place.objects.filter(kind="province").count() == 31
    assert Source.objects.count() == 2
    assert Resolution.objects.count() >= 20
    statuses = set(Resolution.objects.values_list("status", flat=True))
    assert {Status.DONE, Status.IN_PROGRESS, Status.CANCELLED} <= statuses
    output = StringIO()
    call_command("demo", stdout=output)
    assert counts() == first
    assert "peygir-demo" in output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_every_persona_can_log_in_to_the_admin() -> None:
    call_command("demo", stdout=StringIO())
    for username in ["admin", "secretariat", "deputy", "county", "officer", "council", "moderator"]:
        client = Client()
        assert client.login(username=username, password="peygir-demo"), username


@pytest.mark.django_db(transaction=True)
def test_demo_staff_personas_can_use_the_admin_and_their_pages() -> None:
    call_command("demo", stdout=StringIO())
    client = Client()
    assert client.login(username="secretariat", password="peygir-demo")
    page = client.get("/admin/resolutions/resolution/")
    assert page.status_code == 200
    assert "۱۴۰" in page.content.decode()  # Jalali dates with Persian digits
    assert client.get("/staff/").status_code in {200, 302}
    assert client.get("/staff/needs/").status_code == 200
