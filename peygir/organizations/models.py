from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    GOVERNORATE = "governorate", _("Governorate")
    DEPUTY = "deputy", _("Governorate deputy or office")
    COUNTY_GOVERNORATE = "county_governorate", _("County governorate")
    DISTRICT_GOVERNORATE = "district_governorate", _("District governorate")
    EXECUTIVE_BODY = "executive_body", _("Executive body")
    MINISTRY = "ministry", _("Ministry")
    NATIONAL_BODY = "national_body", _("National organization")
    MUNICIPALITY = "municipality", _("Municipality")
    COUNCIL = "council", _("Council")
    BANK = "bank", _("Bank")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Government company")
    JUDICIARY = "judiciary", _("Judiciary")
    OTHER = "other", _("Other")


class OrganizationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    COUNTY = "county", _("County")
    LOCAL = "local", _("Local")


class Organization(models.Model):
    """A body that can be responsible for, support, follow up or answer a resolution."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganizationKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=OrganizationLevel.choices)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("place"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent organization"),
        help_text=_("For a provincial body, its ministry or national organization."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name
