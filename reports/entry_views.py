"""The data entry page of one agency's report (journey 1: chị Lan fills the report).

One page: header and what is still missing, the figures by domain with last round's value
and the plan's target beside each, activities held, task progress, the narrative
sections, evidence files, and the submit button. Each figure, narrative section and task
autosaves through a small HTMX endpoint that re-renders only its own block; the "Lưu"
button posts the whole form, so the page also works without JavaScript.

Views stay thin: load through the access helper, read the POST with
`reports.forms_entry`, call `reports.services`, render or redirect. The rest of this
module only assembles what the templates show.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from genderplan.access import Action, access, login_required_view
from genderplan.forms import apply_service_errors
from genderplan.ui import is_htmx, remember_saved
from indicators.models import DataElement, Indicator
from plans.evaluation import Evaluation, Status, evaluate, spec_from_target
from plans.evaluation import format_number as format_target_number
from plans.models import Target, Task
from reports import forms_entry, services
from reports.models import (
    Activity,
    Evidence,
    FieldComment,
    FigureValue,
    Submission,
    SubmissionEvent,
    TaskProgress,
)
from reports.parsing import format_number, parse_count
from reports.reading import NARRATIVE_LABELS, round_elements
from reports.selectors import previous_submission

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------
# Loading with the access rules of this page
# --------------------------------------------------------------------------------------
_SUBMISSION_QS = Submission.objects.select_related(
    "round", "round__province", "agency", "agency__parent", "agency__parent__parent", "updated_by"
)


def _load(request: HttpRequest, pk: int, *, write: bool = False) -> Submission:
    """The submission if the user may see this page: its agency's staff and leaders
    always; others who may read the agency (the committee) only once it was sent to
    them — a draft is the agency's own business (404). Writes by readers: 403."""
    acc = access(request)
    submission = get_object_or_404(_SUBMISSION_QS, pk=pk)
    acc.require(Action.READ, submission.agency)
    if not acc.can(Action.EDIT, submission.agency):
        if submission.first_submitted_at is None:
            raise Http404
        if write:
            raise PermissionDenied
    return submission


def _can_edit(request: HttpRequest, submission: Submission) -> bool:
    return access(request).can(Action.EDIT, submission.agency) and submission.is_editable


def keep_key(submission: Submission) -> str:
    """The form keeper's key for this page's form (static/js/app.js, entry.js)."""
    return f"submission-{submission.pk}"


def _entry_url(submission: Submission, anchor: str = "") -> str:
    url = reverse("submission_entry", args=[submission.pk])
    return f"{url}#{anchor}" if anchor else url


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


# --------------------------------------------------------------------------------------
# What the page shows
# --------------------------------------------------------------------------------------
def anchor_for(problem_field: str) -> str:
    """The id of the block a problem (or comment) is about."""
    if problem_field.startswith("narrative:"):
        return f"narrative-{problem_field.split(':', 1)[1]}"
    if problem_field.startswith("activity:"):
        return f"activity-{problem_field.split(':', 1)[1]}"
    return f"fig-{problem_field}" if problem_field else ""


@dataclass
class ProblemLine:
    message: str
    anchor: str


def _problem_lines(problems: list[services.Problem]) -> list[ProblemLine]:
    return [ProblemLine(p.message, anchor_for(p.field)) for p in problems]


def _part_value(figure: FigureValue | None, part: str) -> Decimal | None:
    if figure is None:
        return None
    return {
        Indicator.Part.TOTAL: figure.total,
        Indicator.Part.WOMEN: figure.women,
        Indicator.Part.MEN: figure.men,
        Indicator.Part.VALUE: figure.value,
    }.get(part)


def _indicator_value(indicator: Indicator, figures: Mapping[int, FigureValue]) -> Decimal | None:
    """The agency's own value of a ratio or count indicator; None when not computable
    (missing data is never zero)."""
    num = _part_value(figures.get(indicator.numerator_id), indicator.numerator_part)
    if num is None:
        return None
    if indicator.kind == Indicator.Kind.RATIO:
        den = _part_value(figures.get(indicator.denominator_id), indicator.denominator_part)
        if den is None or den == 0:
            return None
        return num / den * 100
    return num


_SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


