"""Writes to plans and their parts. Every rule a clerk can break is checked here, before
anything is saved, and reported in Vietnamese naming the field.

Every write goes through `Model.save()` / `Model.delete()` on single instances, never
`QuerySet.update()`/bulk operations, so django-simple-history records each change; the
acting user is set on the instance (`_history_user`) so the record names them even outside
a request (imports, shell, tests).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model

from plans.models import (
    Agency,
    Milestone,
    Plan,
    PlanSection,
    ReportingDuty,
    Target,
    Task,
)

# --- field bundles (what a form hands over) ------------------------------------------


class PlanFields(TypedDict, total=False):
    kind: str
    number: int | None
    symbol: str
    place: str
    issued_on: Any  # datetime.date | None
    title: str
    period_start: int
    period_end: int
    campaign_start: Any
    campaign_end: Any
    parent: Plan | None
    parent_reference: str
    legal_bases: str
    purpose: str
    requirements: str
    general_objective: str
    closing: str
    recipients: str
    signer_authority: str
    signer_title: str
    signer_name: str


class TargetFields(TypedDict, total=False):
    domain: Any  # indicators.Domain | None
    order: int
    wording: str
    kind: str
    indicator: Any  # indicators.Indicator | None
    comparator: str
    unit: str
    per_period: str
    maintain_until: int | None
    baseline_year: int | None
    baseline_value: Decimal | None
    note: str


class TaskFields(TypedDict, total=False):
    section: PlanSection | None
    order: int
    description: str
    lead_unit: str
    lead_agency: Agency | None
    cooperating_units: str
    recurrence: str
    due_date: Any
    schedule: str


class SectionFields(TypedDict, total=False):
    part: str
    number: str
    heading: str
    body: str
    order: int


class DutyFields(TypedDict, total=False):
    kind: str
    deadline_day: int | None
    deadline_month: int | None
    recipient: str
    note: str


@dataclass(frozen=True)
class MilestoneSpec:
    """One parsed milestone: `year` None means every year of the plan."""

    year: int | None
    value: Decimal
    value_high: Decimal | None = None


PLAN_FIELDS = frozenset(PlanFields.__annotations__)
TARGET_FIELDS = frozenset(TargetFields.__annotations__)
TASK_FIELDS = frozenset(TaskFields.__annotations__)
SECTION_FIELDS = frozenset(SectionFields.__annotations__)
DUTY_FIELDS = frozenset(DutyFields.__annotations__)

YEAR_MIN, YEAR_MAX = 2000, 2100


# --- helpers ---------------------------------------------------------------------------


def _assign(instance: Model, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        # A programming error, not a clerk's: fail loudly rather than drop data silently.
        raise TypeError(f"unexpected fields for {type(instance).__name__}: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def _save(instance: Model, user: Any) -> None:
    instance._history_user = user  # type: ignore[attr-defined]
    instance.save()


def _delete(instance: Model, user: Any) -> None:
    instance._history_user = user  # type: ignore[attr-defined]
    instance.delete()


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _fmt_dec(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _ensure_plan_editable(plan: Plan) -> None:
    if plan.status == Plan.Status.ARCHIVED:
        raise ValidationError(
            "Kế hoạch đã lưu trữ nên không sửa được. Chuyển về “Dự thảo” trước khi sửa."
        )


# --- plans -------------------------------------------------------------------------------


def plan_defaults(*, agency: Agency) -> PlanFields:
    """What a new plan of `agency` starts with: its place name, its document symbol and
    the signer of its last plan (the director rarely changes between plans)."""
    defaults: PlanFields = {
        "place": agency.place_name,
        "symbol": f"KH-{agency.doc_abbreviation}" if agency.doc_abbreviation else "KH",
    }
    last = (
        Plan.objects.filter(agency=agency)
        .exclude(signer_name="")
        .order_by("-issued_on", "-created_at")
        .first()
    )
    if last is not None:
        defaults["signer_authority"] = last.signer_authority
        defaults["signer_title"] = last.signer_title
        defaults["signer_name"] = last.signer_name
    return defaults


def _validate_plan(plan: Plan) -> None:
    errors: dict[str, list[str]] = {}
    if not (plan.title or "").strip():
        _add(errors, "title", "Nhập trích yếu (dòng dưới chữ KẾ HOẠCH).")
    for field, label in (("period_start", "Từ năm"), ("period_end", "Đến năm")):
        value = getattr(plan, field)
        if value is None:
            _add(errors, field, f"Nhập “{label}” của thời kỳ kế hoạch.")
        elif not YEAR_MIN <= value <= YEAR_MAX:
            _add(errors, field, f"“{label}” phải trong khoảng {YEAR_MIN}–{YEAR_MAX}.")
    start, end = plan.period_start, plan.period_end
    if start and end and not errors.get("period_start") and not errors.get("period_end"):
        if end < start:
            _add(
                errors,
                "period_end",
                f"“Đến năm” ({end}) không được trước “Từ năm” ({start}).",
            )
        elif plan.kind == Plan.Kind.ANNUAL and end != start:
            _add(
                errors,
                "period_end",
                f"Kế hoạch năm chỉ gồm một năm: “Đến năm” phải bằng “Từ năm” ({start}).",
            )
    if plan.kind == Plan.Kind.CAMPAIGN:
        if not plan.campaign_start or not plan.campaign_end:
            _add(errors, "campaign_start", "Kế hoạch đợt cần ngày bắt đầu và ngày kết thúc đợt.")
        elif plan.campaign_end < plan.campaign_start:
            _add(errors, "campaign_end", "Ngày kết thúc đợt không được trước ngày bắt đầu.")
        elif (
            start
            and end
            and not (start <= plan.campaign_start.year and plan.campaign_end.year <= end)
        ):
            _add(
                errors,
                "campaign_end",
                f"Ngày của đợt phải nằm trong thời kỳ kế hoạch {start}–{end}.",
            )
    if plan.number is not None and plan.number < 1:
        _add(errors, "number", "Số văn bản bắt đầu từ 1.")
    if plan.parent_id is not None:
        node: Plan | None = plan.parent
        seen = 0
        while node is not None and seen < 10:
            if plan.pk is not None and node.pk == plan.pk:
                _add(
                    errors,
                    "parent",
                    "Kế hoạch không thể thực hiện chính nó hay kế hoạch thực hiện nó.",
                )
                break
            node = node.parent
            seen += 1
    if plan.number is not None and plan.issued_on is not None:
        clash = Plan.objects.filter(
            agency=plan.agency_id,
            symbol=plan.symbol,
            number=plan.number,
            issued_on=plan.issued_on,
        ).exclude(pk=plan.pk)
        if clash.exists():
            _add(
                errors,
                "number",
                f"Cơ quan đã có văn bản số {plan.reference} ngày {plan.issued_on:%d/%m/%Y}.",
            )
    _raise(errors)


def _validate_milestones_within(plan: Plan) -> None:
    """Changing the plan's period must not leave milestones outside it."""
    outside = [
        m
        for m in Milestone.objects.filter(target__plan=plan, year__isnull=False).select_related(
            "target"
        )
        if not plan.period_start <= m.year <= plan.period_end
    ]
    if outside:
        years = ", ".join(sorted({str(m.year) for m in outside}))
        raise ValidationError(
            {
                "period_end": [
                    f"Có mốc chỉ tiêu năm {years} nằm ngoài thời kỳ mới "
                    f"{plan.period_start}–{plan.period_end}. Sửa các chỉ tiêu đó trước."
                ]
            }
        )


