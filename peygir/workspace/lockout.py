"""Lock a username (and a noisy address) out after repeated failed sign-ins.

Why not django-axes: its authentication backend refuses every authenticate() call made
without a request (Django's test client login(), other apps' code paths), so adding it
changes the sign-in of the whole project; and 8.3.1 does not yet declare Django 6.1. The rule
we need is small: count recent failures per username and per address, refuse while over
the limit, forget on success.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from peygir.workspace.models import LoginFailure


def _limit() -> int:
    return int(getattr(settings, "PEYGIR_LOGIN_FAILURE_LIMIT", 5))


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "PEYGIR_LOGIN_LOCKOUT_MINUTES", 15)))


def _key(username: str) -> str:
    return username.strip().casefold()[:150]


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    """Return True while the username, or the address, has failed too often recently."""
    since = timezone.now() - _window()
    recent = LoginFailure.objects.filter(failed_at__gte=since)
    if recent.filter(username=_key(username)).count() >= _limit():
        return True
    # An address trying many usernames is spraying passwords; allow it more room, not endless.
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= 4 * _limit()


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> LoginFailure:
    return LoginFailure.objects.create(username=_key(username), ip_address=ip_address)


@transaction.atomic
def login_failures_clear(*, username: str) -> None:
    """Forget a username's failures once it signs in correctly."""
    LoginFailure.objects.filter(username=_key(username)).delete()
