"""Benchmark helpers: a national-scale data generator and the "floor" each figure of
`manage.py bench` is compared with.

The generator (`generate`) builds what a national deployment holds after some years:
provinces (UBND tỉnh) with their departments (sở, ban, ngành), communes and a few sub-units,
the committee's standing office, plans with measurable targets, a mid-year and an annual
round per year, accepted reports with every figure of the real catalogue (women ≤ total,
slow trends), their workflow events, and an open last round with a realistic mix of
statuses. Rows go in through PostgreSQL COPY from in-memory streams (bulk_create on other
databases, which only the tests use), inside one transaction: an interrupted run leaves
nothing behind, and nothing is disabled (constraints, indexes and triggers stay on).

Simple-history rows are not written for generated data: it was never edited.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

from indicators.catalogue import IC
from indicators.models import DataElement, Indicator
from plans.models import Agency, Membership, Milestone, Plan, Target, Task
from reports.models import (
    Activity,
    FigureValue,
    ReportingRound,
    Submission,
    SubmissionEvent,
)

BENCH_USER_PREFIX = "bench_"
BENCH_PASSWORD = "bench-2026"
# A database whose name looks like this is never written to by the benchmark.
PRODUCTION_NAME = re.compile(r"prod|live|master|primary", re.IGNORECASE)

# The 34 provinces and cities after the 2025 merger.
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
    "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng",
    "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip

# (name, short name, number abbreviation); the first one hosts the committee's office.
DEPARTMENTS = [
    ("Sở Nội vụ", "Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "Sở Tài chính", "STC"),
    ("Sở Tư pháp", "Sở Tư pháp", "STP"),
    ("Sở Công Thương", "Sở Công Thương", "SCT"),
    ("Sở Xây dựng", "Sở Xây dựng", "SXD"),
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", "SNNMT"),
    ("Sở Y tế", "Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "SGDĐT"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", "SKHCN"),
    ("Sở Ngoại vụ", "Sở Ngoại vụ", "SNgV"),
    ("Sở Dân tộc và Tôn giáo", "Sở DT&TG", "SDTTG"),
    ("Thanh tra tỉnh", "Thanh tra tỉnh", "TTr"),
    ("Văn phòng UBND tỉnh", "VP UBND tỉnh", "VP"),
    ("Ban Quản lý các khu công nghiệp tỉnh", "BQL KCN", "BQL"),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", "PTTH"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", "HLHPN"),
    ("Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh", "LĐLĐ"),
    ("Tỉnh đoàn", "Tỉnh đoàn", "TĐ"),
    ("Bảo hiểm xã hội tỉnh", "BHXH tỉnh", "BHXH"),
    ("Trường Chính trị tỉnh", "Trường Chính trị", "TCT"),
    ("Bệnh viện Đa khoa tỉnh", "BVĐK tỉnh", "BVĐK"),
    ("Trường Cao đẳng Kỹ thuật tỉnh", "CĐ Kỹ thuật", "CĐKT"),
    ("Quỹ Đầu tư phát triển tỉnh", "Quỹ ĐTPT", "QĐTPT"),
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "BQLDA", "BQLDA"),
    ("Trung tâm Xúc tiến đầu tư tỉnh", "TT XTĐT", "XTĐT"),
    ("Ban Dân tộc tỉnh", "Ban Dân tộc", "BDT"),
    ("Hội Nông dân tỉnh", "Hội Nông dân", "HND"),
    ("Hội Cựu chiến binh tỉnh", "Hội CCB", "HCCB"),
    ("Ủy ban Mặt trận Tổ quốc tỉnh", "UBMTTQ tỉnh", "MTTQ"),
]
SUBUNITS = ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính"]
_SYLLABLES = [
    "An", "Bình", "Cẩm", "Đông", "Đức", "Gia", "Hà", "Hải", "Hòa", "Hồng", "Hưng", "Kim",
    "Lạc", "Long", "Minh", "Mỹ", "Nam", "Ngọc", "Phú", "Phúc", "Quang", "Sơn", "Tân",
    "Thạch", "Thanh", "Thiên", "Thịnh", "Thuận", "Tiến", "Trung", "Vĩnh", "Xuân", "Yên",
]  # fmt: skip

# Figures only the committee's standing office enters, for the whole province (catalogue).
PROVINCE_ONLY = {
    "dai-bieu-quoc-hoi", "dai-bieu-hdnd", "lao-dong-co-viec-lam", "lao-dong-huong-luong",
    "lao-dong-nong-nghiep", "chu-doanh-nghiep",
}  # fmt: skip

NARRATIVE = (
    "Cơ quan đã quán triệt Luật Bình đẳng giới và Chiến lược quốc gia về bình đẳng giới đến "
    "toàn thể cán bộ, công chức, viên chức; tổ chức các hoạt động nhân ngày 08/3 và 20/10.",
    "Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý chưa đạt chỉ tiêu kế hoạch.",
    "Nguồn cán bộ nữ trong diện quy hoạch còn mỏng; một số vị trí đặc thù.",
    "Tiếp tục đào tạo, bồi dưỡng, tạo nguồn cán bộ nữ trong quy hoạch.",
    "Đề nghị Ban VSTBPN tỉnh tổ chức lớp tập huấn kỹ năng lồng ghép giới.",
)

# Targets of plans: (indicator code, kind, comparator, unit, per_period, {year: value}, wording)
PROVINCE_TARGETS = [
    (IC.TY_LE_NU_LANH_DAO, "threshold", "ge", "%", "", {2025: 35}, 2030,
     "Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý đạt 35% trở lên đến năm 2025 và duy trì đến 2030"),
    (IC.TY_LE_NU_CBCCVC, "threshold", "ge", "%", "", {2025: 45, 2030: 50}, None,
     "Tỷ lệ nữ cán bộ, công chức, viên chức đạt 45% năm 2025, 50% năm 2030"),
    (IC.TY_LE_NU_QUY_HOACH, "threshold", "ge", "%", "", {2025: 40}, 2030,
     "Tỷ lệ nữ trong diện quy hoạch lãnh đạo đạt 40% trở lên"),
    (IC.TY_LE_TAP_HUAN_BINH_DANG_GIOI, "threshold", "ge", "%", "", {2025: 60, 2030: 80}, None,
     "Tỷ lệ cán bộ được tập huấn về bình đẳng giới đạt 60% năm 2025 và 80% năm 2030"),
    (IC.SO_VU_BAO_LUC_GIA_DINH, "zero", "le", "vụ", "", {}, None,
     "Không có hành vi bạo lực gia đình trong cán bộ, công chức, viên chức"),
    (IC.SO_HOAT_DONG_TRUYEN_THONG, "frequency", "ge", "hoạt động", "year", {None: 4}, None,
     "Tổ chức ít nhất 4 hoạt động truyền thông về bình đẳng giới mỗi năm"),
    (IC.TY_LE_NU_CAP_UY, "threshold", "ge", "%", "", {2025: 25}, 2030,
     "Tỷ lệ nữ tham gia cấp ủy đạt 25% trở lên"),
    (IC.TY_LE_NU_DUOC_BOI_DUONG, "threshold", "ge", "%", "", {2025: 30, 2030: 40}, None,
     "Tỷ lệ nữ được đào tạo, bồi dưỡng đạt 30% năm 2025 và 40% năm 2030"),
]  # fmt: skip
AGENCY_TARGET_CHOICES = [0, 1, 2, 3, 6]  # indexes into PROVINCE_TARGETS
TASKS = [
    "Tuyên truyền, phổ biến Luật Bình đẳng giới cho cán bộ, công chức, viên chức",
    "Rà soát, bổ sung quy hoạch cán bộ nữ",
    "Tổ chức các hoạt động nhân Tháng hành động vì bình đẳng giới (15/11–15/12)",
]

PLAN_START, PLAN_END = 2021, 2030


# --------------------------------------------------------------------------------------
# Safety
# --------------------------------------------------------------------------------------
class Refused(Exception):
    """The benchmark will not touch this database; the message says why."""


def database_name() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def check_database(*, reset: bool, require_postgres: bool = True) -> int:
    """Refuse unless PostgreSQL, not named like production, and empty of rounds (or reset).
    Returns the number of rounds found."""
    if require_postgres and connection.vendor != "postgresql":
        raise Refused(
            f"bench_data needs PostgreSQL (this database is {connection.vendor}); set "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/genderplan_bench"
        )
    name = database_name()
    if PRODUCTION_NAME.search(name):
        raise Refused(f"refusing to write benchmark data into {name!r}: it looks like production")
    rounds = ReportingRound.objects.count()
    if rounds and not reset:
        raise Refused(
            f"{name!r} already holds {rounds} reporting rounds; use a separate database "
            "(genderplan_bench) or pass --reset to delete all agencies, plans and reports first"
        )
    return rounds


def reset_data() -> None:
    """Delete every agency, plan, report, document and bench user (the catalogue stays)."""
    from django.apps import apps

    tables = []
    for label in ("reports", "plans"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.append(model._meta.db_table)
    User = get_user_model()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            # Deferred foreign-key checks of rows written earlier in this transaction must
            # run first: PostgreSQL refuses to truncate a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        else:  # tests: delete children first
            for model in (FigureValue, SubmissionEvent, Activity, Submission):
                model.objects.all().delete()
            ReportingRound.objects.all().delete()
            for model in (Milestone, Task, Target, Plan, Membership):
                model.objects.all().delete()
            Agency.objects.filter(parent__parent__isnull=False).delete()
            Agency.objects.filter(parent__isnull=False).delete()
            Agency.objects.all().delete()
    User.objects.filter(username__startswith=BENCH_USER_PREFIX).delete()


# --------------------------------------------------------------------------------------
# Writing rows fast: COPY on PostgreSQL, bulk_create elsewhere
# --------------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    s = str(value)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `fields`, attnames such as submission_id)."""
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=2000)
        return len(objs)
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
    buf = io.StringIO()
    n = 0
    for row in rows:
        buf.write("\t".join(_text(v) for v in row))
        buf.write("\n")
        n += 1
    buf.seek(0)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        while hasattr(raw, "cursor"):  # Django's debug wrapper
            raw = raw.cursor
        table = connection.ops.quote_name(meta.db_table)
        raw.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buf)
    return n


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from the table's sequence (PostgreSQL)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [r[0] for r in cursor.fetchall()]


