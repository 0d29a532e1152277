"""A contact block on every public page and a contact page (#14): the coordinator's function,
e-mail and phone, in both languages; never a person's name."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from governance.models import PublicContact
from tests.website.conftest import shared_world
from tests.website.pages import page_urls

SHARED_WORLD = True  # the world written once for the module (tests/website/conftest.py, #15)
pytestmark = [pytest.mark.django_db, shared_world]


@pytest.fixture
def contact(db, ks):
    public = PublicContact(
        key="international-coordinator",
        function_sv="Internationell samordnare",
        function_en="International coordinator",
        body=ks,
        email="kommun@example.se",
        phone="0492-76 90 00",
        address="Stångågatan 28, 598 81 Vimmerby",
    )
    public.save()
    return public


def test_every_public_page_carries_the_contact_block(client, world, contact):
    for url in page_urls(world):
        if url.endswith((".csv", ".ics", ".atom")) or "/embed/" in url:
            continue
        html = client.get(url).content.decode()
        assert 'href="mailto:kommun@example.se"' in html, url
        assert 'href="tel:0492769000"' in html, url
        function = "International coordinator" if "/en/" in url else "Internationell samordnare"
        assert function in html, url


@pytest.mark.parametrize(
    ("language", "heading", "function"),
    [
        ("sv", "Kontakt", "Internationell samordnare"),
        ("en", "Contact", "International coordinator"),
    ],
)
def test_the_contact_page_in_both_languages(client, world, contact, language, heading, function):
    with override(language):
        url = reverse("website:contact")
    html = client.get(url).content.decode()

    assert url == ("/kontakt/" if language == "sv" else "/en/contact/")
    assert f"<h1>{heading}</h1>" in html
    assert function in html and "Stångågatan 28" in html
    assert 'href="mailto:kommun@example.se"' in html


def test_without_a_contact_the_block_is_left_out_and_the_page_still_answers(client, world):
    assert "site-footer__contact" not in client.get(reverse("website:home")).content.decode()
    assert client.get(reverse("website:contact")).status_code == 200


def test_a_phone_number_in_words_is_refused_with_a_clear_message(db):
    contact = PublicContact(
        key="x", function_sv="Samordnare", email="kommun@example.se", phone="ring växeln"
    )

    with override("sv"), pytest.raises(Exception) as raised:
        contact.full_clean()

    assert "Ange telefonnumret med siffror" in str(raised.value)


def test_the_contact_page_costs_one_query_and_the_block_none_when_cached(
    client, world, contact, django_assert_max_num_queries
):
    client.get(reverse("website:home"))
    with django_assert_max_num_queries(1):  # the content version at most
        client.get(reverse("website:home"))
