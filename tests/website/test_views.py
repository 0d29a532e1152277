"""The public pages: what they show, what they hide, and how they answer odd requests (S19)."""

import re

import pytest
import time_machine
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import override

from projects.models import ProjectStatus
from tests import factories
from tests.website.conftest import shared_world
from tests.website.pages import decision_args, page_urls

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def assert_not_found(response):
    """A 404 that says so on the site's own page, in the language of the address."""
    assert response.status_code == 404
    html = response.content.decode()
    english = '<html lang="en">' in html
    assert ("<h1>Page not found</h1>" if english else "<h1>Sidan hittades inte</h1>") in html


def assert_not_allowed(response):
    """A refused method says which ones the address answers."""
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) <= {"GET", "HEAD", "OPTIONS"}


def _html_pages(world):
    return [u for u in page_urls(world) if not re.search(r"\.(csv|atom|ics)$", u)]


def test_home_shows_published_partners_and_current_work(client, world):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Joniškis" in html
    assert "Skærbæk" in html
    assert "Skolutbyte med Joniškis" in html
    assert "Hemligby" not in html
    assert "Hemligt projekt" not in html


def test_home_in_english_under_en_prefix(client, world):
    response = client.get("/en/")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "School exchange with Joniškis" in html


def test_place_page_shows_the_relationships_whole_history(client, world):
    response = client.get(reverse("website:place-detail", args=["skaerbaek"]))

    html = response.content.decode()
    assert "sedan 1960-talet" in html
    assert "Skærbæk gick upp i Tønder kommun." in html
    assert "Föreningen Norden" in html
    assert "2007-01-01" in html


def test_place_page_names_an_unpublished_successor_without_linking_it(client, world):
    html = client.get(reverse("website:place-detail", args=["skaerbaek"])).content.decode()

    assert "Tønder" in html
    assert reverse("website:place-detail", args=["tonder"]) not in html


def test_place_page_lists_its_published_projects_only(client, world):
    world.hidden_project.places.add(world.joniskis)

    html = client.get(reverse("website:place-detail", args=["joniskis"])).content.decode()

    assert "Skolutbyte med Joniškis" in html
    assert "Hemligt projekt" not in html


def test_project_page_shows_what_the_public_may_know(client, world):
    html = client.get(reverse("website:project-detail", args=[world.project.slug])).content.decode()

    assert "Elever i årskurs 8 besöker varandras skolor." in html
    assert "Barn- och utbildningsnämnden" in html
    assert "Kommunstyrelsen" in html  # cooperating body
    assert "Svenska institutet" in html  # a funder that granted money
    assert "BUN 2025-06-10 § 41" in html
    assert "Ökad förståelse" in html
    assert ">24<" in html  # pupils, counted


def test_project_page_in_english_marks_a_swedish_fallback_text(client, world):
    html = client.get(
        translate_url(reverse("website:project-detail", args=[world.project.slug]), "en")
    ).content.decode()

    assert "<h1>School exchange with Joniškis</h1>" in html
    assert '<div class="public-text" lang="sv">' in html  # no English summary written


@pytest.mark.parametrize(
    "name,args",
    [
        ("website:place-detail", ["hemligby"]),
        ("website:place-detail", ["tonder"]),
        ("website:place-detail", ["no-such-place"]),
        ("website:project-detail", ["hemligt-projekt"]),
        ("website:project-detail", ["no-such-project"]),
    ],
)
def test_unpublished_or_unknown_record_is_404(client, world, name, args):
    for language in ("sv", "en"):
        with translation.override(language):
            url = reverse(name, args=args)
        response = client.get(url)

        assert_not_found(response)
        heading = "<h1>Sidan hittades inte</h1>" if language == "sv" else "<h1>Page not found</h1>"
        assert heading in response.content.decode()


def test_decision_on_unpublished_work_is_404(client, world):
    url = reverse("website:decision-detail", args=decision_args(world.hidden_decision))

    assert_not_found(client.get(url))


