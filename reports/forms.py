"""Forms of the review pages: opening a round, and the reasons and comments that go with
returning, sending back and reopening a report. They check what a person can fix on the
form; the workflow rules themselves stay in reports/services.py."""

from __future__ import annotations

import datetime
import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from indicators.models import DataElement, Domain
from plans.models import Agency
from reports.models import ReportingRound, Submission
from reports.reading import NARRATIVE_LABELS
from reports.services import required_agencies_default

# dd/mm/yyyy text rather than the browser's date picker, which follows the computer's
# language (mm/dd/yyyy on an English Windows) and would show dates the wrong way round.
DATE_WIDGET = {
    "attrs": {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
    "format": "%d/%m/%Y",
}
SMALL = "form-control form-control-sm"
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids that are not whole numbers a database integer can hold are refused before any
    query: with one in `pk__in`, SQLite (the embedded default) raises OverflowError — a
    server error — where PostgreSQL simply finds nothing (tests/reliability)."""

    def _check_values(self, value):
        for pk in value:
            if not re.fullmatch(r"\s*[0-9]{1,18}\s*", str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RoundOpenForm(forms.Form):
    year = forms.IntegerField(
        label="Năm báo cáo",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"required": "Nhập năm báo cáo, ví dụ 2025."},
    )
    kind = forms.ChoiceField(
        label="Loại kỳ",
        choices=ReportingRound.Kind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Chọn sơ kết 6 tháng hoặc tổng kết năm."},
    )
    window_start = forms.DateField(
        label="Số liệu tính từ ngày",
        widget=forms.DateInput(**DATE_WIDGET),
        error_messages={"invalid": "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/12/2024."},
    )
    window_end = forms.DateField(
        label="đến ngày",
        widget=forms.DateInput(**DATE_WIDGET),
        error_messages={"invalid": "Nhập ngày dạng ngày/tháng/năm, ví dụ 14/12/2025."},
    )
    deadline = forms.DateField(
        label="Hạn nộp báo cáo",
        widget=forms.DateInput(**DATE_WIDGET),
        error_messages={"invalid": "Nhập ngày dạng ngày/tháng/năm, ví dụ 10/12/2025."},
    )
    agencies = IdMultipleChoiceField(
        label="Cơ quan phải báo cáo",
        queryset=Agency.objects.none(),
        widget=CHECKBOXES,
        error_messages={"required": "Chọn ít nhất một cơ quan phải báo cáo."},
    )
    elements = IdMultipleChoiceField(
        label="Số liệu yêu cầu báo cáo",
        queryset=DataElement.objects.none(),
        widget=CHECKBOXES,
        error_messages={"required": "Chọn ít nhất một số liệu cần báo cáo."},
    )

    def __init__(self, *args, province: Agency, today: datetime.date | None = None, **kwargs):
        self.province = province
        today = today or timezone.localdate()
        # Mid-December onwards the annual round of this year is the one being opened;
        # before July the mid-year round.
        kind = ReportingRound.Kind.MID_YEAR if today.month <= 6 else ReportingRound.Kind.ANNUAL
        start, end = ReportingRound.default_window(today.year, kind)
        initial = {
            "year": today.year,
            "kind": kind,
            "window_start": start,
            "window_end": end,
            "deadline": ReportingRound.default_deadline(today.year, kind),
            "agencies": list(required_agencies_default(province, end).values_list("pk", flat=True)),
            "elements": list(DataElement.objects.filter(active=True).values_list("pk", flat=True)),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = (
            Agency.objects.filter(parent=province)
            .exclude(kind=Agency.Kind.SUBUNIT)
            .order_by("kind", "name")
        )
        self.fields["agencies"].label_from_instance = _agency_label
        self.fields["elements"].queryset = DataElement.objects.filter(active=True).select_related(
            "domain"
        )
        self._today = today

    def regime_defaults(self) -> str:
        """The reporting regime's window and deadline per year and kind, for review.js to
        refill the dates when the year or kind changes (the rule stays in the model)."""
        years = range(self._today.year - 3, self._today.year + 4)
        table = {}
        for year in years:
            for kind in ReportingRound.Kind.values:
                start, end = ReportingRound.default_window(year, kind)
                deadline = ReportingRound.default_deadline(year, kind)
                table[f"{year}-{kind}"] = [f"{d:%d/%m/%Y}" for d in (start, end, deadline)]
        return json.dumps(table)

    def agency_groups(self) -> list[tuple[str, list]]:
        kinds = dict(Agency.Kind.choices)
        by_pk = {a.pk: a for a in self.fields["agencies"].queryset}
        groups: dict[str, list] = {}
        for widget in self["agencies"]:
            agency = by_pk.get(int(str(widget.data["value"])))
            if agency is not None:
                groups.setdefault(str(kinds[agency.kind]), []).append(widget)
        return list(groups.items())

    def element_groups(self) -> list[tuple[Domain, list]]:
        by_pk = {e.pk: e for e in self.fields["elements"].queryset}
        groups: dict[Domain, list] = {}
        for widget in self["elements"]:
            element = by_pk.get(int(str(widget.data["value"])))
            if element is not None:
                groups.setdefault(element.domain, []).append(widget)
        return sorted(groups.items(), key=lambda item: item[0].number)

    def clean(self) -> dict:
        data = super().clean()
        year, kind = data.get("year"), data.get("kind")
        start, end = data.get("window_start"), data.get("window_end")
        deadline = data.get("deadline")
        if start and end and end < start:
            self.add_error("window_end", "Ngày kết thúc kỳ số liệu phải sau ngày bắt đầu.")
        elif year and kind and end and end.year != year:
            regime_start, regime_end = ReportingRound.default_window(year, kind)
            self.add_error(
                "window_end",
                f"Kỳ số liệu của năm {year} phải kết thúc trong năm {year} (theo chế độ báo "
                f"cáo: {regime_start:%d/%m/%Y} – {regime_end:%d/%m/%Y}). Sửa ngày hoặc năm.",
            )
        if start and deadline and deadline < start:
            self.add_error("deadline", "Hạn nộp phải sau ngày bắt đầu kỳ số liệu.")
        return data


def _agency_label(agency: Agency) -> str:
    if agency.valid_to:
        return f"{agency.name} (hoạt động đến {agency.valid_to:%d/%m/%Y})"
    return agency.name


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": "Ghi lý do để cơ quan biết cần sửa gì."},
    )

    def __init__(self, *args, required_message: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if required_message:
            self.fields["reason"].error_messages["required"] = required_message


class ReturnForm(ReasonForm):
    """The committee's return: an overall reason and, optionally, a comment on any figure
    or narrative section. Comment boxes sit next to their field in the document
    (HTML `form=` attribute), so their names are the comment keys, prefixed."""

    PREFIX = "ykien__"

    def __init__(self, *args, submission: Submission, elements: list[DataElement], **kwargs):
        kwargs.setdefault("auto_id", "return-%s")
        super().__init__(
            *args, required_message="Ghi lý do trả lại để cơ quan biết cần sửa gì.", **kwargs
        )
        self.fields["reason"].label = "Lý do trả lại"
        self.comment_names: dict[str, str] = {}
        keys = [(e.code, e.name) for e in elements] + [
            (f"narrative:{n}", label) for n, label in NARRATIVE_LABELS.items()
        ]
        for key, label in keys:
            name = self.PREFIX + key.replace(":", "__")
            self.fields[name] = forms.CharField(
                label=f"Ý kiến về “{label}”",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "form": "return-form", "class": SMALL}),
            )
            self.comment_names[key] = name

    def comment_field(self, key: str):
        name = self.comment_names.get(key)
        return self[name] if name else None

    def comments(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(name, "")
            for key, name in self.comment_names.items()
            if self.cleaned_data.get(name, "").strip()
        }


def send_back_form(data=None) -> ReasonForm:
    form = ReasonForm(
        data, auto_id="send-back-%s", required_message="Ghi lý do để chuyên viên biết cần sửa gì."
    )
    form.fields["reason"].label = "Lý do trả lại chuyên viên"
    return form


def reopen_form(data=None) -> ReasonForm:
    form = ReasonForm(
        data, auto_id="reopen-%s", required_message="Mở lại báo cáo đã tiếp nhận phải ghi lý do."
    )
    form.fields["reason"].label = "Lý do mở lại"
    return form
