"""The portal's writes: subscriptions and news articles. Resolutions are only read."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.organizations.models import Organization
from peygir.persian import normalize_input
from peygir.places.models import Place
from peygir.portal import mail
from peygir.portal.models import Article, Subscription, SubscriptionTarget
from peygir.portal.search import article_document
from peygir.resolutions.models import Resolution, Source
from peygir.search.models import SearchKind
from peygir.search.services import search_index

Target = Resolution | Place | Organization | Source


def _target_fields(target: Target) -> tuple[str, dict[str, Target]]:
    if isinstance(target, Resolution):
        return SubscriptionTarget.PROMISE, {"resolution": target}
    if isinstance(target, Place):
        return SubscriptionTarget.PLACE, {"place": target}
    if isinstance(target, Organization):
        return SubscriptionTarget.BODY, {"body": target}
    return SubscriptionTarget.SOURCE, {"source": target}


@transaction.atomic
def subscription_request(*, email: str, target: Target) -> Subscription:
    """Record a pending subscription and mail the confirmation link (double opt-in).

    Asking again re-sends the link, and the answer never reveals whether the address was
    already subscribed.
    """
    email = email.strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter your email address.")})
    kind, fields = _target_fields(target)
    subscription, _created = Subscription.objects.get_or_create(
        email=email,
        target_key=f"{kind}:{target.pk}",
        defaults={"target": kind, **fields},
    )
    if subscription.unsubscribed_at is not None:
        # Coming back after unsubscribing: opt in again from the start.
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.save(update_fields=["unsubscribed_at", "confirmed_at"])
    if subscription.confirmed_at is None:
        transaction.on_commit(lambda: mail.send_confirmation(subscription))
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    summary: str = "",
    published_at: datetime.datetime | None = None,
    source_url: str = "",
    source_name: str = "",
    resolutions: Iterable[Resolution] = (),
) -> Article:
    """Publish a news article (public relations) and put it in the search index."""
    article = Article(
        title=normalize_input(title),
        body=normalize_input(body),
        summary=normalize_input(summary),
        published_at=published_at,
        source_url=source_url,
        source_name=normalize_input(source_name),
    )
    article.full_clean()
    article.save()
    article.resolutions.set(resolutions)
    article_index(article=article)
    return article


def article_index(*, article: Article) -> None:
    """Put the article in the search index (drafts too: search only returns published ones)."""
    document = article_document(article)
    search_index(SearchKind.NEWS, article.pk, parts=document.parts, display=document.display)
