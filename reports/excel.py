"""Excel template of one submission's figures: export pre-filled, import back.

Workbook layout (template version `TEMPLATE_VERSION`):

- Sheet **"Số liệu"** (`SHEET_DATA`), the only visible one. Rows 1–6 are a title block
  (agency, round, data window and deadline, when and from which version the file was
  exported, how to fill it). Row 8 is the header (`HEADER_ROW`): Mã, Số liệu, Hướng dẫn,
  Đơn vị, Tổng số, Nữ, Giá trị, Kỳ trước, Giải trình (columns A–I, see `Col`). Below it,
  for each domain a header row ("1. Chính trị", merged A:I) followed by one row per data
  element of the round. Input cells (shaded yellow, unlocked) are Tổng số + Nữ for
  sex-disaggregated elements, Giá trị for counts and yes/no, and Giải trình for all;
  cells that do not apply to an element are grey and locked.
- Sheet **"_genderplan"** (`SHEET_META`), very hidden: key/value pairs naming the
  template version, the submission, its round and agency, the submission `version` the
  file was exported from, and a fingerprint of every row as exported.

Protection (sheet and workbook structure) has no password on purpose: it only guards
against a slip of the mouse (typing over a label, renaming the sheet), it is not a
security boundary. Everything read back is validated here and by
`reports.services.submission_save_draft`, which decides what is stored.

Import is all-or-nothing: any problem rejects the whole file with a list of
`SheetProblem`s (sheet, cell, element, what to fix) and nothing is stored.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from io import BytesIO
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from indicators.models import DataElement, Domain
from reports.models import FigureValue, Submission
from reports.parsing import format_number, parse_count, parse_yesno
from reports.reading import round_elements
from reports.selectors import previous_figures, previous_submission
from reports.services import DraftChanges, FigureInput, submission_save_draft

logger = logging.getLogger(__name__)

TEMPLATE_VERSION = 1
TEMPLATE_KIND = "genderplan/bao-cao-so-lieu"
SHEET_DATA = "Số liệu"
SHEET_META = "_genderplan"
HEADER_ROW = 8
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Limits checked before openpyxl sees a byte: a round has ~50 elements, so the real
# template is a few dozen KB; anything far larger is a mistake or an attack.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# XML compresses ~5–20×; a member that inflates hundreds of times is a zip bomb. Small
# members are let through whatever their ratio: a page of repeated tags inflates well.
MAX_MEMBER_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 1000
# Rows read below the header; the template has a few dozen. A bound keeps a sheet with a
# stray value on row 1 048 576 from making openpyxl build millions of cells.
MAX_DATA_ROWS = 2000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Col(IntEnum):
    CODE = 1
    NAME = 2
    HELP = 3
    UNIT = 4
    TOTAL = 5
    WOMEN = 6
    VALUE = 7
    PREVIOUS = 8
    EXPLANATION = 9


HEADERS: dict[Col, str] = {
    Col.CODE: "Mã",
    Col.NAME: "Số liệu",
    Col.HELP: "Hướng dẫn",
    Col.UNIT: "Đơn vị",
    Col.TOTAL: "Tổng số",
    Col.WOMEN: "Nữ",
    Col.VALUE: "Giá trị",
    Col.PREVIOUS: "Kỳ trước",
    Col.EXPLANATION: "Giải trình",
}
WIDTHS: dict[Col, float] = {
    Col.CODE: 19,
    Col.NAME: 38,
    Col.HELP: 46,
    Col.UNIT: 11,
    Col.TOTAL: 11,
    Col.WOMEN: 10,
    Col.VALUE: 11,
    Col.PREVIOUS: 17,
    Col.EXPLANATION: 32,
}
NUMBER_COLS = (Col.TOTAL, Col.WOMEN, Col.VALUE)
INPUT_COLS = (Col.TOTAL, Col.WOMEN, Col.VALUE, Col.EXPLANATION)
LAST_COL = get_column_letter(len(Col))

YES, NO = "Có", "Không"


def applicable_cols(element: DataElement) -> tuple[Col, ...]:
    """The number cells an element of this kind is entered in."""
    if element.kind == DataElement.Kind.SEX:
        return (Col.TOTAL, Col.WOMEN)
    return (Col.VALUE,)


# --------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SheetProblem:
    """One thing to fix, located as precisely as the file allows."""

    message: str
    cell: str = ""  # "F12", "E12:F12"; empty for the whole file
    element: str = ""  # element name and column, when the problem is about one figure
    sheet: str = ""

    @property
    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"Trang tính “{self.sheet}”")
        if self.cell:
            parts.append(f"ô {self.cell}")
        return ", ".join(parts)

    def __str__(self) -> str:
        head = self.location
        if self.element:
            head = f"{head} — {self.element}" if head else self.element
        return f"{head}: {self.message}" if head else self.message


class WorkbookRejected(Exception):
    """The file was refused as a whole; nothing was stored."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _file_problem(message: str) -> WorkbookRejected:
    return WorkbookRejected([SheetProblem(message)])


