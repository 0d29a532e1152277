from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The project itself: settings, URLs, health probes, logs and the deployment checks."""

    name = "vimmerby_intl"
    verbose_name = _("Site")

    def ready(self):
        from vimmerby_intl import checks  # noqa: F401 - registers the deployment checks


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on the project's site, whose index is grouped by task (#12)."""

    default = False  # "vimmerby_intl" in INSTALLED_APPS stays SiteConfig
    default_site = "vimmerby_intl.admin_site.AdminSite"
