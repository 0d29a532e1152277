"""Public pages. Every row comes from website.queries, so only published records are read.

A detail view looks its record up with one light query (unpublished: 404) and hands the
template a lazy object with everything else; the template caches its rendered body per
language and content version, so a cached page costs one query.
"""

import datetime

from csp.decorators import csp_replace
from django.conf import settings
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from governance import pictures, uploads
from governance.access import may_keep_records
from governance.models import DECISION_ORDER, BodyKind
from partners.models import Agreement, AgreementDocument, Place, PlacePicture
from projects import search
from projects.models import Project, ProjectPicture
from website import caching, queries
from website import map as partner_map
from website.filters import ProjectFilter, choice_records
from website.pagination import CountedPagePaginator


class PublicPage:
    """Marks the navigation item of the page's section; shortens long page ranges; serves
    the whole page from the cache to a visitor without a session (website.caching)."""

    section = ""

    def dispatch(self, request, *args, **kwargs):
        render = super().dispatch
        return caching.serve_cached_page(request, lambda: render(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context


def _map_of(places):
    home = (settings.MUNICIPALITY_LATITUDE, settings.MUNICIPALITY_LONGITUDE)
    return partner_map.build(list(places), home, settings.MUNICIPALITY_NAME)


class HomeView(PublicPage, TemplateView):
    """What the municipality does abroad: partners, current work, coming meetings (S19)."""

    template_name = "website/home.html"
    section = "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        places = queries.map_places()
        today = timezone.localdate()
        context.update(
            today=today,
            # The map is drawn by the template's {% partner_map_html places %}.
            places=places,
            # Read only where the template's cached fragment is missing, as the querysets
            # were; their SQL is compiled once per process (governance.compiled, #15).
            projects=SimpleLazyObject(lambda: queries.first_current_projects(6)),
            meetings=queries.upcoming_public_meetings()[:5],
            nordic_meetings=SimpleLazyObject(
                lambda: queries.first_upcoming_nordic_meetings(today, 1)
            ),
        )
        return context


class PlaceListView(PublicPage, TemplateView):
    """Twin towns and partners: the map beside the same facts as a table."""

    template_name = "website/place_list.html"
    section = "places"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        places = queries.map_places()
        context["partner_map"] = SimpleLazyObject(lambda: _map_of(places))
        return context


class PlaceDetailView(PublicPage, DetailView):
    """A partner place with its relationships' whole history, mergers included (S1, S2)."""

    template_name = "website/place_detail.html"
    section = "places"
    queryset = Place.objects.published().only("pk", "slug", "name", "local_name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.object.pk
        context["place"] = SimpleLazyObject(lambda: queries.place_detail().get(pk=pk))
        return context


class ProjectListView(PublicPage, ListView):
    """Published projects and exchanges, filtered and searched; bad filter input is a 400."""

    template_name = "website/project_list.html"
    section = "projects"
    paginate_by = 20
    # The page's projects and their count in one query (#15).
    paginator_class = CountedPagePaginator

    def get(self, request, *args, **kwargs):
        # The partners, objectives, committees and years of the selects, in one query (#15),
        # read first: the year filter checks a year against them.
        self.filter_records = choice_records(ProjectFilter)
        years = None if self.filter_records is None else self.filter_records.years
        self.filterset = ProjectFilter(
            request.GET or None,
            queryset=queries.project_items(places=False),
            request=request,
            years=years,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.object_list = Project.objects.none()
            context = self.get_context_data(invalid=True)
            return self.render_to_response(context, status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        found = self.filterset.qs
        if self.filterset.is_bound and (self.filterset.form.cleaned_data.get("q") or "").strip():
            # A search lists its first LISTED_AT_MOST matches, best first, and says "more
            # than" above that (#14): it never counts every match of a common word. Its
            # ranking sends back the ids the asked page needs with the count (#15).
            return search.listed(found, through=self._page_end())
        return found

    def _page_end(self) -> int | None:
        """The last row of the asked page (``?page=3``: 60), for a search to read the best
        ids up to it with its count in one statement; None for a page that is not a whole
        number from 1 to the last listed page (the paginator answers it as before)."""
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        try:
            number = int(page)
        except (TypeError, ValueError):
            return None
        if not 1 <= number <= search.LISTED_AT_MOST // self.paginate_by + 1:
            return None
        return number * self.paginate_by

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        """The paginator, told what the list's statement depends on (``statement_key``)."""
        return super().get_paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            statement_key=self._statement_key(),
            **kw,
        )

    def _statement_key(self):
        """What the list's page statement depends on beside the database, the language and
        the page: the filters' values, each a validated choice (a kind, a year, a status, a
        published place's, objective's or committee's record, by its pk), so their number
        is bounded; the statement is then compiled once per process for each
        (``CountedPagePaginator``). None for a search (its own statements, ``search``)."""
        if not self.filterset.is_bound:
            return ("project-list",)
        cleaned = self.filterset.form.cleaned_data
        if cleaned.get("q"):
            return None
        values = []
        for name in sorted(cleaned):
            value = cleaned[name]
            if isinstance(value, Model):  # a filter's record: its pk is in the statement
                value = (value._meta.label, value.pk)
            elif value is not None and not isinstance(value, str):
                return None  # no value a form of this filter set gives: compiled each time
            values.append((name, value))
        return ("project-list", *values)

    def paginate_queryset(self, queryset, page_size):
        """The page, its projects with their published places read for them alone, in one
        query (``queries.with_public_places``), as a prefetch read them (#15)."""
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = queries.with_public_places(list(rows))
        return paginator, page, rows, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["filter_records"] = self.filter_records
        more = bool(getattr(self.object_list, "more", False))
        listed_at_most = getattr(self.object_list, "limit", None) or search.LISTED_AT_MOST
        context.update(
            search_more=more,
            listed_at_most=listed_at_most,
            listed_at_most_shown=formats.number_format(listed_at_most, force_grouping=True),
        )
        context["query_string"] = self.request.GET.urlencode()
        cleaned = (
            getattr(self.filterset.form, "cleaned_data", {}) if self.filterset.is_bound else {}
        )
        search_text = (cleaned.get("q") or "").strip()
        context.update(
            search_text=search.searched_part(search_text),
            search_cut=len(search_text) > search.SEARCH_MAX_LENGTH,
            search_limit=search.SEARCH_MAX_LENGTH,
            search_words=search.words(search_text),
            other_filters=any(value for name, value in cleaned.items() if name != "q"),
        )
        return context


class ProjectDetailView(PublicPage, DetailView):
    """A published project or exchange: what, where, who is responsible, why (S16, S19)."""

    template_name = "website/project_detail.html"
    section = "projects"

    def get_object(self, queryset=None):
        """The published project of the address's slug with its body, which the page's
        fragment shows, read once (its statement compiled once per process, #15); what else
        it shows is read when the fragment is rendered (not at all when it is cached)."""
        project = queries.published_project(self.kwargs["slug"])
        if project is None:
            raise Http404
        return project

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        # Its lists and its public documents are read together, in one query (#15).
        detailed = SimpleLazyObject(lambda: queries.with_details(project))
        context["project"] = detailed
        context["documents"] = SimpleLazyObject(lambda: detailed.public_documents)
        return context


class StrategyView(PublicPage, TemplateView):
    """The strategy in force, its objectives and the published work serving each (S16)."""

    template_name = "website/strategy.html"
    section = "strategy"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["strategy"] = SimpleLazyObject(queries.current_strategy)
        return context


class NetworkView(PublicPage, TemplateView):
    """The international network: whom its members represent, how often it met (S17, S20)."""

    template_name = "website/network.html"
    section = "network"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            today=today,
            members=queries.network_members(today),
            meetings_per_year=queries.network_meetings_per_year(),
            regional_meetings_per_year=queries.network_meetings_per_year(BodyKind.REGIONAL_NETWORK),
            public_network_meetings=queries.public_meetings()
            .filter(body__kind__in=(BodyKind.INTERNATIONAL_NETWORK, BodyKind.REGIONAL_NETWORK))
            .order_by("-starts_at")[:10],
        )
        return context


class DecisionListView(PublicPage, ListView):
    """Decisions behind published work, newest first."""

    template_name = "website/decision_list.html"
    section = "decisions"
    paginate_by = 50

    def get_queryset(self):
        return queries.public_decisions().order_by(*DECISION_ORDER)


class DecisionDetailView(PublicPage, DetailView):
    """A decision, found the way it is cited: body, meeting date and paragraph."""

    template_name = "website/decision_detail.html"
    section = "decisions"
    context_object_name = "decision"

    def get_object(self, queryset=None):
        try:
            day = datetime.date.fromisoformat(self.kwargs["date"])
        except ValueError as error:
            raise Http404(_("No such date.")) from error
        return get_object_or_404(
            queries.public_decisions().select_related("revoked_by__body"),
            body__slug=self.kwargs["body"],
            meeting_date=day,
            paragraph=self.kwargs["paragraph"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        context["work"] = SimpleLazyObject(lambda: queries.decision_work(decision))
        revoked_by = decision.revoked_by
        context["revoked_by_is_public"] = (
            revoked_by is not None and queries.public_decisions().filter(pk=revoked_by.pk).exists()
        )
        # Corrections (rättelser): the page shows the corrected values and, here, each value
        # as recorded with the reason (#11).
        context["corrections"] = decision.corrections.order_by("made_on", "pk")
        # The documents the coordinator marked public: the decision's and its case's (#12).
        context["documents"] = queries.decision_documents(decision)
        return context


class CalendarView(PublicPage, TemplateView):
    """Public meetings and Nordic meetings, with the calendar feeds to subscribe to."""

    template_name = "website/calendar.html"
    section = "calendar"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context.update(
            today=timezone.localdate(),
            upcoming=queries.upcoming_public_meetings()[:50],
            past=queries.public_meetings().filter(starts_at__lt=now).order_by("-starts_at")[:20],
            nordic_meetings=queries.public_nordic_meetings().order_by("-year")[:20],
        )
        return context


class MeetingDetailView(PublicPage, DetailView):
    """A public meeting: body, time, place and agenda; never minutes or attendance."""

    template_name = "website/meeting_detail.html"
    section = "calendar"
    context_object_name = "meeting"

    def get_queryset(self):
        return queries.public_meetings()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decisions"] = (
            queries.public_decisions().filter(meeting=self.object).order_by("paragraph")
        )
        # The meeting's documents the coordinator marked public (#12).
        context["documents"] = list(
            queries.public_documents().filter(meeting=self.object).order_by("uploaded_at", "pk")
        )
        return context


class NordicMeetingDetailView(PublicPage, DetailView):
    """A Nordic meeting of the twin-town chain (S18); the delegation is not public."""

    template_name = "website/nordic_meeting_detail.html"
    section = "calendar"
    context_object_name = "nordic_meeting"

    def get_queryset(self):
        return queries.public_nordic_meetings()


class AccessibilityView(PublicPage, TemplateView):
    """The accessibility statement (tillgänglighetsredogörelse, lag 2018:1937)."""

    template_name = "website/accessibility.html"
    section = "accessibility"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            assessed_on=settings.ACCESSIBILITY_ASSESSED_ON,
            contact_email=settings.WEBSITE_CONTACT_EMAIL,
            contact_phone=settings.WEBSITE_CONTACT_PHONE,
        )
        return context


class ContactView(PublicPage, TemplateView):
    """Whom to contact about the international work (#14): functions, e-mail and phone."""

    template_name = "website/contact.html"
    section = "contact"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = list(queries.public_contacts())
        return context


# What each endpoint of the API holds; a test keeps this in step with the router.
API_ENDPOINTS = {
    "places": gettext_lazy("Partner places, with mergers and who administers them now."),
    "relationships": gettext_lazy(
        "Twin towns, partnerships and informal contacts, with status history and agreements."
    ),
    "projects": gettext_lazy("Projects and exchanges, with partners, objectives and decisions."),
    "objectives": gettext_lazy(
        "The strategy's objectives, each with the address of the projects serving it."
    ),
    "decisions": gettext_lazy("Decisions behind the published work."),
    "meetings": gettext_lazy("Public meetings."),
    "nordic-meetings": gettext_lazy("Nordic meetings of the twin-town chain."),
}


class OpenDataView(PublicPage, TemplateView):
    """Feeds, the CSV for Wikidata and the JSON API, with how to use them."""

    template_name = "website/open_data.html"
    section = "open-data"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        root = reverse("api:root")
        context["endpoints"] = [
            {"url": f"{root}{prefix}/", "description": description}
            for prefix, description in API_ENDPOINTS.items()
        ]
        context["embed_url"] = self.request.build_absolute_uri(reverse("website:embed-projects"))
        context["api_default_limit"] = settings.API_DEFAULT_LIMIT
        context["api_max_limit"] = settings.API_MAX_LIMIT
        return context


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(
    csp_replace({"frame-ancestors": settings.WEBSITE_EMBED_ANCESTORS}), name="dispatch"
)
class EmbedProjectsView(ListView):
    """Current projects as a small HTML document another website may show in an iframe.

    The only view that may be framed: no X-Frame-Options, and CSP frame-ancestors widened
    to the sites in WEBSITE_EMBED_ANCESTORS. Its links open in the embedding page's window.
    """

    template_name = "website/embed_projects.html"

    def get_queryset(self):
        return queries.current_projects()[:20]


# --- documents ------------------------------------------------------------------------------
# Served only here, always as downloads typed by their content (governance.uploads); anything
# not public is a 404, so an address reveals nothing about what exists.


@require_safe
def agreement_document(request, pk):
    """An agreement's document, unless internal, when its relationship is published.

    A withdrawn agreement stays a public record, so its document stays downloadable; the
    place page says that it was withdrawn.
    """
    agreement = get_object_or_404(_public_agreements().only("pk", "document"), pk=pk)
    return uploads.attachment(agreement.document)


@require_safe
def agreement_document_version(request, pk, version):
    """One version of an agreement's document, the current or an earlier one (#11): the same
    agreements as ``agreement_document``; each version keeps its address."""
    versions = AgreementDocument.objects.filter(agreement__in=_public_agreements())
    found = get_object_or_404(versions.only("pk", "file"), pk=version, agreement_id=pk)
    return uploads.attachment(found.file)


@require_safe
def place_picture(request, pk, width):
    """One rendition of a place's picture: public when it and its place are (#14)."""
    shown = queries.public_pictures(PlacePicture).filter(place__in=Place.objects.published())
    return _picture(request, shown, PlacePicture, pk, width)


@require_safe
def project_picture(request, pk, width):
    """One rendition of a project's picture: public when it and its project are (#14)."""
    shown = queries.public_pictures(ProjectPicture).filter(project__in=queries.published_projects())
    return _picture(request, shown, ProjectPicture, pk, width)


def _picture(request, shown, model, pk, width):
    fields = ("pk", "image", "renditions", "width")
    picture = shown.only(*fields).filter(pk=pk).first()
    if picture is not None:
        return pictures.response(picture, width, public=True)
    # The admin shows the coordinator every picture, public or not: never kept by a cache.
    if may_keep_records(request.user):
        picture = get_object_or_404(model.objects.only(*fields), pk=pk)
        return pictures.response(picture, width, public=False)
    raise Http404


@require_safe
def case_document(request, pk):
    """A document of case work that the coordinator marked public (#12), of published work,
    a public decision or a public meeting; anything else is a 404."""
    found = get_object_or_404(queries.public_documents().only("pk", "file"), pk=pk)
    return uploads.attachment(found.file)


def _public_agreements():
    return Agreement.objects.filter(
        relationship__in=queries.published_relationships(), document_is_internal=False
    )


@require_safe
def strategy_document(request, pk):
    """The document of the strategy the strategy page shows (the one in force)."""
    strategy = queries.current_strategy()
    if strategy is None or strategy.pk != pk:
        raise Http404
    return uploads.attachment(strategy.document)
