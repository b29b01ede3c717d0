"""Reading plan documents: the seeds against their hand-structured reading
(plans/demo_plans.py), the file formats, and the refusals."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest

from plans import demo_plans
from plans.extraction import (
    Document,
    ExtractionError,
    extract,
    normalise,
    read_document,
    suggest_indicator,
)
from plans.models import Target

CORPUS = Path(__file__).resolve().parent / "corpus"
SEEDS = {
    "HT-SNGV-2021-2030": "seed_000_sngv_2021_2030.txt",
    "HT-SNGV-2020-thang-hanh-dong": "seed_002_sngv_thang_hanh_dong_2020.txt",
    "LS-SKHDT-2022": "seed_003_skhdt_ls_2022.txt",
}
SPECS = {spec.key: spec for spec in demo_plans.PLANS}
_CMP = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<", "eq": "=", "range": "range"}


def seed(key: str):
    return extract((CORPUS / SEEDS[key]).read_bytes(), SEEDS[key])


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".;")


def demo_numeric_targets(key: str) -> list[tuple]:
    """The seed's measurable targets as plans/demo_plans.py has them, in the extractor's
    terms: (comparator, ((year, low, high), …), maintain_until)."""
    out = []
    for t in SPECS[key].targets:
        if t.kind == Target.Kind.QUALITATIVE:
            continue
        comparator = "zero" if t.kind == Target.Kind.ZERO else _CMP[t.comparator]
        milestones = []
        for year, value in sorted(t.milestones.items(), key=lambda kv: kv[0] or 0):
            low, high = value if isinstance(value, tuple) else (value, None)
            milestones.append((year, float(low), None if high is None else float(high)))
        out.append((comparator, tuple(milestones), t.maintain_until))
    return sorted(out, key=repr)


def extracted_numeric_targets(key: str) -> list[tuple]:
    out = []
    for t in seed(key).to_json()["targets"]:
        milestones = tuple(
            (m["year"], float(m["value"]), None if m["value_max"] is None else m["value_max"])
            for m in t["milestones"]
        )
        out.append((t["comparator"], milestones, t["maintain_until"]))
    return sorted(out, key=repr)


# --- the seeds ------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(SEEDS))
def test_every_numeric_target_of_the_seeds_and_nothing_else(key):
    assert extracted_numeric_targets(key) == demo_numeric_targets(key)


@pytest.mark.parametrize("key", list(SEEDS))
def test_target_wording_is_the_source_clause_and_spans_point_at_it(key):
    result = seed(key)
    demo_wordings = {_norm(t.wording) for t in SPECS[key].targets}
    for t in result.targets:
        assert result.text[t.start : t.end] == t.text
        assert _norm(t.text) in demo_wordings, t.text


@pytest.mark.parametrize("key", list(SEEDS))
def test_seed_tasks_and_lead_units_match_the_hand_reading(key):
    result = seed(key)
    got = {_norm(t.text): t.lead or "" for t in result.tasks}
    demo = [t for s in SPECS[key].sections for t in s.tasks]
    matched = [t for t in demo if _norm(t.description) in got]
    # Every task of the hand reading is found with its text, but one whose number and
    # lead share a line ("2. Các phòng, đơn vị: Triển khai …"), read here as one task.
    assert len(matched) >= len(demo) - 1
    for t in matched:
        assert got[_norm(t.description)] == t.lead_unit, t.description


def test_seed_000_header_reporting_recipients_signer():
    r = seed("HT-SNGV-2021-2030")
    data = r.to_json()
    spec = SPECS["HT-SNGV-2021-2030"]
    assert data["place"] == "Hà Tĩnh"
    assert data["issued_on"] == "2021-09-06"
    assert data["title"] == spec.title
    assert data["period"] == {"start": 2021, "end": 2030}
    assert data["kind"] == "multi_year"
    assert data["agency"] == "Sở Ngoại vụ"
    assert data["recipients"] == list(spec.recipients)
    assert data["signer"] == {"name": "Thái Phúc Sơn", "title": "GIÁM ĐỐC"}
    assert data["parent_reference"] == spec.parent_reference
    assert data["references"][0]["number"] == "298/KH-UBND"
    assert data["references"][0]["date"] == "2021-08-19"
    assert data["general_objective"] == spec.general_objective
    assert {(d["kind"], d["recipient"]) for d in data["reporting"]} == {
        ("mid_year", "Ban Vì sự tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở"),
        ("annual", "Ban Vì sự tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở"),
    }
    domains = [t["domain"] for t in data["targets"]]
    assert domains == [d.domain for d in spec.targets if d.kind != Target.Kind.QUALITATIVE]


def test_seed_000_suggested_indicators_match_the_hand_reading():
    r = seed("HT-SNGV-2021-2030")
    spec = SPECS["HT-SNGV-2021-2030"]
    want = [t.indicator for t in spec.targets if t.kind != Target.Kind.QUALITATIVE]
    assert [t.indicator for t in r.targets] == want


def test_seed_000_qualitative_objectives_are_kept_apart():
    r = seed("HT-SNGV-2021-2030")
    texts = [o.text for o in r.objectives]
    assert "Ưu tiên tuyển dụng cán bộ nữ vào làm việc tại cơ quan, đơn vị trực thuộc." in texts
    assert "giảm tỷ lệ nạo, phá thai trong nữ CBCCVC." in texts
    assert next(o for o in r.objectives if "nạo" in o.text).indicator == "ty-le-nao-pha-thai"


def test_seed_002_campaign_quote_and_deadlines():
    data = seed("HT-SNGV-2020-thang-hanh-dong").to_json()
    assert data["kind"] == "campaign"
    assert data["campaign"] == {"start": "2020-11-15", "end": "2020-12-15"}
    assert data["period"] == {"start": 2020, "end": 2020}
    # The quoted target of Nghị quyết 26 names two bodies: one target each.
    assert [i["indicator"] for i in data["target_indicators"]] == [
        "ty-le-nu-cap-uy",
        "ty-le-nu-dbqh",
        "ty-le-nu-dai-bieu-hdnd",
    ]
    assert {(d["kind"], d["day"], d["month"]) for d in data["reporting"]} == {
        ("mid_year", 10, 6),
        ("annual", 10, 12),
    }
    assert data["signer"] == {"name": None, "title": None}


def test_seed_003_signer_with_authority_and_no_targets():
    data = seed("LS-SKHDT-2022").to_json()
    assert data["signer"] == {"name": "Hà Mạnh Cường", "title": "PHÓ GIÁM ĐỐC"}
    assert data["signer_authority"] == "KT. GIÁM ĐỐC"
    assert data["agency"] == "Sở Kế hoạch và Đầu tư"
    assert data["period"] == {"start": 2022, "end": 2022}
    assert data["targets"] == []
    assert [r["number"] for r in data["references"]] == [
        "62/KH-UBND",
        "120/KH-UBND",
        "48/KH-UBND",
        "47/KH-UBND",
    ]


def test_json_is_serialisable_with_the_issue_keys():
    data = seed("HT-SNGV-2021-2030").to_json()
    json.dumps(data, ensure_ascii=False)
    for key in ("agency", "number", "place", "issued_on", "title", "period", "targets"):
        assert key in data
    target = data["targets"][0]
    assert set(target) == {
        "text",
        "domain",
        "comparator",
        "unit",
        "approx",
        "milestones",
        "maintain_until",
        "period",
    }


# --- normalising ------------------------------------------------------------------------


def test_reflow_joins_wrapped_lines_and_keeps_headings_and_bullets():
    lines = [
        "KẾ HOẠCH",
        "Thực hiện công tác bình đẳng giới của",
        "Sở Nội vụ năm 2024",
        "I. MỤC TIÊU",
        "- Phấn đấu tỷ lệ nữ lãnh đạo đạt 35% trở lên vào",
        "năm 2025.",
        "a) Lĩnh vực y tế",
        "- 100% nữ CBCCVC được khám sức khỏe định kỳ.",
    ]
    text = normalise(Document("text", lines))
    assert text.split("\n") == [
        "KẾ HOẠCH",
        "Thực hiện công tác bình đẳng giới của Sở Nội vụ năm 2024",
        "I. MỤC TIÊU",
        "- Phấn đấu tỷ lệ nữ lãnh đạo đạt 35% trở lên vào năm 2025.",
        "a) Lĩnh vực y tế",
        "- 100% nữ CBCCVC được khám sức khỏe định kỳ.",
    ]


def test_blank_lines_separate_paragraphs_in_hand_typed_text():
    one = "Đoạn một, gõ tay thành một dòng dài không xuống dòng giữa câu, " * 3 + "không chấm"
    two = "Đoạn hai, cũng là một dòng dài của văn bản gõ tay, " * 3 + "có dấu chấm."
    lines = ["KẾ HOẠCH", "Công tác năm 2024", "", one, "", two]
    text = normalise(Document("text", lines))
    assert f"{one}\n{two}" in text


# --- indicators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("tỷ lệ nữ trong diện quy hoạch lãnh đạo", "ty-le-nu-quy-hoach"),
        ("nữ giám đốc/chủ doanh nghiệp, hợp tác xã", "ty-le-nu-chu-doanh-nghiep"),
        ("cập nhật tin, bài trên Cổng thông tin điện tử", "so-bai-viet"),
        ("lao động nữ làm công hưởng lương", "ty-le-nu-lam-cong-huong-luong"),
        ("không có hành vi bạo lực gia đình", "so-vu-bao-luc-gia-dinh"),
    ],
)
def test_indicator_suggestion(text, code):
    assert suggest_indicator(text)[0] == code


def test_no_indicator_for_unrelated_words():
    assert suggest_indicator("Triển khai việc cam kết thực hiện")[0] is None


# --- file formats --------------------------------------------------------------------------


def _docx(paragraphs: list[str], header: tuple[list[str], list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    if header:
        table = document.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, header, strict=True):
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PLAN_LINES = [
    "KẾ HOẠCH",
    "Thực hiện công tác bình đẳng giới năm 2024",
    "I. MỤC TIÊU",
    "- Tỷ lệ nữ lãnh đạo cấp phòng đạt 35% trở lên.",
    "II. NỘI DUNG",
    "1. Văn phòng Sở chủ trì tổ chức tập huấn về bình đẳng giới.",
    "Nơi nhận:",
    "- Lưu: VT.",
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "Nguyễn Thị Lan",
]


def test_docx_with_header_table():
    data = _docx(
        PLAN_LINES,
        header=(
            ["UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ", "Số: 15/KH-SNV"],
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Hà Tĩnh, ngày 05 tháng 3 năm 2024",
            ],
        ),
    )
    r = extract(data, "ke-hoach.docx")
    assert r.source_kind == "docx"
    assert r.agency.text == "SỞ NỘI VỤ"
    assert r.governing_body == "UBND TỈNH HÀ TĨNH"
    assert r.number.text == "15/KH-SNV"
    assert (r.place, r.issued_on) == ("Hà Tĩnh", datetime.date(2024, 3, 5))
    assert r.title.text == "Thực hiện công tác bình đẳng giới năm 2024"
    assert [(t.comparator, t.milestones[0].value) for t in r.targets] == [(">=", 35)]
    assert r.tasks[0].lead == "Văn phòng Sở"
    assert (r.signer_authority.text, r.signer_title.text, r.signer_name.text) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thị Lan",
    )


def test_pdf_with_a_text_layer():
    weasyprint = pytest.importorskip("weasyprint")
    html = "".join(f"<p>{line}</p>" for line in PLAN_LINES)
    pdf = weasyprint.HTML(string=f"<html><body>{html}</body></html>").write_pdf()
    r = extract(pdf, "ke-hoach.pdf")
    assert r.source_kind == "pdf"
    assert [(t.comparator, t.milestones[0].value) for t in r.targets] == [(">=", 35)]
    assert r.signer_name.text == "Nguyễn Thị Lan"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letters (â, ê, ơ, ư, đ …) precomposed, tone
    marks as combining characters. Python's codec does not compose, so do it here."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + "".join(c for c in d if c in tones)).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258", "utf-8-sig"])
def test_text_encodings(encoding):
    text = "\n".join(PLAN_LINES)
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    r = extract(data, "ke-hoach.txt")
    assert r.title.text == "Thực hiện công tác bình đẳng giới năm 2024"


def _pdf_without_text() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    weasyprint = pytest.importorskip("weasyprint")
    reader = PdfReader(io.BytesIO(weasyprint.HTML(string="<p>KẾ HOẠCH</p>").write_pdf()))
    writer = PdfWriter(clone_from=reader)
    writer.encrypt(user_password="bi-mat", owner_password="bi-mat")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"", "trống"),
        (lambda: b"   \n  ", "trống"),
        (_pdf_without_text, "không có lớp chữ"),
        (lambda: b"%PDF-1.4\n1 0 obj garbage", "PDF"),
        (_encrypted_pdf, "mật khẩu"),
        (lambda: b"PK\x03\x04broken", "Word"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
        (lambda: bytes(range(256)) * 20, "không phải văn bản"),
        (lambda: "Danh sách khách mời dự hội nghị.\nÔng A\nBà B".encode(), "Không nhận ra"),
        (lambda: b"x" * (5 * 1024 * 1024 + 1), "5 MB"),
    ],
)
def test_refusals_say_why_in_vietnamese(make, message):
    with pytest.raises(ExtractionError) as info:
        extract(make(), "tep")
    assert message in str(info.value)


def test_zip_that_is_not_word():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ExtractionError, match="không phải Word"):
        read_document(buffer.getvalue(), "bang.xlsx")
