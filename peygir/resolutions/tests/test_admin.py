"""The admin is Persian, right to left, with Jalali dates, and writes through the services."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peygir.conftest import World
from peygir.resolutions.choices import EventKind, Status
from peygir.resolutions.models import Resolution, ResolutionEvent


@pytest.fixture
def admin_client_fa(world: World) -> Client:
    client = Client()
    client.force_login(world.users["admin"])
    return client


def test_resolution_list_is_persian_rtl_with_jalali_dates(
    world: World, admin_client_fa: Client
) -> None:
    world.resolution()
    page = admin_client_fa.get("/admin/resolutions/resolution/").content.decode()
    assert 'dir="rtl"' in page
    assert 'lang="fa"' in page
    assert "۱۴۰۵/۰۳/۳۱" in page  # 2026-06-21
    assert "2026" not in page
    assert "مصوبه" in page


def test_change_page_shows_the_timeline(world: World, admin_client_fa: Client) -> None:
    resolution = world.resolution()
    page = admin_client_fa.get(f"/admin/resolutions/resolution/{resolution.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "peygir-timeline" in text
    assert "ثبت" in text


def _form(resolution: Resolution, **extra: str) -> dict[str, str]:
    data = {
        "title": resolution.title,
        "text": resolution.text,
        "source": str(resolution.source_id),
        "category": str(resolution.category_id or ""),
        "places": [str(place.pk) for place in resolution.places.all()],
        "responsible_body": str(resolution.responsible_body_id or ""),
        "followup_owner": str(resolution.followup_owner_id or ""),
        "authority_level": "",
        "start_date": "1404/03/11",
        "next_followup_date": "۱۴۰۴/۱۰/۲۰",
        "seen_version": str(resolution.version),
        "funding_lines-TOTAL_FORMS": "0",
        "funding_lines-INITIAL_FORMS": "0",
        "deadline_revisions-TOTAL_FORMS": "0",
        "deadline_revisions-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data  # type: ignore[return-value]


def test_typing_a_jalali_date_with_persian_digits_saves_it(
    world: World, admin_client_fa: Client
) -> None:
    resolution = world.resolution()
    response = admin_client_fa.post(
        f"/admin/resolutions/resolution/{resolution.pk}/change/", _form(resolution)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resolution.refresh_from_db()
    assert resolution.next_followup_date == datetime.date(2026, 1, 10)
    assert resolution.start_date == datetime.date(2025, 6, 1)


def test_an_impossible_jalali_date_is_refused_in_persian(
    world: World, admin_client_fa: Client
) -> None:
    resolution = world.resolution()
    response = admin_client_fa.post(
        f"/admin/resolutions/resolution/{resolution.pk}/change/",
        _form(resolution, next_followup_date="۱۴۰۳/۱۲/۳۱"),
    )
    assert response.status_code == 200
    assert "اسفند" in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.next_followup_date == datetime.date(2026, 1, 10)


def test_a_status_change_that_skips_acceptance_is_refused_and_nothing_saved(
    world: World, admin_client_fa: Client
) -> None:
    resolution = world.resolution()
    response = admin_client_fa.post(
        f"/admin/resolutions/resolution/{resolution.pk}/change/",
        _form(resolution, title="عنوان تغییر کرده", new_status=Status.DONE),
        follow=True,
    )
    assert "بپذیرد" in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.status == Status.ASSIGNED
    assert resolution.title != "عنوان تغییر کرده"


def test_a_stale_form_is_refused(world: World, admin_client_fa: Client) -> None:
    resolution = world.resolution()
    stale = _form(resolution, title="نسخه قدیمی")
    admin_client_fa.post(
        f"/admin/resolutions/resolution/{resolution.pk}/change/",
        _form(resolution, title="نسخه تازه"),
    )
    response = admin_client_fa.post(
        f"/admin/resolutions/resolution/{resolution.pk}/change/", stale, follow=True
    )
    assert "بارگذاری" in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.title == "نسخه تازه"


def test_status_change_through_the_admin_writes_the_event(
    world: World, admin_client_fa: Client
) -> None:
    resolution = world.resolution()
    admin_client_fa.post(
        f"/admin/resolutions/resolution/{resolution.pk}/change/",
        _form(resolution, new_status=Status.ACCEPTED),
    )
    resolution.refresh_from_db()
    assert resolution.status == Status.ACCEPTED
    assert resolution.events.filter(kind=EventKind.ACCEPTED).exists()


def test_events_admin_has_no_change_or_delete(world: World, admin_client_fa: Client) -> None:
    resolution = world.resolution()
    event = resolution.events.first()
    assert event is not None
    assert (
        admin_client_fa.get(f"/admin/resolutions/resolutionevent/{event.pk}/delete/").status_code
        == 403
    )
    response = admin_client_fa.post(
        f"/admin/resolutions/resolutionevent/{event.pk}/change/", {"message": "x"}
    )
    assert response.status_code == 403


def test_staff_officer_sees_only_its_bodys_resolutions_in_the_admin(world: World) -> None:
    from django.contrib.auth.models import Permission

    world.resolution()
    other = world.resolution(title="گازرسانی", responsible_body=world.gas, places=[world.qom_city])
    officer = world.users["officer"]
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_resolution", "change_resolution"])
    )
    client = Client()
    client.force_login(officer)
    assert client.get("/admin/resolutions/resolution/").status_code == 200
    assert client.get(f"/admin/resolutions/resolution/{other.pk}/change/").status_code in {302, 404}


def test_the_admin_lists_every_event_newest_first_by_id(
    world: World, admin_client_fa: Client
) -> None:
    resolution = world.resolution()
    ResolutionEvent.objects.create(resolution=resolution, kind=EventKind.REMINDED)
    newest = ResolutionEvent.objects.order_by("-id").first()
    assert newest is not None
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_fa.get("/admin/resolutions/resolutionevent/")
    assert response.status_code == 200
    assert next(iter(response.context["cl"].result_list)) == newest
    listed = [q["sql"] for q in queries if 'FROM "resolutions_resolutionevent"' in q["sql"]]
    assert any('ORDER BY "resolutions_resolutionevent"."id" DESC' in sql for sql in listed)
