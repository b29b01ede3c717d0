"""Import a plan from its document: upload → review beside the source → save as a draft.

What was read waits in the user's session (never in the database) under a random token
until the user saves or discards it; the review page posts the corrected plan back and
`plans.forms_import.import_save` writes it in one transaction.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from genderplan.access import access, login_required_view
from indicators.models import Indicator
from plans import selectors
from plans.extraction import ExtractionError, extract
from plans.forms_import import (
    DutyFormSet,
    HeaderForm,
    ImportRejected,
    TargetFormSet,
    TaskFormSet,
    UploadForm,
    apply_rejection,
    header_initial,
    import_save,
    mark_id,
    rows_initial,
)
from plans.models import Agency, Plan

SESSION_KEY = "plan_imports"
KEEP_PENDING = 3  # a few uploads side by side (two tabs), not an archive


# --- the pending extraction in the session --------------------------------------------------


def _pending(request: HttpRequest) -> dict[str, Any]:
    return request.session.get(SESSION_KEY, {})


def _load(request: HttpRequest, token: str) -> dict[str, Any]:
    entry = _pending(request).get(token)
    if entry is None:
        raise Http404("Không còn bản đọc này (đã lưu, đã hủy hoặc phiên làm việc đã hết hạn).")
    return entry


def _store(request: HttpRequest, entry: dict[str, Any]) -> str:
    token = secrets.token_urlsafe(12)
    pending = dict(_pending(request))
    pending[token] = entry
    for old in list(pending)[:-KEEP_PENDING]:
        del pending[old]
    request.session[SESSION_KEY] = pending
    return token


def _drop(request: HttpRequest, token: str) -> None:
    pending = dict(_pending(request))
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _editable(request: HttpRequest):
    agencies = access(request).editable_agencies().order_by("code")
    if not agencies.exists():
        raise PermissionDenied("Bạn chưa được phân công soạn kế hoạch của cơ quan nào.")
    return agencies


def _parents(request: HttpRequest):
    # The same choice as the plan form: readable plans including the province's, not
    # archived (a department plan usually implements its province's plan).
    return selectors.parent_choices(acc=access(request))


# --- the source text with its marks ----------------------------------------------------------


def _marks(state: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, mark id, kind) of every item read, for the source pane."""
    marks: list[tuple[int, int, str, str]] = []

    def add(item: dict | None, kind: str) -> None:
        if item and item["end"] > item["start"]:
            marks.append((item["start"], item["end"], mark_id(item["start"], item["end"]), kind))

    for key in ("doc_type", "agency", "number", "date_item", "title", "parent_reference",
                "general_objective", "closing"):  # fmt: skip
        add(state.get(key), "header")
    for key in ("legal_bases", "purpose", "requirements"):
        for item in state.get(key) or []:
            add(item, "header")
    for block in _header_blocks(state).values():
        add(block, "header")
    for item in state.get("tasks") or []:
        add(item, "task")
    for item in state.get("duties") or []:
        add(item, "duty")
    for item in state.get("objectives") or []:
        add(item, "objective")
    for item in state.get("targets") or []:
        add(item, "target")
    return marks


def _header_blocks(state: dict[str, Any]) -> dict[str, dict]:
    """The recipients list and the signature as one span each."""
    blocks = {}
    recipients = state.get("recipients") or []
    if recipients:
        blocks["recipients"] = {"start": recipients[0]["start"], "end": recipients[-1]["end"]}
    signer = [state.get(k) for k in ("signer_authority", "signer_title", "signer_name")]
    signer = [s for s in signer if s]
    if signer:
        blocks["signer"] = {
            "start": min(s["start"] for s in signer),
            "end": max(s["end"] for s in signer),
        }
    return blocks


def header_marks(state: dict[str, Any]) -> dict[str, str]:
    """Mark ids of the header fields, for the rows of the review form."""
    marks = {}
    for key in ("title", "number", "date_item", "parent_reference", "general_objective"):
        item = state.get(key)
        if item:
            marks[key] = mark_id(item["start"], item["end"])
    for key, block in _header_blocks(state).items():
        marks[key] = mark_id(block["start"], block["end"])
    marks["number_or_date"] = marks.get("number") or marks.get("date_item", "")
    return marks


