"""The adopted strategy's document is kept as adopted (#11): not cleared, not replaced."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from strategy.models import STRATEGY_DOCUMENT_KEPT, Strategy
from tests import factories
from tests.admin_forms import english_admin_url, no_inline_rows, shows

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def adopted():
    strategy = factories.StrategyFactory()
    strategy.document.save("strategi.pdf", ContentFile(PDF), save=False)
    strategy.save()
    return Strategy.objects.get(pk=strategy.pk)


def test_a_document_is_attached_once_to_a_strategy_without_one():
    strategy = factories.StrategyFactory()

    strategy.document.save("strategi.pdf", ContentFile(PDF), save=False)
    strategy.save()

    assert Strategy.objects.get().document.name.startswith("strategy/strategi")


def test_clearing_the_adopted_document_is_refused(adopted):
    stored = adopted.document.name
    adopted.document = ""

    with pytest.raises(ValidationError) as refusal:
        adopted.save()

    assert refusal.value.message_dict["document"] == [str(STRATEGY_DOCUMENT_KEPT)]
    assert Strategy.objects.get().document.name == stored


def test_replacing_the_adopted_document_is_refused(adopted):
    stored = adopted.document.name
    adopted.document.save("annan.pdf", ContentFile(PDF), save=False)

    with pytest.raises(ValidationError) as refusal:
        adopted.save()

    assert refusal.value.message_dict["document"] == [str(STRATEGY_DOCUMENT_KEPT)]
    assert Strategy.objects.get().document.name == stored


def test_other_fields_still_change(adopted):
    adopted.summary = "Sammanfattning."

    adopted.save()

    assert Strategy.objects.get().summary == "Sammanfattning."


def test_the_admin_refuses_to_clear_it_and_changes_nothing(client, coordinator, adopted):
    stored = adopted.document.name
    client.force_login(coordinator)

    response = client.post(
        english_admin_url("network_strategy_change", adopted.pk),
        {
            "title_sv": adopted.title,
            "summary_sv": "Ändrad.",
            "adopted_by": adopted.adopted_by.pk,
            "document-clear": "on",
            **no_inline_rows("objectives", "revisions"),
        },
    )

    assert response.status_code == 200
    assert shows(response, str(STRATEGY_DOCUMENT_KEPT))
    strategy = Strategy.objects.get()
    assert (strategy.document.name, strategy.summary) == (stored, "")