@dataclass
class TargetLine:
    """A target of the agency's plan measured by an indicator whose numerator is this
    element: the requirement for the round's year, and how the saved figures stand."""

    target: Target
    requirement: str  # "≥ 35%"
    when: str  # "năm 2025", "mốc năm 2030"
    evaluation: Evaluation | None
    # For the live check in static/js/entry.js ("" when it cannot be checked live).
    numerator: str = ""  # "<element code>:<part>"
    denominator: str = ""
    comparator: str = ""
    value: str = ""
    value_high: str = ""
    unit: str = "%"

    @property
    def has_result(self) -> bool:
        return self.evaluation is not None and self.evaluation.status not in (
            Status.NO_DATA,
            Status.NOT_DUE,
            Status.QUALITATIVE,
        )


def _unit_of(target: Target, indicator: Indicator) -> str:
    # A count target left at the model's default "%" would read "2%" of an activity.
    if indicator.kind != Indicator.Kind.RATIO and target.unit in ("", "%"):
        return indicator.numerator.unit
    return target.unit


def _target_line(
    target: Target,
    year: int,
    current: Mapping[int, FigureValue],
    previous: Mapping[int, FigureValue],
    previous_year: int | None,
) -> TargetLine:
    indicator = target.indicator
    measurable = indicator.kind in (Indicator.Kind.RATIO, Indicator.Kind.COUNT) and (
        indicator.numerator_part != Indicator.Part.REPORTING
    )
    if not measurable or target.kind == Target.Kind.QUALITATIVE:
        return TargetLine(target, target.wording, "", None)
    values: dict[int, Decimal] = {}
    now = _indicator_value(indicator, current)
    if now is not None:
        values[year] = now
    if previous_year is not None and previous_year < year:
        before = _indicator_value(indicator, previous)
        if before is not None:
            values[previous_year] = before
    evaluation = evaluate(spec_from_target(target), values, year)
    if evaluation.required is None:  # no milestone entered: nothing to compare with
        return TargetLine(target, target.wording, "", evaluation)
    unit = _unit_of(target, indicator)
    amount = format_target_number(evaluation.required)
    if evaluation.comparator == Target.Comparator.RANGE:
        high = evaluation.required_high
        text = f"{amount}–{format_target_number(high)}" if high is not None else f"≥ {amount}"
    else:
        text = f"{_SYMBOL.get(evaluation.comparator, '')} {amount}".strip()
    text = f"{text}%" if unit == "%" else f"{text} {unit}"
    due = evaluation.due_year
    when = (
        f"năm {year}"
        if due is None or due == year
        else (f"mốc năm {due}" if due > year else f"từ năm {due}")
    )
    den = ""
    if indicator.kind == Indicator.Kind.RATIO and indicator.denominator is not None:
        den = f"{indicator.denominator.code}:{indicator.denominator_part}"
    return TargetLine(
        target,
        text,
        when,
        evaluation,
        numerator=f"{indicator.numerator.code}:{indicator.numerator_part}",
        denominator=den,
        comparator=evaluation.comparator,
        value=str(evaluation.required),
        value_high="" if evaluation.required_high is None else str(evaluation.required_high),
        unit=unit,
    )


def _share(total: Decimal | None, women: Decimal | None) -> str:
    if total is None or women is None or total == 0 or women > total:
        return ""
    return f"{format_number(women / total * 100, 1)}%"


