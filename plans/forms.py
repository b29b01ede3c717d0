"""Forms for plans and their parts.

They only shape input (types, choices, widgets, Vietnamese labels and help); the rules
live in `plans.services`, which the views call with `cleaned_data`. Plain `Form`s built
from the model fields rather than `ModelForm`s, so the model's constraints are not checked
twice with Django's generic messages before the services can say what is wrong.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Model, QuerySet
from django.forms.models import fields_for_model, model_to_dict

from indicators.models import Domain, Indicator
from plans.models import Agency, Plan, PlanSection, ReportingDuty, Target, Task
from plans.services import MilestoneSpec, milestones_format, milestones_parse


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def year_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": 2000, "max": 2100, "step": 1})


class _ModelFieldsForm(forms.Form):
    """A plain form whose fields come from the model: its labels, choices and lengths."""

    model: ClassVar[type[Model]]
    field_names: ClassVar[list[str]]
    labels: ClassVar[dict[str, str]] = {}
    help_texts: ClassVar[dict[str, str]] = {}
    widgets: ClassVar[dict[str, forms.Widget]] = {}

    def __init__(self, *args: Any, instance: Model | None = None, **kwargs: Any) -> None:
        initial = model_to_dict(instance, fields=self.field_names) if instance else {}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self.instance = instance
        generated = fields_for_model(
            self.model,
            fields=self.field_names,
            widgets=self.widgets,
            labels=self.labels,
            help_texts=self.help_texts,
        )
        # Declared fields (e.g. `milestones`) win over the generated ones.
        for name, field in generated.items():
            self.fields.setdefault(name, field)
        self.order_fields(self.field_names)

    def service_fields(self) -> dict[str, Any]:
        """cleaned_data restricted to model fields (what the services accept)."""
        return {n: self.cleaned_data[n] for n in self.field_names if n in self.cleaned_data}


# --- plan ------------------------------------------------------------------------------

PLAN_HELP = {
    "kind": "Kế hoạch giai đoạn (nhiều năm, ví dụ 2021–2030), kế hoạch năm, hoặc kế hoạch "
    "một đợt như Tháng hành động vì bình đẳng giới 15/11–15/12.",
    "number": "Số văn bản, ví dụ 12 trong “12/KH-SNgV”. Để trống nếu văn bản chưa có số.",
    "symbol": "Ký hiệu sau số, ví dụ KH-SNgV, KH-UBND.",
    "place": "Địa danh ghi trước ngày tháng, ví dụ Hà Tĩnh.",
    "issued_on": "Ngày ký ban hành văn bản. Để trống nếu còn là dự thảo.",
    "title": "Dòng dưới chữ KẾ HOẠCH, ví dụ: Thực hiện Chiến lược quốc gia về bình đẳng giới "
    "giai đoạn 2021–2030.",
    "period_start": "Năm đầu của thời kỳ kế hoạch. Kế hoạch năm: năm đó.",
    "period_end": "Năm cuối của thời kỳ kế hoạch. Kế hoạch năm: bằng “Từ năm”.",
    "campaign_start": "Chỉ cho kế hoạch đợt: ngày bắt đầu (ví dụ 15/11).",
    "campaign_end": "Chỉ cho kế hoạch đợt: ngày kết thúc (ví dụ 15/12).",
    "parent": "Kế hoạch cấp trên mà kế hoạch này triển khai, thường là kế hoạch của UBND tỉnh. "
    "Để trống nếu kế hoạch cấp trên chưa có trong hệ thống.",
    "parent_reference": "Câu mở đầu “Căn cứ …” / “Thực hiện …” đúng như văn bản gốc.",
    "legal_bases": "Các căn cứ khác, mỗi căn cứ một dòng.",
    "purpose": "Mục I. Mục đích — để trống nếu văn bản không có.",
    "requirements": "Mục I. Yêu cầu — để trống nếu văn bản không có.",
    "general_objective": "Mục tiêu tổng quát, đúng như văn bản. Các chỉ tiêu cụ thể nhập trên "
    "trang kế hoạch, theo từng lĩnh vực.",
    "closing": "Câu kết, ví dụ “Trên đây là Kế hoạch … của Sở Ngoại vụ./.”",
    "recipients": "Mỗi nơi nhận một dòng; dòng cuối “Lưu: VT, …”.",
    "signer_authority": "Thẩm quyền ký, ví dụ KT. GIÁM ĐỐC. Để trống nếu người đứng đầu ký.",
    "signer_title": "Chức vụ người ký, ví dụ GIÁM ĐỐC, PHÓ GIÁM ĐỐC.",
    "signer_name": "Họ và tên người ký, ví dụ Thái Phúc Sơn.",
}

PLAN_FORM_FIELDS = [
    "kind",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "period_start",
    "period_end",
    "campaign_start",
    "campaign_end",
    "parent",
    "parent_reference",
    "legal_bases",
    "purpose",
    "requirements",
    "general_objective",
    "closing",
    "recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
]


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Plan) -> str:
        ref = obj.reference or "chưa có số"
        return f"{obj.agency.display_short} · {ref} · {obj.period_label} · {obj.title[:70]}"


class PlanForm(_ModelFieldsForm):
    model = Plan
    field_names = PLAN_FORM_FIELDS
    help_texts = PLAN_HELP
    widgets = {
        "title": textarea(2),
        "issued_on": date_input(),
        "campaign_start": date_input(),
        "campaign_end": date_input(),
        "period_start": year_input(),
        "period_end": year_input(),
        "parent_reference": textarea(3),
        "legal_bases": textarea(3),
        "purpose": textarea(3),
        "requirements": textarea(3),
        "general_objective": textarea(4),
        "closing": textarea(2),
        "recipients": textarea(5),
    }

    parent = PlanChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label="Thực hiện kế hoạch",
        help_text=PLAN_HELP["parent"],
    )

    def __init__(self, *args: Any, parent_choices: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_choices
        for name in ("symbol", "place", "signer_authority", "signer_title", "signer_name"):
            self.fields[name].required = False


class PlanCreateForm(PlanForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Cơ quan ban hành",
        help_text="Cơ quan, đơn vị ban hành kế hoạch: cơ quan của bạn hoặc đơn vị trực thuộc.",
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        # The agency comes first: it decides the defaults of the other fields.
        self.order_fields(["agency", *PLAN_FORM_FIELDS])


# --- targets -----------------------------------------------------------------------------

TARGET_HELP = {
    "domain": "Lĩnh vực của Chiến lược quốc gia mà chỉ tiêu thuộc về.",
    "wording": "Chép nguyên văn câu chỉ tiêu trong văn bản.",
    "kind": "Theo cách văn bản viết: “đạt 35% trở lên” là Ngưỡng, “20–25%” là Khoảng, "
    "“ít nhất 1 … mỗi năm” là Tần suất, “ưu tiên …” là Định tính.",
    "comparator": "Để trống nếu định tính; dạng Khoảng, 100% và “Không có” tự điền.",
    "unit": "%, người, hoạt động, bài viết…",
    "per_period": "Chỉ cho chỉ tiêu tần suất: số lần tính mỗi năm, 6 tháng, quý hay tháng.",
    "maintain_until": "“Đạt … đến năm 2025 và duy trì đến năm 2030”: ghi 2030.",
    "indicator": "Chỉ tiêu đo lường trong danh mục dùng để tính số liệu báo cáo (nếu có).",
    "baseline_year": "Năm của số liệu xuất phát (không bắt buộc).",
    "baseline_value": "Số liệu năm cơ sở, để tính lộ trình (không bắt buộc).",
    "note": "Ghi chú nội bộ, không in ra văn bản.",
    "order": "Thứ tự trong lĩnh vực; để trống để xếp cuối.",
}


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.domain.number}. {obj.name}"


class TargetForm(_ModelFieldsForm):
    model = Target
    field_names = [
        "domain",
        "wording",
        "kind",
        "comparator",
        "unit",
        "per_period",
        "maintain_until",
        "indicator",
        "baseline_year",
        "baseline_value",
        "note",
        "order",
    ]
    help_texts = TARGET_HELP
    labels = {"order": "Thứ tự"}
    widgets = {
        "wording": textarea(2),
        "note": textarea(2),
        "maintain_until": year_input(),
        "baseline_year": year_input(),
    }

    milestones = forms.CharField(
        label="Mốc giá trị",
        required=False,
        max_length=500,
        help_text="Năm: giá trị, cách nhau bằng “;”, ví dụ 2025: 35; 2030: 75. "
        "Áp dụng mọi năm: chỉ ghi số (100). Khoảng: 20–25.",
        widget=forms.TextInput(attrs={"placeholder": "2025: 35; 2030: 75"}),
    )
    indicator = IndicatorChoiceField(
        queryset=Indicator.objects.select_related("domain"),
        required=False,
        label="Đo bằng chỉ tiêu",
        help_text=TARGET_HELP["indicator"],
    )
    order = forms.IntegerField(
        required=False, min_value=0, label="Thứ tự", help_text=TARGET_HELP["order"]
    )

    def __init__(self, *args: Any, instance: Target | None = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and not self.is_bound:
            self.initial["milestones"] = milestones_format(list(instance.milestones.all()))
        self.fields["domain"].queryset = Domain.objects.order_by("number")
        self.fields["comparator"].choices = [("", "—")] + list(Target.Comparator.choices)
        self.fields["per_period"].choices = [("", "—")] + list(Target.Period.choices)
        self.fields["unit"].required = False

    def clean_milestones(self) -> list[MilestoneSpec]:
        try:
            return milestones_parse(self.cleaned_data.get("milestones") or "")
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["milestones"]) from exc

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields["order"] = fields.get("order") or 0
        fields["unit"] = fields.get("unit") or ""
        return fields


# --- sections, tasks, duties -----------------------------------------------------------


class SectionForm(_ModelFieldsForm):
    model = PlanSection
    field_names = ["part", "number", "heading", "body", "order"]
    help_texts = {
        "part": "Phần lớn của văn bản chứa mục: mục đích, mục tiêu, nội dung, giải pháp, "
        "tổ chức thực hiện.",
        "number": "Như văn bản ghi: I, II … cho dòng tiêu đề của phần (“II. NỘI DUNG THỰC "
        "HIỆN”); 1, 2.1, a cho mục con. Phần không có dòng tiêu đề được đánh số tự động.",
        "heading": "Tiêu đề mục, ví dụ “Đẩy mạnh truyền thông vì bình đẳng giới”.",
        "body": "Đoạn văn của mục (nếu có). Các nhiệm vụ cụ thể thêm bên dưới mục.",
        "order": "Thứ tự hiển thị; để trống để xếp cuối.",
    }
    widgets = {"heading": textarea(2), "body": textarea(3)}

    order = forms.IntegerField(
        required=False, min_value=0, label="Thứ tự", help_text="Thứ tự hiển thị; để trống."
    )

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields["order"] = fields.get("order") or 0
        return fields


class TaskForm(_ModelFieldsForm):
    model = Task
    field_names = [
        "section",
        "description",
        "lead_unit",
        "cooperating_units",
        "recurrence",
        "due_date",
        "schedule",
        "lead_agency",
        "order",
    ]
    help_texts = {
        "section": "Mục của kế hoạch chứa nhiệm vụ.",
        "description": "Nội dung nhiệm vụ, giải pháp như văn bản ghi.",
        "lead_unit": "Đơn vị chủ trì, ví dụ “Văn phòng - Thanh tra Sở”.",
        "cooperating_units": "Các đơn vị phối hợp, cách nhau bằng dấu phẩy.",
        "recurrence": "Làm một lần theo hạn, định kỳ, vào dịp cố định, hay thường xuyên.",
        "due_date": "Hạn hoàn thành (cho nhiệm vụ làm một lần).",
        "schedule": "Thời gian cụ thể như văn bản ghi, ví dụ 08/3; 20/10; 15/11–15/12.",
        "lead_agency": "Nếu đơn vị chủ trì có tài khoản trong hệ thống: chọn để nhiệm vụ hiện "
        "trong báo cáo của đơn vị đó.",
        "order": "Thứ tự trong mục; để trống để xếp cuối.",
    }
    widgets = {
        "description": textarea(3),
        "cooperating_units": textarea(1),
        "due_date": date_input(),
    }

    order = forms.IntegerField(required=False, min_value=0, label="Thứ tự")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].help_text = self.help_texts["order"]
        self.fields["section"].queryset = plan.sections.order_by("order", "pk")
        self.fields["section"].label_from_instance = lambda s: str(s)
        self.fields["lead_agency"].queryset = Agency.objects.within(plan.agency).order_by(
            "kind", "name"
        )

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields["order"] = fields.get("order") or 0
        return fields


class DutyForm(_ModelFieldsForm):
    model = ReportingDuty
    field_names = ["kind", "deadline_day", "deadline_month", "recipient", "note"]
    help_texts = {
        "kind": "Sơ kết 6 tháng, tổng kết năm, báo cáo kết thúc đợt…",
        "deadline_day": "Ngày của hạn nộp, ví dụ 10 trong “trước 10/12”.",
        "deadline_month": "Tháng của hạn nộp, ví dụ 12 trong “trước 10/12”.",
        "recipient": "Nơi nhận báo cáo, ví dụ Ban VSTBPN tỉnh (Sở Nội vụ).",
        "note": "Ghi chú, ví dụ số liệu tính từ 15/12 năm trước đến 14/12.",
    }
    widgets = {
        "note": textarea(2),
        "deadline_day": forms.NumberInput(attrs={"min": 1, "max": 31}),
        "deadline_month": forms.NumberInput(attrs={"min": 1, "max": 12}),
    }
