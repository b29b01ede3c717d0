"""Rules for reporting: opening rounds, saving drafts, the submit/approve/return/accept
workflow, activities, task progress and evidence files.

Every function is keyword-only, validates before it writes and runs in one transaction:
a refused call leaves the database exactly as it was.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from genderplan.access import Access, Action
from indicators.models import DataElement, Indicator
from plans.models import Agency, Task
from reports import notifications
from reports.filetypes import sniff_evidence_type
from reports.models import (
    Activity,
    Evidence,
    FieldComment,
    FigureValue,
    ReportingRound,
    Submission,
    SubmissionEvent,
    TaskProgress,
)
from reports.parsing import format_number, parse_count, parse_yesno
from reports.selectors import previous_figures

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
BIG_CHANGE = Decimal("0.5")  # a change of more than half against last round needs a reason
# FigureValue columns are numeric(14, 2): twelve integer digits. A bigger number typed or
# pasted (e.g. from Excel) must be refused here, not overflow in PostgreSQL as a 500.
MAX_FIGURE = Decimal(10) ** 12


# --------------------------------------------------------------------------------------
# Errors that carry what the user needs to fix
# --------------------------------------------------------------------------------------
@dataclass
class Problem:
    field: str  # element code, "narrative:<name>", "activity:<pk>" or "" for the whole report
    message: str


class SubmissionInvalid(ValidationError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([p.message for p in problems])


@dataclass
class OtherChange:
    field: str
    label: str
    by: str
    at: datetime.datetime
    value: str


class EditConflict(Exception):
    """Someone else saved this report since the user loaded it."""

    def __init__(self, changes: list[OtherChange], current_version: int) -> None:
        self.changes = changes
        self.current_version = current_version
        names = ", ".join(sorted({c.by for c in changes}))
        super().__init__(
            f"{names} vừa lưu báo cáo này sau khi bạn mở trang. Thay đổi của bạn chưa được "
            "lưu, để không ghi đè lên số liệu của người khác."
        )


@dataclass
class FigureInput:
    """What the user typed for one element (raw strings, as from a form or a sheet)."""

    total: object = None
    women: object = None
    value: object = None
    explanation: str | None = None


@dataclass
class DraftChanges:
    figures: dict[str, FigureInput] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------
def required_agencies_default(province: Agency, on: datetime.date) -> QuerySet[Agency]:
    """All departments of the province that exist on the last day of the data window."""
    return Agency.objects.filter(parent=province, kind=Agency.Kind.DEPARTMENT).active_on(on)


@transaction.atomic
def round_open(
    *,
    province: Agency,
    year: int,
    kind: str,
    actor,
    deadline: datetime.date | None = None,
    window: tuple[datetime.date, datetime.date] | None = None,
    agencies: Iterable[Agency] | None = None,
    elements: Iterable[DataElement] | None = None,
) -> ReportingRound:
    if not Access(actor).can(Action.REVIEW, province):
        raise PermissionDenied
    if province.kind != Agency.Kind.PROVINCE:
        raise ValidationError({"province": "Kỳ báo cáo được mở cho một tỉnh."})
    if kind not in ReportingRound.Kind.values:
        raise ValidationError({"kind": "Chọn sơ kết 6 tháng hoặc tổng kết năm."})
    start, end = window or ReportingRound.default_window(year, kind)
    if end < start:
        raise ValidationError({"window_end": "Ngày kết thúc số liệu phải sau ngày bắt đầu."})
    deadline = deadline or ReportingRound.default_deadline(year, kind)
    if ReportingRound.objects.filter(province=province, year=year, kind=kind).exists():
        raise ValidationError(
            {"year": f"Kỳ {ReportingRound.Kind(kind).label.lower()} năm {year} đã được mở."}
        )
    agency_list = list(
        agencies if agencies is not None else required_agencies_default(province, end)
    )
    for agency in agency_list:
        if agency.province.pk != province.pk:
            raise ValidationError({"agencies": f"{agency.name} không thuộc {province.name}."})
    if not agency_list:
        raise ValidationError({"agencies": "Chọn ít nhất một cơ quan phải báo cáo."})
    element_list = list(
        elements if elements is not None else DataElement.objects.filter(active=True)
    )
    if not element_list:
        raise ValidationError({"elements": "Chọn ít nhất một số liệu cần báo cáo."})

    rnd = ReportingRound.objects.create(
        province=province,
        year=year,
        kind=kind,
        window_start=start,
        window_end=end,
        deadline=deadline,
        opened_by=actor,
    )
    rnd.elements.set(element_list)
    Submission.objects.bulk_create(
        [Submission(round=rnd, agency=a, agency_name=a.name) for a in agency_list]
    )
    notifications.round_opened(rnd)
    return rnd


# --------------------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------------------
def _lock(submission: Submission) -> Submission:
    """Re-read the submission under a row lock so concurrent saves queue up."""
    return (
        Submission.objects.select_for_update()
        .select_related("round", "agency")
        .get(pk=submission.pk)
    )


def _require_editable(submission: Submission, actor) -> None:
    if not Access(actor).can(Action.EDIT, submission.agency):
        raise PermissionDenied
    if not submission.is_editable:
        raise ValidationError(
            f"Báo cáo đang ở trạng thái “{submission.get_status_display()}” nên không sửa được."
        )


def _others_changes_since(submission: Submission, base_version: int, actor) -> list[OtherChange]:
    changes: list[OtherChange] = []
    figure_hist = (
        FigureValue.history.filter(submission_id=submission.pk, changed_in_version__gt=base_version)
        .exclude(history_user=actor)
        .select_related("history_user")
        .order_by("history_date")
    )
    elements = {
        e.pk: e for e in DataElement.objects.filter(pk__in=figure_hist.values("element_id"))
    }
    for h in figure_hist:
        el = elements.get(h.element_id)
        if el is None:
            continue
        if el.kind == DataElement.Kind.SEX:
            shown = f"tổng số {format_number(h.total)}, nữ {format_number(h.women)}"
        else:
            shown = format_number(h.value)
        changes.append(OtherChange(el.code, el.name, _name(h.history_user), h.history_date, shown))
    sub_hist = (
        Submission.history.filter(id=submission.pk, version__gt=base_version)
        .exclude(history_user=actor)
        .select_related("history_user")
        .order_by("history_date")
    )
    previous = (
        Submission.history.filter(id=submission.pk, version__lte=base_version)
        .order_by("-history_date")
        .first()
    )
    for h in sub_hist:
        for name in Submission.NARRATIVE_FIELDS:
            # Rounds create submissions in bulk, without a history row: before the first
            # recorded save every narrative section was blank.
            before = getattr(previous, name) if previous is not None else ""
            if getattr(h, name) != before:
                label = str(Submission._meta.get_field(name).verbose_name)
                changes.append(
                    OtherChange(
                        f"narrative:{name}",
                        label,
                        _name(h.history_user),
                        h.history_date,
                        getattr(h, name)[:200],
                    )
                )
        previous = h
    return changes


def _name(user) -> str:
    if user is None:
        return "Một người dùng khác"
    return user.get_full_name() or user.username


def _bounded(value: Decimal | None) -> Decimal | None:
    if value is not None and value >= MAX_FIGURE:
        raise ValidationError(
            f"“{format_number(value)}” quá lớn; kiểm tra lại số liệu (tối đa 12 chữ số)."
        )
    return value


def _clean_figure(element: DataElement, data: FigureInput) -> dict[str, Decimal | None]:
    """Parse and check one element's input; raise ValidationError naming the field."""
    label = element.name
    try:
        if element.kind == DataElement.Kind.SEX:
            total = _bounded(parse_count(data.total))
            women = _bounded(parse_count(data.women))
            if total is not None and women is not None and women > total:
                raise ValidationError(
                    f"{element.part_label} ({format_number(women)}) lớn hơn "
                    f"{element.total_label.lower()} ({format_number(total)})."
                )
            if women is not None and total is None:
                raise ValidationError(f"Nhập cả {element.total_label.lower()}, không chỉ số nữ.")
            return {"total": total, "women": women, "value": None}
        if element.kind == DataElement.Kind.YESNO:
            return {"total": None, "women": None, "value": parse_yesno(data.value)}
        return {"total": None, "women": None, "value": _bounded(parse_count(data.value))}
    except ValidationError as exc:
        raise ValidationError({element.code: [f"{label}: {m}" for m in exc.messages]}) from exc