@transaction.atomic
def plan_create(*, agency: Agency, fields: PlanFields, user: Any) -> Plan:
    plan = Plan(agency=agency, status=Plan.Status.DRAFT)
    _assign(plan, dict(fields), PLAN_FIELDS)
    # A clerk who leaves these blank means "the usual": the agency's own place and symbol.
    defaults = plan_defaults(agency=agency)
    plan.place = plan.place or defaults["place"]
    plan.symbol = plan.symbol or defaults["symbol"]
    _validate_plan(plan)
    _save(plan, user)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, fields: PlanFields, user: Any) -> Plan:
    _ensure_plan_editable(plan)
    _assign(plan, dict(fields), PLAN_FIELDS)
    _validate_plan(plan)
    _validate_milestones_within(plan)
    if plan.status == Plan.Status.ISSUED:
        _validate_issuable(plan)
    _save(plan, user)
    return plan


def _validate_issuable(plan: Plan) -> None:
    errors: dict[str, list[str]] = {}
    if not plan.title.strip():
        _add(errors, "title", "Kế hoạch ban hành phải có trích yếu.")
    if not plan.period_start or not plan.period_end:
        _add(errors, "period_start", "Kế hoạch ban hành phải có thời kỳ (từ năm – đến năm).")
    if not plan.signer_name.strip():
        _add(errors, "signer_name", "Kế hoạch ban hành phải có người ký.")
    _raise(errors)


