"""A recorded decision is not edited (#11): its fields are frozen on every path, the justering
and anslag dates are filled in once, and an error is put right by a correction (rättelse) that
keeps the original and shows both on the public page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance import services
from governance.models import Decision, DecisionCorrection, Role
from governance.records import PublicRecordDeleteError
from tests import factories
from tests.admin_forms import admin_url, shows
from tests.staff import conftest as staff

frozen_today = staff.frozen_today  # 2026-04-15

pytestmark = pytest.mark.django_db

NOT_EDITED = (
    "Ett registrerat beslut ändras inte. Ett fel rättas genom en rättelse med skäl: organets "
    "sekreterare eller samordnaren gör den."
)
NEEDS_NEW_DECISION = (
    "Ett registrerat beslut ändras inte, och en rättelse kan inte ändra dess organ, "
    "sammanträde, datum eller utfall: det kräver ett nytt beslut av organet."
)
FILLED_ONCE = (
    "Datumet eller länken fylls i en gång och är redan registrerad; ett fel i den rättas "
    "genom en rättelse, ett upphävande genom ett senare beslut."
)


@pytest.fixture
def decision(kf):
    return factories.DecisionFactory(
        body=kf, paragraph=172, title_sv="Vänort med Kuressaare", case_number="KS 2026/7"
    )


@pytest.fixture
def kf_secretary(kf):
    return staff.board_member(
        "kf-sekreterare", kf, datetime.date(2022, 10, 15), role=Role.SECRETARY
    )


def _stored(decision):
    columns = [field.attname for field in Decision._meta.concrete_fields]
    return Decision.objects.filter(pk=decision.pk).values(*columns).get()


def _refused(decision, field):
    with pytest.raises(ValidationError) as error:
        decision.save()
    return error.value.message_dict[field]


# --- Frozen on every path: the model ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_sv", "Vänort med Tartu", NOT_EDITED),
        ("paragraph", 173, NOT_EDITED),
        ("case_number", "KS 2026/8", NOT_EDITED),
        ("text", "Annan text", NOT_EDITED),
        ("outcome", "rejected", NEEDS_NEW_DECISION),
        ("meeting_date", datetime.date(2026, 3, 11), NEEDS_NEW_DECISION),
    ],
)
def test_recorded_decision_is_not_edited(decision, field, value, message):
    before = _stored(decision)
    setattr(decision, field, value)

    assert message in _refused(decision, field)
    assert _stored(decision) == before
    assert decision.history.count() == 1


def test_decision_cannot_move_to_another_body(decision, ks):
    """A KF decision cannot become KS's (#11)."""
    decision.body = ks

    assert NEEDS_NEW_DECISION in _refused(decision, "body")
    assert Decision.objects.get().body.short_name == "KF"


def test_justering_and_anslag_are_filled_in_once(decision):
    decision.minutes_approved_on = datetime.date(2026, 3, 17)
    decision.notice_posted_on = datetime.date(2026, 3, 18)
    decision.save()

    decision.notice_posted_on = datetime.date(2026, 3, 19)

    assert _refused(decision, "notice_posted_on") == [FILLED_ONCE]
    assert Decision.objects.get().notice_posted_on == datetime.date(2026, 3, 18)


def test_revoking_decision_is_set_once(decision, kf):
    later = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 4, 1))
    other = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 4, 2))
    decision.revoked_by = later
    decision.save()

    decision.revoked_by = other

    assert _refused(decision, "revoked_by") == [FILLED_ONCE]
    assert Decision.objects.get(pk=decision.pk).revoked_by == later


# --- Corrections (rättelse) -------------------------------------------------------------------


def test_coordinator_corrects_the_title_and_the_original_is_kept(decision, coordinator):
    correction = services.correct_decision(
        decision,
        by=coordinator,
        field="title_sv",
        corrected="Vänort med Kuressaare (Estland)",
        reason="Landet föll bort vid utskriften.",
    )

    stored = Decision.objects.get()
    assert stored.title_sv == "Vänort med Kuressaare (Estland)"
    assert (correction.original, correction.made_on) == (
        "Vänort med Kuressaare",
        datetime.date(2026, 4, 15),
    )
    assert [h.title_sv for h in stored.history.all()] == [
        "Vänort med Kuressaare (Estland)",
        "Vänort med Kuressaare",
    ]


def test_secretary_corrects_the_paragraph(decision, kf_secretary):
    services.correct_decision(
        decision, by=kf_secretary, field="paragraph", corrected="173", reason="Fel paragraf."
    )

    assert Decision.objects.get().citation == "KF 2026-03-10 § 173"
    assert DecisionCorrection.objects.get().original == "172"


def test_a_member_may_not_correct(decision, kf):
    member = staff.board_member("kf-ledamot", kf, datetime.date(2022, 10, 15))

    with pytest.raises(PermissionDenied) as refusal:
        services.correct_decision(
            decision, by=member, field="title_sv", corrected="Annat", reason="Skäl."
        )

    assert str(refusal.value) == (
        "Endast sekreteraren i det organ som fattade beslutet eller samordnaren får rätta ett "
        "beslut."
    )
    assert DecisionCorrection.objects.count() == 0
    assert Decision.objects.get().title_sv == "Vänort med Kuressaare"


