"""Staff pages, under /arbete/ (Swedish paths) and /en/work/ (English paths)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from governance.models import Meeting
from partners.models import Place, PlacePicture
from projects.models import Application, Project
from staff.views import (
    applications,
    documents,
    funding_calendar,
    meetings,
    pictures,
    places,
    projects,
    terms,
    visits,
)

app_name = "staff"

urlpatterns = [
    path("", applications.StaffHomeView.as_view(), name="home"),
    path(
        _("funding/calendar/"),
        funding_calendar.FundingCalendarView.as_view(),
        name="funding-calendar",
    ),
    path(
        _("funding/calendar/<str:token>.ics"),
        funding_calendar.DeadlineFeedView.as_view(),
        name="deadline-feed",
    ),
    path(_("applications/"), applications.ApplicationListView.as_view(), name="application-list"),
    path(
        _("applications/new/"),
        applications.ApplicationCreateView.as_view(),
        name="application-create",
    ),
    path(
        _("applications/<int:pk>/"),
        applications.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        _("applications/<int:pk>/edit/"),
        applications.ApplicationUpdateView.as_view(),
        name="application-update",
    ),
    path(
        _("applications/<int:pk>/submit/"),
        applications.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        _("applications/<int:pk>/withdraw/"),
        applications.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        _("applications/<int:pk>/return/"),
        applications.ReturnView.as_view(),
        name="application-return",
    ),
    path(
        _("applications/<int:pk>/no-consultation/"),
        applications.NoConsultationReasonView.as_view(),
        name="application-no-consultation",
    ),
    path(
        _("applications/<int:pk>/proposal/"),
        applications.ProposalView.as_view(),
        name="application-proposal",
    ),
    path(
        _("applications/<int:pk>/consultation/"),
        applications.ConsultationView.as_view(),
        name="application-consultation",
    ),
    path(
        _("applications/<int:pk>/decision/"),
        applications.DecideView.as_view(),
        name="application-decide",
    ),
    path(
        _("applications/<int:pk>/decision/minutes-extract.pdf"),
        applications.MinutesExtractView.as_view(),
        name="application-minutes-extract",
    ),
    path(
        _("applications/<int:pk>/decision/minutes-extract/keep/"),
        applications.KeepMinutesExtractView.as_view(),
        name="application-keep-minutes-extract",
    ),
    path(
        _("applications/<int:pk>/decision/correction/"),
        applications.DecisionCorrectionView.as_view(),
        name="application-correct-decision",
    ),
    path(
        _("applications/<int:pk>/steering-group/"),
        applications.SteeringGroupView.as_view(),
        name="application-steering-group",
    ),
    path(
        _("applications/<int:pk>/documents/new/"),
        documents.DocumentUploadView.as_view(model=Application),
        name="application-document-create",
    ),
    path(
        _("projects/<int:pk>/documents/new/"),
        documents.DocumentUploadView.as_view(model=Project),
        name="project-document-create",
    ),
    path(
        _("projects/<int:pk>/pictures/new/"),
        pictures.PictureUploadView.as_view(),
        name="project-picture-create",
    ),
    path(
        _("pictures/<int:pk>/<int:width>.webp"),
        pictures.PictureImageView.as_view(),
        name="project-picture",
    ),
    path(
        _("pictures/<int:pk>/edit/"),
        pictures.PictureUpdateView.as_view(),
        name="project-picture-update",
    ),
    path(
        _("pictures/<int:pk>/remove/"),
        pictures.PictureRemoveView.as_view(),
        name="project-picture-remove",
    ),
    # Partner places and their pictures (#14): the coordinator's; the same picture views.
    path(_("places/"), places.PlaceListView.as_view(), name="place-list"),
    path(_("places/<int:pk>/"), places.PlaceDetailView.as_view(), name="place-detail"),
    path(
        _("places/<int:pk>/pictures/new/"),
        pictures.PictureUploadView.as_view(model=Place),
        name="place-picture-create",
    ),
    path(
        _("places/pictures/<int:pk>/<int:width>.webp"),
        pictures.PictureImageView.as_view(model=PlacePicture),
        name="place-picture",
    ),
    path(
        _("places/pictures/<int:pk>/edit/"),
        pictures.PictureUpdateView.as_view(model=PlacePicture),
        name="place-picture-update",
    ),
    path(
        _("places/pictures/<int:pk>/remove/"),
        pictures.PictureRemoveView.as_view(model=PlacePicture),
        name="place-picture-remove",
    ),
    path(_("documents/<int:pk>/"), documents.DocumentDownloadView.as_view(), name="document"),
    path(
        _("documents/<int:pk>/public/"),
        documents.DocumentPublicView.as_view(),
        name="document-public",
    ),
    path(
        _("documents/<int:pk>/withdraw/"),
        documents.DocumentWithdrawView.as_view(),
        name="document-withdraw",
    ),
    path(_("to-decide/"), applications.DecisionQueueView.as_view(), name="decision-queue"),
    path(_("projects/"), projects.ProjectListView.as_view(), name="project-list"),
    path(_("projects/new/"), projects.ProjectCreateView.as_view(), name="project-create"),
    path(_("projects/<int:pk>/"), projects.ProjectDetailView.as_view(), name="project-detail"),
    path(_("projects/<int:pk>/edit/"), projects.ProjectUpdateView.as_view(), name="project-update"),
    path(
        _("projects/<int:pk>/status/"),
        projects.ProjectMoveView.as_view(),
        name="project-move",
    ),
    path(
        _("projects/<int:pk>/participants/"),
        projects.ProjectParticipantsView.as_view(),
        name="project-participants",
    ),
    path(
        _("projects/<int:pk>/funding/"),
        projects.FundingCheckCreateView.as_view(),
        name="fundingcheck-create",
    ),
    path(
        _("projects/<int:pk>/funding/suggestions/"),
        projects.FundingSuggestionsView.as_view(),
        name="funding-suggestions",
    ),
    path(
        _("projects/<int:pk>/funding/complete/"),
        projects.FundingCompleteView.as_view(),
        name="funding-complete",
    ),
    path(
        _("projects/<int:pk>/publish/"),
        projects.ProjectPublishView.as_view(),
        name="project-publish",
    ),
    path(
        _("projects/<int:pk>/unpublish/"),
        projects.ProjectPublishView.as_view(unpublish=True),
        name="project-unpublish",
    ),
    path(_("visits/"), visits.VisitListView.as_view(), name="visit-list"),
    path(_("visits/new/"), visits.VisitFormView.as_view(), name="visit-create"),
    path(_("visits/<int:pk>/edit/"), visits.VisitFormView.as_view(), name="visit-update"),
    path(_("meetings/"), meetings.MeetingListView.as_view(), name="meeting-list"),
    path(_("meetings/new/"), meetings.MeetingFormView.as_view(), name="meeting-create"),
    path(_("meetings/<int:pk>/"), meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path(_("meetings/<int:pk>/edit/"), meetings.MeetingFormView.as_view(), name="meeting-update"),
    path(
        _("meetings/<int:pk>/documents/new/"),
        documents.DocumentUploadView.as_view(model=Meeting),
        name="meeting-document-create",
    ),
    path(_("publishing/"), projects.ProposalListView.as_view(), name="proposal-list"),
    path(
        _("publishing/<int:pk>/publish/"),
        projects.ProposalActionView.as_view(),
        {"action": "publish"},
        name="proposal-publish",
    ),
    path(
        _("publishing/<int:pk>/send-back/"),
        projects.ProposalActionView.as_view(),
        {"action": "send-back"},
        name="proposal-send-back",
    ),
    path(_("terms-of-office/"), terms.TermRegistrationView.as_view(), name="term-registration"),
    path(_("terms-of-office/new-link/"), terms.TermLinkView.as_view(), name="term-link"),
    path(
        _("terms-of-office/template/"),
        terms.TermTemplateView.as_view(),
        name="term-template",
    ),
]
