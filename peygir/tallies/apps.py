from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalliesConfig(AppConfig):
    name = "peygir.tallies"
    verbose_name = _("Stored counts")
