"""The read-only open data API of published records, and its OpenAPI description.

Mounted at /api/ outside the language prefixes: every text comes in both languages.
Anyone may read it; nothing can be written; an unpublished record is a 404 here too.
"""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import APIRootView, DefaultRouter

from governance.models import DECISION_ORDER, DecisionCorrection, DecisionPublicity
from partners.models import Agreement, StatusChange
from strategy.models import Objective
from website import api_rows, queries
from website import serializers as s
from website.filters import ProjectFilter


class SafeJSONRenderer(JSONRenderer):
    """JSON in which no string can be read as markup: <, > and & go out as \\u escapes.

    They can only occur inside JSON strings, where the escapes mean the same characters,
    so clients read identical data while a sniffing browser never sees a tag.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


NOT_FOUND = OpenApiResponse(
    {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    description="No published record has this key.",
)
BAD_FILTER = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A filter's value is not one that the list offers; each such filter says why.",
)


class PublicSchema(AutoSchema):
    """Documents the refusals the endpoints answer: 404 for an unknown or unpublished key,
    400 for a filter value that is not offered."""

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        action = getattr(self.view, "action", None)
        if action == "retrieve":
            return {200: serializer, 404: NOT_FOUND}
        if action == "list" and getattr(self.view, "filterset_class", None):
            return {200: serializer, 400: BAD_FILTER}
        return serializer


class PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    """Anonymous, read-only, JSON only; no session, so no cookies and no CSRF."""

    schema = PublicSchema()
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [SafeJSONRenderer]


def _status_changes():
    return StatusChange.objects.select_related("decision__body").order_by("changed_on", "pk")


def _agreements():
    return Agreement.objects.select_related("decision__body").order_by("signed_on")


def _relationships():
    return (
        queries.published_relationships()
        .select_related("place", "chain", "established_by__body", "ended_by__body")
        .order_by("place__name", "started_on", "pk")
    )


def _relationships_with_history():
    return _relationships().prefetch_related(
        Prefetch("status_changes", queryset=_status_changes(), to_attr="public_changes"),
        Prefetch("agreements", queryset=_agreements(), to_attr="public_agreements"),
    )


def _prefetched(queryset, to_attr: str):
    """The queryset of ``queryset``'s prefetch into ``to_attr``: the list reads the same
    records, in the same order, as values."""
    for lookup in queryset._prefetch_related_lookups:
        if isinstance(lookup, Prefetch) and lookup.to_attr == to_attr:
            return lookup.queryset
    raise LookupError(to_attr)


class PlaceViewSet(PublicReadOnly):
    """Published partner places."""

    serializer_class = s.PlaceSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return queries.places_for_map()

    def list(self, request, *args, **kwargs):
        """The same rows as the serializer's, read as values (``website.api_rows``, #15)."""
        places = queries.places_for_map()
        relationships = _prefetched(places, "public_relationships")
        rows = api_rows.CountedApart(places.prefetch_related(None), api_rows.place_values)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(api_rows.places(request, page, relationships))


class RelationshipViewSet(PublicReadOnly):
    """Published twin towns, partnerships and informal contacts, with their history."""

    serializer_class = s.RelationshipSerializer

    def get_queryset(self):
        return _relationships_with_history()

    def list(self, request, *args, **kwargs):
        """The same rows as the serializer's, their history read as values (#15)."""
        page = self.paginate_queryset(_relationships())
        rows = api_rows.relationships(page, _status_changes(), _agreements())
        return self.get_paginated_response(rows)


class ProjectViewSet(PublicReadOnly):
    """Published projects and exchanges; filter with the same parameters as the web page."""

    serializer_class = s.ProjectSerializer
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter

    def get_queryset(self):
        return queries.project_detail().order_by("-starts_on", "slug")

    def list(self, request, *args, **kwargs):
        """The same rows as the serializer's, read as values (``website.api_rows``, #15)."""
        projects = queries.published_projects().order_by("-starts_on", "slug")
        # Without any of the filter's parameters its form would only check that none is given
        # and leave every project in: the form is built when a parameter is (#15).
        if any(name in request.query_params for name in self.filterset_class.base_filters):
            projects = self.filter_queryset(projects)
        page = self.paginate_queryset(api_rows.CountedApart(projects, api_rows.project_values))
        return self.get_paginated_response(api_rows.projects(request, page))


class ObjectiveViewSet(PublicReadOnly):
    """The objectives of the strategy in force, each with the address of the published work
    serving it (the project list filtered by the objective, in pages like every list)."""

    serializer_class = s.ObjectiveSerializer

    def get_queryset(self):
        return (
            Objective.objects.filter(strategy__replaced_by__isnull=True)
            .select_related("strategy")
            .order_by("strategy", "number")
        )


class DecisionViewSet(PublicReadOnly):
    """Decisions behind published work."""

    serializer_class = s.DecisionSerializer

    def get_queryset(self):
        return (
            queries.public_decisions()
            .prefetch_related(Prefetch("corrections", DecisionCorrection.objects.order_by("pk")))
            .order_by(*DECISION_ORDER)
        )

    def list(self, request, *args, **kwargs):
        """The same rows as the serializer's, read as values (``website.api_rows``, #15)."""
        decisions = queries.public_decisions().order_by(*DECISION_ORDER)
        # As many as their marks: each mark is one decision's (its primary key is the decision,
        # a foreign key). Counted without the join with every decision, which grew with the
        # data: 23 ms of PostgreSQL's at 100,000 projects, 2.5 ms for the marks alone (#15).
        counted = DecisionPublicity.objects.all()
        rows = api_rows.CountedApart(decisions, api_rows.decision_values, counted)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(api_rows.decisions(request, page))


class MeetingViewSet(PublicReadOnly):
    """Public meetings of the municipality's bodies."""

    serializer_class = s.MeetingSerializer

    def get_queryset(self):
        return queries.public_meetings().order_by("-starts_at")


class NordicMeetingViewSet(PublicReadOnly):
    """Nordic meetings of the twin-town chain."""

    serializer_class = s.NordicMeetingSerializer

    def get_queryset(self):
        return queries.public_nordic_meetings().order_by("-year")


def not_found(request):
    """The API's answer for an address it does not have, as DRF's own 404s read."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description (YAML; ?format=json for JSON)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]


class ApiRootView(APIRootView):
    """The list of endpoints."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [SafeJSONRenderer]


router = DefaultRouter()
router.APIRootView = ApiRootView
router.root_view_name = "root"
router.register("places", PlaceViewSet, basename="place")
router.register("relationships", RelationshipViewSet, basename="relationship")
router.register("projects", ProjectViewSet, basename="project")
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("nordic-meetings", NordicMeetingViewSet, basename="nordic-meeting")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The human-readable documentation is the open data page, in the reader's language.
    path("docs/", RedirectView.as_view(pattern_name="website:open-data"), name="docs"),
    # Last: an address no route takes (a key with a dot, an unknown list) is the API's JSON
    # 404 too, not the public site's HTML page. Only addresses ending in a slash, so that
    # APPEND_SLASH still completes the others first.
    re_path(r"^.*/$", not_found, name="not-found"),
]