@transaction.atomic
def submission_save_draft(
    *, submission: Submission, actor, base_version: int, changes: DraftChanges
) -> Submission:
    """Store what the user typed (autosave or the Save button).

    Refuses, storing nothing, when a figure is invalid or when someone else saved since
    `base_version` (EditConflict lists what they changed)."""
    submission = _lock(submission)
    _require_editable(submission, actor)
    if base_version != submission.version:
        others = _others_changes_since(submission, base_version, actor)
        if others:
            raise EditConflict(others, submission.version)

    allowed = {e.code: e for e in submission.round.elements.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, tuple[DataElement, dict, str | None]] = {}
    for code, data in changes.figures.items():
        element = allowed.get(code)
        if element is None:
            errors.setdefault("__all__", []).append(f"Số liệu “{code}” không thuộc kỳ báo cáo này.")
            continue
        try:
            cleaned[code] = (element, _clean_figure(element, data), data.explanation)
        except ValidationError as exc:
            for key, msgs in exc.message_dict.items():
                errors.setdefault(key, []).extend(msgs)
    for name in changes.narrative:
        if name not in Submission.NARRATIVE_FIELDS:
            errors.setdefault("__all__", []).append(f"Mục “{name}” không có trong báo cáo.")
    if errors:
        raise ValidationError(errors)

    new_version = submission.version + 1
    existing = {f.element_id: f for f in submission.figures.all()}
    touched = False
    for element, values, explanation in cleaned.values():
        fig = existing.get(element.pk)
        if fig is None:
            fig = FigureValue(submission=submission, element=element)
        before = (fig.total, fig.women, fig.value, fig.explanation)
        for key, val in values.items():
            setattr(fig, key, val)
        if explanation is not None:
            fig.explanation = explanation.strip()
        if fig.pk and before == (fig.total, fig.women, fig.value, fig.explanation):
            continue
        fig.changed_in_version = new_version
        fig.updated_by = actor
        fig._history_user = actor
        fig.save()
        touched = True
    for name, text in changes.narrative.items():
        if getattr(submission, name) != text:
            setattr(submission, name, text)
            touched = True
    if touched:
        submission.version = new_version
        submission.updated_by = actor
        submission._history_user = actor
        submission.save()
    return submission


