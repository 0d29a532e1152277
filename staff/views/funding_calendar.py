"""The coordinator's deadline calendar (#13, S6): the next twelve months of calls by
programme, with the work that may fit each, and the same deadlines as a personal iCal feed
for the coordinator's own calendar app."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from governance.access import rights_of
from projects import funding_calls
from projects.models import DeadlineFeed
from projects.services import funding
from staff import ical
from staff.mixins import StaffMixin


class FundingCalendarView(StaffMixin, TemplateView):
    """Deadlines of the next twelve months, by programme; the feed address is made, shown once,
    and revoked here."""

    template_name = "staff/funding_calendar.html"

    def allowed(self):
        return self.rights.may_see_funding_calendar

    def get_context_data(self, **kwargs):
        start = timezone.localdate()
        end = funding_calls.calendar_end(start)
        kwargs.setdefault("start", start)
        kwargs.setdefault("end", end)
        kwargs.setdefault("rows", funding_calls.calendar(start, end))
        kwargs.setdefault("feed", DeadlineFeed.objects.filter(user=self.request.user).first())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            if funding.revoke_deadline_feed(request.user):
                messages.success(request, _("The feed address is revoked: it answers no more."))
            return redirect("staff:funding-calendar")
        token = funding.make_deadline_feed(request.user)
        url = request.build_absolute_uri(reverse("staff:deadline-feed", args=[token]))
        # Shown in this answer only: the secret is not stored, so it cannot be shown again.
        return self.render_to_response(self.get_context_data(new_feed_url=url))


class DeadlineFeedView(View):
    """The iCal feed behind its secret address: no sign-in (a calendar app cannot), and an
    unknown, revoked or no longer entitled address answers 404."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        user = funding.deadline_feed_user(token)
        if user is None or not rights_of(user).may_see_funding_calendar:
            raise Http404
        start = timezone.localdate()
        rows = funding_calls.calendar(start, funding_calls.calendar_end(start))
        page = request.build_absolute_uri(reverse("staff:funding-calendar"))
        host = request.get_host().split(":")[0]
        now = timezone.now()
        events = []
        for row in rows:
            fitting = ", ".join(project.title for project in row.projects) or _("none recorded")
            for deadline in row.deadlines:
                lines = [deadline.note] if deadline.note else []
                lines.append(_("Work that may fit: %(projects)s") % {"projects": fitting})
                events.append(
                    ical.event(
                        uid=f"{deadline.key}@{host}",
                        day=deadline.day,
                        summary=_("Deadline: %(programme)s") % {"programme": row.programme},
                        description="\n".join(lines),
                        stamp=now,
                        url=page,
                    )
                )
        body = ical.calendar(
            name=_("Funding deadlines"),
            events=events,
            product="-//Vimmerby kommun//Internationella kontakter//SV",
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
        return response
