"""Large imports are jobs of the worker, with a page that shows their progress (#15, S13).

A file of more than ``IMPORT_BACKGROUND_ROWS`` rows is kept as an ``ImportJob``: the worker
(RQ's queue ``imports``; in the request without one) checks it as a dry run, the coordinator
who asked confirms, the worker imports every row or none. The file is deleted as soon as the
job has ended; only whoever asked sees the job. Bad files are refused before any job exists.
"""

import datetime
import io

import django_rq
import fakeredis
import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from rq import Queue, SimpleWorker

from followup import jobs, spreadsheets
from followup.models import ImportJob
from governance.models import Body
from governance.spreadsheet_cells import is_formula
from projects.models import Project
from tests import factories
from tests.followup.test_import_bounds import _rows
from tests.followup.test_spreadsheets import PROJECT_HEADER, _csv, _upload
from tests.followup.test_spreadsheets import places as places  # noqa: F401 (fixture)
from tests.followup.test_spreadsheets import signed_in as signed_in  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def small_jobs(settings, tmp_path):
    """Files of more than three rows are jobs; run in the request unless a test says so."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_BACKGROUND_ROWS = 3
    settings.IMPORT_IN_BACKGROUND = False
    cache.clear()


@pytest.fixture
def fake_queue(monkeypatch, settings):
    """The queue on an in-process Redis: the real RQ, its worker run here when a test says so."""
    settings.IMPORT_IN_BACKGROUND = True
    queue = Queue(jobs.IMPORT_QUEUE, connection=fakeredis.FakeStrictRedis())
    monkeypatch.setattr(django_rq, "get_queue", lambda name: queue)
    return queue


def work(queue):
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def job_url(job):
    return reverse("followup:import-job", args=[job.pk])


def stored(job) -> bool:
    return bool(job.file) and default_storage.exists(job.file.name)


def upload_rows(client, count, *extra):
    return _upload(client, "projects", _csv(PROJECT_HEADER, *_rows(count), *extra))


def test_the_bounds_of_a_job(settings):
    from vimmerby_intl import settings as defaults

    assert defaults.IMPORT_BACKGROUND_ROWS == 100
    assert defaults.IMPORT_BACKGROUND_MAX_ROWS == 5_000
    assert defaults.IMPORT_BACKGROUND_MAX_BYTES == 10 * 1024 * 1024
    assert defaults.IMPORT_MAX_ROWS == 500  # the request's bound stays
    assert defaults.IMPORT_FILE_KEPT_HOURS == 24


def test_without_a_worker_the_job_runs_in_the_request(signed_in, coordinator, bun, places, today):
    response = upload_rows(signed_in, 5)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert (job.stage, job.status, job.total_rows, job.rows_done) == ("check", "done", 5, 5)
    assert (job.new_rows, job.error_rows, job.requested_by) == (5, 0, coordinator)
    assert job.awaits_confirmation and stored(job)
    assert Project.objects.count() == 0  # the check saves nothing
    page = signed_in.get(job_url(job)).content.decode()
    assert "Every row can be imported: 5 rows (5 new, 0 updated)." in page
    assert 'id="import-confirm"' in page and "job_progress.js" not in page

    confirmed = signed_in.post(job_url(job), {"action": "confirm"})

    job.refresh_from_db()
    assert confirmed["Location"] == job_url(job)
    assert (job.stage, job.status, job.new_rows) == ("import", "done", 5)
    assert job.is_imported and job.file.name == ""
    assert not default_storage.listdir("imports")[1]  # the file is gone
    assert Project.objects.count() == 5
    assert "Imported: 5 rows (5 new, 0 updated)." in signed_in.get(job_url(job)).content.decode()


def test_a_file_of_the_threshold_is_still_checked_on_its_page(signed_in, bun, places, today):
    response = upload_rows(signed_in, 3)

    assert response.status_code == 200
    assert len(response.context["outcome"].rows) == 3
    assert ImportJob.objects.count() == 0


def test_with_the_worker_the_page_follows_each_state(
    signed_in, bun, places, today, fake_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert (job.status, fake_queue.count) == ("queued", 1)
    page = signed_in.get(job_url(job)).content.decode()
    assert 'role="status" aria-live="polite"' in page
    assert "The spreadsheet is waiting for the worker to start on it." in page
    assert 'id="import-progress-bar"' in page and "job_progress.js" in page
    assert 'id="import-refresh"' in page and 'id="import-confirm"' not in page
    assert signed_in.get(job_url(job), {"format": "json"}).json() == {
        "status": "queued",
        "stage": "check",
        "pending": True,
        "progress": 0,
        "done": 0,
        "total": 5,
    }

    work(fake_queue)
    job.refresh_from_db()
    assert job.awaits_confirmation and Project.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(job_url(job), {"action": "confirm"})
    job.refresh_from_db()
    assert (job.stage, job.status, fake_queue.count) == ("import", "queued", 1)

    work(fake_queue)

    job.refresh_from_db()
    assert job.is_imported and not stored(job) and job.file.name == ""
    assert Project.objects.count() == 5
    # The rows done went to the cache as the import went (its transaction hides the table).
    assert cache.get(jobs._progress_key(job.pk, "import")) == 5
    assert signed_in.get(job_url(job), {"format": "json"}).json()["pending"] is False


def test_the_rows_done_are_written_while_the_import_runs(
    signed_in, bun, places, today, monkeypatch
):
    """In the cache, row by row (at most every per cent), before the transaction commits."""
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    written = []
    setter = cache.set

    def remember(key, value, *args, **kwargs):
        if key == jobs._progress_key(job.pk, "import"):
            written.append((value, Project.objects.count()))
        return setter(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", remember)
    signed_in.post(job_url(job), {"action": "confirm"})

    assert [done for done, _saved in written] == [1, 2, 3, 4, 5]
    assert written[0][1] == 1  # seen inside the import's transaction, row by row
    assert Project.objects.count() == 5


def test_with_redis_gone_the_job_runs_in_the_request(
    signed_in, bun, places, today, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def gone(name):
        raise RedisConnectionError("Connection refused")

    settings.IMPORT_IN_BACKGROUND = True
    monkeypatch.setattr(django_rq, "get_queue", gone)
    with django_capture_on_commit_callbacks(execute=True):
        upload_rows(signed_in, 5)

    job = ImportJob.objects.get()
    assert job.awaits_confirmation


def test_a_running_job_shows_its_rows_done(signed_in, coordinator, today):
    job = ImportJob.objects.create(
        resource="projects",
        file_format="csv",
        file_name="projekt.csv",
        language="en",
        requested_by=coordinator,
        status="running",
        total_rows=200,
    )
    cache.set(jobs._progress_key(job.pk, "check"), 40)

    page = signed_in.get(job_url(job)).content.decode()

    assert "Checking: 40 of 200 rows done." in page
    assert 'value="20"' in page
    answer = signed_in.get(job_url(job), {"format": "json"}).json()
    assert (answer["done"], answer["total"], answer["progress"]) == (40, 200, 20)


def test_row_errors_are_shown_in_swedish_and_nothing_is_saved(signed_in, bun, places, today):
    bad = "p9,Projekt 9,partnership,idea,BUN,atlantis,2026-09-01,"
    with translation.override("sv"):
        upload_rows(signed_in, 4, bad)
    job = ImportJob.objects.get()

    assert (job.status, job.error_rows, job.language) == ("done", 1, "sv")
    assert job.errors == [{"row": 6, "messages": ["places: Okända orter: atlantis."]}]
    assert not job.awaits_confirmation and not stored(job)  # the job has ended
    with translation.override("sv"):
        page = signed_in.get(job_url(job)).content.decode()
    assert "Rader med fel: 1." in page and "Okända orter: atlantis." in page
    refused = signed_in.post(job_url(job), {"action": "confirm"}, follow=True)
    assert "This import no longer waits for a confirmation." in refused.content.decode()
    assert Project.objects.count() == 0


def test_a_row_that_fails_at_the_import_saves_no_row(signed_in, bun, places, today):
    """All or nothing: the body goes between the check and the confirmation."""
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    assert job.awaits_confirmation
    Body.objects.filter(pk=bun.pk).update(short_name="BUN2")

    signed_in.post(job_url(job), {"action": "confirm"})

    job.refresh_from_db()
    assert (job.stage, job.status, job.error_rows) == ("import", "done", 5)
    assert not job.is_imported and not stored(job)
    assert Project.objects.count() == 0


def test_a_file_with_the_wrong_columns_fails_with_the_reason(signed_in, bun, today):
    _upload(signed_in, "projects", _csv("slug,title", *[f"p{i},P {i}" for i in range(5)]))

    job = ImportJob.objects.get()
    assert job.status == "failed" and not stored(job)
    assert "missing columns: kind, responsible_body" in job.message
    page = signed_in.get(job_url(job)).content.decode()
    assert "The spreadsheet could not be imported. Nothing has been saved." in page
    assert "missing columns: kind, responsible_body" in page


def test_an_unexpected_failure_is_recorded_with_a_reference(
    signed_in, bun, places, today, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(spreadsheets, "run", broken)
    upload_rows(signed_in, 5)

    job = ImportJob.objects.get()
    assert (job.status, job.error) == ("failed", "RuntimeError: the disk is full")
    assert not stored(job)
    page = signed_in.get(job_url(job)).content.decode()
    assert f"give this reference: import {job.pk}." in page
    assert "the disk is full" not in page


def test_a_discarded_job_loses_its_file(signed_in, bun, places, today):
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    assert stored(job)
    name = job.file.name

    response = signed_in.post(job_url(job), {"action": "discard"})

    job.refresh_from_db()
    assert response["Location"] == reverse("followup:spreadsheets")
    assert (job.status, job.file.name) == ("discarded", "")
    assert not default_storage.exists(name)
    assert Project.objects.count() == 0


def test_an_unconfirmed_file_is_deleted_after_a_day(signed_in, bun, places, today):
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    name = job.file.name

    assert jobs.discard_abandoned_imports(job.finished_at + datetime.timedelta(hours=23)) == 0
    assert stored(job)
    assert jobs.discard_abandoned_imports(job.finished_at + datetime.timedelta(hours=25)) == 1

    job.refresh_from_db()
    assert job.status == "discarded" and not default_storage.exists(name)


def test_the_nightly_purge_deletes_unconfirmed_files(signed_in, bun, places, today):
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    name = job.file.name
    out = io.StringIO()

    with time_machine.travel(job.finished_at + datetime.timedelta(hours=25), tick=False):
        call_command("purge_personal_data", stdout=out)

    assert "Unconfirmed import files deleted: 1" in out.getvalue()
    assert not default_storage.exists(name)


def test_another_user_cannot_see_or_confirm_your_job(client, signed_in, bun, places, today):
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    other = factories.UserFactory(username="annan-samordnare", is_superuser=True)
    client.force_login(other)

    assert client.get(job_url(job)).status_code == 403
    assert client.get(job_url(job), {"format": "json"}).status_code == 403
    assert client.post(job_url(job), {"action": "confirm"}).status_code == 403
    job.refresh_from_db()
    assert job.awaits_confirmation and Project.objects.count() == 0


def test_who_may_not_import_sees_no_job(client, signed_in, bun, places, ks_member, today):
    upload_rows(signed_in, 5)
    job = ImportJob.objects.get()
    client.force_login(ks_member)  # follows up the strategy, imports nothing

    assert client.get(job_url(job)).status_code == 403
    assert upload_rows(client, 5).status_code == 403
    assert ImportJob.objects.count() == 1


# --- Bad files: refused at once, nothing kept or saved ------------------------------------


@pytest.mark.parametrize("cell", ["=1+2", "@SUM(A1)", "+cmd|' /C calc'!A0", " -cmd|' /C calc'!A0"])
def test_a_csv_with_a_formula_is_refused(signed_in, bun, places, today, cell):
    rows = _rows(5)
    rows[2] = rows[2].replace("Projekt 2", f'"{cell}"')

    response = _upload(signed_in, "projects", _csv(PROJECT_HEADER, *rows))

    assert response.status_code == 400
    assert "Cell B4 holds a formula" in response.content.decode()
    assert ImportJob.objects.count() == 0 and Project.objects.count() == 0
    assert not default_storage.exists("imports")


def test_an_xlsx_with_a_formula_cell_is_refused(signed_in, bun, places, today):
    workbook = openpyxl.Workbook()
    workbook.active.append(PROJECT_HEADER.split(","))
    for line in _rows(2):
        workbook.active.append(line.split(","))
    workbook.active["B3"] = "=A2&A3"
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)

    with translation.override("sv"):
        response = _upload(signed_in, "projects", content, name="import.xlsx")

    assert response.status_code == 400
    assert "Cell B3 innehåller en formel" in response.content.decode()
    assert ImportJob.objects.count() == 0 and Project.objects.count() == 0


@pytest.mark.parametrize(
    "text", ["-500", "+46 70 123 45 67", "- a list item", "-", "Elevutbyte", "e-post", "12,5"]
)
def test_text_that_is_no_formula_is_imported(text):
    assert not is_formula(text)


def test_more_rows_than_the_worker_takes_are_refused(signed_in, bun, places, today, settings):
    settings.IMPORT_IN_BACKGROUND = True
    settings.IMPORT_MAX_ROWS = 4
    settings.IMPORT_BACKGROUND_MAX_ROWS = 6

    response = upload_rows(signed_in, 7)

    assert response.status_code == 400
    assert "more than 6 rows; import at most 6 at a time" in response.content.decode()
    assert ImportJob.objects.count() == 0 and Project.objects.count() == 0


def test_without_a_worker_the_request_bound_holds(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_ROWS = 6

    response = upload_rows(signed_in, 7)

    assert response.status_code == 400
    assert "more than 6 rows; import at most 6 at a time" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_larger_than_the_worker_takes_is_refused(signed_in, bun, places, today, settings):
    settings.IMPORT_IN_BACKGROUND = True
    settings.IMPORT_MAX_BYTES = 100
    settings.IMPORT_BACKGROUND_MAX_BYTES = 400

    response = upload_rows(signed_in, 20)

    assert response.status_code == 400
    assert "a spreadsheet to import may be at most 400\xa0bytes" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_larger_than_a_request_takes_is_a_job(
    signed_in, bun, places, today, settings, fake_queue
):
    settings.IMPORT_MAX_BYTES = 100
    settings.IMPORT_BACKGROUND_ROWS = 100

    response = upload_rows(signed_in, 3)

    job = ImportJob.objects.get()
    assert response["Location"] == job_url(job) and job.total_rows == 3


def test_a_file_that_is_not_a_spreadsheet_makes_no_job(signed_in, today):
    content = io.BytesIO(b"%PDF-1.7\n" + b"x" * 500)

    response = _upload(signed_in, "projects", content, name="import.pdf")

    assert response.status_code == 400
    assert "Upload an .xlsx or a .csv file." in response.content.decode()
    assert ImportJob.objects.count() == 0


# --- Queries ----------------------------------------------------------------------------------


def _job_with_errors(user, count):
    return ImportJob.objects.create(
        resource="projects",
        file_format="csv",
        file_name="projekt.csv",
        language="en",
        requested_by=user,
        status="done",
        total_rows=count,
        rows_done=count,
        error_rows=count,
        errors=[
            {"row": n, "messages": ["title: This field cannot be blank."]} for n in range(count)
        ],
    )


def test_the_job_page_reads_the_same_queries_at_3_and_30_errors(
    signed_in, coordinator, today, django_assert_num_queries
):
    small, large = _job_with_errors(coordinator, 3), _job_with_errors(coordinator, 30)
    signed_in.get(job_url(small))  # the session and the rights are loaded once

    with django_assert_num_queries(QUERIES):
        few = signed_in.get(job_url(small))
    with django_assert_num_queries(QUERIES):
        many = signed_in.get(job_url(large))

    assert few.content.decode().count("This field cannot be blank.") == 3
    assert many.content.decode().count("This field cannot be blank.") == 30


# The session, the user, the rights (the groups: a coordinator), the job.
QUERIES = 4
