"""Meetings of the bodies on the staff pages (#12, S8, S17): a list by body and year, a
meeting with its agenda, minutes, decisions and documents, and the form that registers or
changes one. Who reads and who keeps a meeting is ``governance.access``'s; the meeting's own
rules are the model's (met on every save, with its history); documents go through
``projects.services.documents`` like those of case work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from governance.models import Decision, Meeting, Person
from projects import queries
from staff.filters import MeetingFilter
from staff.forms import MeetingForm
from staff.mixins import StaffMixin, add_errors
from staff.views.documents import documents_context

NOT_THE_SECRETARY = gettext_lazy(
    "Only the international coordinator or the secretary of the body may register or change "
    "its meetings; its members read them."
)


class MeetingListView(StaffMixin, ListView):
    """The meetings of the bodies the user reads, the latest first, by body and year."""

    http_method_names = ["get", "head"]
    template_name = "staff/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50

    def allowed(self):
        return self.rights.may_see_meetings

    def get_queryset(self):
        self.filterset = MeetingFilter(
            self.request.GET or None,
            queryset=Meeting.objects.readable_by(self.rights)
            .select_related("body")
            .order_by("-starts_at", "pk"),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class MeetingObjectMixin(StaffMixin):
    """Loads the meeting named in the URL; its body's members and secretary read it."""

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        return self.rights.may_read_meeting(self.meeting)


class MeetingDetailView(MeetingObjectMixin, DetailView):
    """A meeting: when and where, its agenda and minutes, who attended, the decisions taken
    at it (with the case behind each, for those who follow it) and its documents."""

    http_method_names = ["get", "head"]
    template_name = "staff/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        decisions = Decision.objects.order_by("paragraph")
        return (
            Meeting.objects.select_related("body")
            .prefetch_related(
                Prefetch("decisions", decisions),
                Prefetch("attendees", Person.objects.order_by("last_name", "first_name")),
            )
            .get(pk=self.meeting.pk)
        )

    def get_context_data(self, **kwargs):
        meeting = self.object
        # The case behind each decision, linked for those who follow it: one query.
        cases = dict(
            queries.applications_of(self.rights)
            .filter(decision__meeting=meeting)
            .values_list("decision_id", "pk")
        )
        for decision in meeting.decisions.all():
            decision.case_pk = cases.get(decision.pk)
        docs = list(meeting.documents.order_by("uploaded_at", "pk"))
        kwargs.update(
            documents_context(self.rights, docs, {"meeting": [meeting]}, upload_target=meeting)
        )
        return super().get_context_data(
            may_keep=self.rights.may_keep_meeting(meeting.body),
            **kwargs,
        )


class MeetingFormView(StaffMixin, TemplateView):
    """Register a meeting, or change one (#12): the coordinator, or the secretary of its
    body. A refused form saves nothing and says why (400)."""

    template_name = "staff/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = None
        if "pk" in kwargs:
            self.meeting = get_object_or_404(
                Meeting.objects.select_related("body"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if self.meeting is None:
            allowed = self.rights.may_add_meetings
        else:
            allowed = self.rights.may_keep_meeting(self.meeting.body)
        if not allowed:
            raise PermissionDenied(str(NOT_THE_SECRETARY))
        return True

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MeetingForm(instance=self.meeting, rights=self.rights))
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def post(self, request, *args, **kwargs):
        form = MeetingForm(request.POST, instance=self.meeting, rights=self.rights)
        if form.is_valid():
            try:
                meeting = form.save()
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect("staff:meeting-detail", pk=meeting.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
