"""Digital signatures: credentials kept safely, a leader signs in the browser, anyone
verifies, a changed byte is caught, externally signed copies are checked before they are
kept."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageDraw

from reports import documents, signing
from reports.models import Document, SigningCredential
from reports.pki_demo import demo_root_path, issue_agency_pkcs12, seed_demo_pki
from tests.conftest import client_for
from tests.reports.document_helpers import accept

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSPHRASE = "mật-khẩu-Bí-Mật-2025"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


@pytest.fixture
def credential(debug, world) -> SigningCredential:
    cred = seed_demo_pki([world.agency_a])[0]
    debug.SIGNING_TRUST_ROOTS = [str(demo_root_path())]
    return cred


@pytest.fixture
def document(world, reporting) -> Document:
    sub = accept(reporting.sub_a, world)
    issued = documents.document_issue(
        kind=Document.Kind.SUBMISSION, source=sub, actor=world.staff_a
    )
    return documents.document_render(issued.document)


def read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def verify(path: Path) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("verify_pdf", str(path), stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.getvalue())


def sign_in_browser(world, document) -> Document:
    response = client_for(world, "leader_a").post(reverse("document_sign", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    return document


# --------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------
def test_passphrase_is_stored_only_encrypted(debug, world, caplog) -> None:
    data = issue_agency_pkcs12(world.agency_a, PASSPHRASE)
    cred = signing.credential_create(agency=world.agency_a, pkcs12_data=data, passphrase=PASSPHRASE)
    row = SigningCredential.objects.filter(pk=cred.pk).values().get()
    assert not any(PASSPHRASE in str(v) for v in row.values())
    assert signing.decrypt_secret(cred.passphrase_encrypted) == PASSPHRASE
    assert PASSPHRASE not in caplog.text
    # Under MEDIA_ROOT/private (never served), not under static/.
    assert cred.pkcs12.name.startswith("private/signing/")
    assert "Sở Ngoại vụ" in cred.certificate_subject


def test_wrong_passphrase_is_refused_without_echoing_it(debug, world) -> None:
    data = issue_agency_pkcs12(world.agency_a, PASSPHRASE)
    with pytest.raises(ValidationError) as exc:
        signing.credential_create(agency=world.agency_a, pkcs12_data=data, passphrase="sai-roi")
    assert "sai mật khẩu" in " ".join(exc.value.messages)
    assert "sai-roi" not in str(exc.value)
    assert not SigningCredential.objects.exists()


def test_a_new_credential_replaces_the_active_one(credential, world) -> None:
    data = issue_agency_pkcs12(world.agency_a, PASSPHRASE)
    new = signing.credential_create(agency=world.agency_a, pkcs12_data=data, passphrase=PASSPHRASE)
    assert list(SigningCredential.objects.filter(active=True)) == [new]


def test_demo_pki_is_refused_without_debug(settings, world) -> None:
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        seed_demo_pki([world.agency_a])


def test_demo_pki_is_idempotent_and_labelled(credential, world) -> None:
    again = seed_demo_pki([world.agency_a])
    assert [c.pk for c in again] == [credential.pk]
    assert credential.is_demo
    assert "DEMO – KHÔNG DÙNG THẬT" in credential.certificate_subject
    assert "KHÔNG DÙNG THẬT" in credential.certificate_issuer


def test_demo_credential_does_not_sign_in_production(credential, document, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(signing.SigningError):
        signing.sign_pdf(
            read(document.file),
            credential=credential,
            page=0,
            box=(100, 100, 200, 150),
            agency_name="Sở Ngoại vụ",
        )


# --------------------------------------------------------------------------------------
# Signing in the browser and verifying
# --------------------------------------------------------------------------------------
def test_leader_signs_and_the_file_verifies(credential, document, world, tmp_path) -> None:
    document = sign_in_browser(world, document)
    assert document.is_signed and not document.signed_externally
    assert document.signer_name == "Sở Ngoại vụ (DEMO)"
    assert document.signed_at is not None
    signed = read(document.signed_file)
    unsigned = read(document.file)
    # Incremental: the signed file is the issued file with the signature appended.
    assert signed.startswith(unsigned)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "doc-submission-signed.pdf").write_bytes(signed)

    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    code, result = verify(path)
    assert code == 0
    assert result["signed"] and result["intact"] and result["trusted"]
    assert result["signer"] == "Sở Ngoại vụ (DEMO)"
    assert result["signed_at"].endswith("+07:00")
    assert result["issued_by_system"] is True
    assert result["document"] == {
        "kind": "submission",
        "number": document.reference,
        "agency": "Sở Ngoại vụ",
    }
    # Without images the visible mark is a text stamp: signer, agency, Vietnam time.
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ký bởi: Sở Ngoại vụ (DEMO)" in text
    assert "+07:00" in text
    # The downloaded signed copy is the stored one.
    client = client_for(world, "committee")
    response = client.get(reverse("document_download_signed", args=[document.pk]))
    assert b"".join(response.streaming_content) == signed


def test_one_changed_byte_fails_verification(credential, document, world, tmp_path) -> None:
    document = sign_in_browser(world, document)
    signed = bytearray(read(document.signed_file))
    position = len(read(document.file)) // 2
    signed[position] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(signed))
    code, result = verify(path)
    assert code != 0
    assert not (result["signed"] and result["intact"])


def test_content_added_after_signing_fails_verification(
    credential, document, world, tmp_path
) -> None:
    """An incremental update that draws on the page after signing: the signed bytes are
    intact, but the document shown is not what was signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    document = sign_in_browser(world, document)
    writer = IncrementalPdfFileWriter(io.BytesIO(read(document.signed_file)), strict=False)
    patch = generic.StreamObject(stream_data=b"q 1 0 0 rg 100 400 200 40 re f Q")
    writer.add_stream_to_page(0, writer.add_object(patch))
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "changed-after.pdf"
    path.write_bytes(out.getvalue())
    code, result = verify(path)
    assert code != 0 and result["signed"] and not result["intact"]