# --------------------------------------------------------------------------------------
# Validation for submission
# --------------------------------------------------------------------------------------
def _changed_a_lot(old: Decimal | None, new: Decimal | None) -> bool:
    if old is None or new is None:
        return False
    if old == 0:
        return new > 0 and new >= 2  # from nothing to several is worth a word
    return abs(new - old) / old > BIG_CHANGE


def big_change_message(
    element: DataElement,
    previous: FigureValue,
    *,
    total: Decimal | None,
    women: Decimal | None,
    value: Decimal | None,
) -> str:
    """Why a figure needs an explanation: its first part that moved by more than half
    against last round's `previous`; "" when none did. Shared with the entry page, which
    asks it about what is typed before it is saved."""
    pairs = (
        [(element.total_label, previous.total, total), (element.part_label, previous.women, women)]
        if element.kind == DataElement.Kind.SEX
        else [("giá trị", previous.value, value)]
    )
    for label, old, new in pairs:
        if _changed_a_lot(old, new):
            way = "lên" if new > old else "xuống"
            return (
                f"{element.name}: {label.lower()} thay đổi từ {format_number(old)} {way} "
                f"{format_number(new)} so với kỳ trước (quá 50%). Ghi giải trình lý do."
            )
    return ""


def submission_problems(
    submission: Submission,
    *,
    elements: Sequence[DataElement] | None = None,
    figures: Mapping[int, FigureValue] | None = None,
    previous: Mapping[int, FigureValue] | None = None,
) -> list[Problem]:
    """Everything that stops this report from being submitted, in the page's order.

    `elements` (all of the round's, in the page's order), `figures` (the report's, by
    element id) and `previous` (last round's, by element id): what the caller already
    loaded (the entry page), so they are not read twice; read here when omitted."""
    problems: list[Problem] = []
    if elements is None:
        elements = list(
            submission.round.elements.select_related("domain").order_by("domain__number", "order")
        )
    if figures is None:
        figures = {f.element_id: f for f in submission.figures.all()}
    if previous is None:
        previous = previous_figures(submission)
    for el in elements:
        fig = figures.get(el.pk)
        filled = fig is not None and (
            (el.kind == DataElement.Kind.SEX and fig.total is not None and fig.women is not None)
            or (el.kind != DataElement.Kind.SEX and fig.value is not None)
        )
        if el.required and not filled:
            what = (
                f"{el.total_label.lower()} và {el.part_label.lower()}"
                if el.kind == DataElement.Kind.SEX
                else "giá trị"
            )
            problems.append(Problem(el.code, f"{el.name}: chưa nhập {what}."))
            continue
        if not filled or fig.explanation.strip():
            continue
        prev = previous.get(el.pk)
        if prev is None:
            continue
        message = big_change_message(el, prev, total=fig.total, women=fig.women, value=fig.value)
        if message:
            problems.append(Problem(el.code, message))
    # A ratio that leaves 0–100% (e.g. more women trained than women on staff) is either a
    # typo or needs explaining.
    values = {el.code: figures.get(el.pk) for el in elements}
    ratio_indicators = Indicator.objects.filter(
        kind=Indicator.Kind.RATIO,
        numerator__in=elements,
        denominator__in=elements,
    ).select_related("numerator", "denominator")
    for ind in ratio_indicators:
        num = _part(values.get(ind.numerator.code), ind.numerator_part)
        den = _part(values.get(ind.denominator.code), ind.denominator_part)
        if num is None or den is None or den == 0:
            continue
        if num > den:
            fig = values.get(ind.numerator.code)
            if fig is not None and not fig.explanation.strip():
                problems.append(
                    Problem(
                        ind.numerator.code,
                        f"{ind.name}: {format_number(num)}/{format_number(den)} vượt quá 100%. "
                        "Kiểm tra lại hoặc ghi giải trình.",
                    )
                )
    for act in submission.activities.all():
        if act.participants_women > act.participants_total:
            problems.append(
                Problem(f"activity:{act.pk}", f"Hoạt động “{act.title}”: số nữ lớn hơn tổng số.")
            )
    if not submission.results.strip():
        problems.append(Problem("narrative:results", "Chưa viết phần “Kết quả đạt được”."))
    return problems


