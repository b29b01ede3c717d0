"""Excel template of a submission: export, import through HTTP, every way a file can be
wrong (each refused with a message naming what to fix, the database untouched), conflicts
and access."""

from __future__ import annotations

import datetime
import random
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from indicators.models import DataElement
from reports import services
from reports.excel import (
    HEADER_ROW,
    SHEET_DATA,
    SHEET_META,
    TEMPLATE_VERSION,
    XLSX_CONTENT_TYPE,
    Col,
    read_submission_workbook,
    submission_workbook,
)
from reports.excel_views import entry_url
from reports.models import FigureValue, ReportingRound, Submission
from tests.conftest import client_for
from tests.factories import DataElementFactory, domain
from tests.reports.conftest import fill_valid

F = services.FigureInput


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
def exported(sub: Submission) -> Workbook:
    return load_workbook(BytesIO(submission_workbook(sub)))


def row_of(ws: Worksheet, code: str) -> int:
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row=row, column=Col.CODE).value == code:
            return row
    raise AssertionError(f"no row for {code}")


def ref(ws: Worksheet, code: str, col: Col) -> str:
    return ws.cell(row=row_of(ws, code), column=col).coordinate


def put(ws: Worksheet, code: str, col: Col, value) -> str:
    cell = ws.cell(row=row_of(ws, code), column=col)
    cell.value = value
    return cell.coordinate


def to_bytes(wb: Workbook) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload_url(sub: Submission) -> str:
    return reverse("submission_excel_upload", kwargs={"pk": sub.pk})


def upload(client, sub: Submission, data: bytes, name: str = "bao-cao.xlsx"):
    return client.post(
        upload_url(sub), {"file": SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)}
    )


def state(sub: Submission) -> tuple:
    """Everything an upload could change, to compare before and after."""
    fresh = Submission.objects.get(pk=sub.pk)
    figures = sorted(
        FigureValue.objects.filter(submission=sub).values_list(
            "element__code", "total", "women", "value", "explanation", "changed_in_version"
        )
    )
    return fresh.version, figures, FigureValue.history.filter(submission_id=sub.pk).count()


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def problems_of(response) -> str:
    assert response.status_code == 200
    return "\n".join(str(p) for p in response.context["problems"])


def rezip(data: bytes, replace: dict[str, bytes | None] | None = None, add=None) -> bytes:
    replace, add = replace or {}, add or {}
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename], zipfile.ZIP_DEFLATED)
                continue
            dst.writestr(info, src.read(info.filename))
        for name, content in add.items():
            dst.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def staff(world):
    return client_for(world, "staff_a")


@pytest.fixture
def yesno_el(reporting) -> DataElement:
    el = DataElementFactory(
        code="t-co-ke-hoach",
        name="Có kế hoạch bình đẳng giới năm",
        kind=DataElement.Kind.YESNO,
        unit="",
        domain=domain(1),
        order=9,
    )
    reporting.round.elements.add(el)
    return el


@pytest.fixture
def last_year(world, reporting) -> Submission:
    """Agency A's 2024 annual report, sent: the 'Kỳ trước' column of 2025."""
    rnd = services.round_open(
        province=world.province,
        year=2024,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a],
        elements=[reporting.staff_el, reporting.leaders_el, reporting.activities_el],
    )
    sub = fill_valid(rnd.submissions.get(agency=world.agency_a), world.staff_a)
    return services.submission_submit(submission=sub, actor=world.staff_a)


