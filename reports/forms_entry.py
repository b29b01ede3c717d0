"""Reading the data entry page's POST data into the inputs `reports.services` expects.

The page is one big form (so the browser's form keeper can mirror all of it and the
"Lưu" button works without JavaScript); autosave posts the same field names for one
element at a time. Field names are built here and nowhere else so the template, the
autosave endpoints and the full save agree.

Numbers stay raw strings on the way in: `reports.parsing` (through the services) decides
what a number is, exactly as for the Excel upload.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import forms

from indicators.models import DataElement
from plans.models import Task
from reports.models import Activity, FigureValue, Submission, TaskProgress
from reports.parsing import format_number
from reports.services import DraftChanges, FigureInput

BASE_VERSION = "base_version"


# --------------------------------------------------------------------------------------
# Field names
# --------------------------------------------------------------------------------------
def figure_name(code: str, part: str) -> str:
    """part: total, women, value or explanation."""
    return f"fig-{code}-{part}"


def figure_names(element: DataElement) -> list[str]:
    parts = ["total", "women"] if element.kind == DataElement.Kind.SEX else ["value"]
    return [figure_name(element.code, p) for p in [*parts, "explanation"]]


def narrative_name(name: str) -> str:
    return f"narrative-{name}"


def task_name(task_pk: int, part: str) -> str:
    """part: status or note."""
    return f"task-{task_pk}-{part}"


# --------------------------------------------------------------------------------------
# What the page shows in an input for a stored value
# --------------------------------------------------------------------------------------
def plain(value: Decimal | None) -> str:
    """A stored count the way clerks type it: 42, 1.250 (not 42.00 or 1250.00)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_number(value)
    return str(value.normalize())


def yesno_input(value: Decimal | None) -> str:
    if value is None:
        return ""
    return "1" if value else "0"


def stored_inputs(element: DataElement, figure: FigureValue | None) -> dict[str, str]:
    """The input strings for what is stored, keyed by part."""
    if figure is None:
        return {"total": "", "women": "", "value": "", "explanation": ""}
    value = (
        yesno_input(figure.value) if element.kind == DataElement.Kind.YESNO else plain(figure.value)
    )
    return {
        "total": plain(figure.total),
        "women": plain(figure.women),
        "value": value,
        "explanation": figure.explanation,
    }


def _text(raw: str | None) -> str | None:
    # Browsers send textarea line breaks as CRLF; stored text uses LF, so the same text
    # typed again is not mistaken for a change. NUL characters are never typed (Django's
    # form fields refuse them too) and PostgreSQL cannot store them in text: dropped.
    return None if raw is None else raw.replace("\r\n", "\n").replace("\x00", "")


def posted_inputs(element: DataElement, data: Mapping[str, str]) -> dict[str, str | None]:
    """What the page posted for one element; None for a part that was not sent."""
    return {
        part: (
            _text(data.get(figure_name(element.code, part)))
            if part == "explanation"
            else data.get(figure_name(element.code, part))
        )
        for part in ("total", "women", "value", "explanation")
    }


def figure_input(element: DataElement, data: Mapping[str, str]) -> FigureInput:
    posted = posted_inputs(element, data)
    if element.kind == DataElement.Kind.SEX:
        return FigureInput(
            total=posted["total"], women=posted["women"], explanation=posted["explanation"]
        )
    return FigureInput(value=posted["value"], explanation=posted["explanation"])


def figure_changed(
    element: DataElement, figure: FigureValue | None, data: Mapping[str, str]
) -> bool:
    """Did the user change this element? Compared as typed, so "42" against a stored 42
    is no change, and an element never filled and still empty is not stored as an empty
    row (that would also bump the report's version for nothing)."""
    stored = stored_inputs(element, figure)
    posted = posted_inputs(element, data)
    for part in ("total", "women", "value", "explanation"):
        raw = posted[part]
        if raw is None:
            continue
        if raw.strip() != stored[part].strip():
            return True
    return False


