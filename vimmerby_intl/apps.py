from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The project itself: settings, URLs, health probes, logs and the deployment checks."""

    name = "vimmerby_intl"
    verbose_name = _("Site")

    def ready(self):
        from vimmerby_intl import checks  # noqa: F401 - registers the deployment checks
