"""Reads of plans: lists with counts, the plan as a document, the province → department
tree, and one audit timeline merged from the historical records of a plan's parts.

Each function does a fixed number of queries whatever the size of the plan; scoping to
what the user may read is done here with `Access.plan_readable_agencies()` so that a list
can never show more than the access helper allows.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string

from genderplan.access import Access
from indicators.models import Domain, Indicator
from plans.evaluation import Evaluation, Status, evaluate_target, format_number
from plans.models import (
    Agency,
    Milestone,
    Plan,
    PlanSection,
    ReportingDuty,
    Target,
    Task,
)

# --- lists -------------------------------------------------------------------------------


def _count_of(model: type, **outer: str) -> Subquery:
    """A correlated COUNT(*) subquery: unlike two Count() joins, counts of targets and
    tasks do not multiply each other."""
    filters = {k: OuterRef(v) for k, v in outer.items()}
    return Coalesce(
        Subquery(
            model.objects.filter(**filters)
            .order_by()
            .values(*filters)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def plan_list(
    *,
    acc: Access,
    agency: Agency | None = None,
    kind: str = "",
    year: int | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[Plan]:
    plans = Plan.objects.filter(agency__in=acc.plan_readable_agencies())
    if agency is not None:
        plans = plans.filter(agency=agency)
    if kind:
        plans = plans.filter(kind=kind)
    if year is not None:
        plans = plans.filter(period_start__lte=year, period_end__gte=year)
    if status:
        plans = plans.filter(status=status)
    if query:
        plans = plans.filter(Q(title__icontains=query) | Q(symbol__icontains=query))
    return (
        plans.select_related("agency", "parent", "parent__agency")
        .annotate(
            target_count=_count_of(Target, plan="pk"),
            task_count=_count_of(Task, plan="pk"),
            child_count=_count_of(Plan, parent="pk"),
        )
        .order_by("-period_end", "-period_start", "agency__code", "-issued_on", "-pk")
    )


def agency_plans(*, agency: Agency, limit: int = 10) -> QuerySet[Plan]:
    """An agency's latest plans for its home block; the caller has checked access."""
    return (
        Plan.objects.filter(agency=agency)
        .exclude(status=Plan.Status.ARCHIVED)
        .annotate(
            target_count=_count_of(Target, plan="pk"),
            task_count=_count_of(Task, plan="pk"),
        )
        .order_by("-period_end", "-period_start", "-pk")[:limit]
    )


def province_plans(*, province: Agency, acc: Access) -> QuerySet[Plan]:
    """The province's own plans with how many plans of its agencies implement each."""
    readable = acc.plan_readable_agencies()
    implementing = (
        Plan.objects.filter(parent=OuterRef("pk"), agency__in=readable)
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Plan.objects.filter(agency=province)
        .exclude(status=Plan.Status.ARCHIVED)
        .annotate(
            child_count=Coalesce(Subquery(implementing, output_field=IntegerField()), Value(0))
        )
        .order_by("-period_end", "-period_start", "-pk")
    )


def parent_choices(*, acc: Access, plan: Plan | None = None) -> QuerySet[Plan]:
    """Plans a plan may implement: readable, not archived, not itself or below it."""
    allowed = Q(agency__in=acc.plan_readable_agencies()) & ~Q(status=Plan.Status.ARCHIVED)
    if plan is not None and plan.pk is not None:
        allowed &= ~Q(pk=plan.pk) & ~Q(parent=plan) & ~Q(parent__parent=plan)
        if plan.parent_id:
            # Keep the current parent selectable even if it has since been archived.
            allowed |= Q(pk=plan.parent_id)
    return (
        Plan.objects.filter(allowed)
        .select_related("agency")
        .order_by("agency__kind", "agency__code", "-period_start")
    )


def default_parent(*, agency: Agency) -> Plan | None:
    """The plan a new plan of `agency` most likely implements: the province's latest plan
    still in force. A province plan implements nothing in the system."""
    if agency.kind == Agency.Kind.PROVINCE:
        return None
    return (
        Plan.objects.filter(agency=agency.province)
        .exclude(status=Plan.Status.ARCHIVED)
        .order_by("-period_end", "-pk")
        .first()
    )


# --- the plan as a document --------------------------------------------------------------


