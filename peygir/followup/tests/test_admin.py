"""The admin: holidays with Jalali dates; a letter added there goes through the service."""

from django.test import Client

from peygir.conftest import World
from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.followup.tests.helpers import on
from peygir.resolutions.choices import EventKind


def test_holidays_are_listed_with_jalali_dates(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    page = client.get("/admin/workdays/holiday/?q=طبیعت").content.decode()
    assert 'dir="rtl"' in page and "۱۴۰۵/۰۱/۱۳" in page


def test_a_letter_added_in_the_admin_writes_its_event(world: World, client: Client) -> None:
    with on("1405/02/15"):
        resolution = world.resolution()
        client.force_login(world.users["admin"])
        response = client.post(
            "/admin/followup/followupaction/add/",
            {
                "resolution": resolution.pk,
                "kind": ActionKind.LETTER_SENT,
                "date": "۱۴۰۵/۰۲/۱۰",
                "level": 0,
                "letter_number": "۱۲۰۴",
                "subject": "پیگیری آسفالت",
                "is_internal": "on",
                "attachments-TOTAL_FORMS": 0,
                "attachments-INITIAL_FORMS": 0,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    letter = FollowupAction.objects.get()
    assert letter.reply_due is not None  # computed in working days by the service
    assert resolution.events.filter(kind=EventKind.FOLLOWUP_RECORDED).count() == 1
