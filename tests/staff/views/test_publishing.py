"""Finding 7 of #11, through the staff pages: a school's change to a published exchange's
public text waits for the coordinator's publishing; the public page, search, the Atom feed and
the API keep the published text until the coordinator publishes it or sends it back."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from projects.models import Project, ProposalStatus, TextProposal
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db

OLD_TITLE = "Brevväxling med Kauhava"
NEW_TITLE = "Brevväxling och besök i Kauhava"
WAITS = "Din ändring väntar på att samordnaren publicerar den."


@pytest.fixture
def published(sodra_exchange):
    sodra_exchange.published = True
    sodra_exchange.slug = "brevvaxling-kauhava"
    sodra_exchange.summary = "Klasserna skriver brev."
    sodra_exchange.save()
    return sodra_exchange


def edit(client, project, url=None, **changes):
    data = {
        "title": project.title,
        "summary": project.summary,
        "kind": project.kind,
        "status": project.status,
        "responsible_body": project.responsible_body_id,
        "unit": project.unit_id or "",
        "school": project.school,
        "own_cost": "0",
        "internal_notes": project.internal_notes,
        **changes,
    }
    url = url or reverse("staff:project-update", args=[project.pk])
    return client.post(url, data, follow=True)


def public_texts(client):
    """The project's text as the public page, search, feed and API show it. The staff tests'
    clock stands still, and the public cache's version is a clock reading
    (website.caching), so the cache is emptied rather than trusted to have moved on."""
    cache.clear()
    page = client.get(reverse("website:project-detail", args=["brevvaxling-kauhava"])).text
    search = client.get(reverse("website:project-list"), {"q": "besök"}).text
    search = search.replace("<mark>", "").replace("</mark>", "")  # the words found, marked (#14)
    feed = client.get("/feeds/projects.atom").text
    api = client.get("/api/v1/projects/brevvaxling-kauhava/").json()
    return page, search, feed, api


def test_a_school_change_to_published_text_waits(client, sodra_contributor, published):
    client.force_login(sodra_contributor)

    response = edit(client, published, title=NEW_TITLE, internal_notes="Bussen bokad")

    assert WAITS in response.text
    published.refresh_from_db()
    assert published.title_sv == OLD_TITLE
    assert published.internal_notes == "Bussen bokad"  # internal fields save at once
    proposal = TextProposal.objects.get()
    assert proposal.changes == {"title_sv": NEW_TITLE}
    assert proposal.proposed_by == sodra_contributor.person
    client.logout()
    page, search, feed, api = public_texts(client)
    assert OLD_TITLE in page and NEW_TITLE not in page
    assert NEW_TITLE not in search
    assert OLD_TITLE in feed and NEW_TITLE not in feed
    assert OLD_TITLE in str(api) and NEW_TITLE not in str(api)


def test_the_english_page_says_so_in_english(client, sodra_contributor, published):
    client.force_login(sodra_contributor)

    response = edit(
        client, published, url=en("project-update", published.pk), summary="Pupils write letters."
    )

    assert "Your change waits for the coordinator&#x27;s publishing." in response.text
    published.refresh_from_db()
    assert published.summary_sv == "Klasserna skriver brev."
    assert not published.summary_en
    assert TextProposal.objects.get().changes == {"summary_en": "Pupils write letters."}


def test_the_coordinator_publishes_and_the_public_pages_follow(
    client, sodra_contributor, coordinator, published
):
    client.force_login(sodra_contributor)
    edit(client, published, title=NEW_TITLE)
    proposal = TextProposal.objects.get()
    client.force_login(coordinator)
    waiting = client.get(reverse("staff:proposal-list"))
    home = client.get(reverse("staff:home"))
    assert NEW_TITLE in waiting.text
    assert "Väntar på publicering: 1" in home.text

    client.post(reverse("staff:proposal-publish", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert (proposal.status, proposal.handled_by) == (ProposalStatus.PUBLISHED, coordinator.person)
    published.refresh_from_db()
    assert published.title_sv == NEW_TITLE
    client.logout()
    page, search, feed, api = public_texts(client)
    assert NEW_TITLE in page and NEW_TITLE in search and NEW_TITLE in feed
    assert api["title_sv"] == NEW_TITLE


def test_the_coordinator_sends_back_with_a_reason_the_school_sees(
    client, sodra_contributor, coordinator, published
):
    client.force_login(sodra_contributor)
    edit(client, published, title=NEW_TITLE)
    proposal = TextProposal.objects.get()
    client.force_login(coordinator)

    client.post(
        reverse("staff:proposal-send-back", args=[proposal.pk]), {"reason": "Ingen resa beslutad."}
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (ProposalStatus.RETURNED, "Ingen resa beslutad.")
    published.refresh_from_db()
    assert published.title_sv == OLD_TITLE
    client.force_login(sodra_contributor)
    page = client.get(reverse("staff:project-detail", args=[published.pk]))
    assert "Samordnaren skickade tillbaka din ändring." in page.text
    assert "Ingen resa beslutad." in page.text


def test_sending_back_without_a_reason_is_refused(
    client, sodra_contributor, coordinator, published
):
    client.force_login(sodra_contributor)
    edit(client, published, title=NEW_TITLE)
    proposal = TextProposal.objects.get()
    client.force_login(coordinator)

    response = client.post(
        reverse("staff:proposal-send-back", args=[proposal.pk]), {"reason": " "}, follow=True
    )

    assert "Säg varför ändringen skickas tillbaka: den som föreslog den läser det." in response.text
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (ProposalStatus.WAITING, "")
    assert Project.objects.get(pk=published.pk).title_sv == OLD_TITLE


def test_a_school_cannot_publish_its_own_change(client, sodra_contributor, published):
    client.force_login(sodra_contributor)
    edit(client, published, title=NEW_TITLE)
    proposal = TextProposal.objects.get()

    listing = client.get(reverse("staff:proposal-list"))
    response = client.post(reverse("staff:proposal-publish", args=[proposal.pk]))

    assert listing.status_code == response.status_code == 403
    assert "Du har inte behörighet att använda den här sidan." in response.text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WAITING
    assert Project.objects.get(pk=published.pk).title_sv == OLD_TITLE


def test_the_coordinators_own_edit_publishes_at_once(client, coordinator, published):
    client.force_login(coordinator)

    edit(client, published, title=NEW_TITLE)

    assert Project.objects.get(pk=published.pk).title_sv == NEW_TITLE
    assert not TextProposal.objects.exists()


def test_an_unpublished_project_is_edited_directly(client, sodra_contributor, sodra_exchange):
    client.force_login(sodra_contributor)

    edit(client, sodra_exchange, title=NEW_TITLE)

    assert Project.objects.get(pk=sodra_exchange.pk).title_sv == NEW_TITLE
    assert not TextProposal.objects.exists()


def test_a_later_change_replaces_the_waiting_one(client, sodra_contributor, published):
    client.force_login(sodra_contributor)
    edit(client, published, title=NEW_TITLE)

    edit(client, published, title="Tredje titeln")

    statuses = dict(TextProposal.objects.values_list("changes__title_sv", "status"))
    assert statuses == {NEW_TITLE: ProposalStatus.REPLACED, "Tredje titeln": ProposalStatus.WAITING}
    assert Project.objects.get(pk=published.pk).title_sv == OLD_TITLE


def test_the_admin_keeps_no_factory_leftovers(published):
    """A project created by the admin or a factory has no proposals (nothing waits)."""
    other = factories.ProjectFactory(published=True)
    assert not other.text_proposals.exists()
    assert published.text_proposals.count() == 0
