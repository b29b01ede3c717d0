"""Demo agencies and personas: Hà Tĩnh with its real departments, the 2025 mergers,
and Lạng Sơn's Sở Kế hoạch và Đầu tư (issuer of one seed plan). Idempotent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from plans.models import Agency, Membership

MERGER_END = datetime.date(2025, 2, 28)  # last day before the 2025 reorganisation took effect
MERGER_START = datetime.date(2025, 3, 1)

# code, name, short name, number abbreviation, valid_to, successor code, hosts committee
HA_TINH_DEPARTMENTS: list[tuple[str, str, str, str, datetime.date | None, str | None, bool]] = [
    ("HT-SNGV", "Sở Ngoại vụ", "Sở Ngoại vụ", "SNgV", None, None, False),
    ("HT-SNV", "Sở Nội vụ", "Sở Nội vụ", "SNV", None, None, True),
    ("HT-STC", "Sở Tài chính", "Sở Tài chính", "STC", None, None, False),
    ("HT-SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "SKHĐT", MERGER_END, "HT-STC", False),
    ("HT-SYT", "Sở Y tế", "Sở Y tế", "SYT", None, None, False),
    ("HT-SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "SGDĐT", None, None, False),
    ("HT-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", "SVHTTDL", None, None, False),
    ("HT-STP", "Sở Tư pháp", "Sở Tư pháp", "STP", None, None, False),
    ("HT-SCT", "Sở Công Thương", "Sở Công Thương", "SCT", None, None, False),
    ("HT-SXD", "Sở Xây dựng", "Sở Xây dựng", "SXD", None, None, False),
    ("HT-SGTVT", "Sở Giao thông vận tải", "Sở GTVT", "SGTVT", MERGER_END, "HT-SXD", False),
    ("HT-SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "SNNMT", None, None, False),
    ("HT-SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", "SKHCN", None, None, False),
    (
        "HT-STTTT",
        "Sở Thông tin và Truyền thông",
        "Sở TT&TT",
        "STTTT",
        MERGER_END,
        "HT-SKHCN",
        False,
    ),
    (
        "HT-SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐTB&XH",
        "SLĐTBXH",
        MERGER_END,
        "HT-SNV",
        False,
    ),
    ("HT-TTR", "Thanh tra tỉnh", "Thanh tra tỉnh", "TTr", None, None, False),
    ("HT-VPUB", "Văn phòng UBND tỉnh", "VP UBND tỉnh", "VP", None, None, False),
    ("HT-BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "BQL KKT", "BQL", None, None, False),
]

SNGV_SUBUNITS = [
    ("HT-SNGV-VPTT", "Văn phòng - Thanh tra Sở", "VP-TTr"),
    ("HT-SNGV-HTQT", "Phòng Hợp tác quốc tế", "HTQT"),
    ("HT-SNGV-QLBG", "Phòng Quản lý biên giới", "QLBG"),
    ("HT-SNGV-TTDVDN", "Trung tâm Dịch vụ đối ngoại", "TTDVĐN"),
]

DEMO_PASSWORD = "demo-2025"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    agency_code: str | None
    role: str | None
    description: str
    superuser: bool = False


PERSONAS = [
    Persona(
        "lan",
        "Lan",
        "Nguyễn Thị",
        "HT-SNGV",
        Membership.Role.STAFF,
        "chuyên viên Văn phòng - Thanh tra, Sở Ngoại vụ",
    ),
    Persona("son", "Sơn", "Thái Phúc", "HT-SNGV", Membership.Role.LEADER, "Giám đốc Sở Ngoại vụ"),
    Persona(
        "minh",
        "Minh",
        "Trần Văn",
        "HT-STC",
        Membership.Role.STAFF,
        "chuyên viên Sở Tài chính (cơ quan khác)",
    ),
    Persona(
        "hoa",
        "Hoa",
        "Lê Thị",
        "HT-SNV",
        Membership.Role.COMMITTEE,
        "Thường trực Ban VSTBPN tỉnh Hà Tĩnh",
    ),
    Persona(
        "cuong",
        "Cường",
        "Hà Mạnh",
        "LS-SKHDT",
        Membership.Role.LEADER,
        "Phó Giám đốc Sở KH&ĐT Lạng Sơn",
    ),
    Persona("admin", "Quản trị", "", None, None, "quản trị hệ thống", superuser=True),
]


def _agency(code: str, **fields) -> Agency:
    agency, _ = Agency.objects.update_or_create(code=code, defaults=fields)
    return agency


@transaction.atomic
def seed_agencies() -> dict[str, Agency]:
    ha_tinh = _agency(
        "HT",
        name="Ủy ban nhân dân tỉnh Hà Tĩnh",
        short_name="UBND tỉnh Hà Tĩnh",
        kind=Agency.Kind.PROVINCE,
        parent=None,
        governing_body="",
        doc_abbreviation="UBND",
        place_name="Hà Tĩnh",
    )
    # Successors first so the links can be set in one pass.
    made: dict[str, Agency] = {"HT": ha_tinh}
    for code, name, short, abbr, valid_to, _succ, hosts in HA_TINH_DEPARTMENTS:
        made[code] = _agency(
            code,
            name=name,
            short_name=short,
            kind=Agency.Kind.DEPARTMENT,
            parent=ha_tinh,
            governing_body="UBND TỈNH HÀ TĨNH",
            doc_abbreviation=abbr,
            place_name="Hà Tĩnh",
            valid_from=datetime.date(2008, 4, 1),
            valid_to=valid_to,
            hosts_committee=hosts,
        )
    for code, *_rest, succ, _hosts in HA_TINH_DEPARTMENTS:
        if succ:
            Agency.objects.filter(code=code).update(successor=made[succ])
    for code, name, abbr in SNGV_SUBUNITS:
        made[code] = _agency(
            code,
            name=name,
            short_name=name,
            kind=Agency.Kind.SUBUNIT,
            parent=made["HT-SNGV"],
            governing_body="SỞ NGOẠI VỤ HÀ TĨNH",
            doc_abbreviation=abbr,
            place_name="Hà Tĩnh",
        )
    lang_son = _agency(
        "LS",
        name="Ủy ban nhân dân tỉnh Lạng Sơn",
        short_name="UBND tỉnh Lạng Sơn",
        kind=Agency.Kind.PROVINCE,
        parent=None,
        doc_abbreviation="UBND",
        place_name="Lạng Sơn",
    )
    made["LS"] = lang_son
    made["LS-STC"] = _agency(
        "LS-STC",
        name="Sở Tài chính",
        short_name="Sở Tài chính Lạng Sơn",
        kind=Agency.Kind.DEPARTMENT,
        parent=lang_son,
        governing_body="UBND TỈNH LẠNG SƠN",
        doc_abbreviation="STC",
        place_name="Lạng Sơn",
    )
    made["LS-SKHDT"] = _agency(
        "LS-SKHDT",
        name="Sở Kế hoạch và Đầu tư",
        short_name="Sở KH&ĐT Lạng Sơn",
        kind=Agency.Kind.DEPARTMENT,
        parent=lang_son,
        governing_body="UBND TỈNH LẠNG SƠN",
        doc_abbreviation="SKHĐT",
        place_name="Lạng Sơn",
        valid_to=MERGER_END,
        successor=made["LS-STC"],
    )
    made["LS-SNV"] = _agency(
        "LS-SNV",
        name="Sở Nội vụ",
        short_name="Sở Nội vụ Lạng Sơn",
        kind=Agency.Kind.DEPARTMENT,
        parent=lang_son,
        governing_body="UBND TỈNH LẠNG SƠN",
        doc_abbreviation="SNV",
        place_name="Lạng Sơn",
        hosts_committee=True,
    )
    return made


@transaction.atomic
def seed_personas(agencies: dict[str, Agency]) -> list[tuple[Persona, str]]:
    User = get_user_model()
    out = []
    for p in PERSONAS:
        user, _ = User.objects.update_or_create(
            username=p.username,
            defaults={
                "first_name": p.first_name,
                "last_name": p.last_name,
                "email": f"{p.username}@example.invalid",
                "is_superuser": p.superuser,
                "is_staff": p.superuser,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if p.agency_code:
            Membership.objects.get_or_create(user=user, agency=agencies[p.agency_code], role=p.role)
        out.append((p, DEMO_PASSWORD))
    return out