def _part(fig: FigureValue | None, part: str) -> Decimal | None:
    if fig is None:
        return None
    if part == Indicator.Part.TOTAL:
        return fig.total
    if part == Indicator.Part.WOMEN:
        return fig.women
    if part == Indicator.Part.MEN:
        return fig.men
    if part == Indicator.Part.REPORTING:
        return None if fig.value is None else Decimal(1)
    return fig.value


# --------------------------------------------------------------------------------------
# Workflow
# --------------------------------------------------------------------------------------
def _transition(
    submission: Submission, actor, to: str, note: str = "", snapshot=None
) -> SubmissionEvent:
    event = SubmissionEvent.objects.create(
        submission=submission,
        actor=actor,
        from_status=submission.status,
        to_status=to,
        note=note,
        snapshot=snapshot,
    )
    submission.status = to
    submission._history_user = actor
    submission.save()
    return event


@transaction.atomic
def submission_submit(*, submission: Submission, actor) -> Submission:
    submission = _lock(submission)
    _require_editable(submission, actor)
    problems = submission_problems(submission)
    if problems:
        raise SubmissionInvalid(problems)
    now = timezone.now()
    submission.submitted_at = now
    submission.first_submitted_at = submission.first_submitted_at or now
    _transition(submission, actor, Submission.Status.SUBMITTED)
    notifications.submitted(submission)
    return submission


@transaction.atomic
def submission_approve(*, submission: Submission, actor) -> Submission:
    submission = _lock(submission)
    if not Access(actor).can(Action.APPROVE, submission.agency):
        raise PermissionDenied
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError("Chỉ duyệt được báo cáo chuyên viên đã gửi.")
    submission.approved_at = timezone.now()
    _transition(submission, actor, Submission.Status.APPROVED)
    notifications.approved(submission)
    return submission


