"""Public URLs: Swedish paths on the Swedish site, English paths under /en/.

The pages' paths are translated (``_("places/")`` is ``orter/`` in Swedish); addresses of the
other language answer with a permanent redirect (vimmerby_intl.redirects). Feeds, the embed,
the CSV, the documents and the pictures keep one address in both languages, since other
websites link to them.
"""

from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from website import feeds, opendata, preview, views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "website"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(_("places/"), views.PlaceListView.as_view(), name="place-list"),
    path(_("places/<slug:slug>/"), views.PlaceDetailView.as_view(), name="place-detail"),
    path(_("projects/"), views.ProjectListView.as_view(), name="project-list"),
    path(_("projects/<slug:slug>/"), views.ProjectDetailView.as_view(), name="project-detail"),
    # Staff only, under the staff pages' path (#12): the public page of a project before it
    # is published.
    path(
        _("work/projects/<int:pk>/preview/"),
        preview.ProjectPreviewView.as_view(),
        name="project-preview",
    ),
    path(_("strategy/"), views.StrategyView.as_view(), name="strategy"),
    path(_("network/"), views.NetworkView.as_view(), name="network"),
    path(_("decisions/"), views.DecisionListView.as_view(), name="decision-list"),
    path(
        _("decisions/<slug:body>/<isodate:date>/<int:paragraph>/"),
        views.DecisionDetailView.as_view(),
        name="decision-detail",
    ),
    path(_("calendar/"), views.CalendarView.as_view(), name="calendar"),
    path(_("meetings/<int:pk>/"), views.MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        _("nordic-meetings/<int:pk>/"),
        views.NordicMeetingDetailView.as_view(),
        name="nordic-meeting-detail",
    ),
    path(_("accessibility/"), views.AccessibilityView.as_view(), name="accessibility"),
    path(_("contact/"), views.ContactView.as_view(), name="contact"),
    path(_("open-data/"), views.OpenDataView.as_view(), name="open-data"),
    path("open-data/twin-towns.csv", require_safe(opendata.twin_towns_csv), name="twin-towns-csv"),
    path("feeds/projects.atom", require_safe(feeds.ProjectFeed()), name="project-feed"),
    path("feeds/meetings.ics", require_safe(feeds.meetings_calendar), name="meetings-ics"),
    path(
        "feeds/nordic-meetings.ics",
        require_safe(feeds.nordic_meetings_calendar),
        name="nordic-meetings-ics",
    ),
    path("embed/projects/", views.EmbedProjectsView.as_view(), name="embed-projects"),
    path("documents/agreements/<int:pk>/", views.agreement_document, name="agreement-document"),
    path(
        "documents/agreements/<int:pk>/versions/<int:version>/",
        views.agreement_document_version,
        name="agreement-document-version",
    ),
    path("documents/cases/<int:pk>/", views.case_document, name="case-document"),
    path("documents/strategy/<int:pk>/", views.strategy_document, name="strategy-document"),
    path("pictures/places/<int:pk>/<int:width>.webp", views.place_picture, name="place-picture"),
    path(
        "pictures/projects/<int:pk>/<int:width>.webp",
        views.project_picture,
        name="project-picture",
    ),
]
