"""How a submission reads on the review pages: the report laid out as a document, the
timeline of its workflow, the history of its figures, and what changed since the
committee last returned it.

Read-only helpers for reports/views.py; the rules live in reports/services.py. The
document can be built from the live rows or from the snapshot kept on a return event,
so the committee never sees what an agency is still editing (DESIGN §2: nobody sees
another agency's unsubmitted data)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.utils import timezone

from indicators.models import DataElement, Domain
from reports.models import (
    Activity,
    FieldComment,
    FigureValue,
    Submission,
    SubmissionEvent,
)
from reports.parsing import format_number
from reports.selectors import previous_figures
from reports.services import snapshot_of

NARRATIVE_LABELS: dict[str, str] = {
    name: str(Submission._meta.get_field(name).verbose_name) for name in Submission.NARRATIVE_FIELDS
}
STATUS_LABELS = dict(Submission.Status.choices)
_S = Submission.Status

# A workflow step named by what was done ("Ban trả lại"), not by the state it led to.
_ACTIONS: dict = {
    _S.SUBMITTED: "Chuyên viên gửi lãnh đạo duyệt",
    _S.APPROVED: "Lãnh đạo duyệt, gửi Ban VSTBPN tỉnh",
    _S.RETURNED: "Ban VSTBPN tỉnh trả lại",
    _S.ACCEPTED: "Ban VSTBPN tỉnh tiếp nhận",
    _S.DRAFT: "Lãnh đạo trả lại chuyên viên",
    (_S.ACCEPTED, _S.RETURNED): "Ban VSTBPN tỉnh mở lại",
}


def action_label(from_status: str | None, to_status: str | None) -> str:
    return _ACTIONS.get((from_status, to_status)) or _ACTIONS.get(to_status, "")


def round_elements(submission: Submission) -> list[DataElement]:
    return list(
        submission.round.elements.select_related("domain").order_by(
            "domain__number", "order", "code"
        )
    )


def field_labels(elements: Iterable[DataElement]) -> dict[str, str]:
    """Comment keys (element code or "narrative:<name>") → what the user calls them."""
    labels = {e.code: e.name for e in elements}
    labels.update({f"narrative:{n}": label for n, label in NARRATIVE_LABELS.items()})
    return labels


def person(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


# --------------------------------------------------------------------------------------
# Values shown in words
# --------------------------------------------------------------------------------------
def _dec(raw: object) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def _share(total: Decimal | None, women: Decimal | None) -> str:
    if total is None or women is None or total == 0:
        return "—"
    return format_number(women * 100 / total, 1)


def _yesno(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return "Có" if value else "Không"


def figure_words(element: DataElement, values: Mapping[str, object] | None) -> str:
    """One figure in a line: "tổng số 9, nữ 3" / "4 hoạt động" / "Có"."""
    if not values:
        return "chưa nhập"
    if element.kind == DataElement.Kind.SEX:
        total, women = _dec(values.get("total")), _dec(values.get("women"))
        if total is None and women is None:
            return "chưa nhập"
        return (
            f"{element.total_label.lower()} {format_number(total)}, "
            f"{element.part_label.lower()} {format_number(women)}"
        )
    value = _dec(values.get("value"))
    if element.kind == DataElement.Kind.YESNO:
        return _yesno(value)
    if value is None:
        return "chưa nhập"
    return f"{format_number(value)} {element.unit}".strip()


# --------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------
@dataclass
class CommentView:
    text: str
    author: str
    at: datetime.datetime


@dataclass
class FigureRow:
    element: DataElement
    total: str = "—"
    women: str = "—"
    men: str = "—"
    share: str = "—"
    value: str = "—"
    previous: str = ""
    explanation: str = ""
    comments: list[CommentView] = field(default_factory=list)
    changed: bool = False

    @property
    def key(self) -> str:
        return self.element.code

    @property
    def is_sex(self) -> bool:
        return self.element.kind == DataElement.Kind.SEX


@dataclass
class DomainBlock:
    domain: Domain
    rows: list[FigureRow]


@dataclass
class ActivityRow:
    held_on: datetime.date | None
    held_until: datetime.date | None
    kind: str
    title: str
    participants_total: int
    participants_women: int


@dataclass
class NarrativeBlock:
    name: str
    label: str
    text: str
    comments: list[CommentView] = field(default_factory=list)
    changed: bool = False

    @property
    def key(self) -> str:
        return f"narrative:{self.name}"


@dataclass
class Document:
    domains: list[DomainBlock]
    activities: list[ActivityRow]
    narrative: list[NarrativeBlock]
    # Task progress and evidence are not part of a return snapshot: None means "not
    # shown in this version", an empty list means "none reported".
    tasks: list | None = None
    evidence: list | None = None

    @property
    def narr(self) -> dict[str, NarrativeBlock]:
        """Narrative sections by name, for templates that place them one by one."""
        return {block.name: block for block in self.narrative}


def _live_figures(submission: Submission) -> dict[str, dict[str, object]]:
    return {
        f.element.code: {
            "total": f.total,
            "women": f.women,
            "value": f.value,
            "explanation": f.explanation,
        }
        for f in submission.figures.select_related("element")
    }


def _activity_rows_live(submission: Submission) -> list[ActivityRow]:
    return [
        ActivityRow(
            a.held_on,
            a.held_until,
            a.get_kind_display(),
            a.title,
            a.participants_total,
            a.participants_women,
        )
        for a in submission.activities.all()
    ]


def _activity_rows_snapshot(rows: Iterable[list]) -> list[ActivityRow]:
    kinds = dict(Activity.Kind.choices)
    out = []
    for row in rows:
        held_on, kind, title, total, women = (list(row) + [None] * 5)[:5]
        try:
            day = datetime.date.fromisoformat(held_on) if held_on else None
        except ValueError:
            day = None
        out.append(ActivityRow(day, None, str(kinds.get(kind, kind)), title, total, women))
    return out


def build_document(
    submission: Submission,
    elements: list[DataElement],
    *,
    snapshot: Mapping | None = None,
    comments: Iterable[FieldComment] = (),
    changed_keys: Iterable[str] = (),
) -> Document:
    """The report as the document view shows it, from the live rows or from a snapshot."""
    figures = snapshot.get("figures", {}) if snapshot is not None else _live_figures(submission)
    narrative = (
        snapshot.get("narrative", {})
        if snapshot is not None
        else {n: getattr(submission, n) for n in Submission.NARRATIVE_FIELDS}
    )
    by_field: dict[str, list[CommentView]] = {}
    for c in comments:
        by_field.setdefault(c.field, []).append(CommentView(c.text, person(c.author), c.created_at))
    changed = set(changed_keys)
    previous = previous_figures(submission) if snapshot is None else {}

    blocks: dict[int, DomainBlock] = {}
    for el in elements:
        values = figures.get(el.code) or {}
        row = FigureRow(
            element=el,
            explanation=str(values.get("explanation") or ""),
            comments=by_field.get(el.code, []),
            changed=el.code in changed,
        )
        if el.kind == DataElement.Kind.SEX:
            total, women = _dec(values.get("total")), _dec(values.get("women"))
            row.total, row.women = format_number(total), format_number(women)
            if total is not None and women is not None:
                row.men = format_number(total - women)
            row.share = _share(total, women)
        elif el.kind == DataElement.Kind.YESNO:
            row.value = _yesno(_dec(values.get("value")))
        else:
            row.value = format_number(_dec(values.get("value")))
        prev = previous.get(el.pk)
        if prev is not None:
            row.previous = figure_words(
                el, {"total": prev.total, "women": prev.women, "value": prev.value}
            )
        blocks.setdefault(el.domain_id, DomainBlock(el.domain, [])).rows.append(row)

    if snapshot is not None:
        activities = _activity_rows_snapshot(snapshot.get("activities", []))
        tasks = evidence = None
    else:
        activities = _activity_rows_live(submission)
        tasks = list(submission.task_progress.select_related("task").order_by("task__order"))
        evidence = list(submission.evidence.all())
    return Document(
        domains=list(blocks.values()),
        activities=activities,
        narrative=[
            NarrativeBlock(
                name,
                label,
                narrative.get(name, "") or "",
                comments=by_field.get(f"narrative:{name}", []),
                changed=f"narrative:{name}" in changed,
            )
            for name, label in NARRATIVE_LABELS.items()
        ],
        tasks=tasks,
        evidence=evidence,
    )


# --------------------------------------------------------------------------------------
# Workflow timeline
# --------------------------------------------------------------------------------------
@dataclass
class TimelineEntry:
    event: SubmissionEvent
    actor: str
    action: str
    from_label: str
    to_label: str
    comments: list[tuple[str, str]]

    @property
    def at(self) -> datetime.datetime:
        return self.event.at

    @property
    def note(self) -> str:
        return self.event.note

    @property
    def to_status(self) -> str:
        return self.event.to_status


def events_of(submission: Submission) -> list[SubmissionEvent]:
    return list(
        submission.events.select_related("actor").prefetch_related(
            Prefetch("comments", queryset=FieldComment.objects.select_related("author"))
        )
    )


def timeline(events: list[SubmissionEvent], labels: Mapping[str, str]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            event=e,
            actor=person(e.actor),
            action=action_label(e.from_status, e.to_status),
            from_label=STATUS_LABELS.get(e.from_status, e.from_status),
            to_label=STATUS_LABELS.get(e.to_status, e.to_status),
            comments=[(labels.get(c.field, c.field), c.text) for c in e.comments.all()],
        )
        for e in events
    ]


def last_return(events: list[SubmissionEvent]) -> SubmissionEvent | None:
    """The latest return by the committee (a reopen is a return too)."""
    for e in reversed(events):
        if e.to_status == Submission.Status.RETURNED:
            return e
    return None


def last_event(events: list[SubmissionEvent]) -> SubmissionEvent | None:
    return events[-1] if events else None


# --------------------------------------------------------------------------------------
# What changed since the committee returned it
# --------------------------------------------------------------------------------------
@dataclass
class Change:
    key: str
    label: str
    before: str
    after: str
    long: bool = False  # narrative text: shown as two blocks rather than one line


def changes_between(before: Mapping, after: Mapping, elements: list[DataElement]) -> list[Change]:
    """Field-by-field difference of two `snapshot_of` dictionaries, in the page's order."""
    changes: list[Change] = []
    old_figs, new_figs = before.get("figures", {}), after.get("figures", {})
    for el in elements:
        old, new = old_figs.get(el.code) or {}, new_figs.get(el.code) or {}
        keys = ("total", "women") if el.kind == DataElement.Kind.SEX else ("value",)
        if any(_dec(old.get(k)) != _dec(new.get(k)) for k in keys):
            changes.append(Change(el.code, el.name, figure_words(el, old), figure_words(el, new)))
        if (old.get("explanation") or "") != (new.get("explanation") or ""):
            changes.append(
                Change(
                    el.code,
                    f"{el.name} — giải trình",
                    old.get("explanation") or "(trống)",
                    new.get("explanation") or "(trống)",
                    long=True,
                )
            )
    old_text, new_text = before.get("narrative", {}), after.get("narrative", {})
    for name, label in NARRATIVE_LABELS.items():
        if (old_text.get(name) or "") != (new_text.get(name) or ""):
            changes.append(
                Change(
                    f"narrative:{name}",
                    label,
                    old_text.get(name) or "(trống)",
                    new_text.get(name) or "(trống)",
                    long=True,
                )
            )
    old_acts = [tuple(a) for a in before.get("activities", [])]
    new_acts = [tuple(a) for a in after.get("activities", [])]
    for act in old_acts:
        if act not in new_acts:
            changes.append(Change("activities", "Hoạt động đã tổ chức", _act(act), "(đã bỏ)"))
    for act in new_acts:
        if act not in old_acts:
            changes.append(Change("activities", "Hoạt động đã tổ chức", "(chưa có)", _act(act)))
    return changes