@transaction.atomic
def submission_send_back(*, submission: Submission, actor, reason: str) -> Submission:
    """The leader sends a submitted report back to the clerk before approving it."""
    submission = _lock(submission)
    if not Access(actor).can(Action.APPROVE, submission.agency):
        raise PermissionDenied
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError("Chỉ trả lại được báo cáo đang chờ lãnh đạo duyệt.")
    if not reason.strip():
        raise ValidationError({"reason": "Ghi lý do để chuyên viên biết cần sửa gì."})
    _transition(submission, actor, Submission.Status.DRAFT, note=reason.strip())
    return submission


def snapshot_of(submission: Submission) -> dict:
    """The content as the committee saw it, to show what changed on resubmission."""
    return {
        "figures": {
            f.element.code: {
                "total": _s(f.total),
                "women": _s(f.women),
                "value": _s(f.value),
                "explanation": f.explanation,
            }
            for f in submission.figures.select_related("element")
        },
        "narrative": {n: getattr(submission, n) for n in Submission.NARRATIVE_FIELDS},
        "activities": [
            [a.held_on.isoformat(), a.kind, a.title, a.participants_total, a.participants_women]
            for a in submission.activities.all()
        ],
    }


def _s(value: Decimal | None) -> str | None:
    return (
        None if value is None else str(value.normalize() if value == value.to_integral() else value)
    )


@transaction.atomic
def submission_return(
    *, submission: Submission, actor, reason: str, comments: Mapping[str, str] | None = None
) -> Submission:
    submission = _lock(submission)
    if not Access(actor).can(Action.REVIEW, submission.agency):
        raise PermissionDenied
    if submission.status not in (Submission.Status.SUBMITTED, Submission.Status.APPROVED):
        raise ValidationError("Chỉ trả lại được báo cáo đã gửi mà chưa tiếp nhận.")
    if not reason.strip():
        raise ValidationError({"reason": "Ghi lý do trả lại để cơ quan biết cần sửa gì."})
    valid_fields = {e.code for e in submission.round.elements.all()} | {
        f"narrative:{n}" for n in Submission.NARRATIVE_FIELDS
    }
    comments = {k: v.strip() for k, v in (comments or {}).items() if v and v.strip()}
    unknown = [k for k in comments if k not in valid_fields]
    if unknown:
        raise ValidationError({"comments": f"Không có trường {', '.join(unknown)} trong báo cáo."})
    event = _transition(
        submission,
        actor,
        Submission.Status.RETURNED,
        note=reason.strip(),
        snapshot=snapshot_of(submission),
    )
    FieldComment.objects.bulk_create(
        [
            FieldComment(submission=submission, event=event, field=k, text=v, author=actor)
            for k, v in comments.items()
        ]
    )
    notifications.returned(submission, reason.strip())
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, actor) -> Submission:
    submission = _lock(submission)
    if not Access(actor).can(Action.REVIEW, submission.agency):
        raise PermissionDenied
    if submission.status != Submission.Status.APPROVED:
        raise ValidationError("Chỉ tiếp nhận được báo cáo đã được lãnh đạo cơ quan duyệt.")
    submission.accepted_at = timezone.now()
    _transition(submission, actor, Submission.Status.ACCEPTED)
    notifications.accepted(submission)
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, actor, reason: str) -> Submission:
    """Unlock an accepted report; the reason is recorded and shown to the agency."""
    submission = _lock(submission)
    if not Access(actor).can(Action.REVIEW, submission.agency):
        raise PermissionDenied
    if submission.status != Submission.Status.ACCEPTED:
        raise ValidationError("Chỉ mở lại được báo cáo đã tiếp nhận.")
    if not reason.strip():
        raise ValidationError({"reason": "Mở lại báo cáo đã tiếp nhận phải ghi lý do."})
    submission.accepted_at = None
    _transition(
        submission,
        actor,
        Submission.Status.RETURNED,
        note=f"Mở lại: {reason.strip()}",
        snapshot=snapshot_of(submission),
    )
    notifications.returned(submission, reason.strip())
    return submission


