from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peygir.core.models import AppendOnlyModel


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat clerk")
    DEPUTY = "deputy", _("Development deputy")
    COUNTY = "county", _("County governorate officer")
    OFFICER = "officer", _("Executive body officer")
    COUNCIL = "council", _("Council member")
    MODERATOR = "moderator", _("Comment moderator")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")


class Membership(models.Model):
    """A user's role in one organization."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class LoginEventKind(models.TextChoices):
    SUCCEEDED = "succeeded", _("Signed in")
    PASSWORD_FAILED = "password_failed", _("Wrong username or password")
    CODE_FAILED = "code_failed", _("Wrong two-step code")
    LOCKED_OUT = "locked_out", _("Refused: locked out")
    LOGGED_OUT = "logged_out", _("Signed out")
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-step sign-in turned on")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-step sign-in turned off")
    TWO_FACTOR_REMOVED = "two_factor_removed", _("Two-step device removed by an administrator")


class LoginEvent(AppendOnlyModel):
    """One sign-in, sign-out or change of two-step sign-in. Never a password or a code."""

    kind = models.CharField(_("event"), max_length=24, choices=LoginEventKind.choices)
    username = models.CharField(_("username tried"), max_length=150, blank=True)
    # Users with a sign-in history are deactivated, not deleted: the history must stay.
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="login_events",
        verbose_name=_("user"),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="loginevent_user_time")]

    def __str__(self) -> str:
        return f"{self.username} · {self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"