def _at(cell: str, message: str, element: str = "") -> SheetProblem:
    return SheetProblem(message, cell=cell, element=element, sheet=SHEET_DATA)


# --------------------------------------------------------------------------------------
# Row fingerprints: tell what the user changed in Excel from what was exported
# --------------------------------------------------------------------------------------
def _canonical(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def _fingerprint(
    element: DataElement,
    total: Decimal | None,
    women: Decimal | None,
    value: Decimal | None,
    explanation: str,
) -> str:
    parts = (
        [_canonical(total), _canonical(women)]
        if element.kind == DataElement.Kind.SEX
        else [_canonical(value)]
    )
    text = explanation.replace("\r\n", "\n").strip()
    raw = "\x1f".join([element.code, *parts, text])
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _figure_fingerprint(element: DataElement, fig: FigureValue | None) -> str:
    if fig is None:
        return _fingerprint(element, None, None, None, "")
    return _fingerprint(element, fig.total, fig.women, fig.value, fig.explanation)


# --------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------
_FONT = "Times New Roman"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL_INPUT = PatternFill("solid", fgColor="FFF2CC")
_FILL_NA = PatternFill("solid", fgColor="D9D9D9")
_FILL_HEADER = PatternFill("solid", fgColor="7A1F3D")
_FILL_DOMAIN = PatternFill("solid", fgColor="F2DCE3")
_FILL_READONLY = PatternFill("solid", fgColor="F5F5F5")
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _put_text(cell: Cell, text: str) -> None:
    """Write text from the database so that opening the file never runs it as a formula.

    openpyxl turns any string starting with "=" into a formula; spreadsheet programs
    treat a cell starting with = + - @ as one when it is edited or pasted. A leading space
    plus the quote-prefix flag keeps it text everywhere; the importer strips the space."""
    if text.startswith(_FORMULA_TRIGGERS):
        cell.value = " " + text
        cell.quotePrefix = True
    else:
        cell.value = text
    cell.data_type = "s"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _yesno(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return YES if value else NO


def _previous_text(element: DataElement, fig: FigureValue | None) -> str:
    if fig is None:
        return ""
    if element.kind == DataElement.Kind.SEX:
        if fig.total is None:
            return ""
        return f"{format_number(fig.total)} (nữ {format_number(fig.women)})"
    if element.kind == DataElement.Kind.YESNO:
        return _yesno(fig.value) or ""
    return "" if fig.value is None else format_number(fig.value)


def domain_label(domain: Domain) -> str:
    return f"{domain.number}. {domain.name}"


def _height(text: str, width: float, size: int) -> float:
    """Points needed to show `text` wrapped in a column `width` characters wide.

    Excel does not grow rows to fit wrapped text written by openpyxl, so the height is
    estimated for Excel: a width unit is 7 px, Times New Roman averages about 4 pt a
    character at 10 pt and 4.8 pt at 11 pt bold, and word wrapping wastes some of each
    line. LibreOffice draws columns wider, so there rows show a little blank space."""
    per_line = max(int(width * (1.2 if size <= 10 else 1.0)) - 1, 8)
    lines = sum(
        max(1, math.ceil(len(line) / per_line)) for line in (text or "").splitlines() or [""]
    )
    return lines * size * 1.3


def _title_block(
    ws: Worksheet, submission: Submission, exported_at: datetime.datetime, version: int
) -> None:
    rnd = submission.round
    prev = previous_submission(submission)
    rows = [
        ("BIỂU SỐ LIỆU BÁO CÁO CÔNG TÁC BÌNH ĐẲNG GIỚI", Font(name=_FONT, size=14, bold=True)),
        (
            f"Cơ quan: {submission.agency_name} (mã {submission.agency.code})",
            Font(name=_FONT, size=12, bold=True),
        ),
        (
            f"Kỳ báo cáo: {rnd} — số liệu tính từ ngày {rnd.window_start:%d/%m/%Y} "
            f"đến ngày {rnd.window_end:%d/%m/%Y}",
            Font(name=_FONT, size=12),
        ),
        (f"Hạn nộp báo cáo: {rnd.deadline:%d/%m/%Y}", Font(name=_FONT, size=12, bold=True)),
        (
            f"Tải từ hệ thống lúc {timezone.localtime(exported_at):%H:%M ngày %d/%m/%Y}, "
            f"theo phiên bản số {version} của báo cáo "
            f"(trạng thái: {submission.get_status_display().lower()})."
            + (f" Cột “Kỳ trước”: số liệu của kỳ {prev.round}." if prev else ""),
            Font(name=_FONT, size=11, italic=True),
        ),
        (
            "Cách điền: chỉ nhập vào các ô nền vàng; ô nền xám không dùng cho số liệu đó. "
            "“Tổng số”, “Nữ” và số lượng là số nguyên từ 0 trở lên, số nữ không lớn hơn tổng "
            "số; số liệu Có/Không chọn trong danh sách. Ghi “Giải trình” khi số liệu thay đổi "
            "quá 50% so với kỳ trước. Không dùng công thức, không đổi tên trang tính, không "
            "thêm, xóa hay đổi thứ tự cột. Xong thì lưu dạng .xlsx và tải lên ở trang "
            "“Nhập số liệu từ Excel”.",
            Font(name=_FONT, size=11),
        ),
    ]
    for row, (text, font) in enumerate(rows, start=1):
        ws.merge_cells(f"A{row}:{LAST_COL}{row}")
        cell = ws.cell(row=row, column=1)
        _put_text(cell, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[5].height = 30
    ws.row_dimensions[6].height = 48


def _validations(ws: Worksheet) -> dict[str, DataValidation]:
    count = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Số liệu không hợp lệ",
        error="Nhập số nguyên từ 0 trở lên: không có chữ, không có phần thập phân, không âm.",
        showInputMessage=True,
        promptTitle="Số nguyên ≥ 0",
        prompt="Nhập số nguyên từ 0 trở lên. Để trống nếu chưa có số liệu.",
    )
    yesno = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Chọn Có hoặc Không",
        error="Chọn “Có” hoặc “Không” trong danh sách.",
        showInputMessage=True,
        promptTitle="Có/Không",
        prompt="Chọn Có hoặc Không trong danh sách.",
    )
    explanation = DataValidation(
        showInputMessage=True,
        promptTitle="Giải trình",
        prompt="Ghi lý do khi số liệu thay đổi quá 50% so với kỳ trước. Không bắt đầu bằng dấu =.",
    )
    for dv in (count, yesno, explanation):
        ws.add_data_validation(dv)
    return {"count": count, "yesno": yesno, "explanation": explanation}


def _women_validation(ws: Worksheet, row: int) -> None:
    """Women ≤ total, checked as the clerk types. A cell has one validation, so this one
    also repeats the whole-number rule of the total cell."""
    t, w = f"{get_column_letter(Col.TOTAL)}{row}", f"{get_column_letter(Col.WOMEN)}{row}"
    dv = DataValidation(
        type="custom",
        formula1=f"AND(ISNUMBER({w}),{w}=INT({w}),{w}>=0,OR(ISBLANK({t}),{w}<={t}))",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Số nữ không hợp lệ",
        error="Số nữ là số nguyên từ 0 trở lên và không lớn hơn tổng số ở ô bên trái.",
        showInputMessage=True,
        promptTitle="Số nữ",
        prompt="Số nguyên từ 0 đến tổng số (ô bên trái).",
    )
    dv.add(w)
    ws.add_data_validation(dv)


def _element_row(
    ws: Worksheet,
    row: int,
    element: DataElement,
    fig: FigureValue | None,
    prev: FigureValue | None,
    dvs: dict[str, DataValidation],
) -> None:
    texts = {
        Col.CODE: element.code,
        Col.NAME: element.name,
        Col.HELP: element.help_text,
        Col.UNIT: element.unit,
        Col.PREVIOUS: _previous_text(element, prev),
    }
    for col, text in texts.items():
        cell = ws.cell(row=row, column=col)
        _put_text(cell, text or "")
        cell.fill = _FILL_READONLY if col == Col.PREVIOUS else PatternFill()
        cell.alignment = (
            Alignment(horizontal="right", vertical="top") if col == Col.PREVIOUS else _WRAP_TOP
        )
    ws.cell(row=row, column=Col.NAME).font = Font(name=_FONT, size=11, bold=True)
    ws.cell(row=row, column=Col.HELP).font = Font(name=_FONT, size=10, italic=True)

    applicable = applicable_cols(element)
    values: dict[Col, object] = {}
    if fig is not None and element.kind == DataElement.Kind.SEX:
        values = {Col.TOTAL: _number(fig.total), Col.WOMEN: _number(fig.women)}
    elif fig is not None and element.kind == DataElement.Kind.YESNO:
        values = {Col.VALUE: _yesno(fig.value)}
    elif fig is not None:
        values = {Col.VALUE: _number(fig.value)}
    for col in NUMBER_COLS:
        cell = ws.cell(row=row, column=col)
        if col not in applicable:
            cell.fill = _FILL_NA
            cell.protection = _LOCKED
            continue
        cell.value = values.get(col)
        cell.fill = _FILL_INPUT
        cell.protection = _UNLOCKED
        cell.alignment = Alignment(
            horizontal="center" if element.kind == DataElement.Kind.YESNO else "right",
            vertical="top",
        )
        if element.kind == DataElement.Kind.YESNO:
            dvs["yesno"].add(cell.coordinate)
        elif col == Col.WOMEN:
            _women_validation(ws, row)
            cell.number_format = "#,##0"
        else:
            dvs["count"].add(cell.coordinate)
            cell.number_format = "#,##0"
    explanation = ws.cell(row=row, column=Col.EXPLANATION)
    if fig and fig.explanation:
        _put_text(explanation, fig.explanation)
    explanation.fill = _FILL_INPUT
    explanation.protection = _UNLOCKED
    explanation.alignment = _WRAP_TOP
    dvs["explanation"].add(explanation.coordinate)

    for col in Col:
        cell = ws.cell(row=row, column=col)
        cell.border = _BORDER
        if cell.font.name != _FONT:
            cell.font = Font(name=_FONT, size=11)
    ws.row_dimensions[row].height = 4 + max(
        _height(element.name, WIDTHS[Col.NAME], 11),
        _height(element.help_text, WIDTHS[Col.HELP], 10),
        _height(fig.explanation if fig else "", WIDTHS[Col.EXPLANATION], 11),
    )


def _meta_sheet(
    wb: Workbook,
    submission: Submission,
    exported_at: datetime.datetime,
    version: int,
    fingerprints: dict[str, str],
) -> None:
    meta = wb.create_sheet(SHEET_META)
    # Very hidden: Excel's "Unhide" menu does not list it, so nobody edits it by accident.
    meta.sheet_state = "veryHidden"
    pairs: list[tuple[str, object]] = [
        ("loai_tep", TEMPLATE_KIND),
        ("phien_ban_mau", TEMPLATE_VERSION),
        ("bao_cao", submission.pk),
        ("ky_bao_cao", submission.round_id),
        ("ten_ky_bao_cao", str(submission.round)),
        ("co_quan", submission.agency.code),
        ("phien_ban_bao_cao", version),
        ("xuat_luc", exported_at.isoformat()),
    ]
    pairs += [(f"dong:{code}", fp) for code, fp in fingerprints.items()]
    for row, (key, value) in enumerate(pairs, start=1):
        meta.cell(row=row, column=1).value = key
        cell = meta.cell(row=row, column=2)
        if isinstance(value, str):
            _put_text(cell, value)
        else:
            cell.value = value
    meta.protection.sheet = True


def _keep_domain_headers_with_rows(ws: Worksheet, domain_rows: list[int]) -> None:
    """Break the printed page before a domain header that would otherwise be the last
    line of a page, cut off from its figures.

    Pages are estimated as Excel lays them out: A4 landscape, fitted to the page width
    (width unit 7 px + 5 px padding), 0.5" top and bottom margins, the header row repeated
    on every page. An error in the estimate only moves a break a row or two."""
    sheet_pt = sum((w * 7 + 5) * 0.75 for w in WIDTHS.values())
    scale = min(1.0, (842 - 2 * 0.4 * 72) / sheet_pt)
    capacity = (595 - 2 * 0.5 * 72 - 12) / scale

    def height(r: int) -> float:
        return ws.row_dimensions[r].height or 15

    repeated = height(HEADER_ROW)
    used = sum(height(r) for r in range(1, HEADER_ROW + 1))
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        needed = height(r) + (height(r + 1) if r in domain_rows else 0)
        if used + needed > capacity:
            if r in domain_rows:
                ws.row_breaks.append(Break(id=r - 1))
            used = repeated
        used += height(r)


def submission_workbook(submission: Submission) -> bytes:
    """The submission's figures as an .xlsx template, pre-filled with what is stored.

    Sheets: "Số liệu" (visible, the form) and "_genderplan" (very hidden, metadata)."""
    exported_at = timezone.now()
    # The version is read before the figures: if someone saves in between, the file claims
    # an older version than its figures, which at worst asks for a fresh download on
    # upload; the other order could let stale figures pass as current.
    version = Submission.objects.values_list("version", flat=True).get(pk=submission.pk)
    elements = round_elements(submission)
    figures = {f.element_id: f for f in submission.figures.all()}
    previous = previous_figures(submission)

    wb = Workbook()
    # Column widths are counted in characters of the Normal style's font: make it the font
    # the sheet uses, so widths and row heights come out the same on every machine
    # (Calibri is missing on many Linux/LibreOffice desktops, Times New Roman's metrics are
    # shipped everywhere as Liberation Serif / Tinos).
    wb._named_styles["Normal"].font = Font(name=_FONT, size=11)  # no public setter
    wb.properties.creator = "genderplan"
    wb.properties.title = f"Số liệu báo cáo — {submission.agency_name} — {submission.round}"
    ws = wb.active
    ws.title = SHEET_DATA
    _title_block(ws, submission, exported_at, version)

    for col, label in HEADERS.items():
        cell = ws.cell(row=HEADER_ROW, column=col)
        cell.value = label
        cell.font = Font(name=_FONT, size=11, bold=True, color="FFFFFF")
        cell.fill = _FILL_HEADER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col]
    ws.row_dimensions[HEADER_ROW].height = 22

    dvs = _validations(ws)
    fingerprints: dict[str, str] = {}
    row = HEADER_ROW
    current_domain: int | None = None
    domain_rows: list[int] = []
    for element in elements:
        if element.domain_id != current_domain:
            current_domain = element.domain_id
            row += 1
            domain_rows.append(row)
            ws.merge_cells(f"A{row}:{LAST_COL}{row}")
            cell = ws.cell(row=row, column=1)
            _put_text(cell, domain_label(element.domain))
            cell.font = Font(name=_FONT, size=12, bold=True, color="7A1F3D")
            cell.fill = _FILL_DOMAIN
            cell.border = _BORDER
            ws.row_dimensions[row].height = 20
        row += 1
        fig = figures.get(element.pk)
        _element_row(ws, row, element, fig, previous.get(element.pk), dvs)
        fingerprints[element.code] = _figure_fingerprint(element, fig)

    # Keep the header and the code/name columns in view while scrolling.
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    # Open with the cursor on the first input cell, in the scrolling (bottom-right) pane.
    first_input = f"{get_column_letter(Col.TOTAL)}{HEADER_ROW + 2}"
    for selection in ws.sheet_view.selection:
        if selection.pane == "bottomRight":
            selection.activeCell = selection.sqref = first_input

    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Trang &P / &N"
    _keep_domain_headers_with_rows(ws, domain_rows)

    # Guards against slips, not a lock: no password (see module docstring). Users may still
    # resize rows and columns to read long help texts.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    wb.security = WorkbookProtection(lockStructure=True)

    _meta_sheet(wb, submission, exported_at, version, fingerprints)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def excel_filename(submission: Submission, *, ascii_only: bool = False) -> str:
    """bao-cao-<agency code>-<year>.xlsx. Characters that are unsafe in a file name become
    "-"; `ascii_only` also strips Vietnamese diacritics, for the plain `filename=` of the
    download header (the RFC 5987 `filename*=` carries the real name)."""
    text = submission.agency.code
    if ascii_only:
        text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    code = "".join(
        c if (c.isalnum() or c in "-_") and (c.isascii() or not ascii_only) else "-" for c in text
    )
    return f"bao-cao-{code or 'co-quan'}-{submission.round.year}.xlsx"


