"""Comments on public items, their screening, and the append-only moderation log.

The email is personal data: it is used only to send the decision and never leaves the
staff side: no public page, serializer or hash shows it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peygir.comments.choices import Decision, State
from peygir.core.models import AppendOnlyModel

NAME_MAX = 80
TEXT_MAX = 2000


class Comment(models.Model):
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("item type")
    )
    target_id = models.PositiveBigIntegerField(_("item"))
    target = GenericForeignKey("target_type", "target_id")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    email = models.EmailField(_("email"))
    text = models.TextField(_("comment"), max_length=TEXT_MAX)
    # HMAC of the address, for rate limits and duplicates only; never shown.
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, db_index=True)
    email_hash = models.CharField(_("email hash"), max_length=64, blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    signals = models.JSONField(_("screen signals"), default=dict, blank=True)
    needs_senior = models.BooleanField(_("needs a senior moderator"), default=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    appeal_text = models.TextField(_("appeal"), blank=True, max_length=TEXT_MAX)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "state"], name="comment_target"),
            models.Index(fields=["state", "created_at"], name="comment_queue"),
        ]
        permissions = [
            ("decide_accusation", _("Can decide comments held for an accusation")),
        ]

    def __str__(self) -> str:
        # Never the email: __str__ ends up in logs and the admin's history.
        return f"{self.name}: {self.text[:40]}"

    @property
    def is_appealed(self) -> bool:
        return self.appealed_at is not None


class ModerationDecision(AppendOnlyModel):
    """One decision on a comment: by the screen (no actor) or by a moderator."""

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("comment")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    signals = models.JSONField(_("signals"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    is_appeal = models.BooleanField(_("on appeal"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation log")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.created_at:%Y-%m-%d}"


class RateCounter(models.Model):
    """Posts counted per key (an IP or email hash) in one fixed time window."""

    key = models.CharField(_("key"), max_length=80)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
