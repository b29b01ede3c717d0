"""Forms of the plan import (upload, then review) and the one write that saves it.

The review page is a header form plus three formsets (targets, tasks, reporting duties),
each pre-filled from the extraction (`plans.extraction`). Nothing is written until the
user confirms; then `import_save` creates the draft plan and all its parts through the
services of `plans.services`, in one transaction: a single refused row refuses the whole
plan, and the review page shows which row and why.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from genderplan.forms import apply_service_errors
from indicators.catalogue import DOMAINS_BY_CODE
from indicators.models import Domain, Indicator
from plans import services
from plans.extraction import MAX_BYTES
from plans.forms import (
    PLAN_FORM_FIELDS,
    IndicatorChoiceField,
    PlanChoiceField,
    date_input,
    textarea,
    year_input,
)
from plans.models import Agency, Plan, PlanSection, ReportingDuty, Target, Task

ACCEPTED = ".docx,.pdf,.txt"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Văn bản kế hoạch",
        help_text="Tệp Word (.docx), PDF có lớp chữ (xuất từ Word, không phải bản scan) hoặc "
        "văn bản thuần (.txt); tối đa 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError("Tệp lớn hơn 5 MB. Hãy tải lên văn bản kế hoạch (tối đa 5 MB).")
        if upload.size == 0:
            raise ValidationError("Tệp trống, không có nội dung.")
        return upload


# --- the review forms ------------------------------------------------------------------


class _Bootstrap:
    """Bootstrap classes on every widget (the review page renders fields one by one)."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class HeaderForm(_Bootstrap, forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Lưu thành kế hoạch của",
        help_text="Cơ quan, đơn vị bạn được phép soạn kế hoạch.",
    )
    kind = forms.ChoiceField(choices=Plan.Kind.choices, label="Loại kế hoạch")
    title = forms.CharField(label="Trích yếu", widget=textarea(2))
    number = forms.IntegerField(label="Số", required=False, min_value=1)
    symbol = forms.CharField(label="Ký hiệu", required=False, max_length=40)
    place = forms.CharField(label="Địa danh", required=False, max_length=100)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=date_input())
    period_start = forms.IntegerField(
        label="Từ năm", min_value=2000, max_value=2100, widget=year_input()
    )
    period_end = forms.IntegerField(
        label="Đến năm", min_value=2000, max_value=2100, widget=year_input()
    )
    campaign_start = forms.DateField(label="Đợt từ ngày", required=False, widget=date_input())
    campaign_end = forms.DateField(label="Đợt đến ngày", required=False, widget=date_input())
    parent = PlanChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        empty_label="— Chưa có trong hệ thống —",
        label="Thực hiện kế hoạch",
        help_text="Kế hoạch cấp trên đã có trong hệ thống (gợi ý theo số văn bản được dẫn).",
    )
    parent_reference = forms.CharField(
        label="Căn cứ / thực hiện văn bản", required=False, widget=textarea(3)
    )
    legal_bases = forms.CharField(label="Các căn cứ khác", required=False, widget=textarea(2))
    purpose = forms.CharField(label="Mục đích", required=False, widget=textarea(2))
    requirements = forms.CharField(label="Yêu cầu", required=False, widget=textarea(2))
    general_objective = forms.CharField(
        label="Mục tiêu tổng quát", required=False, widget=textarea(3)
    )
    closing = forms.CharField(label="Câu kết", required=False, widget=textarea(2))
    recipients = forms.CharField(
        label="Nơi nhận", required=False, widget=textarea(5), help_text="Mỗi nơi nhận một dòng."
    )
    signer_authority = forms.CharField(label="Quyền hạn ký", required=False, max_length=60)
    signer_title = forms.CharField(label="Chức vụ người ký", required=False, max_length=100)
    signer_name = forms.CharField(label="Người ký", required=False, max_length=100)
    save_sections = forms.BooleanField(
        label="Lưu cả các mục của văn bản (nội dung, giải pháp, tổ chức thực hiện)",
        required=False,
        initial=True,
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], parents: QuerySet[Plan], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["parent"].queryset = parents
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        start, end = data.get("period_start"), data.get("period_end")
        if kind == Plan.Kind.ANNUAL and start and not end:
            data["period_end"] = start
        return data


