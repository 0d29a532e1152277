"""Spreadsheet export and import: a preview with each row's errors, all rows or none saved."""

import base64
import io

import openpyxl
import pytest
from django.urls import reverse

from projects.models import FundingCheck, Project
from tests import factories

PROJECT_HEADER = "slug,title,kind,status,responsible_body,places,starts_on,ends_on"


def _csv(*lines):
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def _upload(client, dataset, content, name="import.csv"):
    content.name = name
    return client.post(
        reverse("followup:import", kwargs={"dataset": dataset}), {f"{dataset}-file": content}
    )


@pytest.fixture
def places(db):
    return [
        factories.PlaceFactory(slug="joniskis", country="LT"),
        factories.PlaceFactory(slug="mukono", country="UG"),
    ]


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


# --- Export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["projects", "relationships", "funding-checks", "participants"])
def test_export_as_xlsx_has_a_header_and_a_row(signed_in, bun, dataset, today):
    project = factories.ProjectFactory(responsible_body=bun)
    factories.FundingCheckFactory(project=project)
    factories.ParticipantCountFactory(project=project)
    factories.RelationshipFactory()

    response = signed_in.get(
        reverse("followup:export", kwargs={"dataset": dataset, "file_format": "xlsx"})
    )

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert response.status_code == 200
    assert len(rows) == 2


def test_export_projects_as_csv_names_bodies_and_places(signed_in, bun, places, today):
    factories.ProjectFactory(responsible_body=bun, slug="elevutbyte").places.set(places)

    response = signed_in.get(
        reverse("followup:export", kwargs={"dataset": "projects", "file_format": "csv"})
    )

    lines = response.content.decode("utf-8").splitlines()
    assert lines[0].startswith("slug,title,kind,status,responsible_body,school,places")
    assert lines[1].startswith("elevutbyte,")
    assert ",BUN,," in lines[1]
    assert "joniskis,mukono" in lines[1]


def test_export_of_unknown_dataset_is_404(signed_in, today):
    url = reverse("followup:export", kwargs={"dataset": "people", "file_format": "xlsx"})

    response = signed_in.get(url)

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.parametrize("persona", ["ks_member", "bun_member", "contributor"])
def test_spreadsheets_are_the_coordinators_alone(client, request, persona, today):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("followup:spreadsheets"))
    url = reverse("followup:export", kwargs={"dataset": "projects", "file_format": "csv"})
    export = client.get(url)

    assert page.status_code == 403
    assert export.status_code == 403
    assert "You do not have the right to use this page." in page.content.decode()
    assert "text/csv" not in export["Content-Type"]


def test_import_refuses_get(signed_in, today):
    url = reverse("followup:import", kwargs={"dataset": "projects"})

    response = signed_in.get(url)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


# --- Import: preview, confirm ----------------------------------------------------------------


def test_import_preview_saves_nothing_and_confirm_saves_every_row(signed_in, bun, places, today):
    content = _csv(
        PROJECT_HEADER,
        "elevutbyte,Elevutbyte Joniškis,school_exchange,planned,BUN,joniskis,2026-09-01,2026-09-07",
        "mukono,Mukono barnrätt,partnership,idea,BUN,mukono,2027-01-01,",
    )

    preview = _upload(signed_in, "projects", content)

    assert preview.status_code == 200
    assert [row.errors for row in preview.context["outcome"].rows] == [[], []]
    assert Project.objects.count() == 0

    payload = preview.context["confirm"].initial["payload"]
    response = signed_in.post(
        reverse("followup:import", kwargs={"dataset": "projects"}),
        {"payload": payload, "format": "csv"},
    )

    assert response.status_code == 302
    assert sorted(Project.objects.values_list("slug", flat=True)) == ["elevutbyte", "mukono"]
    assert list(Project.objects.get(slug="elevutbyte").places.all()) == [places[0]]


