"""The needs pages: councils submit, the deputy consolidates; nobody reaches another's lists."""

import pytest
from django.test import Client

from peygir.conftest import World
from peygir.needs import services
from peygir.needs.models import ItemStatus, NeedItem, NeedsList


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


@pytest.fixture
def council_list(world: World) -> NeedsList:
    return services.needs_list_create(
        actor=world.users["council"], council=world.council_org, title="نیازهای شهر کهک"
    )


def test_a_council_member_adds_needs_and_submits(world: World, council_list: NeedsList) -> None:
    client = client_for(world, "council")
    page = client.get("/staff/needs/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    response = client.post(
        f"/staff/needs/lists/{council_list.pk}/",
        {"title": "احداث سالن ورزشي", "estimated_cost": "۱۲٬۰۰۰٬۰۰۰٬۰۰۰", "priority": "1"},
    )
    assert response.status_code == 302
    item = NeedItem.objects.get()
    assert item.title == "احداث سالن ورزشی" and item.estimated_cost == 12_000_000_000
    client.post(f"/staff/needs/lists/{council_list.pk}/submit/")
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED and item.tracking_code
    page = client.get(f"/staff/needs/lists/{council_list.pk}/").content.decode()
    assert "۱۲٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in page


def test_bad_input_is_shown_beside_the_field_and_kept(
    world: World, council_list: NeedsList
) -> None:
    client = client_for(world, "council")
    response = client.post(
        f"/staff/needs/lists/{council_list.pk}/",
        {"title": "آب شرب", "estimated_cost": "-5", "priority": "1"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "آب شرب" in text  # what was typed is kept
    assert not NeedItem.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "gas_officer", "outsider", "other_county"])
def test_others_cannot_reach_a_councils_list(
    world: World, council_list: NeedsList, persona: str
) -> None:
    client = client_for(world, persona)
    assert client.get(f"/staff/needs/lists/{council_list.pk}/").status_code == 404
    assert client.post(f"/staff/needs/lists/{council_list.pk}/submit/").status_code == 404


def test_the_county_reads_but_cannot_change_its_councils_list(
    world: World, council_list: NeedsList
) -> None:
    client = client_for(world, "county")
    assert client.get(f"/staff/needs/lists/{council_list.pk}/").status_code == 200
    assert client.post(f"/staff/needs/lists/{council_list.pk}/submit/").status_code == 403


@pytest.mark.parametrize("persona", ["council", "officer", "county"])
def test_only_the_deputys_office_consolidates(world: World, persona: str) -> None:
    client = client_for(world, persona)
    assert client.get("/staff/needs/duplicates/").status_code == 403
    assert client.get("/staff/needs/dossiers/new/").status_code == 403


def test_anonymous_is_sent_to_log_in(world: World) -> None:
    assert Client().get("/staff/needs/").status_code == 302


def test_deputy_builds_a_dossier_and_downloads_it(world: World, council_list: NeedsList) -> None:
    item = services.need_item_add(
        actor=world.users["council"], needs_list=council_list, title="آسفالت راه", estimated_cost=10
    )
    services.needs_list_submit(actor=world.users["council"], needs_list=council_list)
    client = client_for(world, "deputy")
    client.post(
        f"/staff/needs/items/{item.pk}/",
        {
            "action": "classify",
            "classify-target_body": world.ministry.pk,
            "classify-provincial_priority": "۲",
        },
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.CLASSIFIED and item.provincial_priority == 2
    response = client.post(
        "/staff/needs/dossiers/new/",
        {
            "target_body": world.ministry.pk,
            "title": "پرونده وزارت راه",
            "planned_date": "۱۴۰۵/۰۹/۲۰",
        },
    )
    assert response.status_code == 302
    dossier_url = response["Location"]
    client.post(dossier_url, {"action": "add", "items": [item.pk]})
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_DOSSIER
    pdf = client.get(f"{dossier_url}pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"{dossier_url}xlsx/")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    response = client.post(
        f"/staff/needs/items/{item.pk}/",
        {"action": "answer", "answer-answer": "accepted", "answer-answer_date": "1405/09/25"},
    )
    assert response.status_code == 200  # credit missing: refused in Persian, nothing saved
    assert "اعتبار" in response.content.decode()
    item.refresh_from_db()
    assert item.answer == ""


def test_list_pages_have_a_fixed_query_count(
    world: World, council_list: NeedsList, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for index in range(15):
        services.need_item_add(
            actor=world.users["council"],
            needs_list=council_list,
            title=f"نیاز {index}",
            place=world.fordo,
        )
    client = client_for(world, "deputy")
    with django_assert_max_num_queries(12):
        client.get(f"/staff/needs/lists/{council_list.pk}/")
    with django_assert_max_num_queries(12):
        client.get("/staff/needs/")
