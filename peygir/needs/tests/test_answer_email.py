"""A council hears the national answer: an inbox entry, and an email through real SMTP."""

import datetime

import pytest

from peygir.conftest import World
from peygir.needs import services
from peygir.needs.models import AnswerKind
from peygir.notifications.models import Notification
from peygir.notifications.services import notifications_deliver
from peygir.notifications.tests.conftest import SMTP, smtp  # noqa: F401  (the fixture)


@pytest.mark.django_db(transaction=True)
def test_the_council_gets_the_answer_by_email(world: World, smtp: SMTP) -> None:  # noqa: F811
    member = world.users["council"]
    member.email = "council-kahak@example.invalid"
    member.save(update_fields=["email"])
    needs_list = services.needs_list_create(
        actor=member, council=world.council_org, title="نیازهای شهر کهک"
    )
    item = services.need_item_add(actor=member, needs_list=needs_list, title="احداث سالن ورزشی")
    services.needs_list_submit(actor=member, needs_list=needs_list)
    item.refresh_from_db()
    services.need_item_answer(
        actor=world.users["deputy"],
        item=item,
        answer=AnswerKind.REFUSED,
        note="در سال جاری ردیف اعتباری ندارد",
        answer_date=datetime.date(2026, 12, 1),
    )
    assert Notification.objects.filter(recipient=member).count() == 2  # inbox and email
    smtp.start()
    notifications_deliver()
    [message] = smtp.inbox.messages
    assert message["To"] == "council-kahak@example.invalid"
    assert item.tracking_code and item.tracking_code in message["Subject"].replace("-", "-")
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert 'dir="rtl"' in html
    assert "ردشده" in text and "۱۰ آذر ۱۴۰۵" in text
    assert "ردیف اعتباری" in text