def plan_get(pk: int | str) -> Plan:
    """The plan with what the access check needs; raises Plan.DoesNotExist."""
    return Plan.objects.select_related(
        "agency", "agency__parent", "agency__parent__parent", "parent", "parent__agency"
    ).get(pk=pk)


def _targets_queryset() -> QuerySet[Target]:
    """Targets with what their row shows: domain, indicator, milestones by year."""
    return Target.objects.select_related("domain", "indicator").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("year"))
    )


def _tasks_queryset() -> QuerySet[Task]:
    return Task.objects.select_related("lead_agency").order_by("order", "pk")


def plan_detail(plan: Plan) -> Plan:
    """Load everything the plan page shows in a fixed number of queries."""
    prefetch_related_objects(
        [plan],
        Prefetch(
            "sections",
            queryset=PlanSection.objects.order_by("order", "pk").prefetch_related(
                Prefetch("tasks", queryset=_tasks_queryset())
            ),
        ),
        Prefetch("targets", queryset=_targets_queryset()),
        Prefetch(
            "tasks",
            queryset=_tasks_queryset().filter(section__isnull=True),
            to_attr="loose_tasks",
        ),
        Prefetch("reporting_duties", queryset=ReportingDuty.objects.order_by("pk")),
    )
    # The reverse prefetch points each target back at this same plan object, so reading
    # the plan's period for a status badge costs no query.
    return plan


def target_for_row(target_pk: int, plan: Plan) -> Target:
    target = _targets_queryset().filter(plan=plan).get(pk=target_pk)
    target.plan = plan
    return target


@dataclass
class DomainGroup:
    domain: Domain | None
    letter: str
    targets: list[Target]


VI_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n"]


def objectives_by_domain(plan: Plan, *, include_empty: bool) -> list[DomainGroup]:
    """Targets grouped as the documents group them: "a) Mục tiêu 1: Trong lĩnh vực …".

    `include_empty` shows every domain (an editor needs "Thêm chỉ tiêu" in each)."""
    by_domain: dict[int | None, list[Target]] = defaultdict(list)
    for target in sorted(plan.targets.all(), key=lambda t: (t.order, t.pk)):
        by_domain[target.domain_id].append(target)
    domains = list(Domain.objects.order_by("number"))
    groups: list[DomainGroup] = []
    for domain in domains:
        if include_empty or by_domain.get(domain.pk):
            groups.append(DomainGroup(domain, "", by_domain.get(domain.pk, [])))
    if by_domain.get(None):
        groups.append(DomainGroup(None, "", by_domain[None]))
    for i, group in enumerate(groups):
        group.letter = VI_LETTERS[i] if i < len(VI_LETTERS) else str(i + 1)
    return groups


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

PART_HEADINGS = {
    PlanSection.Part.PURPOSE: "MỤC ĐÍCH, YÊU CẦU",
    PlanSection.Part.OBJECTIVES: "MỤC TIÊU",
    PlanSection.Part.CONTENT: "NỘI DUNG THỰC HIỆN",
    PlanSection.Part.SOLUTIONS: "GIẢI PHÁP THỰC HIỆN",
    PlanSection.Part.ORGANIZATION: "TỔ CHỨC THỰC HIỆN",
    PlanSection.Part.OTHER: "NỘI DUNG KHÁC",
}


@dataclass
class DocPart:
    part: str
    numeral: str  # "" when the document does not number its parts (see document_parts)
    heading: str
    sections: list[PlanSection] = field(default_factory=list)
    head: PlanSection | None = None  # the document's own "II. NỘI DUNG THỰC HIỆN" line
    filled: bool = True


_ROMAN_NUMBER = re.compile(r"^[IVXL]+$")


def is_part_heading(section: PlanSection) -> bool:
    """A section numbered in roman figures is the heading of a part ("II. NỘI DUNG …")."""
    return bool(_ROMAN_NUMBER.match(section.number or ""))


def _roman_value(numeral: str) -> int:
    return ROMAN.index(numeral) + 1 if numeral in ROMAN else 0


