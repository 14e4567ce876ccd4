"""/api/v1/needs/: councils' needs and problems, read through the needs app's own scope.

Reading only for now: councils submit and the deputy answers on the pages.
"""

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from peygir.api.fields import FlexibleDateField, JalaliDateOutputField
from peygir.needs.models import NeedItem
from peygir.needs.selectors import need_items_visible_to


class NeedSerializer(serializers.ModelSerializer[NeedItem]):
    council = serializers.IntegerField(
        source="needs_list.council_id", allow_null=True, default=None
    )
    answer_date = FlexibleDateField(allow_null=True)
    answer_date_jalali = JalaliDateOutputField(source="answer_date", allow_null=True)

    class Meta:
        model = NeedItem
        # The requester's contact is left out: it is personal data, not the integrator's.
        fields = [
            "id",
            "tracking_code",
            "needs_list",
            "council",
            "title",
            "description",
            "place",
            "category",
            "estimated_cost",
            "priority",
            "status",
            "target_body",
            "provincial_priority",
            "merged_into",
            "answer",
            "answer_note",
            "answer_date",
            "answer_date_jalali",
            "credit",
            "referred_to",
            "resolution",
            "created_at",
        ]


class NeedViewSet(viewsets.ReadOnlyModelViewSet[NeedItem]):
    """Needs the user may see: a council its own, a county its councils', the deputy all."""

    serializer_class = NeedSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[NeedItem]:
        return need_items_visible_to(self.request.user).select_related("needs_list")
