"""The verdict: who may give it, what it records, and what «not feasible» does."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from peygir.conftest import World
from peygir.feasibility.gate import publication_blockers
from peygir.feasibility.models import Answer, ChecklistItem
from peygir.feasibility.services import checklist_answer_record, feasibility_assess
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import services
from peygir.resolutions.choices import EventKind, FeasibilityVerdict, Status
from peygir.resolutions.models import Resolution


def test_the_verdict_is_recorded_with_reasons_by_whom_and_when(world: World) -> None:
    resolution = world.resolution()
    deputy = world.users["deputy"]
    feasibility_assess(
        actor=deputy,
        resolution=resolution,
        verdict=FeasibilityVerdict.CONDITIONAL,
        reasons="مشروط به  تخصيص اعتبار",
    )
    stored = Resolution.objects.get(pk=resolution.pk)
    assert stored.feasibility_verdict == FeasibilityVerdict.CONDITIONAL
    assert stored.feasibility_reasons == "مشروط به تخصیص اعتبار"
    assert stored.feasibility_assessed_by == deputy
    assert stored.feasibility_assessed_at is not None
    event = stored.events.get(kind=EventKind.FEASIBILITY_ASSESSED)
    assert (event.actor, event.data["new"], event.message) == (
        deputy,
        FeasibilityVerdict.CONDITIONAL,
        "مشروط به تخصیص اعتبار",
    )
    assert not event.is_public


def test_a_verdict_needs_reasons(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        feasibility_assess(
            actor=world.users["deputy"],
            resolution=world.resolution(),
            verdict=FeasibilityVerdict.FEASIBLE,
            reasons="  ",
        )
    assert refused.value.message_dict["reasons"] == ["دلایل نظر امکان‌سنجی را بنویسید."]


def test_not_feasible_with_cancel_cancels_the_resolution_as_infeasible(world: World) -> None:
    resolution = world.resolution()
    feasibility_assess(
        actor=world.users["secretariat"],
        resolution=resolution,
        verdict=FeasibilityVerdict.INFEASIBLE,
        reasons="آورد رودخانه کافی نیست",
        cancel_if_infeasible=True,
    )
    stored = Resolution.objects.get(pk=resolution.pk)
    assert stored.status == Status.CANCELLED
    assert stored.status_reason == "غیرقابل تحقق: آورد رودخانه کافی نیست"
    with pytest.raises(ValidationError):
        services.resolution_publish(actor=world.users["secretariat"], resolution=stored)


def test_not_feasible_without_cancel_waits_for_a_rewrite_and_a_new_verdict(world: World) -> None:
    resolution = world.resolution()
    satisfy_gate(resolution, assessor=world.users["deputy"], body_officer=world.users["officer"])
    feasibility_assess(
        actor=world.users["deputy"],
        resolution=resolution,
        verdict=FeasibilityVerdict.INFEASIBLE,
        reasons="مهلت کوتاه است",
    )
    assert resolution.status == Status.ACCEPTED
    assert [b.code for b in publication_blockers(resolution)] == ["infeasible"]
    with pytest.raises(ValidationError) as refused:
        services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)
    assert "غیرقابل تحقق" in refused.value.messages[0]
    services.resolution_update_details(
        actor=world.users["deputy"],
        resolution=resolution,
        expected_version=resolution.version,
        text="مقرر شد اداره کل راه و شهرسازی استان قم راه فردو را تا پایان سال ۱۴۰۵ آسفالت کند.",
    )
    feasibility_assess(
        actor=world.users["deputy"],
        resolution=resolution,
        verdict=FeasibilityVerdict.FEASIBLE,
        reasons="با مهلت جدید قابل تحقق است",
    )
    services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)


@pytest.mark.parametrize("persona", ["secretariat", "deputy", "county", "admin"])
def test_province_wide_staff_and_the_followup_owner_may_assess(world: World, persona: str) -> None:
    resolution = world.resolution()  # its follow-up owner is the Kahak governorate
    feasibility_assess(
        actor=world.users[persona],
        resolution=resolution,
        verdict=FeasibilityVerdict.FEASIBLE,
        reasons="قابل تحقق",
    )


@pytest.mark.parametrize("persona", ["officer", "other_county", "council", "outsider"])
def test_everyone_else_may_not_assess(world: World, persona: str) -> None:
    resolution = world.resolution()
    with pytest.raises(PermissionDenied):
        feasibility_assess(
            actor=world.users[persona],
            resolution=resolution,
            verdict=FeasibilityVerdict.FEASIBLE,
            reasons="قابل تحقق",
        )
    assert not resolution.events.filter(kind=EventKind.FEASIBILITY_ASSESSED).exists()


def test_a_public_promise_is_not_assessed_again(ready: Resolution, world: World) -> None:
    services.resolution_publish(actor=world.users["secretariat"], resolution=ready)
    with pytest.raises(ValidationError) as refused:
        feasibility_assess(
            actor=world.users["deputy"],
            resolution=ready,
            verdict=FeasibilityVerdict.INFEASIBLE,
            reasons="تغییر نظر",
        )
    assert "وعده عمومی" in refused.value.messages[0]


def test_a_no_answer_needs_a_note(world: World) -> None:
    item = ChecklistItem.objects.create(code="site", question="محل اجرا تعیین شده است؟")
    with pytest.raises(ValidationError) as refused:
        checklist_answer_record(
            actor=world.users["deputy"], resolution=world.resolution(), item=item, answer=Answer.NO
        )
    assert refused.value.messages == ["بنویسید چرا پاسخ «محل اجرا تعیین شده است؟» «خیر» است."]
