from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """What we do: projects and exchanges, funding, applications and steering groups."""

    name = "projects"
    verbose_name = _("Projects and exchanges")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from projects.middleware import start_session_clocks

        user_logged_in.connect(start_session_clocks, dispatch_uid="projects.session_clocks")