def test_untrusted_root_is_reported(credential, document, world, tmp_path, settings) -> None:
    document = sign_in_browser(world, document)
    settings.SIGNING_TRUST_ROOTS = []
    path = tmp_path / "signed.pdf"
    path.write_bytes(read(document.signed_file))
    code, result = verify(path)
    assert code != 0
    assert result["signed"] and result["intact"] and not result["trusted"]


def test_unsigned_issued_file_is_recognised_but_not_signed(credential, document, tmp_path) -> None:
    path = tmp_path / "unsigned.pdf"
    path.write_bytes(read(document.file))
    code, result = verify(path)
    assert code != 0
    assert result["signed"] is False and result["issued_by_system"] is True
    assert result["document"]["number"] == document.reference


def test_only_the_leader_signs(credential, document, world) -> None:
    for persona in ("staff_a", "committee"):
        response = client_for(world, persona).post(reverse("document_sign", args=[document.pk]))
        assert response.status_code == 403
    assert (
        client_for(world, "staff_b").post(reverse("document_sign", args=[document.pk])).status_code
        == 404
    )
    document.refresh_from_db()
    assert not document.is_signed


def test_no_credential_tells_the_leader(document, world) -> None:
    client = client_for(world, "leader_a")
    response = client.post(reverse("document_sign", args=[document.pk]), follow=True)
    assert "chưa có chứng thư số" in response.content.decode()
    document.refresh_from_db()
    assert not document.is_signed


def _image(size, colour, shape) -> bytes:
    img = Image.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    if shape == "seal":
        draw.ellipse([4, 4, size[0] - 4, size[1] - 4], outline=colour, width=8)
        draw.ellipse([40, 40, size[0] - 40, size[1] - 40], outline=colour, width=4)
    else:
        draw.line([(10, 60), (80, 20), (140, 70), (220, 30), (300, 60)], fill=colour, width=6)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_signature_image_with_seal(debug, document, world, tmp_path) -> None:
    data = issue_agency_pkcs12(world.agency_a, PASSPHRASE)
    signing.credential_create(
        agency=world.agency_a,
        pkcs12_data=data,
        passphrase=PASSPHRASE,
        signature_image=_image((320, 100), (20, 40, 200, 255), "signature"),
        seal_image=_image((200, 200), (220, 20, 20, 230), "seal"),
    )
    debug.SIGNING_TRUST_ROOTS = [str(demo_root_path())]
    document = sign_in_browser(world, document)
    path = tmp_path / "signed.pdf"
    path.write_bytes(read(document.signed_file))
    assert verify(path)[0] == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page = document.signature_box["page"] + 1
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), str(path),
         str(ARTIFACTS / "doc-signed-image")],
        check=True,
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# Externally signed copies
# --------------------------------------------------------------------------------------
def _signed_elsewhere(credential, document) -> bytes:
    box = document.signature_box
    return signing.sign_pdf(
        read(document.file),
        credential=credential,
        page=box["page"],
        box=tuple(box["box"]),
        agency_name="Sở Ngoại vụ",
    )


