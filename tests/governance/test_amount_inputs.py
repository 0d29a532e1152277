"""Amounts typed into forms (#12, "amounts with Swedish digit grouping everywhere, also in the
admin"): ``governance.amounts`` shows an amount for editing as the pages show it ("12 500",
"12 500,50"; "12,500" in English) and reads it as people type it; every money field of every
admin form and staff form uses it; bad input is refused with a message and changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import ModelForm
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from governance import amounts
from governance.amounts import AmountField, AmountInput, MoneyField
from projects.models import ProjectCost
from tests import factories
from tests.admin_forms import admin_url, english_admin_url

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

# --- reading what people type --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12 500", "12500"),
        (f"12{NBSP}500", "12500"),
        (f"12{NARROW_NBSP}500", "12500"),
        ("12500", "12500"),
        ("12 500,50", "12500.50"),
        ("12500,5", "12500.5"),
        ("12500.50", "12500.50"),
        ("1 234 567", "1234567"),
        ("  12 500 ", "12500"),
        ("0", "0"),
        ("0,75", "0.75"),
        ("-12 500", "-12500"),
        ("\u221212 500", "-12500"),
    ],
)
def test_swedish_amounts_are_read_as_typed(typed, read):
    with translation.override("sv"):
        assert amounts.parse(typed) == Decimal(read)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12,500", "12500"),
        ("12500", "12500"),
        ("12,500.50", "12500.50"),
        ("12500.50", "12500.50"),
        ("1,234,567.5", "1234567.5"),
        ("12 500", "12500"),
    ],
)
def test_english_amounts_are_read_as_typed(typed, read):
    with translation.override("en"):
        assert amounts.parse(typed) == Decimal(read)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "typed",
    ["12,5,0", "abc", "", "12 50", "1 25 00", "12.500,50", "12,500,", "12 500 kr", "1e5", "١٢"],
)
def test_garbage_is_no_amount(language, typed):
    with translation.override(language), pytest.raises(ValueError):
        amounts.parse(typed)


def test_a_comma_is_the_decimal_mark_in_swedish_and_a_separator_in_english():
    with translation.override("sv"):
        assert amounts.parse("12,50") == Decimal("12.50")
    with translation.override("en"), pytest.raises(ValueError):
        amounts.parse("12,50")


# --- showing it for editing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("sv", Decimal("12500.00"), f"12{NBSP}500"),
        ("sv", Decimal("12500.50"), f"12{NBSP}500,50"),
        ("sv", Decimal("12500.5"), f"12{NBSP}500,50"),
        ("sv", Decimal("1234567"), f"1{NBSP}234{NBSP}567"),
        ("sv", Decimal("0.00"), "0"),
        ("sv", 300, "300"),
        ("en", Decimal("12500.00"), "12,500"),
        ("en", Decimal("12500.50"), "12,500.50"),
        ("sv", None, ""),
    ],
)
def test_an_amount_is_shown_for_editing_grouped_without_zero_oren(language, value, shown):
    with translation.override(language):
        assert amounts.editable(value) == shown


@pytest.mark.parametrize("language", ["sv", "en"])
def test_what_is_shown_is_read_back(language):
    with translation.override(language):
        for value in (Decimal("12500"), Decimal("12500.50"), Decimal("1234567.05")):
            assert amounts.parse(amounts.editable(value)) == value


# --- the form field ------------------------------------------------------------------------


def field():
    return AmountField(max_digits=12, decimal_places=2, required=False)


def test_the_input_is_text_with_a_decimal_keyboard():
    with translation.override("sv"):
        html = field().widget.render("cost", Decimal("12500.00"))

    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert f'value="12{NBSP}500"' in html
    assert "step" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", f"Skriv beloppet med siffror, till exempel 12{NBSP}500 eller 12{NBSP}500,50."),
        ("en", "Write the amount in digits, for example 12,500 or 12,500.50."),
    ],
)
def test_garbage_is_refused_in_the_users_language(language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            field().clean("12,5,0")

        assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("12 500,505", "max_decimal_places"), ("12 345 678 901", "max_whole_digits")],
)
def test_the_models_precision_holds(typed, code):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        field().clean(typed)

    assert refused.value.error_list[0].code == code


def test_the_largest_amount_and_none():
    with translation.override("sv"):
        assert field().clean("9 999 999 999,99") == Decimal("9999999999.99")
        assert field().clean("") is None


# --- every money field of every admin form and staff form ---------------------------------

# Decimals that are no money: a place's position, kronor for one euro.
NOT_MONEY = {
    ("partners", "place", "latitude"),
    ("partners", "place", "longitude"),
    ("projects", "fundingcheck", "exchange_rate"),
}


def project_models():
    for model in apps.get_models():
        if model.__module__.split(".")[0] in {"django", "simple_history"}:
            continue
        if model.__name__.startswith("Historical"):
            continue
        yield model


def money_fields():
    return {
        (model._meta.app_label, model._meta.model_name, field.name)
        for model in project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, MoneyField)
    }


def test_every_decimal_that_is_money_is_a_money_field():
    decimals = {
        (model._meta.app_label, model._meta.model_name, field.name)
        for model in project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DecimalField)
    }

    assert decimals - NOT_MONEY == money_fields()
    assert len(money_fields()) == 8


def _amount_inputs_of(model, form_class, seen):
    for name, form_field in form_class.base_fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # a form's own field
            continue
        if isinstance(model_field, MoneyField):
            where = f"{model.__name__}.{name} in {form_class.__name__}"
            assert isinstance(form_field, AmountField), where
            assert isinstance(form_field.widget, AmountInput), where
            seen.add((model._meta.app_label, model._meta.model_name, name))


@pytest.mark.django_db
def test_every_admin_form_uses_the_amount_input_for_money():
    user = get_user_model().objects.create_superuser("walker", "walker@example.org", "x")
    request = RequestFactory().get("/admin/")
    request.user = user
    seen = set()

    for model, model_admin in admin.site._registry.items():
        _amount_inputs_of(model, model_admin.get_form(request), seen)
        for inline in model_admin.get_inline_instances(request):
            _amount_inputs_of(inline.model, inline.get_formset(request).form, seen)

    # Every money field is edited somewhere in the admin, always with the amount input.
    assert seen == money_fields()


def test_no_admin_list_shows_a_bare_amount():
    """A list column of an amount is ``governance.admin.amount_column``: "12 500 kr", not
    Django's "12500,00"."""
    for model, model_admin in admin.site._registry.items():
        for column in model_admin.list_display:
            if isinstance(column, str) and column in {f.name for f in model._meta.fields}:
                field = model._meta.get_field(column)
                assert not isinstance(field, MoneyField), f"{model.__name__}.{column}"


