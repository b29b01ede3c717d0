"""Digital signatures on documents (PAdES, pyHanko) and their verification.

- Credentials: an agency's PKCS#12 uploaded by the administrator. The passphrase is kept
  only as a Fernet token under a key derived from SECRET_KEY (HKDF); it is never logged
  and never part of an error message.
- Signing: `document_sign` signs the stored unsigned PDF with the agency's credential and
  puts the visible mark on the box the layout reserved between title and name (DESIGN §4:
  signature image with the seal over it; without images a text stamp). The result is
  validated before it is kept.
- Verification: `verify_pdf_bytes` says whether a PDF is signed, intact, by whom, when,
  whether the certificate chains to a trust root (settings.SIGNING_TRUST_ROOTS), and
  whether this system issued it. Judged by pyHanko's `bottom_line` (a changed byte can
  leave `valid` True while `intact` is False).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from genderplan.access import Access, Action
from plans.models import Agency
from reports.models import Document, SigningCredential

logger = logging.getLogger(__name__)

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_NAME = "ChuKySo"
FONT_SOURCE = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"
MAX_PDF_BYTES = 30 * 1024 * 1024


class SigningError(Exception):
    """Signing could not be done; the message is for the user (Vietnamese)."""


# --------------------------------------------------------------------------------------
# Secrets at rest
# --------------------------------------------------------------------------------------
def _fernet_key(secret: str) -> bytes:
    raw = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"genderplan.signing.v1",
        info=b"pkcs12-passphrase",
    ).derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


def _fernet() -> MultiFernet:
    # SECRET_KEY_FALLBACKS lets a rotated SECRET_KEY still read tokens made with the old one.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_fernet_key(s)) for s in secrets])


def encrypt_secret(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise SigningError(
            "Không giải mã được mật khẩu chứng thư số (SECRET_KEY đã đổi?). "
            "Quản trị viên cần tải lại chứng thư số."
        ) from exc


# --------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    common_name: str
    issuer: str
    serial: str
    not_valid_before: datetime.datetime
    not_valid_after: datetime.datetime


def _name_text(name: x509.Name) -> str:
    return name.rfc4514_string()


def _common_name(name: x509.Name) -> str:
    attrs = name.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else name.rfc4514_string()


def read_pkcs12(data: bytes, passphrase: str) -> CertificateInfo:
    """Open a PKCS#12 archive; ValidationError (without the passphrase) when it fails."""
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(
            data, passphrase.encode() if passphrase else None
        )
    except Exception as exc:  # cryptography raises ValueError/TypeError variants
        raise ValidationError(
            "Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp không phải PKCS#12 (.p12, .pfx)."
        ) from exc
    if key is None or cert is None:
        raise ValidationError("Tệp PKCS#12 phải chứa cả khóa bí mật và chứng thư số.")
    return CertificateInfo(
        subject=_name_text(cert.subject),
        common_name=_common_name(cert.subject),
        issuer=_name_text(cert.issuer),
        serial=format(cert.serial_number, "X"),
        not_valid_before=cert.not_valid_before_utc,
        not_valid_after=cert.not_valid_after_utc,
    )


def _image_file(data: bytes | None, what: str) -> ContentFile | None:
    if not data:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(f"{what}: tệp không phải ảnh PNG/JPEG hợp lệ.") from exc
    return ContentFile(data, name="image.png")


@transaction.atomic
def credential_create(
    *,
    agency: Agency,
    pkcs12_data: bytes,
    passphrase: str,
    label: str = "",
    is_demo: bool = False,
    uploaded_by=None,
    signature_image: bytes | None = None,
    seal_image: bytes | None = None,
) -> SigningCredential:
    """Store a new credential for the agency and make it the active one."""
    info = read_pkcs12(pkcs12_data, passphrase)
    if info.not_valid_after < timezone.now():
        raise ValidationError(
            f"Chứng thư số đã hết hạn ngày {timezone.localtime(info.not_valid_after):%d/%m/%Y}."
        )
    credential = SigningCredential(
        agency=agency,
        label=label,
        passphrase_encrypted=encrypt_secret(passphrase),
        certificate_subject=info.subject[:500],
        certificate_issuer=info.issuer[:500],
        certificate_serial=info.serial[:100],
        not_valid_before=info.not_valid_before,
        not_valid_after=info.not_valid_after,
        is_demo=is_demo,
        uploaded_by=uploaded_by,
    )
    sig = _image_file(signature_image, "Ảnh chữ ký")
    seal = _image_file(seal_image, "Ảnh con dấu")
    _deactivate_others(agency)
    credential.pkcs12.save("credential.p12", ContentFile(pkcs12_data), save=False)
    if sig:
        credential.signature_image.save("signature.png", sig, save=False)
    if seal:
        credential.seal_image.save("seal.png", seal, save=False)
    credential.save()
    return credential


