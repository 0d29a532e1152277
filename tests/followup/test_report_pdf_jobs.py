"""The yearly report's PDF, built by a worker of the task queue while the page shows its
progress (#15, S22): the job, the pages, the download and who may have it, failures, and the
tagged PDF (PDF/UA as far as WeasyPrint goes)."""

import datetime
import re
import zlib

import django_rq
import fakeredis
import pytest
import redis
import time_machine
from django.urls import reverse
from django.utils import translation
from rq import Queue, SimpleWorker

from followup import exports, jobs
from followup.models import ReportPdf, ReportPdfStatus
from tests import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_PDF_IN_BACKGROUND = False
    return settings.MEDIA_ROOT


@pytest.fixture
def project(bun):
    return factories.ProjectFactory(
        responsible_body=bun, title="Elevutbyte Joniškis", status="planned"
    )


@pytest.fixture
def fake_queue(monkeypatch, settings):
    """The queue on an in-process Redis: the real RQ, its worker run here when a test says so."""
    settings.REPORT_PDF_IN_BACKGROUND = True
    queue = Queue(jobs.QUEUE, connection=fakeredis.FakeStrictRedis())
    monkeypatch.setattr(django_rq, "get_queue", lambda name: queue)
    return queue


def pdf_text(content: bytes) -> bytes:
    """The PDF's objects with its compressed streams (object streams too) inflated."""
    parts = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # a font or an image, not objects
    return b"\n".join(parts)


def ask(client, year=2026, **extra):
    return client.post(f"{reverse('followup:report-pdf')}?year={year}", **extra)


def test_without_a_queue_the_pdf_is_made_in_the_request(client, coordinator, project, today):
    client.force_login(coordinator)

    response = ask(client, follow=True)

    pdf = ReportPdf.objects.get()
    assert response.redirect_chain[-1][0] == reverse("followup:report-pdf-status", args=[pdf.pk])
    assert (pdf.status, pdf.progress, pdf.requested_by) == ("done", 100, coordinator)
    page = response.content.decode()
    assert "The PDF is ready." in page
    assert reverse("followup:report-pdf-file", args=[pdf.pk]) in page
    assert "pdf-progress-bar" not in page  # nothing left to wait for