# --------------------------------------------------------------------------------------
# The figures an agency reports: plausible, consistent, trending slowly
# --------------------------------------------------------------------------------------
@dataclass
class Profile:
    """An agency's size and its gender balance; figures of every round derive from it."""

    staff: int
    women_share: float
    lead_share: float
    lead_trend: float
    growth: int
    women_leader_unit: float
    host: bool
    population: int


def make_profile(rng: random.Random, kind: str, host: bool) -> Profile:
    big = kind == Agency.Kind.DEPARTMENT
    return Profile(
        staff=rng.randint(40, 400) if big else rng.randint(15, 60),
        women_share=rng.uniform(0.33, 0.66),
        lead_share=rng.uniform(0.12, 0.34),
        lead_trend=rng.uniform(0.0, 0.015),
        growth=rng.randint(-1, 3),
        women_leader_unit=rng.random(),
        host=host,
        population=rng.randint(500_000, 3_500_000),
    )


def figures_for(
    p: Profile, rng: random.Random, year_index: int, half: bool, elements: Sequence[DataElement]
) -> Iterator[tuple[int, int | None, int | None, int | None]]:
    """(element_id, total, women, value) of one report."""
    staff = max(5, p.staff + p.growth * year_index)
    ws = min(0.8, p.women_share + 0.004 * year_index)
    staff_w = round(staff * ws)
    lead = max(3, round(staff * 0.16))
    ls = min(0.7, p.lead_share + p.lead_trend * year_index)

    def sex(total: float, share: float) -> tuple[int, int]:
        t = max(0, round(total))
        return t, min(t, max(0, round(t * share)))

    for el in elements:
        c = el.code
        if c in PROVINCE_ONLY and not p.host:
            continue
        total = women = value = None
        match c:
            case "cbccvc" | "bo-tri-phu-hop":
                total, women = staff, staff_w
            case "lanh-dao-quan-ly":
                total, women = sex(lead, ls)
            case "quy-hoach-lanh-dao":
                total, women = sex(lead * 1.4, ls + 0.07)
            case "cap-uy-vien":
                total, women = sex(5 + staff % 7, ls)
            case "dang-vien":
                total, women = sex(staff * 0.6, ws - 0.03)
            case "ket-nap-dang":
                total, women = sex(rng.randint(0, 3 if half else 6), rng.uniform(0.3, 0.7))
            case "co-quan-lanh-dao-nu":
                value = 1 if p.women_leader_unit < 0.3 + 0.02 * year_index else 0
            case "don-vi-truc-thuoc":
                total, women = sex(2 + staff % 6, 0.3)
            case "tuyen-dung":
                total, women = sex(rng.randint(0, 4 if half else 8), rng.uniform(0.3, 0.7))
            case "chuyen-vien-chinh":
                total, women = sex(staff * 0.3, ws - 0.05)
            case "vu-bao-luc-gia-dinh":
                value = 0 if rng.random() < 0.9 else rng.randint(1, 2)
            case "kham-suc-khoe":
                total = staff - rng.randint(0, 3)
                women = min(total, max(0, staff_w - rng.randint(0, 2)))
            case "kham-thai":
                total = women = rng.randint(0, 4)
            case "nao-pha-thai":
                if rng.random() < 0.5:
                    continue  # optional figure, often left blank
                value = 0
            case "boi-duong":
                total, women = sex(staff * rng.uniform(0.3, 0.6), ws)
            case "ngoai-ngu":
                total, women = sex(staff * 0.35, ws)
            case "tap-huan-binh-dang-gioi":
                total, women = sex(staff * rng.uniform(0.2, 0.5), ws + 0.05)
            case "hoat-dong-truyen-thong":
                value = rng.randint(1, 4) if half else rng.randint(2, 8)
            case "bai-viet":
                value = rng.randint(0, 5) if half else rng.randint(2, 12)
            case "dai-bieu-quoc-hoi":
                total, women = sex(7 + p.staff % 6, 0.3 + 0.01 * year_index)
            case "dai-bieu-hdnd":
                total, women = sex(50 + p.staff % 40, 0.25 + 0.01 * year_index)
            case "lao-dong-co-viec-lam":
                total, women = sex(p.population * 0.55, 0.48)
            case "lao-dong-huong-luong":
                total, women = sex(p.population * 0.2, 0.41)
            case "lao-dong-nong-nghiep":
                total, women = sex(p.population * 0.25, 0.52)
            case "chu-doanh-nghiep":
                total, women = sex(p.population * 0.006, 0.24)
            case _:
                if el.kind == DataElement.Kind.SEX:
                    total, women = sex(staff * 0.2, ws)
                elif el.kind == DataElement.Kind.YESNO:
                    value = rng.randint(0, 1)
                else:
                    value = rng.randint(0, 5)
        yield el.pk, total, women, value


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------
@dataclass
class Spec:
    provinces: int = 34
    agencies_per_province: int = 150
    years: int = 10
    last_year: int = 2025
    seed: int = 2026
    code_prefix: str = "B"
    # The last annual round stays open with a mix of statuses (False: every report accepted).
    open_last_round: bool = True
    with_events: bool = True
    with_activities: bool = True
    # Figures a national catalogue adds to the 26 of the seeds (EXTRA_ELEMENTS): the issue's
    # "about fifty figures each" report. 8 sex-disaggregated ones bring an ordinary report
    # from 34 to about 50 numbers, and the default size to about 5 million.
    extra_elements: int = 8


