"""The resolution services: invariants, Persian refusals, events, and nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import services
from peygir.resolutions.choices import EventKind, PublicRating, RevisionState, Status, Visibility
from peygir.resolutions.models import FundingLine, Resolution, ResolutionEvent


def kinds(resolution: Resolution) -> list[str]:
    return list(resolution.events.values_list("kind", flat=True))


def test_registering_with_a_body_assigns_it_and_writes_both_events(world: World) -> None:
    resolution = world.resolution()
    assert resolution.status == Status.ASSIGNED
    assert resolution.responsible_body == world.roads
    assert resolution.original_deadline == resolution.deadline
    assert kinds(resolution) == [EventKind.CREATED, EventKind.ASSIGNED]
    assert resolution.tracking_code.startswith("QM-14")
    assert resolution.tracking_code.endswith(f"{resolution.pk:05d}")


def test_registering_normalizes_the_text(world: World) -> None:
    resolution = world.resolution(title="ايجاد  راه روستاي فردو")
    assert resolution.title == "ایجاد راه روستای فردو"


def test_deadline_before_start_is_refused_and_nothing_is_saved(world: World) -> None:
    before = Resolution.objects.count()
    with pytest.raises(ValidationError) as caught:
        world.resolution(start_date=datetime.date(2026, 1, 1), deadline=datetime.date(2025, 1, 1))
    assert "مهلت" in str(caught.value)
    assert Resolution.objects.count() == before


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_progress_outside_0_100_is_refused(world: World, progress: int) -> None:
    resolution = world.resolution()
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    with pytest.raises(ValidationError) as caught:
        services.resolution_report_progress(
            actor=world.users["officer"], resolution=resolution, progress=progress, note=""
        )
    assert "پیشرفت" in str(caught.value)
    resolution.refresh_from_db()
    assert resolution.progress == 0
    assert EventKind.PROGRESS_REPORTED not in kinds(resolution)


def test_first_progress_report_starts_the_work(world: World) -> None:
    resolution = world.resolution()
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    services.resolution_report_progress(
        actor=world.users["officer"], resolution=resolution, progress=30, note="پیمانکار مستقر شد"
    )
    resolution.refresh_from_db()
    assert (resolution.status, resolution.progress) == (Status.IN_PROGRESS, 30)
    assert kinds(resolution)[-2:] == [EventKind.PROGRESS_REPORTED, EventKind.STATUS_CHANGED]


def test_progress_before_acceptance_is_refused(world: World) -> None:
    resolution = world.resolution()
    with pytest.raises(ValidationError) as caught:
        services.resolution_report_progress(
            actor=world.users["officer"], resolution=resolution, progress=10, note=""
        )
    assert caught.value.code == "skips_acceptance"


def test_status_change_that_skips_acceptance_is_refused(world: World) -> None:
    resolution = world.resolution()
    with pytest.raises(ValidationError) as caught:
        services.resolution_change_status(
            actor=world.users["secretariat"], resolution=resolution, status=Status.DONE
        )
    assert caught.value.code == "skips_acceptance"
    resolution.refresh_from_db()
    assert resolution.status == Status.ASSIGNED


def test_full_walk_to_done_sets_progress_to_100(world: World) -> None:
    resolution = world.resolution()
    officer = world.users["officer"]
    services.resolution_accept(actor=officer, resolution=resolution)
    services.resolution_report_progress(actor=officer, resolution=resolution, progress=60, note="")
    services.resolution_change_status(actor=officer, resolution=resolution, status=Status.DONE)
    resolution.refresh_from_db()
    assert (resolution.status, resolution.progress) == (Status.DONE, 100)


def test_contesting_returns_it_to_the_owner_with_the_reason(world: World) -> None:
    resolution = world.resolution()
    services.resolution_contest(
        actor=world.users["officer"], resolution=resolution, reason="در حوزه راهداری است"
    )
    resolution.refresh_from_db()
    assert resolution.status == Status.REGISTERED
    event = resolution.events.last()
    assert event is not None
    assert (event.kind, event.message) == (EventKind.CONTESTED, "در حوزه راهداری است")


def test_contest_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationError):
        services.resolution_contest(
            actor=world.users["officer"], resolution=world.resolution(), reason=" "
        )


def test_deadline_revision_history_is_kept(world: World) -> None:
    resolution = world.resolution()
    original = resolution.deadline
    revision = services.deadline_revision_request(
        actor=world.users["officer"],
        resolution=resolution,
        new_date=datetime.date(2026, 9, 22),
        reason="تأخیر در تخصیص اعتبار",
    )
    resolution.refresh_from_db()
    assert resolution.deadline == original  # a request alone changes nothing
    services.deadline_revision_decide(
        actor=world.users["deputy"], revision=revision, approve=True, note="موافقت شد"
    )
    resolution.refresh_from_db()
    revision.refresh_from_db()
    assert resolution.deadline == datetime.date(2026, 9, 22)
    assert resolution.original_deadline == original
    assert revision.state == RevisionState.APPROVED
    assert revision.old_date == original
    assert revision.decided_by == world.users["deputy"]
    revised = resolution.events.get(kind=EventKind.DEADLINE_REVISED)
    assert revised.is_public and revised.message == "تأخیر در تخصیص اعتبار"


def test_a_refused_revision_leaves_the_deadline_and_cannot_be_decided_twice(world: World) -> None:
    resolution = world.resolution()
    revision = services.deadline_revision_request(
        actor=world.users["officer"],
        resolution=resolution,
        new_date=datetime.date(2027, 1, 1),
        reason="کمبود پیمانکار",
    )
    services.deadline_revision_decide(actor=world.users["deputy"], revision=revision, approve=False)
    resolution.refresh_from_db()
    assert resolution.deadline == datetime.date(2026, 6, 21)
    with pytest.raises(ValidationError):
        services.deadline_revision_decide(
            actor=world.users["deputy"], revision=revision, approve=True
        )


def test_revised_deadline_before_start_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.deadline_revision_request(
            actor=world.users["officer"],
            resolution=world.resolution(),
            new_date=datetime.date(2024, 1, 1),
            reason="x",
        )


@pytest.mark.parametrize("field", ["approved", "allocated", "spent"])
def test_negative_money_is_refused_in_persian(world: World, field: str) -> None:
    resolution = world.resolution()
    with pytest.raises(ValidationError) as caught:
        services.funding_line_add(
            actor=world.users["secretariat"],
            resolution=resolution,
            source="provincial",
            fiscal_year=1404,
            **{field: -5},
        )
    assert "منفی" in str(caught.value)
    assert not FundingLine.objects.filter(resolution=resolution).exists()


def test_funding_line_in_a_jalali_fiscal_year(world: World) -> None:
    resolution = world.resolution()
    services.funding_line_add(
        actor=world.users["secretariat"],
        resolution=resolution,
        source="national",
        fiscal_year=1404,
        approved=50_000_000_000,
        allocated=20_000_000_000,
    )
    with pytest.raises(ValidationError):
        services.funding_line_add(
            actor=world.users["secretariat"],
            resolution=resolution,
            source="national",
            fiscal_year=2025,
        )
    assert resolution.funding_lines.get().approved == 50_000_000_000


def test_a_stale_copy_cannot_overwrite_a_newer_edit(world: World) -> None:
    resolution = world.resolution()
    first = Resolution.objects.get(pk=resolution.pk)
    second = Resolution.objects.get(pk=resolution.pk)
    services.resolution_update_details(
        actor=world.users["secretariat"],
        resolution=first,
        expected_version=first.version,
        title="عنوان تازه",
    )
    with pytest.raises(services.ConcurrentEditError) as caught:
        services.resolution_update_details(
            actor=world.users["deputy"],
            resolution=second,
            expected_version=second.version,
            title="عنوان دیگر",
        )
    assert "بارگذاری" in caught.value.messages[0]
    resolution.refresh_from_db()
    assert resolution.title == "عنوان تازه"


def test_update_details_records_what_changed(world: World) -> None:
    resolution = world.resolution()
    services.resolution_update_details(
        actor=world.users["secretariat"],
        resolution=resolution,
        expected_version=resolution.version,
        national_counterpart=world.ministry,
        supporting_bodies=[world.gas],
    )
    event = resolution.events.get(kind=EventKind.UPDATED)
    assert set(event.data["changes"]) == {"national_counterpart", "supporting_bodies"}


def test_update_details_refuses_guarded_fields(world: World) -> None:
    resolution = world.resolution()
    with pytest.raises(ValueError):
        services.resolution_update_details(
            actor=None, resolution=resolution, expected_version=1, status=Status.DONE
        )


def test_rating_needs_a_reason_and_is_public(world: World) -> None:
    resolution = world.resolution()
    with pytest.raises(ValidationError):
        services.resolution_rate(
            actor=world.users["secretariat"],
            resolution=resolution,
            rating=PublicRating.KEPT,
            reason="",
        )
    services.resolution_rate(
        actor=world.users["secretariat"],
        resolution=resolution,
        rating=PublicRating.IN_THE_WORKS,
        reason="عملیات اجرایی آغاز شده است",
    )
    assert resolution.events.get(kind=EventKind.RATED).is_public


def test_publish_and_unpublish(world: World) -> None:
    resolution = world.resolution()
    satisfy_gate(resolution, assessor=world.users["deputy"], body_officer=world.users["officer"])
    services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)
    assert Resolution.objects.get(pk=resolution.pk).visibility == Visibility.PUBLIC
    services.resolution_unpublish(
        actor=world.users["secretariat"], resolution=resolution, reason="بازبینی متن"
    )
    assert Resolution.objects.get(pk=resolution.pk).visibility == Visibility.INTERNAL


def test_events_are_append_only(world: World) -> None:
    resolution = world.resolution()
    event = resolution.events.first()
    assert event is not None
    event.message = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ResolutionEvent.objects.filter(resolution=resolution).update(message="x")
    with pytest.raises(TypeError):
        ResolutionEvent.objects.filter(resolution=resolution).delete()


def test_source_end_before_start_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.source_create(
            actor=None,
            kind="trip",
            title="سفر",
            start_date=datetime.date(2025, 5, 2),
            end_date=datetime.date(2025, 5, 1),
        )
