"""The staff page: paste or upload minutes, review the proposals, register them in one go."""

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from peygir.conftest import World
from peygir.resolutions.models import Resolution

MINUTES = (
    "صورتجلسه سفر استاندار به شهرستان کهک\r\n"
    "۱- مقرر شد اداره کل راه و شهرسازی استان قم ظرف سه ماه نسبت به آسفالت راه روستای فردو "
    "اقدام کند.\r\n"
    "۲- شرکت گاز استان قم موظف است به‌زودی گازرسانی به کهک را تکمیل کند.\r\n"
    "۳- استاندار از تلاش‌های فرمانداری کهک قدردانی کرد.\r\n"
)


def _client(world: World, who: str = "secretariat") -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def _url(world: World) -> str:
    return reverse("extraction:extract", args=[world.source.pk])


def _read(client: Client, world: World, **extra: Any) -> Any:
    data = {"text": MINUTES, "reference_date": "۱۴۰۴/۰۲/۳۰", "read": "", **extra}
    return client.post(_url(world), data)


def _register_data(world: World, *, gas_deadline: str = "") -> dict[str, str]:
    rows = [
        ("راه روستای فردو", world.roads.pk, "1404/05/30"),
        ("گازرسانی به کهک", world.gas.pk, gas_deadline),
    ]
    data = {
        "text": MINUTES,
        "reference_date": "1404/02/30",
        "register": "",
        "p-TOTAL_FORMS": str(len(rows)),
        "p-INITIAL_FORMS": str(len(rows)),
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "200",
    }
    for i, (title, body, deadline) in enumerate(rows):
        data |= {
            f"p-{i}-include": "on",
            f"p-{i}-title": title,
            f"p-{i}-text": title,
            f"p-{i}-responsible_body": str(body),
            f"p-{i}-followup_owner": str(world.kahak_governorate.pk),
            f"p-{i}-deadline": deadline,
        }
    return data


def test_the_page_lists_trips_and_meetings_to_choose_from(world: World) -> None:
    response = _client(world).get(reverse("extraction:choose"))
    assert response.status_code == 200
    assert "سفر استاندار به شهرستان کهک" in response.content.decode()


def test_reading_proposes_each_commitment_beside_the_highlighted_text(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = _client(world)
    with django_assert_max_num_queries(20):
        response = _read(client, world)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<mark id="sentence-') == 2
    assert f'<option value="{world.roads.pk}" selected>' in html
    assert f'<option value="{world.gas.pk}" selected>' in html
    assert 'value="۱۴۰۴/۰۵/۳۰"' in html  # the resolved deadline, Jalali in Persian digits
    assert "مبهم" in html  # «به‌زودی» is flagged for the secretary to set a date
    # The secretary's own office follows them up unless the trip names its organizer.
    assert f'<option value="{world.secretariat_org.pk}" selected>' in html


def test_registering_creates_the_ticked_resolutions_in_one_go(world: World) -> None:
    before = Resolution.objects.count()
    response = _client(world).post(_url(world), _register_data(world, gas_deadline="1404/09/30"))
    assert response.status_code == 302
    created = Resolution.objects.order_by("pk")[before:]
    assert [(r.responsible_body_id, r.source_id) for r in created] == [
        (world.roads.pk, world.source.pk),
        (world.gas.pk, world.source.pk),
    ]


def test_a_proposal_left_unticked_is_not_registered(world: World) -> None:
    data = _register_data(world)
    del data["p-1-include"]
    before = Resolution.objects.count()
    assert _client(world).post(_url(world), data).status_code == 302
    assert Resolution.objects.count() == before + 1


def test_a_missing_deadline_keeps_every_proposal_unregistered(world: World) -> None:
    before = Resolution.objects.count()
    response = _client(world).post(_url(world), _register_data(world, gas_deadline=""))
    assert response.status_code == 422
    assert "این مقدار لازم است" in response.content.decode()
    assert Resolution.objects.count() == before


def test_a_refusal_of_the_resolution_service_is_shown_in_persian(world: World) -> None:
    before = Resolution.objects.count()
    response = _client(world).post(_url(world), _register_data(world, gas_deadline="1404/01/10"))
    assert response.status_code == 422
    assert "مهلت نمی‌تواند پیش از تاریخ شروع باشد" in response.content.decode()
    assert Resolution.objects.count() == before


def test_a_word_document_is_read(world: World) -> None:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in MINUTES.splitlines())
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    upload = SimpleUploadedFile("minutes.docx", buffer.getvalue())
    response = _client(world).post(
        _url(world), {"document": upload, "reference_date": "1403/08/10", "read": ""}
    )
    assert response.content.decode().count('<mark id="sentence-') == 2


def test_the_text_layer_of_a_pdf_is_read(world: World) -> None:
    import weasyprint

    paragraphs = "".join(f"<p>{line}</p>" for line in MINUTES.splitlines())
    html = f'<html dir="rtl" lang="fa"><body>{paragraphs}</body></html>'
    upload = SimpleUploadedFile("minutes.pdf", weasyprint.HTML(string=html).write_pdf())
    response = _client(world).post(
        _url(world), {"document": upload, "reference_date": "1404/02/30", "read": ""}
    )
    assert response.content.decode().count('<mark id="sentence-') == 2


def test_a_pdf_without_a_text_layer_is_refused_in_persian(world: World) -> None:
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\nnot really a pdf")
    response = _client(world).post(
        _url(world), {"document": upload, "reference_date": "1403/08/10", "read": ""}
    )
    assert "PDF" in response.content.decode()
    assert "خوانده نشد" in response.content.decode()


def test_text_with_no_commitment_says_so(world: World) -> None:
    response = _read(_client(world), world, text="استاندار از شهرداری تشکر کرد.")
    assert "هیچ مصوبه‌ای در این متن پیدا نشد" in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "county", "council", "outsider"])
def test_only_the_province_wide_staff_may_use_it(world: World, who: str) -> None:
    assert _client(world, who).get(_url(world)).status_code == 403
