"""Decide an uploaded file's type from its bytes, never from its name."""

from __future__ import annotations

import zipfile

from django.core.files.uploadedfile import UploadedFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls


def _zip_kind(upload: UploadedFile) -> str | None:
    """Tell a .docx from an .xlsx by the parts inside; refuse macro-carrying packages."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names:
                return None
            if any(n.endswith("vbaProject.bin") for n in names):
                return None
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def sniff_evidence_type(head: bytes, upload: UploadedFile) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(OLE_MAGIC):
        return "application/x-ole-storage"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None
