"""Writes of the API's own records: tokens and webhook subscriptions."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peygir.accounts.models import User
from peygir.accounts.selectors import user_scope
from peygir.api.egress import check_destination
from peygir.api.models import ApiToken, WebhookSubscription
from peygir.organizations.models import Organization
from peygir.persian.normalize import normalize_input
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import ResolutionEvent

TOKEN_PREFIX = "pgy_"
# Enough tokens per user for every integration an office runs; a runaway script is refused.
MAX_TOKENS_PER_USER = 20


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str | None:
    """Return the lookup prefix of a token in Peygir's format, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    rest = token[len(TOKEN_PREFIX) :]
    prefix, dot, secret = rest.partition(".")
    if not dot or len(prefix) != 8 or not secret:
        return None
    return prefix


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the row, and the one time the token itself is ever available."""

    token: ApiToken
    plain: str


@transaction.atomic
def api_token_create(*, user: User, name: str) -> IssuedToken:
    """Issue a personal API token; only its digest is kept."""
    name = normalize_input(name).strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("You already have %(count)d active tokens; revoke one you no longer use.")
            % {"count": active},
            code="too_many_tokens",
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, digest=token_digest(plain)
    )
    return IssuedToken(token=token, plain=plain)


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens; revoking twice changes nothing."""
    if token.user_id != user.pk:
        raise PermissionDenied(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _check_kinds(kinds: Iterable[str]) -> list[str]:
    kinds = list(dict.fromkeys(kinds))
    unknown = [kind for kind in kinds if kind not in EventKind.values]
    if unknown:
        raise ValidationError(
            {"event_kinds": _("Unknown event kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}},
            code="unknown_event_kind",
        )
    return kinds


# Only the web: urllib would also open ftp:// (and URLField allows it), which is no receiver.
_WEB_URL = URLValidator(
    schemes=["http", "https"], message=gettext_lazy("Enter an http or https URL.")
)


def _check_url(url: str) -> str:
    try:
        _WEB_URL(url)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}, code="invalid_url") from error
    check_destination(url)
    return url


def _check_organization(user: User, organization: Organization | None) -> None:
    if organization is None or user.is_superuser:
        return
    if organization.pk not in user_scope(user).all_org_ids:
        raise ValidationError(
            {"organization": _("You can only subscribe for an organization you work in.")},
            code="not_your_organization",
        )


@transaction.atomic
def webhook_subscribe(
    *,
    user: User,
    url: str,
    event_kinds: Iterable[str] = (),
    organization: Organization | None = None,
) -> WebhookSubscription:
    """Subscribe a URL to the events of the resolutions the user may see, from now on."""
    if not user_scope(user).all_org_ids and not user.is_superuser:
        raise PermissionDenied(_("Only staff of an organization can subscribe to events."))
    _check_organization(user, organization)
    # Start after the newest event: a new subscriber gets what happens next, not all history.
    newest = ResolutionEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
    subscription = WebhookSubscription(
        owner=user,
        organization=organization,
        url=_check_url(url),
        secret=secrets.token_urlsafe(32),
        event_kinds=_check_kinds(event_kinds),
        last_event_id=newest,
    )
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def webhook_update(
    *,
    user: User,
    subscription: WebhookSubscription,
    url: str | None = None,
    event_kinds: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> WebhookSubscription:
    """Change a subscription's URL, kinds of events, or pause and resume it."""
    if subscription.owner_id != user.pk:
        raise PermissionDenied(_("This subscription is not yours."))
    if url is not None:
        subscription.url = _check_url(url)
    if event_kinds is not None:
        subscription.event_kinds = _check_kinds(event_kinds)
    if is_active is not None:
        subscription.is_active = is_active
    subscription.full_clean()
    subscription.save(update_fields=["url", "event_kinds", "is_active"])
    return subscription


@transaction.atomic
def webhook_delete(*, user: User, subscription: WebhookSubscription) -> None:
    """Remove a subscription and its queued deliveries."""
    if subscription.owner_id != user.pk:
        raise PermissionDenied(_("This subscription is not yours."))
    subscription.delete()