def document_parts(plan: Plan, *, include_empty: bool) -> list[DocPart]:
    """The plan's parts in document order.

    A part whose first section is numbered in roman figures takes that section as its
    heading, as typed from the document. Other parts with content are numbered in turn
    (I. MỤC ĐÍCH, YÊU CẦU; II. MỤC TIÊU …), which is how the documents number them — except
    in a plan whose numbered sections sit at the top level with no roman parts (a short
    campaign plan "1. …, 2. …"): there the parts are only unnumbered labels, so the page
    does not print headings the document does not have. Editors also see the empty parts,
    unnumbered, to add to them."""
    by_part: dict[str, list[PlanSection]] = defaultdict(list)
    for section in plan.sections.all():
        by_part[section.part].append(section)
    heads: dict[str, PlanSection] = {}
    for part, sections in by_part.items():
        if sections and is_part_heading(sections[0]):
            heads[part] = sections[0]
            by_part[part] = sections[1:]
    flat = not heads and any(by_part.values())
    has = {
        PlanSection.Part.PURPOSE: bool(plan.purpose or plan.requirements),
        PlanSection.Part.OBJECTIVES: bool(plan.general_objective or plan.targets.all()),
        PlanSection.Part.CONTENT: bool(getattr(plan, "loose_tasks", [])),
        PlanSection.Part.ORGANIZATION: bool(plan.reporting_duties.all()),
    }
    parts: list[DocPart] = []
    counter = 0
    for part in PlanSection.Part.values:
        head = heads.get(part)
        filled = bool(head or by_part.get(part) or has.get(part))
        if not filled and not (include_empty and part != PlanSection.Part.OTHER):
            continue
        numeral = ""
        if head is not None:
            numeral = head.number
            counter = _roman_value(numeral) or counter + 1
        elif filled and not flat:
            counter += 1
            numeral = ROMAN[counter - 1] if counter <= len(ROMAN) else str(counter)
        heading = head.heading if head is not None else PART_HEADINGS[part]
        parts.append(DocPart(part, numeral, heading, by_part.get(part, []), head, filled))
    return parts


# --- a target in words, and its status ---------------------------------------------------

_SYMBOL = {
    Target.Comparator.GE: "≥",
    Target.Comparator.GT: ">",
    Target.Comparator.LE: "≤",
    Target.Comparator.LT: "<",
    Target.Comparator.EQ: "=",
}
_FREQ_WORD = {
    Target.Comparator.GE: "ít nhất",
    Target.Comparator.GT: "nhiều hơn",
    Target.Comparator.EQ: "đúng",
    Target.Comparator.LE: "không quá",
    Target.Comparator.LT: "ít hơn",
}


def _amount(value: Decimal, unit: str) -> str:
    number = format_number(value)
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def _value(m: Milestone, unit: str) -> str:
    if m.value_high is not None:
        high = _amount(m.value_high, unit)
        return f"{format_number(m.value)}–{high}"
    return _amount(m.value, unit)


def target_reading(target: Target) -> str:
    """The structured reading of a target in a line: "≥ 35% từ năm 2025, duy trì đến 2030",
    "20–25%", "ít nhất 1 hoạt động mỗi năm", "không có trường hợp nào", "định tính"."""
    kind = target.kind
    if kind == Target.Kind.QUALITATIVE:
        return "định tính"
    milestones = sorted(target.milestones.all(), key=lambda m: (m.year is not None, m.year or 0))
    unit = target.unit
    if kind == Target.Kind.ZERO:
        dated = [m for m in milestones if m.year]
        return "không có trường hợp nào" + (f" từ năm {dated[0].year}" if dated else "")
    if not milestones:
        return "chưa nhập mốc"
    if kind == Target.Kind.FREQUENCY:
        word = _FREQ_WORD.get(target.comparator, "ít nhất")
        per = Target.Period(target.per_period).label if target.per_period else ""
        unit = unit if unit not in ("", "%") else "lần"
        items = []
        for m in milestones:
            text = f"{word} {_amount(m.value, unit)} {per}".strip()
            items.append(f"{text} từ năm {m.year}" if m.year else text)
        return "; ".join(items)

    def requirement(m: Milestone) -> str:
        if kind == Target.Kind.RANGE or m.value_high is not None:
            return _value(m, unit)
        if kind == Target.Kind.ALL and m.value == 100 and unit == "%":
            return "100%"
        symbol = _SYMBOL.get(target.comparator, "")
        return f"{symbol} {_amount(m.value, unit)}".strip()

    every = [m for m in milestones if m.year is None]
    dated = [m for m in milestones if m.year is not None]
    items = [requirement(m) + (" mỗi năm" if dated else "") for m in every]
    maintain = target.maintain_until
    if len(dated) == 1 and maintain and maintain > (dated[0].year or 0):
        items.append(f"{requirement(dated[0])} từ năm {dated[0].year}, duy trì đến {maintain}")
    else:
        items += [f"{requirement(m)} năm {m.year}" for m in dated]
        if dated and maintain and maintain > (dated[-1].year or 0):
            items[-1] += f", duy trì đến {maintain}"
    return "; ".join(items)


