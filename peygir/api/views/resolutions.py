"""/api/v1/resolutions/: every read through the user's scope, every write through a service.

Each endpoint starts with one permission-checked fetch (`_fetch`), then reads its input,
calls the service the pages call, and answers with the resolution as it now is.
"""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peygir.api import inputs
from peygir.api.filters import RESOLUTION_FILTER_PARAMETERS, filter_resolutions_counted
from peygir.api.pagination import Pagination
from peygir.api.selectors import (
    require_followup_owner_allowed,
    require_registrar,
    resolution_list_for_user,
    sources_for_registering,
)
from peygir.api.serializers import (
    DeadlineRevisionSerializer,
    EventSerializer,
    FundingLineSerializer,
    ResolutionSerializer,
)
from peygir.resolutions import services
from peygir.resolutions.models import DeadlineRevision, Resolution
from peygir.resolutions.permissions import Action, require
from peygir.resolutions.selectors import (
    resolution_get_for_user,
    search_scope_of,
    sees_few_rows,
)


def _read(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data


@extend_schema_view(
    list=extend_schema(parameters=RESOLUTION_FILTER_PARAMETERS),
    create=extend_schema(request=inputs.ResolutionCreateInput, responses=ResolutionSerializer),
    partial_update=extend_schema(
        request=inputs.ResolutionUpdateInput, responses=ResolutionSerializer
    ),
)
class ResolutionViewSet(viewsets.GenericViewSet[Resolution]):
    serializer_class = ResolutionSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Resolution]:
        return resolution_list_for_user(self.request.user)

    def _fetch(self, pk: str, action_: Action) -> Resolution:
        """The one permission-checked fetch: 404 if unseen, 403 if seen but not allowed."""
        resolution = resolution_get_for_user(self.request.user, int(pk))
        require(self.request.user, action_, resolution)
        return resolution

    def _answer(self, resolution: Resolution, code: int = status.HTTP_200_OK) -> Response:
        fresh = resolution_get_for_user(self.request.user, resolution.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def list(self, request: Request) -> Response:
        queryset, found = filter_resolutions_counted(
            self.get_queryset(),
            request.query_params,
            scope=search_scope_of(request.user),
            read_first=sees_few_rows(request.user),
        )
        if isinstance(self.paginator, Pagination):
            self.paginator.counted = found  # a search counted its matches: not twice
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._fetch(pk, Action.VIEW)).data)

    def create(self, request: Request) -> Response:
        require_registrar(request.user)
        data = _read(inputs.ResolutionCreateInput, request)
        if not sources_for_registering(request.user).filter(pk=data["source"].pk).exists():
            raise Http404(_("No such source, or you may not see it."))
        owner = data.get("followup_owner")
        require_followup_owner_allowed(request.user, owner.pk if owner else None)
        resolution = services.resolution_create(actor=request.user, **data)  # type: ignore[arg-type]
        return self._answer(resolution, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.EDIT)
        form = inputs.ResolutionUpdateInput(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        if "version" not in changes:
            raise serializers.ValidationError(
                {"version": [_("Send the version of the resolution you changed.")]}
            )
        version = changes.pop("version")
        services.resolution_update_details(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            expected_version=version,
            **changes,
        )
        return self._answer(resolution)

    @extend_schema(request=inputs.AssignInput, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.ASSIGN)
        data = _read(inputs.AssignInput, request)
        services.resolution_assign(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            body=data["body"],
            expected_version=data.get("version"),
        )
        return self._answer(resolution)

    @extend_schema(request=None, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.RESPOND)
        services.resolution_accept(actor=request.user, resolution=resolution)  # type: ignore[arg-type]
        return self._answer(resolution)

    @extend_schema(request=inputs.ReasonInput, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def contest(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.RESPOND)
        data = _read(inputs.ReasonInput, request)
        services.resolution_contest(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            reason=data["reason"],
        )
        return self._answer(resolution)

    @extend_schema(request=inputs.StatusInput, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.CHANGE_STATUS)
        data = _read(inputs.StatusInput, request)
        services.resolution_change_status(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            status=data["status"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self._answer(resolution)

    @extend_schema(request=inputs.ProgressInput, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.REPORT_PROGRESS)
        data = _read(inputs.ProgressInput, request)
        services.resolution_report_progress(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            progress=data["progress"],
            note=data["note"],
            public=data["public"],
            expected_version=data.get("version"),
        )
        return self._answer(resolution)

    @extend_schema(request=inputs.RateInput, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.RATE)
        data = _read(inputs.RateInput, request)
        services.resolution_rate(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            rating=data["rating"],
            reason=data["reason"],
        )
        return self._answer(resolution)

    @extend_schema(request=None, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.PUBLISH)
        services.resolution_publish(actor=request.user, resolution=resolution)  # type: ignore[arg-type]
        return self._answer(resolution)

    @extend_schema(request=inputs.ReasonInput, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.PUBLISH)
        data = _read(inputs.ReasonInput, request)
        services.resolution_unpublish(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            reason=data["reason"],
        )
        return self._answer(resolution)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.VIEW)
        return Response(EventSerializer(resolution.events.all(), many=True).data)

    @extend_schema(responses=FundingLineSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def funding(self, request: Request, pk: str) -> Response:
        resolution = self._fetch(pk, Action.VIEW)
        return Response(FundingLineSerializer(resolution.funding_lines.all(), many=True).data)

    @extend_schema(methods=["get"], request=None, responses=DeadlineRevisionSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=inputs.RevisionRequestInput,
        responses={201: DeadlineRevisionSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="deadline-revisions",
        pagination_class=None,
    )
    def deadline_revisions(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            resolution = self._fetch(pk, Action.VIEW)
            revisions = resolution.deadline_revisions.all()
            return Response(DeadlineRevisionSerializer(revisions, many=True).data)
        resolution = self._fetch(pk, Action.REQUEST_REVISION)
        data = _read(inputs.RevisionRequestInput, request)
        revision = services.deadline_revision_request(
            actor=request.user,  # type: ignore[arg-type]
            resolution=resolution,
            new_date=data["new_date"],
            reason=data["reason"],
        )
        return Response(DeadlineRevisionSerializer(revision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inputs.RevisionDecisionInput, responses=DeadlineRevisionSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deadline-revisions/(?P<revision_id>\d+)/decide",
    )
    def decide_revision(self, request: Request, pk: str, revision_id: str) -> Response:
        resolution = self._fetch(pk, Action.DECIDE_REVISION)
        data = _read(inputs.RevisionDecisionInput, request)
        with transaction.atomic():
            revision = (
                DeadlineRevision.objects.select_for_update()
                .filter(resolution=resolution, pk=int(revision_id))
                .first()
            )
            if revision is None:
                raise Http404(_("No such deadline revision request."))
            revision.resolution = resolution
            services.deadline_revision_decide(
                actor=request.user,  # type: ignore[arg-type]
                revision=revision,
                approve=data["approve"],
                note=data["note"],
            )
        return Response(DeadlineRevisionSerializer(revision).data)
