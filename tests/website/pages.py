"""Every public address of the world fixture, in both languages, for sweeping tests."""

from django.urls import reverse
from django.utils.translation import override

API_PATHS = [
    "/api/v1/",
    "/api/v1/places/",
    "/api/v1/places/joniskis/",
    "/api/v1/relationships/",
    "/api/v1/projects/",
    "/api/v1/projects/skolutbyte-joniskis/",
    "/api/v1/objectives/",
    "/api/v1/decisions/",
    "/api/v1/meetings/",
    "/api/v1/nordic-meetings/",
    "/api/schema/",
    "/api/schema/?format=json",
]


def decision_args(decision):
    return [decision.body.slug, decision.meeting_date.isoformat(), decision.paragraph]


def page_urls(world) -> list[str]:
    """Every HTML page, feed and file of the site for the world, in both languages."""
    urls = []
    for code in ("sv", "en"):
        with override(code):
            urls += [
                reverse("website:home"),
                reverse("website:place-list"),
                reverse("website:place-detail", args=["joniskis"]),
                reverse("website:place-detail", args=["skaerbaek"]),
                reverse("website:project-list"),
                reverse("website:project-list") + "?q=skol",
                reverse("website:project-detail", args=[world.project.slug]),
                reverse("website:strategy"),
                reverse("website:network"),
                reverse("website:decision-list"),
                reverse("website:decision-detail", args=decision_args(world.project_decision)),
                reverse("website:decision-detail", args=decision_args(world.establishing_decision)),
                reverse("website:calendar"),
                reverse("website:meeting-detail", args=[world.public_meeting.pk]),
                reverse("website:nordic-meeting-detail", args=[world.nordic_meeting.pk]),
                reverse("website:accessibility"),
                reverse("website:contact"),
                reverse("website:open-data"),
                reverse("website:twin-towns-csv"),
                reverse("website:project-feed"),
                reverse("website:meetings-ics"),
                reverse("website:nordic-meetings-ics"),
                reverse("website:embed-projects"),
            ]
    return urls


def all_public_urls(world) -> list[str]:
    return page_urls(world) + API_PATHS