# --------------------------------------------------------------------------------------
# Import: the container (before openpyxl sees anything)
# --------------------------------------------------------------------------------------
def _mb(size: int) -> str:
    return format_number(Decimal(size) / (1024 * 1024), 1)


def _read_bytes(file: IO[bytes] | bytes) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_UPLOAD_BYTES:
            raise _too_big(size)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_big(len(data))
    if not data:
        raise _file_problem("Tệp rỗng (0 byte). Chọn đúng tệp Excel đã điền rồi tải lên lại.")
    return data


def _too_big(size: int) -> WorkbookRejected:
    return _file_problem(
        f"Tệp quá lớn ({_mb(size)} MB); giới hạn là {_mb(MAX_UPLOAD_BYTES)} MB. Mẫu Excel của "
        "một báo cáo chỉ vài chục KB: hãy tải mẫu của báo cáo này và chỉ điền số liệu vào đó."
    )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise _file_problem(
            "Tệp này là tệp Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu, hệ thống "
            "không đọc được. Mở tệp trong Excel, bỏ mật khẩu nếu có, chọn Lưu thành (Save As) "
            "→ “Sổ làm việc Excel (*.xlsx)” rồi tải lên tệp .xlsx đó."
        )
    if data.startswith(b"%PDF"):
        raise _file_problem(
            "Tệp này là tệp PDF (dù tên tệp có thể là .xlsx). Hệ thống chỉ nhập được tệp Excel "
            ".xlsx: tải mẫu Excel của báo cáo, điền số liệu rồi tải lên đúng tệp đó."
        )
    if not data.startswith(b"PK"):
        raise _file_problem(
            "Tệp này không phải tệp Excel (.xlsx). Tải mẫu Excel của báo cáo, điền số liệu "
            "rồi tải lên đúng tệp đó."
        )
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _corrupt() from exc


