"""Template helpers for the reporting pages: the unread badge, status colours, links to
pages other areas build, and the home page blocks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils import timezone

from genderplan.access import Access, Action
from plans.models import Agency
from reports.models import Notification, ReportingRound, Submission
from reports.parsing import format_number
from reports.selectors import Completeness, round_completeness
from reports.services import submission_problems

register = template.Library()

_STATUS_CLASS = {
    Submission.Status.DRAFT: "text-bg-secondary",
    Submission.Status.SUBMITTED: "text-bg-info",
    Submission.Status.APPROVED: "text-bg-primary",
    Submission.Status.RETURNED: "text-bg-danger",
    Submission.Status.ACCEPTED: "text-bg-success",
}


@register.filter
def status_class(status: str) -> str:
    return _STATUS_CLASS.get(status, "text-bg-light")


@register.filter
def num(value: Decimal | int | None, places: int = 0) -> str:
    return format_number(value, places)


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@register.filter
def days_word(days: int) -> str:
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hạn nộp là hôm nay"
    return f"quá hạn {-days} ngày"


# --- home blocks ----------------------------------------------------------------------
@dataclass
class AgencyRoundItem:
    submission: Submission
    days_left: int
    problems: int


@register.simple_tag
def agency_round_items(agency: Agency) -> list[AgencyRoundItem]:
    """The agency's reports in open rounds, for its people's home page (the caller shows
    this block only inside the user's own agency section)."""
    today = timezone.localdate()
    subs = (
        Submission.objects.filter(agency=agency, round__status=ReportingRound.Status.OPEN)
        .select_related("round", "agency")
        .order_by("round__deadline")
    )
    return [
        AgencyRoundItem(
            s,
            (s.round.deadline - today).days,
            len(submission_problems(s)) if s.is_editable else 0,
        )
        for s in subs
    ]


@register.simple_tag
def awaiting_approval(agency: Agency, acc: Access) -> list[Submission]:
    """Reports the user, as the agency's leader, has to approve."""
    if acc is None or not acc.can(Action.APPROVE, agency):
        return []
    return list(
        Submission.objects.filter(agency=agency, status=Submission.Status.SUBMITTED)
        .select_related("round")
        .order_by("round__deadline")
    )


@dataclass
class ProvinceRoundItem:
    round: ReportingRound
    completeness: Completeness
    awaiting: int
    days_left: int


@register.simple_tag
def province_round_items(province: Agency) -> list[ProvinceRoundItem]:
    today: datetime.date = timezone.localdate()
    rounds = ReportingRound.objects.filter(
        province=province, status=ReportingRound.Status.OPEN
    ).order_by("-year", "-kind")
    return [
        ProvinceRoundItem(
            r,
            round_completeness(r),
            r.submissions.filter(status=Submission.Status.APPROVED).count(),
            (r.deadline - today).days,
        )
        for r in rounds
    ]


_STATUS_LABELS = dict(Submission.Status.choices)


@register.filter
def status_label(status: str | None) -> str:
    return str(_STATUS_LABELS.get(status, "")) if status else ""


@register.filter
def comment_field(form, key: str):
    """The return form's comment box for one field (element code or narrative:<name>)."""
    if form is None or not hasattr(form, "comment_field"):
        return None
    return form.comment_field(key)


@register.filter
def doc_day(value: datetime.datetime | datetime.date | None) -> str:
    """ "ngày 06 tháng 9 năm 2021": days below 10 and months 1–2 take a leading zero
    (Nghị định 30/2020, Phụ lục I)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