class _RowForm(_Bootstrap, forms.Form):
    mark = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class TargetRowForm(_RowForm):
    wording = forms.CharField(label="Nguyên văn", widget=textarea(3))
    domain = forms.ModelChoiceField(
        queryset=Domain.objects.order_by("number"), required=False, label="Lĩnh vực"
    )
    indicator = IndicatorChoiceField(
        queryset=Indicator.objects.select_related("domain"),
        required=False,
        label="Đo bằng chỉ tiêu",
    )
    kind = forms.ChoiceField(choices=Target.Kind.choices, label="Dạng")
    comparator = forms.ChoiceField(
        choices=[("", "—"), *Target.Comparator.choices], required=False, label="So sánh"
    )
    milestones = forms.CharField(
        label="Mốc (năm: giá trị)",
        required=False,
        max_length=500,
        help_text="Ví dụ 2025: 35; 2030: 75 — mọi năm: 100 — khoảng: 20–25.",
        widget=forms.TextInput(attrs={"placeholder": "2025: 35; 2030: 75"}),
    )
    maintain_until = forms.IntegerField(
        label="Duy trì đến năm", required=False, min_value=2000, max_value=2100, widget=year_input()
    )
    per_period = forms.ChoiceField(
        choices=[("", "—"), *Target.Period.choices], required=False, label="Mỗi kỳ"
    )
    unit = forms.CharField(label="Đơn vị", required=False, max_length=30)
    approx = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_milestones(self) -> list[services.MilestoneSpec]:
        try:
            return services.milestones_parse(self.cleaned_data.get("milestones") or "")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("milestones", exc.messages)) from exc


class TaskRowForm(_RowForm):
    description = forms.CharField(label="Nhiệm vụ", widget=textarea(2))
    lead_unit = forms.CharField(label="Đơn vị chủ trì", required=False, max_length=255)
    cooperating_units = forms.CharField(label="Phối hợp", required=False, widget=textarea(1))
    recurrence = forms.ChoiceField(choices=Task.Recurrence.choices, label="Tần suất")
    schedule = forms.CharField(label="Thời gian", required=False, max_length=120)
    section = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DutyRowForm(_RowForm):
    kind = forms.ChoiceField(choices=ReportingDuty.Kind.choices, label="Loại báo cáo")
    deadline_day = forms.IntegerField(label="Hạn: ngày", required=False, min_value=1, max_value=31)
    deadline_month = forms.IntegerField(
        label="Hạn: tháng", required=False, min_value=1, max_value=12
    )
    recipient = forms.CharField(label="Gửi tới", required=False, max_length=255)


class _RowFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Bỏ"
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def _formset(form: type[forms.Form]) -> type[forms.BaseFormSet]:
    return forms.formset_factory(form, formset=_RowFormSet, extra=0, can_delete=True)


TargetFormSet = _formset(TargetRowForm)
TaskFormSet = _formset(TaskRowForm)
DutyFormSet = _formset(DutyRowForm)


# --- from the extraction to the forms' initial values ---------------------------------------


def mark_id(start: int, end: int) -> str:
    return f"src-{start}-{end}"


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _milestones_text(milestones: list[dict]) -> str:
    parts = []
    for m in milestones:
        value = _fmt(m["value"])
        if m.get("value_max") is not None:
            value = f"{value}–{_fmt(m['value_max'])}"
        parts.append(f"{m['year']}: {value}" if m.get("year") else value)
    return "; ".join(parts)


_COMPARATORS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "=": "eq", "range": "range"}
_PERIODS = {"year": "year", "month": "month", "quarter": "quarter", "half_year": "half_year"}


def _domain_pk(code: str | None, domains: dict[int, Domain]) -> int | None:
    spec = DOMAINS_BY_CODE.get(code or "")
    domain = domains.get(spec.number) if spec else None
    return domain.pk if domain else None


def target_initial(
    t: dict, *, domains: dict[int, Domain], indicators: dict[str, Indicator]
) -> dict[str, Any]:
    """One extracted target (state form) → a target row."""
    comparator = t["comparator"]
    milestones = t["milestones"]
    unit = {"%": "%", "times": "lần"}.get(t.get("unit") or "", "")
    indicator = indicators.get(t.get("indicator") or "")
    domain_pk = _domain_pk(t.get("domain"), domains)
    if indicator is not None and domain_pk is not None and indicator.domain_id != domain_pk:
        indicator = None  # the heading's domain wins over a word match
    if comparator == "range":
        kind, cmp_ = Target.Kind.RANGE, "range"
    elif comparator == "per_period":
        kind, cmp_ = Target.Kind.FREQUENCY, "ge"
        unit = t.get("count_noun") or (indicator.unit if indicator else "lần")
    elif comparator == "zero":
        kind, cmp_ = Target.Kind.ZERO, "le"
        unit = indicator.unit if indicator else "trường hợp"
    elif (
        comparator == ">="
        and unit == "%"
        and len(milestones) == 1
        and milestones[0]["year"] is None
        and milestones[0]["value"] == 100
    ):
        kind, cmp_ = Target.Kind.ALL, "ge"
    else:
        kind, cmp_ = Target.Kind.THRESHOLD, _COMPARATORS.get(comparator, "ge")
        if t.get("unit") == "count":
            unit = t.get("count_noun") or (indicator.unit if indicator else "")
    return {
        "mark": mark_id(t["start"], t["end"]),
        "wording": t["text"],
        "domain": domain_pk,
        "indicator": indicator.pk if indicator else None,
        "kind": kind,
        "comparator": cmp_,
        "milestones": _milestones_text(milestones),
        "maintain_until": t.get("maintain_until"),
        "per_period": _PERIODS.get(t.get("period") or "", ""),
        "unit": unit[:30],
        "approx": bool(t.get("approx")),
    }