def test_every_staff_form_uses_the_amount_input_for_money():
    import followup.forms
    import projects.forms
    import staff.forms

    seen = set()
    for module in (staff.forms, projects.forms, followup.forms):
        for form_class in vars(module).values():
            if isinstance(form_class, type) and issubclass(form_class, ModelForm):
                model = getattr(getattr(form_class, "_meta", None), "model", None)
                if model is not None:
                    _amount_inputs_of(model, form_class, seen)

    assert ("projects", "projectcost", "amount") in seen
    assert ("partners", "visit", "cost") in seen
    assert ("projects", "fundingcheck", "amount_applied") in seen


# --- the admin's change form, round trip ---------------------------------------------------


def _cost_form(cost, amount):
    return {
        "project": cost.project.pk,
        "body": cost.body.pk,
        "year": "2026",
        "amount": amount,
        "description": "Resor",
        "_save": "Spara",
    }


def test_the_admin_reads_a_grouped_amount_and_shows_it_back_grouped(client, coordinator):
    cost = factories.ProjectCostFactory(amount=Decimal("1000"))
    client.force_login(coordinator)
    page = admin_url(ProjectCost, "change", cost.pk)

    response = client.post(page, _cost_form(cost, f"12{NBSP}500"))

    assert response.status_code == 302
    cost.refresh_from_db()
    assert cost.amount == Decimal("12500")
    shown = client.get(page).content.decode()
    assert f'value="12{NBSP}500"' in shown
    assert 'inputmode="decimal"' in shown
    assert "12500,00" not in shown and "12500.00" not in shown


def test_the_english_admin_reads_and_shows_the_english_form(client, coordinator):
    cost = factories.ProjectCostFactory(amount=Decimal("1000"))
    client.force_login(coordinator)
    page = english_admin_url("projects_projectcost_change", cost.pk)

    response = client.post(page, _cost_form(cost, "12,500.50"))

    assert response.status_code == 302
    cost.refresh_from_db()
    assert cost.amount == Decimal("12500.50")
    assert 'value="12,500.50"' in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,5,0", f"Skriv beloppet med siffror, till exempel 12{NBSP}500 eller 12{NBSP}500,50."),
        ("abc", f"Skriv beloppet med siffror, till exempel 12{NBSP}500 eller 12{NBSP}500,50."),
        ("-12 500", "En kostnad kan inte vara negativ."),
    ],
)
def test_the_admin_refuses_a_bad_amount_and_changes_nothing(client, coordinator, typed, message):
    cost = factories.ProjectCostFactory(amount=Decimal("1000"))
    client.force_login(coordinator)
    before = cost.history.count()

    response = client.post(admin_url(ProjectCost, "change", cost.pk), _cost_form(cost, typed))

    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    # What was typed is shown again, to be put right.
    assert f'value="{typed}"' in text
    cost.refresh_from_db()
    assert cost.amount == Decimal("1000")
    assert cost.history.count() == before


def test_the_admins_add_form_reads_a_grouped_amount(client, coordinator):
    project = factories.ProjectFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:projects_projectcost_add"),
        {
            "project": project.pk,
            "body": project.responsible_body.pk,
            "year": "2026",
            "amount": "7 250,25",
            "_save": "Spara",
        },
    )

    assert response.status_code == 302
    assert ProjectCost.objects.get().amount == Decimal("7250.25")
