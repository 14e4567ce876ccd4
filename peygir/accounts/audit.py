"""Record sign-ins, sign-outs and changes to two-step sign-in in the append-only audit log.

Never a password or a code: only who tried, from where, with what browser, and the outcome.
"""

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from peygir.accounts.models import LoginEvent, LoginEventKind, User

USER_AGENT_LENGTH = 200


@dataclass(frozen=True)
class Origin:
    """Where a request came from, as far as the server can tell."""

    ip_address: str | None
    user_agent: str


def origin_of(request: HttpRequest) -> Origin:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy sets it.
    return Origin(
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_LENGTH],
    )


@transaction.atomic
def login_event_record(
    *, kind: LoginEventKind, origin: Origin, username: str = "", user: User | None = None
) -> LoginEvent:
    if user is not None and not username:
        username = user.get_username()
    return LoginEvent.objects.create(
        kind=kind,
        username=username.strip()[:150],
        user=user,
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )
