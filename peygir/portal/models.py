"""The portal's own records: news articles, email subscriptions and their deliveries.

The portal only reads resolutions; everything it writes lives here.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    """A news item published by public relations, linked to the resolutions it mentions."""

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"))
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep the article as a draft."),
    )
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_name = models.CharField(_("source name"), max_length=120, blank=True)
    resolutions = models.ManyToManyField(
        "resolutions.Resolution",
        blank=True,
        related_name="articles",
        verbose_name=_("resolutions mentioned"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["published_at"], name="portal_article_published")]

    def __str__(self) -> str:
        return self.title


class SubscriptionTarget(models.TextChoices):
    PROMISE = "promise", _("Promise")
    PLACE = "place", _("Place")
    BODY = "body", _("Responsible body")
    SOURCE = "source", _("Trip or meeting")


class Subscription(models.Model):
    """A citizen's request for email updates on one promise, place, body or trip."""

    email = models.EmailField(_("email"))
    target = models.CharField(_("follows"), max_length=10, choices=SubscriptionTarget.choices)
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("promise"),
    )
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("place"),
    )
    body = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("responsible body"),
    )
    source = models.ForeignKey(
        "resolutions.Source",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("trip or meeting"),
    )
    # "place:12": one row per address and target, whatever the target's kind.
    target_key = models.CharField(_("target key"), max_length=40, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "target_key"], name="portal_one_subscription_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.target_key}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class UpdateCursor(models.Model):
    """How far the update mailer has read the event timeline (a single row)."""

    last_event_id = models.BigIntegerField(_("last event processed"), default=0)

    class Meta:
        verbose_name = _("update cursor")
        verbose_name_plural = _("update cursors")

    def __str__(self) -> str:
        return str(self.last_event_id)


class Delivery(models.Model):
    """One update email to one address about one event; the unique pair makes it idempotent."""

    event = models.ForeignKey(
        "resolutions.ResolutionEvent",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("event"),
    )
    email = models.EmailField(_("email"))
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="portal_one_email_per_event")
        ]
        indexes = [models.Index(fields=["sent_at", "attempts"], name="portal_delivery_pending")]

    def __str__(self) -> str:
        return f"{self.email} · {self.event_id}"
