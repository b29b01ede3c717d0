"""Journey 1 step 6 in a real browser: chị Lan downloads the Excel template, fills it with
a colleague, one cell says "12a": the upload is refused naming sheet, cell and reason and
nothing is stored; she fixes the cell and the upload is accepted."""

import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.models import DataElement
from reports import services
from reports.excel import HEADER_ROW, SHEET_DATA, Col
from reports.models import FigureValue, ReportingRound, Submission
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.factories import DataElementFactory, domain

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submission(world) -> Submission:
    elements = [
        DataElementFactory(code="e-cbccvc", name="Cán bộ, công chức, viên chức", order=1),
        DataElementFactory(code="e-lanh-dao", name="Lãnh đạo, quản lý", order=2),
        DataElementFactory(
            code="e-truyen-thong",
            name="Hoạt động truyền thông về bình đẳng giới",
            kind=DataElement.Kind.COUNT,
            unit="hoạt động",
            domain=domain(6),
        ),
    ]
    rnd = services.round_open(
        province=world.province,
        year=2025,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a, world.agency_b],
        elements=elements,
        deadline=datetime.date(2025, 12, 10),
    )
    return rnd.submissions.get(agency=world.agency_a)


def _rows(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=Col.CODE).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}


def _stored(sub: Submission) -> tuple:
    figures = sorted(
        FigureValue.objects.filter(submission=sub).values_list(
            "element__code", "total", "women", "value"
        )
    )
    return Submission.objects.get(pk=sub.pk).version, figures


def test_excel_round_trip_with_a_typo(page, world, submission, tmp_path):
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/bao-cao/{submission.pk}/excel/tai-len/")
    assert page.get_by_role("heading", name="Nhập số liệu từ Excel").is_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải mẫu Excel").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-HT-SNGV-2025.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)

    # She and a colleague fill it in Excel; one cell gets "12a".
    wb = load_workbook(template)
    ws = wb[SHEET_DATA]
    rows = _rows(ws)
    ws.cell(row=rows["e-cbccvc"], column=Col.TOTAL).value = 42
    ws.cell(row=rows["e-cbccvc"], column=Col.WOMEN).value = 19
    ws.cell(row=rows["e-lanh-dao"], column=Col.TOTAL).value = 9
    typo = ws.cell(row=rows["e-lanh-dao"], column=Col.WOMEN)
    typo.value = "12a"
    ws.cell(row=rows["e-truyen-thong"], column=Col.VALUE).value = 4
    filled = tmp_path / "da-dien.xlsx"
    wb.save(filled)
    before = _stored(submission)

    page.get_by_label("Tệp Excel đã điền (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    problems = page.locator("#excel-problems")
    problems.wait_for()
    text = problems.inner_text()
    assert "chưa có số liệu nào được lưu" in text
    assert f"Trang tính “{SHEET_DATA}”, ô {typo.coordinate}" in text
    assert "“12a” không phải là số" in text
    assert "Lãnh đạo, quản lý" in text
    screenshot(page, "excel-error")
    assert _stored(submission) == before  # nothing changed, not even the valid cells

    # She fixes the cell and uploads again.
    typo.value = 3
    wb.save(filled)
    page.get_by_label("Tệp Excel đã điền (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_text("Đã nhập 3 số liệu từ tệp Excel").wait_for()
    screenshot(page, "excel-success")

    version, figures = _stored(submission)
    assert version == before[0] + 1
    assert figures == [
        ("e-cbccvc", Decimal(42), Decimal(19), None),
        ("e-lanh-dao", Decimal(9), Decimal(3), None),
        ("e-truyen-thong", None, None, Decimal(4)),
    ]