def objective_initial(
    o: dict, *, domains: dict[int, Domain], indicators: dict[str, Indicator]
) -> dict[str, Any]:
    """A line of the objectives with no level: a qualitative target row."""
    indicator = indicators.get(o.get("indicator") or "")
    domain_pk = _domain_pk(o.get("domain"), domains)
    if indicator is not None and domain_pk is not None and indicator.domain_id != domain_pk:
        indicator = None
    return {
        "mark": mark_id(o["start"], o["end"]),
        "wording": o["text"],
        "domain": domain_pk,
        "indicator": indicator.pk if indicator else None,
        "kind": Target.Kind.QUALITATIVE,
        "comparator": "",
        "milestones": "",
        "maintain_until": None,
        "per_period": "",
        "unit": "",
        "approx": False,
    }


def _text_of(item: dict | None) -> str:
    return item["text"] if item else ""


def header_initial(state: dict, *, parents: QuerySet[Plan], agency: Agency | None) -> dict:
    number, symbol = None, ""
    if state.get("number"):
        raw = state["number"]["text"]
        head, _, symbol = raw.partition("/")
        number = int(head) if head.isdigit() else None
    start, end = state.get("period_start"), state.get("period_end")
    kind = state.get("kind") or (
        Plan.Kind.MULTI_YEAR if start and end and end > start else Plan.Kind.ANNUAL
    )
    parent = None
    for ref in state.get("references") or []:
        if ref["kind"] != "Kế hoạch" or not ref.get("number"):
            continue
        head, _, sym = ref["number"].partition("/")
        if not head.isdigit():
            continue
        candidates = parents.filter(number=int(head), symbol=sym)
        if ref.get("date"):
            dated = candidates.filter(issued_on=datetime.date.fromisoformat(ref["date"]))
            candidates = dated if dated.exists() else candidates
        parent = candidates.first()
        if parent:
            break
    return {
        "agency": agency.pk if agency else None,
        "kind": kind,
        "title": _text_of(state.get("title")),
        "number": number,
        "symbol": symbol,
        "place": state.get("place") or "",
        "issued_on": state.get("issued_on"),
        "period_start": start,
        "period_end": end,
        "campaign_start": state.get("campaign_start"),
        "campaign_end": state.get("campaign_end"),
        "parent": parent.pk if parent else None,
        "parent_reference": _text_of(state.get("parent_reference")),
        "legal_bases": "\n".join(b["text"] for b in state.get("legal_bases") or []),
        "purpose": "\n".join(b["text"] for b in state.get("purpose") or []),
        "requirements": "\n".join(b["text"] for b in state.get("requirements") or []),
        "general_objective": _text_of(state.get("general_objective")),
        "closing": _text_of(state.get("closing")),
        "recipients": "\n".join(r["text"] for r in state.get("recipients") or []),
        "signer_authority": _text_of(state.get("signer_authority")),
        "signer_title": _text_of(state.get("signer_title")),
        "signer_name": _text_of(state.get("signer_name")),
        "save_sections": True,
    }


