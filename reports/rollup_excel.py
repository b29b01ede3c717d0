"""Excel export of a round's roll-up: the same selectors as the dashboard, three sheets.

- "Tình hình nộp": one line per agency asked to report (status, first sent, late).
- "Chỉ tiêu": agencies × indicators, value and status, then the province total.
- "Số liệu": agency × data element, total / women / value, of the reports that count.

Text that a spreadsheet could read as a formula (starting with =, +, -, @, tab or CR) is
neutralised with a leading apostrophe and stored as a string, so opening a download can
never run anything.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plans.evaluation import Status
from reports import dashboard as dash
from reports.models import FigureValue, ReportingRound
from reports.selectors import round_submissions, statuses_for

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FILLS = {
    Status.MET: "D1E7DD",
    Status.ON_TRACK: "CFE2FF",
    Status.AT_RISK: "FFF3CD",
    Status.NOT_MET: "F5C2C7",
    Status.NO_DATA: "F1F1F1",
}


def safe_text(value: Any) -> Any:
    """Neutralise text a spreadsheet would take for a formula; other values pass."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _put(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> Cell:
    cell = ws.cell(row=row, column=col)
    value = safe_text(value)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        _put(ws, row, col, label, font=_BOLD, alignment=_WRAP)


def _widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def _title(ws: Worksheet, rnd: ReportingRound, text: str, provisional: bool) -> int:
    _put(ws, 1, 1, f"{text} — {rnd} — {rnd.province.name}", font=Font(bold=True, size=13))
    note = (
        dash.PROVISIONAL_LABEL
        if provisional
        else "Số liệu chính thức: chỉ các báo cáo đã được Ban tiếp nhận"
    )
    _put(ws, 2, 1, f"{note}. Xuất lúc {timezone.localtime():%H:%M %d/%m/%Y}.")
    return 4


def _completeness_sheet(ws: Worksheet, rnd: ReportingRound, provisional: bool) -> None:
    ws.title = "Tình hình nộp"
    row = _title(ws, rnd, "Tình hình nộp báo cáo", provisional)
    c = dash.round_completeness(rnd)
    for label, number in (
        ("Phải báo cáo", c.expected),
        ("Đã gửi", c.submitted),
        ("Đã tiếp nhận", c.accepted),
        ("Đúng hạn", c.on_time),
        ("Trễ hạn", c.late),
        ("Chưa gửi", c.missing),
    ):
        _put(ws, row, 1, label)
        _put(ws, row, 2, number)
        row += 1
    row += 1
    _header(ws, row, ["Mã", "Cơ quan", "Trạng thái", "Gửi lần đầu", "Trễ hạn", "Tiếp nhận"])
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    for sub in round_submissions(rnd).select_related("round"):
        row += 1
        _put(ws, row, 1, sub.agency.code)
        _put(ws, row, 2, sub.agency_name)
        _put(ws, row, 3, sub.get_status_display())
        if sub.first_submitted_at:
            _put(ws, row, 4, timezone.localtime(sub.first_submitted_at).replace(tzinfo=None))
            ws.cell(row=row, column=4).number_format = "dd/mm/yyyy hh:mm"
        _put(
            ws, row, 5, "Trễ hạn" if sub.is_late else ("" if sub.first_submitted_at else "Chưa gửi")
        )
        if sub.accepted_at:
            _put(ws, row, 6, timezone.localtime(sub.accepted_at).replace(tzinfo=None))
            ws.cell(row=row, column=6).number_format = "dd/mm/yyyy hh:mm"
    _widths(ws, {1: 16, 2: 42, 3: 34, 4: 18, 5: 12, 6: 18})


def _number_format(indicator) -> str:
    return "0.0" if indicator.unit == "%" else "#,##0"


def _value_cell(ws: Worksheet, row: int, col: int, value: Decimal | None, indicator) -> None:
    if value is None:
        _put(ws, row, col, "—", alignment=Alignment(horizontal="right"))
        return
    cell = _put(ws, row, col, float(value))
    cell.number_format = _number_format(indicator)


