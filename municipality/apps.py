from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    """The top layer: loading a municipality's data, the demo, personal data, backups."""

    name = "municipality"
    verbose_name = _("Municipality")
