from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "peygir.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from peygir.core import checks  # noqa: F401  (registers the system checks)
        from peygir.core.db_guards import register_sqlite_lock

        connection_created.connect(register_sqlite_lock, dispatch_uid="peygir-history-lock")
