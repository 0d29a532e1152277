"""``{% rendered_per_version %}``: the footer's public contact is rendered once per process,
language and content version, so a public page pays no query for it, and a changed contact
shows on the next page all the same (#15)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext

from governance.models import PublicContact
from website import caching

pytestmark = pytest.mark.django_db

PAGE = "/tillganglighet/"


@pytest.fixture
def contact(db):
    return PublicContact.objects.create(
        key="internationellt",
        function_sv="Internationella kontoret",
        function_en="International office",
        email="intl@example.se",
    )


def _page(client, address=PAGE) -> tuple[str, list[str]]:
    cache.clear()  # no whole page from the cache: the page is rendered each time
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def _contact_reads(queries: list[str]) -> int:
    return sum("governance_publiccontact" in sql for sql in queries)


def test_the_contact_is_read_once_per_content_version(client, contact):
    first, first_queries = _page(client)
    again, again_queries = _page(client)

    assert _contact_reads(first_queries) == 1
    assert _contact_reads(again_queries) == 0
    assert len(again_queries) == len(first_queries) - 1  # the content version alone is left
    assert first == again
    assert 'class="site-footer__contact"' in again and "Internationella kontoret" in again


def test_a_changed_contact_shows_on_the_next_page(client, contact):
    before, _queries = _page(client)
    contact.function_sv = "Internationell samordnare"
    contact.email = "samordnare@example.se"
    contact.save()
    after, after_queries = _page(client)
    kept, kept_queries = _page(client)

    assert "Internationella kontoret" in before
    assert "Internationell samordnare" in after and "samordnare@example.se" in after
    assert "Internationella kontoret" not in after
    assert _contact_reads(after_queries) == 1
    assert kept == after and _contact_reads(kept_queries) == 0


def test_a_removed_contact_leaves_the_block_out(client, contact):
    assert "site-footer__contact" in _page(client)[0]
    contact.delete()

    assert "site-footer__contact" not in _page(client)[0]


def test_each_language_has_its_own(client, contact):
    swedish, _queries = _page(client)
    english, english_queries = _page(client, "/en/accessibility/")
    swedish_again, swedish_queries = _page(client)

    assert "Internationella kontoret" in swedish and "International office" not in swedish
    assert "International office" in english and "Internationella kontoret" not in english
    assert _contact_reads(english_queries) == 1
    assert swedish_again == swedish and _contact_reads(swedish_queries) == 0


def test_without_a_content_version_the_part_is_rendered_every_time():
    """The version kept in a cache that does not answer: nothing may be kept under it."""
    rendered = []

    def render():
        rendered.append(1)
        return f"part {len(rendered)}"

    assert caching.rendered_per_version(None, "part", render) == "part 1"
    assert caching.rendered_per_version(None, "part", render) == "part 2"


def test_a_newer_version_starts_afresh():
    texts = iter(["first", "second", "third"])

    def part(version):
        return caching.rendered_per_version(version, "part", lambda: next(texts))

    # Kept for 1.0; 2.0 renders anew and drops 1.0, which is rendered anew if it comes back.
    assert [part("1.0"), part("1.0"), part("2.0"), part("1.0")] == [
        "first",
        "first",
        "second",
        "third",
    ]


def test_the_part_sees_the_named_variables_alone():
    template = Template(
        "{% load website %}"
        '{% rendered_per_version "named" shown %}[{{ shown }}|{{ hidden }}]'
        "{% endrendered_per_version %}"
    )
    context = Context({"content_version": "7.0", "shown": "a", "hidden": "b"})

    assert template.render(context) == "[a|]"


def test_a_callable_is_read_only_when_the_part_is_rendered():
    template = Template(
        "{% load website %}"
        '{% rendered_per_version "lazy" rows %}{{ rows.0 }}{% endrendered_per_version %}'
    )
    calls = []

    def rows():
        calls.append(1)
        return ["row"]

    for _ in range(3):
        context = Context({"content_version": lambda: "7.0", "rows": rows})
        assert template.render(context) == "row"
    assert len(calls) == 1
    # A page without a version (a preview, never cached) renders it every time.
    assert template.render(Context({"content_version": None, "rows": rows})) == "row"
    assert len(calls) == 2


@pytest.mark.parametrize(
    "source",
    [
        "{% rendered_per_version %}{% endrendered_per_version %}",
        "{% rendered_per_version name %}{% endrendered_per_version %}",
        '{% rendered_per_version "name" rows.0 %}{% endrendered_per_version %}',
    ],
)
def test_a_quoted_name_and_variable_names_only(source):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load website %}" + source)