def _corrupt() -> WorkbookRejected:
    return _file_problem(
        "Tệp Excel bị hỏng hoặc chưa tải lên hết nên không đọc được. Mở tệp trong Excel, "
        "lưu lại dạng .xlsx rồi tải lên lần nữa; nếu Excel cũng không mở được, tải mẫu mới."
    )


def _check_container(zf: zipfile.ZipFile) -> None:
    """Refuse what openpyxl should never be asked to open.

    The sizes checked are the ones the zip directory declares; Python's zipfile never
    inflates a member past its declared size (it stops and fails the CRC check), so a
    directory that lies about sizes cannot get round this."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _file_problem(
            f"Tệp chứa {len(infos)} thành phần, quá nhiều đối với một bảng tính. Tải mẫu mới "
            "của báo cáo và điền lại."
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _file_problem(
            f"Nội dung tệp khi giải nén lên tới {_mb(total)} MB (giới hạn "
            f"{_mb(MAX_UNCOMPRESSED_BYTES)} MB), không phải một mẫu báo cáo bình thường nên "
            "hệ thống không mở. Tải mẫu mới của báo cáo và chỉ điền số liệu."
        )
    for info in infos:
        if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > MAX_MEMBER_RATIO * max(
            info.compress_size, 1
        ):
            raise _file_problem(
                "Tệp có phần nội dung nén bất thường (giải nén lớn gấp "
                f"{info.file_size // max(info.compress_size, 1)} lần), dấu hiệu của tệp "
                "độc hại, nên hệ thống không mở. Tải mẫu mới của báo cáo và điền lại."
            )
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _file_problem(
            "Tệp có chứa macro (VBA, thường là tệp .xlsm). Vì an toàn, hệ thống không nhận tệp "
            "có macro. Trong Excel chọn Lưu thành (Save As) → “Sổ làm việc Excel (*.xlsx)” rồi "
            "tải lên tệp .xlsx đó."
        )
    if not any(n.startswith("xl/") for n in names):
        if any(n.startswith("word/") for n in names):
            kind = "tệp Word (.docx)"
        elif any(n.startswith("ppt/") for n in names):
            kind = "tệp PowerPoint (.pptx)"
        elif "mimetype" in names:
            kind = "tệp OpenDocument (.ods/.odt); trong LibreOffice chọn Lưu thành → .xlsx"
        else:
            kind = "tệp nén (.zip) không chứa bảng tính Excel"
        raise _file_problem(
            f"Tệp này là {kind}, không phải bảng tính Excel. Tải mẫu Excel của báo cáo, điền "
            "số liệu rồi tải lên đúng tệp đó."
        )
    # Office files never carry a DTD; one is how XML entity bombs and external entities
    # get in. It must come before the root element, so the first bytes suffice.
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            try:
                with zf.open(info) as member:
                    head = member.read(2048)
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
                raise _corrupt() from exc
            if b"<!DOCTYPE" in head or "<!DOCTYPE".encode("utf-16-le") in head:
                raise _file_problem(
                    "Tệp có cấu trúc XML không được phép (khai báo DOCTYPE), không phải do Excel "
                    "tạo ra. Tải mẫu mới của báo cáo và điền lại."
                )


def _load(data: bytes):
    try:
        # data_only=False: formulas stay visible as formulas, so they can be refused
        # instead of silently taking whatever value Excel last cached for them.
        return load_workbook(
            BytesIO(data), read_only=False, data_only=False, keep_vba=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises a zoo of errors on damaged files
        logger.info("Excel upload could not be opened: %r", exc)
        raise _corrupt() from exc


# --------------------------------------------------------------------------------------
# Import: the workbook
# --------------------------------------------------------------------------------------
@dataclass
class RowRef:
    row: int
    element: DataElement


@dataclass
class WorkbookChanges(DraftChanges):
    """What the file changes, ready for `submission_save_draft`, plus where each figure
    came from so the service's refusals can be pointed at cells."""

    base_version: int = 0
    rows: dict[str, RowRef] = field(default_factory=dict)
    rows_read: int = 0


