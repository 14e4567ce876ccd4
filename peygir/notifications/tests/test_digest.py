"""The weekly digest per body and per follow-up owner, once a week."""

from peygir.conftest import World
from peygir.followup.services import followup_record_letter
from peygir.followup.tests.helpers import j, on
from peygir.notifications.digest import digests_queue, week_start
from peygir.notifications.models import Channel, Notification, NotificationKind


def test_the_week_starts_on_saturday() -> None:
    assert week_start(j("1405/03/06")) == j("1405/03/02")  # Wednesday → Saturday
    assert week_start(j("1405/03/02")) == j("1405/03/02")


def test_each_body_and_owner_gets_one_digest_a_week(world: World) -> None:
    with on("1405/03/01"):
        overdue = world.resolution(title="آبرسانی روستای وشنوه", deadline=j("1405/03/05"))
        due = world.resolution(title="گازرسانی روستای فردو", deadline=j("1405/03/12"))
        later = world.resolution(title="ساخت مدرسه", deadline=j("1405/12/29"))
        followup_record_letter(
            actor=world.users["county"],
            resolution=overdue,
            number="۷۷",
            date=j("1405/03/01"),
            subject="پیگیری آبرسانی",
            reply_due=j("1405/03/04"),
        )
    with on("1405/03/09"):  # a Saturday
        assert digests_queue(today=j("1405/03/09")) == 2
        assert digests_queue(today=j("1405/03/10")) == 0
    digest = Notification.objects.get(
        recipient=world.users["officer"], channel=Channel.INBOX, kind=NotificationKind.DIGEST
    )
    assert overdue.title in digest.body_text and due.title in digest.body_text
    assert later.title not in digest.body_text
    assert "نامهٔ شمارهٔ ۷۷" in digest.body_text
    assert Notification.objects.filter(
        recipient=world.users["county"], kind=NotificationKind.DIGEST
    ).exists()