def draft_changes(
    *,
    submission: Submission,
    elements: Iterable[DataElement],
    figures: Mapping[int, FigureValue],
    data: Mapping[str, str],
) -> DraftChanges:
    """Everything the full form changed: only changed elements and narrative sections, so
    a save touches (and records in history) only what the user really edited."""
    changes = DraftChanges()
    for element in elements:
        figure = figures.get(element.pk)
        if figure_changed(element, figure, data):
            changes.figures[element.code] = figure_input(element, data)
    for name in Submission.NARRATIVE_FIELDS:
        text = _text(data.get(narrative_name(name)))
        if text is not None and text != getattr(submission, name):
            changes.narrative[name] = text
    return changes


def narrative_text(name: str, data: Mapping[str, str]) -> str | None:
    return _text(data.get(narrative_name(name)))


def base_version(data: Mapping[str, str]) -> int | None:
    """The version the page was loaded at; None when missing or garbled."""
    try:
        value = int(data.get(BASE_VERSION, ""))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


@dataclass
class TaskInput:
    task: Task
    status: str
    note: str


def task_input(task: Task, data: Mapping[str, str]) -> TaskInput | None:
    """The status and note posted for a task; None when the page did not send them."""
    status = data.get(task_name(task.pk, "status"))
    if status is None:
        return None
    return TaskInput(task, status, _text(data.get(task_name(task.pk, "note"))) or "")


def task_changes(
    tasks: Iterable[Task], progress: Mapping[int, TaskProgress], data: Mapping[str, str]
) -> list[TaskInput]:
    changed: list[TaskInput] = []
    for task in tasks:
        posted = task_input(task, data)
        if posted is None:
            continue
        current = progress.get(task.pk)
        status = current.status if current else TaskProgress.Status.NOT_STARTED
        note = current.note if current else ""
        if (posted.status, posted.note.strip()) != (status, note):
            changed.append(posted)
    return changed


# --------------------------------------------------------------------------------------
# Activities and evidence: ordinary forms (Django's parsing of dates and whole numbers)
# --------------------------------------------------------------------------------------
_WHOLE = {
    "required": "Nhập số người tham gia (0 nếu không thống kê).",
    "invalid": "Nhập một số nguyên, ví dụ 38.",
    "min_value": "Số người không được âm.",
}


class ActivityForm(forms.Form):
    """One activity held. The rules (dates inside the data window, women ≤ total) are the
    service's; this form only turns the strings into dates and numbers."""

    held_on = forms.DateField(
        label="Ngày tổ chức",
        error_messages={
            "required": "Nhập ngày tổ chức.",
            "invalid": "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 20/10/2025.",
        },
    )
    held_until = forms.DateField(
        label="Đến ngày",
        required=False,
        error_messages={
            "invalid": "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 15/12/2025.",
        },
    )
    kind = forms.ChoiceField(
        label="Loại hoạt động",
        choices=[("", "— Chọn —"), *Activity.Kind.choices],
        error_messages={
            "required": "Chọn loại hoạt động.",
            "invalid_choice": "Chọn loại hoạt động trong danh sách.",
        },
    )
    title = forms.CharField(
        label="Tên hoạt động",
        max_length=255,
        error_messages={
            "required": "Nhập tên hoạt động.",
            "max_length": "Tên hoạt động dài quá 255 ký tự.",
        },
    )
    participants_total = forms.IntegerField(
        label="Số người tham gia", min_value=0, error_messages=_WHOLE
    )
    participants_women = forms.IntegerField(label="Trong đó nữ", min_value=0, error_messages=_WHOLE)

    # Date inputs post ISO dates; typed dates (no date picker) come as dd/mm/yyyy.
    held_on.input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
    held_until.input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]

    def error_lines(self) -> list[str]:
        """Each error with the field it concerns: "Trong đó nữ: Số nữ (40) lớn hơn …"."""
        lines = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            lines += [f"{label}: {e}" if label else e for e in errors]
        return lines


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Tệp minh chứng",
        error_messages={
            "required": "Chọn tệp cần tải lên.",
            "empty": "Tệp đã chọn không có nội dung.",
            "invalid": "Không đọc được tệp đã chọn; chọn lại tệp.",
        },
    )
    description = forms.CharField(label="Mô tả", max_length=255, required=False)
