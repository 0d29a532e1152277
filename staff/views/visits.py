"""Visits and delegations, flagged when a twin-town visit lacks the chair of KF or KS (S14)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from partners.models import Visit, VisitParticipant
from staff.forms import VisitForm, VisitParticipantFormSet
from staff.mixins import StaffMixin, add_errors


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


class VisitFormView(StaffMixin, TemplateView):
    """Register a visit, or change one, with its named participants (S14, #12): the
    coordinator (``Rights.may_see_visits``). The model's rules decide, as in the admin; a
    refused form saves nothing and says why (400)."""

    template_name = "staff/visit_form.html"

    def allowed(self):
        return self.rights.may_see_visits

    def dispatch(self, request, *args, **kwargs):
        self.visit = None
        if "pk" in kwargs:
            self.visit = get_object_or_404(Visit.objects.select_related("place"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        form = VisitForm(data, instance=self.visit)
        formset = VisitParticipantFormSet(
            data,
            instance=self.visit or Visit(),
            prefix="participants",
            queryset=VisitParticipant.objects.select_related("person").order_by("pk"),
        )
        return form, formset

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["formset"] = self.forms()
        return super().get_context_data(visit=self.visit, **kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    visit = form.save()
                    formset.instance = visit
                    formset.save()
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The visit is saved."))
                return redirect("staff:visit-list")
        context = self.get_context_data(form=form, formset=formset)
        return self.render_to_response(context, status=400)