@pytest.mark.parametrize("field", ["outcome", "body", "meeting_date"])
def test_a_correction_cannot_change_what_was_decided(decision, coordinator, field):
    with pytest.raises(ValidationError) as error:
        services.correct_decision(
            decision, by=coordinator, field=field, corrected="rejected", reason="Skäl."
        )

    assert "kräver ett nytt beslut" in error.value.message_dict["field"][0]
    assert DecisionCorrection.objects.count() == 0
    assert _stored(decision)["outcome"] == "approved"


def test_a_correction_needs_a_reason_and_a_new_value(decision, coordinator):
    with pytest.raises(ValidationError) as error:
        services.correct_decision(
            decision, by=coordinator, field="case_number", corrected="KS 2026/7", reason=" "
        )

    assert error.value.message_dict == {
        "reason": ["Ange skälet till rättelsen."],
        "corrected": ["Det rättade värdet är det värde som redan är registrerat."],
    }
    assert DecisionCorrection.objects.count() == 0


def test_a_bad_corrected_value_changes_nothing(decision, coordinator):
    with pytest.raises(ValidationError) as error:
        services.correct_decision(
            decision, by=coordinator, field="case_number", corrected="fel", reason="Skäl."
        )

    assert "corrected" in error.value.message_dict
    assert DecisionCorrection.objects.count() == 0
    assert Decision.objects.get().case_number == "KS 2026/7"


def test_a_correction_is_never_edited_or_deleted(decision, coordinator):
    correction = services.correct_decision(
        decision, by=coordinator, field="case_number", corrected="KS 2026/9", reason="Skrivfel."
    )
    correction.reason = "Annat skäl."

    with pytest.raises(ValidationError):
        correction.save()
    with pytest.raises(PublicRecordDeleteError):
        correction.delete()
    assert DecisionCorrection.objects.get().reason == "Skrivfel."


def test_an_old_correction_cannot_be_replayed(decision, coordinator):
    """Once applied, a correction does not let the value change again without a new one."""
    services.correct_decision(
        decision, by=coordinator, field="case_number", corrected="KS 2026/9", reason="Skrivfel."
    )
    decision.refresh_from_db()
    decision.case_number = "KS 2026/7"

    assert _refused(decision, "case_number") == [NOT_EDITED]


# --- The admin: read-only fields, the Correct page --------------------------------------------


def test_admin_change_form_shows_the_decision_read_only(client, coordinator, decision):
    client.force_login(coordinator)
    url = admin_url(Decision, "change", decision.pk)

    page = client.get(url)
    client.post(url, {"title_sv": "Ändrad", "paragraph": "9", "outcome": "rejected"})

    fields = page.context["adminform"].form.fields
    assert not {"body", "paragraph", "title_sv", "outcome", "text"} & set(fields)
    assert "minutes_approved_on" in fields  # justering: still to fill in, once
    assert reverse("admin:governance_decision_correct", args=[decision.pk]) in page.text
    assert (_stored(decision)["title_sv"], _stored(decision)["paragraph"]) == (
        "Vänort med Kuressaare",
        172,
    )


def test_admin_correct_page_records_the_correction(client, coordinator, decision):
    client.force_login(coordinator)
    url = reverse("admin:governance_decision_correct", args=[decision.pk])

    response = client.post(
        url, {"field": "paragraph", "corrected": "173", "reason": "Fel paragraf i protokollet."}
    )

    assert response.status_code == 302
    assert Decision.objects.get().paragraph == 173
    page = client.get(admin_url(Decision, "change", decision.pk))
    assert shows(page, "2026-04-15: paragraf (§) var ”172”, nu ”173”.")


def test_admin_correct_page_refuses_an_outcome(client, coordinator, decision):
    client.force_login(coordinator)
    url = reverse("admin:governance_decision_correct", args=[decision.pk])

    response = client.post(url, {"field": "outcome", "corrected": "rejected", "reason": "Fel."})

    assert response.status_code == 200
    assert "field" in response.context["form"].errors
    assert DecisionCorrection.objects.count() == 0


# --- The public page shows both ---------------------------------------------------------------


def test_public_decision_page_shows_the_correction(client, decision, coordinator):
    factories.StrategyFactory(adopted_by=decision)
    services.correct_decision(
        decision, by=coordinator, field="paragraph", corrected="173", reason="Fel paragraf."
    )

    response = client.get(
        reverse("website:decision-detail", args=[decision.body.slug, "2026-03-10", 173])
    )

    assert response.status_code == 200
    assert "KF 2026-03-10 § 173" in response.text
    assert "Rättad 2026-04-15: paragraf (§) var 172, nu 173. Skäl: Fel paragraf." in (response.text)


def test_api_shows_the_corrected_value_and_the_correction(client, decision, coordinator):
    factories.StrategyFactory(adopted_by=decision)
    services.correct_decision(
        decision, by=coordinator, field="case_number", corrected="KS 2026/9", reason="Skrivfel."
    )

    (row,) = client.get("/api/v1/decisions/").json()["results"]

    assert row["case_number"] == "KS 2026/9"
    assert row["corrections"] == [
        {
            "made_on": "2026-04-15",
            "field": "case_number",
            "original": "KS 2026/7",
            "corrected": "KS 2026/9",
            "reason": "Skrivfel.",
        }
    ]