def test_decision_of_an_unpublished_project_is_404(client, world):
    world.project.published = False
    world.project.save()

    url = reverse("website:decision-detail", args=decision_args(world.project_decision))

    assert_not_found(client.get(url))


def test_decision_page_cites_and_explains(client, world):
    url = reverse("website:decision-detail", args=decision_args(world.establishing_decision))

    html = client.get(url).content.decode()

    assert "KF 1994-05-30 § 55" in html
    assert "Joniškis" in html


def test_decision_list_shows_public_decisions_only(client, world):
    html = client.get(reverse("website:decision-list")).content.decode()

    assert "KF 1994-05-30 § 55" in html
    assert "BUN 2025-06-10 § 41" in html
    assert "KF 2016-06-27 § 172" in html  # the strategy
    assert "Internt beslut" not in html


def test_meeting_that_is_not_public_is_404(client, world):
    url = reverse("website:meeting-detail", args=[world.private_meeting.pk])

    assert_not_found(client.get(url))


def test_public_meeting_page_has_no_attendees_or_minutes(client, world):
    html = client.get(
        reverse("website:meeting-detail", args=[world.public_meeting.pk])
    ).content.decode()

    assert "Stadshuset" in html
    assert "Hemlig" not in html


def test_nordic_meeting_of_a_chain_without_published_relationship_is_404(client, world):
    other = factories.NordicMeetingFactory(year=2024)

    url = reverse("website:nordic-meeting-detail", args=[other.pk])

    assert_not_found(client.get(url))


def test_strategy_page_lists_objectives_and_the_work_serving_each(client, world):
    html = client.get(translate_url(reverse("website:strategy"), "en")).content.decode()

    assert 'id="objective-1"' in html
    assert "School exchange with Joniškis" in html
    assert "No published work serves this objective yet." in html  # objective 2


def test_network_page_shows_whom_members_represent_but_not_their_names(client, world):
    html = client.get(reverse("website:network")).content.decode()

    assert "Barn- och utbildningsförvaltningen" in html
    assert "Hemlig" not in html


def test_accessibility_statement_has_what_the_law_asks(client, world):
    html = client.get(translate_url(reverse("website:accessibility"), "en")).content.decode()

    assert "partially compliant" in html
    assert "https://www.digg.se/tdosanmalan" in html
    assert "2018:1937" in html
    assert "self-assessment" in html
    assert "mailto:" in html


def test_every_page_links_the_accessibility_statement(client, world):
    statement = reverse("website:accessibility")
    missing = []
    for url in _html_pages(world):
        if "embed" in url:
            continue
        html = client.get(url).content.decode()
        with override("en" if url.startswith("/en/") else "sv"):
            if f'href="{reverse("website:accessibility")}"' not in html:
                missing.append(url)

    assert statement and missing == []


@pytest.mark.parametrize(
    ("path", "english_path"),
    [
        ("/projekt/skolutbyte-joniskis/", "/en/projects/skolutbyte-joniskis/"),
        ("/orter/joniskis/", "/en/places/joniskis/"),
        ("/projekt/?kind=culture", "/en/projects/?kind=culture"),
    ],
)
def test_language_switch_links_the_same_page(client, world, path, english_path):
    swedish = client.get(path).content.decode()
    english = client.get(english_path).content.decode()

    assert f'href="{english_path.replace("&", "&amp;")}" hreflang="en"' in swedish
    assert f'href="{path.replace("&", "&amp;")}" hreflang="sv"' in english


def test_language_switch_on_a_404_page_stays_on_the_address(client, db):
    response = client.get("/en/no-such-page/")

    assert_not_found(response)
    assert 'href="/no-such-page/" hreflang="sv"' in response.content.decode()


@pytest.mark.parametrize("path", ["/de/", "/de/projects/", "/xx/places/joniskis/", "/en/en/"])
def test_unknown_language_prefix_is_404(client, world, path):
    response = client.get(path)

    assert_not_found(response)
    assert 'class="site-nav"' in response.content.decode()  # the site's own 404 page


