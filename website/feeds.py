"""Feeds the municipal website and calendars subscribe to: Atom for projects, iCalendar
for public meetings and Nordic meetings. Each entry links back to its public page."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from website import queries

FEED_SIZE = 50


class ProjectFeed(Feed):
    """The newest published projects and exchanges (Atom 1.0), in the page's language."""

    feed_type = Atom1Feed
    description = gettext_lazy("Projects and exchanges the municipality has published.")

    def title(self):
        return _("Projects and exchanges – %(municipality)s") % {
            "municipality": settings.MUNICIPALITY_NAME
        }

    def link(self):
        return reverse("website:project-list")

    def items(self):
        return queries.project_rows().order_by("-updated_at", "pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is sent as type="html": escape the text so it can't become markup.
        return linebreaks(escape(item.summary))

    def item_link(self, item):
        return reverse("website:project-detail", args=[item.slug])

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_categories(self, item):
        return [item.get_kind_display()]


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.MUNICIPALITY_NAME}//{name}//")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _uid(request, kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{request.get_host().split(':')[0]}"


def _host_name(nordic_meeting) -> str:
    """Where a Nordic meeting is held: its host place, or the municipality itself."""
    if nordic_meeting.host:
        return nordic_meeting.host.name
    return settings.MUNICIPALITY_NAME


def meetings_calendar(request):
    """Public meetings of the municipality's bodies, from a year back on."""
    since = timezone.now() - datetime.timedelta(days=365)
    calendar = _calendar(
        _("Public meetings – %(municipality)s") % {"municipality": settings.MUNICIPALITY_NAME}
    )
    stamp = timezone.now()
    for meeting in queries.public_meetings().filter(starts_at__gte=since).order_by("starts_at"):
        event = Event()
        event.add("uid", _uid(request, "meeting", meeting.pk))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2))
        event.add("summary", meeting.body.name)
        if meeting.location:
            event.add("location", meeting.location)
        url = request.build_absolute_uri(reverse("website:meeting-detail", args=[meeting.pk]))
        event.add("url", url)
        event.add("description", url)
        calendar.add_component(event)
    return _ics_response(calendar, "meetings.ics")


def nordic_meetings_calendar(request):
    """Nordic meetings (Nordenmöten) of the twin-town chain, as all-day events (S18)."""
    calendar = _calendar(
        _("Nordic meetings – %(municipality)s") % {"municipality": settings.MUNICIPALITY_NAME}
    )
    stamp = timezone.now()
    meetings = queries.public_nordic_meetings().filter(starts_on__isnull=False).order_by("year")
    for meeting in meetings:
        event = Event()
        event.add("uid", _uid(request, "nordic-meeting", meeting.pk))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_on)
        # An all-day event ends on the day after its last day (RFC 5545).
        event.add("dtend", (meeting.ends_on or meeting.starts_on) + datetime.timedelta(days=1))
        host = _host_name(meeting)
        event.add(
            "summary",
            _("Nordic meeting %(year)s in %(host)s") % {"year": meeting.year, "host": host},
        )
        event.add("location", host)
        url = request.build_absolute_uri(
            reverse("website:nordic-meeting-detail", args=[meeting.pk])
        )
        event.add("url", url)
        event.add("description", url)
        calendar.add_component(event)
    return _ics_response(calendar, "nordic-meetings.ics")
