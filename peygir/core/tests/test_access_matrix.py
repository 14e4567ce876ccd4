"""The access-control matrix, generated from the URL configuration.

Every URL that takes an object id or code is tried by every persona that must not reach the
object behind it: an internal resolution of another body in another county, its meeting,
another user's tokens and notifications, another council's needs. Each must answer 403 or 404
(or send an anonymous visitor to log in), and a POST must change nothing. A new URL with a
parameter this file does not know fails the test, so that no URL escapes the matrix.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from peygir.accounts.models import Membership, Role, User
from peygir.conftest import World
from peygir.organizations.models import Organization
from peygir.resolutions import services
from peygir.resolutions.models import DeadlineRevision, Resolution, ResolutionEvent, Source

PERSONAS = ["officer", "county", "council", "outsider", None]  # None: anonymous
DENIED = {401, 403, 404, 405}

# URLs whose parameters name public things (a place, a body, a month's report) or carry a
# signed token: anyone may ask, and a forged token is refused by its own view's tests.
PUBLIC_OR_TOKEN = {
    "places/<str:code>/",
    "bodies/<str:code>/",
    "feeds/places/<str:code>.atom",
    "feeds/bodies/<str:code>.atom",
    "sitemap-<section>.xml",
    "comments/report/<int:year>/<int:month>/",
    "comments/appeal/<str:token>/",
    "subscribe/confirm/<str:token>/",
    "unsubscribe/<str:token>/",
    "api/v1/organizations/<pk>/",
    "api/v1/places/<pk>/",
    "api/v1/categories/<pk>/",
}


def _routes() -> Iterator[str]:
    def walk(patterns: Any, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns, ""):
        if route.startswith("admin/") or "format>" in route:
            continue
        # DRF's routers write regexes: turn «^x/(?P<pk>\d+)/$» into «x/<pk>/».
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route).replace("^", "").replace("$", "")
        if "<" in route:
            yield route


class Forbidden:
    """One object of each kind that the tried personas must not reach."""

    def __init__(self, world: World) -> None:
        qom_council = Organization.objects.create(
            code="COUNCIL-CITY-QOM-T", name="شورای شهر قم", kind="council", level="local",
            place=world.qom_city,
        )  # fmt: skip
        member = User.objects.create_user(username="qom_member", password="x-test-password-1")
        Membership.objects.create(user=member, organization=qom_council, role=Role.COUNCIL)
        self.source = services.source_create(
            actor=world.users["secretariat"], kind="meeting", title="جلسه داخلی",
            start_date=datetime.date(2025, 7, 1), places=[world.qom],
        )  # fmt: skip
        self.resolution = world.resolution(
            source=self.source, title="موضوع داخلی گاز", places=[world.qom_city],
            responsible_body=world.gas, followup_owner=world.qom_governorate,
        )  # fmt: skip
        self.revision = services.deadline_revision_request(
            actor=world.users["gas_officer"], resolution=self.resolution,
            new_date=datetime.date(2026, 12, 1), reason="کمبود اعتبار",
        )  # fmt: skip
        self.values: dict[str, Callable[[], Any]] = {
            "resolution": lambda: self.resolution.pk,
            "revision": lambda: self.revision.pk,
            "source": lambda: self.source.pk,
            "source_code": lambda: self.source.code,
            "tracking_code": lambda: self.resolution.tracking_code,
            "followup_action_object": lambda: self._followup_action(world),
            "followup_action": lambda: self.get("followup_action_object").pk,
            "evidence": lambda: self._evidence(world).pk,
            "attachment": lambda: self._attachment(world).pk,
            "notification": lambda: self._notification(world).pk,
            "token": lambda: self._token(world).pk,
            "webhook": lambda: self._webhook(world).pk,
            "comment": lambda: self._comment().pk,
            "article": lambda: self._article().pk,
            "needs_list": lambda: self._needs_list(qom_council, member).pk,
            "need": lambda: self._needs_list(qom_council, member).items.get().pk,
            "dossier": lambda: self._dossier(world).pk,
        }
        self._cache: dict[str, Any] = {}

    def get(self, kind: str) -> Any:
        if kind not in self._cache:
            self._cache[kind] = self.values[kind]()
        return self._cache[kind]

    def _followup_action(self, world: World) -> Any:
        from peygir.followup.models import FollowupAction

        return FollowupAction.objects.create(
            resolution=self.resolution, kind="letter_sent", date=datetime.date(2025, 8, 1),
            subject="نامه داخلی", is_internal=True,
        )  # fmt: skip

    def _attachment(self, world: World) -> Any:
        from peygir.followup.models import Attachment

        return Attachment.objects.create(
            action=self.get("followup_action_object"), file="followup/x.pdf", name="x.pdf",
            content_type="application/pdf", size=10,
        )  # fmt: skip

    def _evidence(self, world: World) -> Any:
        from peygir.workspace.models import Evidence

        return Evidence.objects.create(
            resolution=self.resolution, file="evidence/x.pdf", original_name="x.pdf",
            content_type="application/pdf", extension="pdf", size=10,
            uploaded_by=world.users["gas_officer"],
        )  # fmt: skip

    def _notification(self, world: World) -> Any:
        from peygir.notifications.models import Notification

        return Notification.objects.create(
            recipient=world.users["secretariat"], channel="inbox", kind="reminder",
            subject="یادآوری", body_text="متن",
        )  # fmt: skip

    def _token(self, world: World) -> Any:
        from peygir.api.models import ApiToken

        return ApiToken.objects.create(
            user=world.users["admin"], name="x", prefix="matrixprefix", digest="0" * 64
        )

    def _webhook(self, world: World) -> Any:
        from peygir.api.models import WebhookSubscription

        return WebhookSubscription.objects.create(
            owner=world.users["admin"], url="http://127.0.0.1:9/hook", secret="s" * 32
        )

    def _comment(self) -> Any:
        from django.contrib.contenttypes.models import ContentType

        from peygir.comments.models import Comment

        return Comment.objects.create(
            target_type=ContentType.objects.get_for_model(Resolution),
            target_id=self.resolution.pk, name="ناشناس", email="hidden@example.invalid",
            text="نظری در انتظار بررسی",
        )  # fmt: skip

    def _article(self) -> Any:
        from peygir.portal.models import Article

        return Article.objects.create(title="خبر منتشرنشده", body="متن", published_at=None)

    def _needs_list(self, council: Organization, member: User) -> Any:
        from peygir.needs import services as needs

        found = council.needs_lists.first()
        if found is None:
            found = needs.needs_list_create(actor=member, council=council, title="فهرست قم")
            needs.need_item_add(actor=member, needs_list=found, title="آب شرب محله")
        return found

    def _dossier(self, world: World) -> Any:
        from peygir.needs.services import dossier_create

        return dossier_create(actor=None, target_body=world.ministry, title="پرونده")


# Which object each URL parameter names, by the URL's start and the parameter's name.
PARAMETERS: list[tuple[str, str, str]] = [
    ("staff/needs/lists/", "pk", "needs_list"),
    ("staff/needs/items/", "pk", "need"),
    ("staff/needs/dossiers/", "pk", "dossier"),
    ("staff/feasibility/", "pk", "resolution"),
    ("staff/notifications/", "pk", "notification"),
    ("staff/extract/", "pk", "source"),
    ("staff/resolutions/", "pk", "resolution"),
    ("staff/resolutions/", "revision_pk", "revision"),
    ("staff/evidence/", "pk", "evidence"),
    ("staff/attachments/", "pk", "attachment"),
    ("staff/sources/", "pk", "source"),
    ("api/v1/resolutions/", "pk", "resolution"),
    ("api/v1/resolutions/", "resolution_pk", "resolution"),
    ("api/v1/resolutions/", "revision_id", "revision"),
    ("api/v1/sources/", "pk", "source"),
    ("api/v1/needs/", "pk", "need"),
    ("api/v1/public/promises/", "tracking_code", "tracking_code"),
    ("api/v1/moderation/comments/", "pk", "comment"),
    ("api/v1/me/tokens/", "pk", "token"),
    ("api/v1/me/webhooks/", "pk", "webhook"),
    ("comments/moderate/", "pk", "comment"),
    ("promises/", "code", "tracking_code"),
    ("promises/", "pk", "followup_action"),
    ("trips/", "code", "source_code"),
    ("news/", "pk", "article"),
]


def _kind_for(route: str, parameter: str) -> str | None:
    for start, name, kind in PARAMETERS:
        if route.startswith(start) and name == parameter:
            return kind
    return None


def _url(route: str, forbidden: Forbidden) -> str:
    def fill(match: re.Match[str]) -> str:
        parameter = match.group(1).split(":")[-1]
        kind = _kind_for(route, parameter)
        assert kind is not None, f"add {route} «{parameter}» to the access matrix"
        return str(forbidden.get(kind))

    return "/" + re.sub(r"<([\w:]+)>", fill, route)


def test_every_url_with_a_parameter_is_in_the_matrix() -> None:
    unknown = [
        route
        for route in _routes()
        if route not in PUBLIC_OR_TOKEN
        and any(
            _kind_for(route, match.split(":")[-1]) is None
            for match in re.findall(r"<([\w:]+)>", route)
        )
    ]
    assert not unknown, f"add these URLs to the access matrix: {unknown}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persona_reaches_what_it_must_not(world: World, persona: str | None) -> None:
    forbidden = Forbidden(world)
    client = Client()
    if persona:
        client.force_login(world.users[persona])
    before = (
        Resolution.objects.get(pk=forbidden.resolution.pk).version,
        ResolutionEvent.objects.count(),
        DeadlineRevision.objects.get(pk=forbidden.revision.pk).state,
        Source.objects.get(pk=forbidden.source.pk).title,
    )
    failures = []
    for route in _routes():
        if route in PUBLIC_OR_TOKEN:
            continue
        url = _url(route, forbidden)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status = response.status_code
            login_redirect = status == 302 and "login" in response.get("Location", "")
            if status in DENIED or (persona is None and login_redirect):
                continue
            failures.append(f"{method.upper()} {url} → {status}")
    assert not failures, f"{persona or 'anonymous'} reached: {failures}"
    after = (
        Resolution.objects.get(pk=forbidden.resolution.pk).version,
        ResolutionEvent.objects.count(),
        DeadlineRevision.objects.get(pk=forbidden.revision.pk).state,
        Source.objects.get(pk=forbidden.source.pk).title,
    )
    assert after == before
