"""System checks that keep the environment-driven settings honest."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Refuse the development secret key outside development."""
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error(
                "PEYGIR_SECRET_KEY is not set: the development key must not run in production.",
                id="peygir.E001",
            )
        ]
    return []
