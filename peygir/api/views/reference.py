"""Sources (trips and meetings), reference data, and the public promises citizens read."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from peygir.api import inputs
from peygir.api.filters import filter_resolutions
from peygir.api.selectors import (
    public_events,
    public_promise_get,
    public_promise_list,
    require_registrar,
    source_list_for_user,
)
from peygir.api.serializers import (
    CategorySerializer,
    OrganizationSerializer,
    PlaceSerializer,
    PublicEventSerializer,
    PublicPromiseSerializer,
    SourceSerializer,
)
from peygir.api.views.comments import PublicCommentSerializer
from peygir.comments.selectors import comments_published_on
from peygir.organizations.models import Organization, OrganizationKind, OrganizationLevel
from peygir.persian.normalize import normalize_input
from peygir.places.models import Place, PlaceKind
from peygir.resolutions import services
from peygir.resolutions.choices import PublicRating, SourceKind
from peygir.resolutions.models import Category, Resolution, Source


class _Query(serializers.Serializer[Any]):
    """The reference lists' few filters; unknown values answer 400, not an empty list."""

    kind = serializers.CharField(required=False, max_length=40)
    level = serializers.CharField(required=False, max_length=40)
    place = serializers.IntegerField(required=False, min_value=1)
    parent = serializers.IntegerField(required=False, min_value=1)  # type: ignore[assignment]
    q = serializers.CharField(required=False, max_length=200)


def _query(request: Request) -> dict[str, Any]:
    form = _Query(data=dict(request.query_params.items()))
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _param(name: str, kind: Any, description: str, **extra: Any) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **extra)


_Q = _param("q", OpenApiTypes.STR, "Words to find in the name or code.")


def _subtree(place_id: int) -> Q:
    """Everything inside a place, itself included; an unknown place matches nothing."""
    path = Place.objects.filter(pk=place_id).values_list("path", flat=True).first()
    return Q(path__startswith=path) if path else Q(pk__in=[])


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("kind", OpenApiTypes.STR, "Kind of place.", enum=PlaceKind.values),
            _param("parent", OpenApiTypes.INT, "Only the direct children of this place."),
            _param("place", OpenApiTypes.INT, "Everything inside this place, itself included."),
            _Q,
        ]
    )
)
class PlaceViewSet(viewsets.ReadOnlyModelViewSet[Place]):
    """The place tree; public reference data."""

    serializer_class = PlaceSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Place]:
        queryset = Place.objects.all()
        if self.action != "list":
            return queryset
        query = _query(self.request)
        if query.get("kind"):
            queryset = queryset.filter(kind=query["kind"])
        if "parent" in query:
            queryset = queryset.filter(parent_id=query["parent"])
        if "place" in query:
            queryset = queryset.filter(_subtree(query["place"]))
        if query.get("q"):
            word = normalize_input(query["q"])
            queryset = queryset.filter(Q(name__icontains=word) | Q(code__icontains=word))
        return queryset


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("kind", OpenApiTypes.STR, "Kind of body.", enum=OrganizationKind.values),
            _param("level", OpenApiTypes.STR, "Level.", enum=OrganizationLevel.values),
            _param("place", OpenApiTypes.INT, "Bodies located inside this place."),
            _Q,
        ]
    )
)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet[Organization]):
    """Executive bodies, ministries, governorates, councils; public reference data."""

    serializer_class = OrganizationSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Organization]:
        queryset = Organization.objects.filter(is_active=True)
        if self.action != "list":
            return queryset
        query = _query(self.request)
        if query.get("kind"):
            queryset = queryset.filter(kind=query["kind"])
        if query.get("level"):
            queryset = queryset.filter(level=query["level"])
        if "place" in query:
            inside = Place.objects.filter(_subtree(query["place"]))
            queryset = queryset.filter(place__in=inside)
        if query.get("q"):
            word = normalize_input(query["q"])
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(short_name__icontains=word) | Q(code__icontains=word)
            )
        return queryset


class CategoryViewSet(viewsets.ReadOnlyModelViewSet[Category]):
    """Categories of resolutions; public reference data."""

    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    lookup_value_regex = r"\d+"
    queryset = Category.objects.all()


@extend_schema_view(
    list=extend_schema(
        parameters=[_param("kind", OpenApiTypes.STR, "Kind of source.", enum=SourceKind.values)]
    ),
    create=extend_schema(request=inputs.SourceInput, responses={201: SourceSerializer}),
)
class SourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Source]
):
    """Trips and meetings: the ones with a resolution the user may see."""

    serializer_class = SourceSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Source]:
        queryset = source_list_for_user(self.request.user)
        if self.action == "list":
            query = _query(self.request)
            if query.get("kind"):
                queryset = queryset.filter(kind=query["kind"])
        return queryset

    def create(self, request: Request) -> Response:
        require_registrar(request.user)
        form = inputs.SourceInput(data=request.data)
        form.is_valid(raise_exception=True)
        source = services.source_create(actor=request.user, **form.validated_data)  # type: ignore[arg-type]
        return Response(SourceSerializer(source).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("place", OpenApiTypes.INT, "Place id; everything inside it is included."),
            _param("body", OpenApiTypes.INT, "Responsible body (organization id)."),
            _param("source", OpenApiTypes.INT, "Trip or meeting (source id)."),
            _param("category", OpenApiTypes.STR, "Category code or id."),
            _param("rating", OpenApiTypes.STR, "Public rating.", enum=PublicRating.values),
            _param("q", OpenApiTypes.STR, "Words to find in the title, text or tracking code."),
        ]
    )
)
class PublicPromiseViewSet(viewsets.ReadOnlyModelViewSet[Resolution]):
    """Published resolutions, for anyone: what was promised, by whom, by when, and how it went."""

    serializer_class = PublicPromiseSerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    lookup_field = "tracking_code"
    lookup_value_regex = r"[A-Za-z0-9-]{1,24}"

    def get_queryset(self) -> QuerySet[Resolution]:
        return public_promise_list()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Only the filters that make sense for the public; internal ones are dropped.
        allowed = {"place", "body", "source", "category", "q"}
        params = {key: value for key, value in request.query_params.items() if key in allowed}
        queryset = filter_resolutions(self.get_queryset(), params).order_by("-created_at", "-id")
        rating = request.query_params.get("rating")
        if rating is not None:
            if rating not in PublicRating.values:
                raise serializers.ValidationError({"rating": [_("Unknown public rating.")]})
            queryset = queryset.filter(public_rating=rating)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        promise = public_promise_get(kwargs["tracking_code"])
        return Response(self.get_serializer(promise).data)

    @extend_schema(responses=PublicEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request: Request, tracking_code: str) -> Response:
        promise = public_promise_get(tracking_code)
        return Response(PublicEventSerializer(public_events(promise), many=True).data)

    @extend_schema(responses=PublicCommentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def comments(self, request: Request, tracking_code: str) -> Response:
        promise = public_promise_get(tracking_code)
        return Response(PublicCommentSerializer(comments_published_on(promise), many=True).data)