@dataclass
class Stats:
    provinces: int = 0
    agencies: int = 0
    reporting_agencies: int = 0
    users: int = 0
    plans: int = 0
    targets: int = 0
    rounds: int = 0
    submissions: int = 0
    accepted: int = 0
    figure_values: int = 0
    data_values: int = 0
    events: int = 0
    activities: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def _commune_name(rng: random.Random, used: set[str], i: int) -> str:
    for _ in range(20):
        prefix = rng.choice(["Xã", "Xã", "Phường"])
        name = f"{prefix} {rng.choice(_SYLLABLES)} {rng.choice(_SYLLABLES)}"
        if name not in used:
            used.add(name)
            return name
    name = f"Xã số {i}"
    used.add(name)
    return name


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def expected_rows(spec: Spec, elements: int = 26) -> dict[str, int]:
    subs = spec.provinces * spec.agencies_per_province * spec.years * 2
    return {
        "submissions": subs,
        "figure_values_at_most": subs * (elements + min(spec.extra_elements, len(EXTRA_ELEMENTS))),
    }


# Sex-disaggregated figures of the national strategy's monitoring that the seeds' provincial
# catalogue does not ask, for the benchmark's "about fifty figures" per report. They carry no
# indicator (the dashboards do not show them); the data entry page asks them like any other.
EXTRA_ELEMENTS = [
    ("dao-tao-nghe", "Người được đào tạo nghề, bồi dưỡng kỹ năng nghề"),
    ("tham-gia-bhxh", "Người lao động tham gia bảo hiểm xã hội"),
    ("tro-giup-phap-ly", "Người được trợ giúp pháp lý"),
    ("an-toan-lao-dong", "Người được huấn luyện an toàn, vệ sinh lao động"),
    ("sang-loc-ung-thu", "Người được khám sàng lọc ung thư"),
    ("luan-chuyen", "Cán bộ được luân chuyển, điều động"),
    ("sau-dai-hoc", "Người được cử đi học sau đại học"),
    ("khen-thuong", "Người được khen thưởng"),
    ("nghi-huu", "Người nghỉ hưu trong kỳ"),
    ("the-duc-the-thao", "Người tham gia hoạt động thể dục, thể thao của cơ quan"),
]