# --------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------
def test_export_layout_prefilled_with_current_and_previous_figures(
    world, reporting, yesno_el, last_year
):
    sub = reporting.sub_a
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={
                "t-cbccvc": F(total="44", women="20", explanation="Tuyển thêm 2 người."),
                "t-co-ke-hoach": F(value="Có"),
            }
        ),
    )
    wb = exported(sub)
    assert wb.sheetnames == [SHEET_DATA, SHEET_META]
    assert wb[SHEET_META].sheet_state == "veryHidden"
    ws = wb[SHEET_DATA]
    title = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, HEADER_ROW))
    for expected in ("Sở Ngoại vụ", "HT-SNGV", "Tổng kết năm 2025", "15/12/2024", "14/12/2025"):
        assert expected in title
    assert "Hạn nộp báo cáo: 10/12/2025" in title
    assert [c.value for c in ws[HEADER_ROW]] == [
        "Mã",
        "Số liệu",
        "Hướng dẫn",
        "Đơn vị",
        "Tổng số",
        "Nữ",
        "Giá trị",
        "Kỳ trước",
        "Giải trình",
    ]
    assert ws.cell(row=HEADER_ROW + 1, column=1).value == "1. Chính trị"
    assert "6. Thông tin, truyền thông" in [ws.cell(row=r, column=1).value for r in range(9, 16)]
    r = row_of(ws, "t-cbccvc")
    assert [ws.cell(row=r, column=c).value for c in (Col.TOTAL, Col.WOMEN, Col.EXPLANATION)] == [
        44,
        20,
        "Tuyển thêm 2 người.",
    ]
    assert ws.cell(row=r, column=Col.PREVIOUS).value == "42 (nữ 19)"
    assert ws.cell(row=row_of(ws, "t-truyen-thong"), column=Col.PREVIOUS).value == "4"
    assert ws.cell(row=row_of(ws, "t-co-ke-hoach"), column=Col.VALUE).value == "Có"
    meta = {k: v for k, v in wb[SHEET_META].iter_rows(values_only=True)}
    assert meta["bao_cao"] == sub.pk
    assert meta["ky_bao_cao"] == reporting.round.pk
    assert meta["phien_ban_mau"] == TEMPLATE_VERSION
    assert meta["phien_ban_bao_cao"] == Submission.objects.get(pk=sub.pk).version


def test_export_has_protection_validation_and_print_setup(world, reporting, yesno_el):
    wb = exported(reporting.sub_a)
    ws = wb[SHEET_DATA]
    assert ws.protection.sheet and not ws.protection.password
    assert wb.security.lockStructure
    r = row_of(ws, "t-cbccvc")
    for col in (Col.TOTAL, Col.WOMEN, Col.EXPLANATION):
        assert ws.cell(row=r, column=col).protection.locked is False
    for col in (Col.CODE, Col.NAME, Col.HELP, Col.PREVIOUS):
        assert ws.cell(row=r, column=col).protection.locked is True
    na = ws.cell(row=r, column=Col.VALUE)  # not used by a sex-disaggregated element
    assert na.protection.locked is True and na.fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(row=r, column=Col.TOTAL).fill.fgColor.rgb.endswith("FFF2CC")

    by_cell: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for cell in row:
                    by_cell.setdefault(cell.coordinate, []).append(dv)
    total = by_cell[ref(ws, "t-cbccvc", Col.TOTAL)][0]
    assert (total.type, total.operator, total.formula1) == ("whole", "greaterThanOrEqual", "0")
    women = by_cell[ref(ws, "t-cbccvc", Col.WOMEN)][0]
    assert women.type == "custom" and f"<=E{r}" in women.formula1
    count = by_cell[ref(ws, "t-truyen-thong", Col.VALUE)][0]
    assert count.type == "whole"
    yesno = by_cell[ref(ws, "t-co-ke-hoach", Col.VALUE)][0]
    assert (yesno.type, yesno.formula1) == ("list", '"Có,Không"')
    assert all(dv.showErrorMessage for dv in (total, women, count, yesno))

    assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["C"].width >= 40
    assert ws.cell(row=r, column=Col.HELP).alignment.wrap_text


