"""Visits and delegations, flagged when a twin-town visit lacks the chair of KF or KS (S14)."""

from django.db.models import Prefetch
from django.views.generic import ListView

from partners.models import Visit, VisitParticipant
from staff.mixins import StaffMixin


class VisitListView(StaffMixin, ListView):
    """Visits with participants by role and level, and the S14 flag."""

    http_method_names = ["get", "head"]
    template_name = "staff/visit_list.html"
    context_object_name = "visits"
    paginate_by = 50

    def allowed(self):
        return self.rights.may_see_visits

    def get_queryset(self):
        participants = VisitParticipant.objects.select_related("person").order_by(
            "person__last_name"
        )
        return (
            Visit.objects.with_chair_flag()
            .select_related("place", "relationship")
            .prefetch_related(Prefetch("participants", participants))
            .order_by("-starts_on")
        )