@dataclass
class FigureRow:
    element: DataElement
    inputs: dict[str, str]
    figure: FigureValue | None
    previous: FigureValue | None
    targets: list[TargetLine] = field(default_factory=list)
    comments: list[FieldComment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: list[services.OtherChange] = field(default_factory=list)
    saved_at: datetime.datetime | None = None

    @property
    def code(self) -> str:
        return self.element.code

    @property
    def is_sex(self) -> bool:
        return self.element.kind == DataElement.Kind.SEX

    @property
    def is_yesno(self) -> bool:
        return self.element.kind == DataElement.Kind.YESNO

    @property
    def names(self) -> dict[str, str]:
        return {
            p: forms_entry.figure_name(self.code, p)
            for p in ("total", "women", "value", "explanation")
        }

    @property
    def params(self) -> str:
        """The fields one autosave posts (hx-params): this element's and the version."""
        return ",".join([forms_entry.BASE_VERSION, *forms_entry.figure_names(self.element)])

    def _typed(self, part: str) -> Decimal | None:
        try:
            return parse_count(self.inputs.get(part))
        except ValidationError:
            return None

    @property
    def men(self) -> str:
        total, women = self._typed("total"), self._typed("women")
        if total is None or women is None or women > total:
            return ""
        return format_number(total - women)

    @property
    def share(self) -> str:
        return _share(self._typed("total"), self._typed("women"))

    @property
    def typed_text(self) -> str:
        """What the user typed, to repeat it when it could not be saved."""
        if self.is_sex:
            return (
                f"tổng số {self.inputs.get('total') or '—'}, nữ {self.inputs.get('women') or '—'}"
            )
        if self.is_yesno:
            return {"1": "Có", "0": "Không"}.get(self.inputs.get("value", ""), "—")
        return self.inputs.get("value") or "—"

    @property
    def previous_text(self) -> str:
        prev = self.previous
        if prev is None:
            return ""
        if self.is_sex:
            if prev.total is None:
                return ""
            text = f"tổng số {format_number(prev.total)}, nữ {format_number(prev.women)}"
            share = _share(prev.total, prev.women)
            return f"{text} ({share} nữ)" if share else text
        if prev.value is None:
            return ""
        if self.is_yesno:
            return "Có" if prev.value else "Không"
        return f"{format_number(prev.value)} {self.element.unit}"

    def _previous_attr(self, value: Decimal | None) -> str:
        return "" if value is None else forms_entry.plain(value).replace(".", "")

    @property
    def previous_total(self) -> str:
        return self._previous_attr(self.previous.total if self.previous else None)

    @property
    def previous_women(self) -> str:
        return self._previous_attr(self.previous.women if self.previous else None)

    @property
    def previous_value(self) -> str:
        return self._previous_attr(self.previous.value if self.previous else None)

    @property
    def big_change(self) -> str:
        """The message the service gives when what is typed moved by more than half
        against last round, "" otherwise (a yes/no answer is never asked to explain)."""
        if self.previous is None or self.is_yesno:
            return ""
        return services.big_change_message(
            self.element,
            self.previous,
            total=self._typed("total"),
            women=self._typed("women"),
            value=self._typed("value"),
        )

    @property
    def show_explanation(self) -> bool:
        return bool(self.inputs.get("explanation", "").strip() or self.big_change)


@dataclass
class NarrativeRow:
    name: str
    label: str
    text: str
    help: str
    comments: list[FieldComment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: list[services.OtherChange] = field(default_factory=list)
    saved_at: datetime.datetime | None = None

    @property
    def input_name(self) -> str:
        return forms_entry.narrative_name(self.name)

    @property
    def params(self) -> str:
        return f"{forms_entry.BASE_VERSION},{self.input_name}"


NARRATIVE_HELP = {
    "results": "Những việc đã làm và kết quả nổi bật trong kỳ, nêu số liệu cụ thể.",
    "shortcomings": "Những việc chưa làm được, chỉ tiêu chưa đạt.",
    "causes": "Nguyên nhân khách quan và chủ quan của tồn tại, hạn chế.",
    "directions": "Nhiệm vụ, giải pháp trọng tâm của kỳ tới.",
    "proposals": "Đề xuất, kiến nghị với Ban VSTBPN tỉnh, UBND tỉnh và các cơ quan liên quan.",
}


@dataclass
class TaskRow:
    task: Task
    status: str
    note: str
    errors: list[str] = field(default_factory=list)
    saved_at: datetime.datetime | None = None

    @property
    def names(self) -> dict[str, str]:
        return {p: forms_entry.task_name(self.task.pk, p) for p in ("status", "note")}

    @property
    def params(self) -> str:
        return ",".join(self.names.values())


@dataclass
class ReturnInfo:
    event: SubmissionEvent
    by_committee: bool
    comments: dict[str, list[FieldComment]]


def _return_info(submission: Submission) -> ReturnInfo | None:
    """Why the report is back with the agency, if it is: the committee's return (with
    comments per field) or the leader's send-back."""
    if not submission.is_editable:
        return None
    event = (
        submission.events.select_related("actor")
        .prefetch_related(Prefetch("comments", queryset=FieldComment.objects.order_by("pk")))
        .order_by("-at", "-pk")
        .first()
    )
    if event is None or event.to_status not in Submission.EDITABLE or not event.note:
        return None
    comments: dict[str, list[FieldComment]] = defaultdict(list)
    for comment in event.comments.all():
        comments[comment.field].append(comment)
    return ReturnInfo(event, event.to_status == Submission.Status.RETURNED, dict(comments))


@dataclass
class PageData:
    """Everything loaded once for the page (or for one block of it)."""

    submission: Submission
    elements: list[DataElement]
    figures: dict[int, FigureValue]
    previous: dict[int, FigureValue]
    previous_submission: Submission | None
    targets: dict[int, list[Target]]
    returned: ReturnInfo | None
    problems: list[services.Problem]

    @classmethod
    def load(cls, submission: Submission, *, elements: list[DataElement] | None = None) -> PageData:
        """`elements`: only these (one block's autosave); all of the round's by default."""
        all_elements = elements is None
        if elements is None:
            elements = round_elements(submission)
        figures = {f.element_id: f for f in submission.figures.all()}
        prev_sub = previous_submission(submission)
        previous = {f.element_id: f for f in prev_sub.figures.all()} if prev_sub else {}
        targets: dict[int, list[Target]] = defaultdict(list)
        for target in (
            Target.objects.filter(
                **_plan_in_force(submission),
                indicator__numerator_id__in=[e.pk for e in elements],
            )
            .select_related("plan", "indicator", "indicator__numerator", "indicator__denominator")
            .prefetch_related("milestones")
            .order_by("plan__period_start", "plan_id", "order", "pk")
        ):
            targets[target.indicator.numerator_id].append(target)
        return cls(
            submission,
            elements,
            figures,
            previous,
            prev_sub,
            dict(targets),
            _return_info(submission),
            # The problems concern the whole report, even when one block is shown: the
            # elements loaded here are passed on only when they are all of them.
            services.submission_problems(
                submission,
                elements=elements if all_elements else None,
                figures=figures,
                previous=previous,
            ),
        )

    def problems_for(self, problem_field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == problem_field]

    def figure_row(
        self,
        element: DataElement,
        *,
        data: Mapping[str, str] | None = None,
        errors: list[str] | None = None,
        conflicts: list[services.OtherChange] | None = None,
        saved_at: datetime.datetime | None = None,
    ) -> FigureRow:
        figure = self.figures.get(element.pk)
        inputs = forms_entry.stored_inputs(element, figure)
        if data is not None:
            posted = forms_entry.posted_inputs(element, data)
            inputs |= {k: v for k, v in posted.items() if v is not None}
        year = self.submission.round.year
        prev_year = self.previous_submission.round.year if self.previous_submission else None
        return FigureRow(
            element,
            inputs,
            figure,
            self.previous.get(element.pk),
            targets=[
                _target_line(t, year, self.figures, self.previous, prev_year)
                for t in self.targets.get(element.pk, [])
            ],
            comments=(self.returned.comments.get(element.code, []) if self.returned else []),
            problems=self.problems_for(element.code),
            errors=errors or [],
            conflicts=conflicts or [],
            saved_at=saved_at,
        )

    def narrative_row(
        self,
        name: str,
        *,
        data: Mapping[str, str] | None = None,
        errors: list[str] | None = None,
        conflicts: list[services.OtherChange] | None = None,
        saved_at: datetime.datetime | None = None,
    ) -> NarrativeRow:
        text = getattr(self.submission, name)
        if data is not None:
            posted = forms_entry.narrative_text(name, data)
            text = text if posted is None else posted
        key = f"narrative:{name}"
        return NarrativeRow(
            name,
            NARRATIVE_LABELS[name],
            text,
            NARRATIVE_HELP.get(name, ""),
            comments=self.returned.comments.get(key, []) if self.returned else [],
            problems=self.problems_for(key),
            errors=errors or [],
            conflicts=conflicts or [],
            saved_at=saved_at,
        )


def _plan_in_force(submission: Submission) -> dict[str, object]:
    """Filter of a target's or task's plan: the agency's, with a period covering the
    round's year (the targets and the tasks the page shows must agree)."""
    year = submission.round.year
    return {
        "plan__agency_id": submission.agency_id,
        "plan__period_start__lte": year,
        "plan__period_end__gte": year,
    }


def _tasks(submission: Submission):
    """Every task of the agency's plans whose period covers the round's year."""
    return (
        Task.objects.filter(**_plan_in_force(submission))
        .select_related("plan", "section")
        .order_by("plan__period_start", "plan_id", "order", "pk")
    )


def _task_row(
    task: Task,
    progress: TaskProgress | None,
    *,
    data: Mapping[str, str] | None = None,
    errors: list[str] | None = None,
    saved_at: datetime.datetime | None = None,
) -> TaskRow:
    status = progress.status if progress else TaskProgress.Status.NOT_STARTED
    note = progress.note if progress else ""
    posted = forms_entry.task_input(task, data) if data is not None else None
    if posted is not None:
        status, note = posted.status, posted.note
    return TaskRow(task, status, note, errors or [], saved_at)


def _deadline_text(submission: Submission) -> tuple[str, str]:
    """("còn 6 ngày", "text-bg-warning") for the header."""
    if submission.first_submitted_at is not None and not submission.is_editable:
        sent = timezone.localtime(submission.first_submitted_at).strftime("%d/%m/%Y")
        if submission.is_late:
            return f"gửi ngày {sent}, quá hạn", "text-bg-danger"
        return f"gửi ngày {sent}, đúng hạn", "text-bg-success"
    days = (submission.round.deadline - timezone.localdate()).days
    if days > 0:
        return f"còn {days} ngày", "text-bg-warning" if days <= 7 else "text-bg-info"
    if days == 0:
        return "hạn cuối là hôm nay", "text-bg-danger"
    return f"quá hạn {-days} ngày", "text-bg-danger"


READ_ONLY_NOTICE = {
    Submission.Status.SUBMITTED: "Báo cáo đã gửi, chờ lãnh đạo duyệt. Trang chỉ để xem.",
    Submission.Status.APPROVED: (
        "Lãnh đạo đã duyệt, báo cáo chờ Ban VSTBPN tỉnh tiếp nhận. Trang chỉ để xem."
    ),
    Submission.Status.ACCEPTED: "Ban VSTBPN tỉnh đã tiếp nhận báo cáo; số liệu đã khóa.",
}


def _page_context(
    request: HttpRequest,
    submission: Submission,
    *,
    data: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
    conflict: services.EditConflict | None = None,
    submit_problems: list[services.Problem] | None = None,
    activity_form: forms_entry.ActivityForm | None = None,
) -> dict:
    page = PageData.load(submission)
    errors = errors or {}
    changes = conflict.changes if conflict else []
    show_problems = submit_problems is not None
    if submit_problems is not None:
        page.problems = submit_problems
    # On the whole page each block shows only the other person's changes to itself; the
    # banner at the top lists them all.
    rows = [
        page.figure_row(
            e,
            data=data,
            errors=errors.get(e.code),
            conflicts=[c for c in changes if c.field == e.code],
        )
        for e in page.elements
    ]
    domains: list[dict] = []
    for row in rows:
        if not domains or domains[-1]["domain"].pk != row.element.domain_id:
            domains.append({"domain": row.element.domain, "rows": []})
        domains[-1]["rows"].append(row)
    progress = {p.task_id: p for p in submission.task_progress.all()}
    tasks = [
        _task_row(t, progress.get(t.pk), data=data, errors=errors.get(f"task:{t.pk}"))
        for t in _tasks(submission)
    ]
    deadline_text, deadline_badge = _deadline_text(submission)
    editable = _can_edit(request, submission)
    general = list(errors.get("__all__", []))
    return {
        "submission": submission,
        "round": submission.round,
        "editable": editable,
        "keep_key": keep_key(submission),
        "domains": domains,
        "narratives": [
            page.narrative_row(
                n,
                data=data,
                errors=errors.get(f"narrative:{n}"),
                conflicts=[c for c in changes if c.field == f"narrative:{n}"],
            )
            for n in Submission.NARRATIVE_FIELDS
        ],
        "tasks": tasks,
        "task_statuses": TaskProgress.Status.choices,
        "activities": submission.activities.all(),
        "activity_form": activity_form or forms_entry.ActivityForm(),
        "evidence_list": submission.evidence.select_related("uploaded_by"),
        "evidence_form": forms_entry.EvidenceForm(),
        "problems": _problem_lines(page.problems),
        "submit_failed": show_problems,
        "general_errors": general,
        "conflict": conflict,
        "returned": page.returned,
        "previous_submission": page.previous_submission,
        "deadline_text": deadline_text,
        "deadline_badge": deadline_badge,
        "read_only_notice": READ_ONLY_NOTICE.get(submission.status, ""),
        "can_edit_agency": access(request).can(Action.EDIT, submission.agency),
        "detail_url": _url("submission_detail", submission.pk),
        "excel_download_url": _url("submission_excel_download", submission.pk),
        "excel_upload_url": _url("submission_excel_upload", submission.pk),
        "activity_kinds": Activity.Kind.choices,
    }


def _render_page(request: HttpRequest, submission: Submission, **kwargs) -> HttpResponse:
    return render(request, "reports/entry.html", _page_context(request, submission, **kwargs))


def _fragment(
    request: HttpRequest,
    submission: Submission,
    template: str,
    context: dict,
    *,
    page: PageData | None,
    saved: bool,
    conflict: services.EditConflict | None = None,
    new_version: bool = False,
) -> HttpResponse:
    """One block, plus out-of-band updates: the version the next autosave is based on
    (only after this user's own successful save, never to "catch up" past someone else's
    change), the list of what is still missing and the page-level conflict banner."""
    context = {
        **context,
        "submission": submission,
        "round": submission.round,
        "previous_submission": page.previous_submission if page else None,
        "editable": _can_edit(request, submission),
        "keep_key": keep_key(submission),
        "task_statuses": TaskProgress.Status.choices,
        "block_template": template,
        "oob_version": new_version,
        "problems": _problem_lines(page.problems) if page else None,
        "conflict": conflict,
    }
    response = render(request, "reports/_entry_response.html", context)
    if saved:
        remember_saved(request, keep_key(submission))
        # entry.js drops the browser's kept copy of the form once nothing typed is unsaved.
        response["HX-Trigger"] = json.dumps({"gp-saved": keep_key(submission)})
    return response


def _error_messages(exc: ValidationError, key: str) -> list[str]:
    if hasattr(exc, "error_dict"):
        found = exc.message_dict
        return found.get(key) or [m for msgs in found.values() for m in msgs]
    return exc.messages


STALE_PAGE = "Trang này đã cũ hoặc thiếu thông tin phiên bản. Tải lại trang rồi nhập lại."


def _locked_message(submission: Submission) -> str | None:
    """Why nothing can be saved, before even comparing values: a page left open while
    the report was sent must not say "Đã lưu" for values that happen to be unchanged."""
    if submission.is_editable:
        return None
    return (
        f"Báo cáo đang ở trạng thái “{submission.get_status_display()}” nên không sửa được. "
        "Tải lại trang để xem bản đã gửi."
    )


# --------------------------------------------------------------------------------------
# The page and the full-form save / submit
# --------------------------------------------------------------------------------------
@login_required_view
@require_GET
def submission_entry(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_page(request, _load(request, pk))


@dataclass
class _SaveOutcome:
    errors: dict[str, list[str]] = field(default_factory=dict)
    conflict: services.EditConflict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.conflict is None


def _save_form(request: HttpRequest, submission: Submission) -> _SaveOutcome:
    """Store what the whole form changed: figures and narrative in one draft save (all or
    nothing), then task progress."""
    data = request.POST
    locked = _locked_message(submission)
    if locked:
        return _SaveOutcome({"__all__": [locked]})
    version = forms_entry.base_version(data)
    if version is None:
        return _SaveOutcome({"__all__": [STALE_PAGE]})
    elements = list(submission.round.elements.all())
    figures = {f.element_id: f for f in submission.figures.all()}
    changes = forms_entry.draft_changes(
        submission=submission, elements=elements, figures=figures, data=data
    )
    if changes.figures or changes.narrative:
        try:
            services.submission_save_draft(
                submission=submission, actor=request.user, base_version=version, changes=changes
            )
        except services.EditConflict as exc:
            return _SaveOutcome(conflict=exc)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                return _SaveOutcome(dict(exc.message_dict))
            return _SaveOutcome({"__all__": exc.messages})
    outcome = _SaveOutcome()
    progress = {p.task_id: p for p in submission.task_progress.all()}
    for change in forms_entry.task_changes(_tasks(submission), progress, data):
        try:
            services.task_progress_set(
                submission=submission,
                actor=request.user,
                task=change.task,
                status=change.status,
                note=change.note,
            )
        except ValidationError as exc:
            outcome.errors[f"task:{change.task.pk}"] = _error_messages(exc, "status")
    return outcome


def _reload(submission: Submission) -> Submission:
    return _SUBMISSION_QS.get(pk=submission.pk)


def _save_or_refuse(request: HttpRequest, submission: Submission) -> HttpResponse | None:
    """Save the whole form: None once stored, else the page again with what was typed
    and why it was not stored."""
    outcome = _save_form(request, submission)
    if not outcome.ok:
        return _render_page(
            request,
            _reload(submission),
            data=request.POST,
            errors=outcome.errors,
            conflict=outcome.conflict,
        )
    remember_saved(request, keep_key(submission))
    return None


@login_required_view
@require_POST
def submission_entry_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Lưu" button: the whole form at once (and the page without JavaScript)."""
    submission = _load(request, pk, write=True)
    if (refused := _save_or_refuse(request, submission)) is not None:
        return refused
    messages.success(request, "Đã lưu báo cáo.")
    return redirect(_entry_url(submission))


@login_required_view
@require_POST
def submission_entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the report to the leader: what is on the screen is saved first, so a copy
    restored after an expired session goes with it."""
    submission = _load(request, pk, write=True)
    if (refused := _save_or_refuse(request, submission)) is not None:
        return refused
    try:
        services.submission_submit(submission=submission, actor=request.user)
    except services.SubmissionInvalid as exc:
        messages.error(
            request,
            f"Chưa gửi được báo cáo: còn {len(exc.problems)} mục cần sửa (danh sách bên dưới). "
            "Những gì bạn nhập đã được lưu.",
        )
        return _render_page(request, _reload(submission), submit_problems=exc.problems)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_entry_url(submission))
    messages.success(request, "Đã gửi báo cáo cho lãnh đạo duyệt.")
    return redirect(_entry_url(submission))


# --------------------------------------------------------------------------------------
# Autosave endpoints (HTMX): one block each
# --------------------------------------------------------------------------------------
def _autosave_draft(
    request: HttpRequest,
    submission: Submission,
    *,
    version: int | None,
    complete: bool,
    differs: Callable[[], bool],
    changes: Callable[[], services.DraftChanges],
    error_key: str,
    elements: list[DataElement],
    template: str,
    row: Callable[..., FigureRow | NarrativeRow],
) -> HttpResponse:
    """Save one figure or narrative block of the draft and answer with the block again.

    `differs` and `changes` are asked only once the report is known to be editable and
    the post complete, so a locked or stale page never reads (or saves) what was sent.
    `row(page, data=…, errors=…, conflicts=…, saved_at=…)` builds the block to show."""
    errors: list[str] = []
    conflict: services.EditConflict | None = None
    changed = False
    locked = _locked_message(submission)
    if locked:
        errors = [locked]
    elif version is None or not complete:
        errors = [STALE_PAGE]
    elif differs():
        try:
            submission = services.submission_save_draft(
                submission=submission,
                actor=request.user,
                base_version=version,
                changes=changes(),
            )
            changed = True
        except services.EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            errors = _error_messages(exc, error_key)
    saved = not errors and conflict is None
    submission = _reload(submission)
    page = PageData.load(submission, elements=elements)
    block = row(
        page,
        data=None if saved else request.POST,
        errors=errors,
        conflicts=conflict.changes if conflict else None,
        saved_at=timezone.now() if saved else None,
    )
    return _fragment(
        request,
        submission,
        template,
        {"row": block},
        page=page,
        saved=saved,
        conflict=conflict,
        new_version=changed,
    )


@login_required_view
@require_POST
def submission_entry_figure(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    submission = _load(request, pk, write=True)
    element = get_object_or_404(submission.round.elements.select_related("domain"), code=code)
    figure = submission.figures.filter(element=element).first()
    return _autosave_draft(
        request,
        submission,
        version=forms_entry.base_version(request.POST),
        complete=True,
        differs=lambda: forms_entry.figure_changed(element, figure, request.POST),
        changes=lambda: services.DraftChanges(
            figures={code: forms_entry.figure_input(element, request.POST)}
        ),
        error_key=code,
        elements=[element],
        template="reports/_entry_figure.html",
        row=lambda page, **shown: page.figure_row(element, **shown),
    )


@login_required_view
@require_POST
def submission_entry_narrative(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    submission = _load(request, pk, write=True)
    if name not in Submission.NARRATIVE_FIELDS:
        raise Http404
    text = forms_entry.narrative_text(name, request.POST)
    return _autosave_draft(
        request,
        submission,
        version=forms_entry.base_version(request.POST),
        complete=text is not None,
        differs=lambda: text != getattr(submission, name),
        changes=lambda: services.DraftChanges(narrative={name: text}),
        error_key=name,
        elements=[],
        template="reports/_entry_narrative.html",
        row=lambda page, **shown: page.narrative_row(name, **shown),
    )


@login_required_view
@require_POST
def submission_entry_task(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    submission = _load(request, pk, write=True)
    task = get_object_or_404(_tasks(submission), pk=task_pk)
    posted = forms_entry.task_input(task, request.POST)
    progress = submission.task_progress.filter(task=task).first()
    errors: list[str] = []
    if posted is None:
        errors = [STALE_PAGE]
    else:
        try:
            progress = services.task_progress_set(
                submission=submission,
                actor=request.user,
                task=task,
                status=posted.status,
                note=posted.note,
            )
        except ValidationError as exc:
            errors = _error_messages(exc, "status")
    saved = not errors
    row = _task_row(
        task,
        progress,
        data=None if saved else request.POST,
        errors=errors,
        saved_at=timezone.now() if saved else None,
    )
    return _fragment(
        request,
        submission,
        "reports/_entry_task.html",
        {"row": row},
        page=None,
        saved=saved,
    )


# --------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------
def _delete_row(
    request: HttpRequest,
    submission: Submission,
    delete: Callable[[], None],
    *,
    done: str,
    anchor: str,
) -> HttpResponse:
    """Run a delete service; say how it went and go back to the row's section."""
    try:
        delete()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(_entry_url(submission, anchor))


@login_required_view
@require_POST
def submission_activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _load(request, pk, write=True)
    form = forms_entry.ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_save(submission=submission, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if is_htmx(request):
        page = PageData.load(_reload(submission), elements=[])
        return _fragment(
            request,
            submission,
            "reports/_entry_activities.html",
            {
                "activities": submission.activities.all(),
                "activity_form": forms_entry.ActivityForm() if form.is_valid() else form,
                "activity_added": form.is_valid(),
            },
            page=page,
            saved=False,
        )
    if not form.is_valid():
        return _render_page(request, _reload(submission), activity_form=form)
    messages.success(request, "Đã thêm hoạt động.")
    return redirect(_entry_url(submission, "activities"))


@login_required_view
@require_POST
def submission_activity_delete(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    submission = _load(request, pk, write=True)
    activity = get_object_or_404(Activity, pk=activity_pk, submission=submission)
    return _delete_row(
        request,
        submission,
        lambda: services.activity_delete(activity=activity, actor=request.user),
        done=f"Đã xóa hoạt động “{activity.title}”.",
        anchor="activities",
    )


# --------------------------------------------------------------------------------------
# Evidence files
# --------------------------------------------------------------------------------------
@login_required_view
@require_POST
def submission_evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _load(request, pk, write=True)
    form = forms_entry.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = services.evidence_add(
                submission=submission,
                actor=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_error_messages(exc, "file")))
        except OSError:
            # Disk full or unwritable: the service stored neither the file nor its row.
            logger.exception("evidence upload for submission %s could not be stored", pk)
            messages.error(
                request,
                "Không lưu được tệp do lỗi ghi đĩa trên máy chủ; tệp chưa được tải lên và "
                "không có gì được lưu dở. Thử lại sau ít phút; nếu lỗi lặp lại, báo quản trị "
                "hệ thống.",
            )
        else:
            messages.success(request, f"Đã tải lên “{evidence.original_name}”.")
    else:
        messages.error(request, " ".join(m for msgs in form.errors.values() for m in msgs))
    # A file input cannot be refilled, so the page is shown again either way.
    return redirect(_entry_url(submission, "evidence"))


@login_required_view
@require_GET
def submission_evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    submission = _load(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, submission=submission)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=evidence.content_type)
    # The name is shown to the user's browser only, never used as a path; the ASCII
    # fallback is for old clients that ignore filename*.
    ascii_name = evidence.original_name.encode("ascii", "ignore").decode() or "tep-dinh-kem"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''"
        f"{quote(evidence.original_name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required_view
@require_POST
def submission_evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    submission = _load(request, pk, write=True)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, submission=submission)
    return _delete_row(
        request,
        submission,
        lambda: services.evidence_delete(evidence=evidence, actor=request.user),
        done=f"Đã xóa tệp “{evidence.original_name}”.",
        anchor="evidence",
    )
