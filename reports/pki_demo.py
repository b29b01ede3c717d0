"""DEMO certificates so that signing works out of the box in development.

`seed_demo_pki(agencies)` creates a root CA named "DEMO – KHÔNG DÙNG THẬT" and, for each
agency, a certificate issued by it, stored as the agency's SigningCredential (flagged
`is_demo`). Nothing here is a real certificate: every name carries the DEMO label, the
functions refuse to run when DEBUG is off, and reports/signing.py refuses to sign with a
demo credential when DEBUG is off.

The root's certificate is written to `demo_root_path()` (under MEDIA_ROOT/private, never
served); with DEBUG on it is added to the trust roots used to validate signatures.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from plans.models import Agency
from reports.models import SigningCredential

DEMO_LABEL = "DEMO – KHÔNG DÙNG THẬT"
ROOT_NAME = DEMO_LABEL
_VALID_YEARS = 10


def _require_debug() -> None:
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "Chứng thư số DEMO chỉ được tạo khi DEBUG bật; máy chủ thật dùng chứng thư "
            "do tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp."
        )


def demo_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "private" / "pki-demo"


def demo_root_path() -> Path:
    """PEM of the demo root CA (what SIGNING_TRUST_ROOTS points at in development)."""
    return demo_dir() / "demo-root-ca.pem"


def _root_key_path() -> Path:
    return demo_dir() / "demo-root-ca.key.pem"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def ensure_demo_root() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """Load the demo root CA, creating it on first use."""
    _require_debug()
    cert_path, key_path = demo_root_path(), _root_key_path()
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return cert, key
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"genderplan {DEMO_LABEL}"),
            x509.NameAttribute(NameOID.COMMON_NAME, ROOT_NAME),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * _VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    demo_dir().mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def issue_agency_pkcs12(
    agency: Agency,
    passphrase: str,
    root: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
) -> bytes:
    """A PKCS#12 with a fresh key and a certificate for `agency`, issued by the demo root."""
    _require_debug()
    root_cert, root_key = root or ensure_demo_root()
    key = ec.generate_private_key(ec.SECP256R1())
    province = agency.province
    place = agency.place_name or province.place_name or province.name
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, place[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_LABEL),
            # X.509 caps a common name at 64 characters.
            x509.NameAttribute(NameOID.COMMON_NAME, f"{agency.name[:57]} (DEMO)"),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * 3))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=f"{agency.code} DEMO".encode(),
        key=key,
        cert=cert,
        cas=[root_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )


def _issued_by(credential: SigningCredential, root_cert: x509.Certificate) -> bool:
    """The credential's file is still there and its certificate comes from this root (the
    root is created again when MEDIA_ROOT was wiped but the database was not)."""
    from reports.signing import credential_certificate

    try:
        cert = credential_certificate(credential)
        aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        ski = root_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    return aki.key_identifier == ski.digest


@transaction.atomic
def seed_demo_pki(
    agencies: Mapping[str, Agency] | Iterable[Agency],
) -> list[SigningCredential]:
    """Give each agency an active DEMO credential (idempotent). Refused when DEBUG is off.

    `agencies` is what plans.demo.seed_agencies() returns (code → Agency) or any iterable
    of agencies. An agency that already has an active real (non-demo) credential is left
    alone; a demo credential whose files are gone is replaced."""
    from reports.signing import active_credential, credential_create

    _require_debug()
    items = list(agencies.values()) if isinstance(agencies, Mapping) else list(agencies)
    root = ensure_demo_root()
    made: list[SigningCredential] = []
    for agency in items:
        current = active_credential(agency)
        if current is not None:
            if not current.is_demo:
                continue
            if _issued_by(current, root[0]):
                made.append(current)
                continue
            current.active = False
            current.save(update_fields=["active"])
        passphrase = secrets.token_urlsafe(18)
        data = issue_agency_pkcs12(agency, passphrase, root)
        made.append(
            credential_create(
                agency=agency,
                pkcs12_data=data,
                passphrase=passphrase,
                label=f"{agency.name} — {DEMO_LABEL}",
                is_demo=True,
                uploaded_by=None,
            )
        )
    return made
