"""In-app notices, mirrored by email through Django's mail backend.

Called from services inside their transaction; mail goes out only after commit so a
rolled-back transition never announces itself."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from plans.models import Membership
from reports.models import Notification, ReportingRound, Submission


def _notify(users, *, kind: str, text: str, submission: Submission | None = None) -> None:
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, text=text, submission=submission) for u in users],
        ignore_conflicts=kind == Notification.Kind.DEADLINE,
    )
    recipients = [u.email for u in users if u.email]
    if recipients:
        link = (
            settings.SITE_URL + reverse("submission_detail", args=[submission.pk])
            if submission
            else ""
        )
        body = f"{text}\n\n{link}".strip()
        transaction.on_commit(
            lambda: send_mail(
                subject=f"[Bình đẳng giới] {Notification.Kind(kind).label}",
                message=body,
                from_email=None,
                recipient_list=recipients,
                fail_silently=True,
            )
        )


def _agency_people(submission: Submission, *roles: str):
    return [
        m.user
        for m in Membership.objects.filter(agency=submission.agency, role__in=roles).select_related(
            "user"
        )
    ]


def _committee_people(submission: Submission):
    province = submission.round.province
    return [
        m.user
        for m in Membership.objects.filter(role=Membership.Role.COMMITTEE).select_related(
            "user", "agency", "agency__parent"
        )
        if m.agency.province.pk == province.pk
    ]


def round_opened(rnd: ReportingRound) -> None:
    for sub in rnd.submissions.select_related("agency"):
        _notify(
            _agency_people(sub, Membership.Role.STAFF, Membership.Role.LEADER),
            kind=Notification.Kind.ROUND_OPENED,
            text=f"Ban VSTBPN tỉnh đã mở kỳ {rnd}. Hạn nộp {rnd.deadline:%d/%m/%Y}.",
            submission=sub,
        )


def submitted(sub: Submission) -> None:
    _notify(
        _agency_people(sub, Membership.Role.LEADER),
        kind=Notification.Kind.SUBMITTED,
        text=f"Báo cáo {sub.round} của {sub.agency_name} đã gửi, chờ lãnh đạo duyệt.",
        submission=sub,
    )


def approved(sub: Submission) -> None:
    _notify(
        _committee_people(sub),
        kind=Notification.Kind.APPROVED,
        text=f"{sub.agency_name} đã gửi báo cáo {sub.round} (lãnh đạo đã duyệt).",
        submission=sub,
    )


def returned(sub: Submission, reason: str) -> None:
    _notify(
        _agency_people(sub, Membership.Role.STAFF, Membership.Role.LEADER),
        kind=Notification.Kind.RETURNED,
        text=f"Báo cáo {sub.round} bị trả lại: {reason}",
        submission=sub,
    )


def accepted(sub: Submission) -> None:
    _notify(
        _agency_people(sub, Membership.Role.STAFF, Membership.Role.LEADER),
        kind=Notification.Kind.ACCEPTED,
        text=f"Ban VSTBPN tỉnh đã tiếp nhận báo cáo {sub.round} của {sub.agency_name}.",
        submission=sub,
    )


def deadline_reminders(today: datetime.date) -> int:
    """Remind staff and leaders of reports not yet sent whose deadline is three days away.
    Idempotent: each person gets one reminder per report (a unique constraint)."""
    due = today + datetime.timedelta(days=3)
    sent = 0
    subs = Submission.objects.filter(
        round__deadline=due,
        round__status=ReportingRound.Status.OPEN,
        status__in=Submission.EDITABLE,
    ).select_related("round", "agency")
    for sub in subs:
        people = _agency_people(sub, Membership.Role.STAFF, Membership.Role.LEADER)
        already = set(
            Notification.objects.filter(
                submission=sub, kind=Notification.Kind.DEADLINE
            ).values_list("user_id", flat=True)
        )
        people = [p for p in people if p.pk not in already]
        _notify(
            people,
            kind=Notification.Kind.DEADLINE,
            text=f"Còn 3 ngày đến hạn nộp báo cáo {sub.round} ({sub.round.deadline:%d/%m/%Y}); "
            "báo cáo của cơ quan chưa được gửi.",
            submission=sub,
        )
        sent += len(people)
    return sent
