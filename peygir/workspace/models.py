"""What the staff workspace stores itself: evidence files and failed sign-ins."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _evidence_path(instance: "Evidence", filename: str) -> str:
    # The name on disk is ours, never the uploader's: no path tricks, no clashes.
    stamp = timezone.now()
    return (
        f"evidence/{stamp:%Y/%m}/{instance.resolution_id}-{stamp:%d%H%M%S%f}.{instance.extension}"
    )


class Evidence(models.Model):
    """A file or photo that backs a progress report, served only to those who may see it."""

    resolution = models.ForeignKey(
        "resolutions.Resolution",
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("resolution"),
    )
    event = models.ForeignKey(
        "resolutions.ResolutionEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("event"),
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class LoginFailure(models.Model):
    """One failed sign-in; enough of them in a window locks the username for a while."""

    username = models.CharField(_("username"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.username} · {self.failed_at:%Y-%m-%d %H:%M}"
