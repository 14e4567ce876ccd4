"""How records look in the API. Reading only: writes go through peygir.api.inputs."""

import datetime

from django.utils import timezone
from rest_framework import serializers

from peygir.api.fields import FlexibleDateField, JalaliDateOutputField
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.resolutions.choices import OPEN_STATUSES
from peygir.resolutions.models import (
    Category,
    DeadlineRevision,
    FundingLine,
    Resolution,
    ResolutionEvent,
    Source,
)


class PlaceSerializer(serializers.ModelSerializer[Place]):
    class Meta:
        model = Place
        fields = ["id", "code", "name", "kind", "parent"]


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["id", "code", "name", "short_name", "kind", "level", "place", "parent"]


class OrganizationBriefSerializer(serializers.ModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["id", "code", "name"]


class CategorySerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["id", "code", "name"]


class PlaceBriefSerializer(serializers.ModelSerializer[Place]):
    class Meta:
        model = Place
        fields = ["id", "code", "name", "kind"]


class SourceBriefSerializer(serializers.ModelSerializer[Source]):
    start_date = FlexibleDateField()
    start_date_jalali = JalaliDateOutputField(source="start_date")

    class Meta:
        model = Source
        fields = ["id", "code", "kind", "title", "start_date", "start_date_jalali"]


class SourceSerializer(serializers.ModelSerializer[Source]):
    start_date = FlexibleDateField()
    start_date_jalali = JalaliDateOutputField(source="start_date")
    end_date = FlexibleDateField(allow_null=True)
    end_date_jalali = JalaliDateOutputField(source="end_date", allow_null=True)
    places = PlaceBriefSerializer(many=True)
    organizer = OrganizationBriefSerializer(allow_null=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "start_date",
            "start_date_jalali",
            "end_date",
            "end_date_jalali",
            "places",
            "organizer",
            "delegation",
            "attendees",
            "summary",
            "minutes",
        ]


def _is_overdue(resolution: Resolution, today: datetime.date) -> bool:
    deadline = resolution.deadline
    return deadline is not None and deadline < today and resolution.status in OPEN_STATUSES


class ResolutionSerializer(serializers.ModelSerializer[Resolution]):
    source = SourceBriefSerializer()  # type: ignore[assignment]
    category = CategorySerializer(allow_null=True)
    places = PlaceBriefSerializer(many=True)
    responsible_body = OrganizationBriefSerializer(allow_null=True)
    supporting_bodies = OrganizationBriefSerializer(many=True)
    followup_owner = OrganizationBriefSerializer(allow_null=True)
    national_counterpart = OrganizationBriefSerializer(allow_null=True)
    start_date = FlexibleDateField(allow_null=True)
    start_date_jalali = JalaliDateOutputField(source="start_date", allow_null=True)
    original_deadline = FlexibleDateField(allow_null=True)
    original_deadline_jalali = JalaliDateOutputField(source="original_deadline", allow_null=True)
    deadline = FlexibleDateField(allow_null=True)
    deadline_jalali = JalaliDateOutputField(source="deadline", allow_null=True)
    next_followup_date = FlexibleDateField(allow_null=True)
    next_followup_date_jalali = JalaliDateOutputField(source="next_followup_date", allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = [
            "id",
            "tracking_code",
            "title",
            "text",
            "source",
            "category",
            "places",
            "responsible_body",
            "supporting_bodies",
            "followup_owner",
            "national_counterpart",
            "authority_level",
            "start_date",
            "start_date_jalali",
            "original_deadline",
            "original_deadline_jalali",
            "deadline",
            "deadline_jalali",
            "next_followup_date",
            "next_followup_date_jalali",
            "status",
            "status_display",
            "status_reason",
            "progress",
            "is_overdue",
            "public_rating",
            "rating_reason",
            "visibility",
            "funding_not_needed",
            "feasibility_verdict",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_is_overdue(self, resolution: Resolution) -> bool:
        return _is_overdue(resolution, timezone.localdate())


class DeadlineRevisionSerializer(serializers.ModelSerializer[DeadlineRevision]):
    old_date = FlexibleDateField(allow_null=True)
    old_date_jalali = JalaliDateOutputField(source="old_date", allow_null=True)
    new_date = FlexibleDateField()
    new_date_jalali = JalaliDateOutputField(source="new_date")

    class Meta:
        model = DeadlineRevision
        fields = [
            "id",
            "resolution",
            "old_date",
            "old_date_jalali",
            "new_date",
            "new_date_jalali",
            "reason",
            "state",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class FundingLineSerializer(serializers.ModelSerializer[FundingLine]):
    class Meta:
        model = FundingLine
        fields = ["id", "source", "fiscal_year", "approved", "allocated", "spent", "note"]


class EventSerializer(serializers.ModelSerializer[ResolutionEvent]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ResolutionEvent
        fields = ["id", "kind", "kind_display", "created_at", "is_public", "message", "data"]


class PublicEventSerializer(serializers.ModelSerializer[ResolutionEvent]):
    """A public timeline entry: what happened and when, never who or the internal data."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ResolutionEvent
        fields = ["id", "kind", "kind_display", "created_at", "message"]


class PublicPromiseSerializer(serializers.ModelSerializer[Resolution]):
    """A published resolution as citizens see it: no internal status, owners or version."""

    source = SourceBriefSerializer()  # type: ignore[assignment]
    category = serializers.CharField(source="category.name", allow_null=True, default=None)
    places = PlaceBriefSerializer(many=True)
    responsible_body = serializers.CharField(
        source="responsible_body.name", allow_null=True, default=None
    )
    original_deadline = FlexibleDateField(allow_null=True)
    original_deadline_jalali = JalaliDateOutputField(source="original_deadline", allow_null=True)
    deadline = FlexibleDateField(allow_null=True)
    deadline_jalali = JalaliDateOutputField(source="deadline", allow_null=True)
    public_rating_display = serializers.CharField(
        source="get_public_rating_display", read_only=True
    )

    class Meta:
        model = Resolution
        fields = [
            "tracking_code",
            "title",
            "text",
            "source",
            "category",
            "places",
            "responsible_body",
            "original_deadline",
            "original_deadline_jalali",
            "deadline",
            "deadline_jalali",
            "progress",
            "public_rating",
            "public_rating_display",
            "rating_reason",
        ]
