"""The admin site: its index grouped by the coordinator's tasks, not by app (#12).

Django's admin lists apps and models alphabetically; the coordinator works by task. So the
index and the side bar show the groups of ``GROUPS``, each model in exactly one, in the order
of the work. Each group has its own page (``admin:group``), as an app has. The app pages
(``/admin/<app>/``, the breadcrumbs' middle link) stay Django's, by app. A model registered
later that no group names is listed under "Other records", so nothing is hidden; a test holds
every registered model in a group.
"""

from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# (key, label, models as "app_label.ModelName") in the order of the coordinator's work.
GROUPS = (
    (
        "partners",
        _("Partners"),
        (
            "partners.Place",
            "partners.Relationship",
            "partners.StatusChange",
            "partners.Agreement",
            "partners.Visit",
            "partners.ContactAbroad",
        ),
    ),
    (
        "projects",
        _("Projects and applications"),
        (
            "projects.Project",
            "projects.Application",
            "projects.ParticipantCount",
            "projects.ProjectCost",
            "projects.SteeringGroup",
            "projects.SteeringGroupMember",
            "projects.CaseDocument",
        ),
    ),
    (
        "decisions",
        _("Decisions and bodies"),
        (
            "governance.Decision",
            "governance.Meeting",
            "governance.Body",
            "governance.Membership",
            "governance.Person",
            "governance.PublicContact",
        ),
    ),
    (
        "funding",
        _("Funding"),
        (
            "projects.FundingCheck",
            "projects.ReportObligation",
            "projects.Funder",
            "projects.Programme",
            "projects.Call",
        ),
    ),
    (
        "strategy",
        _("Strategy and network"),
        (
            "network.Strategy",
            "network.Objective",
            "network.Revision",
            "partners.Chain",
            "partners.NordicMeeting",
        ),
    ),
    (
        "accounts",
        _("Accounts and sign-in"),
        (
            "auth.User",
            "auth.Group",
            "otp_totp.TOTPDevice",
            "axes.AccessAttempt",
            "axes.AccessLog",
            "axes.AccessFailureLog",
        ),
    ),
)
OTHER = ("other", _("Other records"))


class AdminSite(admin.AdminSite):
    """The project's admin site (``vimmerby_intl.apps.AdminConfig.default_site``)."""

    def get_urls(self):
        group = path("group/<slug:group>/", self.admin_view(self.group_index), name="group")
        return [group, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        """The index and the side bar by task; an app's own page as Django has it."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        return grouped(self._build_app_dict(request))

    def group_index(self, request, group, extra_context=None):
        """One group's models, on the app page's template."""
        found = [entry for entry in self.get_app_list(request) if entry["app_label"] == group]
        if not found:
            raise Http404
        context = {
            **self.each_context(request),
            "title": found[0]["name"],
            "subtitle": None,
            "app_list": found,
            "app_label": group,
            **(extra_context or {}),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/app_index.html", context)


def grouped(app_dict) -> list[dict]:
    """Django's app dictionary (app label -> app with its models) regrouped by ``GROUPS``."""
    models = {}
    for app in app_dict.values():
        for model in app["models"]:
            models[f"{app['app_label']}.{model['object_name']}"] = model
    groups = []
    for key, label, labels in GROUPS:
        rows = [models.pop(name) for name in labels if name in models]
        if rows:
            groups.append(_group(key, label, rows))
    if models:
        rows = sorted(models.values(), key=lambda model: str(model["name"]))
        groups.append(_group(*OTHER, rows))
    return groups


def _group(key, label, rows):
    return {
        "name": capfirst(label),
        "app_label": key,
        "app_url": reverse("admin:group", kwargs={"group": key}),
        "has_module_perms": True,
        "models": rows,
    }
