"""Each condition of the gate, one test each, and the publish service refusing until it passes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from peygir.conftest import World
from peygir.feasibility.gate import publication_blockers
from peygir.feasibility.models import Answer, ChecklistAnswer, ChecklistItem
from peygir.feasibility.services import feasibility_assess
from peygir.resolutions import services
from peygir.resolutions.choices import AuthorityLevel, FeasibilityVerdict, Status, Visibility
from peygir.resolutions.models import Resolution


def codes(resolution: Resolution) -> set[str]:
    return {blocker.code for blocker in publication_blockers(resolution)}


def refresh(resolution: Resolution) -> Resolution:
    return Resolution.objects.get(pk=resolution.pk)


def test_a_resolution_that_meets_every_condition_has_no_blockers(ready: Resolution) -> None:
    assert publication_blockers(ready) == []


def test_a_fresh_resolution_lists_everything_still_missing_in_persian(world: World) -> None:
    resolution = world.resolution()
    messages = [blocker.message for blocker in publication_blockers(resolution)]
    assert codes(resolution) == {"not_accepted", "no_funding", "no_authority_level", "not_assessed"}
    assert "دستگاه مسئول هنوز ارجاع را نپذیرفته است." in messages
    assert "امکان‌سنجی هنوز انجام نشده است." in messages


def test_no_responsible_body_blocks(world: World) -> None:
    resolution = world.resolution(responsible_body=None)
    assert "no_responsible_body" in codes(resolution)


def test_a_body_that_has_not_accepted_blocks_until_it_accepts(world: World) -> None:
    resolution = world.resolution()
    assert "not_accepted" in codes(resolution)
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    assert "not_accepted" not in codes(resolution)


def test_a_cancelled_resolution_is_never_publishable(ready: Resolution, world: World) -> None:
    services.resolution_change_status(
        actor=world.users["secretariat"], resolution=ready, status=Status.CANCELLED, reason="لغو"
    )
    assert codes(ready) == {"cancelled"}


def test_a_funding_line_without_an_amount_does_not_count(world: World) -> None:
    resolution = world.resolution()
    services.funding_line_add(
        actor=world.users["secretariat"],
        resolution=resolution,
        source="provincial",
        fiscal_year=1404,
    )
    assert "no_funding" in codes(resolution)
    services.funding_line_add(
        actor=world.users["secretariat"],
        resolution=resolution,
        source="national",
        fiscal_year=1405,
        approved=1_000_000,
    )
    assert "no_funding" not in codes(resolution)


def test_funding_not_needed_satisfies_the_funding_condition(world: World) -> None:
    resolution = world.resolution(funding_not_needed=True)
    assert "no_funding" not in codes(resolution)


def test_the_authority_level_must_be_set(world: World) -> None:
    resolution = world.resolution(authority_level=AuthorityLevel.PROVINCE)
    assert not codes(resolution) & {"no_authority_level", "no_national_counterpart"}
    assert "no_authority_level" in codes(world.resolution())


def test_a_ministry_level_resolution_needs_a_national_counterpart(world: World) -> None:
    resolution = world.resolution(authority_level=AuthorityLevel.MINISTRY)
    blockers = publication_blockers(resolution)
    assert "no_national_counterpart" in {blocker.code for blocker in blockers}
    assert "به وزارتخانه نیاز دارد" in " ".join(blocker.message for blocker in blockers)
    with_counterpart = world.resolution(
        authority_level=AuthorityLevel.MINISTRY, national_counterpart=world.ministry
    )
    assert "no_national_counterpart" not in codes(with_counterpart)


def test_a_deadline_is_required(world: World) -> None:
    resolution = world.resolution(deadline=None)
    assert "no_deadline" in codes(resolution)
    assert "no_deadline" not in codes(world.resolution())


@pytest.mark.parametrize(
    ("verdict", "blocked"),
    [
        (FeasibilityVerdict.NOT_ASSESSED, "not_assessed"),
        (FeasibilityVerdict.INFEASIBLE, "infeasible"),
        (FeasibilityVerdict.FEASIBLE, None),
        (FeasibilityVerdict.CONDITIONAL, None),
    ],
)
def test_only_a_feasible_verdict_passes(
    ready: Resolution, verdict: str, blocked: str | None
) -> None:
    Resolution.objects.filter(pk=ready.pk).update(feasibility_verdict=verdict)
    assert codes(refresh(ready)) == ({blocked} if blocked else set())


def test_a_required_checklist_item_must_be_answered_yes_or_not_applicable(
    ready: Resolution, world: World
) -> None:
    item = ChecklistItem.objects.create(code="site", question="محل اجرا تعیین شده است؟")
    assert codes(ready) == {"checklist:site"}
    message = publication_blockers(ready)[0].message
    assert "«محل اجرا تعیین شده است؟» هنوز پاسخ داده نشده است" in message
    answer = ChecklistAnswer.objects.create(resolution=ready, item=item, answer=Answer.NO)
    assert "«خیر» است" in publication_blockers(ready)[0].message
    answer.answer = Answer.NOT_APPLICABLE
    answer.save()
    assert codes(ready) == set()


def test_optional_and_inactive_checklist_items_do_not_block(ready: Resolution) -> None:
    ChecklistItem.objects.create(code="nice", question="اطلاع‌رسانی شده است؟", is_required=False)
    ChecklistItem.objects.create(code="old", question="پرسش قدیمی", is_active=False)
    assert codes(ready) == set()


def test_publish_refuses_listing_every_blocker_in_persian(world: World) -> None:
    resolution = world.resolution(deadline=None)
    with pytest.raises(ValidationError) as refused:
        services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)
    assert "مهلتی تعیین نشده است." in refused.value.messages
    assert len(refused.value.messages) == 5
    assert refresh(resolution).visibility == Visibility.INTERNAL
    assert not resolution.events.filter(kind="published").exists()


def test_publish_succeeds_once_the_gate_passes(ready: Resolution, world: World) -> None:
    services.resolution_publish(actor=world.users["secretariat"], resolution=ready)
    assert refresh(ready).visibility == Visibility.PUBLIC


def test_a_verdict_given_before_the_deadline_changed_must_be_given_again(
    ready: Resolution, world: World
) -> None:
    services.resolution_revise_deadline(
        actor=world.users["deputy"],
        resolution=ready,
        new_date=datetime.date(2025, 7, 1),
        reason="درخواست فرماندار",
    )
    blockers = publication_blockers(ready)
    assert [blocker.code for blocker in blockers] == ["verdict_outdated"]
    assert "دوباره امکان‌سنجی کنید" in blockers[0].message
    feasibility_assess(
        actor=world.users["deputy"], resolution=ready, verdict="feasible", reasons="بازبینی شد"
    )
    assert publication_blockers(ready) == []


def test_a_change_of_follow_up_date_keeps_the_verdict(ready: Resolution, world: World) -> None:
    services.resolution_update_details(
        actor=world.users["deputy"],
        resolution=ready,
        expected_version=ready.version,
        next_followup_date=datetime.date(2026, 2, 1),
    )
    assert publication_blockers(ready) == []
