"""Official documents (Nghị định 30/2020/NĐ-CP): the frozen snapshot, the number, the PDF.

A document is issued in three steps:

1. **Snapshot** — `build_*` reads the plan, the accepted report or the round's roll-up and
   returns plain JSON: `content` (what the page shows, as a list of blocks: headings,
   paragraphs, tables, charts) and `data` (the raw figures it was made from). The PDF is
   rendered from this copy only, so it never changes when the database does, and the
   Excel export of a round can show exactly the same numbers.
2. **Number** — `document_issue` reserves the next number of the agency, year and type
   (KH/BC) under a row lock on the agency, with a unique constraint behind it; numbers run
   from 01 each year. Asking again for unchanged data returns the same document.
3. **Render** — `document_render` lays the snapshot out with WeasyPrint (templates
   reports/doc_*.html + static/css/document.css, fonts bundled under static/fonts) and
   stores the file; only then is the document `ready`. A failure marks it `failed`; a file
   is never offered half written.

Plans and agency reports render in the request (about a second); the province report
renders in a background task (reports/tasks.py).
"""

from __future__ import annotations

import atexit
import copy
import datetime
import gc
import hashlib
import json
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from genderplan.access import Access, Action
from indicators.models import DataElement, Domain, Indicator
from plans.evaluation import Evaluation, Status, evaluate_target
from plans.models import Agency, Membership, Plan, PlanSection, Target
from plans.selectors import PART_HEADINGS, ROMAN, VI_LETTERS  # as the plan page numbers parts
from reports import services
from reports.models import (
    Document,
    FigureValue,
    ReportingRound,
    Submission,
    TaskProgress,
)
from reports.parsing import format_number
from reports.selectors import (
    IndicatorValue,
    agency_grid,
    rollup,
    round_completeness,
)

logger = logging.getLogger(__name__)

SCHEMA = 1
STATIC_DIR = Path(settings.BASE_DIR) / "static"
CSS_PATH = STATIC_DIR / "css" / "document.css"
SIGNATURE_ANCHOR = "chu-ky"
TYPE_CODE = {
    Document.Kind.PLAN: "KH",
    Document.Kind.SUBMISSION: "BC",
    Document.Kind.ROUND: "BC",
}
TYPE_NAME = {"KH": "KẾ HOẠCH", "BC": "BÁO CÁO"}
TEMPLATE = {
    Document.Kind.PLAN: "reports/doc_plan.html",
    Document.Kind.SUBMISSION: "reports/doc_submission.html",
    Document.Kind.ROUND: "reports/doc_round.html",
}
# How long a render may stay "rendering" before the page calls it failed (a killed
# worker never reports back).
RENDER_TIMEOUT = datetime.timedelta(minutes=15)
BLANK_NUMBER = " " * 6  # "Số:      /KH-SNgV": room for the number written by hand

STATUS_LABEL = dict(Status.choices)
PROGRESS_LABEL = dict(TaskProgress.Status.choices)
SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


# --------------------------------------------------------------------------------------
# Small helpers: dates, numbers, text
# --------------------------------------------------------------------------------------
def official_date_line(place: str, day: datetime.date | None, *, year: int | None = None) -> str:
    """ "Hà Tĩnh, ngày 06 tháng 9 năm 2021": days below 10 and the months 1 and 2 take a
    leading zero (Nghị định 30/2020, Phụ lục I). Without a date the day and month are
    left blank for the hand, as on a draft."""
    place = place.strip() or "……"
    if day is None:
        return f"{place}, ngày      tháng      năm {year or timezone.localdate().year}"
    dd = f"{day.day:02d}"
    mm = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"


def number_text(number: int | None, symbol: str) -> str:
    """ "12/KH-SNgV", "05/BC-SNV"; without a number "      /KH-SNgV"."""
    if number is None:
        return f"{BLANK_NUMBER}/{symbol}"
    return f"{number:02d}/{symbol}"


def _short_date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _paragraphs(text: str, cls: str = "") -> list[dict]:
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            blocks.append({"t": "p", "text": line, **({"cls": cls} if cls else {})})
    return blocks


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\-–•;.,:]", " ", text or "")).strip().lower()


def _upper(text: str) -> str:
    return (text or "").strip().upper()


def _dash(text: str) -> str:
    text = text.strip()
    return text if text[:1] in "-–+•" else f"- {text}"


def _ends(items: list[str], last: str, other: str) -> list[str]:
    """Legal bases and recipients: every item ends with `other` (";"), the last with
    `last` ("."). An item ending with ":" (an opening sentence) is left as written."""
    out = []
    for i, item in enumerate(items):
        text = item.rstrip()
        if text.endswith(":"):
            out.append(text)
            continue
        text = text.rstrip(";.,").rstrip()
        out.append(text + (last if i == len(items) - 1 else other))
    return out


def recipient_lines(text: str) -> list[str]:
    """ "- Ban VSTBPN tỉnh;" … "- Lưu: VT, VPTTr." — the storage line always last."""
    items = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip("-–•+").strip().rstrip(";.,").strip()
        if item:
            items.append(item)
    archive = [i for i in items if i.lower().startswith("lưu")]
    items = [i for i in items if not i.lower().startswith("lưu")] + (archive or ["Lưu: VT"])
    return [f"- {line}" for line in _ends(items, ".", ";")]


def _amount(value: Decimal | None, unit: str, places: int = 1) -> str:
    if value is None:
        return "—"
    shown = format_number(value, 0 if value == value.to_integral_value() else places)
    if unit == "%":
        return f"{shown}%"
    return f"{shown} {unit}".strip()


def _vn_number(value: Decimal | int | None, places: int = 0) -> str:
    return format_number(value, places) if value is not None else "—"


# --------------------------------------------------------------------------------------
# Indicator values from one report's figures (same rules as reports.selectors.rollup)
# --------------------------------------------------------------------------------------
def _part(fig: Mapping[str, Decimal | None] | None, part: str) -> Decimal | None:
    if fig is None:
        return None
    total, women, value = fig.get("total"), fig.get("women"), fig.get("value")
    match part:
        case Indicator.Part.TOTAL:
            return total
        case Indicator.Part.WOMEN:
            return women
        case Indicator.Part.MEN:
            return None if total is None or women is None else total - women
        case Indicator.Part.REPORTING:
            return Decimal(1) if value is not None else None
    return value


def indicator_value(
    ind: Indicator, figures: Mapping[int, Mapping[str, Decimal | None]]
) -> IndicatorValue:
    """One agency's value of `ind` from its figures {element_id: {total, women, value}}."""
    num = _part(figures.get(ind.numerator_id), ind.numerator_part)
    if ind.kind == Indicator.Kind.RATIO and ind.denominator_id:
        den = _part(figures.get(ind.denominator_id), ind.denominator_part)
        if num is None or den is None:
            return IndicatorValue(None, None, 0)
        return IndicatorValue(num, den, 1)
    return IndicatorValue(num, None, 1 if num is not None else 0)


def _figure_map(figures: Iterable[FigureValue]) -> dict[int, dict[str, Decimal | None]]:
    return {f.element_id: {"total": f.total, "women": f.women, "value": f.value} for f in figures}


def _value_text(ind: Indicator, v: IndicatorValue, *, detail: bool = True) -> str:
    if v.value is None:
        return "—"
    if ind.kind == Indicator.Kind.YESNO and v.denominator is None and v.agencies <= 1:
        return "Có" if v.value else "Không"
    text = _amount(v.value, ind.unit)
    if detail and v.denominator is not None:
        text += f" ({format_number(v.numerator)}/{format_number(v.denominator)})"
    return text


def _requirement_text(ev: Evaluation, unit: str) -> str:
    if ev.required is None:
        return "—"
    if ev.comparator == "range":
        high = ev.required_high
        text = (
            f"{format_number(ev.required)}–{_amount(high, unit)}"
            if high is not None
            else f"≥ {_amount(ev.required, unit)}"
        )
    else:
        text = f"{SYMBOL.get(ev.comparator, '')} {_amount(ev.required, unit)}".strip()
    if ev.due_year:
        text += f" (năm {ev.due_year})"
    return text


