"""Template helpers for plans rendered like the paper documents (Nghị định 30/2020)."""

from __future__ import annotations

import datetime

from django import template

from genderplan.access import Access
from plans import selectors
from plans.models import Agency, Plan

register = template.Library()


@register.filter
def doc_date(plan: Plan) -> str:
    """ "Hà Tĩnh, ngày 06 tháng 9 năm 2021": day below 10 and months 1–2 take a leading
    zero (Nghị định 30/2020, Phụ lục I); an undated draft keeps the blanks to fill in."""
    place = plan.place or plan.agency.place_name
    day: datetime.date | None = plan.issued_on
    if day is None:
        # Non-breaking spaces keep the blanks the signer's office fills in by hand.
        blank = "\u00a0" * 6
        when = f"ngày{blank}tháng{blank}năm {plan.period_start}"
    else:
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {when}" if place else when.capitalize()


@register.filter
def lines(text: str) -> list[str]:
    """Non-empty lines of a multi-line field (legal bases, recipients, body paragraphs)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def recipient_lines(text: str) -> list[str]:
    """Nơi nhận as printed: "- …;" on every line, the last ending "." ."""
    items = [line.strip().lstrip("-–• ").rstrip(";.,") for line in lines(text)]
    items = [i for i in items if i]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


@register.simple_tag
def agency_plans(agency: Agency, limit: int = 5):
    """The agency's latest plans for the home page block (its caller already checked
    that the user belongs to the agency)."""
    return list(selectors.agency_plans(agency=agency, limit=limit))


@register.simple_tag
def province_plans(province: Agency, acc: Access):
    return list(selectors.province_plans(province=province, acc=acc))


@register.filter
def is_part_heading(section) -> bool:
    return selectors.is_part_heading(section)


@register.filter
def section_number(section) -> str:
    """ "II." for a part, "2.1." for a numbered item, "a)" for a lettered one."""
    number = section.number or ""
    if not number:
        return ""
    if len(number) == 1 and number.isalpha() and not selectors.is_part_heading(section):
        return f"{number})"
    return f"{number}."


@register.filter
def end_sentence(text: str) -> str:
    """One full stop at the end, whatever punctuation the typed note already had."""
    text = (text or "").rstrip()
    return text.rstrip(".;,") + "." if text else text
