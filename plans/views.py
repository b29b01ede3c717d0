"""Pages about agencies and their plans. Views stay thin: load through the access
helper, validate a form, call a service, redirect (or render a fragment for HTMX).

The plan page is edited in place: each target, task, section and reporting duty has
fragment endpoints (row, inline form, delete) that HTMX swaps into the page. Without
HTMX the same endpoints fall back to a small page and a redirect, so nothing depends on
JavaScript to be reachable — and every endpoint is a URL with a row in the access matrix.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from genderplan.access import Action, access, login_required_view
from genderplan.ui import remember_saved
from indicators.models import Domain
from plans import selectors, services
from plans.forms import DutyForm, PlanCreateForm, PlanForm, SectionForm, TargetForm, TaskForm
from plans.models import Agency, Plan, PlanSection, ReportingDuty, Target, Task

FRAGMENTS = "plans/_parts.html"


# --- helpers -----------------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _load_plan(request: HttpRequest, pk: int, *, edit: bool = False) -> Plan:
    """The plan if the user may read it (404 otherwise) and, with `edit`, change it (403)."""
    try:
        plan = selectors.plan_get(pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
    access(request).require_plans_of(plan.agency, edit=edit)
    return plan


def _load_child[M: Model](model: type[M], pk: int, plan: Plan) -> M:
    """A part of `plan`; a part of another plan is as good as missing."""
    try:
        obj = model.objects.get(pk=pk, plan=plan)  # type: ignore[attr-defined]
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
    obj.plan = plan  # type: ignore[attr-defined]
    return obj


def _apply_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's errors next to the fields they name; the rest above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _saved(response: HttpResponse, request: HttpRequest, key: str) -> HttpResponse:
    """Tell the browser's form keeper the form is stored, for fragments (a header the
    HTMX event carries) and full pages (the session flag base.html reads)."""
    if _is_htmx(request):
        response["HX-Trigger"] = json.dumps({"gp-form-saved": {"key": key}})
    else:
        remember_saved(request, key)
    return response


def _fragment_or_page(
    request: HttpRequest, partial: str, context: dict[str, Any], *, title: str
) -> HttpResponse:
    """HTMX gets the fragment; a plain request gets it inside a page (no-JS fallback)."""
    if _is_htmx(request):
        return render(request, f"{FRAGMENTS}#{partial}", context)
    return render(
        request,
        "plans/part_page.html",
        {**context, "partial": f"{FRAGMENTS}#{partial}", "page_title": title},
    )


def _back_to(plan: Plan, anchor: str = "") -> HttpResponse:
    url = reverse("plan_detail", args=[plan.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


# --- agencies --------------------------------------------------------------------------


@login_required_view
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    acc = access(request)
    agency = acc.require_agency(pk, Action.READ)
    return render(
        request,
        "plans/agency_detail.html",
        {
            "agency": agency,
            "children": agency.children.order_by("kind", "name"),
            "predecessors": agency.predecessors.all(),
            "can_edit": acc.can_edit_plans_of(agency),
            "plans": selectors.agency_plans(agency=agency, limit=50),
        },
    )


# --- plan list, tree -------------------------------------------------------------------


@login_required_view
def plan_list(request: HttpRequest) -> HttpResponse:
    acc = access(request)
    readable = acc.plan_readable_agencies().order_by("kind", "code")
    agency_pk = _int_or_none(request.GET.get("agency"))
    agency = readable.filter(pk=agency_pk).first() if agency_pk else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in Plan.Kind.values else ""
    status = request.GET.get("status", "")
    status = status if status in Plan.Status.values else ""
    year = _int_or_none(request.GET.get("year"))
    query = request.GET.get("q", "").strip()[:100]
    plans = selectors.plan_list(
        acc=acc, agency=agency, kind=kind, year=year, status=status, query=query
    )
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "agencies": readable,
            "filters": {
                "agency": agency.pk if agency else None,
                "kind": kind,
                "status": status,
                "year": year,
                "q": query,
            },
            "kinds": Plan.Kind.choices,
            "statuses": Plan.Status.choices,
            "querystring": params.urlencode(),
            "can_create": acc.editable_agencies().exists(),
        },
    )


@login_required_view
def plan_tree(request: HttpRequest) -> HttpResponse:
    year = _int_or_none(request.GET.get("year"))
    trees, loose = selectors.plan_tree(acc=access(request), year=year)
    return render(request, "plans/plan_tree.html", {"trees": trees, "loose": loose, "year": year})


# --- plan: create, page, edit, status, history -----------------------------------------


@login_required_view
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    acc = access(request)
    agencies = acc.editable_agencies().order_by("kind", "code")
    if not agencies.exists():
        raise PermissionDenied
    agency = agencies.filter(pk=_int_or_none(request.GET.get("agency"))).first() or (
        agencies.filter(pk__in=[a.pk for a in acc.home_agencies]).first() or agencies.first()
    )
    if request.method == "POST":
        form = PlanCreateForm(
            request.POST, agencies=agencies, parent_choices=selectors.parent_choices(acc=acc)
        )
        if form.is_valid():
            try:
                plan = services.plan_create(
                    agency=form.cleaned_data["agency"],
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request, "Đã tạo kế hoạch. Thêm chỉ tiêu và nhiệm vụ ngay trên trang."
                )
                return _saved(_back_to(plan), request, "plan-new")
    else:
        year = timezone.localdate().year
        initial: dict[str, Any] = {
            "agency": agency.pk,
            "kind": Plan.Kind.ANNUAL,
            "period_start": year,
            "period_end": year,
            **services.plan_defaults(agency=agency),
        }
        province_plan = (
            Plan.objects.filter(agency=agency.province)
            .exclude(status=Plan.Status.ARCHIVED)
            .order_by("-period_end", "-pk")
            .first()
        )
        if province_plan and agency.kind != Agency.Kind.PROVINCE:
            initial["parent"] = province_plan.pk
        form = PlanCreateForm(
            initial=initial,
            agencies=agencies,
            parent_choices=selectors.parent_choices(acc=acc),
        )
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required_view
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    acc = access(request)
    can_edit = acc.can_edit_plans_of(plan.agency) and plan.status != Plan.Status.ARCHIVED
    selectors.plan_detail(plan)
    selectors.annotate_targets(plan.targets.all(), selectors.target_values(plan))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "can_manage": acc.can_edit_plans_of(plan.agency),
            "groups": selectors.objectives_by_domain(plan, include_empty=can_edit),
            "parts": selectors.document_parts(plan, include_empty=can_edit),
            "children": plan.children.filter(agency__in=acc.plan_readable_agencies())
            .select_related("agency")
            .order_by("agency__code"),
            "statuses": Plan.Status,
        },
    )


@login_required_view
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    choices = selectors.parent_choices(acc=access(request), plan=plan)
    if request.method == "POST":
        form = PlanForm(request.POST, instance=plan, parent_choices=choices)
        if form.is_valid():
            try:
                services.plan_update(
                    plan=plan,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
                plan.refresh_from_db()
            else:
                messages.success(request, "Đã lưu thông tin chung của kế hoạch.")
                return _saved(_back_to(plan), request, f"plan-{plan.pk}")
    else:
        form = PlanForm(instance=plan, parent_choices=choices)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required_view
@require_POST
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    status = request.POST.get("status", "")
    try:
        services.plan_set_status(plan=plan, status=status, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        plan.refresh_from_db()
    else:
        messages.success(request, f"Kế hoạch chuyển sang “{plan.get_status_display()}”.")
    return _back_to(plan)


@login_required_view
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    context = {"plan": plan, "entries": selectors.plan_history(plan)}
    if _is_htmx(request):
        return render(request, f"{FRAGMENTS}#history", context)
    return render(request, "plans/plan_history.html", context)


# --- targets -----------------------------------------------------------------------------


def _target_context(plan: Plan, target: Target, can_edit: bool = True) -> dict[str, Any]:
    selectors.annotate_targets([target])
    return {"plan": plan, "target": target, "can_edit": can_edit}


def _target_form_context(
    plan: Plan, form: TargetForm, target: Target | None, domain_pk: int | None
) -> dict[str, Any]:
    if target is None:
        action = reverse("target_create", args=[plan.pk])
        key = f"plan-{plan.pk}-target-new-{domain_pk or 0}"
        cancel = None
    else:
        action = reverse("target_update", args=[plan.pk, target.pk])
        key = f"target-{target.pk}"
        cancel = reverse("target_row", args=[plan.pk, target.pk])
    return {
        "plan": plan,
        "form": form,
        "target": target,
        "action": action,
        "cancel": cancel,
        "keep": key,
        "form_id": f"target-{target.pk}" if target else f"target-new-{domain_pk or 0}",
    }


@login_required_view
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    domain_pk = _int_or_none(request.GET.get("domain") or request.POST.get("domain"))
    auto_id = f"tnew{domain_pk or 0}_%s"
    if request.method == "POST":
        form = TargetForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            try:
                target = services.target_create(
                    plan=plan,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    milestones=form.cleaned_data["milestones"],
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"plan-{plan.pk}-target-new-{domain_pk or 0}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, f"target-{target.pk}"), request, key)
                target = selectors.target_for_row(target.pk, plan)
                response = render(request, f"{FRAGMENTS}#target_row", _target_context(plan, target))
                return _saved(response, request, key)
    else:
        domain = Domain.objects.filter(pk=domain_pk).first()
        form = TargetForm(
            initial={"domain": domain.pk if domain else None, "kind": Target.Kind.THRESHOLD},
            auto_id=auto_id,
        )
    return _fragment_or_page(
        request,
        "target_form",
        _target_form_context(plan, form, None, domain_pk),
        title="Thêm chỉ tiêu",
    )


@login_required_view
def target_row(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    target = selectors.target_for_row(_load_child(Target, target_pk, plan).pk, plan)
    if not _is_htmx(request):
        return _back_to(plan, f"target-{target.pk}")
    can_edit = access(request).can_edit_plans_of(plan.agency)
    return render(request, f"{FRAGMENTS}#target_row", _target_context(plan, target, can_edit))


@login_required_view
@require_http_methods(["GET", "POST"])
def target_update(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    target = selectors.target_for_row(_load_child(Target, target_pk, plan).pk, plan)
    auto_id = f"t{target.pk}_%s"
    if request.method == "POST":
        form = TargetForm(request.POST, instance=target, auto_id=auto_id)
        if form.is_valid():
            try:
                services.target_update(
                    target=target,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    milestones=form.cleaned_data["milestones"],
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"target-{target.pk}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, key), request, key)
                target = selectors.target_for_row(target.pk, plan)
                response = render(request, f"{FRAGMENTS}#target_row", _target_context(plan, target))
                return _saved(response, request, key)
    else:
        form = TargetForm(instance=target, auto_id=auto_id)
    return _fragment_or_page(
        request,
        "target_form",
        _target_form_context(plan, form, target, target.domain_id),
        title="Sửa chỉ tiêu",
    )


def _deleted(request: HttpRequest, plan: Plan, what: str) -> HttpResponse:
    if _is_htmx(request):
        return HttpResponse("")  # the swap removes the row
    messages.success(request, f"Đã xóa {what}.")
    return _back_to(plan)


def _delete_refused(request: HttpRequest, plan: Plan, exc: ValidationError) -> HttpResponse:
    if _is_htmx(request):
        response = render(request, f"{FRAGMENTS}#refusal", {"messages_list": exc.messages})
        # The row stays; the refusal goes to the message area at the top of the page.
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    for message in exc.messages:
        messages.error(request, message)
    return _back_to(plan)


@login_required_view
@require_POST
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    target = _load_child(Target, target_pk, plan)
    try:
        services.target_delete(target=target, user=request.user)
    except ValidationError as exc:
        return _delete_refused(request, plan, exc)
    return _deleted(request, plan, "chỉ tiêu")


# --- sections ----------------------------------------------------------------------------


def _section_context(plan: Plan, section: PlanSection, can_edit: bool = True) -> dict[str, Any]:
    section = PlanSection.objects.filter(pk=section.pk).prefetch_related("tasks__lead_agency").get()
    section.plan = plan
    return {"plan": plan, "section": section, "can_edit": can_edit}


def _section_form_context(
    plan: Plan, form: SectionForm, section: PlanSection | None, part: str
) -> dict[str, Any]:
    if section is None:
        return {
            "plan": plan,
            "form": form,
            "section": None,
            "action": reverse("section_create", args=[plan.pk]),
            "cancel": None,
            "keep": f"plan-{plan.pk}-section-new-{part}",
            "form_id": f"section-new-{part}",
        }
    return {
        "plan": plan,
        "form": form,
        "section": section,
        "action": reverse("section_update", args=[plan.pk, section.pk]),
        "cancel": reverse("section_head", args=[plan.pk, section.pk]),
        "keep": f"section-{section.pk}",
        "form_id": f"section-head-{section.pk}",
    }


@login_required_view
@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    part = request.GET.get("part") or request.POST.get("part") or PlanSection.Part.CONTENT
    part = part if part in PlanSection.Part.values else PlanSection.Part.CONTENT
    auto_id = f"snew{part}_%s"
    if request.method == "POST":
        form = SectionForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            try:
                section = services.section_create(
                    plan=plan,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"plan-{plan.pk}-section-new-{part}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, f"section-{section.pk}"), request, key)
                response = render(
                    request, f"{FRAGMENTS}#section_block", _section_context(plan, section)
                )
                return _saved(response, request, key)
    else:
        form = SectionForm(initial={"part": part}, auto_id=auto_id)
    return _fragment_or_page(
        request,
        "section_form",
        _section_form_context(plan, form, None, part),
        title="Thêm mục",
    )


@login_required_view
def section_head(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    section = _load_child(PlanSection, section_pk, plan)
    if not _is_htmx(request):
        return _back_to(plan, f"section-{section.pk}")
    can_edit = access(request).can_edit_plans_of(plan.agency)
    return render(
        request,
        f"{FRAGMENTS}#section_head",
        {"plan": plan, "section": section, "can_edit": can_edit},
    )


@login_required_view
@require_http_methods(["GET", "POST"])
def section_update(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    section = _load_child(PlanSection, section_pk, plan)
    auto_id = f"s{section.pk}_%s"
    if request.method == "POST":
        form = SectionForm(request.POST, instance=section, auto_id=auto_id)
        if form.is_valid():
            try:
                services.section_update(
                    section=section,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"section-{section.pk}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, key), request, key)
                response = render(
                    request,
                    f"{FRAGMENTS}#section_head",
                    {"plan": plan, "section": section, "can_edit": True},
                )
                return _saved(response, request, key)
    else:
        form = SectionForm(instance=section, auto_id=auto_id)
    return _fragment_or_page(
        request,
        "section_form",
        _section_form_context(plan, form, section, section.part),
        title="Sửa mục",
    )


@login_required_view
@require_POST
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    section = _load_child(PlanSection, section_pk, plan)
    try:
        services.section_delete(section=section, user=request.user)
    except ValidationError as exc:
        return _delete_refused(request, plan, exc)
    return _deleted(request, plan, "mục")


# --- tasks -------------------------------------------------------------------------------


def _task_row_context(plan: Plan, task: Task, can_edit: bool = True) -> dict[str, Any]:
    task = Task.objects.select_related("lead_agency").get(pk=task.pk)
    task.plan = plan
    return {"plan": plan, "task": task, "can_edit": can_edit}


def _task_form_context(
    plan: Plan, form: TaskForm, task: Task | None, section_pk: int | None
) -> dict[str, Any]:
    slot = section_pk or 0
    if task is None:
        return {
            "plan": plan,
            "form": form,
            "task": None,
            "action": reverse("task_create", args=[plan.pk]),
            "cancel": None,
            "keep": f"plan-{plan.pk}-task-new-{slot}",
            "form_id": f"task-new-{slot}",
        }
    return {
        "plan": plan,
        "form": form,
        "task": task,
        "action": reverse("task_update", args=[plan.pk, task.pk]),
        "cancel": reverse("task_row", args=[plan.pk, task.pk]),
        "keep": f"task-{task.pk}",
        "form_id": f"task-{task.pk}",
    }


@login_required_view
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    slot = _int_or_none(request.GET.get("section") or request.POST.get("slot"))
    auto_id = f"knew{slot or 0}_%s"
    if request.method == "POST":
        form = TaskForm(request.POST, plan=plan, auto_id=auto_id)
        if form.is_valid():
            try:
                task = services.task_create(
                    plan=plan,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"plan-{plan.pk}-task-new-{slot or 0}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, f"task-{task.pk}"), request, key)
                response = render(request, f"{FRAGMENTS}#task_row", _task_row_context(plan, task))
                return _saved(response, request, key)
    else:
        section = plan.sections.filter(pk=slot).first() if slot else None
        form = TaskForm(
            initial={"section": section.pk if section else None},
            plan=plan,
            auto_id=auto_id,
        )
    return _fragment_or_page(
        request, "task_form", _task_form_context(plan, form, None, slot), title="Thêm nhiệm vụ"
    )


@login_required_view
def task_row(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    task = _load_child(Task, task_pk, plan)
    if not _is_htmx(request):
        return _back_to(plan, f"task-{task.pk}")
    can_edit = access(request).can_edit_plans_of(plan.agency)
    return render(request, f"{FRAGMENTS}#task_row", _task_row_context(plan, task, can_edit))


@login_required_view
@require_http_methods(["GET", "POST"])
def task_update(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    task = _load_child(Task, task_pk, plan)
    auto_id = f"k{task.pk}_%s"
    if request.method == "POST":
        form = TaskForm(request.POST, instance=task, plan=plan, auto_id=auto_id)
        if form.is_valid():
            old_section = task.section_id
            try:
                services.task_update(
                    task=task,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"task-{task.pk}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, key), request, key)
                if task.section_id != old_section:
                    # Moved to another section: the row belongs elsewhere, reload the page.
                    remember_saved(request, key)
                    response = HttpResponse("")
                    response["HX-Redirect"] = f"{reverse('plan_detail', args=[plan.pk])}#{key}"
                    return response
                response = render(request, f"{FRAGMENTS}#task_row", _task_row_context(plan, task))
                return _saved(response, request, key)
    else:
        form = TaskForm(instance=task, plan=plan, auto_id=auto_id)
    return _fragment_or_page(
        request,
        "task_form",
        _task_form_context(plan, form, task, task.section_id),
        title="Sửa nhiệm vụ",
    )


@login_required_view
@require_POST
def task_delete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    task = _load_child(Task, task_pk, plan)
    try:
        services.task_delete(task=task, user=request.user)
    except ValidationError as exc:
        return _delete_refused(request, plan, exc)
    return _deleted(request, plan, "nhiệm vụ")


# --- reporting duties --------------------------------------------------------------------


def _duty_form_context(plan: Plan, form: DutyForm, duty: ReportingDuty | None) -> dict[str, Any]:
    if duty is None:
        return {
            "plan": plan,
            "form": form,
            "duty": None,
            "action": reverse("duty_create", args=[plan.pk]),
            "cancel": None,
            "keep": f"plan-{plan.pk}-duty-new",
            "form_id": "duty-new",
        }
    return {
        "plan": plan,
        "form": form,
        "duty": duty,
        "action": reverse("duty_update", args=[plan.pk, duty.pk]),
        "cancel": reverse("duty_row", args=[plan.pk, duty.pk]),
        "keep": f"duty-{duty.pk}",
        "form_id": f"duty-{duty.pk}",
    }


@login_required_view
@require_http_methods(["GET", "POST"])
def duty_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    if request.method == "POST":
        form = DutyForm(request.POST, auto_id="dnew_%s")
        if form.is_valid():
            try:
                duty = services.reporting_duty_create(
                    plan=plan,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"plan-{plan.pk}-duty-new"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, f"duty-{duty.pk}"), request, key)
                response = render(
                    request, f"{FRAGMENTS}#duty_row", {"plan": plan, "duty": duty, "can_edit": True}
                )
                return _saved(response, request, key)
    else:
        form = DutyForm(
            initial={"kind": ReportingDuty.Kind.ANNUAL, "recipient": "Ban VSTBPN tỉnh"},
            auto_id="dnew_%s",
        )
    return _fragment_or_page(
        request, "duty_form", _duty_form_context(plan, form, None), title="Thêm chế độ báo cáo"
    )


@login_required_view
def duty_row(request: HttpRequest, pk: int, duty_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    duty = _load_child(ReportingDuty, duty_pk, plan)
    if not _is_htmx(request):
        return _back_to(plan, f"duty-{duty.pk}")
    can_edit = access(request).can_edit_plans_of(plan.agency)
    return render(
        request, f"{FRAGMENTS}#duty_row", {"plan": plan, "duty": duty, "can_edit": can_edit}
    )


@login_required_view
@require_http_methods(["GET", "POST"])
def duty_update(request: HttpRequest, pk: int, duty_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    duty = _load_child(ReportingDuty, duty_pk, plan)
    auto_id = f"d{duty.pk}_%s"
    if request.method == "POST":
        form = DutyForm(request.POST, instance=duty, auto_id=auto_id)
        if form.is_valid():
            try:
                services.reporting_duty_update(
                    duty=duty,
                    fields=form.service_fields(),  # type: ignore[arg-type]
                    user=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                key = f"duty-{duty.pk}"
                if not _is_htmx(request):
                    return _saved(_back_to(plan, key), request, key)
                response = render(
                    request, f"{FRAGMENTS}#duty_row", {"plan": plan, "duty": duty, "can_edit": True}
                )
                return _saved(response, request, key)
    else:
        form = DutyForm(instance=duty, auto_id=auto_id)
    return _fragment_or_page(
        request, "duty_form", _duty_form_context(plan, form, duty), title="Sửa chế độ báo cáo"
    )


@login_required_view
@require_POST
def duty_delete(request: HttpRequest, pk: int, duty_pk: int) -> HttpResponse:
    plan = _load_plan(request, pk, edit=True)
    duty = _load_child(ReportingDuty, duty_pk, plan)
    try:
        services.reporting_duty_delete(duty=duty, user=request.user)
    except ValidationError as exc:
        return _delete_refused(request, plan, exc)
    return _deleted(request, plan, "chế độ báo cáo")
