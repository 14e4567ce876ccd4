"""Comments: the published ones for anyone, and the moderators' queue and decisions.

Posting a comment stays on the portal's page, where the rate limits and screening see the
citizen's address; the API never returns a commenter's email.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peygir.api.inputs import PersianTextField
from peygir.comments.choices import Reason
from peygir.comments.models import Comment
from peygir.comments.selectors import (
    QUEUE_APPEALS,
    QUEUE_DECIDED,
    QUEUE_HELD,
    comment_get_for_moderator,
    moderation_queue,
)
from peygir.comments.services import comment_decide


class PublicCommentSerializer(serializers.ModelSerializer[Comment]):
    class Meta:
        model = Comment
        fields = ["id", "name", "text", "created_at"]


class ModeratedCommentSerializer(serializers.ModelSerializer[Comment]):
    """A comment as a moderator sees it: still never the email."""

    target_type = serializers.CharField(source="target_type.model", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "target_type",
            "target_id",
            "name",
            "text",
            "state",
            "reasons",
            "needs_senior",
            "created_at",
            "decided_at",
            "appeal_text",
            "appealed_at",
            "appeal_decided_at",
        ]


class DecisionInput(serializers.Serializer[Any]):
    publish = serializers.BooleanField()
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=Reason.choices), required=False, default=list
    )
    note = PersianTextField(required=False, allow_blank=True, default="", max_length=2000)


QUEUES = [QUEUE_HELD, QUEUE_APPEALS, QUEUE_DECIDED]


class _QueueQuery(serializers.Serializer[Any]):
    queue = serializers.ChoiceField(choices=QUEUES, required=False, default=QUEUE_HELD)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("queue", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=QUEUES)
        ]
    )
)
class ModerationViewSet(viewsets.GenericViewSet[Comment]):
    """The moderators' queue: held comments, appeals, recent decisions."""

    serializer_class = ModeratedCommentSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Comment]:
        query = _QueueQuery(data=dict(self.request.query_params.items()))
        query.is_valid(raise_exception=True)
        return moderation_queue(self.request.user, queue=query.validated_data["queue"])

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(comment_get_for_moderator(request.user, int(pk))).data)

    @extend_schema(request=DecisionInput, responses=ModeratedCommentSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        comment = comment_get_for_moderator(request.user, int(pk))
        form = DecisionInput(data=request.data)
        form.is_valid(raise_exception=True)
        decided = comment_decide(
            actor=request.user,  # type: ignore[arg-type]
            comment=comment,
            publish=form.validated_data["publish"],
            reasons=form.validated_data["reasons"],
            note=form.validated_data["note"],
        )
        return Response(self.get_serializer(decided).data)
