"""Faults injected where they hurt: the database connection drops in the middle of a
submission, the disk refuses a write while an evidence file is stored, the background
worker dies in the middle of a PDF render. Each test says which protection it proves and
which removal makes it fail."""

from __future__ import annotations

import datetime
import errno
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from genderplan.storage import AtomicFileSystemStorage
from reports import documents, notifications, services
from reports.models import Document, Evidence, Submission, SubmissionEvent
from tests.access_rows import reporting_objects
from tests.conftest import plan_of
from tests.reliability.conftest import ROOT, database_url, is_postgres, require_postgres

PDF = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 4000 + b"%%EOF\n"  # ~150 KB
FAULTS: dict[str, int] = {}


def _count(kind: str) -> None:
    FAULTS[kind] = FAULTS.get(kind, 0) + 1


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _ready_draft(world) -> Submission:
    sub = reporting_objects(world).sub_a
    return services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"m-cbccvc": services.FigureInput(total="42", women="19")},
            narrative={"results": "Tổ chức 4 buổi truyền thông."},
        ),
    )


def _drop_connection() -> None:
    """The database goes away mid-transaction: on PostgreSQL the server really ends this
    backend (pg_terminate_backend), on SQLite the driver's error is raised."""
    _count("database connection dropped")
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    raise OperationalError("disk I/O error (injected)")


# --------------------------------------------------------------------------------------
# 1. The database drops in the middle of a submission
# --------------------------------------------------------------------------------------
# Proves: submission_submit is one transaction (the status, the timestamps and the
# "submitted" event are stored together or not at all) and the error page is Vietnamese and
# needs no database. Removing `@transaction.atomic` from services.submission_submit makes
# it fail (the status change is already committed when the notification step dies: the
# report reads "submitted" with no event and no notification); deleting
# templates/500.html makes the message assertion fail (Django's English "Server Error").
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_drop_mid_submission_stores_all_or_nothing(world, monkeypatch):
    sub = _ready_draft(world)
    client = _client(world.staff_a)
    url = reverse("submission_entry_submit", args=[sub.pk])
    form = {"base_version": str(sub.version)}

    # The last step inside the transaction (the leader's notification) loses the database.
    monkeypatch.setattr(notifications, "submitted", lambda submission: _drop_connection())
    response = client.post(url, form)
    assert response.status_code == 500
    page = response.content.decode()
    assert "chưa được lưu" in page and "thử lại" in page
    assert "Server Error" not in page

    # A new request starts with a new connection (Django's close_old_connections; the test
    # client disconnects that signal, so do it here).
    connection.close()
    sub.refresh_from_db()
    assert sub.status == Submission.Status.DRAFT
    assert sub.first_submitted_at is None and sub.submitted_at is None
    assert not SubmissionEvent.objects.filter(submission=sub).exists()

    # Retrying works and stores the submission exactly once.
    monkeypatch.undo()
    response = client.post(url, {"base_version": str(sub.version)})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED and sub.first_submitted_at
    assert SubmissionEvent.objects.filter(submission=sub).count() == 1


# Proves the same for an autosave (HTMX) request: the draft save is one transaction, the
# answer is the Vietnamese error page (static/js/app.js shows its own message in the page
# and entry.js sends the block again: tests/reliability/test_faults_browser.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_drop_mid_autosave_keeps_the_previous_figures(world, monkeypatch):
    sub = _ready_draft(world)
    client = _client(world.staff_a)
    url = reverse("submission_entry_figure", args=[sub.pk, "m-cbccvc"])
    data = {
        "base_version": str(sub.version),
        "fig-m-cbccvc-total": "50",
        "fig-m-cbccvc-women": "20",
    }

    original_save = Submission.save

    def dying_save(self, *args, **kwargs):
        original_save(self, *args, **kwargs)  # the figure row is written, then …
        _drop_connection()

    monkeypatch.setattr(Submission, "save", dying_save)
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 500
    connection.close()
    monkeypatch.undo()
    fig = sub.figures.get(element__code="m-cbccvc")
    assert (fig.total, fig.women) == (42, 19)
    sub.refresh_from_db()
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fig.refresh_from_db()
    assert (fig.total, fig.women) == (50, 20)


