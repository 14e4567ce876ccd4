"""The outbox: every notification is a row first, so none is lost when a server is down."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    INBOX = "inbox", _("In-app inbox")


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    ESCALATION = "escalation", _("Escalation")
    DIGEST = "digest", _("Weekly digest")
    NEED_ANSWER = "need_answer", _("Answer to a council's need")


class Notification(models.Model):
    """One message to one recipient on one channel, with its delivery attempts."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    # Either the body rendered when the message was queued (digests, need answers), or the
    # template and what to render it with, rendered when it is delivered or read (a sweep's
    # steps: rendering thousands of emails inside the sweep was most of its time). An email
    # keeps the body it was sent with.
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("template"), max_length=40, blank=True, default="", db_default="")
    context = models.JSONField(_("context"), null=True, blank=True)
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolution"),
    )
    # Names what the message is about, so that queuing it twice stores it once.
    dedupe_key = models.CharField(_("key"), max_length=160, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_pending",
                condition=models.Q(sent_at__isnull=True, channel="email"),
            ),
            models.Index(fields=["recipient", "channel", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.subject
