"""Staff pages, under /arbete/ (Swedish) and /en/arbete/ (English)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from projects.forms import SignInForm
from projects.views import applications, second_factor, visits, work

app_name = "projects"

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html",
            next_page=reverse_lazy("projects:home"),
            authentication_form=SignInForm,
        ),
        name="login",
    ),
    path(
        "logga-ut/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("projects:login")),
        name="logout",
    ),
    path("tvafaktor/", second_factor.SecondFactorView.as_view(), name="second-factor"),
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
    path("projekt/", work.ProjectListView.as_view(), name="project-list"),
    path("projekt/nytt/", work.ProjectCreateView.as_view(), name="project-create"),
    path("projekt/<int:pk>/", work.ProjectDetailView.as_view(), name="project-detail"),
    path("projekt/<int:pk>/andra/", work.ProjectUpdateView.as_view(), name="project-update"),
    path(
        "projekt/<int:pk>/finansiering/",
        work.FundingCheckCreateView.as_view(),
        name="fundingcheck-create",
    ),
    path(
        "projekt/<int:pk>/finansiering/klar/",
        work.FundingCompleteView.as_view(),
        name="funding-complete",
    ),
    path("besok/", visits.VisitListView.as_view(), name="visit-list"),
]