@transaction.atomic
def plan_set_status(*, plan: Plan, status: str, user: Any) -> Plan:
    if status not in Plan.Status.values:
        raise ValidationError({"status": [f"Trạng thái “{status}” không hợp lệ."]})
    if status == Plan.Status.ISSUED:
        _validate_issuable(plan)
    if plan.status != status:
        plan.status = status
        _save(plan, user)
    return plan


# --- targets and milestones --------------------------------------------------------------

_MILESTONE_ITEM = re.compile(
    r"^\s*(?:(?:năm\s*)?(?P<year>\d{4})\s*[:=]\s*)?"
    r"(?P<low>\d+(?:[.,]\d+)?)\s*%?\s*"
    r"(?:(?:[-–—]|đến)\s*(?P<high>\d+(?:[.,]\d+)?)\s*%?)?\s*$",
    re.IGNORECASE,
)


def _to_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def milestones_parse(text: str) -> list[MilestoneSpec]:
    """Read the compact milestones field a clerk types: "2025: 35; 2030: 75", "100",
    "2025: 20–25", "35%" — items separated by ";" or new lines; a comma inside a number is
    the Vietnamese decimal comma ("33,3")."""
    specs: list[MilestoneSpec] = []
    errors: list[str] = []
    seen: set[int | None] = set()
    for raw in re.split(r"[;\n]+", text or ""):
        item = raw.strip()
        if not item:
            continue
        match = _MILESTONE_ITEM.match(item)
        if match is None:
            errors.append(
                f"Không đọc được mốc “{item}”. Viết dạng “2025: 35”, “100” hoặc “2025: 20–25”."
            )
            continue
        try:
            low = _to_decimal(match["low"])
            high = _to_decimal(match["high"]) if match["high"] else None
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            errors.append(f"Giá trị không hợp lệ trong mốc “{item}”.")
            continue
        year = int(match["year"]) if match["year"] else None
        if year in seen:
            errors.append(
                f"Năm {year} được nhập hai lần." if year else "Chỉ nhập một mốc không ghi năm."
            )
            continue
        seen.add(year)
        specs.append(MilestoneSpec(year=year, value=low, value_high=high))
    if errors:
        raise ValidationError({"milestones": errors})
    return sorted(specs, key=lambda s: (s.year is not None, s.year or 0))


def milestones_format(milestones: Sequence[Milestone]) -> str:
    """The inverse of `milestones_parse`, to fill the field when editing."""
    parts = []
    for m in milestones:
        value = _fmt_dec(m.value)
        if m.value_high is not None:
            value = f"{value}–{_fmt_dec(m.value_high)}"
        parts.append(f"{m.year}: {value}" if m.year else value)
    return "; ".join(parts)


def _normalise_target(target: Target, milestones: list[MilestoneSpec]) -> list[MilestoneSpec]:
    """Fill what the kind implies so the clerk does not have to: a range compares as a
    range, "zero cases" is = 0, "100% of a group" is ≥ 100, "at least N" is ≥."""
    kind = target.kind
    if kind == Target.Kind.QUALITATIVE:
        # Reported in words: no comparator, and a "%" left in the unit would mislead.
        target.comparator = ""
        target.per_period = ""
        target.unit = ""
    elif kind == Target.Kind.RANGE:
        target.comparator = Target.Comparator.RANGE
    elif kind == Target.Kind.ZERO:
        # "không có trường hợp nào" reads as ≤ 0, as plans.evaluation scores it.
        target.comparator = target.comparator or Target.Comparator.LE
        if not milestones:
            milestones = [MilestoneSpec(year=None, value=Decimal(0))]
    elif kind == Target.Kind.ALL:
        target.comparator = target.comparator or Target.Comparator.GE
        target.unit = target.unit or "%"
        if not milestones:
            milestones = [MilestoneSpec(year=None, value=Decimal(100))]
    elif kind == Target.Kind.FREQUENCY:
        target.comparator = target.comparator or Target.Comparator.GE
    if kind != Target.Kind.FREQUENCY:
        target.per_period = ""
    return milestones


