"""The portal's emails, in Persian, right to left, as HTML with a plain-text twin.

They go through Django's mail framework (settings.MAILERS), so a deployment chooses the
server and tests point it at a real SMTP server on loopback.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from peygir.portal.models import Subscription, SubscriptionTarget
from peygir.portal.tokens import confirm_token, unsubscribe_token
from peygir.resolutions.models import ResolutionEvent


def absolute(path: str) -> str:
    """Emails leave the request behind, so links are built on the configured public address."""
    return settings.PEYGIR_PUBLIC_URL.rstrip("/") + path


def target_name(subscription: Subscription) -> str:
    target = {
        SubscriptionTarget.PROMISE: subscription.resolution,
        SubscriptionTarget.PLACE: subscription.place,
        SubscriptionTarget.BODY: subscription.body,
        SubscriptionTarget.SOURCE: subscription.source,
    }[SubscriptionTarget(subscription.target)]
    if subscription.target == SubscriptionTarget.PROMISE and subscription.resolution:
        return subscription.resolution.title
    return str(target)


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("portal:unsubscribe", args=[unsubscribe_token(subscription.pk)]))


def _send(
    *, to: str, subject: str, template: str, context: dict[str, Any], unsubscribe: str = ""
) -> None:
    headers = {}
    if unsubscribe:
        # RFC 8058: mail clients show their own one-click unsubscribe button.
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    context = {**context, "subject": subject, "unsubscribe_url": unsubscribe}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"portal/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"portal/email/{template}.html", context), "text/html"
    )
    message.send()


def send_confirmation(subscription: Subscription) -> None:
    """Mail the link that turns a pending subscription on (double opt-in)."""
    name = target_name(subscription)
    _send(
        to=subscription.email,
        subject=_("Confirm your subscription to «%(name)s»") % {"name": name},
        template="confirm",
        context={
            "name": name,
            "confirm_url": absolute(
                reverse("portal:subscription-confirm", args=[confirm_token(subscription.pk)])
            ),
        },
    )


def send_update(subscription: Subscription, event: ResolutionEvent, summary: str) -> None:
    """Mail one event of a followed promise to one subscriber."""
    resolution = event.resolution
    _send(
        to=subscription.email,
        subject=_("Update on «%(title)s»") % {"title": resolution.title},
        template="update",
        context={
            "resolution": resolution,
            "event": event,
            "summary": summary,
            "name": target_name(subscription),
            "promise_url": absolute(reverse("portal:promise", args=[resolution.tracking_code])),
        },
        unsubscribe=unsubscribe_url(subscription),
    )