def test_export_neutralises_text_that_would_run_as_a_formula(world, reporting):
    el = DataElementFactory(
        code="t-nguy-hiem",
        name='=HYPERLINK("http://evil.example","Bấm vào đây")',
        help_text="+cmd|' /C calc'!A0",
        unit="@SUM(1)",
        kind=DataElement.Kind.COUNT,
    )
    reporting.round.elements.add(el)
    sub = services.submission_save_draft(
        submission=reporting.sub_a,
        actor=world.staff_a,
        base_version=reporting.sub_a.version,
        changes=services.DraftChanges(
            figures={"t-nguy-hiem": F(value="3", explanation="-2 người nghỉ hưu")}
        ),
    )
    data = submission_workbook(sub)
    ws = load_workbook(BytesIO(data))[SHEET_DATA]
    r = row_of(ws, "t-nguy-hiem")
    for col in (Col.NAME, Col.HELP, Col.UNIT, Col.EXPLANATION):
        cell = ws.cell(row=r, column=col)
        assert cell.data_type == "s"
        assert not str(cell.value).startswith(("=", "+", "-", "@")), cell.value
    assert ws.cell(row=r, column=Col.NAME).value.strip().startswith("=HYPERLINK")
    # And the neutralised explanation reads back as the stored text: nothing to change.
    before = state(sub)
    response = upload(client_for(world, "staff_a"), sub, data)
    assert response.status_code == 302
    assert state(sub) == before