def test_the_download_is_the_pdf_of_the_year(client, coordinator, project, today):
    client.force_login(coordinator)
    ask(client)
    pdf = ReportPdf.objects.get()

    response = client.get(reverse("followup:report-pdf-file", args=[pdf.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="international-annual-report-2026.pdf"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-1.7")
    assert pdf.file.name.startswith("reports/2026/")


def test_the_pdf_is_tagged_for_accessibility(client, coordinator, project, today):
    """PDF/UA-1 as far as WeasyPrint goes: marked content, a structure tree with headings and
    table headers, the language and the title shown as the window's title."""
    client.force_login(coordinator)
    ask(client)
    content = pdf_text(ReportPdf.objects.get().file.read())

    assert b"/MarkInfo <</Marked true>>" in content or b"/MarkInfo<</Marked true>>" in content
    assert b"/Lang (en)" in content
    assert b"/StructTreeRoot" in content
    assert b"/DisplayDocTitle true" in content
    assert b'pdfuaid:part="1"' in content
    assert b"/S /H1" in content and b"/S /H2" in content
    assert b"/S /TH" in content and b"/S /Table" in content
    assert b"International annual report 2026" in content  # the <title>


def test_the_swedish_pdf_says_so(client, coordinator, project, today):
    client.force_login(coordinator)
    with translation.override("sv"):
        ask(client)

    assert b"/Lang (sv)" in pdf_text(ReportPdf.objects.get().file.read())


def test_in_the_background_the_page_shows_progress_until_the_worker_is_done(
    client, coordinator, project, today, fake_queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    pdf = ReportPdf.objects.get()
    status_url = reverse("followup:report-pdf-status", args=[pdf.pk])
    assert response.status_code == 302 and response["Location"] == status_url
    assert (pdf.status, fake_queue.count) == ("queued", 1)

    page = client.get(status_url).content.decode()
    assert 'role="status" aria-live="polite"' in page
    assert "The PDF is waiting for the worker to start on it." in page
    assert 'id="pdf-progress-bar"' in page and "job_progress.js" in page
    assert "pdf-download" not in page
    assert client.get(status_url, {"format": "json"}).json() == {
        "status": "queued",
        "status_display": "waiting for the worker",
        "progress": 0,
        "pending": True,
    }

    SimpleWorker([fake_queue], connection=fake_queue.connection).work(burst=True)

    pdf.refresh_from_db()
    assert (pdf.status, pdf.progress, pdf.error) == ("done", 100, "")
    assert client.get(status_url, {"format": "json"}).json()["pending"] is False
    assert "The PDF is ready." in client.get(status_url).content.decode()
    download = client.get(reverse("followup:report-pdf-file", args=[pdf.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_page_shows_how_far_the_worker_has_come(client, coordinator, project, today):
    pdf = ReportPdf.objects.create(year=2026, language="en", status="running", progress=40)
    client.force_login(coordinator)

    page = client.get(reverse("followup:report-pdf-status", args=[pdf.pk])).content.decode()

    assert 'value="40"' in page
    assert "The PDF is being made: 40 % done." in page


def test_the_job_writes_its_progress_as_weasyprint_goes(coordinator, project, today):
    pdf = ReportPdf.objects.create(year=2026, language="en", requested_by=coordinator)
    seen = []
    original = jobs._update

    def recording(record, **fields):
        if "progress" in fields:
            seen.append(fields["progress"])
        original(record, **fields)

    jobs._update = recording
    try:
        jobs.build_report_pdf(pdf.pk)
    finally:
        jobs._update = original

    assert seen[0] == jobs.DATA_SHARE and seen[-1] == 100
    assert seen == sorted(seen)
    assert any(jobs.DATA_SHARE < share < 100 for share in seen)  # WeasyPrint's own steps


def test_asking_twice_while_it_is_made_gives_the_same_pdf(
    client, coordinator, project, today, fake_queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client)
        ask(client)

    assert ReportPdf.objects.count() == 1
    assert fake_queue.count == 1


def test_with_redis_down_the_pdf_is_made_in_the_request(
    client, coordinator, project, today, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PDF_IN_BACKGROUND = True
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    monkeypatch.setattr(django_rq, "get_queue", lambda name: Queue(name, connection=unreachable))
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        ask(client)

    assert ReportPdf.objects.get().status == "done"


def test_a_failure_is_shown_with_a_clear_message(client, coordinator, project, today, monkeypatch):
    def broken(yearly, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(exports, "report_pdf", broken)
    client.force_login(coordinator)

    response = ask(client, follow=True)

    pdf = ReportPdf.objects.get()
    assert (pdf.status, pdf.error, bool(pdf.file)) == ("failed", "OSError: no fonts", False)
    page = response.content.decode()
    assert "Something went wrong while the PDF was being made." in page
    assert f"give this reference: PDF {pdf.pk}." in page
    assert "no fonts" not in page  # the cause is in the log and the record, not on the page
    file_url = reverse("followup:report-pdf-file", args=[pdf.pk])
    assert client.get(file_url).status_code == 404


def test_a_failure_is_told_in_swedish(client, coordinator, project, today):
    pdf = ReportPdf.objects.create(year=2026, language="sv", status="failed", error="x")
    client.force_login(coordinator)
    with translation.override("sv"):
        url = reverse("followup:report-pdf-status", args=[pdf.pk])

    page = client.get(url).content.decode()

    assert url.startswith("/uppfoljning/aterredovisning/pdf/")
    assert "Något gick fel när pdf-filen skapades." in page


def test_a_pdf_waiting_long_says_the_worker_may_be_down(client, coordinator, project):
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)):
        pdf = ReportPdf.objects.create(year=2026, language="en")
    client.force_login(coordinator)
    url = reverse("followup:report-pdf-status", args=[pdf.pk])

    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 5, tzinfo=datetime.UTC)):
        assert "pdf-stalled" not in client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 11, tzinfo=datetime.UTC)):
        assert "The worker that makes PDFs may be stopped" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["bun_member", "contributor"])
def test_who_may_not_follow_up_cannot_see_or_download_the_pdf(
    client, request, coordinator, project, today, persona
):
    client.force_login(coordinator)
    ask(client)
    pdf = ReportPdf.objects.get()
    client.force_login(request.getfixturevalue(persona))

    for name in ["followup:report-pdf-status", "followup:report-pdf-file"]:
        response = client.get(reverse(name, args=[pdf.pk]))
        assert response.status_code == 403
        assert b"%PDF" not in response.content
    assert ask(client).status_code == 403
    assert ReportPdf.objects.count() == 1


def test_signed_out_the_pdf_is_not_given(client, coordinator, project, today):
    client.force_login(coordinator)
    ask(client)
    client.logout()

    response = client.get(reverse("followup:report-pdf-file", args=[ReportPdf.objects.get().pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_ks_may_download_what_the_coordinator_asked_for(
    client, coordinator, ks_member, project, today
):
    client.force_login(coordinator)
    ask(client)
    client.force_login(ks_member)

    response = client.get(reverse("followup:report-pdf-file", args=[ReportPdf.objects.get().pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(("year", "status"), [("tjugo", 400), ("2031", 400), ("2019", 404)])
def test_a_bad_year_or_a_year_without_data_makes_nothing(
    client, coordinator, project, today, year, status
):
    client.force_login(coordinator)

    response = ask(client, year=year)

    assert response.status_code == status
    assert ReportPdf.objects.count() == 0


def test_the_pdf_page_offers_to_make_it_and_lists_earlier_ones(client, coordinator, project, today):
    done = ReportPdf.objects.create(year=2026, language="en", status="done")
    client.force_login(coordinator)

    response = client.get(reverse("followup:report-pdf"), {"year": 2026})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="make-pdf"' in page
    assert reverse("followup:report-pdf-status", args=[done.pk]) in page


def test_a_job_already_taken_is_not_built_twice(coordinator, project, today):
    pdf = ReportPdf.objects.create(year=2026, language="en", status=ReportPdfStatus.RUNNING)

    jobs.build_report_pdf(pdf.pk)

    pdf.refresh_from_db()
    assert (pdf.status, bool(pdf.file)) == ("running", False)


def test_the_status_page_reads_a_fixed_number_of_queries(
    client, coordinator, project, today, django_assert_num_queries
):
    pdf = ReportPdf.objects.create(year=2026, language="en", status="running", progress=10)
    client.force_login(coordinator)
    url = reverse("followup:report-pdf-status", args=[pdf.pk])
    client.get(url, {"format": "json"})  # the session and the rights, loaded once

    with django_assert_num_queries(QUERIES_OF_THE_STATUS_POLL):
        client.get(url, {"format": "json"})


QUERIES_OF_THE_STATUS_POLL = 4  # the session, the user, the rights, the PDF