def rows_initial(state: dict) -> dict[str, list[dict]]:
    domains = {d.number: d for d in Domain.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    # Targets in document order, qualitative objectives among them where they stand.
    numeric = [
        (t["start"], target_initial(t, domains=domains, indicators=indicators))
        for t in state.get("targets") or []
    ]
    qualitative = [
        (o["start"], objective_initial(o, domains=domains, indicators=indicators))
        for o in state.get("objectives") or []
    ]
    targets = [row for _, row in sorted(numeric + qualitative, key=lambda x: x[0])]
    tasks = [
        {
            "mark": mark_id(t["start"], t["end"]),
            "description": t["text"],
            "lead_unit": t.get("lead") or "",
            "cooperating_units": t.get("cooperating") or "",
            "recurrence": t.get("recurrence") or Task.Recurrence.ONGOING,
            "schedule": t.get("schedule") or "",
            "section": t.get("section"),
        }
        for t in state.get("tasks") or []
    ]
    duties = [
        {
            "mark": mark_id(d["start"], d["end"]),
            "kind": d["kind"],
            "deadline_day": d.get("day"),
            "deadline_month": d.get("month"),
            "recipient": d.get("recipient") or "",
        }
        for d in state.get("duties") or []
    ]
    return {"targets": targets, "tasks": tasks, "duties": duties}


def as_post_data(header: dict, rows: dict[str, list[dict]]) -> dict[str, Any]:
    """The initial values as the browser would post them unchanged (used by the command,
    which saves what was read without a review)."""
    data: dict[str, Any] = {}
    for name, value in header.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for prefix, items in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = len(items)
        data[f"{prefix}-INITIAL_FORMS"] = len(items)
        for i, item in enumerate(items):
            for name, value in item.items():
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{i}-{name}"] = "on"
                elif value is not None:
                    data[f"{prefix}-{i}-{name}"] = value
    return data


# --- saving ------------------------------------------------------------------------------


class ImportRejected(Exception):
    """The services refused part of the plan; nothing was saved."""

    def __init__(self, header: ValidationError | None, rows: dict[tuple[str, int], Any]):
        super().__init__("import rejected")
        self.header = header
        self.rows = rows


_SECTION_PARTS = {
    "content": PlanSection.Part.CONTENT,
    "solutions": PlanSection.Part.SOLUTIONS,
    "organization": PlanSection.Part.ORGANIZATION,
    "funding": PlanSection.Part.OTHER,
    "other": PlanSection.Part.OTHER,
}


def _live(formset: forms.BaseFormSet) -> list[tuple[int, dict]]:
    return [
        (i, form.cleaned_data)
        for i, form in enumerate(formset.forms)
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def import_save(
    *,
    header: dict[str, Any],
    targets: forms.BaseFormSet,
    tasks: forms.BaseFormSet,
    duties: forms.BaseFormSet,
    sections: list[dict],
    user: Any,
) -> Plan:
    """Create the draft plan with its targets, sections, tasks and reporting duties, all
    or nothing. Raises ImportRejected naming the rows the services refused."""
    row_errors: dict[tuple[str, int], Any] = {}
    with transaction.atomic():
        try:
            plan = services.plan_create(
                agency=header["agency"], fields={k: header[k] for k in PLAN_FORM_FIELDS}, user=user
            )
        except ValidationError as exc:
            raise ImportRejected(exc, {}) from exc
        saved_sections: dict[int, PlanSection] = {}
        if header.get("save_sections"):
            for index, s in enumerate(sections):
                part = _SECTION_PARTS.get(s["part"])
                if part is None:
                    continue
                try:
                    saved_sections[index] = services.section_create(
                        plan=plan,
                        fields={
                            "part": part,
                            "number": s["number"][:20],
                            "heading": s["heading"],
                            "body": "\n".join(s.get("body") or []),
                        },
                        user=user,
                    )
                except ValidationError:
                    continue  # a section that does not fit is left out; its tasks stay
        order: dict[Any, int] = {}
        for i, data in _live(targets):
            domain = data.get("domain")
            order[domain] = order.get(domain, 0) + 1
            try:
                services.target_create(
                    plan=plan,
                    fields={
                        "domain": domain,
                        "order": order[domain],
                        "wording": data["wording"],
                        "kind": data["kind"],
                        "indicator": data.get("indicator"),
                        "comparator": data.get("comparator") or "",
                        "unit": data.get("unit") or "",
                        "per_period": data.get("per_period") or "",
                        "maintain_until": data.get("maintain_until"),
                        "note": "Khoảng (“khoảng …”) trong văn bản gốc."
                        if data.get("approx")
                        else "",
                    },
                    milestones=data["milestones"],
                    user=user,
                )
            except ValidationError as exc:
                row_errors[("targets", i)] = exc
        for n, (i, data) in enumerate(_live(tasks), start=1):
            try:
                services.task_create(
                    plan=plan,
                    fields={
                        "section": saved_sections.get(data.get("section")),
                        "order": n,
                        "description": data["description"],
                        "lead_unit": data.get("lead_unit") or "",
                        "cooperating_units": data.get("cooperating_units") or "",
                        "recurrence": data["recurrence"],
                        "schedule": data.get("schedule") or "",
                    },
                    user=user,
                )
            except ValidationError as exc:
                row_errors[("tasks", i)] = exc
        for i, data in _live(duties):
            try:
                services.reporting_duty_create(
                    plan=plan,
                    fields={
                        "kind": data["kind"],
                        "deadline_day": data.get("deadline_day"),
                        "deadline_month": data.get("deadline_month"),
                        "recipient": data.get("recipient") or "",
                    },
                    user=user,
                )
            except ValidationError as exc:
                row_errors[("duties", i)] = exc
        if row_errors:
            raise ImportRejected(None, row_errors)  # leaving the block rolls everything back
    return plan


def apply_rejection(
    exc: ImportRejected, header: forms.Form, formsets: dict[str, forms.BaseFormSet]
) -> None:
    """Put the services' messages next to the fields and rows they name."""
    if exc.header is not None:
        apply_service_errors(header, exc.header)
    for (prefix, index), error in exc.rows.items():
        apply_service_errors(formsets[prefix].forms[index], error)