def test_download_view_sends_xlsx_with_rfc5987_filename(world, reporting, staff):
    response = staff.get(reverse("submission_excel_download", kwargs={"pk": reporting.sub_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="bao-cao-HT-SNGV-2025.xlsx"' in disposition
    assert "filename*=UTF-8''bao-cao-HT-SNGV-2025.xlsx" in disposition
    assert "no-store" in response["Cache-Control"]
    assert load_workbook(BytesIO(response.content)).sheetnames[0] == SHEET_DATA


def test_download_filename_for_a_code_with_diacritics(world, reporting, staff):
    world.agency_a.code = "HT-SỞ-ĐN"
    world.agency_a.save()
    response = staff.get(reverse("submission_excel_download", kwargs={"pk": reporting.sub_a.pk}))
    disposition = response["Content-Disposition"]
    assert 'filename="bao-cao-HT-SO-DN-2025.xlsx"' in disposition
    assert "filename*=UTF-8''bao-cao-HT-S%E1%BB%9E-%C4%90N-2025.xlsx" in disposition


def test_committee_downloads_only_once_the_report_was_sent(world, reporting):
    committee = client_for(world, "committee")
    url = reverse("submission_excel_download", kwargs={"pk": reporting.sub_a.pk})
    assert committee.get(url).status_code == 404
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    assert committee.get(url).status_code == 200


# --------------------------------------------------------------------------------------
# Import: what works
# --------------------------------------------------------------------------------------
def test_round_trip_stores_exactly_what_was_filled(world, reporting, yesno_el, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    put(ws, "t-cbccvc", Col.TOTAL, 42)
    put(ws, "t-cbccvc", Col.WOMEN, 19)
    put(ws, "t-lanh-dao", Col.TOTAL, "1.250")  # typed as text, Vietnamese grouping
    put(ws, "t-lanh-dao", Col.WOMEN, 3.0)  # Excel keeps some whole numbers as floats
    put(ws, "t-lanh-dao", Col.EXPLANATION, "Sáp nhập hai phòng.")
    put(ws, "t-truyen-thong", Col.VALUE, 4)
    put(ws, "t-co-ke-hoach", Col.VALUE, "Có")

    response = upload(staff, sub, to_bytes(wb))

    assert response.status_code == 302
    assert response["Location"] == (entry_url(sub) or upload_url(sub))
    figures = {
        f.element.code: (f.total, f.women, f.value, f.explanation)
        for f in FigureValue.objects.filter(submission=sub).select_related("element")
    }
    assert figures == {
        "t-cbccvc": (Decimal(42), Decimal(19), None, ""),
        "t-lanh-dao": (Decimal(1250), Decimal(3), None, "Sáp nhập hai phòng."),
        "t-truyen-thong": (None, None, Decimal(4), ""),
        "t-co-ke-hoach": (None, None, Decimal(1), ""),
    }
    assert Submission.objects.get(pk=sub.pk).version == sub.version + 1
    assert FigureValue.objects.filter(submission=sub).first().history.first().history_user == (
        world.staff_a
    )
    assert flashed(response) == ["Đã nhập 4 số liệu từ tệp Excel."]


def test_unchanged_reimport_stores_nothing(world, reporting, staff):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    data = submission_workbook(sub)
    before = state(sub)
    response = upload(staff, sub, data)
    assert response.status_code == 302
    assert state(sub) == before
    assert "không có gì thay đổi" in flashed(response)[0]


def test_read_returns_draft_changes_for_the_service(world, reporting):
    sub = reporting.sub_a
    wb = exported(sub)
    put(wb[SHEET_DATA], "t-truyen-thong", Col.VALUE, 7)
    changes = read_submission_workbook(sub, to_bytes(wb))
    assert isinstance(changes, services.DraftChanges)
    assert list(changes.figures) == ["t-truyen-thong"]
    assert changes.figures["t-truyen-thong"].value == 7
    assert changes.base_version == sub.version


def test_rows_reordered_are_matched_by_code(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    put(ws, "t-cbccvc", Col.TOTAL, 42)
    put(ws, "t-cbccvc", Col.WOMEN, 19)
    put(ws, "t-lanh-dao", Col.TOTAL, 9)
    put(ws, "t-lanh-dao", Col.WOMEN, 3)
    a, b = row_of(ws, "t-cbccvc"), row_of(ws, "t-lanh-dao")
    for col in Col:  # swap the two rows, as sorting would
        x, y = ws.cell(row=a, column=col), ws.cell(row=b, column=col)
        x.value, y.value = y.value, x.value
    assert row_of(ws, "t-lanh-dao") == a

    assert upload(staff, sub, to_bytes(wb)).status_code == 302

    staff_fig = FigureValue.objects.get(submission=sub, element=reporting.staff_el)
    leaders_fig = FigureValue.objects.get(submission=sub, element=reporting.leaders_el)
    assert (staff_fig.total, staff_fig.women) == (42, 19)
    assert (leaders_fig.total, leaders_fig.women) == (9, 3)


def test_own_web_edit_after_export_is_not_reverted_by_untouched_rows(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)  # exported blank
    services.submission_save_draft(  # then she types one figure on the web page
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(figures={"t-cbccvc": F(total="50", women="20")}),
    )
    put(wb[SHEET_DATA], "t-truyen-thong", Col.VALUE, 4)  # and another in the old file

    assert upload(staff, sub, to_bytes(wb)).status_code == 302

    fig = FigureValue.objects.get(submission=sub, element=reporting.staff_el)
    assert (fig.total, fig.women) == (50, 20)  # the blank row in the file did not wipe it
    assert FigureValue.objects.get(submission=sub, element=reporting.activities_el).value == 4


# --------------------------------------------------------------------------------------
# Import: the journey's "12a", and every other bad cell
# --------------------------------------------------------------------------------------
def test_12a_refused_naming_sheet_cell_and_reason_and_nothing_stored(world, reporting, staff):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    put(ws, "t-truyen-thong", Col.VALUE, 6)  # a valid change in the same file…
    cell = put(ws, "t-lanh-dao", Col.WOMEN, "12a")
    before = state(sub)

    response = upload(staff, sub, to_bytes(wb))

    text = problems_of(response)
    assert f"Trang tính “{SHEET_DATA}”, ô {cell}" in text
    assert "“12a” không phải là số" in text
    assert "Lãnh đạo, quản lý" in text
    html = response.content.decode()
    assert cell in html and "12a" in html and "chưa có số liệu nào được lưu" in html
    assert state(sub) == before  # …is not stored either: all or nothing


@pytest.mark.parametrize(
    ("code", "col", "value", "expected"),
    [
        ("t-lanh-dao", Col.WOMEN, "=E11/2", "công thức “=E11/2”"),
        ("t-lanh-dao", Col.EXPLANATION, '=CONCAT("a","b")', "công thức"),
        ("t-cbccvc", Col.TOTAL, 12.5, "không phải số nguyên"),
        ("t-cbccvc", Col.TOTAL, "12,5", "không phải số nguyên"),
        ("t-cbccvc", Col.TOTAL, -3, "không được âm"),
        ("t-truyen-thong", Col.VALUE, "-1", "không được âm"),
        ("t-truyen-thong", Col.VALUE, "bốn", "không phải là số"),
        ("t-cbccvc", Col.TOTAL, datetime.datetime(2025, 3, 12), "ngày tháng"),
        ("t-cbccvc", Col.TOTAL, "#DIV/0!", "báo lỗi #DIV/0!"),
        ("t-cbccvc", Col.TOTAL, True, "Đúng/Sai"),
        ("t-co-ke-hoach", Col.VALUE, "Có lẽ", "chọn Có hoặc Không"),
        ("t-cbccvc", Col.VALUE, 5, "không dùng cho số liệu này"),
        ("t-truyen-thong", Col.TOTAL, 5, "không dùng cho số liệu này"),
    ],
)
def test_bad_cell_refused_with_its_reference(
    world, reporting, yesno_el, staff, code, col, value, expected
):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    if col == Col.EXPLANATION or code == "t-lanh-dao":
        put(ws, code, Col.TOTAL, 9)
    cell = put(ws, code, col, value)
    before = state(sub)

    text = problems_of(upload(staff, sub, to_bytes(wb)))

    assert f"ô {cell}" in text and SHEET_DATA in text
    assert expected in text
    assert state(sub) == before


def test_women_more_than_total_refused_pointing_at_the_row(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    put(ws, "t-lanh-dao", Col.TOTAL, 9)
    put(ws, "t-lanh-dao", Col.WOMEN, 12)
    r = row_of(ws, "t-lanh-dao")
    before = state(sub)

    text = problems_of(upload(staff, sub, to_bytes(wb)))

    assert f"ô E{r}:F{r}" in text
    assert "Lãnh đạo, quản lý: Nữ (12) lớn hơn tổng số (9)" in text
    assert state(sub) == before


def test_number_too_big_for_the_database_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    put(wb[SHEET_DATA], "t-truyen-thong", Col.VALUE, 10**13)
    before = state(sub)
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert "quá lớn" in text and f"ô G{row_of(wb[SHEET_DATA], 't-truyen-thong')}" in text
    assert state(sub) == before


def test_service_refuses_figures_beyond_twelve_digits(world, reporting):
    """Service rule added with the Excel import (PostgreSQL numeric(14, 2) would overflow)."""
    sub = reporting.sub_a
    with pytest.raises(ValidationError) as exc:
        services.submission_save_draft(
            submission=sub,
            actor=world.staff_a,
            base_version=sub.version,
            changes=services.DraftChanges(
                figures={"t-cbccvc": F(total="1000000000000", women="1")}
            ),
        )
    assert "quá lớn" in str(exc.value.message_dict["t-cbccvc"])
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(figures={"t-cbccvc": F(total="999999999999", women="1")}),
    )


def test_values_in_a_row_without_code_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    blank = ws.max_row + 1
    ws.cell(row=blank, column=Col.TOTAL).value = 7
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert f"ô A{blank}" in text and "cột Mã để trống" in text


# --------------------------------------------------------------------------------------
# Import: wrong workbook, wrong sheet, wrong rows
# --------------------------------------------------------------------------------------
def test_row_deleted_refused_naming_the_element(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    ws.delete_rows(row_of(ws, "t-truyen-thong"))
    before = state(sub)
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert "Hoạt động truyền thông về bình đẳng giới" in text and "thiếu dòng" in text
    assert state(sub) == before


def test_unknown_and_duplicate_codes_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    ws = wb[SHEET_DATA]
    extra = ws.max_row + 1
    ws.cell(row=extra, column=Col.CODE).value = "ma-la"
    ws.cell(row=extra + 1, column=Col.CODE).value = "t-cbccvc"
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert f"ô A{extra}" in text and "“ma-la” không có trong kỳ báo cáo này" in text
    assert f"ô A{extra + 1}" in text and "xuất hiện hai lần" in text


def test_sheet_renamed_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    wb[SHEET_DATA].title = "Sheet1"
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert f"Không tìm thấy trang tính “{SHEET_DATA}”" in text and "“Sheet1”" in text


def test_columns_changed_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    wb[SHEET_DATA].insert_cols(Col.TOTAL)
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert f"ô E{HEADER_ROW}" in text and "tiêu đề cột phải là “Tổng số”" in text


def test_sheet_with_a_stray_cell_far_below_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    wb[SHEET_DATA].cell(row=100_000, column=1).value = "x"
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert "dòng 100000" in text and "Xóa các dòng thừa" in text


def test_data_copied_into_a_new_workbook_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    del wb[SHEET_META]
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert "không phải mẫu Excel tải từ hệ thống" in text


def test_template_of_another_agency_refused(world, reporting, staff):
    data = submission_workbook(reporting.sub_b)
    before = state(reporting.sub_a)
    text = problems_of(upload(staff, reporting.sub_a, data))
    assert "cơ quan khác (mã HT-STC)" in text
    assert state(reporting.sub_a) == before


def test_template_of_another_round_refused(world, reporting, last_year, staff):
    wb = load_workbook(BytesIO(submission_workbook(last_year)))
    text = problems_of(upload(staff, reporting.sub_a, to_bytes(wb)))
    assert "kỳ báo cáo “Tổng kết năm 2024”" in text and "“Tổng kết năm 2025”" in text


def test_older_template_version_refused(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    meta = wb[SHEET_META]
    for row in meta.iter_rows():
        if row[0].value == "phien_ban_mau":
            row[1].value = TEMPLATE_VERSION - 1
    text = problems_of(upload(staff, sub, to_bytes(wb)))
    assert "mẫu cũ" in text and "Tải mẫu mới" in text


def _big_zip(size: int) -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(size)})


def _corrupt_member(data: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    rnd = random.Random(1)
    noise = bytes(rnd.randrange(256) for _ in range(200))
    return data[:start] + noise + data[start + 200 :]


def _with_doctype(data: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        xml = zf.read("xl/workbook.xml")
    bomb = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    return rezip(data, replace={"xl/workbook.xml": bomb + xml})


# (name, bytes factory from a good export, expected words)
MALFORMED = [
    (
        "random bytes",
        lambda good: bytes(random.Random(2).randrange(256) for _ in range(3000)),
        "không phải tệp Excel",
    ),
    ("legacy .xls", lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), ".xls"),
    ("PDF renamed .xlsx", lambda good: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n", "tệp PDF"),
    (
        "zip without workbook",
        lambda good: zip_of({"ghi-chu.txt": b"xin chao"}),
        "không chứa bảng tính Excel",
    ),
    (
        "Word document",
        lambda good: zip_of(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
        ),
        "tệp Word (.docx)",
    ),
    ("truncated download", lambda good: good[: len(good) // 2], "bị hỏng hoặc chưa tải lên hết"),
    ("corrupt member", _corrupt_member, "bị hỏng"),
    ("macro-enabled", lambda good: rezip(good, add={"xl/vbaProject.bin": b"\x00" * 64}), "macro"),
    ("zip bomb by total size", lambda good: _big_zip(51 * 1024 * 1024), "giới hạn 50,0 MB"),
    ("zip bomb by ratio", lambda good: _big_zip(2 * 1024 * 1024), "nén bất thường"),
    ("XML entity declarations", _with_doctype, "DOCTYPE"),
    ("too large upload", lambda good: b"PK\x03\x04" + bytes(5 * 1024 * 1024), "Tệp quá lớn"),
]


@pytest.mark.parametrize(("case", "make", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_refused_with_clear_message(world, reporting, staff, case, make, expected):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    before = state(sub)
    response = upload(staff, sub, make(submission_workbook(sub)))
    text = problems_of(response)
    assert expected in text, text
    assert "chưa có số liệu nào được lưu" in response.content.decode()
    assert state(sub) == before


def test_empty_file_and_no_file_refused(world, reporting, staff):
    sub = reporting.sub_a
    response = upload(staff, sub, b"")
    assert "Tệp rỗng" in response.content.decode()
    response = staff.post(upload_url(sub), {})
    assert response.status_code == 200
    assert "Chọn tệp Excel (.xlsx) đã điền để tải lên." in response.content.decode()


# --------------------------------------------------------------------------------------
# Conflicts and access
# --------------------------------------------------------------------------------------
def test_edit_conflict_names_who_changed_what_and_stores_nothing(world, reporting, staff):
    sub = reporting.sub_a
    wb = exported(sub)
    services.submission_save_draft(  # the director saves on the web after her download
        submission=sub,
        actor=world.leader_a,
        base_version=sub.version,
        changes=services.DraftChanges(figures={"t-lanh-dao": F(total="9", women="4")}),
    )
    put(wb[SHEET_DATA], "t-truyen-thong", Col.VALUE, 4)
    before = state(sub)

    response = upload(staff, sub, to_bytes(wb))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo đã được sửa sau khi bạn tải mẫu Excel" in html
    assert "Lãnh đạo, quản lý" in html and "nữ 4" in html
    assert world.leader_a.get_full_name() in html
    assert "Kết quả đạt được" not in html  # only what he changed is listed
    assert reverse("submission_excel_download", kwargs={"pk": sub.pk}) in html
    assert state(sub) == before


def test_committee_may_not_upload(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    data = submission_workbook(sub)
    committee = client_for(world, "committee")
    before = state(sub)
    assert committee.get(upload_url(sub)).status_code == 403
    assert upload(committee, sub, data).status_code == 403
    assert state(sub) == before


def test_other_agency_staff_gets_404(world, reporting):
    sub = reporting.sub_a
    other = client_for(world, "staff_b")
    assert other.get(upload_url(sub)).status_code == 404
    assert upload(other, sub, submission_workbook(sub)).status_code == 404
    download = reverse("submission_excel_download", kwargs={"pk": sub.pk})
    assert other.get(download).status_code == 404


def test_upload_refused_once_the_report_is_accepted(world, reporting, staff):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    wb = exported(sub)
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_approve(submission=sub, actor=world.leader_a)
    services.submission_accept(submission=sub, actor=world.committee)
    put(wb[SHEET_DATA], "t-truyen-thong", Col.VALUE, 99)
    before = state(sub)

    text = problems_of(upload(staff, sub, to_bytes(wb)))

    assert "Đã tiếp nhận" in text and "không nhập được" in text
    assert state(sub) == before
    page = staff.get(upload_url(sub)).content.decode()
    assert "không nhập được số liệu" in page and 'type="file"' not in page


def test_service_conflict_lists_only_what_others_changed(world, reporting):
    """Service fix made with the Excel import: submissions created in bulk by round_open
    have no history row, and every blank narrative section used to be listed as changed."""
    sub = reporting.sub_a
    base = sub.version
    save = services.submission_save_draft
    save(
        submission=sub,
        actor=world.leader_a,
        base_version=base,
        changes=services.DraftChanges(figures={"t-lanh-dao": F(total="9", women="4")}),
    )
    with pytest.raises(services.EditConflict) as exc:
        save(
            submission=sub,
            actor=world.staff_a,
            base_version=base,
            changes=services.DraftChanges(figures={"t-truyen-thong": F(value="4")}),
        )
    assert [c.field for c in exc.value.changes] == ["t-lanh-dao"]