def _not_our_template() -> WorkbookRejected:
    return _file_problem(
        "Tệp này không phải mẫu Excel tải từ hệ thống (thiếu phần nhận dạng mẫu), có thể số "
        "liệu đã được chép sang một tệp khác. Hãy bấm “Tải mẫu Excel” của báo cáo này, điền "
        "vào chính tệp đó rồi tải lên."
    )


def _read_meta(wb, submission: Submission) -> dict[str, str]:
    if SHEET_META not in wb.sheetnames:
        raise _not_our_template()
    meta: dict[str, str] = {}
    for key, value in wb[SHEET_META].iter_rows(min_col=1, max_col=2, values_only=True):
        if isinstance(key, str):
            meta[key] = "" if value is None else str(value).strip()
    if meta.get("loai_tep") != TEMPLATE_KIND:
        raise _not_our_template()
    try:
        template_version = int(meta.get("phien_ban_mau", ""))
        round_id = int(meta.get("ky_bao_cao", ""))
        submission_id = int(meta.get("bao_cao", ""))
        int(meta.get("phien_ban_bao_cao", ""))
    except ValueError as exc:
        raise _not_our_template() from exc
    if template_version != TEMPLATE_VERSION:
        raise _file_problem(
            f"Tệp được tạo theo mẫu cũ (phiên bản {template_version}); hệ thống nay dùng mẫu "
            f"phiên bản {TEMPLATE_VERSION}. Tải mẫu mới của báo cáo rồi chép số liệu sang."
            if template_version < TEMPLATE_VERSION
            else f"Tệp theo mẫu phiên bản {template_version}, hệ thống chỉ đọc được phiên bản "
            f"{TEMPLATE_VERSION}. Tải mẫu mới của báo cáo rồi chép số liệu sang."
        )
    if round_id != submission.round_id:
        raise _file_problem(
            f"Tệp này là mẫu của kỳ báo cáo “{meta.get('ten_ky_bao_cao') or 'khác'}”, không "
            f"phải kỳ “{submission.round}” đang nhập. Tải mẫu của kỳ này rồi chép số liệu sang."
        )
    if submission_id != submission.pk:
        raise _file_problem(
            f"Tệp này là mẫu báo cáo của cơ quan khác (mã {meta.get('co_quan') or '?'}), không "
            f"phải báo cáo của {submission.agency_name}. Tải mẫu của báo cáo này rồi chép số "
            "liệu sang."
        )
    return meta


