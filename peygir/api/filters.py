"""The resolution list's filters, search and ordering, read from the query string."""

from collections.abc import Sequence
from typing import Any

from django.db.models import F, OrderBy, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from peygir.api.fields import FlexibleDateField
from peygir.places.models import Place
from peygir.resolutions.choices import OPEN_STATUSES, SourceKind, Status
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import resolution_ids_in_place
from peygir.search.models import SearchKind
from peygir.search.selectors import scoped_match_ids, search_condition, search_count_capped
from peygir.workspace.pagination import CappedPaginator

# Resolutions without a deadline come last either way: they are not the urgent ones.
ORDERINGS: dict[str, tuple[str | OrderBy, ...]] = {
    "deadline": (F("deadline").asc(nulls_last=True), "id"),
    "-deadline": (F("deadline").desc(nulls_last=True), "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "progress": ("progress", "id"),
    "-progress": ("-progress", "-id"),
    "tracking_code": ("tracking_code",),
    "-tracking_code": ("-tracking_code",),
}


class _CommaList(serializers.CharField):
    """A comma-separated list of choices (status=assigned,accepted)."""

    def __init__(self, choices: list[str], **kwargs: Any) -> None:
        self.allowed = choices
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]
        values = [item.strip() for item in str(super().to_internal_value(data)).split(",")]
        values = [value for value in values if value]
        unknown = [value for value in values if value not in self.allowed]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown value: %(values)s.") % {"values": ", ".join(unknown)}, code="invalid"
            )
        return values


class ResolutionFilter(serializers.Serializer[Any]):
    status = _CommaList(list(Status.values), required=False)
    body = serializers.IntegerField(required=False, min_value=1)
    followup_owner = serializers.IntegerField(required=False, min_value=1)
    place = serializers.IntegerField(required=False, min_value=1)
    source = serializers.IntegerField(required=False, min_value=1)  # type: ignore[assignment]
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    category = serializers.CharField(required=False, max_length=40)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    deadline_from = FlexibleDateField(required=False)
    deadline_to = FlexibleDateField(required=False)
    q = serializers.CharField(required=False, max_length=200, trim_whitespace=True)
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False)


def filter_resolutions(queryset: QuerySet[Resolution], params: Any) -> QuerySet[Resolution]:
    """Narrow `queryset` (already the user's scope) by the query string; 400 on bad values."""
    return filter_resolutions_counted(queryset, params)[0]


def filter_resolutions_counted(
    queryset: QuerySet[Resolution],
    params: Any,
    *,
    scope: Sequence[str] | None = None,
    read_first: bool = False,
) -> tuple[QuerySet[Resolution], int | None]:
    """`filter_resolutions`, with how many rows a search found, counted up to the lists' cap
    plus one (None without a search): a list may take it for its own capped count.
    `scope`: the search keys of the user whose rows `queryset` holds (`search_scope_of`);
    `read_first`: that user sees few rows, whose matches are read first (`sees_few_rows`)."""
    # A plain dict, not the QueryDict: DRF reads a missing boolean in a QueryDict as false.
    form = ResolutionFilter(data=dict(params.items()))
    form.is_valid(raise_exception=True)
    data = form.validated_data
    if data.get("status"):
        queryset = queryset.filter(status__in=data["status"])
    if "body" in data:
        queryset = queryset.filter(responsible_body_id=data["body"])
    if "followup_owner" in data:
        queryset = queryset.filter(followup_owner_id=data["followup_owner"])
    if "place" in data:
        path = Place.objects.filter(pk=data["place"]).values_list("path", flat=True).first()
        if path is None:  # an unknown place matches nothing rather than everything
            return queryset.none(), None
        queryset = queryset.filter(pk__in=resolution_ids_in_place(path))
    if "source" in data:
        queryset = queryset.filter(source_id=data["source"])
    if "source_kind" in data:
        queryset = queryset.filter(source__kind=data["source_kind"])
    if data.get("category"):
        category = data["category"]
        rule = Q(category__code=category)
        if category.isdigit():
            rule |= Q(category_id=int(category))
        queryset = queryset.filter(rule)
    if data.get("overdue") is not None:
        overdue = Q(deadline__lt=timezone.localdate(), status__in=OPEN_STATUSES)
        queryset = queryset.filter(overdue) if data["overdue"] else queryset.exclude(overdue)
    if "deadline_from" in data:
        queryset = queryset.filter(deadline__gte=data["deadline_from"])
    if "deadline_to" in data:
        queryset = queryset.filter(deadline__lte=data["deadline_to"])
    found = None
    if data.get("q"):
        queryset, found = _searched(queryset, data["q"], scope, read_first)
    return queryset.order_by(*ORDERINGS[data.get("ordering", "-created")]), found


def search_resolutions(queryset: QuerySet[Resolution], query: str) -> QuerySet[Resolution]:
    """Narrow to the resolutions the search index matches (spelling variants folded)."""
    return _searched(queryset, query)[0]


def _searched(
    queryset: QuerySet[Resolution],
    query: str,
    scope: Sequence[str] | None = None,
    read_first: bool = False,
) -> tuple[QuerySet[Resolution], int | None]:
    """The search, and its matches among `queryset` counted from the index side up to the
    lists' cap plus one: a query matching more is read by walking the list's order
    (PostgreSQL; see `search_condition`) instead of gathering every match before the page."""
    matched = (
        scoped_match_ids(query, kind=SearchKind.RESOLUTION, scope=scope) if read_first else None
    )
    found = search_count_capped(
        query,
        kind=SearchKind.RESOLUTION,
        among=queryset,
        cap=CappedPaginator.cap,
        scope=scope,
        matched=matched,
    )
    condition = search_condition(
        query, kind=SearchKind.RESOLUTION, counted=found, scope=scope, matched=matched
    )
    return queryset.filter(condition), found


def _param(name: str, kind: Any, description: str, **extra: Any) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **extra)


RESOLUTION_FILTER_PARAMETERS = [
    _param("status", OpenApiTypes.STR, "Statuses, comma-separated: " + ", ".join(Status.values)),
    _param("body", OpenApiTypes.INT, "Responsible body (organization id)."),
    _param("followup_owner", OpenApiTypes.INT, "Follow-up owner (organization id)."),
    _param("place", OpenApiTypes.INT, "Place id; everything inside it is included."),
    _param("source", OpenApiTypes.INT, "Trip or meeting (source id)."),
    _param("source_kind", OpenApiTypes.STR, "Kind of source.", enum=SourceKind.values),
    _param("category", OpenApiTypes.STR, "Category code or id."),
    _param("overdue", OpenApiTypes.BOOL, "Only overdue (true) or only not overdue (false)."),
    _param("deadline_from", OpenApiTypes.DATE, "Deadline on or after (ISO or Jalali)."),
    _param("deadline_to", OpenApiTypes.DATE, "Deadline on or before (ISO or Jalali)."),
    _param("q", OpenApiTypes.STR, "Words to find (title, text, tracking code, body, places)."),
    _param("ordering", OpenApiTypes.STR, "Order of the list.", enum=list(ORDERINGS)),
]
