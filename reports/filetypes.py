"""Decide an uploaded file's type from its bytes, never from its name."""

from __future__ import annotations

import zipfile

from django.core.files.uploadedfile import UploadedFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls

# An Office file's parts inflate to a few times their packed size; a zip bomb's to
# thousands. The server never inflates evidence, but a file a colleague later opens must
# not be one either.
MAX_MEMBERS = 5000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024

# What a browser that ignores the declared type would take for a web page (it sniffs the
# first 512 bytes): a "PDF" or image with these near the start is a polyglot.
_HTML_MARKERS = (b"<html", b"<script", b"<body", b"<!doctype html", b"<iframe", b"<head>")


def _zip_kind(upload: UploadedFile) -> str | None:
    """Tell a .docx from an .xlsx by the parts inside; refuse macro-carrying packages and
    zip bombs."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                return None
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
                return None
            for info in infos:
                if (
                    info.file_size > RATIO_CHECK_FROM_BYTES
                    and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1)
                ):
                    return None
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                return None
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return None
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def _is_zip(upload: UploadedFile) -> bool:
    try:
        upload.seek(0)
        return zipfile.is_zipfile(upload)
    except (OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def is_polyglot(head: bytes, upload: UploadedFile) -> bool:
    """A file that is also a zip archive (a PDF or image with a ZIP appended) or that a
    browser could sniff as HTML."""
    lowered = head[:1024].lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return True
    return _is_zip(upload)


def sniff_evidence_type(head: bytes, upload: UploadedFile) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if head.startswith((b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", OLE_MAGIC)):
        if is_polyglot(head, upload):
            return None
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(OLE_MAGIC):
        return "application/x-ole-storage"
    return None
