"""Every link says where it goes without its context (#14, WCAG 2.4.4 and 2.5.3).

Every public HTML page, in Swedish and English, is read as a screen reader lists its links:
each link's accessible name (aria-labelledby, else aria-label, else its text with the alt text
of its images, else its title) must
- not be empty,
- not be a generic word that needs the surrounding text ("Läs mer", "här", "Read more"...),
- contain the visible text when an aria-label replaces it (2.5.3, label in name),
- not be the name of another link on the same page that goes somewhere else.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from tests.website.pages import page_urls

pytestmark = pytest.mark.django_db

GENERIC = {
    # Swedish
    "här",
    "klicka här",
    "läs mer",
    "läs mer här",
    "mer",
    "mer info",
    "mer information",
    "visa",
    "visa mer",
    "visa alla",
    "öppna",
    "länk",
    "detaljer",
    "ladda ner",
    "fortsätt",
    "gå",
    "till sidan",
    # English
    "here",
    "click here",
    "read more",
    "more",
    "more info",
    "learn more",
    "show",
    "show more",
    "show all",
    "view",
    "open",
    "link",
    "details",
    "download",
    "continue",
    "go",
    "this page",
    # A word that names a kind of thing, not the thing ("the decision" - which one?)
    "beslutet",
    "the decision",
    "projektet",
    "the project",
    "sammanträdet",
    "the meeting",
    "beskrivning",
    "description",
    "sidan",
    "the page",
}
# Names that are only a number or a format, found on these pages before #14.
GENERIC_FORMS = [
    re.compile(r"(mål|objective) \d+"),
    re.compile(r"q\d+"),
    re.compile(r"(beskrivning|description) (i|in) \w+"),
    re.compile(r"(pdf|csv|json|yaml|xml|ics)"),
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Links(HTMLParser):
    """The links of a page with their target, accessible name and visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, list[str]] = {}  # element id -> its text (for aria-labelledby)
        self.links: list[dict] = []
        # The open elements: (tag, id, hidden from everyone, only for screen readers).
        self._open: list[tuple[str, str | None, bool, bool]] = []
        self._link = None

    def _hidden(self) -> bool:
        return any(hidden for _t, _i, hidden, _s in self._open)

    def _screen_reader_only(self) -> bool:
        return any(sr_only for _t, _i, _h, sr_only in self._open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true"
        if tag not in VOID:
            sr_only = "visually-hidden" in (attrs.get("class") or "").split()
            self._open.append((tag, attrs.get("id"), hidden, sr_only))
            if attrs.get("id"):
                self.ids.setdefault(attrs["id"], [])
        if tag == "a" and "href" in attrs:
            self._link = {
                "href": attrs["href"],
                "label": attrs.get("aria-label"),
                "labelledby": attrs.get("aria-labelledby"),
                "title": attrs.get("title"),
                "text": [],
                "visible": [],
            }
        elif tag == "img" and self._link is not None and not (hidden or self._hidden()):
            self._link["text"].append(f" {attrs.get('alt') or ''} ")
            self._link["visible"].append(f" {attrs.get('alt') or ''} ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self._open:
            if self._open.pop()[0] == tag:
                break
        if tag == "a" and self._link is not None:
            self.links.append(self._link)
            self._link = None

    def handle_data(self, data):
        for _tag, element_id, _hidden, _sr in self._open:
            if element_id:
                self.ids[element_id].append(data)
        if self._link is not None and not self._hidden():
            self._link["text"].append(data)
            if not self._screen_reader_only():
                self._link["visible"].append(data)

    def named(self) -> list[dict]:
        for link in self.links:
            if link["labelledby"]:
                name = " ".join(" ".join(self.ids.get(i, [])) for i in link["labelledby"].split())
            elif link["label"] is not None:
                name = link["label"]
            else:
                name = "".join(link["text"]).strip() or link["title"] or ""
            link["name"] = _words(name)
            link["visible"] = _words("".join(link["visible"]))
        return self.links


def links_of(html: str) -> list[dict]:
    parser = _Links()
    parser.feed(html)
    return parser.named()


def problems_of(html: str) -> list[str]:
    found = []
    targets: dict[str, set[str]] = {}
    for link in links_of(html):
        name, href = link["name"], link["href"]
        if not name:
            found.append(f"a link to {href} has no name")
            continue
        bare = name.casefold().rstrip(".:…»›→ ")
        if bare in GENERIC or any(form.fullmatch(bare) for form in GENERIC_FORMS):
            found.append(f'a link to {href} is named only "{name}"')
        visible = link["visible"]
        if link["label"] is not None and visible and visible.casefold() not in name.casefold():
            found.append(f'the name "{name}" of a link to {href} leaves out its text "{visible}"')
        if not href.startswith("#"):
            targets.setdefault(name.casefold(), set()).add(href.split("#")[0])
    for name, hrefs in targets.items():
        if len(hrefs) > 1:
            found.append(f'"{name}" names links to different places: {sorted(hrefs)}')
    return found


def _html_pages(world):
    return [url for url in page_urls(world) if not url.endswith((".csv", ".ics", ".atom"))]


def test_every_link_on_every_public_page_names_where_it_goes(client, world):
    found = {}
    for url in _html_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        problems = problems_of(response.content.decode())
        if problems:
            found[url] = problems
    assert found == {}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/p/1/">Läs mer</a>', 'a link to /p/1/ is named only "Läs mer"'),
        ('<a href="/p/1/">Read more…</a>', 'a link to /p/1/ is named only "Read more…"'),
        ('<a href="/p/1/"><span aria-hidden="true">→</span></a>', "a link to /p/1/ has no name"),
        ('<a href="/p/1/">här</a>', 'a link to /p/1/ is named only "här"'),
        ('<a href="/strategi/#objective-1">Mål 1</a>', 'is named only "Mål 1"'),
        ('<a href="https://www.wikidata.org/wiki/Q1">Q1</a>', 'is named only "Q1"'),
        ('<a href="/api/schema/">description in YAML</a>', 'is named only "description in YAML"'),
        (
            '<a href="/p/1/" aria-label="Projektet">Läs om skolutbytet</a>',
            'the name "Projektet" of a link to /p/1/ leaves out its text "Läs om skolutbytet"',
        ),
        (
            '<a href="/p/1/">Skolutbyte</a><a href="/p/2/">Skolutbyte</a>',
            "\"skolutbyte\" names links to different places: ['/p/1/', '/p/2/']",
        ),
    ],
)
def test_the_check_finds_a_link_that_needs_its_context(html, expected):
    assert any(expected in problem for problem in problems_of(html)), problems_of(html)


def test_two_meetings_of_one_body_are_told_apart(client, world):
    """The calendar names each meeting by its body and its day, not by the body alone."""
    from django.urls import reverse

    from tests import factories

    later = factories.MeetingFactory(
        body=world.public_meeting.body,
        starts_at=world.public_meeting.starts_at + datetime.timedelta(days=7),
        is_public=True,
    )
    html = client.get(reverse("website:calendar")).content.decode()

    names = {link["href"]: link["name"] for link in links_of(html)}
    first = names[reverse("website:meeting-detail", args=[world.public_meeting.pk])]
    second = names[reverse("website:meeting-detail", args=[later.pk])]
    assert first.startswith("Kommunstyrelsen, sammanträde ") and first != second
    assert problems_of(html) == []


def test_names_that_stand_alone_pass_the_check():
    html = (
        '<a href="/p/1/">Läs mer <span class="visually-hidden">om skolutbytet</span></a>'
        '<a href="/">Start</a><a href="/">Start</a>'
        '<a href="/p/2/" aria-label="Skolutbyte med Joniškis, projekt">Skolutbyte med Joniškis</a>'
        '<a href="/p/3/"><img src="x.png" alt="Joniškis rådhus"></a>'
    )

    assert problems_of(html) == []