def _data_sheet(wb) -> Worksheet:
    if SHEET_DATA not in wb.sheetnames:
        present = ", ".join(
            f"“{name}”" for name in wb.sheetnames if wb[name].sheet_state == "visible"
        )
        raise _file_problem(
            f"Không tìm thấy trang tính “{SHEET_DATA}” (tệp chỉ có: {present or 'không có'}). "
            f"Đổi tên trang tính chứa số liệu lại thành “{SHEET_DATA}”, hoặc tải mẫu mới."
        )
    ws = wb[SHEET_DATA]
    if not isinstance(ws, Worksheet):  # a chart sheet given the name
        raise _file_problem(
            f"Trang tính “{SHEET_DATA}” không phải bảng số liệu (có thể là biểu đồ). Tải mẫu mới."
        )
    for col, label in HEADERS.items():
        cell = ws.cell(row=HEADER_ROW, column=col)
        found = _text(cell.value)
        if found != label:
            raise WorkbookRejected(
                [
                    _at(
                        cell.coordinate,
                        f"tiêu đề cột phải là “{label}” nhưng đang là “{found}”. Các cột đã bị "
                        "thêm, xóa hoặc đổi chỗ; hãy để nguyên các cột như trong mẫu (tải mẫu "
                        "mới nếu cần).",
                    )
                ]
            )
    if ws.max_row > HEADER_ROW + MAX_DATA_ROWS:
        raise WorkbookRejected(
            [
                _at(
                    f"A{ws.max_row}",
                    f"trang tính có dữ liệu hoặc định dạng tới dòng {ws.max_row}, trong khi mẫu "
                    "chỉ có vài chục dòng. Xóa các dòng thừa phía dưới bảng rồi tải lên lại.",
                )
            ]
        )
    return ws


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _has_value(cell: Cell | MergedCell) -> bool:
    return not isinstance(cell, MergedCell) and _text(cell.value) != ""