def _validate_target(target: Target, milestones: list[MilestoneSpec]) -> None:
    plan = target.plan
    errors: dict[str, list[str]] = {}
    if not (target.wording or "").strip():
        _add(errors, "wording", "Nhập nguyên văn chỉ tiêu như trong văn bản.")
    if target.kind not in Target.Kind.values:
        _add(errors, "kind", "Chọn dạng chỉ tiêu.")
        _raise(errors)
    if target.comparator and target.comparator not in Target.Comparator.values:
        _add(errors, "comparator", "Phép so sánh không hợp lệ.")
    measurable = target.kind != Target.Kind.QUALITATIVE
    if measurable and not target.comparator:
        _add(
            errors,
            "comparator",
            "Chọn phép so sánh (≥, >, ≤, <, =) — chỉ chỉ tiêu định tính mới không cần.",
        )
    if target.kind == Target.Kind.THRESHOLD and target.comparator == Target.Comparator.RANGE:
        _add(
            errors, "comparator", "Chỉ tiêu dạng ngưỡng không dùng “từ … đến …”; chọn dạng Khoảng."
        )
    if target.kind == Target.Kind.FREQUENCY and not target.per_period:
        _add(
            errors,
            "per_period",
            "Chỉ tiêu tần suất cần “Mỗi kỳ” (mỗi năm, mỗi 6 tháng, mỗi quý, mỗi tháng).",
        )
    if not measurable and milestones:
        _add(errors, "milestones", "Chỉ tiêu định tính không có mốc số; để trống ô “Mốc”.")
    if measurable and not milestones:
        _add(errors, "milestones", "Nhập ít nhất một mốc, ví dụ “2025: 35” hoặc “100”.")
    for spec in milestones:
        where = f"năm {spec.year}" if spec.year else "áp dụng mọi năm"
        if spec.year is not None and not plan.period_start <= spec.year <= plan.period_end:
            _add(
                errors,
                "milestones",
                f"Năm mốc {spec.year} nằm ngoài thời kỳ kế hoạch "
                f"{plan.period_start}–{plan.period_end}.",
            )
        if target.kind == Target.Kind.RANGE:
            if spec.value_high is None:
                _add(
                    errors,
                    "milestones",
                    f"Chỉ tiêu dạng khoảng cần cận dưới và cận trên ({where}), ví dụ “20–25”.",
                )
            elif spec.value > spec.value_high:
                _add(
                    errors,
                    "milestones",
                    f"Khoảng {where}: cận dưới {_fmt_dec(spec.value)} lớn hơn cận trên "
                    f"{_fmt_dec(spec.value_high)}.",
                )
        elif spec.value_high is not None:
            _add(
                errors,
                "milestones",
                f"Mốc {where} ghi khoảng nhưng dạng chỉ tiêu không phải Khoảng.",
            )
        if spec.value < 0:
            _add(errors, "milestones", f"Giá trị mốc {where} không được âm.")
        if target.unit == "%" and (spec.value > 100 or (spec.value_high or 0) > 100):
            _add(errors, "milestones", f"Tỷ lệ mốc {where} không được quá 100%.")
        if target.kind == Target.Kind.ZERO and spec.value != 0:
            _add(errors, "milestones", "Chỉ tiêu “không có trường hợp nào” có giá trị 0.")
        if target.kind == Target.Kind.FREQUENCY and spec.value < 1:
            _add(errors, "milestones", "Chỉ tiêu tần suất cần ít nhất 1 lần mỗi kỳ.")
    if target.maintain_until is not None:
        if not plan.period_start <= target.maintain_until <= plan.period_end:
            _add(
                errors,
                "maintain_until",
                f"Năm duy trì {target.maintain_until} nằm ngoài thời kỳ kế hoạch "
                f"{plan.period_start}–{plan.period_end}.",
            )
        years = [s.year for s in milestones if s.year]
        if years and target.maintain_until < max(years):
            _add(
                errors,
                "maintain_until",
                f"Năm duy trì {target.maintain_until} phải từ năm mốc cuối ({max(years)}) trở đi.",
            )
        if not measurable:
            _add(errors, "maintain_until", "Chỉ tiêu định tính không có năm duy trì.")
    if target.baseline_year is not None and not YEAR_MIN <= target.baseline_year <= YEAR_MAX:
        _add(errors, "baseline_year", f"Năm cơ sở phải trong khoảng {YEAR_MIN}–{YEAR_MAX}.")
    if target.indicator is not None and target.domain is not None:
        if target.indicator.domain_id != target.domain.pk:
            _add(errors, "indicator", "Chỉ tiêu đo lường thuộc lĩnh vực khác với lĩnh vực đã chọn.")
    _raise(errors)