def ensure_extra_elements(count: int) -> list[DataElement]:
    """The first `count` EXTRA_ELEMENTS as data elements (made once, reused after)."""
    from indicators.models import Domain

    domains = list(Domain.objects.order_by("number"))
    made = []
    for i, (code, name) in enumerate(EXTRA_ELEMENTS[: max(0, count)]):
        element, _created = DataElement.objects.get_or_create(
            code=f"bench-{code}",
            defaults={
                "domain": domains[i % len(domains)],
                "name": name,
                "kind": DataElement.Kind.SEX,
                "help_text": "Số người trong kỳ báo cáo, tổng số và nữ (số liệu thử tải).",
                "order": 900 + i,
                "required": False,
            },
        )
        made.append(element)
    return made


def generate(spec: Spec, *, log: Callable[[str], None] = lambda _m: None) -> Stats:
    """Fill the database (see the module docstring). Call inside a transaction."""
    stats = Stats()
    t_all = time.perf_counter()
    rng = random.Random(spec.seed)
    if not DataElement.objects.exists():
        raise Refused("the indicator catalogue is empty: run migrate first")
    ensure_extra_elements(spec.extra_elements)
    elements = list(DataElement.objects.filter(active=True).order_by("domain__number", "order"))
    indicators = {i.code: i for i in Indicator.objects.all()}
    years = list(range(spec.last_year - spec.years + 1, spec.last_year + 1))
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    with_postgres = connection.vendor == "postgresql"

    t0 = time.perf_counter()
    # ---- agencies: province → departments (the first hosts the committee) → communes
    provinces = Agency.objects.bulk_create(
        [
            Agency(
                code=f"{spec.code_prefix}{p:02d}",
                name=f"Ủy ban nhân dân {_province_title(p)}",
                short_name=f"UBND {_province_title(p)}",
                kind=Agency.Kind.PROVINCE,
                governing_body="",
                doc_abbreviation="UBND",
                place_name=_province_name(p),
            )
            for p in range(spec.provinces)
        ]
    )
    children: list[Agency] = []
    n_departments = max(1, min(len(DEPARTMENTS), round(spec.agencies_per_province * 0.2)))
    for province in provinces:
        place = province.place_name
        used: set[str] = set()
        for i in range(spec.agencies_per_province):
            if i < n_departments:
                name, short, abbr = DEPARTMENTS[i]
                kind, code = Agency.Kind.DEPARTMENT, f"{province.code}-S{i:02d}"
            else:
                name = _commune_name(rng, used, i)
                short, abbr = name, "UBND"
                kind, code = Agency.Kind.COMMUNE, f"{province.code}-X{i:04d}"
            children.append(
                Agency(
                    code=code,
                    name=name,
                    short_name=short,
                    kind=kind,
                    parent=province,
                    governing_body=f"UBND TỈNH {place.upper()}" if kind == "department" else "",
                    doc_abbreviation=abbr,
                    place_name=place,
                    hosts_committee=(i == 0),
                )
            )
    children = Agency.objects.bulk_create(children, batch_size=2000)
    subunits = Agency.objects.bulk_create(
        [
            Agency(
                code=f"{a.code}-{k}",
                name=SUBUNITS[k],
                short_name=SUBUNITS[k],
                kind=Agency.Kind.SUBUNIT,
                parent=a,
                place_name=a.place_name,
            )
            for a in children
            if a.kind == Agency.Kind.DEPARTMENT and a.code.endswith(("-S01", "-S10"))
            for k in range(len(SUBUNITS))
        ],
        batch_size=2000,
    )
    by_province: dict[int, list[Agency]] = {p.pk: [] for p in provinces}
    for a in children:
        by_province[a.parent_id].append(a)
    stats.provinces = len(provinces)
    stats.agencies = len(provinces) + len(children) + len(subunits)
    stats.reporting_agencies = len(children)

    # ---- a few people: the committee, and staff + leader of one department per province
    users, memberships = [], []
    for p in provinces:
        host, dept = by_province[p.pk][0], by_province[p.pk][min(1, len(by_province[p.pk]) - 1)]
        for role, who, agency in (
            (Membership.Role.COMMITTEE, "ct", host),
            (Membership.Role.STAFF, "cv", dept),
            (Membership.Role.LEADER, "ld", dept),
        ):
            users.append(
                User(username=f"{BENCH_USER_PREFIX}{who}_{p.code.lower()}", password=password)
            )
            memberships.append((len(users) - 1, agency, role))
    users = User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        [Membership(user=users[i], agency=agency, role=role) for i, agency, role in memberships]
    )
    stats.users = len(users)
    committee_of = {p.pk: users[3 * k] for k, p in enumerate(provinces)}
    staff_of = {p.pk: users[3 * k + 1] for k, p in enumerate(provinces)}
    leader_of = {p.pk: users[3 * k + 2] for k, p in enumerate(provinces)}
    stats.seconds["agencies_users"] = round(time.perf_counter() - t0, 2)

    # ---- plans: the province's 2021–2030 plan, and one for each department and a third of
    # the communes, with targets, milestones and tasks
    t0 = time.perf_counter()
    plan_rows: list[tuple[Agency, list[int]]] = []
    for p in provinces:
        plan_rows.append((p, list(range(len(PROVINCE_TARGETS)))))
        for a in by_province[p.pk]:
            if a.kind == Agency.Kind.DEPARTMENT or rng.random() < 0.33:
                plan_rows.append((a, rng.sample(AGENCY_TARGET_CHOICES, rng.randint(2, 3))))
    plans = Plan.objects.bulk_create(
        [
            Plan(
                agency=a,
                kind=Plan.Kind.MULTI_YEAR,
                status=Plan.Status.ISSUED,
                number=rng.randint(10, 400),
                symbol=f"KH-{a.doc_abbreviation or 'UBND'}",
                place=a.place_name,
                issued_on=datetime.date(PLAN_START, rng.randint(3, 9), rng.randint(1, 28)),
                title=(
                    "Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030 "
                    f"của {a.name}"
                ),
                period_start=PLAN_START,
                period_end=PLAN_END,
                signer_authority="KT. CHỦ TỊCH" if a.kind == "province" else "KT. GIÁM ĐỐC",
                signer_title="PHÓ CHỦ TỊCH" if a.kind == "province" else "PHÓ GIÁM ĐỐC",
                signer_name="Nguyễn Văn An",
                recipients="Như trên;\nLưu: VT.",
            )
            for a, _t in plan_rows
        ],
        batch_size=2000,
    )
    targets, milestone_specs = [], []
    for plan, (agency, chosen) in zip(plans, plan_rows, strict=True):
        bump = 0 if agency.kind == Agency.Kind.PROVINCE else rng.choice([-5, 0, 0, 5])
        for order, idx in enumerate(chosen):
            code, kind, comparator, unit, per, miles, maintain, wording = PROVINCE_TARGETS[idx]
            targets.append(
                Target(
                    plan=plan,
                    domain_id=indicators[code].domain_id,
                    order=order,
                    wording=wording,
                    kind=kind,
                    indicator=indicators[code],
                    comparator=comparator,
                    unit=unit,
                    per_period=per,
                    maintain_until=maintain,
                )
            )
            milestone_specs.append({y: (v + bump if unit == "%" else v) for y, v in miles.items()})
    targets = Target.objects.bulk_create(targets, batch_size=2000)
    Milestone.objects.bulk_create(
        [
            Milestone(target=t, year=y, value=Decimal(v))
            for t, miles in zip(targets, milestone_specs, strict=True)
            for y, v in miles.items()
        ],
        batch_size=2000,
    )
    Task.objects.bulk_create(
        [
            Task(plan=plan, order=i, description=text, lead_unit=plan_rows[k][0].name)
            for k, plan in enumerate(plans)
            for i, text in enumerate(TASKS)
        ],
        batch_size=2000,
    )
    stats.plans, stats.targets = len(plans), len(targets)
    stats.seconds["plans"] = round(time.perf_counter() - t0, 2)

    # ---- rounds: mid-year and annual for every year, every element asked
    t0 = time.perf_counter()
    round_objs = []
    for p in provinces:
        for y in years:
            for kind in (ReportingRound.Kind.MID_YEAR, ReportingRound.Kind.ANNUAL):
                start, end = ReportingRound.default_window(y, kind)
                last = spec.open_last_round and y == years[-1] and kind == "annual"
                round_objs.append(
                    ReportingRound(
                        province=p,
                        year=y,
                        kind=kind,
                        window_start=start,
                        window_end=end,
                        deadline=ReportingRound.default_deadline(y, kind),
                        status=ReportingRound.Status.OPEN if last else ReportingRound.Status.CLOSED,
                        opened_by=committee_of[p.pk],
                        opened_at=_aware(start, 8),
                    )
                )
    rounds = ReportingRound.objects.bulk_create(round_objs, batch_size=2000)
    Through = ReportingRound.elements.through
    Through.objects.bulk_create(
        [Through(reportinground_id=r.pk, dataelement_id=e.pk) for r in rounds for e in elements],
        batch_size=5000,
    )
    stats.rounds = len(rounds)
    rounds_of: dict[int, list[ReportingRound]] = {p.pk: [] for p in provinces}
    for r in rounds:
        rounds_of[r.province_id].append(r)
    stats.seconds["rounds"] = round(time.perf_counter() - t0, 2)

    # ---- submissions, figures, events, activities: one province at a time, COPY each
    t0 = time.perf_counter()
    sub_fields = [
        "id", "round_id", "agency_id", "agency_name", "status", "version",
        "first_submitted_at", "submitted_at", "approved_at", "accepted_at",
        "results", "shortcomings", "causes", "directions", "proposals",
        "updated_at", "updated_by_id",
    ]  # fmt: skip
    fig_fields = [
        "submission_id", "element_id", "total", "women", "value", "explanation",
        "changed_in_version", "updated_at", "updated_by_id",
    ]  # fmt: skip
    ev_fields = ["submission_id", "actor_id", "at", "from_status", "to_status", "note"]
    act_fields = [
        "submission_id", "held_on", "kind", "title", "participants_total", "participants_women",
    ]  # fmt: skip
    S = Submission.Status
    for p in provinces:
        agencies = by_province[p.pk]
        profiles = {a.pk: make_profile(rng, a.kind, a.hosts_committee) for a in agencies}
        plan_rounds = rounds_of[p.pk]
        staff_agency = agencies[min(1, len(agencies) - 1)]
        sub_rows: list[list] = []
        for r in plan_rounds:
            is_open = r.status == ReportingRound.Status.OPEN
            for a in agencies:
                if is_open and a is staff_agency:
                    # The bench's data-entry page: a draft being filled in.
                    status = S.DRAFT
                elif is_open:
                    status = rng.choices(
                        [S.ACCEPTED, S.APPROVED, S.SUBMITTED, S.RETURNED, S.DRAFT],
                        [70, 10, 5, 5, 10],
                    )[0]
                else:
                    status = S.ACCEPTED if rng.random() > 0.02 else S.DRAFT
                sub_rows.append([None, r, a, status])
        if with_postgres:
            ids = reserve_ids(Submission, len(sub_rows))
        else:
            ids = [None] * len(sub_rows)
        rows, figs, events, acts = [], [], [], []
        for row, sid in zip(sub_rows, ids, strict=True):
            _none, r, a, status = row
            late = rng.random() < 0.08
            sent_day = r.deadline + datetime.timedelta(
                days=rng.randint(1, 12) if late else -rng.randint(0, 20)
            )
            sent = None if status == S.DRAFT else _aware(sent_day, rng.randint(7, 17))
            approved = (
                sent + datetime.timedelta(days=1) if status in (S.APPROVED, S.ACCEPTED) else None
            )
            accepted = (
                approved + datetime.timedelta(days=rng.randint(2, 10))
                if status == S.ACCEPTED
                else None
            )
            updated = accepted or approved or sent or _aware(r.window_end)
            filled = status != S.DRAFT or a is staff_agency or rng.random() < 0.5
            narrative = NARRATIVE if filled else ("",) * 5
            rows.append(
                [sid, r.pk, a.pk, a.name, status, 3 if filled else 1, sent, sent, approved,
                 accepted, *narrative, updated, None]
            )  # fmt: skip
        if with_postgres:
            copy_rows(Submission, sub_fields, (tuple(r) for r in rows))
        else:
            created = Submission.objects.bulk_create(
                [Submission(**dict(zip(sub_fields[1:], r[1:], strict=True))) for r in rows],
                batch_size=2000,
            )
            for r, obj in zip(rows, created, strict=True):
                r[0] = obj.pk
        for r, (_none, rnd, a, status) in zip(rows, sub_rows, strict=True):
            sid, filled = r[0], r[5] == 3
            stats.submissions += 1
            stats.accepted += status == S.ACCEPTED
            if filled:
                half = rnd.kind == ReportingRound.Kind.MID_YEAR
                for el_id, total, women, value in figures_for(
                    profiles[a.pk], rng, rnd.year - years[0], half, elements
                ):
                    figs.append((sid, el_id, total, women, value, "", 3, r[15], None))
                    stats.data_values += (
                        (total is not None) + (women is not None) + (value is not None)
                    )
            if spec.with_events and r[6] is not None:
                staff, leader = staff_of[p.pk], leader_of[p.pk]
                events.append((sid, staff.pk, r[6], S.DRAFT, S.SUBMITTED, ""))
                if status == S.RETURNED:
                    events.append(
                        (sid, committee_of[p.pk].pk, r[6] + datetime.timedelta(days=2),
                         S.SUBMITTED, S.RETURNED, "Đề nghị rà soát lại số liệu lãnh đạo.")
                    )  # fmt: skip
                if r[8] is not None:
                    events.append((sid, leader.pk, r[8], S.SUBMITTED, S.APPROVED, ""))
                if r[9] is not None:
                    events.append((sid, committee_of[p.pk].pk, r[9], S.APPROVED, S.ACCEPTED, ""))
            if spec.with_activities and filled and rnd.year >= years[-1] - 1:
                for n in range(rng.randint(1, 3)):
                    held = rnd.window_start + datetime.timedelta(days=rng.randint(20, 170))
                    total = rng.randint(20, 200)
                    acts.append(
                        (sid, held, rng.choice(["communication", "training", "event"]),
                         f"Hội nghị tuyên truyền về bình đẳng giới lần {n + 1}", total,
                         rng.randint(total // 3, total))
                    )  # fmt: skip
        stats.figure_values += copy_rows(FigureValue, fig_fields, figs)
        if events:
            stats.events += copy_rows(SubmissionEvent, ev_fields, events)
        if acts:
            stats.activities += copy_rows(Activity, act_fields, acts)
        log(
            f"  {p.name}: {len(rows)} báo cáo, {len(figs)} số liệu "
            f"({time.perf_counter() - t0:.1f} s)"
        )
    stats.seconds["reports"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    if with_postgres:
        with connection.cursor() as cursor:
            for model in (Agency, Plan, Target, ReportingRound, Submission, FigureValue,
                          SubmissionEvent, Activity):  # fmt: skip
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    stats.seconds["analyze"] = round(time.perf_counter() - t0, 2)
    stats.seconds["total"] = round(time.perf_counter() - t_all, 2)
    return stats


def _province_name(p: int) -> str:
    return PROVINCES[p] if p < len(PROVINCES) else f"Thử nghiệm {p + 1}"


CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def _province_title(p: int) -> str:
    name = _province_name(p)
    return f"thành phố {name}" if name in CITIES else f"tỉnh {name}"


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------
def timed(fn: Callable[[], object], runs: int, *, warmup: int = 1) -> tuple[float, object]:
    """Median seconds of `runs` calls (after `warmup` calls), and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(max(1, runs)):
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), result


def ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return round(value / floor, 2)


# --------------------------------------------------------------------------------------
# The floor: the same aggregates as the roll-up selectors, written by hand as ONE SQL
# statement each (portable SQL: PostgreSQL in the benchmark, SQLite in the tests)
# --------------------------------------------------------------------------------------
_PART_SQL = {
    Indicator.Part.TOTAL: "f.total",
    Indicator.Part.WOMEN: "f.women",
    Indicator.Part.VALUE: "f.value",
    Indicator.Part.MEN: "f.total - f.women",
    Indicator.Part.REPORTING: "CASE WHEN f.value IS NOT NULL THEN 1 END",
}


def _is_ratio(ind: Indicator) -> bool:
    return ind.kind == Indicator.Kind.RATIO and ind.denominator_id is not None


def _pivot(indicators: Sequence[Indicator]) -> tuple[list[str], list[int]]:
    """Columns n_<id>/d_<id> of one submission, and the elements they read."""
    cols, elements = [], set()
    for ind in indicators:
        parts = [("n", ind.numerator_id, ind.numerator_part)]
        if _is_ratio(ind):
            parts.append(("d", ind.denominator_id, ind.denominator_part))
        for prefix, element_id, part in parts:
            expr = _PART_SQL.get(part, "f.value")
            cols.append(
                f"MAX(CASE WHEN f.element_id = {int(element_id)} THEN {expr} END) "
                f"AS {prefix}_{int(ind.pk)}"
            )
            elements.add(int(element_id))
    return cols, sorted(elements)


def _both(ind: Indicator) -> str:
    """The agency reported every part of the indicator."""
    return f"n_{ind.pk} IS NOT NULL" + (f" AND d_{ind.pk} IS NOT NULL" if _is_ratio(ind) else "")


def _in(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def floor_rollup_sql(
    round_ids: Sequence[int], indicators: Sequence[Indicator], statuses: Sequence[str]
) -> tuple[str, list]:
    """Per round: sum of numerators and denominators over the agencies that reported both
    parts, and how many did."""
    cols, elements = _pivot(indicators)
    outer = []
    for ind in indicators:
        both = _both(ind)
        outer.append(f"SUM(CASE WHEN {both} THEN n_{ind.pk} END) AS sn_{ind.pk}")
        if _is_ratio(ind):
            outer.append(f"SUM(CASE WHEN {both} THEN d_{ind.pk} END) AS sd_{ind.pk}")
        outer.append(f"COUNT(CASE WHEN {both} THEN 1 END) AS c_{ind.pk}")
    sql = (  # integers and placeholders only
        f"SELECT p.round_id, {', '.join(outer)} FROM ("  # noqa: S608
        f"SELECT s.round_id, {', '.join(cols)} "
        "FROM reports_submission s JOIN reports_figurevalue f ON f.submission_id = s.id "
        f"WHERE s.round_id IN ({_in(round_ids)}) AND s.status IN ({_in(statuses)}) "
        f"AND f.element_id IN ({', '.join(map(str, elements))}) "
        "GROUP BY s.id, s.round_id) p GROUP BY p.round_id"
    )
    return sql, [*round_ids, *statuses]


def floor_grid_sql(
    round_id: int, indicators: Sequence[Indicator], statuses: Sequence[str]
) -> tuple[str, list]:
    """Per agency of one round: the parts of every indicator (LEFT JOIN: an accepted report
    without figures still has its row)."""
    cols, elements = _pivot(indicators)
    sql = (  # integers and placeholders only
        f"SELECT s.agency_id, {', '.join(cols)} FROM reports_submission s "  # noqa: S608
        "LEFT JOIN reports_figurevalue f ON f.submission_id = s.id "
        f"AND f.element_id IN ({', '.join(map(str, elements))}) "
        f"WHERE s.round_id = %s AND s.status IN ({_in(statuses)}) GROUP BY s.id, s.agency_id"
    )
    return sql, [round_id, *statuses]


def floor_dashboard_sql(
    round_id: int,
    history_ids: Sequence[int],
    indicators: Sequence[Indicator],
    statuses: Sequence[str],
) -> tuple[str, list]:
    """One statement for the numbers of the committee dashboard: the round's agency grid
    and the province totals of the round and of every trend round."""
    cols, elements = _pivot(indicators)
    ids = sorted({round_id, *history_ids})
    grid_cols, total_cols = [], []
    for ind in indicators:
        both = _both(ind)
        grid_cols.append(f"n_{ind.pk}")
        total_cols.append(f"SUM(CASE WHEN {both} THEN n_{ind.pk} END)")
        if _is_ratio(ind):
            grid_cols.append(f"d_{ind.pk}")
            total_cols.append(f"SUM(CASE WHEN {both} THEN d_{ind.pk} END)")
        grid_cols.append("NULL")
        total_cols.append(f"COUNT(CASE WHEN {both} THEN 1 END)")
    sql = (  # integers and placeholders only
        f"WITH p AS (SELECT s.round_id, s.agency_id, {', '.join(cols)} "  # noqa: S608
        "FROM reports_submission s LEFT JOIN reports_figurevalue f ON f.submission_id = s.id "
        f"AND f.element_id IN ({', '.join(map(str, elements))}) "
        f"WHERE s.round_id IN ({_in(ids)}) AND s.status IN ({_in(statuses)}) "
        "GROUP BY s.id, s.round_id, s.agency_id) "
        f"SELECT round_id, agency_id, {', '.join(grid_cols)} FROM p WHERE round_id = %s "
        f"UNION ALL SELECT round_id, NULL, {', '.join(total_cols)} FROM p GROUP BY round_id"
    )
    return sql, [*ids, *statuses, round_id]


def run_sql(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def dec(value) -> Decimal | None:
    """A number from either side, comparable: Decimal with two places."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))
