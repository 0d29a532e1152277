"""Public pages. Only published records are read."""

from django.views.generic import TemplateView

from partners.models import Relationship
from projects.models import Project


class HomeView(TemplateView):
    """The start page: the municipality's twin towns, partnerships and current work (S19)."""

    template_name = "website/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["relationships"] = (
            Relationship.objects.published().select_related("place").order_by("place__name")
        )
        context["projects"] = Project.objects.published().current().order_by("title")[:10]
        return context
