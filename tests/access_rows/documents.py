"""Role × URL rows for official documents and the verification page
(reports/urls_documents.py), and helpers the document tests share.

Objects: agency A's accepted 2025 report and a document of it (a small stored file, both
unsigned and "signed", so the download rows need no PDF renderer). Agency A's people and
the superuser read it; the committee reads it too (the report was sent); agency B may not
know it exists (404). Signing and uploading a signed copy: agency A's leader and the
superuser; staff and the committee may read but not sign (403). Issuing a report's
document: agency A's staff and leader (the committee 403); a plan's: whoever reads the
plan; the round's: the committee (agency people cannot even see the province: 404)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from reports.models import Document
from tests.access_rows import reporting_objects
from tests.conftest import plan_of
from tests.reports.document_helpers import accept
from tests.test_access_matrix import Row, everyone

FAKE_PDF = b"%PDF-1.4\n% genderplan access matrix\n%%EOF\n"
_CACHE = "_document_objects"


def document_objects(world) -> Document:
    """Agency A's accepted report with a stored (fake) document, built once per test."""
    cached = getattr(world, _CACHE, None)
    if cached is not None:
        return cached
    sub_a = accept(reporting_objects(world).sub_a, world)
    doc = Document(
        kind=Document.Kind.SUBMISSION,
        submission=sub_a,
        agency=world.agency_a,
        year=2025,
        type_code="BC",
        number=1,
        number_reserved=True,
        symbol="BC-SNgV",
        title="Kết quả thực hiện công tác bình đẳng giới năm 2025",
        snapshot={},
        source_hash="0" * 64,
        status=Document.Status.READY,
        sha256=hashlib.sha256(FAKE_PDF).hexdigest(),
        size=len(FAKE_PDF),
        page_count=1,
        created_by=world.staff_a,
    )
    doc.file.save("d.pdf", ContentFile(FAKE_PDF), save=False)
    doc.signed_file.save("s.pdf", ContentFile(FAKE_PDF + b"%signed\n"), save=False)
    doc.signed_sha256 = hashlib.sha256(FAKE_PDF + b"%signed\n").hexdigest()
    doc.save()
    setattr(world, _CACHE, doc)
    return doc


def _doc(world) -> dict:
    return {"pk": document_objects(world).pk}


def _sub(world) -> dict:
    return {"pk": document_objects(world).submission_id}


def _round(world) -> dict:
    return {"pk": document_objects(world).submission.round_id}


def _plan(world) -> dict:
    return {"pk": plan_of(world, "a").pk}


READERS = everyone(200) | {"staff_b": 404}
SIGNERS = {"staff_a": 403, "leader_a": 302, "staff_b": 404, "committee": 403}

ROWS: dict[str, Row] = {
    "document_list": Row(everyone(200)),
    "document_detail": Row(READERS, kwargs=_doc),
    "document_status": Row(READERS, kwargs=_doc),
    "document_download": Row(READERS, kwargs=_doc),
    "document_download_signed": Row(READERS, kwargs=_doc),
    # Already signed: the leader is told so and sent back to the page (302).
    "document_sign": Row(everyone(302) | SIGNERS, kwargs=_doc, method="post"),
    # No file chosen: the leader is told so and sent back (302).
    "document_upload_signed": Row(everyone(302) | SIGNERS, kwargs=_doc, method="post"),
    "document_plan_create": Row(everyone(302) | {"staff_b": 404}, kwargs=_plan, method="post"),
    "document_submission_create": Row(
        everyone(302) | {"staff_b": 404, "committee": 403}, kwargs=_sub, method="post"
    ),
    "document_round_create": Row(
        everyone(302) | {"staff_a": 404, "leader_a": 404, "staff_b": 404},
        kwargs=_round,
        method="post",
    ),
    "verify_pdf": Row(everyone(200)),
}
