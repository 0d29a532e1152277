from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """What we do: projects and exchanges, funding, applications and steering groups."""

    name = "projects"
    verbose_name = _("Projects and exchanges")
