"""/api/v1/resolutions/{id}/followups/: the follow-up actions of a resolution.

Reading needs the right to view the resolution; recording needs the right to record
follow-up, exactly as on the pages. Attachments are uploaded through the pages for now.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from peygir.api.fields import FlexibleDateField, JalaliDateOutputField
from peygir.api.inputs import PersianTextField
from peygir.followup import services
from peygir.followup.choices import ActionKind, Level
from peygir.followup.models import Attachment, FollowupAction
from peygir.followup.selectors import actions_of
from peygir.organizations.models import Organization
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, require
from peygir.resolutions.selectors import resolution_get_for_user


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "uploaded_at"]


class FollowupSerializer(serializers.ModelSerializer[FollowupAction]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    date = FlexibleDateField()
    date_jalali = JalaliDateOutputField(source="date")
    next_followup_date = FlexibleDateField(allow_null=True)
    next_followup_date_jalali = JalaliDateOutputField(source="next_followup_date", allow_null=True)
    reply_due = FlexibleDateField(allow_null=True)
    reply_due_jalali = JalaliDateOutputField(source="reply_due", allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = FollowupAction
        fields = [
            "id",
            "resolution",
            "kind",
            "kind_display",
            "date",
            "date_jalali",
            "outcome",
            "level",
            "next_followup_date",
            "next_followup_date_jalali",
            "letter_number",
            "subject",
            "sender",
            "recipient",
            "recipient_person",
            "reply_due",
            "reply_due_jalali",
            "in_reply_to",
            "place",
            "met_whom",
            "who_went",
            "obtained",
            "is_internal",
            "recorded_at",
            "attachments",
        ]


def _bodies() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True)


class FollowupInput(serializers.Serializer[Any]):
    """One action; which fields matter depends on its kind (a letter needs its number…)."""

    kind = serializers.ChoiceField(choices=ActionKind.choices)
    date = FlexibleDateField()
    outcome = PersianTextField(required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    next_followup_date = FlexibleDateField(required=False, allow_null=True, default=None)
    is_internal = serializers.BooleanField(required=False, default=True)
    letter_number = PersianTextField(required=False, allow_blank=True, default="", max_length=60)
    subject = PersianTextField(required=False, allow_blank=True, default="", max_length=300)
    sender = serializers.PrimaryKeyRelatedField(
        queryset=_bodies(), required=False, allow_null=True, default=None
    )
    recipient = serializers.PrimaryKeyRelatedField(
        queryset=_bodies(), required=False, allow_null=True, default=None
    )
    recipient_person = PersianTextField(
        required=False, allow_blank=True, default="", max_length=200
    )
    reply_due = FlexibleDateField(required=False, allow_null=True, default=None)
    in_reply_to = serializers.IntegerField(
        required=False, min_value=1, help_text=_("For a letter received: the letter it answers.")
    )
    place = PersianTextField(required=False, allow_blank=True, default="", max_length=300)
    met_whom = PersianTextField(required=False, allow_blank=True, default="", max_length=300)
    who_went = PersianTextField(required=False, allow_blank=True, default="", max_length=300)
    obtained = PersianTextField(required=False, allow_blank=True, default="")


def _record(actor: Any, resolution: Resolution, data: dict[str, Any]) -> FollowupAction:
    """Call the follow-up service that fits the kind of action."""
    kind = data["kind"]
    common = {
        "actor": actor,
        "date": data["date"],
        "outcome": data["outcome"],
        "next_followup_date": data["next_followup_date"],
        "is_internal": data["is_internal"],
    }
    level = {"level": data["level"]} if "level" in data else {}
    if kind == ActionKind.LETTER_SENT:
        return services.followup_record_letter(
            resolution=resolution,
            number=data["letter_number"],
            subject=data["subject"],
            sender=data["sender"],
            recipient=data["recipient"],
            recipient_person=data["recipient_person"],
            reply_due=data["reply_due"],
            **level,
            **common,
        )
    if kind == ActionKind.LETTER_RECEIVED:
        letter = actions_of(resolution).filter(pk=data.get("in_reply_to") or 0).first()
        if letter is None:
            raise serializers.ValidationError(
                {"in_reply_to": [_("Name the letter of this resolution that this one answers.")]}
            )
        return services.followup_record_reply(
            letter=letter, number=data["letter_number"], subject=data["subject"], **common
        )
    if kind == ActionKind.VISIT:
        return services.followup_record_visit(
            resolution=resolution,
            place=data["place"],
            met_whom=data["met_whom"],
            who_went=data["who_went"],
            obtained=data["obtained"],
            **level,
            **common,
        )
    return services.followup_record_action(
        resolution=resolution,
        kind=kind,
        place=data["place"],
        met_whom=data["met_whom"],
        **level,
        **common,
    )


@extend_schema_view(
    create=extend_schema(request=FollowupInput, responses={201: FollowupSerializer}),
)
class FollowupViewSet(viewsets.GenericViewSet[FollowupAction]):
    serializer_class = FollowupSerializer
    lookup_value_regex = r"\d+"

    def _fetch(self, action_: Action) -> Resolution:
        """The one permission-checked fetch of the resolution in the URL."""
        resolution = resolution_get_for_user(self.request.user, int(self.kwargs["resolution_pk"]))
        require(self.request.user, action_, resolution)
        return resolution

    def get_queryset(self) -> QuerySet[FollowupAction]:
        return actions_of(self._fetch(Action.VIEW))

    def list(self, request: Request, resolution_pk: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, resolution_pk: str) -> Response:
        resolution = self._fetch(Action.RECORD_FOLLOWUP)
        form = FollowupInput(data=request.data)
        form.is_valid(raise_exception=True)
        action = _record(request.user, resolution, dict(form.validated_data))
        fresh = actions_of(resolution).get(pk=action.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)
