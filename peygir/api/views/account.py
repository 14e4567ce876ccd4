"""The user's own API records: personal tokens and webhook subscriptions."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peygir.api import inputs, services
from peygir.api.models import ApiToken, WebhookDelivery, WebhookSubscription
from peygir.api.selectors import deliveries_of, tokens_of, webhooks_of


class TokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(
        read_only=True, help_text=_("The token itself; shown this once and never again.")
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]


class WebhookSerializer(serializers.ModelSerializer[WebhookSubscription]):
    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "event_kinds", "organization", "is_active", "created_at"]


class NewWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text=_("Key of the X-Peygir-Signature HMAC; shown this once and never again."),
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "state",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
        ]


def _own(queryset: QuerySet[Any], pk: str) -> Any:
    """The one fetch of an owned record: another user's record is a 404, like a missing one."""
    found = queryset.filter(pk=int(pk)).first()
    if found is None:
        raise Http404(_("Not found."))
    return found


@extend_schema_view(
    create=extend_schema(request=inputs.TokenInput, responses={201: IssuedTokenSerializer}),
    destroy=extend_schema(description="Revoke the token; it stops working at once."),
)
class TokenViewSet(viewsets.GenericViewSet[ApiToken]):
    """Personal API tokens: listed, created (shown once) and revoked by their owner."""

    serializer_class = TokenSerializer
    lookup_value_regex = r"\d+"
    pagination_class = None

    def get_queryset(self) -> QuerySet[ApiToken]:
        return tokens_of(self.request.user)  # type: ignore[arg-type]

    def list(self, request: Request) -> Response:
        return Response(TokenSerializer(self.get_queryset(), many=True).data)

    def create(self, request: Request) -> Response:
        form = inputs.TokenInput(data=request.data)
        form.is_valid(raise_exception=True)
        issued = services.api_token_create(user=request.user, name=form.validated_data["name"])  # type: ignore[arg-type]
        data = dict(TokenSerializer(issued.token).data, token=issued.plain)
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str) -> Response:
        token = _own(self.get_queryset(), pk)
        services.api_token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=extend_schema(request=inputs.WebhookInput, responses={201: NewWebhookSerializer}),
    partial_update=extend_schema(request=inputs.WebhookInput, responses=WebhookSerializer),
)
class WebhookViewSet(viewsets.GenericViewSet[WebhookSubscription]):
    """Subscriptions of a URL to the timeline events of the resolutions the user may see."""

    serializer_class = WebhookSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        return webhooks_of(self.request.user)  # type: ignore[arg-type]

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(WebhookSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(WebhookSerializer(_own(self.get_queryset(), pk)).data)

    def create(self, request: Request) -> Response:
        form = inputs.WebhookInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        subscription = services.webhook_subscribe(
            user=request.user,  # type: ignore[arg-type]
            url=data["url"],
            event_kinds=data.get("event_kinds", []),
            organization=data.get("organization"),
        )
        body = dict(WebhookSerializer(subscription).data, secret=subscription.secret)
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        subscription = _own(self.get_queryset(), pk)
        form = inputs.WebhookInput(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.webhook_update(
            user=request.user,  # type: ignore[arg-type]
            subscription=subscription,
            url=data.get("url"),
            event_kinds=data.get("event_kinds"),
            is_active=data.get("is_active"),
        )
        return Response(WebhookSerializer(subscription).data)

    def destroy(self, request: Request, pk: str) -> Response:
        subscription = _own(self.get_queryset(), pk)
        services.webhook_delete(user=request.user, subscription=subscription)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str) -> Response:
        subscription = _own(self.get_queryset(), pk)
        page = self.paginate_queryset(deliveries_of(subscription))  # type: ignore[arg-type]
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)  # type: ignore[arg-type]
