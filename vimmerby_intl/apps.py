from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.staticfiles import apps as staticfiles_apps
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


class StaticFilesConfig(staticfiles_apps.StaticFilesConfig):
    """Django's static files, without the parts of Bootstrap's package the site never serves.

    django-bootstrap-static ships all of Bootstrap's distribution (its JavaScript, jQuery, the
    right-to-left, grid, reboot and utilities builds, each with a source map); the pages use
    its minified CSS alone (``bootstrap/css/bootstrap.min.css`` and the map it names).
    collectstatic hashed and compressed the rest twice over (gzip and Brotli, the hashed copy
    too), half of its time: 2.5 MB of the 5 MB it compresses (#15). A pattern is matched
    against a file's name and its path below the app's ``static`` folder.
    """

    default = False  # "vimmerby_intl" in INSTALLED_APPS stays SiteConfig
    ignore_patterns = [
        *staticfiles_apps.StaticFilesConfig.ignore_patterns,
        "bootstrap/js/*",
        "bootstrap/css/bootstrap-*",
        "bootstrap/css/bootstrap.rtl*",
        "bootstrap/css/bootstrap.css",
        "bootstrap/css/bootstrap.css.map",
    ]
