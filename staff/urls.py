"""Staff pages, under /arbete/ (Swedish) and /en/arbete/ (English)."""

from django.urls import path

from staff.views import applications, projects, visits

app_name = "staff"

urlpatterns = [
    path("", applications.StaffHomeView.as_view(), name="home"),
    path("ansokningar/", applications.ApplicationListView.as_view(), name="application-list"),
    path(
        "ansokningar/ny/", applications.ApplicationCreateView.as_view(), name="application-create"
    ),
    path(
        "ansokningar/<int:pk>/",
        applications.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "ansokningar/<int:pk>/andra/",
        applications.ApplicationUpdateView.as_view(),
        name="application-update",
    ),
    path(
        "ansokningar/<int:pk>/skicka/",
        applications.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        "ansokningar/<int:pk>/aterkalla/",
        applications.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "ansokningar/<int:pk>/samrad/",
        applications.ConsultationView.as_view(),
        name="application-consultation",
    ),
    path(
        "ansokningar/<int:pk>/beslut/", applications.DecideView.as_view(), name="application-decide"
    ),
    path(
        "ansokningar/<int:pk>/styrgrupp/",
        applications.SteeringGroupView.as_view(),
        name="application-steering-group",
    ),
    path("att-besluta/", applications.DecisionQueueView.as_view(), name="decision-queue"),
    path("projekt/", projects.ProjectListView.as_view(), name="project-list"),
    path("projekt/nytt/", projects.ProjectCreateView.as_view(), name="project-create"),
    path("projekt/<int:pk>/", projects.ProjectDetailView.as_view(), name="project-detail"),
    path("projekt/<int:pk>/andra/", projects.ProjectUpdateView.as_view(), name="project-update"),
    path(
        "projekt/<int:pk>/finansiering/",
        projects.FundingCheckCreateView.as_view(),
        name="fundingcheck-create",
    ),
    path(
        "projekt/<int:pk>/finansiering/klar/",
        projects.FundingCompleteView.as_view(),
        name="funding-complete",
    ),
    path("besok/", visits.VisitListView.as_view(), name="visit-list"),
]
