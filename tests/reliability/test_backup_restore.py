"""Backup and restore (reports/management/commands/backup_data.py, restore_data.py):
back up, wipe the database and the stored files, restore, and find every submission,
figure, document (with its SHA-256 and bytes), evidence file and audit row identical."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from reports import services
from reports.models import Document, Evidence, FigureValue, Submission
from tests.access_rows import reporting_objects
from tests.conftest import PASSWORD
from tests.test_access_matrix import MATRIX  # noqa: F401  (merged before the row module loads)

PDF = b"%PDF-1.4\n% bien ban hop\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def _state() -> dict:
    """Everything the restore must give back, read through the ORM."""
    return {
        "submissions": sorted(
            Submission.objects.values_list(
                "pk",
                "round_id",
                "agency_id",
                "status",
                "version",
                "results",
                "first_submitted_at",
                "accepted_at",
            )
        ),
        "figures": sorted(
            FigureValue.objects.values_list(
                "pk", "submission_id", "element__code", "total", "women", "value", "explanation"
            )
        ),
        "documents": sorted(
            (
                d.pk,
                d.number,
                d.symbol,
                d.status,
                d.sha256,
                d.signed_sha256,
                hashlib.sha256(d.file.open("rb").read()).hexdigest() if d.file else "",
                hashlib.sha256(d.signed_file.open("rb").read()).hexdigest()
                if d.signed_file
                else "",
            )
            for d in Document.objects.all()
        ),
        "evidence": sorted(
            (e.pk, e.original_name, e.sha256, hashlib.sha256(e.file.open("rb").read()).hexdigest())
            for e in Evidence.objects.all()
        ),
        "figure history": FigureValue.history.count(),
        "submission history": sorted(
            Submission.history.values_list("history_id", "id", "status", "version")
        ),
    }


def _media_bytes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


# Proves: backup → wipe → restore gives back every row and every file byte for byte, and
# the restored app works (the staff member logs in with the same password and downloads the
# same document). Removing the media copy from backup_data (or the loaddata from
# restore_data) makes it fail; so does dropping `natural_foreign=True` when the content
# type ids of the target differ (LogEntry / history rows then point at the wrong types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_wipe_restore_gives_everything_back(world, settings, tmp_path):
    from tests.access_rows.documents import document_objects

    objs = reporting_objects(world)
    doc = document_objects(world)  # agency A's accepted report with a stored document
    sub_b = services.submission_save_draft(
        submission=objs.sub_b,
        actor=world.staff_b,
        base_version=objs.sub_b.version,
        changes=services.DraftChanges(
            figures={"m-cbccvc": services.FigureInput(total="1.250", women="611")},
            narrative={"results": "Sở Tài chính: 3 hội nghị."},
        ),
    )
    services.evidence_add(
        submission=sub_b, actor=world.staff_b, upload=SimpleUploadedFile("hop.pdf", PDF)
    )
    before = _state()
    media = Path(settings.MEDIA_ROOT)
    media_before = _media_bytes(media)
    assert before["documents"] and before["evidence"] and before["figures"]
    assert any(v[3] == Decimal(1250) for v in before["figures"])

    out = tmp_path / "backup"
    call_command("backup_data", str(out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == set(media_before)
    assert all(manifest["files"][k]["sha256"] == v for k, v in media_before.items())

    # Wipe: an empty, migrated database and no stored files.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not Submission.objects.exists()

    call_command("restore_data", str(out))
    after = _state()
    for key in before:
        assert after[key] == before[key], key
    assert _media_bytes(media) == media_before

    client = Client()
    login = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    assert login.status_code == 302, "the restored password does not log in"
    response = client.get(reverse("document_download", args=[doc.pk]))
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == doc.sha256
    print(
        f"\nbackup/restore: {manifest['database']['rows']} rows, {len(manifest['files'])} "
        f"files, {len(after['submissions'])} submissions, {len(after['figures'])} figures, "
        f"{len(after['documents'])} documents — identical after restore"
    )


# Proves: a damaged backup is refused before anything is touched (the manifest check), and
# a database in use is never restored into. Removing `_verified_manifest`'s SHA-256
# comparison lets the corrupted file through.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_damaged_backup_or_a_database_in_use(world, settings, tmp_path):
    reporting_objects(world)
    out = tmp_path / "backup"
    call_command("backup_data", str(out))
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore_data", str(out))

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    evidence = next(p for p in (out / "media" / "evidence").rglob("*") if p.is_file())
    data = bytearray(evidence.read_bytes())
    data[5] ^= 0xFF
    evidence.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore_data", str(out))
    assert not Submission.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )
    # Repaired, the same backup restores (and leaves the database's id sequences past the
    # restored rows, as loaddata resets them).
    data[5] ^= 0xFF
    evidence.write_bytes(bytes(data))
    call_command("restore_data", str(out))
    assert Submission.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_fails_when_a_referenced_file_is_missing(world, settings, tmp_path):
    ev = reporting_objects(world).evidence_a
    Path(ev.file.path).unlink()
    with pytest.raises(CommandError, match="chưa đầy đủ"):
        call_command("backup_data", str(tmp_path / "backup"))
