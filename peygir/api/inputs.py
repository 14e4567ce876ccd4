"""What the API accepts. These only read and check the request; the services decide."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from peygir.api.fields import FlexibleDateField
from peygir.api.models import WebhookSubscription
from peygir.organizations.models import Organization
from peygir.persian.normalize import normalize_input
from peygir.places.models import Place
from peygir.resolutions.choices import (
    AuthorityLevel,
    EventKind,
    PublicRating,
    SourceKind,
    Status,
)
from peygir.resolutions.models import Category, Source


def _organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True)


class PersianTextField(serializers.CharField):
    """Text normalized on the way in, like every form of the pages."""

    def to_internal_value(self, data: Any) -> str:
        return normalize_input(super().to_internal_value(data))


class ResolutionDetailsInput(serializers.Serializer[Any]):
    """The descriptive fields of a resolution (resolution_update_details)."""

    title = PersianTextField(max_length=300)
    text = PersianTextField(required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )
    places = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.all(), many=True, required=False
    )
    supporting_bodies = serializers.PrimaryKeyRelatedField(
        queryset=_organizations(), many=True, required=False
    )
    followup_owner = serializers.PrimaryKeyRelatedField(
        queryset=_organizations(), required=False, allow_null=True
    )
    national_counterpart = serializers.PrimaryKeyRelatedField(
        queryset=_organizations(), required=False, allow_null=True
    )
    authority_level = serializers.ChoiceField(
        choices=[("", "—"), *AuthorityLevel.choices], required=False
    )
    start_date = FlexibleDateField(required=False, allow_null=True)
    next_followup_date = FlexibleDateField(required=False, allow_null=True)
    funding_not_needed = serializers.BooleanField(required=False)


class ResolutionCreateInput(ResolutionDetailsInput):
    """A new resolution: its source, and the body and deadline it starts with."""

    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())  # type: ignore[assignment]
    responsible_body = serializers.PrimaryKeyRelatedField(
        queryset=_organizations(), required=False, allow_null=True
    )
    deadline = FlexibleDateField(required=False, allow_null=True)


class ResolutionUpdateInput(ResolutionDetailsInput):
    """A partial change of the descriptive fields, made against the version the client read."""

    title = PersianTextField(max_length=300, required=False)
    version = serializers.IntegerField(
        min_value=1,
        help_text=_("The version the change was made against; 409 if it has changed since."),
    )


class AssignInput(serializers.Serializer[Any]):
    body = serializers.PrimaryKeyRelatedField(queryset=_organizations())
    version = serializers.IntegerField(min_value=1, required=False)


class ReasonInput(serializers.Serializer[Any]):
    reason = PersianTextField(max_length=2000, allow_blank=True)


class StatusInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Status.choices)
    reason = PersianTextField(max_length=2000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, required=False)


class ProgressInput(serializers.Serializer[Any]):
    progress = serializers.IntegerField(min_value=0, max_value=100)
    note = PersianTextField(max_length=2000, required=False, allow_blank=True, default="")
    public = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(min_value=1, required=False)


class RevisionRequestInput(serializers.Serializer[Any]):
    new_date = FlexibleDateField()
    reason = PersianTextField(max_length=2000, allow_blank=True)


class RevisionDecisionInput(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    note = PersianTextField(max_length=2000, required=False, allow_blank=True, default="")


class RateInput(serializers.Serializer[Any]):
    rating = serializers.ChoiceField(choices=PublicRating.choices)
    reason = PersianTextField(max_length=2000, required=False, allow_blank=True, default="")


class SourceInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    title = PersianTextField(max_length=300)
    start_date = FlexibleDateField()
    end_date = FlexibleDateField(required=False, allow_null=True)
    places = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.all(), many=True, required=False
    )
    organizer = serializers.PrimaryKeyRelatedField(
        queryset=_organizations(), required=False, allow_null=True
    )
    delegation = PersianTextField(required=False, allow_blank=True)
    attendees = PersianTextField(required=False, allow_blank=True)
    summary = PersianTextField(required=False, allow_blank=True)
    minutes = PersianTextField(required=False, allow_blank=True)


class TokenInput(serializers.Serializer[Any]):
    name = PersianTextField(max_length=100)


class WebhookInput(serializers.ModelSerializer[WebhookSubscription]):
    event_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices),
        required=False,
        max_length=len(EventKind.choices),
        help_text=_("Kinds of timeline events to send; empty sends every kind."),
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=_organizations(), required=False, allow_null=True
    )

    class Meta:
        model = WebhookSubscription
        fields = ["url", "event_kinds", "organization", "is_active"]
