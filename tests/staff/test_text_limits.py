"""Free text has a length limit, public text above all (issue #15).

A 1 MB public motivation was accepted. Every text column of the domain is now a
``BoundedTextField``: 10,000 characters, 50,000 for a meeting's agenda and minutes and a
decision's text. The model refuses a longer text (so every path does), and the staff pages
and the admin say why in Swedish and change nothing.
"""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from governance.models import Decision
from governance.records import (
    DOCUMENT_TEXT_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    BoundedTextField,
    ValidatedModel,
)
from projects.services import applications
from tests import factories
from tests.fuzz.page_forms import read_form, values_of

pytestmark = pytest.mark.django_db

TOO_LONG = "Sv" * (LONG_TEXT_MAX_LENGTH // 2) + "!"  # 10,001 characters
ONE_MEGABYTE = "å" * 1_000_000


def _limit_message(limit, length):
    return f"Säkerställ att detta värde har som mest {limit} tecken (den har {length})."


def _domain_text_fields():
    for model in apps.get_models():
        if issubclass(model, ValidatedModel):
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField):
                    yield f"{model._meta.label}.{field.name}", field


def test_every_text_of_the_domain_has_a_limit():
    fields = dict(_domain_text_fields())

    unbounded = [
        name
        for name, field in fields.items()
        if not isinstance(field, BoundedTextField)
        or not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert len(fields) > 30  # the translated columns (summary_sv, summary_en) count too
    assert unbounded == []
    assert {f.max_length for f in fields.values()} == {
        LONG_TEXT_MAX_LENGTH,
        DOCUMENT_TEXT_MAX_LENGTH,
    }
    assert fields["governance.Decision.text"].max_length == DOCUMENT_TEXT_MAX_LENGTH
    assert fields["projects.Project.summary_sv"].max_length == LONG_TEXT_MAX_LENGTH


def test_the_model_refuses_a_longer_text_and_takes_one_at_the_limit(bun):
    project = factories.ProjectFactory(responsible_body=bun)

    project.summary_sv = "a" * LONG_TEXT_MAX_LENGTH
    project.save()
    project.summary_sv = TOO_LONG
    with pytest.raises(ValidationError) as refused:
        project.save()

    assert refused.value.message_dict["summary_sv"] == [_limit_message(10000, 10001)]
    project.refresh_from_db()
    assert len(project.summary_sv) == LONG_TEXT_MAX_LENGTH


def test_the_service_refuses_a_megabyte_of_motivation(bun_member, submitted):
    with pytest.raises(ValidationError):
        applications.decide(
            submitted,
            by=bun_member,
            outcome="approved",
            meeting_date=datetime.date(2026, 3, 10),
            paragraph=12,
            motivation=ONE_MEGABYTE,
        )

    assert Decision.objects.count() == 0


def test_the_decision_page_refuses_a_megabyte_of_motivation(client, bun_member, submitted):
    client.force_login(bun_member)
    data = {
        "outcome": "approved",
        "meeting_date": "2026-03-10",
        "paragraph": "12",
        "motivation": ONE_MEGABYTE,
    }

    response = client.post(reverse("staff:application-decide", args=[submitted.pk]), data)

    assert response.status_code == 200
    assert _limit_message(50000, 1000000) in response.content.decode()
    assert Decision.objects.count() == 0


def test_the_project_page_refuses_a_long_public_summary(client, contributor, bun_project):
    client.force_login(contributor)
    url = reverse("staff:project-update", args=[bun_project.pk])
    data = values_of(read_form(client.get(url).content))
    data["summary"] = [TOO_LONG]

    response = client.post(url, data)

    assert response.status_code == 200
    assert _limit_message(10000, 10001) in response.content.decode()
    bun_project.refresh_from_db()
    assert bun_project.summary_sv != TOO_LONG


def test_the_admin_refuses_a_long_public_text(client, coordinator):
    place = factories.PlaceFactory(public_text_sv="Kort.")
    client.force_login(coordinator)
    url = reverse("admin:partners_place_change", args=[place.pk])
    data = values_of(read_form(client.get(url).content, "place_form"))
    data["public_text_sv"] = [TOO_LONG]

    response = client.post(url, data)

    assert response.status_code == 200
    assert _limit_message(10000, 10001) in response.content.decode()
    place.refresh_from_db()
    assert place.public_text_sv == "Kort."


def test_the_form_tells_the_browser_the_limit(client, contributor, bun_project):
    client.force_login(contributor)

    page = client.get(reverse("staff:project-update", args=[bun_project.pk])).content.decode()

    assert 'maxlength="10000"' in page
