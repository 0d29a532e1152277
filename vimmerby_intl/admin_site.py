"""The admin site: its index grouped by the coordinator's tasks, not by app (#12).

Django's admin lists apps and models alphabetically; the coordinator works by task. So the
index and the side bar show the groups of ``GROUPS``, each model in exactly one, in the order
of the work. Each group has its own page (``admin:group``), as an app has. The app pages
(``/admin/<app>/``, the breadcrumbs' middle link) stay Django's, by app. A model registered
later that no group names is listed under "Other records", so nothing is hidden; a test holds
every registered model in a group.
"""

from django.apps import apps
from django.contrib import admin
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, path, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
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

    def _build_app_dict(self, request, label=None):
        """Django's app dictionary (its test: tests/vimmerby_intl/test_admin_index.py), with
        the pages' addresses read once per process and language, not ~80 times a page (#15).
        Which models, links and rights are shown is asked of the user on every request."""
        app_dict = {}
        where = (get_language(), get_script_prefix(), get_urlconf(), self.name)
        for model, model_admin in self._registry.items():
            opts = model._meta
            if label and opts.app_label != label:
                continue
            has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            info = f"{opts.app_label}_{opts.model_name}"
            entry = {
                "model": model,
                "name": capfirst(opts.verbose_name_plural),
                "object_name": opts.object_name,
                "perms": perms,
                "admin_url": None,
                "add_url": None,
            }
            if perms.get("change") or perms.get("view"):
                entry["view_only"] = not perms.get("change")
                entry["admin_url"] = self._address(where, f"{info}_changelist")
            if perms.get("add"):
                entry["add_url"] = self._address(where, f"{info}_add")
            app = app_dict.get(opts.app_label)
            if app is None:
                app_dict[opts.app_label] = {
                    "name": apps.get_app_config(opts.app_label).verbose_name,
                    "app_label": opts.app_label,
                    "app_url": self._address(where, "app_list", opts.app_label, NoReverseMatch),
                    "has_module_perms": has_module_perms,
                    "models": [entry],
                }
            else:
                app["models"].append(entry)
        return app_dict

    def _address(self, where, name, app_label=None, missing=None):
        """``reverse("admin:<name>")`` (with the app's label), remembered per ``where`` (the
        language, script prefix, URL configuration and site): the admin's addresses do not
        change while it runs. One that does not exist is None, or raises ``missing`` as
        Django's ``reverse`` would."""
        key = (*where, name, app_label)
        try:
            found = _ADDRESSES[key]
        except KeyError:
            kwargs = {"app_label": app_label} if app_label else None
            try:
                found = reverse(f"admin:{name}", kwargs=kwargs, current_app=self.name)
            except NoReverseMatch:
                found = None
            _ADDRESSES[key] = found
        if found is None and missing is not None:
            raise missing(f"admin:{name}")
        return found

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


# The admin's addresses by (language, script prefix, URL configuration, site, name, label);
# forgotten when a test changes the URL configuration.
_ADDRESSES: dict[tuple, str | None] = {}


@receiver(setting_changed)
def _forget_addresses(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _ADDRESSES.clear()


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
