"""The URL map of /api/v1/, its OpenAPI schema and its self-hosted docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.routers import DefaultRouter

from peygir.api.views.account import TokenViewSet, WebhookViewSet
from peygir.api.views.comments import ModerationViewSet
from peygir.api.views.followups import FollowupViewSet
from peygir.api.views.needs import NeedViewSet
from peygir.api.views.reference import (
    CategoryViewSet,
    OrganizationViewSet,
    PlaceViewSet,
    PublicPromiseViewSet,
    SourceViewSet,
)
from peygir.api.views.resolutions import ResolutionViewSet

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("resolutions", ResolutionViewSet, basename="resolution")
router.register(
    r"resolutions/(?P<resolution_pk>\d+)/followups", FollowupViewSet, basename="followup"
)
router.register("sources", SourceViewSet, basename="source")
router.register("needs", NeedViewSet, basename="need")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("places", PlaceViewSet, basename="place")
router.register("categories", CategoryViewSet, basename="category")
router.register("public/promises", PublicPromiseViewSet, basename="public-promise")
router.register("moderation/comments", ModerationViewSet, basename="moderation")
router.register("me/tokens", TokenViewSet, basename="token")
router.register("me/webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [
    path(
        "openapi.json",
        SpectacularAPIView.as_view(
            renderer_classes=[JSONOpenAPIRenderer],
            permission_classes=[AllowAny],
            authentication_classes=[],
        ),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    *router.urls,
]