def _act(row: tuple) -> str:
    held_on, _kind, title, total, women = (list(row) + [None] * 5)[:5]
    try:
        day = datetime.date.fromisoformat(held_on).strftime("%d/%m/%Y") if held_on else ""
    except ValueError:
        day = str(held_on)
    return f"{day} {title} ({total} người, {women} nữ)".strip()


def resubmission_changes(
    submission: Submission, events: list[SubmissionEvent], elements: list[DataElement]
) -> tuple[SubmissionEvent | None, list[Change] | None]:
    """What the agency changed since the committee's last return, once it has sent the
    report again. None while there is nothing to compare (never returned, or the agency
    is still editing: its work in progress is not shown)."""
    returned = last_return(events)
    if (
        returned is None
        or returned.snapshot is None
        or submission.is_editable
        or submission.submitted_at is None
        or submission.submitted_at < returned.at
    ):
        return returned, None
    return returned, changes_between(returned.snapshot, snapshot_of(submission), elements)


# --------------------------------------------------------------------------------------
# Figure change history
# --------------------------------------------------------------------------------------
@dataclass
class FigureChange:
    at: datetime.datetime
    who: str
    label: str
    before: str
    after: str


def figure_history(
    submission: Submission,
    elements: list[DataElement],
    *,
    until: datetime.datetime | None = None,
) -> list[FigureChange]:
    """Every change of a figure, newest first. `until` hides edits after that moment
    (the committee sees the figures as they were sent, not the agency's work in progress)."""
    by_pk = {e.pk: e for e in elements}
    records = FigureValue.history.filter(submission_id=submission.pk).select_related("history_user")
    if until is not None:
        records = records.filter(history_date__lte=until)
    last: dict[int, dict[str, object]] = {}
    out: list[FigureChange] = []
    for h in records.order_by("history_date", "history_id"):
        el = by_pk.get(h.element_id)
        if el is None:
            continue
        now = {"total": h.total, "women": h.women, "value": h.value}
        before = last.get(h.id)
        last[h.id] = now
        if h.history_type == "-":
            who = person(h.history_user)
            out.append(
                FigureChange(h.history_date, who, el.name, figure_words(el, before), "đã xóa")
            )
            continue
        if before == now:
            continue  # only the explanation or bookkeeping changed
        out.append(
            FigureChange(
                h.history_date,
                person(h.history_user),
                el.name,
                figure_words(el, before) if before else "chưa nhập",
                figure_words(el, now),
            )
        )
    out.reverse()
    return out


def days_left(deadline: datetime.date, today: datetime.date | None = None) -> int:
    return (deadline - (today or timezone.localdate())).days
