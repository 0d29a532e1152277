"""The public contact comes from the municipality's data file (#14): a function, its e-mail
and phone, no person's name; loaded idempotently, a bad entry refused with nothing changed."""

import pytest
from django.core.management.base import CommandError

from governance.models import PublicContact
from tests.municipality.helpers import run

pytestmark = pytest.mark.django_db


def test_the_coordinators_function_email_and_phone_are_loaded(vimmerby):
    (contact,) = PublicContact.objects.all()

    assert contact.key == "international-coordinator"
    assert contact.function_sv.startswith("Internationell samordnare")
    assert contact.function_en.startswith("International coordinator")
    assert contact.body.short_name == "KSF"
    assert (contact.email, contact.phone) == ("kommun@vimmerby.se", "0492-76 90 00")
    assert contact.phone_link == "0492769000"


def test_a_second_run_changes_nothing(vimmerby):
    before = PublicContact.history.count()

    run("load_municipality")

    assert PublicContact.history.count() == before


def test_a_bad_phone_number_is_refused_with_the_entry_named_and_nothing_changed(tmp_path, db):
    data = tmp_path / "bad.toml"
    data.write_text(
        '[[bodies]]\nshort_name = "KS"\nslug = "ks"\nkind = "executive_board"\n'
        'name_sv = "Kommunstyrelsen"\n\n'
        '[[contacts]]\nkey = "samordnare"\nfunction_sv = "Internationell samordnare"\n'
        'email = "kommun@example.se"\nphone = "ring oss"\n',
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as raised:
        run("load_municipality", "--file", str(data))

    assert "samordnare" in str(raised.value)
    assert "0492-76 90 00" in str(raised.value)  # the message says how to write it
    assert not PublicContact.objects.exists()