def _is_formula(cell: Cell) -> bool:
    return cell.data_type == "f" or isinstance(cell.value, ArrayFormula | DataTableFormula)


def _formula_text(cell: Cell) -> str:
    value = cell.value
    text = value.text if isinstance(value, ArrayFormula) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _raw_cell(cell: Cell, label: str, problems: list[SheetProblem], *, number: bool) -> object:
    """The cell's value as typed, or None with a problem recorded when it cannot be one."""
    value = cell.value
    what = "số" if number else "chữ"
    if _is_formula(cell):
        problems.append(
            _at(
                cell.coordinate,
                f"ô chứa công thức “{_formula_text(cell)}”; chỉ nhập {what}, không dùng công "
                "thức (chép rồi dán giá trị: Paste Special → Values).",
                label,
            )
        )
        return None
    if cell.data_type == "e":
        problems.append(
            _at(cell.coordinate, f"ô đang báo lỗi {value}; xóa đi và nhập {what}.", label)
        )
        return None
    if number and isinstance(value, datetime.date | datetime.time):
        problems.append(
            _at(
                cell.coordinate,
                "Excel đã hiểu giá trị trong ô là ngày tháng, không phải số. Định dạng ô là "
                "“Number” (Số) rồi nhập lại số.",
                label,
            )
        )
        return None
    return value


def _read_row(
    ws: Worksheet, row: int, element: DataElement, problems: list[SheetProblem]
) -> tuple[FigureInput, str] | None:
    """One element's row → (raw input for the service, fingerprint), or None if invalid."""
    errors_before = len(problems)
    applicable = applicable_cols(element)
    raw: dict[Col, object] = {}
    parsed: dict[Col, Decimal | None] = {}
    for col in NUMBER_COLS:
        cell = ws.cell(row=row, column=col)
        if col not in applicable:
            if _has_value(cell):
                where = " và ".join(
                    f"ô {get_column_letter(c)}{row} ({HEADERS[c]})" for c in applicable
                )
                problems.append(
                    _at(
                        cell.coordinate,
                        f"ô này (cột {HEADERS[col]}) không dùng cho số liệu này; xóa giá trị ở "
                        f"đây và nhập vào {where}.",
                        element.name,
                    )
                )
            continue
        label = element.name
        if element.kind == DataElement.Kind.SEX:
            part = element.total_label if col == Col.TOTAL else element.part_label
            label = f"{element.name} ({part})"
        value = _raw_cell(cell, label, problems, number=True)
        if value is None:
            continue
        try:
            parsed[col] = (
                parse_yesno(value) if element.kind == DataElement.Kind.YESNO else parse_count(value)
            )
        except ValidationError as exc:
            problems.append(_at(cell.coordinate, " ".join(exc.messages), label))
            continue
        raw[col] = value
    cell = ws.cell(row=row, column=Col.EXPLANATION)
    value = _raw_cell(cell, f"{element.name} (Giải trình)", problems, number=False)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    explanation = _text(value).replace("\r\n", "\n")
    if len(problems) > errors_before:
        return None
    figure = FigureInput(
        total=raw.get(Col.TOTAL),
        women=raw.get(Col.WOMEN),
        value=raw.get(Col.VALUE),
        explanation=explanation,
    )
    fingerprint = _fingerprint(
        element,
        parsed.get(Col.TOTAL),
        parsed.get(Col.WOMEN),
        parsed.get(Col.VALUE),
        explanation,
    )
    return figure, fingerprint