def _upload(world, document, data: bytes):
    return client_for(world, "leader_a").post(
        reverse("document_upload_signed", args=[document.pk]),
        {"file": SimpleUploadedFile("ky-so.pdf", data, content_type="application/pdf")},
        follow=True,
    )


def test_externally_signed_copy_is_kept(credential, document, world) -> None:
    data = _signed_elsewhere(credential, document)
    response = _upload(world, document, data)
    assert "Đã lưu bản ký số" in response.content.decode()
    document.refresh_from_db()
    assert document.signed_externally and read(document.signed_file) == data


def test_externally_signed_copy_of_another_file_is_refused(credential, document, world) -> None:
    other = bytearray(read(document.file))
    other[len(other) // 3] ^= 0x20  # a different document, then signed
    box = document.signature_box
    try:
        data = signing.sign_pdf(
            bytes(other), credential=credential, page=box["page"], box=tuple(box["box"]),
            agency_name="Sở Ngoại vụ",
        )  # fmt: skip
    except Exception:  # the change broke the file: any other valid PDF will do
        data = _signed_elsewhere(credential, document).replace(b"Ngo", b"NGO", 1)
    response = _upload(world, document, data)
    assert "Đã lưu bản ký số" not in response.content.decode()
    document.refresh_from_db()
    assert not document.is_signed


def test_tampered_or_unsigned_uploads_are_refused(credential, document, world) -> None:
    signed = bytearray(_signed_elsewhere(credential, document))
    signed[len(read(document.file)) // 2] ^= 0x01
    for data in (bytes(signed), read(document.file), b"not a pdf"):
        response = _upload(world, document, data)
        assert "Đã lưu bản ký số" not in response.content.decode()
    document.refresh_from_db()
    assert not document.is_signed


# --------------------------------------------------------------------------------------
# The verification page
# --------------------------------------------------------------------------------------
def test_verification_page(credential, document, world) -> None:
    document = sign_in_browser(world, document)
    client = client_for(world, "staff_b")  # any logged-in user
    response = client.post(
        reverse("verify_pdf"),
        {"file": SimpleUploadedFile("a.pdf", read(document.signed_file))},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-ok="true"' in page
    assert "Sở Ngoại vụ (DEMO)" in page
    assert document.reference in page
    # staff_b may not read agency A's document: the number, not a link.
    assert reverse("document_detail", args=[document.pk]) not in page
    leader_page = client_for(world, "leader_a").post(
        reverse("verify_pdf"),
        {"file": SimpleUploadedFile("a.pdf", read(document.signed_file))},
    )
    assert reverse("document_detail", args=[document.pk]) in leader_page.content.decode()


def test_verification_page_without_a_file(world) -> None:
    response = client_for(world, "staff_a").post(reverse("verify_pdf"), {})
    assert response.status_code == 400


def test_copy_signed_elsewhere_is_recognised_as_issued_here(credential, document, tmp_path) -> None:
    path = tmp_path / "elsewhere.pdf"
    path.write_bytes(_signed_elsewhere(credential, document))
    code, result = verify(path)
    assert code == 0
    assert result["issued_by_system"] and result["document"]["number"] == document.reference


def test_administrator_uploads_a_credential(debug, world) -> None:
    client = client_for(world, "superuser")
    data = issue_agency_pkcs12(world.agency_a, PASSPHRASE)
    response = client.post(
        reverse("admin:reports_signingcredential_add"),
        {
            "agency": world.agency_a.pk,
            "label": "Chứng thư số Sở Ngoại vụ",
            "pkcs12_upload": SimpleUploadedFile("so-ngoai-vu.p12", data),
            "passphrase": PASSPHRASE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cred = SigningCredential.objects.get(active=True)
    assert cred.uploaded_by == world.superuser
    assert signing.decrypt_secret(cred.passphrase_encrypted) == PASSPHRASE
    # A wrong passphrase is refused on the form.
    response = client.post(
        reverse("admin:reports_signingcredential_add"),
        {
            "agency": world.agency_a.pk,
            "pkcs12_upload": SimpleUploadedFile("so-ngoai-vu.p12", data),
            "passphrase": "sai",
        },
    )
    assert response.status_code == 200 and "sai mật khẩu" in response.content.decode()
    assert SigningCredential.objects.count() == 1
