"""Reporting rounds, the review of submissions and notifications.

Views stay thin: load through the access helper, validate a form, call a service,
redirect. What a page shows is assembled in reports/reading.py; the rules are in
reports/services.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from genderplan.access import Access, Action, access, login_required_view
from genderplan.forms import apply_service_errors
from genderplan.ui import remember_saved
from plans.models import Agency
from reports import reading, services
from reports.forms import (
    ReasonForm,
    ReturnForm,
    RoundOpenForm,
    reopen_form,
    send_back_form,
)
from reports.models import Notification, ReportingRound, Submission, SubmissionEvent
from reports.selectors import round_completeness, round_submissions

S = Submission.Status

# The completeness panel's buckets, in the order the committee reads them.
BUCKETS: list[tuple[str, str]] = [
    ("expected", "Phải báo cáo"),
    ("submitted", "Đã gửi"),
    ("on_time", "Đúng hạn"),
    ("late", "Gửi muộn"),
    ("missing", "Chưa gửi"),
    ("draft", "Đang soạn"),
    ("returned", "Bị trả lại"),
    ("awaiting", "Chờ Ban tiếp nhận"),
    ("accepted", "Đã tiếp nhận"),
]


# --------------------------------------------------------------------------------------
# Access to submissions
# --------------------------------------------------------------------------------------
def _submission(request: HttpRequest, pk: int, action: Action = Action.READ) -> Submission:
    acc = access(request)
    submission = get_object_or_404(
        Submission.objects.select_related(
            "round",
            "round__province",
            "agency",
            "agency__parent",
            "agency__parent__parent",
        ),
        pk=pk,
    )
    if not services.may_read_submission(acc, submission):
        raise Http404
    if action != Action.READ and not acc.can(action, submission.agency):
        raise PermissionDenied
    return submission


def _own_agencies(acc: Access) -> QuerySet[Agency]:
    """Agencies whose reports the user fills or approves (their own and sub-units)."""
    q = Q(pk__in=[])
    for agency in acc.home_agencies:
        q |= Q(pk=agency.pk) | Q(parent=agency.pk) | Q(parent__parent=agency.pk)
    return Agency.objects.filter(q)


def _reviewable_provinces(acc: Access) -> QuerySet[Agency]:
    if acc.is_superuser:
        return Agency.objects.filter(kind=Agency.Kind.PROVINCE)
    return Agency.objects.filter(pk__in=[p.pk for p in acc.committee_provinces])


# --------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------
@login_required_view
def round_list(request: HttpRequest) -> HttpResponse:
    acc = access(request)
    provinces = _reviewable_provinces(acc)
    committee_rounds = (
        ReportingRound.objects.filter(province__in=provinces)
        .select_related("province")
        .annotate(
            expected=Count("submissions"),
            submitted=Count("submissions", filter=Q(submissions__first_submitted_at__isnull=False)),
            accepted=Count("submissions", filter=Q(submissions__status=S.ACCEPTED)),
            awaiting=Count("submissions", filter=Q(submissions__status=S.APPROVED)),
        )
        .order_by("-year", "-kind", "province__name")
    )
    own_submissions = (
        Submission.objects.filter(agency__in=_own_agencies(acc))
        .select_related("round", "round__province", "agency")
        .order_by("-round__year", "-round__kind", "agency__name")
    )
    return render(
        request,
        "reports/round_list.html",
        {
            "committee_rounds": committee_rounds,
            "own_submissions": own_submissions,
            "can_open": provinces.exists(),
            "is_reviewer": acc.is_superuser or acc.is_committee,
            "today": timezone.localdate(),
        },
    )


@login_required_view
def round_open(request: HttpRequest) -> HttpResponse:
    acc = access(request)
    provinces = list(_reviewable_provinces(acc).order_by("name"))
    if not provinces:
        raise PermissionDenied
    # Nearly every committee member serves one province; a superuser picks one first.
    chosen = request.POST.get("province") or request.GET.get("tinh")
    province = next((p for p in provinces if str(p.pk) == chosen), provinces[0])
    form = RoundOpenForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = services.round_open(
                province=province,
                year=data["year"],
                kind=data["kind"],
                actor=request.user,
                deadline=data["deadline"],
                window=(data["window_start"], data["window_end"]),
                agencies=data["agencies"],
                elements=data["elements"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            remember_saved(request, "round-open")
            messages.success(
                request,
                f"Đã mở kỳ {rnd} cho {rnd.submissions.count()} cơ quan. "
                f"Hạn nộp {rnd.deadline:%d/%m/%Y}.",
            )
            return redirect("round_detail", pk=rnd.pk)
    return render(
        request,
        "reports/round_open.html",
        {"form": form, "province": province, "provinces": provinces},
    )


def _last_event(field: str) -> Subquery:
    return Subquery(
        SubmissionEvent.objects.filter(submission=OuterRef("pk"))
        .order_by("-at", "-pk")
        .values(field)[:1]
    )


@login_required_view
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    acc = access(request)
    rnd = get_object_or_404(ReportingRound.objects.select_related("province", "opened_by"), pk=pk)
    reviewer = acc.can(Action.REVIEW, rnd.province)
    if not reviewer:
        own = list(
            rnd.submissions.filter(agency__in=_own_agencies(acc))
            .select_related("agency", "round")
            .order_by("agency__name")
        )
        if not own:
            raise Http404
        return render(
            request,
            "reports/round_detail.html",
            {"round": rnd, "reviewer": False, "submissions": own, "today": timezone.localdate()},
        )

    bucket = request.GET.get("nhom", "")
    valid = {key for key, _ in BUCKETS}
    if bucket not in valid:
        bucket = ""
    if bucket == "awaiting":
        submissions = round_submissions(rnd).filter(status=S.APPROVED)
    else:
        submissions = round_submissions(rnd, bucket if bucket != "expected" else None)
    # The last action per row in the same query: a page of 40 agencies stays one query.
    submissions = list(
        submissions.select_related("round").annotate(
            last_at=_last_event("at"),
            last_from=_last_event("from_status"),
            last_to=_last_event("to_status"),
            last_actor_id=_last_event("actor_id"),
        )
    )
    actors = get_user_model().objects.in_bulk({s.last_actor_id for s in submissions} - {None})
    for s in submissions:
        s.last_action = reading.action_label(s.last_from, s.last_to)
        s.last_actor = reading.person(actors.get(s.last_actor_id))
    completeness = round_completeness(rnd)
    counts = vars(completeness) | {"awaiting": rnd.submissions.filter(status=S.APPROVED).count()}
    return render(
        request,
        "reports/round_detail.html",
        {
            "round": rnd,
            "reviewer": True,
            "submissions": submissions,
            "panel": [(key, label, counts[key]) for key, label in BUCKETS],
            "bucket": bucket,
            "bucket_label": dict(BUCKETS).get(bucket, ""),
            "status_labels": dict(S.choices),
            "today": timezone.localdate(),
        },
    )


# --------------------------------------------------------------------------------------
# One submission
# --------------------------------------------------------------------------------------
def _detail_context(
    request: HttpRequest,
    submission: Submission,
    *,
    return_form: ReturnForm | None = None,
    send_back: ReasonForm | None = None,
    reopen: ReasonForm | None = None,
) -> dict:
    acc = access(request)
    agency = submission.agency
    own = acc.can(Action.EDIT, agency)
    elements = reading.round_elements(submission)
    labels = reading.field_labels(elements)
    events = reading.events_of(submission)
    returned, changes = reading.resubmission_changes(submission, events, elements)
    return_comments = list(returned.comments.all()) if returned else []

    # The committee reads what was sent, never the agency's work in progress: while the
    # report is back with the agency it sees the version it returned, if there is one.
    hidden_in_progress = not own and submission.is_editable
    if hidden_in_progress:
        snapshot = returned.snapshot if returned else None
        document = (
            reading.build_document(
                submission, elements, snapshot=snapshot, comments=return_comments
            )
            if snapshot
            else None
        )
        history = reading.figure_history(submission, elements, until=submission.submitted_at)
    else:
        document = reading.build_document(
            submission,
            elements,
            comments=return_comments,
            changed_keys={c.key for c in changes or []},
        )
        history = reading.figure_history(submission, elements)

    status = submission.status
    can_review = acc.can(Action.REVIEW, agency) and status in (S.SUBMITTED, S.APPROVED)
    if can_review and return_form is None:
        return_form = ReturnForm(submission=submission, elements=elements)
    # The signature line shows the approval only while it stands (not after a return).
    approved_event = (
        next((e for e in reversed(events) if e.to_status == S.APPROVED), None)
        if status in (S.APPROVED, S.ACCEPTED)
        else None
    )
    last = reading.last_event(events)
    return {
        "submission": submission,
        "round": submission.round,
        "agency": agency,
        "document": document,
        "hidden_in_progress": hidden_in_progress,
        "timeline": reading.timeline(events, labels),
        "figure_history": history,
        "returned": returned,
        "return_comments": [(labels.get(c.field, c.field), c.text) for c in return_comments],
        "changes": changes,
        # The note the agency must act on: the committee's return or the leader's send-back.
        "pending_note": last if last and submission.is_editable and last.note else None,
        "approved_event": approved_event,
        "can_edit": own and submission.is_editable,
        "can_approve": acc.can(Action.APPROVE, agency) and status == S.SUBMITTED,
        "can_review": can_review,
        "can_accept": can_review and status == S.APPROVED,
        "can_reopen": acc.can(Action.REVIEW, agency) and status == S.ACCEPTED,
        # The official PDF (BÁO CÁO) is issued by the agency from its accepted report.
        "can_issue_document": own and status == S.ACCEPTED,
        "return_form": return_form,
        "send_back_form": send_back or send_back_form(),
        "reopen_form": reopen or reopen_form(),
        "is_late": submission.is_late,
        "days_left": reading.days_left(submission.round.deadline),
    }


@login_required_view
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    # Opening the report is reading its notices: the badge in the bar goes down.
    Notification.objects.filter(
        user=request.user, submission=submission, read_at__isnull=True
    ).update(read_at=timezone.now())
    return render(request, "reports/submission_detail.html", _detail_context(request, submission))


def _rerender(request: HttpRequest, submission: Submission, **forms) -> HttpResponse:
    messages.error(request, "Chưa thực hiện được: xem thông báo lỗi ở khung thao tác bên dưới.")
    context = _detail_context(request, submission, **forms)
    return render(request, "reports/submission_detail.html", context, status=400)


def _transition(
    request: HttpRequest, submission: Submission, service: Callable[..., object], done: str
) -> HttpResponse:
    """A step that needs nothing but the click (approve, accept); a refusal is a message."""
    try:
        service(submission=submission, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("submission_detail", pk=submission.pk)


def _transition_with_reason(
    request: HttpRequest,
    submission: Submission,
    form: Form,
    service: Callable[..., object],
    *,
    extra: Callable[[], dict[str, Any]] | None = None,
    keep: str,
    done: str,
    form_name: str,
) -> HttpResponse:
    """A step that needs a written reason (send back, return, reopen). A refusal shows the
    page again with the form and its errors, so the reason typed is not lost; `keep` is the
    form keeper's key, cleared once the step is done."""
    if form.is_valid():
        try:
            service(
                submission=submission,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **(extra() if extra else {}),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            remember_saved(request, f"{keep}-{submission.pk}")
            messages.success(request, done)
            return redirect("submission_detail", pk=submission.pk)
    return _rerender(request, submission, **{form_name: form})


@require_POST
@login_required_view
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, Action.APPROVE)
    return _transition(
        request,
        submission,
        services.submission_approve,
        "Đã duyệt báo cáo. Báo cáo đã được gửi Ban VSTBPN tỉnh.",
    )