# --------------------------------------------------------------------------------------
# Activities, task progress, evidence
# --------------------------------------------------------------------------------------
@transaction.atomic
def activity_save(
    *,
    submission: Submission,
    actor,
    held_on: datetime.date,
    kind: str,
    title: str,
    participants_total: int,
    participants_women: int,
    held_until: datetime.date | None = None,
    activity: Activity | None = None,
) -> Activity:
    submission = _lock(submission)
    _require_editable(submission, actor)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Nhập tên hoạt động."
    if kind not in Activity.Kind.values:
        errors["kind"] = "Chọn loại hoạt động."
    if participants_total < 0 or participants_women < 0:
        errors["participants_total"] = "Số người tham gia không được âm."
    elif participants_women > participants_total:
        errors["participants_women"] = (
            f"Số nữ ({participants_women}) lớn hơn tổng số người tham gia ({participants_total})."
        )
    if held_until and held_until < held_on:
        errors["held_until"] = "Ngày kết thúc phải sau ngày bắt đầu."
    rnd = submission.round
    if not (rnd.window_start <= held_on <= rnd.window_end):
        errors["held_on"] = (
            f"Ngày {held_on:%d/%m/%Y} nằm ngoài kỳ số liệu "
            f"{rnd.window_start:%d/%m/%Y} – {rnd.window_end:%d/%m/%Y}."
        )
    if errors:
        raise ValidationError(errors)
    if activity is not None and activity.submission_id != submission.pk:
        raise PermissionDenied
    activity = activity or Activity(submission=submission)
    activity.held_on, activity.held_until, activity.kind = held_on, held_until, kind
    activity.title = title.strip()
    activity.participants_total, activity.participants_women = (
        participants_total,
        participants_women,
    )
    activity._history_user = actor
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    submission = _lock(activity.submission)
    _require_editable(submission, actor)
    activity._history_user = actor
    activity.delete()


@transaction.atomic
def task_progress_set(
    *, submission: Submission, actor, task: Task, status: str, note: str = ""
) -> TaskProgress:
    submission = _lock(submission)
    _require_editable(submission, actor)
    if status not in TaskProgress.Status.values:
        raise ValidationError({"status": "Chọn tiến độ của nhiệm vụ."})
    if task.plan.agency_id != submission.agency_id:
        raise ValidationError({"task": "Nhiệm vụ không thuộc kế hoạch của cơ quan."})
    progress, _ = TaskProgress.objects.get_or_create(submission=submission, task=task)
    progress.status, progress.note = status, note.strip()
    progress._history_user = actor
    progress.save()
    return progress


def evidence_add(
    *, submission: Submission, actor, upload: UploadedFile, description: str = ""
) -> Evidence:
    """Store an evidence file and its row: both or neither. The file is written first
    (AtomicFileSystemStorage: complete or absent); if the row then cannot be stored or the
    transaction does not commit (database gone, constraint), the file is removed again."""
    stored: list = []
    try:
        return _evidence_add(
            submission=submission,
            actor=actor,
            upload=upload,
            description=description,
            stored=stored,
        )
    except BaseException:
        for field_file in stored:
            field_file.delete(save=False)
        raise


@transaction.atomic
def _evidence_add(
    *, submission: Submission, actor, upload: UploadedFile, description: str, stored: list
) -> Evidence:
    submission = _lock(submission)
    _require_editable(submission, actor)
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"file": f"Tệp quá lớn ({upload.size // 1024 // 1024} MB). Giới hạn là 10 MB."}
        )
    head = upload.read(8192)
    upload.seek(0)
    content_type = sniff_evidence_type(head, upload)
    if content_type is None:
        raise ValidationError(
            {
                "file": "Chỉ nhận tệp PDF, Word, Excel hoặc ảnh (JPEG, PNG). Nội dung tệp này "
                "không thuộc loại nào trong số đó."
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    # Keep only the last path part of the name the browser sent: names are shown, never used
    # as paths; control characters (a line break would break the download's header) go.
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:200].strip() or "tep-dinh-kem"
    evidence = Evidence(
        submission=submission,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        description=description.strip()[:255],
        uploaded_by=actor,
    )
    evidence.file.save("upload", upload, save=False)
    stored.append(evidence.file)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor) -> None:
    submission = _lock(evidence.submission)
    _require_editable(submission, actor)
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def may_read_submission(acc: Access, submission: Submission) -> bool:
    """Who may read a report (review pages, its documents): the agency's own people
    always; the committee of its province only once the report has been sent at least
    once (a never-sent draft is nobody else's business)."""
    if acc.is_superuser or acc.can(Action.EDIT, submission.agency):
        return True
    return acc.can(Action.REVIEW, submission.agency) and submission.first_submitted_at is not None
