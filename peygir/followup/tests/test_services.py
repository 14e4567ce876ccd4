"""Recording follow-up: letters, replies, visits, attachments, permissions, events."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from peygir.conftest import World
from peygir.followup import services
from peygir.followup.choices import ActionKind
from peygir.followup.selectors import public_actions_of, unanswered_letters
from peygir.persian import parse_jalali_date
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution

TODAY = "2026-05-05 09:00 +03:30"  # 1405/02/15, a Tuesday


def j(text: str) -> datetime.date:
    return parse_jalali_date(text)


def _letter(world: World, resolution: Resolution, **overrides: object):  # type: ignore[no-untyped-def]
    fields: dict[str, object] = {
        "actor": world.users["county"],
        "resolution": resolution,
        "number": "۱۲۰۴/۱۴۰۵",
        "date": j("1405/02/10"),
        "subject": "پیگیری آسفالت راه فردو",
        "sender": world.kahak_governorate,
        "recipient": world.roads,
    }
    fields.update(overrides)
    return services.followup_record_letter(**fields)  # type: ignore[arg-type]


@time_machine.travel(TODAY, tick=False)
def test_a_letter_is_due_for_reply_in_working_days(world: World) -> None:
    letter = _letter(world, world.resolution())
    # 10 working days after Thursday 1405/02/10, skipping two Fridays.
    assert letter.reply_due == j("1405/02/22")
    assert letter.letter_number == "۱۲۰۴/۱۴۰۵"


@time_machine.travel(TODAY, tick=False)
def test_a_letter_writes_an_internal_event_and_moves_the_next_followup(world: World) -> None:
    resolution = world.resolution()
    letter = _letter(world, resolution)
    event = resolution.events.get(kind=EventKind.FOLLOWUP_RECORDED)
    assert event.data["action_id"] == letter.pk and not event.is_public
    resolution.refresh_from_db()
    assert resolution.next_followup_date == letter.reply_due


@time_machine.travel(TODAY, tick=False)
def test_a_public_action_reaches_the_public_and_an_internal_one_does_not(world: World) -> None:
    resolution = world.resolution()
    _letter(world, resolution)
    services.followup_record_action(
        actor=world.users["county"],
        resolution=resolution,
        kind=ActionKind.INSPECTION,
        date=j("1405/02/14"),
        outcome="بازدید میدانی: زیرسازی ۲ کیلومتر انجام شده است.",
        is_internal=False,
    )
    assert [a.kind for a in public_actions_of(resolution)] == [ActionKind.INSPECTION]
    assert resolution.events.filter(kind=EventKind.FOLLOWUP_RECORDED, is_public=True).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_reply_dated_before_its_letter_is_refused(world: World) -> None:
    letter = _letter(world, world.resolution())
    with pytest.raises(ValidationError) as error:
        services.followup_record_reply(
            actor=world.users["officer"], letter=letter, number="۵۵", date=j("1405/02/09")
        )
    assert "پاسخ نمی‌تواند پیش از تاریخ نامه" in " ".join(error.value.messages)


@time_machine.travel(TODAY, tick=False)
def test_a_reply_closes_the_wait_for_its_letter(world: World) -> None:
    letter = _letter(world, world.resolution())
    assert list(unanswered_letters()) == [letter]
    reply = services.followup_record_reply(
        actor=world.users["officer"], letter=letter, number="۵۵/ر", date=j("1405/02/14")
    )
    assert reply.in_reply_to == letter and reply.kind == ActionKind.LETTER_RECEIVED
    assert not unanswered_letters().exists()


@time_machine.travel(TODAY, tick=False)
def test_a_reply_due_before_the_letter_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _letter(world, world.resolution(), reply_due=j("1405/02/01"))
    assert "پیش از تاریخ نامه" in " ".join(error.value.messages)


@time_machine.travel(TODAY, tick=False)
def test_an_action_dated_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _letter(world, world.resolution(), date=j("1405/02/20"))
    assert "نمی‌تواند در آینده باشد" in " ".join(error.value.messages)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("persona", ["outsider", "gas_officer", "other_county", "council"])
def test_only_those_who_follow_it_up_may_record(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        _letter(world, world.resolution(), actor=world.users[persona])


@time_machine.travel(TODAY, tick=False)
def test_a_visit_records_where_whom_and_what(world: World) -> None:
    visit = services.followup_record_visit(
        actor=world.users["deputy"],
        resolution=world.resolution(),
        date=j("1405/02/12"),
        place="تهران، وزارت راه و شهرسازی",
        met_whom="دفتر معاون وزیر",
        who_went="معاون عمرانی و فرماندار کهک",
        obtained="قول تخصیص ۲۰ میلیارد ریال",
    )
    assert visit.kind == ActionKind.VISIT and visit.obtained.startswith("قول")


@time_machine.travel(TODAY, tick=False)
def test_an_attachment_is_stored_under_media_root(
    world: World, settings: object, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    scan = SimpleUploadedFile("نامه.pdf", b"%PDF-1.4 scanned letter", "application/pdf")
    letter = _letter(world, world.resolution(), attachments=[scan])
    attachment = letter.attachments.get()
    assert Path(attachment.file.path).is_relative_to(tmp_path)
    assert attachment.size == len(b"%PDF-1.4 scanned letter")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "فقط فایل"),
        ("fake.pdf", b"MZ\x90\x00", "فقط فایل"),
        ("big.pdf", b"%PDF" + b"0" * 2048, "حجم فایل"),
    ],
)
def test_unexpected_or_big_files_are_refused(
    world: World, settings: object, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    settings.PEYGIR_MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as error:
        _letter(world, world.resolution(), attachments=[SimpleUploadedFile(name, content)])
    assert message in " ".join(error.value.messages)