def test_import_of_xlsx_is_read(signed_in, bun, places, today):
    workbook = openpyxl.Workbook()
    workbook.active.append(["slug", "title", "kind", "responsible_body", "starts_on"])
    workbook.active.append(["kultur", "Kulturutbyte", "culture", "BUN", "2026-10-01"])
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)

    preview = _upload(signed_in, "projects", content, name="projekt.xlsx")

    assert [row.errors for row in preview.context["outcome"].rows] == [[]]


def test_funding_checks_import_records_the_importer_as_checker(signed_in, coordinator, bun, today):
    factories.ProjectFactory(responsible_body=bun, slug="elevutbyte")
    factories.ProgrammeFactory(slug="nordplus-junior")
    content = _csv(
        "project,programme,checked_on,outcome,amount_applied,deadline",
        "elevutbyte,nordplus-junior,2026-06-01,will_apply,50000,2026-10-01",
    )
    preview = _upload(signed_in, "funding-checks", content)

    signed_in.post(
        reverse("followup:import", kwargs={"dataset": "funding-checks"}),
        {"payload": preview.context["confirm"].initial["payload"], "format": "csv"},
    )

    check = FundingCheck.objects.get()
    assert check.checked_by == coordinator.person
    assert str(check.deadline) == "2026-10-01"


# --- Bad input: a clear message, nothing saved -----------------------------------------------


def test_import_with_wrong_columns_says_which(signed_in, bun, today):
    content = _csv("namn,typ,nämnd", "Elevutbyte,school_exchange,BUN")

    response = _upload(signed_in, "projects", content)

    assert response.status_code == 400
    assert response.context["message"].startswith(
        "The spreadsheet does not have the expected columns (missing columns: slug, title, "
        "kind, responsible_body; unknown columns: namn, typ, nämnd)."
    )
    assert Project.objects.count() == 0


def test_import_with_a_bad_date_shows_the_row_error_and_saves_nothing(
    signed_in, bun, places, today
):
    content = _csv(
        PROJECT_HEADER,
        "elevutbyte,Elevutbyte,school_exchange,planned,BUN,joniskis,2026-09-01,2026-09-07",
        "kultur,Kulturutbyte,culture,planned,BUN,joniskis,första maj,",
    )

    response = _upload(signed_in, "projects", content)

    rows = response.context["outcome"].rows
    assert response.status_code == 400
    assert rows[0].errors == []
    assert rows[1].number == 3
    assert rows[1].errors == ["starts_on: Enter a valid date."]
    assert response.context["confirm"] is None
    assert Project.objects.count() == 0


def test_import_with_an_unknown_place_names_it_and_saves_nothing(signed_in, bun, places, today):
    content = _csv(
        PROJECT_HEADER,
        "elevutbyte,Elevutbyte,school_exchange,planned,BUN,joniskis;atlantis,2026-09-01,",
        "kultur,Kulturutbyte,culture,planned,BUN,atlantis,2026-09-01,",
    )

    response = _upload(signed_in, "projects", content)

    assert [row.errors for row in response.context["outcome"].rows] == [
        ["places: Unknown places: joniskis;atlantis."],
        ["places: Unknown places: atlantis."],
    ]
    assert Project.objects.count() == 0


def test_import_with_an_unknown_body_and_a_broken_rule_shows_both_rows(
    signed_in, bun, places, today
):
    content = _csv(
        PROJECT_HEADER,
        "elevutbyte,Elevutbyte,school_exchange,planned,XYZ,joniskis,2026-09-01,",
        "kultur,Kulturutbyte,culture,approved,BUN,joniskis,2026-09-01,",
    )

    response = _upload(signed_in, "projects", content)

    errors = [row.errors for row in response.context["outcome"].rows]
    assert errors == [
        ["responsible_body: Unknown body: “XYZ”."],
        ["status: Work cannot be approved before its funding check is completed (S6)."],
    ]
    assert Project.objects.count() == 0