@transaction.atomic
def credential_save(*, credential: SigningCredential) -> SigningCredential:
    """Keep an edited credential (label, active); one credential is active per agency, so
    turning this one on turns the agency's other one off."""
    if credential.active:
        _deactivate_others(credential.agency, keep=credential)
    credential.save()
    return credential


def _deactivate_others(agency: Agency, keep: SigningCredential | None = None) -> None:
    others = SigningCredential.objects.filter(agency=agency, active=True)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    others.update(active=False)


def _read(field_file) -> bytes:
    with field_file.open("rb") as fh:
        return fh.read()


def credential_certificate(credential: SigningCredential) -> x509.Certificate:
    data = _read(credential.pkcs12)
    _key, cert, _others = pkcs12.load_key_and_certificates(
        data, decrypt_secret(credential.passphrase_encrypted).encode() or None
    )
    if cert is None:
        raise ValueError("no certificate")
    return cert


def active_credential(agency: Agency) -> SigningCredential | None:
    return SigningCredential.objects.filter(agency=agency, active=True).first()


def _signer(credential: SigningCredential):
    from pyhanko.sign import signers

    passphrase = decrypt_secret(credential.passphrase_encrypted)
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            _read(credential.pkcs12), other_certs=[], passphrase=passphrase.encode() or None
        )
    except ValueError as exc:
        raise SigningError("Không mở được chứng thư số của cơ quan.") from exc


# --------------------------------------------------------------------------------------
# The visible mark
# --------------------------------------------------------------------------------------
_font_lock = threading.Lock()


def _cache_dir() -> Path:
    for candidate in (Path(settings.MEDIA_ROOT) / "private" / "cache", Path(tempfile.gettempdir())):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return candidate
        except OSError:
            continue
    raise ImproperlyConfigured("Không có thư mục ghi được cho phông chữ của dấu chữ ký.")


def stamp_font_path() -> Path:
    """Liberation Serif rescaled to 1000 units per em, cached.

    pyHanko writes glyph widths in font units as if the font had 1000 units per em;
    Liberation has 2048, so without this copy the letters of the stamp spread apart."""
    target = _cache_dir() / "LiberationSerif-Regular-upem1000.ttf"
    if target.exists():
        return target
    with _font_lock:
        if target.exists():
            return target
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        font = TTFont(str(FONT_SOURCE))
        scale_upem(font, 1000)
        if "FFTM" in font:  # FontForge's timestamp table: the subsetter only warns about it
            del font["FFTM"]
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
        os.replace(tmp, target)
    return target


def stamp_lines(*, signer: str, agency: str, when: datetime.datetime) -> str:
    local = when.astimezone(VN_TZ)
    return f"Ký bởi: {signer}\nCơ quan: {agency}\nThời gian ký: {local:%d/%m/%Y %H:%M:%S} +07:00"


def _composite_image(credential: SigningCredential, box_w: float, box_h: float):
    """Signature (blue) with the seal (red) over its left third, on a transparent canvas
    of the box's proportions."""
    from PIL import Image

    scale = 4  # pixels per point: sharp enough when printed
    width, height = int(box_w * scale), int(box_h * scale)
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))

    def load(field_file):
        return Image.open(io.BytesIO(_read(field_file))).convert("RGBA")

    sig_box = None
    if credential.signature_image:
        sig = load(credential.signature_image)
        sig.thumbnail((int(width * 0.75), int(height * 0.8)))
        left, top = (width - sig.width) // 2, (height - sig.height) // 2
        canvas.alpha_composite(sig, (left, top))
        sig_box = (left, sig.width)
    if credential.seal_image:
        seal = load(credential.seal_image)
        seal.thumbnail((height, height))
        # The seal covers about the left third of the signature, as stamped on paper.
        centre = sig_box[0] + sig_box[1] // 4 if sig_box else width // 2
        left = max(0, min(width - seal.width, centre - seal.width // 2))
        canvas.alpha_composite(seal, (left, (height - seal.height) // 2))
    return canvas


def stamp_style(credential: SigningCredential, box: tuple[float, float, float, float]):
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    box_w, box_h = box[2] - box[0], box[3] - box[1]
    if credential.signature_image or credential.seal_image:
        return StaticStampStyle(
            background=PdfImage(_composite_image(credential, box_w, box_h)),
            background_opacity=1.0,
            border_width=0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
            ),
        )
    return TextStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(stamp_font_path()), font_size=9),
            leading=11,
            text_color=(0.0, 0.2, 0.6),
        ),
        border_width=1,
        border_color=(0.0, 0.2, 0.6),
        background=None,
    )


