"""Subscriptions: double opt-in through a real SMTP server, update emails, one-click leave."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from peygir.portal.models import Delivery, Subscription
from peygir.portal.services import subscription_confirm, subscription_request
from peygir.portal.tests.conftest import Portal, html_part, text_part
from peygir.portal.updates import send_subscription_updates
from peygir.resolutions import services
from peygir.resolutions.choices import PublicRating, Status


def _subscribe(client: Client, target: str, code: str, email: str = "citizen@example.org") -> Any:
    return client.post(
        reverse("portal:subscribe"), {"email": email, "target": target, "code": code}
    )


def _link(text: str, name: str) -> str:
    match = re.search(r"https?://\S+/" + name + r"/\S+/", text)
    assert match, text
    return match.group(0)


def _follow(portal: Portal, target: Any, email: str = "citizen@example.org") -> Subscription:
    pending = subscription_request(email=email, target=target)
    return subscription_confirm(subscription=pending)


def test_subscribing_mails_a_persian_confirmation_link(
    client: Client, portal: Portal, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, "promise", portal.road.tracking_code)
    assert response.status_code == 302
    (message,) = smtp.wait_for(1)
    assert message["To"] == "citizen@example.org"
    assert "تأیید پیگیری «آسفالت راه روستای فردو»" in message["Subject"]
    assert 'dir="rtl"' in html_part(message)
    assert "subscribe/confirm/" in text_part(message)
    assert not Subscription.objects.get().is_active


def test_the_confirmation_link_turns_the_subscription_on(
    client: Client, portal: Portal, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, "place", portal.world.kahak.code)
    link = _link(text_part(smtp.wait_for(1)[0]), "subscribe/confirm")
    response = client.get(urlsplit(link).path)
    assert response.status_code == 200
    assert "اشتراک تأیید شد" in response.content.decode()
    assert Subscription.objects.get().is_active


def test_a_forged_confirmation_link_is_refused_in_persian(client: Client, portal: Portal) -> None:
    response = client.get(reverse("portal:subscription-confirm", args=["forged:token"]))
    assert response.status_code == 400
    assert "این پیوند کار نمی‌کند" in response.content.decode()


def test_an_invalid_email_is_refused_in_persian(client: Client, portal: Portal) -> None:
    response = _subscribe(client, "promise", portal.road.tracking_code, email="not-an-email")
    assert response.status_code == 400
    assert "یک نشانی ایمیل درست وارد کنید." in response.content.decode()


def test_an_internal_resolution_cannot_be_followed(client: Client, portal: Portal) -> None:
    response = _subscribe(client, "promise", portal.secret.tracking_code)
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_a_status_change_mails_each_confirmed_subscriber_once(portal: Portal, smtp: Any) -> None:
    _follow(portal, portal.road)
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    report = send_subscription_updates()
    assert report.sent == 1
    (message,) = smtp.wait_for(1)
    assert "وضعیت از «در حال اجرا» به «انجام‌شده» تغییر کرد." in text_part(message)
    assert message["List-Unsubscribe"].startswith("<http")


def test_a_second_run_sends_nothing_more(portal: Portal, smtp: Any) -> None:
    _follow(portal, portal.road)
    services.resolution_rate(
        actor=portal.world.users["secretariat"],
        resolution=portal.road,
        rating=PublicRating.KEPT,
        reason="راه آسفالت شد",
    )
    send_subscription_updates()
    assert send_subscription_updates().sent == 0
    call_command("send_subscription_updates")
    assert Delivery.objects.count() == 1
    assert len(smtp.wait_for(1)) == 1


def test_the_status_email_never_carries_the_internal_reason(portal: Portal, smtp: Any) -> None:
    _follow(portal, portal.road)
    services.resolution_change_status(
        actor=portal.world.users["officer"],
        resolution=portal.road,
        status=Status.STALLED,
        reason="دلیل محرمانه دوم",
    )
    send_subscription_updates()
    (message,) = smtp.wait_for(1)
    assert "دلیل محرمانه دوم" not in text_part(message) + html_part(message)


def test_a_place_subscription_covers_the_villages_below_it(portal: Portal, smtp: Any) -> None:
    _follow(portal, portal.world.province)
    services.resolution_rate(
        actor=portal.world.users["secretariat"],
        resolution=portal.road,
        rating=PublicRating.KEPT,
        reason="راه آسفالت شد",
    )
    send_subscription_updates()
    (message,) = smtp.wait_for(1)
    assert "ارزیابی عمومی از «در دست اقدام» به «عمل‌شده» تغییر کرد." in text_part(message)


def test_an_unconfirmed_subscription_receives_nothing(portal: Portal, smtp: Any) -> None:
    subscription_request(email="late@example.org", target=portal.road)
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    assert send_subscription_updates().sent == 0


def test_events_before_the_first_run_of_other_promises_send_nothing(
    portal: Portal, smtp: Any
) -> None:
    _follow(portal, portal.gas)
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    assert send_subscription_updates().sent == 0


def test_one_click_unsubscribes(client: Client, portal: Portal, smtp: Any) -> None:
    subscription = _follow(portal, portal.road)
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    send_subscription_updates()
    link = _link(text_part(smtp.wait_for(1)[0]), "unsubscribe")
    response = client.get(urlsplit(link).path)
    assert "اشتراک لغو شد" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_mail_clients_can_unsubscribe_with_a_post(client: Client, portal: Portal) -> None:
    from peygir.portal.tokens import unsubscribe_token

    subscription = _follow(portal, portal.road)
    client.post(reverse("portal:unsubscribe", args=[unsubscribe_token(subscription.pk)]))
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


@pytest.mark.parametrize("target", ["body", "source"])
def test_body_and_trip_subscriptions_receive_their_promises(
    portal: Portal, smtp: Any, target: str
) -> None:
    followed = portal.world.roads if target == "body" else portal.world.source
    _follow(portal, followed)
    services.resolution_revise_deadline(
        actor=portal.world.users["deputy"],
        resolution=portal.road,
        new_date=portal.road.deadline.replace(year=2028),  # type: ignore[union-attr]
        reason="تأخیر در تأمین قیر",
    )
    assert send_subscription_updates().sent == 1
    assert "تأخیر در تأمین قیر" in text_part(smtp.wait_for(1)[0])


def test_a_failed_delivery_is_retried_on_the_next_run(
    portal: Portal, smtp: Any, settings: Any
) -> None:
    _follow(portal, portal.road)
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    good = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    assert send_subscription_updates().failed == 1
    settings.MAILERS = good
    assert send_subscription_updates().sent == 1
