from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")
    VILLAGE = "village", _("Village")


class Place(models.Model):
    """A node of the one place tree.

    `path` is the chain of ancestor ids ("/3/17/52/"), so "everything in this county" is a
    single indexed prefix match instead of a recursive query.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name