def test_confirmed_import_with_a_failing_row_saves_nothing(signed_in, bun, places, today):
    # The file changed between preview and confirmation: the import checks it again.
    content = "\n".join(
        [
            PROJECT_HEADER,
            "elevutbyte,Elevutbyte,school_exchange,planned,BUN,joniskis,2026-09-01,",
            "kultur,Kulturutbyte,culture,planned,BUN,joniskis,2026-09-01,2026-08-01",
        ]
    ).encode()

    response = signed_in.post(
        reverse("followup:import", kwargs={"dataset": "projects"}),
        {"payload": base64.b64encode(content).decode(), "format": "csv"},
    )

    assert response.status_code == 400
    assert response.context["outcome"].rows[1].errors == [
        "The end date cannot be before the start date."
    ]
    assert Project.objects.count() == 0


def test_import_of_a_file_that_is_not_a_spreadsheet_says_so(signed_in, today):
    content = io.BytesIO(b"PK\x03\x04 not really a workbook")

    response = _upload(signed_in, "projects", content, name="projekt.xlsx")

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["The file is not an XLSX or CSV spreadsheet (its content says otherwise)."]
    }


def test_import_of_another_file_type_is_refused(signed_in, today):
    response = _upload(signed_in, "projects", io.BytesIO(b"x"), name="projekt.pdf")

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Upload an .xlsx or a .csv file."]}


def test_import_publishes_no_work_the_staff_page_could_not(signed_in, bun, places, today):
    """A row that brings work onto the public site meets the rule of publishing (#12): a
    partnership without its body's approving decision, or work without its public text, is
    refused with the reason and nothing is saved."""
    content = _csv(
        PROJECT_HEADER + ",published",
        "partnerskap,Partnerskap,partnership,planned,BUN,joniskis,2026-09-01,,1",
        "elevutbyte,Elevutbyte,school_exchange,planned,BUN,joniskis,2026-09-01,,1",
        "utkast,Utkast,school_exchange,planned,BUN,joniskis,2026-09-01,,0",
    )

    response = _upload(signed_in, "projects", content)

    assert [row.errors for row in response.context["outcome"].rows] == [
        [
            "published: The work needs a political decision (S8, S11): it is published once "
            f"{bun.name} has approved it.",
            "published: Write the public title and summary in Swedish first: the public page "
            "shows them.",
        ],
        [
            "published: Write the public title and summary in Swedish first: the public page "
            "shows them."
        ],
        [],
    ]
    assert Project.objects.count() == 0


def test_import_of_not_relevant_without_a_reason_names_the_row_and_saves_nothing(
    signed_in, bun, today
):
    """The funding check's rule (S6, #13) holds for the import as for the staff page."""
    factories.ProjectFactory(responsible_body=bun, slug="elevutbyte")
    factories.ProgrammeFactory(slug="nordplus-junior")
    content = _csv(
        "project,programme,checked_on,outcome,note",
        "elevutbyte,nordplus-junior,2026-06-01,not_applicable,",
    )

    response = _upload(signed_in, "funding-checks", content)

    [row] = response.context["outcome"].rows
    assert response.status_code == 400
    assert any("needs a reason in the note" in error for error in row.errors), row.errors
    assert response.context["confirm"] is None
    assert not FundingCheck.objects.exists()


def test_an_import_cannot_complete_a_funding_check(signed_in, bun, places, today):
    """Completing the check is the staff page's, the admin action's or the service's step
    (S6, #13): a project file with the completion's columns is refused as unknown columns."""
    content = _csv(
        PROJECT_HEADER + ",funding_check_closed_on",
        "elevutbyte,Elevutbyte,school_exchange,planned,BUN,joniskis,2026-09-01,,2026-06-01",
    )

    response = _upload(signed_in, "projects", content)

    assert response.status_code == 400
    assert "funding_check_closed_on" in response.context["message"]
    assert Project.objects.count() == 0