def _status_cell(ws: Worksheet, row: int, col: int, status: str) -> None:
    cell = _put(ws, row, col, dash.status_label(status) if status != dash.NO_TARGET else "")
    fill = _FILLS.get(status)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)


def _indicator_sheet(ws: Worksheet, data: dash.ProvinceDashboard) -> None:
    ws.title = "Chỉ tiêu"
    row = _title(ws, data.round, "Các chỉ số theo cơ quan", data.provisional)
    _put(ws, row, 1, "Cơ quan", font=_BOLD)
    _put(ws, row + 1, 1, "")
    for i, ind in enumerate(data.indicators):
        col = 2 + 2 * i
        _put(ws, row, col, ind.name, font=_BOLD, alignment=_WRAP)
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
        unit = "%" if ind.unit == "%" else ind.unit
        _put(ws, row + 1, col, f"Giá trị ({unit})", font=_BOLD)
        _put(ws, row + 1, col + 1, "Đánh giá", font=_BOLD)
    ws.row_dimensions[row].height = 75
    ws.freeze_panes = ws.cell(row=row + 2, column=2)
    row += 2
    for grid_row in data.grid:
        _put(ws, row, 1, grid_row.agency.name)
        for i, cell in enumerate(grid_row.cells):
            col = 2 + 2 * i
            _value_cell(ws, row, col, cell.value.value if cell.value else None, cell.indicator)
            _status_cell(ws, row, col + 1, cell.judgement.status)
        row += 1
    _put(ws, row, 1, "Toàn tỉnh", font=_BOLD)
    for i, ind_row in enumerate(data.rows):
        col = 2 + 2 * i
        _value_cell(ws, row, col, ind_row.value.value, ind_row.indicator)
        ws.cell(row=row, column=col).font = _BOLD
        _status_cell(ws, row, col + 1, ind_row.judgement.status)
    _put(ws, row + 1, 1, "Số cơ quan có số liệu")
    for i, ind_row in enumerate(data.rows):
        _put(ws, row + 1, 2 + 2 * i, ind_row.coverage)
    widths = {1: 40}
    for i in range(len(data.indicators)):
        widths[2 + 2 * i] = 11
        widths[3 + 2 * i] = 14
    _widths(ws, widths)


def _figures_sheet(ws: Worksheet, rnd: ReportingRound, provisional: bool) -> None:
    ws.title = "Số liệu"
    row = _title(ws, rnd, "Số liệu báo cáo theo cơ quan", provisional)
    _header(ws, row, ["Mã cơ quan", "Cơ quan", "Lĩnh vực", "Số liệu", "Tổng số", "Nữ", "Giá trị"])
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    statuses = statuses_for(provisional)
    figures = (
        FigureValue.objects.filter(submission__round=rnd, submission__status__in=statuses)
        .order_by("submission__agency__name", "element__domain__number", "element__order")
        .values_list(
            "submission__agency__code",
            "submission__agency_name",
            "element__domain__number",
            "element__name",
            "total",
            "women",
            "value",
        )
    )
    for code, name, domain, element, total, women, value in figures:
        row += 1
        for col, v in enumerate((code, name, domain, element), start=1):
            _put(ws, row, col, v)
        for col, v in ((5, total), (6, women), (7, value)):
            if v is not None:
                cell = _put(ws, row, col, float(v))
                cell.number_format = "#,##0.##"
    _widths(ws, {1: 16, 2: 38, 3: 9, 4: 60, 5: 11, 6: 11, 7: 11})


def rollup_workbook(rnd: ReportingRound, *, provisional: bool = False) -> bytes:
    """The round's roll-up as .xlsx bytes. A fixed number of queries, whatever the number
    of agencies (the dashboard's selectors, one query for the completeness list, one for
    the raw figures)."""
    data = dash.province_dashboard(rnd, provisional=provisional)
    wb = Workbook()
    _completeness_sheet(wb.active, rnd, provisional)
    _indicator_sheet(wb.create_sheet(), data)
    _figures_sheet(wb.create_sheet(), rnd, provisional)
    wb.properties.title = f"Tổng hợp {rnd} — {rnd.province.name}"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