def _write_milestones(target: Target, milestones: list[MilestoneSpec], user: Any) -> None:
    existing = {m.year: m for m in target.milestones.all()}
    wanted = {spec.year: spec for spec in milestones}
    for year, milestone in existing.items():
        if year not in wanted:
            _delete(milestone, user)
    for year, spec in wanted.items():
        milestone = existing.get(year) or Milestone(target=target, year=year)
        if (
            milestone.pk is None
            or milestone.value != spec.value
            or milestone.value_high != spec.value_high
        ):
            milestone.value = spec.value
            milestone.value_high = spec.value_high
            _save(milestone, user)


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def target_create(
    *, plan: Plan, fields: TargetFields, milestones: Sequence[MilestoneSpec], user: Any
) -> Target:
    _ensure_plan_editable(plan)
    target = Target(plan=plan)
    _assign(target, dict(fields), TARGET_FIELDS)
    specs = _normalise_target(target, list(milestones))
    _validate_target(target, specs)
    if not target.order:
        target.order = _next_order(Target.objects.filter(plan=plan, domain=target.domain))
    _save(target, user)
    _write_milestones(target, specs, user)
    return target


@transaction.atomic
def target_update(
    *, target: Target, fields: TargetFields, milestones: Sequence[MilestoneSpec], user: Any
) -> Target:
    _ensure_plan_editable(target.plan)
    _assign(target, dict(fields), TARGET_FIELDS)
    specs = _normalise_target(target, list(milestones))
    _validate_target(target, specs)
    _save(target, user)
    _write_milestones(target, specs, user)
    return target


@transaction.atomic
def target_delete(*, target: Target, user: Any) -> None:
    _ensure_plan_editable(target.plan)
    # Delete milestones one by one first: each deletion then carries the user in history.
    for milestone in target.milestones.all():
        _delete(milestone, user)
    _delete(target, user)


# --- sections and tasks ----------------------------------------------------------------


def _validate_section(section: PlanSection) -> None:
    errors: dict[str, list[str]] = {}
    if not (section.heading or "").strip():
        _add(errors, "heading", "Nhập tiêu đề mục, ví dụ “Đẩy mạnh truyền thông …”.")
    if section.part not in PlanSection.Part.values:
        _add(errors, "part", "Chọn phần của kế hoạch.")
    if section.number and not re.fullmatch(r"[0-9IVXLivxlA-Za-zđĐ.]{1,20}", section.number):
        _add(errors, "number", "Số mục chỉ gồm chữ số, chữ cái và dấu chấm, ví dụ 2, 2.1, a.")
    _raise(errors)


@transaction.atomic
def section_create(*, plan: Plan, fields: SectionFields, user: Any) -> PlanSection:
    _ensure_plan_editable(plan)
    section = PlanSection(plan=plan)
    _assign(section, dict(fields), SECTION_FIELDS)
    section.number = section.number.rstrip(".)") if section.number else ""
    _validate_section(section)
    if not section.order:
        section.order = _next_order(PlanSection.objects.filter(plan=plan))
    _save(section, user)
    return section


@transaction.atomic
def section_update(*, section: PlanSection, fields: SectionFields, user: Any) -> PlanSection:
    _ensure_plan_editable(section.plan)
    _assign(section, dict(fields), SECTION_FIELDS)
    section.number = section.number.rstrip(".)") if section.number else ""
    _validate_section(section)
    _save(section, user)
    return section