@require_POST
@login_required_view
def submission_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, Action.APPROVE)
    return _transition_with_reason(
        request,
        submission,
        send_back_form(request.POST),
        services.submission_send_back,
        keep="send-back",
        done="Đã trả lại báo cáo cho chuyên viên.",
        form_name="send_back",
    )


@require_POST
@login_required_view
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, Action.REVIEW)
    form = ReturnForm(
        request.POST, submission=submission, elements=reading.round_elements(submission)
    )
    return _transition_with_reason(
        request,
        submission,
        form,
        services.submission_return,
        extra=lambda: {"comments": form.comments()},
        keep="return",
        done=f"Đã trả lại báo cáo cho {submission.agency_name}, kèm lý do và ý kiến.",
        form_name="return_form",
    )


@require_POST
@login_required_view
def submission_accept(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, Action.REVIEW)
    return _transition(
        request,
        submission,
        services.submission_accept,
        "Đã tiếp nhận báo cáo. Số liệu đã được khóa.",
    )


@require_POST
@login_required_view
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, Action.REVIEW)
    return _transition_with_reason(
        request,
        submission,
        reopen_form(request.POST),
        services.submission_reopen,
        keep="reopen",
        done="Đã mở lại báo cáo; cơ quan được sửa và gửi lại.",
        form_name="reopen",
    )


# --------------------------------------------------------------------------------------
# Notifications
# --------------------------------------------------------------------------------------
@login_required_view
def notification_list(request: HttpRequest) -> HttpResponse:
    notices = (
        Notification.objects.filter(user=request.user)
        .select_related("submission", "submission__round")
        .order_by("-created_at", "-pk")[:200]
    )
    return render(request, "reports/notification_list.html", {"notices": notices})


@require_POST
@login_required_view
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notification_list")