def target_values(plan: Plan) -> dict[int, dict[int, Decimal]]:
    """Reported values by year for the plan's targets, from the provider configured in
    settings.PLAN_TARGET_VALUES (the reports app); empty when none is configured."""
    path = getattr(settings, "PLAN_TARGET_VALUES", "")
    return import_string(path)(plan) if path else {}


def target_evaluation(
    target: Target, values: dict[int, Decimal] | None = None, year: int | None = None
) -> Evaluation:
    """Status of a target for a year: by default the latest year with a reported value
    (this year's report is usually not in yet), else this year within the plan period."""
    values = values or {}
    if year is None:
        this_year = timezone.localdate().year
        known = [y for y in values if y <= this_year]
        # Judge a finished plan at its last year, a future one at its first.
        year = (
            max(known)
            if known
            else min(max(this_year, target.plan.period_start), target.plan.period_end)
        )
    return evaluate_target(target, values, year)


def annotate_targets(targets: Iterable[Target], values_by_target: dict[int, Any] | None = None):
    """Attach `reading` and `evaluation` to each target for the templates."""
    for target in targets:
        target.reading = target_reading(target)
        target.evaluation = target_evaluation(target, (values_by_target or {}).get(target.pk))
        target.status_has_data = target.evaluation.status not in (Status.NO_DATA,)
    return targets


# --- the tree ----------------------------------------------------------------------------


@dataclass
class PlanNode:
    plan: Plan
    children: list[PlanNode] = field(default_factory=list)


def plan_tree(*, acc: Access, year: int | None = None) -> tuple[list[PlanNode], list[PlanNode]]:
    """(trees rooted at plans without a readable parent that are province plans or have
    children, plans of agencies that implement nothing known). One query."""
    plans = list(plan_list(acc=acc, year=year).order_by("agency__kind", "agency__code", "pk"))
    nodes = {p.pk: PlanNode(p) for p in plans}
    roots: list[PlanNode] = []
    for plan in plans:
        node = nodes[plan.pk]
        if plan.parent_id in nodes:
            nodes[plan.parent_id].children.append(node)
        else:
            roots.append(node)
    kind_rank = {Agency.Kind.PROVINCE: 0}
    roots.sort(
        key=lambda n: (
            kind_rank.get(n.plan.agency.kind, 1),
            -n.plan.period_end,
            n.plan.agency.code,
        )
    )
    trees = [n for n in roots if n.children or n.plan.agency.kind == Agency.Kind.PROVINCE]
    in_trees = {id(n) for n in trees}
    loose = [n for n in roots if id(n) not in in_trees]
    return trees, loose


# --- history -----------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str  # "+", "~", "-"
    what: str
    label: str
    changes: list[Change]

    @property
    def action_label(self) -> str:
        return {"+": "Thêm", "~": "Sửa", "-": "Xóa"}[self.action]


# Bookkeeping fields that change with every save and mean nothing to a reader.
_SKIP_FIELDS = {"id", "created_at", "updated_at", "plan", "target"}


class _Formatter:
    """Turns raw historical values into what a reader recognises: choice labels, names
    of related objects (looked up in bulk), dd/mm/yyyy dates, 1.234,5 numbers."""

    def __init__(self, records: Sequence[Any]) -> None:
        ids: dict[str, set[int]] = defaultdict(set)
        for r in records:
            for name in ("domain_id", "indicator_id", "lead_agency_id", "agency_id", "parent_id"):
                value = getattr(r, name, None)
                if value is not None:
                    ids["agency_id" if name == "lead_agency_id" else name].add(value)
        self.names: dict[str, dict[int, str]] = {
            "domain_id": {d.pk: str(d) for d in Domain.objects.filter(pk__in=ids["domain_id"])}
            if ids["domain_id"]
            else {},
            "indicator_id": dict(
                Indicator.objects.filter(pk__in=ids["indicator_id"]).values_list("pk", "name")
            )
            if ids["indicator_id"]
            else {},
            "agency_id": dict(
                Agency.objects.filter(pk__in=ids["agency_id"]).values_list("pk", "name")
            )
            if ids["agency_id"]
            else {},
            "parent_id": {
                p.pk: p.reference or p.title[:60]
                for p in Plan.objects.filter(pk__in=ids["parent_id"])
            }
            if ids["parent_id"]
            else {},
            "section_id": {},
        }

    def value(self, model: type, name: str, raw: Any) -> str:
        if raw is None or raw == "":
            return "—"
        model_field = model._meta.get_field(name)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(raw, raw))
        if model_field.is_relation:
            key = "agency_id" if name == "lead_agency" else f"{name}_id"
            return self.names.get(key, {}).get(raw, f"#{raw}")
        if isinstance(raw, datetime.date):
            return raw.strftime("%d/%m/%Y")
        if isinstance(raw, Decimal):
            return format_number(raw)
        return str(raw)


