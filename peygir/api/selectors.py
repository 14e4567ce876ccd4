"""Reads for the API that the resolution selectors do not already give."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.api.models import ApiToken, WebhookDelivery, WebhookSubscription
from peygir.resolutions.models import Resolution, ResolutionEvent, Source
from peygir.resolutions.selectors import (
    public_resolutions,
    resolutions_visible_to,
    sources_visible_to,
)

# Who registers trips, meetings and resolutions: the secretariat and the deputy for the
# province, a county governorate for the resolutions it follows up itself.
_REGISTRAR_ROLES = (Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY)


def resolution_list_for_user(user: User | AnonymousUser) -> QuerySet[Resolution]:
    """The user's resolutions with everything the list shows fetched in a fixed few queries."""
    return (
        resolutions_visible_to(user)
        .select_related(
            "source", "category", "responsible_body", "followup_owner", "national_counterpart"
        )
        .prefetch_related("places", "supporting_bodies")
    )


def public_promise_list() -> QuerySet[Resolution]:
    return (
        public_resolutions()
        .select_related("source", "category", "responsible_body")
        .prefetch_related("places")
    )


def public_promise_get(tracking_code: str) -> Resolution:
    promise = public_promise_list().filter(tracking_code=tracking_code).first()
    if promise is None:
        raise Http404(_("No such public resolution."))
    return promise


def public_events(resolution: Resolution) -> QuerySet[ResolutionEvent]:
    return ResolutionEvent.objects.filter(resolution=resolution, is_public=True)


def source_list_for_user(user: User | AnonymousUser) -> QuerySet[Source]:
    return sources_visible_to(user).select_related("organizer").prefetch_related("places")


def require_registrar(user: User | AnonymousUser) -> None:
    """Raise PermissionDenied unless the user may register sources and resolutions."""
    scope = user_scope(user)
    if not (scope.is_superuser or scope.orgs(*_REGISTRAR_ROLES)):
        raise PermissionDenied(_("You are not allowed to register trips, meetings or resolutions."))


def sources_for_registering(user: User | AnonymousUser) -> QuerySet[Source]:
    """The sources a user may hang a new resolution on: those they see or made themselves."""
    if user_scope(user).province_wide:
        return Source.objects.all()
    return Source.objects.filter(
        Q(pk__in=sources_visible_to(user).values("pk")) | Q(created_by=user.pk)
    )


def require_followup_owner_allowed(user: User | AnonymousUser, owner_id: int | None) -> None:
    """A county registrar must follow up what it registers, or it would lose sight of it."""
    scope = user_scope(user)
    if scope.province_wide:
        return
    if owner_id is None or owner_id not in scope.orgs(*_REGISTRAR_ROLES):
        raise PermissionDenied(
            _("Name your own governorate as the follow-up owner of what you register.")
        )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def webhooks_of(user: User) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(owner=user).select_related("organization")


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-id")