def read_submission_workbook(submission: Submission, file: IO[bytes] | bytes) -> WorkbookChanges:
    """Read an uploaded template back into the figures it changes.

    Only rows the user changed since the export (and that differ from what is stored now)
    are returned, so rows left as exported never overwrite what someone typed on the web
    page in the meantime, and a file re-uploaded unchanged stores nothing. Every row is
    still checked, so a bad cell anywhere refuses the file. Raises WorkbookRejected."""
    data = _read_bytes(file)
    with _open_zip(data) as zf:
        _check_container(zf)
    wb = _load(data)
    try:
        meta = _read_meta(wb, submission)
        ws = _data_sheet(wb)
        return _read_rows(ws, submission, meta)
    finally:
        wb.close()


def _read_rows(ws: Worksheet, submission: Submission, meta: dict[str, str]) -> WorkbookChanges:
    elements = round_elements(submission)
    by_code = {e.code: e for e in elements}
    headers = {domain_label(e.domain) for e in elements}
    stored = {f.element_id: f for f in submission.figures.all()}
    problems: list[SheetProblem] = []
    seen: dict[str, int] = {}
    changes = WorkbookChanges(base_version=int(meta["phien_ban_bao_cao"]))

    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        code_cell = ws.cell(row=row, column=Col.CODE)
        code = _text(code_cell.value)
        if not code:
            if any(_has_value(ws.cell(row=row, column=c)) for c in INPUT_COLS):
                problems.append(
                    _at(
                        f"A{row}",
                        f"dòng {row} có số liệu nhưng cột Mã để trống, nên không biết là số liệu "
                        "nào. Ghi lại mã như trong mẫu, hoặc xóa dòng này.",
                    )
                )
            continue
        if code in headers:
            continue
        element = by_code.get(code)
        if element is None:
            problems.append(
                _at(
                    code_cell.coordinate,
                    f"mã “{code}” không có trong kỳ báo cáo này. Đừng sửa cột Mã; nếu là dòng "
                    "thêm vào thì xóa đi.",
                )
            )
            continue
        if code in seen:
            problems.append(
                _at(
                    code_cell.coordinate,
                    f"mã “{code}” xuất hiện hai lần (dòng {seen[code]} và dòng {row}). Giữ một "
                    "dòng, xóa dòng còn lại.",
                    element.name,
                )
            )
            continue
        seen[code] = row
        changes.rows[code] = RowRef(row, element)
        result = _read_row(ws, row, element, problems)
        if result is None:
            continue
        figure, fingerprint = result
        changes.rows_read += 1
        if fingerprint == meta.get(f"dong:{code}"):
            continue  # left as exported: whatever is stored now stands
        if fingerprint == _figure_fingerprint(element, stored.get(element.pk)):
            continue  # already stored exactly so
        changes.figures[code] = figure

    for element in elements:
        if element.code not in seen:
            problems.append(
                SheetProblem(
                    f"thiếu dòng của số liệu này (mã “{element.code}”). Đừng xóa dòng nào "
                    "của mẫu; để trống nếu chưa có số liệu, hoặc tải mẫu mới.",
                    sheet=SHEET_DATA,
                    element=element.name,
                )
            )
    if problems:
        raise WorkbookRejected(problems)
    return changes


# --------------------------------------------------------------------------------------
# Import: store
# --------------------------------------------------------------------------------------
def _row_cells(ref: RowRef) -> str:
    cols = applicable_cols(ref.element)
    first, last = get_column_letter(cols[0]), get_column_letter(cols[-1])
    return f"{first}{ref.row}" if first == last else f"{first}{ref.row}:{last}{ref.row}"


def _service_problems(exc: ValidationError, rows: dict[str, RowRef]) -> list[SheetProblem]:
    """Point the service's refusals (keyed by element code) at the rows they came from."""
    if not hasattr(exc, "error_dict"):
        return [SheetProblem(m) for m in exc.messages]
    problems: list[SheetProblem] = []
    for key, messages in exc.message_dict.items():
        ref = rows.get(key)
        for message in messages:
            if ref is None:
                problems.append(SheetProblem(message))
            else:
                problems.append(_at(_row_cells(ref), message))
    return problems


def import_submission_workbook(*, submission: Submission, actor, file: IO[bytes] | bytes) -> int:
    """Read the uploaded template and store its changes through `submission_save_draft`.

    Returns how many figures were stored (0 when the file changes nothing). Raises
    WorkbookRejected (nothing stored) or services.EditConflict (someone else saved since
    the file was exported; nothing stored)."""
    if not submission.is_editable:
        raise _file_problem(
            f"Báo cáo đang ở trạng thái “{submission.get_status_display()}” nên không nhập "
            "được số liệu. Chỉ nhập được khi báo cáo đang soạn hoặc bị trả lại."
        )
    changes = read_submission_workbook(submission, file)
    if not changes.figures:
        return 0
    try:
        saved = submission_save_draft(
            submission=submission,
            actor=actor,
            base_version=changes.base_version,
            changes=DraftChanges(figures=changes.figures),
        )
    except ValidationError as exc:
        raise WorkbookRejected(_service_problems(exc, changes.rows)) from exc
    if saved.version == submission.version:
        return 0
    return saved.figures.filter(changed_in_version=saved.version).count()