def _dec_str(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return str(value.normalize() if value == value.to_integral_value() else value)


# --------------------------------------------------------------------------------------
# Table blocks
# --------------------------------------------------------------------------------------
def table(
    columns: list[tuple[str, str, str]],
    rows: list[list[Any]],
    *,
    title: str = "",
    size: str = "",
) -> dict:
    """A table block. `columns`: (label, width, cell class); a row is a list of cells
    (str, or dict {"v", "c"}), or {"group": label} for a heading row across the table."""
    cols = [{"label": label, "w": width, "c": cls} for label, width, cls in columns]
    body = []
    for row in rows:
        if isinstance(row, dict):
            body.append({"group": row["group"], "span": len(cols)})
            continue
        cells = []
        for i, cell in enumerate(row):
            if isinstance(cell, dict):
                cells.append({"v": str(cell.get("v", "")), "c": cell.get("c", cols[i]["c"])})
            else:
                cells.append({"v": "" if cell is None else str(cell), "c": cols[i]["c"]})
        body.append({"cells": cells})
    return {"t": "table", "title": title, "cols": cols, "rows": body, "size": size}


# --------------------------------------------------------------------------------------
# Plans
# --------------------------------------------------------------------------------------
def _section_heading(number: str, heading: str) -> dict:
    n = (number or "").strip().rstrip(".)").strip()
    heading = (heading or "").strip()
    if not n:
        return {"t": "p", "cls": "h2", "text": heading}
    if re.fullmatch(r"[IVXLC]+", n):
        return {"t": "p", "cls": "h1", "text": f"{n}. {heading}"}
    if re.fullmatch(r"[a-zđ]", n):
        return {"t": "p", "cls": "h3", "text": f"{n}) {heading}"}
    return {"t": "p", "cls": "h2", "text": f"{n}. {heading}"}


def _task_line(task) -> str:
    text = task.description.strip()
    extras = []
    lead = task.lead_unit or (task.lead_agency.name if task.lead_agency_id else "")
    if lead and _norm(lead) not in _norm(text):
        extras.append(f"Chủ trì: {lead}")
    if task.cooperating_units and _norm(task.cooperating_units) not in _norm(text):
        extras.append(f"phối hợp: {task.cooperating_units.strip()}")
    if task.schedule and _norm(task.schedule) not in _norm(text):
        extras.append(f"thời gian: {task.schedule.strip()}")
    elif task.due_date and task.due_date.strftime("%d/%m/%Y") not in text:
        extras.append(f"hạn: {task.due_date:%d/%m/%Y}")
    if extras:
        text = text.rstrip(".;") + f" ({'; '.join(extras)})."
    return _dash(text)


def _section_blocks(section: PlanSection) -> list[dict]:
    blocks = [_section_heading(section.number, section.heading)] if section.heading else []
    blocks += _paragraphs(section.body)
    body = _norm(section.body)
    for task in section.tasks.all():
        # Sections keep their original wording; a task already written in it is not
        # repeated, one added in the app is listed under it.
        if _norm(task.description)[:80] not in body:
            blocks.append({"t": "p", "text": _task_line(task)})
    return blocks


def _domain_phrase(domain: Domain | None) -> str:
    if domain is None:
        return "Mục tiêu khác"
    name = domain.name.strip()
    lowered = name[:1].lower() + name[1:]
    if lowered.startswith("đời sống"):
        return f"Trong {lowered}"
    return f"Trong lĩnh vực {lowered}"


def _objective_blocks(plan: Plan, targets: list[Target]) -> list[dict]:
    blocks: list[dict] = []
    n = 1
    if plan.general_objective.strip():
        blocks.append({"t": "p", "cls": "h2", "text": "1. Mục tiêu tổng quát"})
        blocks += _paragraphs(plan.general_objective)
        n = 2
    if targets:
        if n == 2:
            blocks.append({"t": "p", "cls": "h2", "text": f"{n}. Mục tiêu cụ thể"})
        groups: dict[int | None, list[Target]] = defaultdict(list)
        domains: dict[int | None, Domain | None] = {}
        for target in targets:
            groups[target.domain_id].append(target)
            domains[target.domain_id] = target.domain
        keys = sorted(groups, key=lambda k: (k is None, domains[k].number if domains[k] else 0))
        for i, key in enumerate(keys):
            letter = VI_LETTERS[i] if i < len(VI_LETTERS) else str(i + 1)
            label = (
                f"Mục tiêu {i + 1}: {_domain_phrase(domains[key])}"
                if key is not None
                else "Mục tiêu khác"
            )
            blocks.append({"t": "p", "cls": "h3", "text": f"{letter}) {label}"})
            for target in groups[key]:
                for line in target.wording.strip().splitlines():
                    if line.strip():
                        blocks.append({"t": "p", "text": _dash(line)})
    return blocks


def _duty_line(duty) -> str:
    text = f"- {duty.get_kind_display()}"
    if duty.recipient:
        text += f" gửi {duty.recipient}"
    if duty.deadline_day and duty.deadline_month:
        text += f" trước ngày {duty.deadline_day:02d}/{duty.deadline_month:02d}"
    if duty.note:
        text += f" ({duty.note.strip().rstrip('.')})"
    return text + "."


def _is_flat(plan: Plan, sections: list[PlanSection], targets: list[Target]) -> bool:
    """Short plans (an action month) number their items 1., 2., 3. … straight through
    without "I. MỤC TIÊU"-style parts; print them the same way."""
    if plan.purpose.strip() or plan.requirements.strip() or plan.general_objective.strip():
        return False
    if targets:
        return False
    tops = [s.number.strip().rstrip(".)") for s in sections if s.number.strip()]
    tops = [t for t in tops if "." not in t and not re.fullmatch(r"[a-zđ]", t)]
    if any(re.fullmatch(r"[IVXLC]+", t) for t in tops):
        return False
    return len(tops) == len(set(tops))


def build_plan(plan: Plan) -> dict:
    plan = (
        Plan.objects.select_related("agency", "agency__parent", "parent", "parent__agency")
        .prefetch_related("sections__tasks__lead_agency", "reporting_duties")
        .get(pk=plan.pk)
    )
    sections = sorted(plan.sections.all(), key=lambda s: (s.order, s.pk))
    for section in sections:
        section._prefetched_objects_cache["tasks"] = sorted(  # type: ignore[attr-defined]
            section.tasks.all(), key=lambda t: (t.order, t.pk)
        )
    # Targets quoted inside a section's text (an action month citing a resolution) are
    # already printed there; the others make up "MỤC TIÊU".
    written = " ".join(_norm(f"{s.heading} {s.body}") for s in sections)
    targets = [
        t
        for t in plan.targets.select_related("domain").order_by("domain__number", "order", "pk")
        if _norm(t.wording)[:80] not in written
    ]
    loose_tasks = list(
        plan.tasks.filter(section__isnull=True).select_related("lead_agency").order_by("order")
    )
    duties = list(plan.reporting_duties.all())

    by_part: dict[str, list[PlanSection]] = defaultdict(list)
    for section in sections:
        by_part[section.part].append(section)

    parts: dict[str, list[dict]] = {}
    purpose: list[dict] = []
    if plan.purpose.strip() and plan.requirements.strip():
        purpose += [{"t": "p", "cls": "h2", "text": "1. Mục đích"}, *_paragraphs(plan.purpose)]
        purpose += [{"t": "p", "cls": "h2", "text": "2. Yêu cầu"}, *_paragraphs(plan.requirements)]
    else:
        purpose += _paragraphs(plan.purpose) + _paragraphs(plan.requirements)
    parts[PlanSection.Part.PURPOSE] = purpose
    parts[PlanSection.Part.OBJECTIVES] = _objective_blocks(plan, targets)
    parts[PlanSection.Part.CONTENT] = []
    for part in PlanSection.Part.values:
        for section in by_part.get(part, []):
            parts.setdefault(part, []).extend(_section_blocks(section))
    parts[PlanSection.Part.CONTENT] += [{"t": "p", "text": _task_line(t)} for t in loose_tasks]
    if duties and not by_part.get(PlanSection.Part.ORGANIZATION):
        parts.setdefault(PlanSection.Part.ORGANIZATION, []).extend(
            {"t": "p", "text": _duty_line(d)} for d in duties
        )

    body: list[dict] = []
    flat = _is_flat(plan, sections, targets)
    numeral = 0
    for part in PlanSection.Part.values:
        blocks = parts.get(part) or []
        if not blocks:
            continue
        if not flat and blocks[0].get("cls") != "h1":
            body.append({"t": "p", "cls": "h1", "text": f"{ROMAN[numeral]}. {PART_HEADINGS[part]}"})
            numeral += 1
        body += blocks
    if plan.closing.strip():
        body += _paragraphs(plan.closing, "closing")

    agency = plan.agency
    symbol = plan.symbol or f"KH-{agency.doc_abbreviation or 'UBND'}"
    content = {
        "type_name": TYPE_NAME["KH"],
        "subject": plan.title.strip(),
        "bases": _ends([b for b in plan.legal_bases.splitlines() if b.strip()], ".", ";"),
        "opening": _paragraphs(plan.parent_reference),
        "body": body,
        "recipients": recipient_lines(plan.recipients),
        "signer": _signer_block(plan.signer_authority, plan.signer_title, plan.signer_name),
        "annexes": [],
    }
    return {
        "content": content,
        # What the header shows comes from the plan itself: part of what makes it the same
        # document (a draft that gets its number is a new document).
        "data": {
            "plan": plan.pk,
            "status": plan.status,
            "number": plan.number,
            "symbol": symbol,
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
            "place": plan.place,
        },
        "issuer": agency,
        "place": plan.place or agency.place_name or agency.province.place_name,
        "title": plan.title.strip(),
        "number": plan.number,
        "symbol": symbol,
        "issued_on": plan.issued_on,
        "year": plan.issued_on.year if plan.issued_on else plan.period_start,
    }


def _signer_block(authority: str, title: str, name: str) -> dict:
    return {"authority": _upper(authority), "title": _upper(title), "name": (name or "").strip()}


# --------------------------------------------------------------------------------------
# An agency's report
# --------------------------------------------------------------------------------------
def agency_plan_for(agency: Agency, year: int) -> Plan | None:
    """The plan whose targets a report for `year` is judged against: an issued plan of the
    agency covering the year (a multi-year plan before an annual one), else a draft."""
    return agency_plans_for([agency], year).get(agency.pk)


def agency_plans_for(agencies: Iterable[Agency], year: int) -> dict[int, Plan]:
    """`agency_plan_for` of several agencies in one query: agency id → plan."""
    plans = (
        Plan.objects.filter(agency__in=list(agencies), period_start__lte=year, period_end__gte=year)
        .exclude(status=Plan.Status.ARCHIVED)
        .annotate(n_targets=Count("targets", filter=Q(targets__indicator__isnull=False)))
        .order_by("-n_targets")
    )
    rank = {Plan.Status.ISSUED: 0, Plan.Status.DRAFT: 1}
    kind_rank = {Plan.Kind.MULTI_YEAR: 0, Plan.Kind.ANNUAL: 1, Plan.Kind.CAMPAIGN: 2}
    candidates = sorted(
        plans,
        key=lambda p: (
            p.n_targets == 0,
            rank.get(p.status, 2),
            kind_rank.get(p.kind, 3),
            -(p.issued_on or datetime.date.min).toordinal(),
        ),
    )
    chosen: dict[int, Plan] = {}
    for plan in candidates:
        chosen.setdefault(plan.agency_id, plan)
    return chosen


def _plan_reference(plan: Plan | None, *, short: bool = False) -> str:
    """ "Kế hoạch số 298/KH-UBND ngày 19/8/2021 của … về …", as documents cite each other."""
    if plan is None:
        return ""
    ref = f"Kế hoạch số {plan.reference}" if plan.number is not None else "Kế hoạch"
    if plan.issued_on:
        ref += f" ngày {plan.issued_on.day}/{plan.issued_on.month}/{plan.issued_on.year}"
    if short:
        return f"{ref} của {plan.agency.name}"
    title = plan.title.strip()
    return f"{ref} của {plan.agency.name} về {title[:1].lower()}{title[1:]}"


def _targets_with_milestones(plans: Iterable[Plan]) -> dict[int, list[Target]]:
    targets = (
        Target.objects.filter(plan__in=list(plans))
        .select_related("domain", "indicator", "plan")
        .prefetch_related("milestones")
        .order_by("domain__number", "order", "pk")
    )
    out: dict[int, list[Target]] = defaultdict(list)
    for t in targets:
        out[t.plan_id].append(t)
    return out


def _earlier_annual_rounds(rnd: ReportingRound) -> list[ReportingRound]:
    return list(
        ReportingRound.objects.filter(
            province_id=rnd.province_id, kind=ReportingRound.Kind.ANNUAL, year__lt=rnd.year
        ).order_by("year")
    )


def report_subject(rnd: ReportingRound, *, province: Agency | None = None) -> str:
    what = "công tác bình đẳng giới và vì sự tiến bộ của phụ nữ"
    if rnd.kind == ReportingRound.Kind.MID_YEAR:
        text = f"Sơ kết 6 tháng đầu năm {rnd.year} {what}"
    else:
        text = f"Kết quả thực hiện {what} năm {rnd.year}"
    if province is not None:
        place = province.place_name or province.name
        text += f" trên địa bàn tỉnh {place}"
    return text


def _committee_host(province: Agency) -> Agency:
    return Agency.objects.filter(parent=province, hosts_committee=True).first() or province


def _leader_name(agency: Agency) -> str:
    member = (
        Membership.objects.filter(agency=agency, role=Membership.Role.LEADER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user.get_full_name() if member else ""


def _agency_signer(agency: Agency, plan: Plan | None, approver=None) -> dict:
    if plan is not None and plan.signer_name:
        return _signer_block(plan.signer_authority, plan.signer_title, plan.signer_name)
    title = "GIÁM ĐỐC" if agency.name.lower().startswith("sở") else "THỦ TRƯỞNG CƠ QUAN"
    name = approver.get_full_name() if approver is not None else _leader_name(agency)
    return _signer_block("", title, name)


def _element_rows(
    elements: list[DataElement], values: Mapping[int, Mapping[str, Decimal | None]]
) -> list:
    rows: list = []
    domain_id = None
    n = 0
    for el in elements:
        if el.domain_id != domain_id:
            domain_id = el.domain_id
            rows.append({"group": f"{el.domain.number}. {el.domain.name}"})
        n += 1
        fig = values.get(el.pk) or {}
        total, women, value = fig.get("total"), fig.get("women"), fig.get("value")
        if el.kind == DataElement.Kind.SEX:
            men = total - women if total is not None and women is not None else None
            share = (
                format_number(women * 100 / total, 1)
                if total is not None and women is not None and total
                else "—"
            )
            rows.append(
                [
                    str(n),
                    el.name,
                    el.unit,
                    _vn_number(total),
                    _vn_number(women),
                    _vn_number(men),
                    share,
                ]
            )
        elif el.kind == DataElement.Kind.YESNO:
            shown = "—" if value is None else ("Có" if value else "Không")
            if fig.get("agencies") is not None and value is not None:
                shown = f"{format_number(value)}/{fig['agencies']} có"
            rows.append([str(n), el.name, el.unit, {"v": shown, "c": "c"}, "", "", ""])
        else:
            rows.append([str(n), el.name, el.unit, _vn_number(value), "", "", ""])
    return rows


FIGURE_COLUMNS = [
    ("TT", "6%", "c"),
    ("Nội dung", "42%", ""),
    ("Đơn vị tính", "12%", "c"),
    ("Tổng số", "10%", "num"),
    ("Nữ", "10%", "num"),
    ("Nam", "10%", "num"),
    ("Tỷ lệ nữ (%)", "10%", "num"),
]


def _target_rows(
    targets: list[Target],
    values: Mapping[int, IndicatorValue],
    history: Mapping[int, dict[int, Decimal]],
    year: int,
) -> tuple[list, list[tuple[Target, Evaluation, IndicatorValue | None]]]:
    rows: list = []
    judged = []
    for i, target in enumerate(targets, start=1):
        ind = target.indicator
        v = values.get(ind.pk) if ind is not None else None
        series = dict(history.get(ind.pk, {})) if ind is not None else {}
        if v is not None and v.value is not None:
            series[year] = v.value
        ev = evaluate_target(target, series, year)
        judged.append((target, ev, v))
        rows.append(
            [
                str(i),
                target.wording.strip(),
                _requirement_text(ev, target.unit) if ind is not None else "Định tính",
                _value_text(ind, v) if ind is not None and v is not None else "—",
                {"v": STATUS_LABEL.get(ev.status, ev.status), "c": f"st-{ev.status}"},
            ]
        )
    return rows, judged


TARGET_COLUMNS = [
    ("TT", "6%", "c"),
    ("Chỉ tiêu kế hoạch", "44%", ""),
    ("Yêu cầu", "16%", "c"),
    ("Thực hiện", "17%", "c"),
    ("Đánh giá", "17%", "c"),
]


def build_submission(submission: Submission) -> dict:
    sub = Submission.objects.select_related(
        "round", "round__province", "agency", "agency__parent", "agency__parent__parent"
    ).get(pk=submission.pk)
    rnd, agency, year = sub.round, sub.agency, sub.round.year
    elements = list(
        rnd.elements.select_related("domain").order_by("domain__number", "order", "code")
    )
    figures = list(sub.figures.all())
    fig_map = _figure_map(figures)
    activities = list(sub.activities.all())
    progress = list(sub.task_progress.select_related("task").order_by("task__order", "task__pk"))
    plan = agency_plan_for(agency, year)
    targets = _targets_with_milestones([plan]).get(plan.pk, []) if plan else []
    indicators = {t.indicator_id: t.indicator for t in targets if t.indicator is not None}
    values = {pk: indicator_value(ind, fig_map) for pk, ind in indicators.items()}
    # Earlier years' accepted values of the same agency: the path a target is judged on.
    history: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if indicators:
        earlier = FigureValue.objects.filter(
            submission__agency=agency,
            submission__status=Submission.Status.ACCEPTED,
            submission__round__province_id=rnd.province_id,
            submission__round__kind=ReportingRound.Kind.ANNUAL,
            submission__round__year__lt=year,
        ).values_list("submission__round__year", "element_id", "total", "women", "value")
        by_year: dict[int, dict[int, dict]] = defaultdict(dict)
        for y, el, total, women, value in earlier:
            by_year[y][el] = {"total": total, "women": women, "value": value}
        for y, figs in by_year.items():
            for pk, ind in indicators.items():
                v = indicator_value(ind, figs).value
                if v is not None:
                    history[pk][y] = v

    approver_event = (
        sub.events.filter(to_status=Submission.Status.APPROVED)
        .select_related("actor")
        .order_by("-at")
        .first()
    )
    signer = _agency_signer(agency, plan, approver_event.actor if approver_event else None)
    host = _committee_host(rnd.province)
    period = "6 tháng đầu năm" if rnd.kind == ReportingRound.Kind.MID_YEAR else "năm"
    name = sub.agency_name or agency.name

    body: list[dict] = []
    body.append({"t": "p", "cls": "h1", "text": "I. KẾT QUẢ THỰC HIỆN"})
    body.append({"t": "p", "cls": "h2", "text": "1. Kết quả đạt được"})
    body += _paragraphs(sub.results) or [{"t": "p", "text": "(Không có nội dung.)"}]
    body.append({"t": "p", "cls": "h2", "text": "2. Kết quả thực hiện các chỉ tiêu"})
    judged: list = []
    if targets:
        body.append(
            {
                "t": "p",
                "text": (
                    f"Kết quả thực hiện các chỉ tiêu của {_plan_reference(plan, short=True)} "
                    f"trong {period} {year} như sau:"
                ),
            }
        )
        rows, judged = _target_rows(targets, values, history, year)
        body.append(table(TARGET_COLUMNS, rows, size="small"))
        for target, ev, _v in judged:
            if ev.status in (Status.NOT_MET, Status.AT_RISK):
                body.append({"t": "p", "text": f"- {target.wording.strip()}: {ev.explanation}"})
    else:
        body.append(
            {
                "t": "p",
                "text": (
                    "Cơ quan chưa có kế hoạch với chỉ tiêu đo lường được trong hệ thống; "
                    "số liệu chi tiết tại Phụ lục kèm theo."
                ),
            }
        )
    body.append({"t": "p", "cls": "h2", "text": "3. Các hoạt động đã tổ chức"})
    if activities:
        total = sum(a.participants_total for a in activities)
        women = sum(a.participants_women for a in activities)
        body.append(
            {
                "t": "p",
                "text": (
                    f"Trong {period} {year}, cơ quan đã tổ chức {len(activities)} hoạt động "
                    f"với {format_number(total)} lượt người tham gia, trong đó nữ "
                    f"{format_number(women)} lượt."
                ),
            }
        )
        act_rows = []
        for i, a in enumerate(activities, start=1):
            when = f"{a.held_on:%d/%m/%Y}"
            if a.held_until:
                when += f" – {a.held_until:%d/%m/%Y}"
            act_rows.append(
                [
                    str(i),
                    when,
                    a.title,
                    a.get_kind_display(),
                    _vn_number(a.participants_total),
                    _vn_number(a.participants_women),
                ]
            )
        body.append(
            table(
                [
                    ("TT", "6%", "c"),
                    ("Thời gian", "18%", "c"),
                    ("Hoạt động", "40%", ""),
                    ("Loại", "14%", "c"),
                    ("Số người", "11%", "num"),
                    ("Nữ", "11%", "num"),
                ],
                act_rows,
                size="small",
            )
        )
    else:
        body.append({"t": "p", "text": "Không có hoạt động nào được báo cáo."})
    body.append({"t": "p", "cls": "h2", "text": "4. Tiến độ thực hiện nhiệm vụ của kế hoạch"})
    if progress:
        body.append(
            table(
                [("TT", "6%", "c"), ("Nhiệm vụ", "52%", ""), ("Tiến độ", "18%", "c"),
                 ("Ghi chú", "24%", "")],
                [
                    [str(i), p.task.description.strip(), PROGRESS_LABEL.get(p.status, p.status),
                     p.note]
                    for i, p in enumerate(progress, start=1)
                ],
                size="small",
            )
        )  # fmt: skip
    else:
        body.append({"t": "p", "text": "Không có nhiệm vụ nào được báo cáo tiến độ."})
    body.append({"t": "p", "cls": "h1", "text": "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"})
    body.append({"t": "p", "cls": "h2", "text": "1. Tồn tại, hạn chế"})
    body += _paragraphs(sub.shortcomings) or [{"t": "p", "text": "Không có."}]
    body.append({"t": "p", "cls": "h2", "text": "2. Nguyên nhân"})
    body += _paragraphs(sub.causes) or [{"t": "p", "text": "Không có."}]
    body.append({"t": "p", "cls": "h1", "text": "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"})
    body += _paragraphs(sub.directions) or [{"t": "p", "text": "Không có."}]
    body.append({"t": "p", "cls": "h1", "text": "IV. ĐỀ XUẤT, KIẾN NGHỊ"})
    body += _paragraphs(sub.proposals) or [{"t": "p", "text": "Không có."}]
    subject = report_subject(rnd)
    body.append(
        {
            "t": "p",
            "cls": "closing",
            "text": (f"Trên đây là báo cáo {subject[:1].lower()}{subject[1:]} của {name}./."),
        }
    )

    opening = (f"Thực hiện {_plan_reference(plan)}; " if plan is not None else "Thực hiện ") + (
        f"chế độ báo cáo định kỳ về công tác bình đẳng giới và vì sự tiến bộ của phụ nữ, "
        f"{name} báo cáo kết quả thực hiện {period} {year} như sau:"
    )
    annex = {
        "title": "PHỤ LỤC",
        "subtitle": f"SỐ LIỆU THỐNG KÊ VỀ BÌNH ĐẲNG GIỚI {period.upper()} {year}",
        "of": name,
        "wide": False,
        "blocks": [
            table(FIGURE_COLUMNS, _element_rows(elements, fig_map), size="small"),
            {
                "t": "p",
                "cls": "note",
                "text": (
                    f"Số liệu tính đến ngày {_short_date(rnd.window_end)} (kỳ số liệu từ "
                    f"{_short_date(rnd.window_start)} đến {_short_date(rnd.window_end)})."
                ),
            },
        ],
    }
    content = {
        "type_name": TYPE_NAME["BC"],
        "subject": subject,
        "bases": [],
        "opening": [{"t": "p", "text": opening}],
        "body": body,
        "recipients": recipient_lines(f"Ban VSTBPN tỉnh ({host.name})\nLãnh đạo cơ quan\nLưu: VT"),
        "signer": signer,
        "annexes": [annex],
    }
    data = {
        "submission": sub.pk,
        "round": rnd.pk,
        "status": sub.status,
        "figures": {
            el.code: {k: _dec_str(v) for k, v in (fig_map.get(el.pk) or {}).items()}
            for el in elements
        },
        "indicators": {
            ind.code: {
                "numerator": _dec_str(values[pk].numerator),
                "denominator": _dec_str(values[pk].denominator),
                "value": _dec_str(values[pk].value),
            }
            for pk, ind in indicators.items()
        },
        "targets": [
            {"target": t.pk, "status": str(ev.status), "explanation": ev.explanation}
            for t, ev, _v in judged
        ],
    }
    return {
        "content": content,
        "data": data,
        "issuer": agency,
        "place": agency.place_name or rnd.province.place_name,
        "title": subject,
        "number": None,
        "symbol": f"BC-{agency.doc_abbreviation or 'UBND'}",
        "issued_on": None,
        "year": None,
    }


# --------------------------------------------------------------------------------------
# The province's consolidated report
# --------------------------------------------------------------------------------------
def round_indicators(rnd: ReportingRound) -> list[Indicator]:
    element_ids = set(rnd.elements.values_list("pk", flat=True))
    return [
        ind
        for ind in Indicator.objects.select_related("domain").order_by(
            "domain__number", "order", "code"
        )
        if ind.numerator_id in element_ids
        and (ind.denominator_id is None or ind.denominator_id in element_ids)
    ]


def build_round(rnd: ReportingRound) -> dict:
    rnd = ReportingRound.objects.select_related("province").get(pk=rnd.pk)
    province, year = rnd.province, rnd.year
    host = _committee_host(province)
    indicators = round_indicators(rnd)
    totals = rollup(rnd, indicators)
    grid = agency_grid(rnd, indicators)
    completeness = round_completeness(rnd)
    submissions = list(rnd.submissions.select_related("agency").order_by("agency__name"))
    agency_name = {s.agency_id: s.agency_name or s.agency.name for s in submissions}
    accepted_ids = [s.agency_id for s in submissions if s.status == Submission.Status.ACCEPTED]

    # Earlier years (annual rounds) for the trend and the path of the province's targets.
    history: dict[int, dict[int, Decimal]] = defaultdict(dict)
    trend_years: list[int] = []
    for earlier in _earlier_annual_rounds(rnd)[-5:]:
        values = rollup(earlier, indicators)
        trend_years.append(earlier.year)
        for pk, v in values.items():
            if v.value is not None:
                history[pk][earlier.year] = v.value

    province_plan = agency_plan_for(province, year)
    plans_by_agency = agency_plans_for(
        [s.agency for s in submissions if s.status == Submission.Status.ACCEPTED], year
    )
    all_plans = list(plans_by_agency.values()) + ([province_plan] if province_plan else [])
    targets_by_plan = _targets_with_milestones(all_plans)

    body: list[dict] = []
    # I. Reporting
    body.append({"t": "p", "cls": "h1", "text": "I. TÌNH HÌNH THỰC HIỆN CHẾ ĐỘ BÁO CÁO"})
    body.append(
        {
            "t": "p",
            "text": (
                f"Kỳ báo cáo có {completeness.expected} cơ quan, đơn vị phải báo cáo; "
                f"{completeness.submitted} cơ quan, đơn vị đã gửi báo cáo "
                f"({completeness.on_time} đúng hạn, {completeness.late} gửi muộn), "
                f"{completeness.missing} cơ quan, đơn vị chưa gửi; Ban Vì sự tiến bộ của phụ "
                f"nữ tỉnh đã tiếp nhận {completeness.accepted} báo cáo. Số liệu tổng hợp "
                f"dưới đây tính trên các báo cáo đã được tiếp nhận."
            ),
        }
    )
    body.append(
        table(
            [("Phải báo cáo", "17%", "num"), ("Đã gửi", "16%", "num"),
             ("Đúng hạn", "17%", "num"), ("Gửi muộn", "16%", "num"),
             ("Chưa gửi", "17%", "num"), ("Đã tiếp nhận", "17%", "num")],
            [[str(completeness.expected), str(completeness.submitted),
              str(completeness.on_time), str(completeness.late), str(completeness.missing),
              str(completeness.accepted)]],
            size="small",
        )
    )  # fmt: skip
    missing = [s for s in submissions if s.first_submitted_at is None]
    if missing:
        names = ", ".join(agency_name[s.agency_id] for s in missing)
        body.append({"t": "p", "text": f"Các cơ quan, đơn vị chưa gửi báo cáo: {names}."})

    # II. Province figures against the province's targets
    body.append({"t": "p", "cls": "h1", "text": "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"})
    body.append({"t": "p", "cls": "h2", "text": "1. Số liệu toàn tỉnh"})
    province_targets = targets_by_plan.get(province_plan.pk, []) if province_plan else []
    target_of: dict[int, Target] = {}
    for t in province_targets:
        if t.indicator_id and t.indicator_id not in target_of:
            target_of[t.indicator_id] = t
    rows: list = []
    domain_id = None
    judged_province: dict[int, Evaluation] = {}
    for ind in indicators:
        if ind.domain_id != domain_id:
            domain_id = ind.domain_id
            rows.append({"group": f"{ind.domain.number}. {ind.domain.name}"})
        v = totals.get(ind.pk, IndicatorValue(None, None, 0))
        target = target_of.get(ind.pk)
        if target is not None:
            series = dict(history.get(ind.pk, {}))
            if v.value is not None:
                series[year] = v.value
            ev = evaluate_target(target, series, year)
            judged_province[ind.pk] = ev
            req = _requirement_text(ev, target.unit)
            status = {"v": STATUS_LABEL.get(ev.status, ev.status), "c": f"st-{ev.status}"}
        else:
            req, status = "—", "—"
        rows.append(
            [ind.name, _value_text(ind, v), str(v.agencies) if v.agencies else "—", req, status]
        )
    body.append(
        table(
            [
                ("Chỉ tiêu", "40%", ""),
                ("Toàn tỉnh", "19%", "c"),
                ("Số cơ quan có số liệu", "11%", "c"),
                ("Chỉ tiêu kế hoạch của tỉnh", "15%", "c"),
                ("Đánh giá", "15%", "c"),
            ],
            rows,
            size="small",
        )
    )
    if province_plan is not None:
        body.append(
            {
                "t": "p",
                "cls": "note",
                "text": f"Chỉ tiêu kế hoạch của tỉnh theo {_plan_reference(province_plan)}.",
            }
        )

    # Chart: the dashboard's trend chart (same definition), its data table beside it.
    ratio = [i for i in indicators if i.kind == Indicator.Kind.RATIO]
    charted = sorted(ratio, key=lambda i: (i.pk not in target_of, ratio.index(i)))[:6]
    if charted and trend_years:
        body.append({"t": "p", "cls": "h2", "text": "2. Diễn biến qua các năm"})
        series, table_rows = [], []
        years = [*trend_years, year]
        for ind in charted:
            values_by_year = dict(history.get(ind.pk, {}))
            if totals[ind.pk].value is not None:
                values_by_year[year] = totals[ind.pk].value
            target = target_of.get(ind.pk)
            points = []
            for y in years:
                required = None
                if target is not None:
                    ev = evaluate_target(target, values_by_year, y)
                    if ev.status not in (Status.NOT_DUE, Status.QUALITATIVE):
                        required = ev.required
                points.append(
                    {
                        "year": y,
                        "value": _dec_str(values_by_year.get(y)),
                        "target": _dec_str(required),
                    }
                )
            series.append({"title": ind.name, "unit": ind.unit, "points": points})
            last_target = points[-1]["target"]
            table_rows.append(
                [
                    ind.name,
                    *[_amount(values_by_year.get(y), ind.unit) for y in years],
                    _amount(Decimal(last_target), ind.unit) if last_target else "—",
                ]
            )
        year_width = f"{48 / (len(years) + 1):.2f}%"
        body.append(
            {
                "t": "chart",
                "key": "trend",
                "title": f"Một số chỉ tiêu toàn tỉnh, {trend_years[0]}–{year}",
                "series": series,
                "tables": [
                    table(
                        [("Chỉ tiêu", "52%", "")]
                        + [(str(y), year_width, "num") for y in years]
                        + [(f"Mục tiêu {year}", year_width, "num")],
                        table_rows,
                        size="small",
                    )
                ],
            }
        )

    # III. Agencies below their own targets
    body.append(
        {"t": "p", "cls": "h1", "text": "III. CƠ QUAN, ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU CỦA KẾ HOẠCH"}
    )
    below_rows: list = []
    flagged: set[tuple[int, int]] = set()
    for agency_id, plan in sorted(plans_by_agency.items(), key=lambda kv: agency_name[kv[0]]):
        for target in targets_by_plan.get(plan.pk, []):
            if target.indicator_id is None:
                continue
            v = grid.get(agency_id, {}).get(target.indicator_id)
            if v is None or v.value is None:
                continue
            ev = evaluate_target(target, {year: v.value}, year)
            if ev.status in (Status.NOT_MET, Status.AT_RISK):
                flagged.add((agency_id, target.indicator_id))
                below_rows.append(
                    [
                        str(len(below_rows) + 1),
                        agency_name[agency_id],
                        target.indicator.name,
                        _value_text(target.indicator, v),
                        _requirement_text(ev, target.unit),
                        {"v": STATUS_LABEL.get(ev.status), "c": f"st-{ev.status}"},
                    ]
                )
    if below_rows:
        body.append(
            table(
                [("TT", "5%", "c"), ("Cơ quan, đơn vị", "25%", ""), ("Chỉ tiêu", "28%", ""),
                 ("Thực hiện", "14%", "c"), ("Yêu cầu", "14%", "c"), ("Đánh giá", "14%", "c")],
                below_rows,
                size="small",
            )
        )  # fmt: skip
    else:
        body.append({"t": "p", "text": "Các cơ quan, đơn vị đã báo cáo đều đạt chỉ tiêu kế hoạch."})
    body.append({"t": "p", "cls": "h1", "text": "IV. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ"})
    body.append(
        {
            "t": "p",
            "text": (
                "Đề nghị các cơ quan, đơn vị chưa đạt chỉ tiêu rà soát nguyên nhân, có giải "
                "pháp cụ thể trong năm tới; các cơ quan, đơn vị chưa gửi báo cáo hoàn thành "
                "báo cáo theo quy định."
            ),
        }
    )
    subject = report_subject(rnd, province=province)
    body.append(
        {
            "t": "p",
            "cls": "closing",
            "text": f"Trên đây là báo cáo {subject[:1].lower()}{subject[1:]}./.",
        }
    )

    # Annex I: agencies × indicators, landscape, a few indicators per table.
    annex_blocks: list[dict] = []
    ordered = sorted(grid, key=lambda a: agency_name.get(a, ""))
    per_table = 7
    for start in range(0, len(indicators), per_table):
        chunk = indicators[start : start + per_table]
        width = f"{64 / len(chunk):.2f}%"
        cols = [("TT", "4%", "c"), ("Cơ quan, đơn vị", "32%", "")] + [
            (ind.name, width, "c") for ind in chunk
        ]
        grid_rows: list = []
        for i, agency_id in enumerate(ordered, start=1):
            row: list[Any] = [str(i), agency_name.get(agency_id, "")]
            for ind in chunk:
                v = grid[agency_id].get(ind.pk, IndicatorValue(None, None, 0))
                text = _value_text(ind, v, detail=False)
                if (agency_id, ind.pk) in flagged:
                    row.append({"v": f"{text} (*)", "c": "c st-not_met"})
                else:
                    row.append(text)
            grid_rows.append(row)
        total_row: list[Any] = [{"v": "", "c": "c"}, {"v": "Toàn tỉnh", "c": "st-met"}]
        for ind in chunk:
            total_row.append({"v": _value_text(ind, totals[ind.pk], detail=False), "c": "c st-met"})
        grid_rows.append(total_row)
        annex_blocks.append(table(cols, grid_rows, size="tiny"))
    annex_blocks.append(
        {
            "t": "p",
            "cls": "note",
            "text": "(*) chưa đạt hoặc có nguy cơ không đạt chỉ tiêu kế hoạch của cơ quan.",
        }
    )

    # Annex II: province totals of each figure.
    elements = list(
        rnd.elements.select_related("domain").order_by("domain__number", "order", "code")
    )
    sums = (
        FigureValue.objects.filter(
            submission__round=rnd, submission__status=Submission.Status.ACCEPTED
        )
        .values("element_id")
        .annotate(
            s_total=Sum("total"),
            s_women=Sum("women"),
            s_value=Sum("value"),
            s_agencies=Count("pk", filter=Q(value__isnull=False)),
        )
    )
    sum_map = {
        r["element_id"]: {
            "total": r["s_total"],
            "women": r["s_women"],
            "value": r["s_value"],
            "agencies": r["s_agencies"],
        }
        for r in sums
    }
    for el in elements:
        if el.kind != DataElement.Kind.YESNO and el.pk in sum_map:
            sum_map[el.pk].pop("agencies", None)

    place = province.place_name or province.name
    content = {
        "type_name": TYPE_NAME["BC"],
        "subject": subject,
        "bases": [],
        "opening": [
            {
                "t": "p",
                "text": (
                    (f"Thực hiện {_plan_reference(province_plan)}; " if province_plan else "")
                    + f"trên cơ sở báo cáo của các cơ quan, đơn vị, {host.name} (cơ quan "
                    f"thường trực Ban Vì sự tiến bộ của phụ nữ tỉnh) tổng hợp kết quả thực "
                    f"hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ "
                    f"{'6 tháng đầu năm' if rnd.kind == ReportingRound.Kind.MID_YEAR else 'năm'}"
                    f" {year} trên địa bàn tỉnh {place} như sau:"
                ),
            }
        ],
        "body": body,
        "recipients": recipient_lines(
            "UBND tỉnh (để b/c)\nCác thành viên Ban VSTBPN tỉnh\n"
            "Các sở, ban, ngành, đơn vị\nLưu: VT"
        ),
        "signer": _agency_signer(host, agency_plan_for(host, year)),
        "annexes": [
            {
                "title": "PHỤ LỤC I",
                "subtitle": f"KẾT QUẢ CÁC CHỈ TIÊU THEO CƠ QUAN, ĐƠN VỊ NĂM {year}",
                "of": host.name,
                "wide": True,
                "blocks": annex_blocks,
            },
            {
                "title": "PHỤ LỤC II",
                "subtitle": f"SỐ LIỆU TỔNG HỢP TOÀN TỈNH NĂM {year}",
                "of": host.name,
                "wide": False,
                "blocks": [
                    table(FIGURE_COLUMNS, _element_rows(elements, sum_map), size="small"),
                    {
                        "t": "p",
                        "cls": "note",
                        "text": (
                            "Tổng của các báo cáo đã được tiếp nhận; chỉ tiêu có/không ghi "
                            "số cơ quan trả lời “có” trên số cơ quan đã báo cáo."
                        ),
                    },
                ],
            },
        ],
    }
    data = {
        "round": rnd.pk,
        "accepted_agencies": sorted(accepted_ids),
        "completeness": completeness.__dict__,
        "province": {
            ind.code: {
                "numerator": _dec_str(totals[ind.pk].numerator),
                "denominator": _dec_str(totals[ind.pk].denominator),
                "value": _dec_str(totals[ind.pk].value),
                "agencies": totals[ind.pk].agencies,
            }
            for ind in indicators
        },
        "agencies": {
            str(agency_id): {
                ind.code: _dec_str(grid[agency_id][ind.pk].value) for ind in indicators
            }
            for agency_id in ordered
        },
    }
    return {
        "content": content,
        "data": data,
        "issuer": host,
        "place": host.place_name or province.place_name,
        "title": subject,
        "number": None,
        "symbol": f"BC-{host.doc_abbreviation or 'UBND'}",
        "issued_on": None,
        "year": None,
    }


# --------------------------------------------------------------------------------------
# Issuing: access, number, snapshot
# --------------------------------------------------------------------------------------
def _source_hash(built: dict) -> str:
    # The content and the figures only: accepting the same figures again after a reopening
    # is the same document, not a new number.
    payload = json.dumps(
        {"content": built["content"], "data": built["data"]},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _next_number(agency: Agency, year: int, type_code: str) -> int:
    last = Document.objects.filter(
        agency=agency, year=year, type_code=type_code, number_reserved=True
    ).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def _header(built: dict, number: int | None, issued_on: datetime.date | None, year: int) -> dict:
    agency: Agency = built["issuer"]
    return {
        "governing_body": _upper(agency.governing_body),
        "agency_name": _upper(agency.name),
        "number_text": f"Số: {number_text(number, built['symbol'])}",
        "reference": number_text(number, built["symbol"]).strip(),
        "date_line": official_date_line(built["place"] or "", issued_on, year=year),
        "issued_on": issued_on.isoformat() if issued_on else None,
        "short_date": _short_date(issued_on),
    }


def _may_issue(actor, kind: str, source) -> None:
    acc = Access(actor)
    match kind:
        case Document.Kind.PLAN:
            acc.require(Action.READ, source.agency)
        case Document.Kind.SUBMISSION:
            if not services.may_read_submission(acc, source):
                from django.http import Http404

                raise Http404
            if not acc.can(Action.EDIT, source.agency):
                raise PermissionDenied
        case Document.Kind.ROUND:
            acc.require(Action.REVIEW, source.province)


BUILDERS = {
    Document.Kind.PLAN: build_plan,
    Document.Kind.SUBMISSION: build_submission,
    Document.Kind.ROUND: build_round,
}
SOURCE_FIELD = {
    Document.Kind.PLAN: "plan",
    Document.Kind.SUBMISSION: "submission",
    Document.Kind.ROUND: "round",
}


@dataclass
class Issued:
    document: Document
    created: bool  # a new number was reserved, or a failed render is tried again
    needs_render: bool


def document_issue(*, kind: str, source, actor, today: datetime.date | None = None) -> Issued:
    """Issue (or find) the document for `source` (a Plan, an accepted Submission, a
    ReportingRound). Reports get the agency's next number of the year."""
    _may_issue(actor, kind, source)
    if kind == Document.Kind.SUBMISSION and source.status != Submission.Status.ACCEPTED:
        raise ValidationError(
            "Chỉ xuất văn bản từ báo cáo đã được Ban VSTBPN tỉnh tiếp nhận (số liệu đã chốt)."
        )
    if (
        kind == Document.Kind.ROUND
        and not source.submissions.filter(status=Submission.Status.ACCEPTED).exists()
    ):
        raise ValidationError("Chưa có báo cáo nào được tiếp nhận để tổng hợp.")
    built = BUILDERS[kind](source)
    digest = _source_hash(built)
    today = today or timezone.localdate()
    field = SOURCE_FIELD[kind]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _issue_locked(kind, field, source, built, digest, actor, today)
        except IntegrityError:
            # Another request took the same number between our read and our insert.
            continue
    raise ValidationError("Không cấp được số văn bản, vui lòng thử lại.")


def _issue_locked(kind, field, source, built, digest, actor, today) -> Issued:
    issuer: Agency = built["issuer"]
    # One number at a time per agency: the agency row is the counter's lock.
    Agency.objects.select_for_update().filter(pk=issuer.pk).first()
    same = Document.objects.select_for_update().filter(**{field: source}, source_hash=digest)
    existing = same.exclude(status=Document.Status.FAILED).order_by("-pk").first()
    if existing is not None:
        return Issued(existing, created=False, needs_render=existing.status == "rendering")
    failed = same.filter(status=Document.Status.FAILED).order_by("-pk").first()
    if failed is not None:
        failed.status = Document.Status.RENDERING
        failed.error = ""
        failed.render_started_at = None
        failed.task_id = ""
        failed.created_at = timezone.now()
        failed.save(update_fields=["status", "error", "render_started_at", "task_id", "created_at"])
        return Issued(failed, created=True, needs_render=True)
    type_code = TYPE_CODE[kind]
    if kind == Document.Kind.PLAN:
        number, reserved = built["number"], False
        issued_on, year = built["issued_on"], built["year"]
    else:
        issued_on, year = today, today.year
        number, reserved = _next_number(issuer, year, type_code), True
    snapshot = {
        "schema": SCHEMA,
        "kind": kind,
        "header": _header(built, number, issued_on, year),
        "content": built["content"],
        "data": built["data"],
    }
    document = Document.objects.create(
        kind=kind,
        **{field: source},
        agency=issuer,
        year=year,
        type_code=type_code,
        number=number,
        number_reserved=reserved,
        symbol=built["symbol"],
        issued_on=issued_on,
        title=built["title"],
        snapshot=snapshot,
        source_hash=digest,
        created_by=actor,
    )
    return Issued(document, created=True, needs_render=True)


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------
class _StaticOnlyFetcher:
    """WeasyPrint may read the bundled fonts and stylesheet and inline data: images, and
    nothing else: no network, no other file on the server."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._inner = URLFetcher(allowed_protocols={"file", "data"})
        self._root = STATIC_DIR.resolve().as_uri()

    def __call__(self, url: str, *args, **kwargs):
        if url.startswith("file:") and not url.startswith(self._root + "/"):
            raise ValueError(f"refused: {url}")
        return self._inner.fetch(url)

    fetch = __call__


class _ChartFetcher:
    """One render's fetcher: `chart:<n>` is that document's n-th chart SVG, handed to
    WeasyPrint as it is (no base64 data: URL for the HTML parser to read through and
    decode again); everything else goes to the static-only fetcher."""

    def __init__(self, inner: _StaticOnlyFetcher, svgs: Mapping[str, str]) -> None:
        self._inner = inner
        self._svgs = {url: svg.encode() for url, svg in svgs.items()}

    def __call__(self, url: str, *args, **kwargs):
        svg = self._svgs.get(url)
        if svg is None:
            return self._inner(url)
        from weasyprint.urls import URLFetcherResponse

        return URLFetcherResponse(url, body=svg, headers={"Content-Type": "image/svg+xml"})

    fetch = __call__

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    signature_box: dict | None


def _chart_svgs(content: Mapping) -> dict[str, str]:
    """SVGs of the chart blocks, drawn by the dashboard's chart definitions
    (reports/charts.py) from the data in the snapshot. Text in the SVG is set in the
    bundled serif so the PDF uses no system font."""
    charts = [b for b in content.get("body", []) if b.get("t") == "chart"]
    if not charts:
        return {}
    try:
        from reports.charts import SeriesPoint, TrendSeries, chart_spec, chart_svg
    except ImportError:  # printed as data tables only
        return {}
    svgs: dict[str, str] = {}
    for block in charts:
        series = [
            TrendSeries(
                title=s["title"],
                unit=s["unit"],
                points=[
                    SeriesPoint(
                        year=int(p["year"]),
                        value=Decimal(p["value"]) if p["value"] is not None else None,
                        target=Decimal(p["target"]) if p["target"] is not None else None,
                    )
                    for p in s["points"]
                ],
            )
            for s in block["series"]
        ]
        try:
            svg = chart_svg(chart_spec(series, columns=3, width=170, height=110))
        except Exception:  # a chart must never stop the document: its table is printed
            logger.exception("chart %s could not be drawn", block.get("key"))
            continue
        svgs[block["key"]] = re.sub(r'font-family="[^"]*"', 'font-family="GP Serif"', svg)
    return svgs


_STYLE_LOCK = threading.Lock()
_STYLE: tuple | None = None


def _stylesheet():
    """(fetcher, font configuration, parsed document.css), made once per process: parsing
    the stylesheet and loading its four @font-face files is a tenth of an agency report's
    render. WeasyPrint output is byte-identical with a reused configuration. Callers hold
    _STYLE_LOCK: the configuration is not shared between concurrent renders."""
    global _STYLE
    if _STYLE is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fetcher = _StaticOnlyFetcher()
        font_config = FontConfiguration()
        css = CSS(filename=str(CSS_PATH), font_config=font_config, url_fetcher=fetcher)
        _STYLE = (fetcher, font_config, css)
        # Let it go while the interpreter still works: WeasyPrint's FontConfiguration
        # cleans up in __del__, which fails once modules are being torn down.
        atexit.register(_forget_stylesheet)
    return _STYLE


def _forget_stylesheet() -> None:
    global _STYLE
    _STYLE = None


def render_pdf(snapshot: Mapping) -> Rendered:
    from weasyprint import HTML

    content = copy.deepcopy(snapshot["content"])
    svgs = _chart_svgs(content)
    charts: dict[str, str] = {}  # URL in the HTML → SVG
    for block in content.get("body", []):
        if block.get("t") == "chart" and block.get("key") in svgs:
            block["src"] = f"chart:{len(charts)}"
            charts[block["src"]] = svgs[block["key"]]
    html = render_to_string(
        TEMPLATE[snapshot["kind"]],
        {"header": snapshot["header"], "doc": content, "signature_anchor": SIGNATURE_ANCHOR},
    )
    # WeasyPrint builds a few hundred thousand objects per document that all live until
    # the PDF is written. Left on, the cyclic garbage collector walks them (and the
    # whole Django heap) again and again while they are still in use: a quarter to a
    # third of the render. It is paused for the render only; right after, one collection
    # of the young generation frees the document's reference cycles (WeasyPrint's table
    # columns point back at their table), so nothing outlives the call and the heap is
    # back to its size before. Peak memory is the same (measured: 307 MB either way for
    # a 30-agency province report).
    gc_was_enabled = gc.isenabled()
    with _STYLE_LOCK:
        gc.disable()
        try:
            fetcher, font_config, css = _stylesheet()
            document = HTML(
                string=html,
                base_url=str(STATIC_DIR) + "/",
                url_fetcher=_ChartFetcher(fetcher, charts),
            ).render(stylesheets=[css], font_config=font_config)
            pdf = document.write_pdf()
            pages = len(document.pages)
            box = _signature_box(document)
            del document
        finally:
            if gc_was_enabled:
                gc.enable()
        gc.collect(0)
    return Rendered(pdf=pdf, pages=pages, signature_box=box)


def _signature_box(document) -> dict | None:
    """Page and box (PDF points) of the signature space, anchor "chu-ky"."""
    for index, page in enumerate(document.pages):
        anchor = page.anchors.get(SIGNATURE_ANCHOR)
        if anchor:
            x1, y1, x2, y2 = anchor
            height_pt = page.height * 0.75
            # CSS px (top-left origin) → PDF points (bottom-left origin).
            return {
                "page": index,
                "box": [
                    round(x1 * 0.75, 2),
                    round(height_pt - y2 * 0.75, 2),
                    round(x2 * 0.75, 2),
                    round(height_pt - y1 * 0.75, 2),
                ],
            }
    return None


def _mark_failed(document: Document, message: str) -> None:
    Document.objects.filter(pk=document.pk, status=Document.Status.RENDERING).update(
        status=Document.Status.FAILED, error=message[:2000]
    )
    document.refresh_from_db()


def document_render(document: Document) -> Document:
    """Render the stored snapshot and keep the file; `failed` on any error (re-raised)."""
    document.refresh_from_db()
    if document.status != Document.Status.RENDERING:
        return document
    started = timezone.now()
    Document.objects.filter(pk=document.pk).update(render_started_at=started)
    t0 = time.perf_counter()
    try:
        rendered = render_pdf(document.snapshot)
        name = _store(document, rendered.pdf)
    except Exception as exc:
        logger.exception("rendering document %s failed", document.pk)
        _mark_failed(document, f"{type(exc).__name__}: {exc}")
        raise
    updated = Document.objects.filter(pk=document.pk, status=Document.Status.RENDERING).update(
        status=Document.Status.READY,
        file=name,
        size=len(rendered.pdf),
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        page_count=rendered.pages,
        signature_box=rendered.signature_box,
        rendered_at=timezone.now(),
        render_seconds=round(time.perf_counter() - t0, 3),
        error="",
    )
    if not updated:
        # Marked failed meanwhile (timeout): the file is not offered.
        document.file.storage.delete(name)
    document.refresh_from_db()
    return document


def _store(document: Document, pdf: bytes) -> str:
    """Write the file under a fresh name; the row points at it only once it is complete."""
    storage = document.file.storage
    name = document.file.field.generate_filename(document, "document.pdf")
    return storage.save(name, ContentFile(pdf))


def refresh_status(document: Document) -> Document:
    """A render that died (worker killed, task failed) is marked failed, so the page stops
    waiting and offers to try again."""
    if document.status != Document.Status.RENDERING:
        return document
    if document.task_id:
        from django.tasks import TaskResultStatus
        from django.tasks.exceptions import TaskResultDoesNotExist

        from reports.tasks import render_document_task

        try:
            result = render_document_task.get_result(document.task_id)
        except (TaskResultDoesNotExist, ValueError):
            result = None
        if result is not None and result.status == TaskResultStatus.FAILED:
            _mark_failed(document, "Tiến trình nền báo lỗi khi tạo tệp PDF.")
            return document
        if result is not None and result.status == TaskResultStatus.SUCCESSFUL:
            document.refresh_from_db()
            if document.status == Document.Status.RENDERING:
                _mark_failed(document, "Tiến trình nền kết thúc nhưng không lưu được tệp.")
            return document
    since = document.render_started_at or document.created_at
    if timezone.now() - since > getattr(settings, "DOCUMENT_RENDER_TIMEOUT", RENDER_TIMEOUT):
        _mark_failed(
            document,
            "Quá thời gian tạo tệp PDF (tiến trình nền không chạy hoặc đã bị dừng).",
        )
    return document


def enqueue_render(document: Document) -> None:
    """Queue the render once the transaction that issued the document has committed."""
    from reports.tasks import render_document_task

    def _enqueue() -> None:
        result = render_document_task.enqueue(document.pk)
        Document.objects.filter(pk=document.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(_enqueue)
