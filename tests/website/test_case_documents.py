"""The public pages list the documents of case work that the coordinator marked public, and
only those (#12, S16): a published project's and its decisions', served as downloads by the
application; an internal, withdrawn or unpublished work's document is neither listed nor
served."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Meeting
from projects import decision_publicity, publishing
from projects.models import CaseDocument, Project
from projects.services import documents
from tests import factories
from tests.staff.conftest import PDF, pdf_upload
from tests.website.conftest import shared_world
from tests.website.pages import decision_args
from website import queries

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _add(target, coordinator, title, public=True):
    return documents.add_document(
        target, by=coordinator, kind="plan", title=title, file=pdf_upload(), public=public
    )


def _project_page(client, world):
    cache.clear()
    return client.get(reverse("website:project-detail", args=[world.project.slug]))


def test_a_published_projects_page_lists_its_public_documents_only(client, world, coordinator):
    public = _add(world.project, coordinator, "Projektplan")
    internal = _add(world.project, coordinator, "Intern budget", public=False)

    page = _project_page(client, world)

    assert "Projektplan (PDF" in page.text
    assert "Intern budget" not in page.text
    download = client.get(reverse("website:case-document", args=[public.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(download.streaming_content) == PDF
    assert client.get(reverse("website:case-document", args=[internal.pk])).status_code == 404


def test_a_document_of_unpublished_work_is_never_public(client, world, coordinator):
    hidden = _add(world.hidden_project, coordinator, "Hemlig plan")

    assert client.get(reverse("website:case-document", args=[hidden.pk])).status_code == 404


def test_a_withdrawn_document_leaves_the_public_page(client, world, coordinator):
    document = _add(world.project, coordinator, "Gammal plan")
    documents.withdraw(document, by=coordinator, reason="Ersatt.")

    assert "Gammal plan" not in _project_page(client, world).text
    assert client.get(reverse("website:case-document", args=[document.pk])).status_code == 404


def test_a_decisions_page_lists_its_and_its_cases_public_documents(client, world, coordinator):
    decision = world.project_decision
    _add(decision, coordinator, "Protokollsutdrag")
    _add(decision, coordinator, "Internt underlag", public=False)

    page = client.get(reverse("website:decision-detail", args=decision_args(decision)))

    assert "Protokollsutdrag (PDF" in page.text
    assert "Internt underlag" not in page.text


def _decision_queries(client, decision) -> int:
    url = reverse("website:decision-detail", args=decision_args(decision))
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_decisions_page_reads_its_documents_in_one_query(client, world, coordinator):
    decision = world.project_decision
    for index in range(3):
        _add(decision, coordinator, f"Underlag {index}")
    three = _decision_queries(client, decision)
    for index in range(27):
        _add(decision, coordinator, f"Mer underlag {index}")

    assert _decision_queries(client, decision) == three


def test_a_public_meetings_page_lists_its_public_documents(client, world, coordinator):
    documents.add_document(
        world.public_meeting,
        by=coordinator,
        kind="other",
        title="Kallelse",
        file=pdf_upload(),
        public=True,
    )
    hidden = documents.add_document(
        world.private_meeting, by=coordinator, kind="other", file=pdf_upload(), public=True
    )

    page = client.get(reverse("website:meeting-detail", args=[world.public_meeting.pk]))

    assert "Kallelse (PDF" in page.text
    assert client.get(reverse("website:case-document", args=[hidden.pk])).status_code == 404


def _public_documents_by_the_rule():
    """``public_documents`` as it was written before #15: subqueries of every published
    project and of the public-decisions rule itself (not its stored mark)."""
    projects = Project.objects.published()
    return CaseDocument.objects.public().filter(
        Q(project__in=projects)
        | Q(application__project__in=projects, application__decision__isnull=False)
        | Q(decision__in=decision_publicity.rule())
        | Q(meeting__in=Meeting.objects.filter(is_public=True))
    )


def test_public_documents_read_from_the_mark_give_the_rules_answer(world, coordinator):
    """The documents' public rule reads each record's own columns and the decisions' stored
    mark; it answers exactly as the rule's subqueries did, for documents of every kind of
    record, before and after the work is unpublished (#15)."""
    decided = world.project.applications.get()
    undecided = factories.ApplicationFactory(project=world.project)
    targets = [
        {"project": world.project},
        {"project": world.hidden_project},
        {"application": decided},
        {"application": undecided},
        {"decision": world.project_decision},
        {"decision": world.hidden_decision},
        {"meeting": world.public_meeting, "kind": "agenda"},
        {"meeting": world.private_meeting, "kind": "agenda"},
    ]
    for target in targets:
        factories.CaseDocumentFactory(**{"project": None, **target}, public=True)
        factories.CaseDocumentFactory(**{"project": None, **target}, public=False)
    withdrawn = factories.CaseDocumentFactory(project=world.project, public=True)
    documents.withdraw(withdrawn, by=coordinator, reason="Ersatt.")

    def both(project_pk):
        by_rule = _public_documents_by_the_rule()
        on_page = by_rule.filter(Q(project=project_pk) | Q(application__project=project_pk))
        return (
            (set(queries.public_documents()), set(by_rule)),
            (queries.project_documents(project_pk), list(on_page.order_by("uploaded_at", "pk"))),
        )

    (listed, by_rule), (page, page_by_rule) = both(world.project.pk)
    assert listed == by_rule and len(listed) == 4  # project, decided application, decision, meeting
    assert page == page_by_rule and len(page) == 2
    assert queries.project_documents(world.hidden_project.pk) == []

    publishing.unpublish_project(world.project, by=coordinator, reason="Fel text.")
    (listed, by_rule), (page, page_by_rule) = both(world.project.pk)
    assert listed == by_rule and len(listed) == 1  # the public meeting's agenda
    assert page == page_by_rule == []
