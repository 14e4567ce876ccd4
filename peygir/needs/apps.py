from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "peygir.needs"
    verbose_name = _("Council needs")
