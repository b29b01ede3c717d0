"""Official documents: layout facts of Nghị định 30/2020 read back from the PDFs, numbers,
frozen snapshots, stored files, and the background render."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from indicators.models import Indicator
from plans.models import Plan
from reports import documents
from reports.models import Document, FigureValue
from tests.conftest import client_for, plan_of
from tests.reports.document_helpers import accept

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
def pdf_text(data: bytes, tmp_path, *, layout: bool = True) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def first_line(data: bytes, page: int, tmp_path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return next(line.strip() for line in out.splitlines() if line.strip())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def page_texts(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def assert_a4_and_embedded(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    portrait = [p for p in reader.pages if float(p.mediabox.width) < float(p.mediabox.height)]
    assert portrait, "no portrait page"
    for page in portrait:
        assert abs(float(page.mediabox.width) - 595.28) < 1
        assert abs(float(page.mediabox.height) - 841.89) < 1
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (
                descendant[0].get_object()["/FontDescriptor"]
                if descendant
                else font.get("/FontDescriptor")
            )
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"fonts not embedded: {fonts}"
    # Only the bundled serif: nothing from the machine's fonts.
    assert all("GP-Serif" in name for name in fonts), fonts


def issue_and_render(kind: str, source, actor, **kwargs) -> Document:
    issued = documents.document_issue(kind=kind, source=source, actor=actor, **kwargs)
    doc = issued.document
    if issued.needs_render:
        doc = documents.document_render(doc)
    assert doc.status == Document.Status.READY, doc.error
    return doc


def stored(doc: Document) -> bytes:
    with doc.file.open("rb") as fh:
        return fh.read()


def save_artifact(name: str, data: bytes) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(data)


# --------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2021, 9, 6), "Hà Tĩnh, ngày 06 tháng 9 năm 2021"),
        (datetime.date(2022, 1, 5), "Hà Tĩnh, ngày 05 tháng 01 năm 2022"),
        (datetime.date(2022, 2, 15), "Hà Tĩnh, ngày 15 tháng 02 năm 2022"),
        (datetime.date(2022, 3, 23), "Hà Tĩnh, ngày 23 tháng 3 năm 2022"),
        (datetime.date(2025, 12, 10), "Hà Tĩnh, ngày 10 tháng 12 năm 2025"),
        (datetime.date(2020, 10, 8), "Hà Tĩnh, ngày 08 tháng 10 năm 2020"),
    ],
)
def test_official_date_line_leading_zeros(day, expected) -> None:
    assert documents.official_date_line("Hà Tĩnh", day) == expected


def test_official_date_line_blank_for_a_draft() -> None:
    line = documents.official_date_line("Lạng Sơn", None, year=2022)
    assert re.fullmatch(r"Lạng Sơn, ngày\s{3,}tháng\s{3,}năm 2022", line)


def test_number_text() -> None:
    assert documents.number_text(3, "BC-SNgV") == "03/BC-SNgV"
    assert documents.number_text(298, "KH-UBND") == "298/KH-UBND"
    assert re.fullmatch(r"\s{4,}/KH-SNgV", documents.number_text(None, "KH-SNgV"))


def test_recipients_end_with_semicolons_and_the_archive_line() -> None:
    lines = documents.recipient_lines("Lưu: VT, VP.\n- Sở LĐTB&XH;\nLãnh đạo Sở")
    assert lines == ["- Sở LĐTB&XH;", "- Lãnh đạo Sở;", "- Lưu: VT, VP."]
    assert documents.recipient_lines("")[-1] == "- Lưu: VT."


# --------------------------------------------------------------------------------------
# The three seed plans read like their originals
# --------------------------------------------------------------------------------------
@pytest.fixture
def seed_plans(db, django_user_model):
    from plans.demo import seed_agencies
    from plans.demo_plans import seed_plans as load

    agencies = seed_agencies()
    load(agencies)
    admin = django_user_model.objects.create_superuser("root-doc", password="x")
    return admin, {p.agency.code + ":" + str(p.period_start): p for p in Plan.objects.all()}


def test_seed_plan_sngv_2021_2030(seed_plans, tmp_path) -> None:
    admin, plans = seed_plans
    plan = plans["HT-SNGV:2021"]
    doc = issue_and_render(Document.Kind.PLAN, plan, admin)
    data = stored(doc)
    save_artifact("doc-plan-sngv-2021.pdf", data)
    assert_a4_and_embedded(data)
    text = pdf_text(data, tmp_path)
    head = text.split("KẾ HOẠCH")[0]
    assert "UBND TỈNH HÀ TĨNH" in head
    assert "SỞ NGOẠI VỤ" in head
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head
    assert "Độc lập - Tự do - Hạnh phúc" in head
    assert "Hà Tĩnh, ngày 06 tháng 9 năm 2021" in head
    # No number in the original: a blank for the hand, as on paper.
    assert re.search(r"Số:\s+/KH-SNgV", head)
    body = flat(text)
    for phrase in [
        "Thực hiện Chiến lược quốc gia về bình đẳng giới của Sở Ngoại vụ giai đoạn 2021 – 2030",
        "Căn cứ Kế hoạch số 298/KH-UBND ngày 19/8/2021",
        "I. MỤC TIÊU",
        "1. Mục tiêu tổng quát",
        "2. Mục tiêu cụ thể",
        "a) Mục tiêu 1: Trong lĩnh vực chính trị",
        "đạt 35% trở lên tỷ lệ cán bộ nữ được bổ nhiệm chức vụ lãnh đạo quản lý cơ quan",
        "b) Mục tiêu 2: Trong lĩnh vực kinh tế, lao động",
        "II. NỘI DUNG THỰC HIỆN",
        "2.1. Quy hoạch đội ngũ công chức, viên chức nữ",
        "III. GIẢI PHÁP THỰC HIỆN",
        "IV. TỔ CHỨC THỰC HIỆN",
        "của Sở Ngoại vụ./.",
        "Nơi nhận:",
        "- Ban VSTBPN tỉnh (Sở LĐTBXH);",
        "- Lưu: VT, VPTTr.",
        "GIÁM ĐỐC",
        "Thái Phúc Sơn",
    ]:
        assert phrase in body, phrase
    # Domains in the order of the strategy, "đ)" after "d)".
    assert body.index("d) Mục tiêu 4") < body.index("đ) Mục tiêu 5") < body.index("e) Mục tiêu 6")
    assert len(page_texts(data)) >= 3
    # Page numbers centred at the top from page 2, none on page 1.
    assert first_line(data, 2, tmp_path) == "2"
    assert first_line(data, 3, tmp_path) == "3"
    assert first_line(data, 1, tmp_path).startswith("UBND TỈNH HÀ TĨNH")


def test_seed_plan_action_month_is_numbered_straight_through(seed_plans, tmp_path) -> None:
    admin, plans = seed_plans
    plan = plans["HT-SNGV:2020"]
    data = stored(issue_and_render(Document.Kind.PLAN, plan, admin))
    save_artifact("doc-plan-sngv-2020.pdf", data)
    text = pdf_text(data, tmp_path)
    body = flat(text)
    assert re.search(r"Hà Tĩnh, ngày\s+tháng\s+năm 2020", text)
    assert "1. Đẩy mạnh truyền thông vì bình đẳng giới" in body
    assert "4. Tổ chức thực hiện" in body
    # Like the original: no "I. MỤC TIÊU" part; the quoted targets stay inside item 1.
    assert "MỤC TIÊU" not in body
    assert body.count("Tỷ lệ nữ cấp ủy viên các cấp đạt từ") == 1
    assert "- Lưu: VT, H." in body


def test_seed_plan_lang_son_deputy_signs(seed_plans, tmp_path) -> None:
    admin, plans = seed_plans
    plan = plans["LS-SKHDT:2022"]
    data = stored(issue_and_render(Document.Kind.PLAN, plan, admin))
    save_artifact("doc-plan-ls-2022.pdf", data)
    text = pdf_text(data, tmp_path)
    body = flat(text)
    assert "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" in body
    assert "Lạng Sơn, ngày" in body
    assert "I. MỤC ĐÍCH, YÊU CẦU" in body
    assert "1. Mục đích" in body and "2. Yêu cầu" in body
    assert "III. TỔ CHỨC THỰC HIỆN" in body
    assert "KT. GIÁM ĐỐC" in body and "PHÓ GIÁM ĐỐC" in body
    assert "Hà Mạnh Cường" in body
    assert "- Lưu: VT, VP." in body


# --------------------------------------------------------------------------------------
# Agency report
# --------------------------------------------------------------------------------------
@pytest.fixture
def accepted(world, reporting):
    """Agency A's 2025 report accepted, its plan's leader target measured by an indicator."""
    plan = plan_of(world, "a")
    target = plan.targets.get()
    target.indicator = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    target.save()
    from reports import services

    figures = {
        "t-cbccvc": services.FigureInput(total="42", women="19"),
        "t-lanh-dao": services.FigureInput(total="9", women="3"),
        "t-truyen-thong": services.FigureInput(value="4"),
    }
    return accept(reporting.sub_a, world, figures)


def test_agency_report_pdf(world, accepted, tmp_path) -> None:
    doc = issue_and_render(
        Document.Kind.SUBMISSION, accepted, world.leader_a, today=datetime.date(2025, 12, 5)
    )
    data = stored(doc)
    save_artifact("doc-submission.pdf", data)
    assert_a4_and_embedded(data)
    text = pdf_text(data, tmp_path)
    head = text.split("BÁO CÁO")[0]
    assert "UBND TỈNH HÀ TĨNH" in head and "SỞ NGOẠI VỤ" in head
    assert "Số: 01/BC-SNgV" in head
    assert "Hà Tĩnh, ngày 05 tháng 12 năm 2025" in head
    body = flat(pdf_text(data, tmp_path, layout=False))
    assert "Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2025" in body
    # The target, the value against it (3 women of 9 leaders) and its status.
    assert "Đạt 35% trở lên tỷ lệ cán bộ nữ giữ chức vụ lãnh đạo" in body
    assert "33,3% (3/9)" in body
    assert "Không đạt" in body
    # Annex: every figure with women, men and the share of women.
    assert "PHỤ LỤC" in body
    assert "(Kèm theo Báo cáo số 01/BC-SNgV ngày 05/12/2025 của Sở Ngoại vụ)" in body
    assert re.search(r"Cán bộ, công chức, viên chức\s+người\s+42\s+19\s+23\s+45,2", body)
    assert re.search(r"Lãnh đạo, quản lý\s+người\s+9\s+3\s+6\s+33,3", body)
    assert "Thái Phúc Sơn" in body
    assert "- Lưu: VT." in body
    assert doc.signature_box and doc.signature_box["box"][2] > doc.signature_box["box"][0]
    # The snapshot keeps the raw figures.
    assert doc.snapshot["data"]["figures"]["t-lanh-dao"] == {
        "total": "9",
        "women": "3",
        "value": None,
    }


def test_report_of_a_draft_is_refused(world, reporting) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        documents.document_issue(
            kind=Document.Kind.SUBMISSION, source=reporting.sub_a, actor=world.staff_a
        )
    assert not Document.objects.exists()


def test_numbers_restart_each_year_and_unchanged_data_keeps_its_number(world, accepted) -> None:
    def issue(day):
        return documents.document_issue(
            kind=Document.Kind.SUBMISSION, source=accepted, actor=world.staff_a, today=day
        )

    first = issue(datetime.date(2025, 12, 5))
    assert (first.document.number, first.document.reference) == (1, "01/BC-SNgV")
    again = issue(datetime.date(2025, 12, 6))
    assert again.document.pk == first.document.pk and not again.created

    # The data changed (a correction after reopening): a new document, the next number.
    FigureValue.objects.filter(submission=accepted, element__code="t-lanh-dao").update(women=4)
    second = issue(datetime.date(2025, 12, 8))
    assert second.document.reference == "02/BC-SNgV"

    FigureValue.objects.filter(submission=accepted, element__code="t-lanh-dao").update(women=5)
    next_year = issue(datetime.date(2026, 1, 5))
    assert (next_year.document.year, next_year.document.number) == (2026, 1)
    assert list(
        Document.objects.filter(agency=world.agency_a).order_by("pk").values_list("year", "number")
    ) == [(2025, 1), (2025, 2), (2026, 1)]


def test_download_returns_the_stored_bytes_never_a_new_render(world, accepted, monkeypatch) -> None:
    client = client_for(world, "leader_a")
    response = client.post(reverse("document_submission_create", args=[accepted.pk]))
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "document_detail", args=[doc.pk]
    )
    first = b"".join(client.get(reverse("document_download", args=[doc.pk])).streaming_content)

    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(documents, "render_pdf", no_render)
    FigureValue.objects.filter(submission=accepted).update(women=0)
    response = client.get(reverse("document_download", args=[doc.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    second = b"".join(response.streaming_content)
    assert first == second == stored(doc)
    page = client.get(reverse("document_detail", args=[doc.pk]))
    assert doc.sha256 in page.content.decode()


def test_committee_may_not_issue_an_agency_report_but_reads_it(world, accepted) -> None:
    leader = client_for(world, "leader_a")
    leader.post(reverse("document_submission_create", args=[accepted.pk]))
    doc = Document.objects.get()
    committee = client_for(world, "committee")
    assert (
        committee.post(reverse("document_submission_create", args=[accepted.pk])).status_code == 403
    )
    assert committee.get(reverse("document_download", args=[doc.pk])).status_code == 200
    assert (
        client_for(world, "staff_b").get(reverse("document_detail", args=[doc.pk])).status_code
        == 404
    )


# --------------------------------------------------------------------------------------
# Failures and the background render of the province report
# --------------------------------------------------------------------------------------
def test_a_failed_render_is_marked_failed_and_offers_no_file(world, accepted, monkeypatch) -> None:
    def broken(snapshot):
        raise RuntimeError("font cache unavailable")

    monkeypatch.setattr(documents, "render_pdf", broken)
    client = client_for(world, "leader_a")
    response = client.post(reverse("document_submission_create", args=[accepted.pk]))
    doc = Document.objects.get()
    assert response.status_code == 302
    assert doc.status == Document.Status.FAILED and not doc.file and not doc.sha256
    assert "font cache unavailable" in doc.error
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    page = client.get(reverse("document_detail", args=[doc.pk])).content.decode()
    assert "Không tạo được tệp PDF" in page and "Tạo lại tệp PDF" in page

    # Trying again keeps the reserved number.
    monkeypatch.undo()
    client.post(reverse("document_submission_create", args=[accepted.pk]))
    doc.refresh_from_db()
    assert doc.status == Document.Status.READY and doc.reference == "01/BC-SNgV"
    assert Document.objects.count() == 1


def test_a_render_that_never_finishes_is_marked_failed(world, accepted) -> None:
    issued = documents.document_issue(
        kind=Document.Kind.SUBMISSION, source=accepted, actor=world.staff_a
    )
    doc = issued.document
    Document.objects.filter(pk=doc.pk).update(
        render_started_at=doc.created_at - datetime.timedelta(hours=1)
    )
    doc.refresh_from_db()
    doc = documents.refresh_status(doc)
    assert doc.status == Document.Status.FAILED
    assert "Quá thời gian" in doc.error


@pytest.fixture
def round_accepted(world, accepted, reporting):
    from reports import services

    services.submission_save_draft(
        submission=reporting.sub_b,
        actor=world.superuser,
        base_version=reporting.sub_b.version,
        changes=services.DraftChanges(
            figures={
                "t-cbccvc": services.FigureInput(total="60", women="30"),
                "t-lanh-dao": services.FigureInput(total="10", women="5"),
                "t-truyen-thong": services.FigureInput(value="2"),
            },
            narrative={"results": "Tổ chức tập huấn."},
        ),
    )
    return reporting.round


# The worker closes "old" connections between tasks, as a real worker process does: the
# test must not run inside one rolled-back transaction (PostgreSQL would lose it).
@pytest.mark.django_db(transaction=True)
def test_province_report_renders_in_the_background_worker(
    world, round_accepted, django_capture_on_commit_callbacks, tmp_path
) -> None:
    client = client_for(world, "committee")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("document_round_create", args=[round_accepted.pk]))
    doc = Document.objects.get(kind=Document.Kind.ROUND)
    assert response.status_code == 302
    assert doc.status == Document.Status.RENDERING and doc.task_id
    # The page polls while the worker renders, and offers no download yet.
    page = client.get(reverse("document_detail", args=[doc.pk])).content.decode()
    assert "Đang tạo tệp PDF…" in page and 'hx-trigger="every 2s"' in page
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404

    call_command("db_worker", batch=True, interval=0, startup_delay=False)

    doc.refresh_from_db()
    assert doc.status == Document.Status.READY, doc.error
    status = client.get(reverse("document_status", args=[doc.pk]), headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true"
    data = b"".join(client.get(reverse("document_download", args=[doc.pk])).streaming_content)
    save_artifact("doc-round.pdf", data)
    assert_a4_and_embedded(data)
    body = flat(pdf_text(data, tmp_path))
    assert "SỞ NỘI VỤ" in body and "Số: 01/BC-STN" in body  # the factory abbreviation
    body = flat(pdf_text(data, tmp_path, layout=False))
    assert (
        "Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2025 "
        "trên địa bàn tỉnh Hà Tĩnh"
    ) in body
    assert "I. TÌNH HÌNH THỰC HIỆN CHẾ ĐỘ BÁO CÁO" in body
    # Only the accepted report counts: agency A's 3 women of 9 leaders.
    assert "33,3% (3/9)" in body
    assert "PHỤ LỤC I" in body and "Sở Ngoại vụ" in body
    # Agency A is below its own target (35%): listed, and starred in the annex.
    assert "III. CƠ QUAN, ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU CỦA KẾ HOẠCH" in body
    assert "33,3% (*)" in body
    assert doc.snapshot["data"]["accepted_agencies"] == [world.agency_a.pk]
    reader = PdfReader(io.BytesIO(data))
    assert any(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)


@pytest.mark.django_db(transaction=True)
def test_a_failing_background_render_is_marked_failed(
    world, round_accepted, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    def broken(snapshot):
        raise MemoryError("killed")

    monkeypatch.setattr(documents, "render_pdf", broken)
    client = client_for(world, "committee")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("document_round_create", args=[round_accepted.pk]))
    call_command("db_worker", batch=True, interval=0, startup_delay=False)
    doc = Document.objects.get(kind=Document.Kind.ROUND)
    assert doc.status == Document.Status.FAILED
    assert not doc.file
    status = client.get(reverse("document_status", args=[doc.pk]), headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true"


def test_indicator_value_matches_the_rollup_rules(world, reporting) -> None:
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    figures = {reporting.leaders_el.pk: {"total": Decimal(9), "women": Decimal(3), "value": None}}
    v = documents.indicator_value(ind, figures)
    assert (v.numerator, v.denominator, v.value) == (Decimal(3), Decimal(9), Decimal("33.3"))
    assert documents.indicator_value(ind, {}).value is None


def test_a_plan_that_gets_its_number_is_a_new_document(world) -> None:
    plan = plan_of(world, "a")
    plan.number, plan.issued_on = None, None
    plan.save()
    draft = documents.document_issue(kind=Document.Kind.PLAN, source=plan, actor=world.staff_a)
    assert draft.document.number is None and not draft.document.number_reserved
    assert re.search(r"Số:\s+/KH-SNgV", draft.document.snapshot["header"]["number_text"])
    same = documents.document_issue(kind=Document.Kind.PLAN, source=plan, actor=world.staff_a)
    assert same.document.pk == draft.document.pk
    plan.number, plan.issued_on = 12, datetime.date(2021, 9, 6)
    plan.save()
    issued = documents.document_issue(kind=Document.Kind.PLAN, source=plan, actor=world.staff_a)
    assert issued.document.pk != draft.document.pk
    assert issued.document.snapshot["header"]["number_text"] == "Số: 12/KH-SNgV"
    assert issued.document.snapshot["header"]["date_line"] == "Hà Tĩnh, ngày 06 tháng 9 năm 2021"


def test_legal_bases_end_with_semicolons_and_a_full_stop(world) -> None:
    plan = plan_of(world, "a")
    plan.legal_bases = (
        "Căn cứ Luật Bình đẳng giới ngày 29/11/2006\n"
        "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ;\n"
        "Căn cứ Kế hoạch số 298/KH-UBND ngày 19/8/2021 của UBND tỉnh."
    )
    plan.save()
    built = documents.build_plan(plan)
    assert built["content"]["bases"] == [
        "Căn cứ Luật Bình đẳng giới ngày 29/11/2006;",
        "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ;",
        "Căn cứ Kế hoạch số 298/KH-UBND ngày 19/8/2021 của UBND tỉnh.",
    ]
    html = documents.render_to_string(
        "reports/doc_plan.html",
        {"header": {}, "doc": built["content"], "signature_anchor": "chu-ky"},
    )
    assert '<p class="basis">Căn cứ Luật Bình đẳng giới ngày 29/11/2006;</p>' in html