@transaction.atomic
def section_delete(*, section: PlanSection, user: Any) -> None:
    _ensure_plan_editable(section.plan)
    count = section.tasks.count()
    if count:
        # Deleting would orphan the tasks through SET_NULL, a bulk update that escapes the
        # audit trail; make the clerk decide about them first.
        raise ValidationError(
            f"Mục còn {count} nhiệm vụ. Xóa hoặc chuyển các nhiệm vụ sang mục khác trước."
        )
    _delete(section, user)


def _validate_task(task: Task) -> None:
    plan = task.plan
    errors: dict[str, list[str]] = {}
    if not (task.description or "").strip():
        _add(errors, "description", "Nhập nội dung nhiệm vụ.")
    if task.section is not None and task.section.plan_id != plan.pk:
        _add(errors, "section", "Mục đã chọn không thuộc kế hoạch này.")
    if task.recurrence not in Task.Recurrence.values:
        _add(errors, "recurrence", "Chọn thời hạn, tần suất.")
    if task.due_date is not None and not plan.period_start <= task.due_date.year <= plan.period_end:
        _add(
            errors,
            "due_date",
            f"Hạn hoàn thành {task.due_date:%d/%m/%Y} nằm ngoài thời kỳ kế hoạch "
            f"{plan.period_start}–{plan.period_end}.",
        )
    if task.recurrence == Task.Recurrence.ONCE and task.due_date is None and not task.schedule:
        _add(
            errors,
            "due_date",
            "Nhiệm vụ làm một lần cần “Hạn hoàn thành” hoặc “Thời gian cụ thể”.",
        )
    if task.recurrence == Task.Recurrence.DATED and not task.schedule:
        _add(errors, "schedule", "Ghi rõ ngày, dịp thực hiện, ví dụ “08/3; 20/10”.")
    _raise(errors)


@transaction.atomic
def task_create(*, plan: Plan, fields: TaskFields, user: Any) -> Task:
    _ensure_plan_editable(plan)
    task = Task(plan=plan)
    _assign(task, dict(fields), TASK_FIELDS)
    _validate_task(task)
    if not task.order:
        task.order = _next_order(Task.objects.filter(plan=plan, section=task.section))
    _save(task, user)
    return task


@transaction.atomic
def task_update(*, task: Task, fields: TaskFields, user: Any) -> Task:
    _ensure_plan_editable(task.plan)
    _assign(task, dict(fields), TASK_FIELDS)
    _validate_task(task)
    _save(task, user)
    return task


@transaction.atomic
def task_delete(*, task: Task, user: Any) -> None:
    _ensure_plan_editable(task.plan)
    _delete(task, user)


# --- reporting duties --------------------------------------------------------------------


def _validate_duty(duty: ReportingDuty) -> None:
    errors: dict[str, list[str]] = {}
    if duty.kind not in ReportingDuty.Kind.values:
        _add(errors, "kind", "Chọn loại báo cáo.")
    day, month = duty.deadline_day, duty.deadline_month
    if (day is None) != (month is None):
        _add(
            errors,
            "deadline_day" if day is None else "deadline_month",
            "Hạn nộp cần cả ngày và tháng, ví dụ ngày 10 tháng 12.",
        )
    if month is not None and not 1 <= month <= 12:
        _add(errors, "deadline_month", "Tháng phải từ 1 đến 12.")
    elif day is not None and month is not None:
        # A leap year, so 29/2 is accepted: the deadline repeats every year.
        last = calendar.monthrange(2024, month)[1]
        if not 1 <= day <= last:
            _add(errors, "deadline_day", f"Tháng {month} không có ngày {day}.")
    _raise(errors)


@transaction.atomic
def reporting_duty_create(*, plan: Plan, fields: DutyFields, user: Any) -> ReportingDuty:
    _ensure_plan_editable(plan)
    duty = ReportingDuty(plan=plan)
    _assign(duty, dict(fields), DUTY_FIELDS)
    _validate_duty(duty)
    _save(duty, user)
    return duty


@transaction.atomic
def reporting_duty_update(*, duty: ReportingDuty, fields: DutyFields, user: Any) -> ReportingDuty:
    _ensure_plan_editable(duty.plan)
    _assign(duty, dict(fields), DUTY_FIELDS)
    _validate_duty(duty)
    _save(duty, user)
    return duty


@transaction.atomic
def reporting_duty_delete(*, duty: ReportingDuty, user: Any) -> None:
    _ensure_plan_editable(duty.plan)
    _delete(duty, user)
