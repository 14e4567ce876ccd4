"""Official holidays: the days off besides Fridays, editable because lunar dates move."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    SOLAR = "solar", _("Solar (fixed)")
    LUNAR = "lunar", _("Lunar (moves each year)")


class Holiday(models.Model):
    """One official day off. Fridays are weekly days off and are never stored here."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=HolidayKind.choices)

    class Meta:
        verbose_name = _("official holiday")
        verbose_name_plural = _("official holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.name
