"""Registering a trip or meeting and typing many resolutions at once."""

import datetime
from collections.abc import Callable

from django.test import Client

from peygir.conftest import World
from peygir.resolutions.choices import Status
from peygir.resolutions.models import Resolution, Source

Clients = Callable[[str], Client]


def _rows(world: World, *rows: dict[str, str], extra: int = 0) -> dict[str, str]:
    data = {
        "rows-TOTAL_FORMS": str(len(rows) + extra),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "60",
    }
    for index, row in enumerate(rows):
        base = {
            "responsible_body": str(world.roads.pk),
            "followup_owner": str(world.kahak_governorate.pk),
            "deadline": "۱۴۰۵/۰۶/۳۱",
            "place": str(world.fordo.pk),
            "category": str(world.category.pk),
        }
        for key, value in {**base, **row}.items():
            data[f"rows-{index}-{key}"] = value
    return data


def _bulk_url(world: World) -> str:
    return f"/staff/sources/{world.source.pk}/resolutions/"


def test_the_secretariat_registers_a_trip_with_a_jalali_date(
    world: World, client_for: Clients
) -> None:
    response = client_for("secretariat").post(
        "/staff/sources/new/",
        {
            "kind": "trip",
            "title": "سفر استاندار به بخش دستجرد",
            "start_date": "۱۴۰۵/۰۸/۲۰",
            "end_date": "1405/08/21",
            "places": [str(world.kahak.pk)],
        },
    )
    source = Source.objects.get(title="سفر استاندار به بخش دستجرد")
    assert response.headers["Location"] == f"/staff/sources/{source.pk}/resolutions/"
    assert source.start_date == datetime.date(2026, 11, 11)
    assert list(source.places.all()) == [world.kahak]


def test_an_end_before_the_start_is_refused_in_persian(world: World, client_for: Clients) -> None:
    response = client_for("secretariat").post(
        "/staff/sources/new/",
        {
            "kind": "meeting",
            "title": "جلسه شورای برنامه‌ریزی",
            "start_date": "۱۴۰۵/۰۸/۲۰",
            "end_date": "۱۴۰۵/۰۸/۱۰",
        },
    )
    assert response.status_code == 422
    assert "تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد" in response.text
    assert "جلسه شورای برنامه‌ریزی" in response.text


def test_many_resolutions_are_registered_at_once(world: World, client_for: Clients) -> None:
    data = _rows(
        world,
        {"title": "آسفالت راه روستای فردو"},
        {"title": "ساخت مدرسه کهک", "text": "مقرر شد مدرسه ساخته شود."},
        {"title": "گازرسانی به روستای وشنوه", "responsible_body": str(world.gas.pk)},
        extra=2,  # two empty rows are ignored
    )
    response = client_for("secretariat").post(
        f"/staff/sources/{world.source.pk}/resolutions/", data
    )
    assert response.status_code == 302
    created = Resolution.objects.filter(source=world.source).order_by("id")
    assert [r.title for r in created] == [
        "آسفالت راه روستای فردو",
        "ساخت مدرسه کهک",
        "گازرسانی به روستای وشنوه",
    ]
    assert all(r.status == Status.ASSIGNED for r in created)
    assert created[2].responsible_body == world.gas
    assert created[0].deadline == datetime.date(2026, 9, 22)


def test_one_bad_row_saves_nothing_and_keeps_every_row(world: World, client_for: Clients) -> None:
    data = _rows(
        world,
        {"title": "آسفالت راه روستای فردو"},
        {"title": "ساخت مدرسه کهک", "deadline": "۱۴۰۵/۱۴/۰۱"},
    )
    response = client_for("secretariat").post(
        f"/staff/sources/{world.source.pk}/resolutions/", data
    )
    assert response.status_code == 422
    assert not Resolution.objects.exists()
    assert "آسفالت راه روستای فردو" in response.text and 'value="۱۴۰۵/۱۴/۰۱"' in response.text


def test_a_deadline_before_the_trip_is_refused_per_row(world: World, client_for: Clients) -> None:
    data = _rows(world, {"title": "آسفالت راه", "deadline": "۱۴۰۰/۰۱/۰۱"})
    response = client_for("secretariat").post(
        f"/staff/sources/{world.source.pk}/resolutions/", data
    )
    assert response.status_code == 422
    assert "مهلت نمی‌تواند پیش از تاریخ شروع باشد" in response.text
    assert not Resolution.objects.exists()


def test_an_empty_submission_asks_for_one_resolution(world: World, client_for: Clients) -> None:
    response = client_for("secretariat").post(
        f"/staff/sources/{world.source.pk}/resolutions/", _rows(world, extra=3)
    )
    assert response.status_code == 422
    assert "دست‌کم یک مصوبه وارد کنید" in response.text


def test_the_trip_page_lists_its_resolutions(world: World, client_for: Clients) -> None:
    resolution = world.resolution()
    text = client_for("county").get(f"/staff/sources/{world.source.pk}/").text
    assert world.source.title in text and resolution.title in text


def test_a_trip_without_anything_visible_is_not_found(world: World, client_for: Clients) -> None:
    world.resolution()
    assert client_for("gas_officer").get(f"/staff/sources/{world.source.pk}/").status_code == 404