# --------------------------------------------------------------------------------------
# 2. The disk refuses a write while an evidence file is stored
# --------------------------------------------------------------------------------------
def _evidence_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload(client, sub, name="bien-ban.pdf", data=PDF):
    return client.post(
        reverse("submission_evidence_upload", args=[sub.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        follow=True,
    )


# Proves: the storage never leaves a half-written file (genderplan/storage.py) and the
# view answers with a Vietnamese message instead of a 500. The disk fills up after 64 KB
# of a 150 KB file. Going back to Django's FileSystemStorage (settings STORAGES default)
# makes it fail: the truncated 64 KB file stays under evidence/<id>/ with no row pointing
# at it. Removing the `except OSError` branch of submission_evidence_upload makes the
# message assertion fail (500).
def test_disk_full_mid_write_leaves_no_file_and_no_row(world, settings, monkeypatch):
    sub = reporting_objects(world).sub_a
    before_rows = Evidence.objects.count()
    before_files = _evidence_files(settings)
    client = _client(world.staff_a)
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        def __init__(self, fh):
            self.fh, self.written = fh, 0

        def write(self, data):
            if self.written + len(data) > 64 * 1024:
                room = 64 * 1024 - self.written
                self.fh.write(data[:room])
                self.fh.flush()
                self.written += room
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.fh.write(data)

        def flush(self):
            self.fh.flush()

        def fileno(self):
            return self.fh.fileno()

        def close(self):
            self.fh.close()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        return FullDisk(fh) if "w" in mode else fh

    monkeypatch.setattr(os, "fdopen", fdopen)
    _count("disk full mid-write")
    response = _upload(client, sub)
    monkeypatch.undo()
    assert response.status_code == 200
    assert "Không lưu được tệp do lỗi ghi đĩa" in response.content.decode()
    assert Evidence.objects.count() == before_rows
    assert _evidence_files(settings) == before_files, "a half-written file was left behind"

    # The disk has room again: the same upload goes through, whole.
    response = _upload(client, sub)
    assert "Đã tải lên" in response.content.decode()
    ev = Evidence.objects.latest("pk")
    assert ev.file.read() == PDF and ev.sha256 == hashlib.sha256(PDF).hexdigest()


# Proves the storage-level refusal too (the brief's `_save` raising OSError at once).
def test_storage_refusing_the_write_stores_nothing(world, settings, monkeypatch):
    sub = reporting_objects(world).sub_a
    before_rows = Evidence.objects.count()
    before_files = _evidence_files(settings)

    def refuse(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(AtomicFileSystemStorage, "_save", refuse)
    _count("storage refused write")
    response = _upload(_client(world.staff_a), sub)
    assert "Không lưu được tệp do lỗi ghi đĩa" in response.content.decode()
    assert Evidence.objects.count() == before_rows
    assert _evidence_files(settings) == before_files


# Proves: when the file was written but its row cannot be stored (the database fails at
# that moment), evidence_add removes the file again. Removing the `except BaseException`
# cleanup in services.evidence_add makes it fail (an orphan file under evidence/).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_failure_after_the_file_was_written_removes_the_file(world, settings, monkeypatch):
    sub = reporting_objects(world).sub_a
    before_rows = Evidence.objects.count()
    before_files = _evidence_files(settings)

    def failing_save(self, *args, **kwargs):
        _drop_connection()

    monkeypatch.setattr(Evidence, "save", failing_save)
    with pytest.raises(OperationalError):
        services.evidence_add(
            submission=sub,
            actor=world.staff_a,
            upload=SimpleUploadedFile("bien-ban.pdf", PDF),
        )
    connection.close()
    monkeypatch.undo()
    assert Evidence.objects.count() == before_rows
    assert _evidence_files(settings) == before_files


# --------------------------------------------------------------------------------------
# 3. The background worker dies in the middle of a PDF render
# --------------------------------------------------------------------------------------
def _issue_plan_document(world) -> Document:
    issued = documents.document_issue(
        kind=Document.Kind.PLAN, source=plan_of(world, "a"), actor=world.staff_a
    )
    return issued.document


# Proves: a render whose worker died (status still "rendering", the task never finishes) is
# marked failed after DOCUMENT_RENDER_TIMEOUT (reports/documents.refresh_status), no file
# is offered meanwhile or afterwards, and asking again renders it (the task is retried).
# Removing the timeout branch at the end of documents.refresh_status makes it fail (the
# document stays "rendering" for ever and the page keeps polling).
def test_a_render_whose_worker_died_times_out_and_can_be_retried(world, settings):
    settings.DOCUMENT_RENDER_TIMEOUT = datetime.timedelta(minutes=15)
    doc = _issue_plan_document(world)
    issued_number = doc.number
    # The worker took the task, noted the start, and died: nothing else happened.
    Document.objects.filter(pk=doc.pk).update(
        render_started_at=doc.created_at - datetime.timedelta(minutes=16)
    )
    _count("worker died mid-render (simulated)")
    client = _client(world.staff_a)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    page = client.get(reverse("document_detail", args=[doc.pk])).content.decode()
    doc.refresh_from_db()
    assert doc.status == Document.Status.FAILED and not doc.file
    assert "Quá thời gian tạo tệp PDF" in doc.error
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    assert "Tạo lại tệp PDF" in page and "data-failed" in page

    # Asking again re-queues the same document (same number), and a live worker renders it.
    response = client.post(reverse("document_plan_create", args=[doc.plan_id]))
    assert response.status_code == 302
    doc.refresh_from_db()
    if doc.status == Document.Status.RENDERING:  # queued rather than rendered in the request
        documents.document_render(doc)
        doc.refresh_from_db()
    assert doc.status == Document.Status.READY and doc.number == issued_number
    data = b"".join(client.get(reverse("document_download", args=[doc.pk])).streaming_content)
    assert hashlib.sha256(data).hexdigest() == doc.sha256


_DYING_WORKER = r"""
import os, sys, time, pathlib
import django
django.setup()
from reports import documents

marker = pathlib.Path(sys.argv[1])
real_store = documents._store

def slow_store(document, pdf):
    # Write half of the PDF, say so, and hang: the test kills this process here.
    import os as _os
    real_fdopen = _os.fdopen
    def fdopen(fd, mode="r", *a, **k):
        fh = real_fdopen(fd, mode, *a, **k)
        if "w" not in mode:
            return fh
        class Half:
            def __enter__(self): return self
            def __exit__(self, *e): fh.close()
            def write(self, data):
                fh.write(data[: len(data) // 2]); fh.flush()
                marker.write_text("half written")
                time.sleep(120)
            def flush(self): fh.flush()
            def fileno(self): return fh.fileno()
            def close(self): fh.close()
        return Half()
    _os.fdopen = fdopen
    return real_store(document, pdf)

documents._store = slow_store
from django.core.management import call_command
call_command("db_worker", batch=True, interval=0, startup_delay=False)
"""


# Proves, with a real worker process killed by SIGKILL half-way through writing the PDF:
# the document is never offered (still "rendering", no file), no half file sits under a
# real name in private/documents (AtomicFileSystemStorage; with Django's FileSystemStorage
# the truncated PDF stays there under its final name and this test fails), the stuck
# render is marked failed by the timeout, and the retried task renders it whole.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_mid_write_never_offers_a_half_document(world, settings, tmp_path):
    require_postgres()
    doc = _issue_plan_document(world)
    documents.enqueue_render(doc)  # autocommit: queued at once
    marker = tmp_path / "half-written"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))} | {
        "DJANGO_SETTINGS_MODULE": "genderplan.settings",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "CRITICAL",
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", _DYING_WORKER, str(marker)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.1)
        assert marker.exists(), "the worker never reached the write"
    finally:
        os.kill(worker.pid, signal.SIGKILL)  # only the process this test started
        worker.wait(timeout=10)
    _count("worker process killed mid-write (SIGKILL)")

    doc.refresh_from_db()
    assert doc.status == Document.Status.RENDERING and not doc.file
    client = _client(world.staff_a)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    folder = Path(settings.MEDIA_ROOT) / "private" / "documents"
    named = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".part-")]
    assert named == [], f"a half-written document is stored under a real name: {named}"

    settings.DOCUMENT_RENDER_TIMEOUT = datetime.timedelta(seconds=0)
    client.get(reverse("document_status", args=[doc.pk]), headers={"HX-Request": "true"})
    doc.refresh_from_db()
    assert doc.status == Document.Status.FAILED

    client.post(reverse("document_plan_create", args=[doc.plan_id]))  # retry: queued again
    call_command("db_worker", batch=True, interval=0, startup_delay=False)
    doc.refresh_from_db()
    assert doc.status == Document.Status.READY, doc.error
    data = b"".join(client.get(reverse("document_download", args=[doc.pk])).streaming_content)
    assert hashlib.sha256(data).hexdigest() == doc.sha256 and data.startswith(b"%PDF")


def test_zz_print_fault_counts():
    print(f"\nfaults injected in this module: {FAULTS or 'none (run with the module)'}")
