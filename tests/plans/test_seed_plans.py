"""The demo plans against their source documents, target by target.

For each plan, every target is written out here as the reading a person makes of the text
(wording fragment, shape, comparator, milestones, "duy trì đến", domain, indicator), and
the loaded targets must be exactly these: nothing dropped, nothing invented. Every text the
loader stores must also occur in the seed document (whitespace normalised), so a typo or a
paraphrase fails here rather than on a printed plan."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from indicators.catalogue import DomainCode as D
from indicators.catalogue import IndicatorCode as IC
from plans.demo import seed_agencies
from plans.demo_plans import seed_plans
from plans.models import Plan, ReportingDuty, Target, Task

K = Target.Kind
C = Target.Comparator

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# 298/KH-UBND is not among the seeds. These are the sentences of the published text
# (thuvienphapluat.vn) the loader takes from it; its targets must be quoted from here.
HT_298_PUBLISHED = """
Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc gia
về bình đẳng giới giai đoạn 2021- 2030 (gọi tắt là Chiến lược), Ủy ban nhân dân tỉnh ban
hành Kế hoạch thực hiện Chiến lược trên địa bàn tỉnh Hà Tĩnh với nội dung cụ thể như sau:
I. MỤC TIÊU 1. Mục tiêu tổng quát Thu hẹp khoảng cách giới, tạo điều kiện, cơ hội để phụ
nữ và nam giới tham gia, thụ hưởng bình đẳng trong các lĩnh vực của đời sống xã hội, góp
phần vào sự phát triển bền vững của tỉnh Hà Tĩnh. 2. Mục tiêu cụ thể a) Mục tiêu 1: Trong
lĩnh vực chính trị Chỉ tiêu: Phấn đấu đến năm 2025 đạt 60% và đến năm 2030 đạt 75% các cơ
quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo tham gia quản lý là nữ.
b) Mục tiêu 2: Trong lĩnh vực kinh tế, lao động - Chỉ tiêu 1: Tăng tỷ lệ lao động nữ làm
công hưởng lương lên đạt 50% vào năm 2025 và khoảng 60% vào năm 2030. - Chỉ tiêu 2: Giảm tỷ
trọng lao động nữ làm việc trong khu vực nông nghiệp trong tổng số lao động nữ có việc làm
xuống dưới 30% vào năm 2025 và dưới 25% vào năm 2030. - Chỉ tiêu 3: Tỷ lệ nữ giám đốc/chủ
doanh nghiệp, hợp tác xã đạt ít nhất 27% vào năm 2025 và 30% vào năm 2030.
"""


def norm(text: str) -> str:
    """Whitespace joined, and Unicode composed: the Lạng Sơn seed writes some letters
    decomposed ("ê" + combining grave) where the app stores the composed "ề"."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return norm(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[dict[str, int]]:
    """Seed once for the whole module (seeding takes seconds; the tests only read), inside
    a transaction rolled back at the end so other modules start from the migrated
    database. Each test's own `db` transaction nests as a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            loaded = seed_plans(seed_agencies())
            keys = ("298", "000", "002", "003")
            yield {key: plan.pk for key, plan in zip(keys, loaded, strict=True)}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def plans(seeded: dict[str, int], db) -> dict[str, Plan]:
    by_key = {key: Plan.objects.get(pk=pk) for key, pk in seeded.items()}
    assert by_key["298"].number == 298 and by_key["000"].agency.code == "HT-SNGV"
    assert by_key["002"].kind == Plan.Kind.CAMPAIGN and by_key["003"].agency.code == "LS-SKHDT"
    return by_key


# ---------------------------------------------------------------- targets, one by one

Row = tuple[str, str, str, dict, int | None, str, str | None]


def m(**kwargs: int | tuple[int, int]) -> dict:
    """Milestones: m(y2025=35), m(every=100), m(every=(20, 25))."""
    out: dict = {}
    for key, value in kwargs.items():
        year = None if key == "every" else int(key.removeprefix("y"))
        out[year] = (
            (Decimal(value[0]), Decimal(value[1])) if isinstance(value, tuple) else Decimal(value)
        )
    return out


EXPECTED_TARGETS: dict[str, list[Row]] = {
    "298": [
        ("đạt 75% các cơ quan quản lý nhà nước", K.THRESHOLD, C.GE,
         m(y2025=60, y2030=75), None, D.CHINH_TRI, IC.TY_LE_CO_QUAN_LANH_DAO_NU),
        ("lao động nữ làm công hưởng lương", K.THRESHOLD, C.GE,
         m(y2025=50, y2030=60), None, D.KINH_TE, IC.TY_LE_NU_LAM_CONG_HUONG_LUONG),
        ("lao động nữ làm việc trong khu vực nông nghiệp", K.THRESHOLD, C.LT,
         m(y2025=30, y2030=25), None, D.KINH_TE, IC.TY_TRONG_NU_NONG_NGHIEP),
        ("nữ giám đốc/chủ doanh nghiệp, hợp tác xã", K.THRESHOLD, C.GE,
         m(y2025=27, y2030=30), None, D.KINH_TE, IC.TY_LE_NU_CHU_DOANH_NGHIEP),
    ],
    "000": [
        ("đạt 35% trở lên tỷ lệ cán bộ nữ được bổ nhiệm", K.THRESHOLD, C.GE,
         m(y2025=35), 2030, D.CHINH_TRI, IC.TY_LE_NU_LANH_DAO),
        ("tỷ lệ nữ trong diện quy hoạch", K.THRESHOLD, C.GE,
         m(y2025=40), 2030, D.CHINH_TRI, IC.TY_LE_NU_QUY_HOACH),
        ("tham gia cấp ủy đến năm 2030 đạt 80% trở lên", K.THRESHOLD, C.GE,
         m(every=80), None, D.CHINH_TRI, IC.TY_LE_NU_CAP_UY),
        ("100% nữ CBCCVC được kết nạp Đảng", K.ALL, C.GE,
         m(every=100), None, D.CHINH_TRI, IC.TY_LE_NU_CBCCVC_LA_DANG_VIEN),
        ("được bố trí việc làm phù hợp", K.ALL, C.GE,
         m(every=100), None, D.KINH_TE, IC.TY_LE_NU_BO_TRI_PHU_HOP),
        ("Ưu tiên tuyển dụng cán bộ nữ", K.QUALITATIVE, "",
         m(), None, D.KINH_TE, None),
        ("Rút ngắn khoảng cách về thời gian", K.QUALITATIVE, "",
         m(), None, D.GIA_DINH, None),
        ("không có hành vi bạo lực gia đình", K.ZERO, C.LE,
         m(every=0), None, D.GIA_DINH, IC.SO_VU_BAO_LUC_GIA_DINH),
        ("kiểm tra sức khỏe định kỳ, khám phụ khoa", K.ALL, C.GE,
         m(every=100), None, D.Y_TE, IC.TY_LE_NU_KHAM_SUC_KHOE),
        ("mang thai được nghỉ khám thai 5 lần", K.ALL, C.GE,
         m(every=100), None, D.Y_TE, IC.TY_LE_NGHI_KHAM_THAI),
        ("giảm tỷ lệ nạo, phá thai", K.QUALITATIVE, "",
         m(), None, D.Y_TE, IC.TY_LE_NAO_PHA_THAI),
        ("được bồi dưỡng nâng cao trình độ", K.ALL, C.GE,
         m(every=100), None, D.GIAO_DUC, IC.TY_LE_NU_DUOC_BOI_DUONG),
        ("giao tiếp được ít nhất 1 ngoại ngữ", K.THRESHOLD, C.GE,
         m(y2030=80), None, D.GIAO_DUC, IC.TY_LE_NU_NGOAI_NGU),
        ("không mang định kiến giới", K.QUALITATIVE, "",
         m(), None, D.TRUYEN_THONG, None),
        ("Triển khai việc cam kết thực hiện bình đẳng giới", K.QUALITATIVE, "",
         m(), None, D.TRUYEN_THONG, None),
        ("trên Cổng Thông tin điện tử của Sở", K.QUALITATIVE, "",
         m(), None, D.TRUYEN_THONG, None),
    ],
    "002": [
        ("Phải có cán bộ nữ trong cơ cấu Ban Thường vụ cấp ủy", K.QUALITATIVE, "",
         m(), None, D.CHINH_TRI, None),
        ("Tỷ lệ nữ cấp ủy viên các cấp đạt từ 20-25%", K.RANGE, C.RANGE,
         m(every=(20, 25)), None, D.CHINH_TRI, IC.TY_LE_NU_CAP_UY),
        ("nữ đại biểu Quốc hội, HĐND các cấp đạt trên 35%", K.THRESHOLD, C.GT,
         m(every=35), None, D.CHINH_TRI, IC.TY_LE_NU_DBQH),
        ("nữ đại biểu Quốc hội, HĐND các cấp đạt trên 35%", K.THRESHOLD, C.GT,
         m(every=35), None, D.CHINH_TRI, IC.TY_LE_NU_DAI_BIEU_HDND),
    ],
    # An annual plan of activities: it states no objective, so it has no targets.
    "003": [],
}  # fmt: skip


def actual_row(target: Target) -> tuple:
    milestones = {
        ms.year: ms.value if ms.value_high is None else (ms.value, ms.value_high)
        for ms in target.milestones.all()
    }
    return (
        target.kind,
        target.comparator,
        milestones,
        target.maintain_until,
        target.domain.code,
        target.indicator.code if target.indicator else None,
    )


@pytest.mark.parametrize("key", ["298", "000", "002", "003"])
def test_targets_are_exactly_the_documents_targets(plans, key: str) -> None:
    unmatched = list(plans[key].targets.all())
    for fragment, *reading in EXPECTED_TARGETS[key]:
        hits = [t for t in unmatched if fragment in t.wording and actual_row(t) == tuple(reading)]
        assert len(hits) == 1, f"{key}: no target reads as {fragment!r} → {reading}"
        unmatched.remove(hits[0])
    assert not unmatched, f"{key}: targets not in the document: {[t.wording for t in unmatched]}"


@pytest.mark.parametrize("key", ["298", "000", "002"])
def test_target_wording_is_quoted_from_the_document(plans, key: str) -> None:
    source = norm(HT_298_PUBLISHED) if key == "298" else seed_text(key)
    for target in plans[key].targets.all():
        assert norm(target.wording) in source, target.wording


def test_one_bullet_two_targets_each_with_its_own_words(plans) -> None:
    by_fragment = {t.wording: t for t in plans["000"].targets.all()}
    committee = next(w for w in by_fragment if "cấp ủy" in w)
    admission = next(w for w in by_fragment if "kết nạp Đảng" in w)
    assert "kết nạp" not in committee and "cấp ủy" not in admission
    pregnancy = next(w for w in by_fragment if "khám thai" in w)
    abortion = next(w for w in by_fragment if "nạo, phá thai" in w)
    assert "nạo" not in pregnancy and "khám thai" not in abortion


def test_quoted_party_resolution_targets_are_marked(plans) -> None:
    for target in plans["002"].targets.all():
        assert "26-NQ/TW" in target.note, target.wording


# ------------------------------------------------------------------ the rest of a plan


def test_plan_headers(plans) -> None:
    ht, sngv, month, ls = plans["298"], plans["000"], plans["002"], plans["003"]

    assert (ht.agency.code, ht.number, ht.symbol, ht.reference) == (
        "HT",
        298,
        "KH-UBND",
        "298/KH-UBND",
    )
    assert (ht.place, ht.issued_on, ht.kind) == (
        "Hà Tĩnh",
        datetime.date(2021, 8, 19),
        "multi_year",
    )
    assert ht.title == (
        "Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 "
        "trên địa bàn tỉnh Hà Tĩnh"
    )
    assert (ht.period_start, ht.period_end, ht.status, ht.parent) == (2021, 2030, "issued", None)

    assert sngv.parent == ht
    assert sngv.parent_reference.startswith("Căn cứ Kế hoạch số 298/KH-UBND ngày 19/8/2021")
    assert (sngv.number, sngv.symbol, sngv.reference) == (None, "KH-SNgV", "")
    assert (sngv.place, sngv.issued_on) == ("Hà Tĩnh", datetime.date(2021, 9, 6))
    assert (sngv.kind, sngv.period_start, sngv.period_end, sngv.status) == (
        "multi_year",
        2021,
        2030,
        "issued",
    )
    assert (sngv.signer_authority, sngv.signer_title, sngv.signer_name) == (
        "",
        "GIÁM ĐỐC",
        "Thái Phúc Sơn",
    )
    assert sngv.general_objective.startswith("Giảm khoảng cách giới")

    assert month.parent is None  # 218/KH-UBND is not loaded; the sentence keeps it
    assert month.parent_reference.startswith("Thực hiện Kế hoạch số 218/KH-UBND ngày 8/10/2020")
    assert (month.campaign_start, month.campaign_end) == (
        datetime.date(2020, 11, 15),
        datetime.date(2020, 12, 15),
    )
    assert (month.period_start, month.period_end, month.number, month.issued_on) == (
        2020,
        2020,
        None,
        None,
    )
    assert (month.signer_authority, month.signer_title, month.signer_name) == ("", "", "")

    assert (ls.kind, ls.period_start, ls.period_end, ls.parent) == ("annual", 2022, 2022, None)
    for number in ("62/KH-UBND", "120/KH-UBND", "48/KH-UBND", "47/KH-UBND"):
        assert number in ls.parent_reference
    assert (ls.signer_authority, ls.signer_title, ls.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Hà Mạnh Cường",
    )
    assert len(ls.purpose.splitlines()) == 2 and len(ls.requirements.splitlines()) == 2
    assert not ls.general_objective


EXPECTED_RECIPIENTS = {
    "000": [
        "- Ban VSTBPN tỉnh (Sở LĐTBXH);",
        "- Chi bộ Sở;",
        "- Ban Giám đốc Sở;",
        "- Công đoàn, Đoàn thanh niên;",
        "- Các phòng chuyên môn, đơn vị thuộc Sở;",
        "- Lưu: VT, VPTTr.",
    ],
    "002": [
        "- UBND tỉnh (để b/c);",
        "- Sở LĐTB&XH (để theo dõi);",
        "- Các Phòng, TTDVĐN, Công đoàn, Chi đoàn;",
        "- Website Sở;",
        "- Lưu: VT, H.",
    ],
    "003": [
        "- Sở LĐTB&XH;",
        "- Lãnh đạo Sở;",
        "- Các phòng, đơn vị thuộc Sở;",
        "- Ban VSTPCPN Sở;",
        "- Lưu: VT, VP.",
    ],
}


@pytest.mark.parametrize("key", ["000", "002", "003"])
def test_recipients_line_by_line(plans, key: str) -> None:
    lines = plans[key].recipients.splitlines()
    assert lines == EXPECTED_RECIPIENTS[key]
    source = seed_text(key)
    assert all(line in source for line in lines)


EXPECTED_SECTIONS = {
    "000": ["II", "1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "4", "5",
            "III", "1", "2", "3", "4", "5", "6", "7", "8", "IV", "1", "2", "3"],
    "002": ["1", "2", "3", "4"],
    "003": ["II", "1", "2", "3", "a", "b", "4", "5", "III", "1", "2"],
}  # fmt: skip


@pytest.mark.parametrize("key", ["000", "002", "003"])
def test_sections_in_document_order(plans, key: str) -> None:
    assert [s.number for s in plans[key].sections.all()] == EXPECTED_SECTIONS[key]
    parts = [s.part for s in plans[key].sections.all()]
    assert parts == sorted(parts, key=["content", "solutions", "organization"].index)
    assert plans["298"].sections.count() == 0


# lead unit → how many tasks it leads; every other task has no named lead.
EXPECTED_LEADS = {
    "000": {
        "Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh": 1,
        "Văn phòng - Thanh tra Sở": 4,
        "Chi bộ, Ban Giám đốc Sở": 1,
        "Ban Vì sự tiến bộ phụ nữ của Sở": 3,
        "Tổ chức Công đoàn và Nữ công của cơ quan": 1,
        "Các phòng chuyên môn, đơn vị trực thuộc": 1,
        "Tổ nữ công": 1,
        "Công đoàn Sở": 1,
        "Cấp uỷ Đảng và Lãnh đạo Sở": 1,
        "Ban Vì sự tiến bộ phụ nữ Sở": 4,
        "Các phòng chuyên môn, đơn vị thuộc Sở": 1,
    },
    "002": {
        "Ban Giám đốc, lãnh đạo các phòng chuyên môn, đơn vị sự nghiệp thuộc Sở": 1,
        "Văn phòng Sở": 1,
    },
    "003": {
        "Người đứng đầu cơ quan, đơn vị sử dụng công chức, viên chức": 1,
        "Ban Vì sự tiến bộ của phụ nữ": 3,
        "Các phòng, đơn vị": 1,
    },
}
EXPECTED_TASK_COUNTS = {"298": 0, "000": 34, "002": 13, "003": 20}


@pytest.mark.parametrize("key", ["298", "000", "002", "003"])
def test_tasks_and_their_lead_units(plans, key: str) -> None:
    tasks = list(plans[key].tasks.all())
    assert len(tasks) == EXPECTED_TASK_COUNTS[key]
    leads = Counter(t.lead_unit for t in tasks if t.lead_unit)
    assert leads == Counter(EXPECTED_LEADS.get(key, {}))
    assert all(t.section is not None and t.section.plan_id == plans[key].pk for t in tasks)


def test_lead_unit_in_the_system_is_linked(plans) -> None:
    linked = plans["000"].tasks.filter(lead_agency__code="HT-SNGV-VPTT")
    assert linked.count() == 4
    assert set(linked.values_list("lead_unit", flat=True)) == {"Văn phòng - Thanh tra Sở"}
    assert not Task.objects.exclude(plan=plans["000"]).filter(lead_agency__isnull=False).exists()


def test_recurrence_follows_the_words(plans) -> None:
    sngv = plans["000"].tasks
    yearly = sngv.filter(recurrence=Task.Recurrence.YEARLY)
    assert yearly.count() == 5
    for task in yearly:
        assert re.search(r"hàng năm|từng năm|định kỳ", task.description, re.IGNORECASE)
    assert list(sngv.filter(recurrence="dated").values_list("schedule", flat=True)) == [
        "các ngày lễ kỷ niệm của phụ nữ"
    ]
    assert set(
        plans["002"].tasks.filter(recurrence="dated").values_list("schedule", flat=True)
    ) == {"tháng 6; 15/11–15/12", "trước 10/6; trước 10/12"}
    assert set(
        plans["003"].tasks.filter(recurrence="dated").values_list("schedule", flat=True)
    ) == {"tháng 6/2022; 15/11–15/12/2022", "08/3; 20/10; 15/11–15/12"}


def _duties(plan: Plan) -> set[tuple]:
    return {
        (d.kind, d.deadline_day, d.deadline_month, d.recipient) for d in plan.reporting_duties.all()
    }


def test_reporting_duties(plans) -> None:
    MID, ANNUAL = ReportingDuty.Kind.MID_YEAR, ReportingDuty.Kind.ANNUAL
    to_sngv = "Ban Vì sự tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở"
    assert _duties(plans["000"]) == {(MID, None, None, to_sngv), (ANNUAL, None, None, to_sngv)}
    to_sldtbxh = "Sở Lao động-Thương binh và Xã hội"
    assert _duties(plans["002"]) == {(MID, 10, 6, to_sldtbxh), (ANNUAL, 10, 12, to_sldtbxh)}
    assert _duties(plans["003"]) == {
        (ReportingDuty.Kind.OTHER, None, None, "Ban vì sự tiến bộ phụ nữ tỉnh")
    }
    assert {(k, d, mo) for k, d, mo, _ in _duties(plans["298"])} == {
        (MID, 10, 6),
        (ANNUAL, 10, 12),
    }
    for key in ("000", "002", "003"):
        source = seed_text(key)
        for duty in plans[key].reporting_duties.all():
            assert duty.recipient in source


@pytest.mark.parametrize("key", ["000", "002", "003"])
def test_every_stored_text_is_the_documents_own(plans, key: str) -> None:
    plan = plans[key]
    source = seed_text(key)
    texts = [
        plan.title,
        plan.parent_reference,
        plan.general_objective,
        plan.closing,
        plan.signer_name,
        *plan.purpose.splitlines(),
        *plan.requirements.splitlines(),
    ]
    for section in plan.sections.all():
        texts.append(section.heading)
        texts.extend(section.body.splitlines())
    for task in plan.tasks.all():
        texts.extend([task.description, task.lead_unit])
    for text in filter(None, texts):
        assert norm(text) in source, text


def test_seeding_twice_changes_nothing(plans) -> None:
    def snapshot() -> tuple:
        return (
            sorted(Plan.objects.values_list("pk", flat=True)),
            sorted(Target.objects.values_list("pk", "wording")),
            sorted(Task.objects.values_list("pk", "description")),
            Task.history.count(),
            Target.history.count(),
        )

    before = snapshot()
    seed_plans(seed_agencies())
    assert snapshot() == before