@pytest.mark.parametrize(
    "query",
    [
        "kind=spaceship",
        "status=<b>",
        "place=no-such-place",
        "place=hemligby",
        "year=abc",
        "year=1066",
        "objective=999999",
        "objective=abc",
        "committee=no-such-body",
    ],
)
def test_bad_filter_value_is_400_with_an_explanation(client, world, query):
    response = client.get(reverse("website:project-list") + "?" + query)

    assert response.status_code == 400
    assert 'id="filter-errors"' in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 30])
def test_malformed_or_missing_page_number_is_404(client, world, page):
    response = client.get(reverse("website:project-list") + "?page=" + page)

    assert_not_found(response)


@pytest.mark.parametrize(
    "path",
    [
        "/beslut/kf/2016-13-45/172/",
        "/beslut/kf/2016-06-27/99999999999999999999/",
        "/beslut/no-body/2016-06-27/172/",
        "/moten/99999999999999999999/",
        "/nordiska-moten/99999999999999999999/",
        "/beslut/?page=nope",
    ],
)
def test_impossible_addresses_are_404(client, world, path):
    assert_not_found(client.get(path))


def test_unknown_query_parameter_is_ignored(client, world):
    response = client.get(reverse("website:project-list") + "?utm_source=news")

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["website:home", "website:project-list", "website:accessibility"])
def test_pages_refuse_post(client, world, name):
    assert_not_allowed(client.post(reverse(name)))


@pytest.mark.parametrize(
    "name", ["website:project-feed", "website:meetings-ics", "website:twin-towns-csv"]
)
def test_feeds_refuse_post(client, world, name):
    assert_not_allowed(client.post(reverse(name)))


def test_pages_send_a_strict_content_security_policy(client, world):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, world):
    for url in _html_pages(world):
        html = client.get(url).content.decode()

        assert "<script" not in html, url
        assert "<style" not in html, url
        assert " style=" not in html, url
        assert re.search(r"\son[a-z]+=", html) is None, url


def test_pages_refer_to_no_other_host_for_resources(client, world):
    for url in _html_pages(world):
        html = client.get(url).content.decode()

        # The hreflang alternates are absolute (#14), but name this site's own pages.
        html = re.sub(r'<link rel="alternate" hreflang="[^"]+" href="http://testserver/', "", html)
        assert (
            re.findall(r'<(?:link|img|script|iframe)[^>]+(?:href|src)="(?:https?:)?//', html) == []
        )


def test_embed_may_be_framed_by_other_sites(client, world):
    response = client.get(reverse("website:embed-projects"))

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors 'self' https:" in response["Content-Security-Policy"]
    assert 'target="_top"' in response.content.decode()


def test_embed_lists_current_published_projects_only(client, world):
    factories.ProjectFactory(
        title="Avslutat", slug="avslutat", published=True, status=ProjectStatus.CANCELLED
    )

    html = client.get(reverse("website:embed-projects")).content.decode()

    assert "Skolutbyte med Joniškis" in html
    assert "Avslutat" not in html
    assert "Hemligt projekt" not in html


def test_open_data_page_lists_every_api_endpoint(client, world):
    from website.api import router
    from website.views import API_ENDPOINTS

    html = client.get(reverse("website:open-data")).content.decode()

    assert sorted(API_ENDPOINTS) == sorted(prefix for prefix, _, _ in router.registry)
    for prefix in API_ENDPOINTS:
        assert f"/api/v1/{prefix}/" in html


def test_print_stylesheet_hides_the_menus():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/site.css"), encoding="utf-8") as file:
        css = file.read()

    assert "@media print" in css
    assert ".site-nav" in css.split("@media print", 1)[1]


def test_home_lists_a_coming_nordic_meeting_but_not_a_past_one(client, world):
    link = reverse("website:nordic-meeting-detail", args=[world.nordic_meeting.pk])
    with time_machine.travel("2026-05-01 12:00 +02:00"):
        before = client.get("/").content.decode()
    with time_machine.travel("2026-07-01 12:00 +02:00"):
        after = client.get("/").content.decode()

    assert link in before
    assert link not in after
