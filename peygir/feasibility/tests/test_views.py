"""The staff page /staff/feasibility/<pk>/: who sees it, what it shows, and its forms."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from peygir.conftest import World
from peygir.feasibility.models import ChecklistAnswer, ChecklistItem
from peygir.feasibility.tests.conftest import finish
from peygir.resolutions.choices import FeasibilityVerdict, Status, Visibility
from peygir.resolutions.models import Resolution


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_the_page_shows_blockers_estimate_wording_and_the_form_in_persian(
    world: World, django_assert_max_num_queries
) -> None:
    for n in range(6):  # history, so that the evidence table is drawn too
        finish(
            world,
            start=datetime.date(2025, 1, 4),
            done=datetime.date(2025, 3, 1) + datetime.timedelta(days=30 * n),
        )
    resolution = world.resolution(
        text="مقرر شد راه روستا آسفالت شود.", deadline=datetime.date(2025, 6, 10)
    )
    ChecklistItem.objects.create(code="site", question="محل اجرا تعیین شده است؟")
    ChecklistItem.objects.create(code="permits", question="مجوزها گرفته شده است؟")
    client = client_for(world, "secretariat")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("feasibility:detail", args=[resolution.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page and 'lang="fa"' in page
    assert "دستگاه مسئول هنوز ارجاع را نپذیرفته است." in page
    assert "«محل اجرا تعیین شده است؟» هنوز پاسخ داده نشده است" in page
    assert "بر پایه ۶ مصوبه انجام‌شده" in page
    assert 'id="deadline-warning"' in page
    assert "دستگاه مسئولی" in page
    assert 'id="assessment-form"' in page
    assert "۱۴۰۴/۰۳/۲۰" in page  # the deadline, Jalali with Persian digits


def test_someone_who_may_not_see_the_resolution_gets_404(world: World) -> None:
    resolution = world.resolution()
    for persona in ["other_county", "council", "outsider"]:
        response = client_for(world, persona).get(
            reverse("feasibility:detail", args=[resolution.pk])
        )
        assert response.status_code == 404, persona


def test_the_body_officer_reads_the_page_without_the_forms(world: World) -> None:
    resolution = world.resolution()
    response = client_for(world, "officer").get(reverse("feasibility:detail", args=[resolution.pk]))
    assert response.status_code == 200
    assert 'id="assessment-form"' not in response.content.decode()
    posted = client_for(world, "officer").post(
        reverse("feasibility:assess", args=[resolution.pk]),
        {"verdict": "feasible", "reasons": "خوب", "version": resolution.version},
    )
    assert posted.status_code == 403


def test_the_followup_owner_records_a_verdict_through_the_page(world: World) -> None:
    resolution = world.resolution()
    response = client_for(world, "county").post(
        reverse("feasibility:assess", args=[resolution.pk]),
        {"verdict": "conditional", "reasons": "مشروط به اعتبار", "version": resolution.version},
    )
    assert response.status_code == 302
    stored = Resolution.objects.get(pk=resolution.pk)
    assert stored.feasibility_verdict == FeasibilityVerdict.CONDITIONAL
    assert stored.feasibility_assessed_by == world.users["county"]


def test_infeasible_and_cancel_through_the_page(world: World) -> None:
    resolution = world.resolution()
    client_for(world, "deputy").post(
        reverse("feasibility:assess", args=[resolution.pk]),
        {
            "verdict": "infeasible",
            "reasons": "آب کافی نیست",
            "cancel_if_infeasible": "on",
            "version": resolution.version,
        },
    )
    assert Resolution.objects.get(pk=resolution.pk).status == Status.CANCELLED


def test_a_stale_form_is_refused_in_persian(world: World) -> None:
    resolution = world.resolution()
    response = client_for(world, "deputy").post(
        reverse("feasibility:assess", args=[resolution.pk]),
        {"verdict": "feasible", "reasons": "خوب", "version": resolution.version - 1},
    )
    assert response.status_code == 400
    assert "کاربر دیگری آن را تغییر داده است" in response.content.decode()


def test_checklist_answers_are_saved_through_the_page(world: World) -> None:
    resolution = world.resolution()
    item = ChecklistItem.objects.create(code="site", question="محل اجرا تعیین شده است؟")
    response = client_for(world, "deputy").post(
        reverse("feasibility:checklist", args=[resolution.pk]),
        {f"answer_{item.pk}": "no", f"note_{item.pk}": ""},
    )
    assert response.status_code == 400
    assert "چرا پاسخ" in response.content.decode()
    response = client_for(world, "deputy").post(
        reverse("feasibility:checklist", args=[resolution.pk]),
        {f"answer_{item.pk}": "na", f"note_{item.pk}": "زمین دولتی است"},
    )
    assert response.status_code == 302
    assert ChecklistAnswer.objects.get(resolution=resolution, item=item).answer == "na"


def test_publishing_through_the_page_is_refused_until_the_gate_passes(
    world: World, ready: Resolution
) -> None:
    blocked = world.resolution()
    client = client_for(world, "secretariat")
    response = client.post(reverse("feasibility:publish", args=[blocked.pk]))
    assert response.status_code == 400
    assert "امکان‌سنجی هنوز انجام نشده است." in response.content.decode()
    assert Resolution.objects.get(pk=blocked.pk).visibility == Visibility.INTERNAL
    response = client.post(reverse("feasibility:publish", args=[ready.pk]))
    assert response.status_code == 302
    assert Resolution.objects.get(pk=ready.pk).visibility == Visibility.PUBLIC


@pytest.mark.parametrize("persona", ["county", "officer"])
def test_only_province_wide_staff_publish(world: World, ready: Resolution, persona: str) -> None:
    response = client_for(world, persona).post(reverse("feasibility:publish", args=[ready.pk]))
    assert response.status_code == 403
    assert Resolution.objects.get(pk=ready.pk).visibility == Visibility.INTERNAL
