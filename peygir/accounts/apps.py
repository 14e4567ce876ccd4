from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "peygir.accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        # django-otp names its TOTP app and model in English only; the admin shows these.
        # (Meta's declared options, which migrations read, are left as they are.)
        totp = apps.get_app_config("otp_totp")
        totp.verbose_name = _("Two-step sign-in")
        device = totp.get_model("TOTPDevice")
        device._meta.verbose_name = _("two-step device")
        device._meta.verbose_name_plural = _("two-step devices")