def source_paragraphs(text: str, marks: list[tuple[int, int, str, str]]) -> list[SafeString]:
    """The normalised text as escaped paragraphs with nested <mark> elements. A mark that
    spans paragraphs is cut at each paragraph end; only its first piece carries the id."""
    out: list[SafeString] = []
    ordered = sorted(set(marks), key=lambda m: (m[0], -m[1]))
    first_piece: set[str] = set()
    offset = 0
    for line in text.split("\n"):
        p_start, p_end = offset, offset + len(line)
        offset = p_end + 1
        pieces = [
            (max(s, p_start), min(e, p_end), mid, kind)
            for s, e, mid, kind in ordered
            if s < p_end and e > p_start
        ]
        html: list[str] = []
        pos = p_start
        stack: list[int] = []  # ends of open marks
        for s, e, mid, kind in pieces:
            while stack and stack[-1] <= s:
                end = stack.pop()
                html.append(escape(text[pos:end]) + "</mark>")
                pos = end
            if stack:
                e = min(e, stack[-1])  # keep the nesting well formed
            if e <= s:
                continue
            html.append(escape(text[pos:s]))
            pos = s
            attr_id = ""
            if mid not in first_piece:
                first_piece.add(mid)
                attr_id = f' id="{mid}"'
            html.append(f'<mark{attr_id} class="src-mark src-{kind}" data-mark="{mid}">')
            stack.append(e)
        while stack:
            end = stack.pop()
            html.append(escape(text[pos:end]) + "</mark>")
            pos = end
        html.append(escape(text[pos:p_end]))
        out.append(mark_safe("".join(html)))  # noqa: S308 - every piece of text is escaped
    return out


# --- views ---------------------------------------------------------------------------------


@login_required_view
@require_http_methods(["GET", "POST"])
def plan_import_upload(request: HttpRequest) -> HttpResponse:
    _editable(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        names = dict(Indicator.objects.values_list("code", "name"))
        try:
            result = extract(upload.read(), upload.name, indicator_names=names)
        except ExtractionError as exc:
            form.add_error("file", str(exc))
        else:
            token = _store(request, {"filename": upload.name, "state": result.to_state()})
            return redirect("plan_import_review", token=token)
    status = 400 if form.errors else 200
    return render(request, "plans/import_upload.html", {"form": form}, status=status)


def _forms(request: HttpRequest, entry: dict[str, Any], data: dict | None):
    agencies = _editable(request)
    parents = _parents(request)
    state = entry["state"]
    home = next(iter(access(request).home_agencies), None)
    default_agency = home if home and agencies.filter(pk=home.pk).exists() else agencies.first()
    header = HeaderForm(
        data,
        agencies=agencies,
        parents=parents,
        initial=header_initial(state, parents=parents, agency=default_agency),
    )
    rows = rows_initial(state)
    formsets = {
        "targets": TargetFormSet(data, initial=rows["targets"], prefix="targets"),
        "tasks": TaskFormSet(data, initial=rows["tasks"], prefix="tasks"),
        "duties": DutyFormSet(data, initial=rows["duties"], prefix="duties"),
    }
    return header, formsets


def _plan_url(plan: Plan) -> str:
    return reverse("plan_detail", args=[plan.pk])


@login_required_view
@require_http_methods(["GET", "POST"])
def plan_import_review(request: HttpRequest, token: str) -> HttpResponse:
    entry = _load(request, token)
    data = request.POST if request.method == "POST" else None
    header, formsets = _forms(request, entry, data)
    if data is not None:
        valid = header.is_valid() & all([fs.is_valid() for fs in formsets.values()])
        if valid:
            agency: Agency = header.cleaned_data["agency"]
            if not access(request).can_edit_plans_of(agency):
                raise PermissionDenied
            try:
                plan = import_save(
                    header=header.cleaned_data,
                    targets=formsets["targets"],
                    tasks=formsets["tasks"],
                    duties=formsets["duties"],
                    sections=entry["state"].get("sections") or [],
                    user=request.user,
                )
            except ImportRejected as exc:
                apply_rejection(exc, header, formsets)
            else:
                _drop(request, token)
                messages.success(
                    request,
                    f"Đã lưu kế hoạch dự thảo từ tệp “{entry['filename']}”: "
                    f"{plan.targets.count()} chỉ tiêu, {plan.tasks.count()} nhiệm vụ. "
                    "Kiểm tra lại trên trang kế hoạch trước khi ban hành.",
                )
                return redirect(_plan_url(plan))
    state = entry["state"]
    context = {
        "token": token,
        "filename": entry["filename"],
        "header": header,
        "formsets": formsets,
        "targets": formsets["targets"],
        "tasks": formsets["tasks"],
        "duties": formsets["duties"],
        "paragraphs": source_paragraphs(state["text"], _marks(state)),
        "header_marks": header_marks(state),
        "counts": {
            "targets": len(state.get("targets") or []),
            "objectives": len(state.get("objectives") or []),
            "tasks": len(state.get("tasks") or []),
        },
        "has_errors": data is not None,
    }
    return render(
        request, "plans/import_review.html", context, status=400 if data is not None else 200
    )


@login_required_view
@require_POST
def plan_import_discard(request: HttpRequest, token: str) -> HttpResponse:
    _load(request, token)
    _drop(request, token)
    messages.info(request, "Đã hủy bản đọc văn bản; không có gì được lưu.")
    return redirect("plan_import_upload")