def _label(model: type, record: Any, target_words: dict[int, str]) -> tuple[str, str]:
    if model is Plan:
        return "Kế hoạch", "Thông tin chung"
    if model is Target:
        return "Chỉ tiêu", record.wording[:90]
    if model is Milestone:
        words = target_words.get(record.target_id, f"#{record.target_id}")
        year = f"năm {record.year}" if record.year else "mọi năm"
        return "Mốc chỉ tiêu", f"{year} — {words[:70]}"
    if model is Task:
        return "Nhiệm vụ", record.description[:90]
    if model is PlanSection:
        return "Mục", f"{record.number} {record.heading[:80]}".strip()
    return "Chế độ báo cáo", str(ReportingDuty.Kind(record.kind).label)


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return "Hệ thống"
    return user.get_full_name() or user.get_username()


def plan_history(plan: Plan, *, limit: int = 300) -> list[HistoryEntry]:
    """One timeline, newest first, of every recorded change to the plan and its sections,
    targets, milestones, tasks and reporting duties — including deleted ones. A fixed
    number of queries: one per historical table, plus name look-ups in bulk."""
    sets: list[tuple[type, list[Any]]] = []
    for model, qs in (
        (Plan, Plan.history.filter(id=plan.pk)),
        (PlanSection, PlanSection.history.filter(plan_id=plan.pk)),
        (Target, Target.history.filter(plan_id=plan.pk)),
        (Task, Task.history.filter(plan_id=plan.pk)),
        (ReportingDuty, ReportingDuty.history.filter(plan_id=plan.pk)),
    ):
        sets.append((model, list(qs.select_related("history_user").order_by("history_date"))))
    target_records = next(records for model, records in sets if model is Target)
    target_words = {r.id: r.wording for r in target_records}
    milestones = list(
        Milestone.history.filter(target_id__in=list(target_words) or [0])
        .select_related("history_user")
        .order_by("history_date")
    )
    sets.append((Milestone, milestones))
    formatter = _Formatter([r for _m, records in sets for r in records])
    section_records = next(records for model, records in sets if model is PlanSection)
    formatter.names["section_id"] = {
        r.id: f"{r.number} {r.heading[:60]}".strip() for r in section_records
    }

    entries: list[HistoryEntry] = []
    for model, records in sets:
        tracked = [
            f
            for f in model._meta.concrete_fields
            if f.name not in _SKIP_FIELDS and not f.name.startswith("history")
        ]
        previous: dict[int, Any] = {}
        for record in records:
            before = previous.get(record.id)
            changes: list[Change] = []
            if record.history_type == "~" and before is not None:
                for f in tracked:
                    old, new = getattr(before, f.attname), getattr(record, f.attname)
                    if old != new:
                        changes.append(
                            Change(
                                str(f.verbose_name),
                                formatter.value(model, f.name, old),
                                formatter.value(model, f.name, new),
                            )
                        )
                if not changes:
                    previous[record.id] = record
                    continue  # a save that changed nothing a reader cares about
            elif record.history_type == "+":
                for f in tracked:
                    raw = getattr(record, f.attname)
                    if raw not in (None, "") and f.name not in ("order",):
                        changes.append(
                            Change(str(f.verbose_name), "", formatter.value(model, f.name, raw))
                        )
            what, label = _label(model, record, target_words)
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record),
                    action=record.history_type,
                    what=what,
                    label=label,
                    changes=changes,
                )
            )
            previous[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