# --------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------
def sign_pdf(
    pdf: bytes,
    *,
    credential: SigningCredential,
    page: int,
    box: tuple[float, float, float, float],
    agency_name: str,
    place: str = "",
) -> bytes:
    """Sign `pdf` (PAdES baseline B) with the credential, visible mark on `box`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    if credential.is_demo and not settings.DEBUG:
        raise SigningError("Chứng thư số DEMO không được dùng khi hệ thống chạy thật.")
    signer = _signer(credential)
    signer_name = signer.signing_cert.subject.native.get("common_name") or agency_name
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Ký số văn bản điện tử",
        location=place or None,
        name=signer_name,
    )
    spec = fields.SigFieldSpec(
        FIELD_NAME,
        on_page=page,
        box=tuple(round(v) for v in box),  # type: ignore[arg-type]
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=stamp_style(credential, box), new_field_spec=spec
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    lines = stamp_lines(signer=signer_name, agency=agency_name, when=timezone.now())
    out = pdf_signer.sign_pdf(writer, appearance_text_params={"lines": lines})
    return out.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _lock_document(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("agency").get(pk=document.pk)


def _require_signer(actor, document: Document) -> None:
    if not Access(actor).can(Action.APPROVE, document.agency):
        raise PermissionDenied


@transaction.atomic
def document_sign(*, document: Document, actor) -> Document:
    """The agency's leader signs the stored PDF with the agency's active credential."""
    document = _lock_document(document)
    _require_signer(actor, document)
    if not document.is_ready:
        raise ValidationError("Văn bản chưa tạo xong tệp PDF.")
    if document.is_signed:
        raise ValidationError("Văn bản đã được ký số.")
    credential = active_credential(document.agency)
    if credential is None:
        raise ValidationError(
            "Cơ quan chưa có chứng thư số. Quản trị viên cần tải chứng thư số (.p12) lên "
            "trang quản trị."
        )
    if not document.signature_box:
        raise ValidationError("Văn bản này không có vị trí chữ ký.")
    pdf = _read(document.file)
    try:
        signed = sign_pdf(
            pdf,
            credential=credential,
            page=int(document.signature_box["page"]),
            box=tuple(document.signature_box["box"]),  # type: ignore[arg-type]
            agency_name=document.agency.name,
            place=document.agency.place_name,
        )
    except SigningError as exc:
        raise ValidationError(str(exc)) from exc
    result = verify_pdf_bytes(signed, match_documents=False)
    if not (result.signed and result.intact):
        # Never keep a signed file that does not verify.
        logger.error("signed file of document %s did not verify: %s", document.pk, result.error)
        raise ValidationError("Ký số không thành công: tệp sau khi ký không kiểm tra được.")
    _store_signed(document, signed, result, actor, externally=False)
    return document


def _store_signed(
    document: Document, data: bytes, result: Verification, actor, *, externally: bool
) -> None:
    document.signed_file.save("signed.pdf", ContentFile(data), save=False)
    document.signed_sha256 = _sha256(data)
    document.signer_subject = result.signer_subject[:500]
    document.signer_name = (result.signer or "")[:255]
    document.signed_at = result.signed_at or timezone.now()
    document.signed_by = actor
    document.signed_externally = externally
    document.save(
        update_fields=[
            "signed_file",
            "signed_sha256",
            "signer_subject",
            "signer_name",
            "signed_at",
            "signed_by",
            "signed_externally",
        ]
    )


@transaction.atomic
def document_attach_signed(*, document: Document, data: bytes, actor) -> Document:
    """Keep a PDF signed elsewhere (a leader's USB token and desktop software) as the signed
    version of `document`. Refused unless it verifies and its signed content is exactly
    this document's stored file with signatures added after it."""
    document = _lock_document(document)
    _require_signer(actor, document)
    if not document.is_ready:
        raise ValidationError("Văn bản chưa tạo xong tệp PDF.")
    if document.is_signed:
        raise ValidationError("Văn bản đã có bản ký số.")
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError("Tệp quá lớn.")
    original = _read(document.file)
    result = verify_pdf_bytes(data, match_documents=False)
    if not result.signed:
        raise ValidationError("Tệp tải lên không có chữ ký số.")
    if not result.intact:
        raise ValidationError("Chữ ký số không hợp lệ hoặc tệp đã bị sửa sau khi ký.")
    if not result.trusted:
        raise ValidationError(
            "Chứng thư số của người ký không thuộc tổ chức chứng thực được tin cậy."
        )
    if not (data.startswith(original) and result.signed_revision_end >= len(original)):
        raise ValidationError(
            "Tệp đã ký không phải là văn bản này: nội dung trước khi ký khác với tệp PDF "
            f"của văn bản {document.reference}."
        )
    _store_signed(document, data, result, actor, externally=True)
    return document


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------
def trust_root_paths() -> list[Path]:
    """settings.SIGNING_TRUST_ROOTS (PEM files). Until that setting exists, development
    (DEBUG) trusts the demo root of reports/pki_demo.py and production trusts nothing."""
    configured = getattr(settings, "SIGNING_TRUST_ROOTS", None)
    if configured is None:
        if not settings.DEBUG:
            return []
        from reports.pki_demo import demo_root_path

        return [demo_root_path()]
    return [Path(p) for p in configured]


def trust_roots() -> list[asn1_x509.Certificate]:
    roots: list[asn1_x509.Certificate] = []
    for path in trust_root_paths():
        try:
            data = path.read_bytes()
        except OSError:
            logger.warning("trust root %s cannot be read", path)
            continue
        if pem.detect(data):
            for _type, _headers, der in pem.unarmor(data, multiple=True):
                roots.append(asn1_x509.Certificate.load(der))
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


@dataclass
class Verification:
    signed: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    bottom_line: bool = False
    signer: str | None = None
    signer_subject: str = ""
    signer_issuer: str = ""
    signed_at: datetime.datetime | None = None
    coverage: str = ""
    signatures: int = 0
    signed_revision_end: int = 0
    error: str = ""
    sha256: str = ""
    document: Document | None = None
    match: str = ""  # "unsigned", "signed", "signed_from_unsigned" (an unrecorded signed copy)
    notes: list[str] = field(default_factory=list)

    @property
    def issued_by_system(self) -> bool:
        return self.document is not None

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.trusted and self.bottom_line

    def as_json(self) -> dict[str, Any]:
        doc = self.document
        return {
            "signed": self.signed,
            "intact": self.intact,
            "trusted": self.trusted,
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "issued_by_system": self.issued_by_system,
            "document": (
                {"kind": doc.kind, "number": doc.reference, "agency": doc.agency.name}
                if doc is not None
                else None
            ),
        }


def _revision_prefix_hashes(data: bytes) -> list[str]:
    """SHA-256 of every prefix of `data` that ends a revision (at each %%EOF marker, with
    or without the line end after it): an incrementally signed file starts with the
    unsigned file byte for byte."""
    hashes_: set[str] = set()
    start = 0
    while (pos := data.find(b"%%EOF", start)) != -1:
        end = pos + 5
        for tail in (b"", b"\n", b"\r\n", b"\r"):
            if tail == b"" or data[end : end + len(tail)] == tail:
                hashes_.add(_sha256(data[: end + len(tail)]))
        start = end
    return sorted(hashes_)


def match_document(data: bytes) -> tuple[Document | None, str]:
    digest = _sha256(data)
    docs = Document.objects.select_related("agency")
    ready = docs.filter(status=Document.Status.READY)
    doc = ready.filter(sha256=digest).first()
    if doc is not None:
        return doc, "unsigned"
    doc = docs.filter(signed_sha256=digest).first()
    if doc is not None:
        return doc, "signed"
    doc = ready.filter(sha256__in=_revision_prefix_hashes(data)).first()
    if doc is not None:
        return doc, "signed_from_unsigned"
    return None, ""


def verify_pdf_bytes(data: bytes, *, match_documents: bool = True) -> Verification:
    """Everything the verification page and `manage.py verify_pdf` report about a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    result = Verification(sha256=_sha256(data))
    if match_documents:
        result.document, result.match = match_document(data)
    if not data.startswith(b"%PDF-"):
        result.error = "Tệp không phải PDF."
        return result
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # a damaged file can fail anywhere in the parser
        result.error = f"Không đọc được tệp PDF ({type(exc).__name__})."
        return result
    result.signatures = len(signatures)
    if not signatures:
        return result
    result.signed = True
    # The latest signature covers everything signed before it; report that one.
    sig = signatures[-1]
    try:
        context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(sig, context)
    except Exception as exc:
        result.error = f"Không kiểm tra được chữ ký ({type(exc).__name__})."
        return result
    coverage = status.coverage
    result.coverage = coverage.name if coverage is not None else ""
    covered = coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok
    )
    result.valid = bool(status.valid)
    result.intact = bool(status.intact and status.valid and covered)
    result.trusted = bool(status.trusted)
    result.bottom_line = bool(status.bottom_line)
    try:
        start, length = (int(v) for v in list(sig.byte_range)[2:4])
        result.signed_revision_end = start + length
    except (TypeError, ValueError, IndexError):
        result.signed_revision_end = 0
    cert = status.signing_cert
    if cert is not None:
        result.signer = cert.subject.native.get("common_name") or cert.subject.human_friendly
        result.signer_subject = cert.subject.human_friendly
        result.signer_issuer = cert.issuer.human_friendly
    reported = status.signer_reported_dt
    if reported is not None:
        result.signed_at = reported.astimezone(VN_TZ)
    if not covered:
        result.notes.append("Tệp có nội dung được thêm vào sau chữ ký.")
    return result
