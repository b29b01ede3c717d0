"""Pages about agencies and their plans. Views stay thin: load through the access
helper, validate a form, call a service, redirect (or render a fragment for HTMX).

The plan page is edited in place: each target, task, section and reporting duty has
fragment endpoints (row, inline form, delete) that HTMX swaps into the page. Without
HTMX the same endpoints fall back to a small page and a redirect, so nothing depends on
JavaScript to be reachable — and every endpoint is a URL with a row in the access matrix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from genderplan.access import Action, access, login_required_view
from genderplan.forms import apply_service_errors
from genderplan.ui import is_htmx, remember_saved
from indicators.models import Domain
from plans import selectors, services
from plans.forms import (
    DutyForm,
    PlanCreateForm,
    PlanForm,
    SectionForm,
    TargetForm,
    TaskForm,
)
from plans.models import Plan, PlanSection, ReportingDuty, Target, Task

FRAGMENTS = "plans/_parts.html"


# --- helpers -----------------------------------------------------------------------------


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


def _saved(response: HttpResponse, request: HttpRequest, key: str) -> HttpResponse:
    """Tell the browser's form keeper the form is stored, for fragments (a header the
    HTMX event carries) and full pages (the session flag base.html reads)."""
    if is_htmx(request):
        response["HX-Trigger"] = json.dumps({"gp-form-saved": {"key": key}})
    else:
        remember_saved(request, key)
    return response


def _fragment_or_page(
    request: HttpRequest, partial: str, context: dict[str, Any], *, title: str
) -> HttpResponse:
    """HTMX gets the fragment; a plain request gets it inside a page (no-JS fallback)."""
    if is_htmx(request):
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
                apply_service_errors(form, exc)
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
        parent = selectors.default_parent(agency=agency)
        if parent is not None:
            initial["parent"] = parent.pk
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
                apply_service_errors(form, exc)
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
    if is_htmx(request):
        return render(request, f"{FRAGMENTS}#history", context)
    return render(request, "plans/plan_history.html", context)


# --- inline editing of a plan's parts ----------------------------------------------------

type PartForm = TargetForm | SectionForm | TaskForm | DutyForm


def _empty(*_: object) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class InlineEditor[M: Model]:
    """What sets one kind of plan part (target, section, task, reporting duty) apart when
    it is edited in place; the create, row, update and delete views below are shared, so
    every kind answers HTMX and plain requests, and refuses, the same way.

    One naming scheme ties a kind to its URLs and templates: `name` is the context key,
    the prefix of the URL names (`<name>_create`, `<name>_update`, `<name>_delete`), the
    `<name>_pk` URL argument, the `<name>_form` fragment, and the `<name>-<pk>` page anchor
    and form-keeper key."""

    name: str
    model: type[M]
    form_class: type[PartForm]
    # The services; they name the part by its kind: `task_update(task=…, fields=…, user=…)`.
    create: Callable[..., M]
    update: Callable[..., object]
    delete: Callable[..., object]
    noun: str  # for "Thêm …", "Sửa …", "Đã xóa …."
    # Field ids get a prefix per form: several forms of one kind can be open on the page.
    id_prefix: str
    # URL name and fragment that show one part, and the DOM id prefix of what it replaces.
    row: str
    row_id: str
    # A page has one new-item form per domain, part or section: which one a request is for.
    slot: Callable[[HttpRequest], int | str | None] | None = None
    initial: Callable[[Plan, Any], dict[str, Any]] = _empty
    form_kwargs: Callable[[Plan], dict[str, Any]] = _empty
    service_kwargs: Callable[[Any], dict[str, Any]] = _empty
    # The part as its row shows it; the row may need more than `_load_child` reads.
    for_row: Callable[[Plan, M], M] | None = None
    context: Callable[[Plan, M, bool], dict[str, Any]] | None = None
    # A new part may be shown in a larger fragment than its row (a section with its tasks).
    created_fragment: str | None = None
    created_context: Callable[[Plan, M, bool], dict[str, Any]] | None = None
    # Where the part sits on the page; if an edit changes it, the row has to move.
    placement: Callable[[M], object] | None = None

    def load(self, plan: Plan, pk: int) -> M:
        obj = _load_child(self.model, pk, plan)
        return self.for_row(plan, obj) if self.for_row else obj

    def row_context(self, plan: Plan, obj: M, can_edit: bool) -> dict[str, Any]:
        if self.context:
            return self.context(plan, obj, can_edit)
        return {"plan": plan, self.name: obj, "can_edit": can_edit}

    def form_context(
        self, plan: Plan, form: PartForm, obj: M | None, new: str = ""
    ) -> dict[str, Any]:
        if obj is None:
            return {
                "plan": plan,
                "form": form,
                self.name: None,
                "action": reverse(f"{self.name}_create", args=[plan.pk]),
                "cancel": None,
                "keep": f"plan-{plan.pk}-{new}",
                "form_id": new,
            }
        return {
            "plan": plan,
            "form": form,
            self.name: obj,
            "action": reverse(f"{self.name}_update", args=[plan.pk, obj.pk]),
            "cancel": reverse(self.row, args=[plan.pk, obj.pk]),
            "keep": f"{self.name}-{obj.pk}",
            "form_id": f"{self.row_id}-{obj.pk}",
        }


def _named(view: Callable[..., HttpResponse], name: str) -> Callable[..., HttpResponse]:
    # Tracebacks and the debug page then name the URL's view, not the factory's closure.
    view.__name__ = view.__qualname__ = name
    return view


def _create_view(e: InlineEditor[Any]) -> Callable[..., HttpResponse]:
    @login_required_view
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        plan = _load_plan(request, pk, edit=True)
        slot = e.slot(request) if e.slot else None
        tag = str(slot or 0) if e.slot else ""
        new = f"{e.name}-new-{tag}" if tag else f"{e.name}-new"
        auto_id = f"{e.id_prefix}new{tag}_%s"
        if request.method == "POST":
            form = e.form_class(request.POST, auto_id=auto_id, **e.form_kwargs(plan))
            if form.is_valid():
                try:
                    obj = e.create(
                        plan=plan,
                        fields=form.service_fields(),
                        user=request.user,
                        **e.service_kwargs(form),
                    )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    key = f"plan-{plan.pk}-{new}"
                    if not is_htmx(request):
                        return _saved(_back_to(plan, f"{e.name}-{obj.pk}"), request, key)
                    obj = e.for_row(plan, obj) if e.for_row else obj
                    context = (e.created_context or e.row_context)(plan, obj, True)
                    response = render(
                        request, f"{FRAGMENTS}#{e.created_fragment or e.row}", context
                    )
                    return _saved(response, request, key)
        else:
            form = e.form_class(
                initial=e.initial(plan, slot), auto_id=auto_id, **e.form_kwargs(plan)
            )
        return _fragment_or_page(
            request,
            f"{e.name}_form",
            e.form_context(plan, form, None, new),
            title=f"Thêm {e.noun}",
        )

    return _named(view, f"{e.name}_create")


def _row_view(e: InlineEditor[Any]) -> Callable[..., HttpResponse]:
    @login_required_view
    def view(request: HttpRequest, pk: int, **part: int) -> HttpResponse:
        plan = _load_plan(request, pk)
        obj = e.load(plan, part[f"{e.name}_pk"])
        if not is_htmx(request):
            return _back_to(plan, f"{e.name}-{obj.pk}")
        can_edit = access(request).can_edit_plans_of(plan.agency)
        return render(request, f"{FRAGMENTS}#{e.row}", e.row_context(plan, obj, can_edit))

    return _named(view, e.row)


def _update_view(e: InlineEditor[Any]) -> Callable[..., HttpResponse]:
    @login_required_view
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int, **part: int) -> HttpResponse:
        plan = _load_plan(request, pk, edit=True)
        obj = e.load(plan, part[f"{e.name}_pk"])
        auto_id = f"{e.id_prefix}{obj.pk}_%s"
        kwargs = e.form_kwargs(plan)
        if request.method == "POST":
            form = e.form_class(request.POST, instance=obj, auto_id=auto_id, **kwargs)
            if form.is_valid():
                placed = e.placement(obj) if e.placement else None
                try:
                    e.update(
                        **{e.name: obj},
                        fields=form.service_fields(),
                        user=request.user,
                        **e.service_kwargs(form),
                    )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    key = f"{e.name}-{obj.pk}"
                    if not is_htmx(request):
                        return _saved(_back_to(plan, key), request, key)
                    if e.placement and e.placement(obj) != placed:
                        # The row belongs elsewhere on the page (another section): reload it.
                        remember_saved(request, key)
                        response = HttpResponse("")
                        response["HX-Redirect"] = f"{reverse('plan_detail', args=[plan.pk])}#{key}"
                        return response
                    obj = e.for_row(plan, obj) if e.for_row else obj
                    response = render(
                        request, f"{FRAGMENTS}#{e.row}", e.row_context(plan, obj, True)
                    )
                    return _saved(response, request, key)
        else:
            form = e.form_class(instance=obj, auto_id=auto_id, **kwargs)
        return _fragment_or_page(
            request, f"{e.name}_form", e.form_context(plan, form, obj), title=f"Sửa {e.noun}"
        )

    return _named(view, f"{e.name}_update")


def _deleted(request: HttpRequest, plan: Plan, what: str) -> HttpResponse:
    if is_htmx(request):
        return HttpResponse("")  # the swap removes the row
    messages.success(request, f"Đã xóa {what}.")
    return _back_to(plan)


def _delete_refused(request: HttpRequest, plan: Plan, exc: ValidationError) -> HttpResponse:
    if is_htmx(request):
        response = render(request, f"{FRAGMENTS}#refusal", {"messages_list": exc.messages})
        # The row stays; the refusal goes to the message area at the top of the page.
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    for message in exc.messages:
        messages.error(request, message)
    return _back_to(plan)


def _delete_view(e: InlineEditor[Any]) -> Callable[..., HttpResponse]:
    @login_required_view
    @require_POST
    def view(request: HttpRequest, pk: int, **part: int) -> HttpResponse:
        plan = _load_plan(request, pk, edit=True)
        obj = _load_child(e.model, part[f"{e.name}_pk"], plan)
        try:
            e.delete(**{e.name: obj}, user=request.user)
        except ValidationError as exc:
            return _delete_refused(request, plan, exc)
        return _deleted(request, plan, e.noun)

    return _named(view, f"{e.name}_delete")


# --- targets -----------------------------------------------------------------------------


def _target_context(plan: Plan, target: Target, can_edit: bool = True) -> dict[str, Any]:
    # With the reported values, as on the full page: the row's status badge must not
    # change when it is saved.
    selectors.annotate_targets([target], selectors.target_values(plan))
    return {"plan": plan, "target": target, "can_edit": can_edit}


def _target_initial(plan: Plan, domain_pk: int | None) -> dict[str, Any]:
    domain = Domain.objects.filter(pk=domain_pk).first()
    return {"domain": domain.pk if domain else None, "kind": Target.Kind.THRESHOLD}


TARGETS = InlineEditor(
    name="target",
    model=Target,
    form_class=TargetForm,
    create=services.target_create,
    update=services.target_update,
    delete=services.target_delete,
    noun="chỉ tiêu",
    id_prefix="t",
    row="target_row",
    row_id="target",
    slot=lambda request: _int_or_none(request.GET.get("domain") or request.POST.get("domain")),
    initial=_target_initial,
    service_kwargs=lambda form: {"milestones": form.cleaned_data["milestones"]},
    for_row=lambda plan, target: selectors.target_for_row(target.pk, plan),
    context=_target_context,
)
target_create = _create_view(TARGETS)
target_row = _row_view(TARGETS)
target_update = _update_view(TARGETS)
target_delete = _delete_view(TARGETS)


# --- sections ----------------------------------------------------------------------------


def _section_context(plan: Plan, section: PlanSection, can_edit: bool = True) -> dict[str, Any]:
    section = PlanSection.objects.filter(pk=section.pk).prefetch_related("tasks__lead_agency").get()
    section.plan = plan
    return {"plan": plan, "section": section, "can_edit": can_edit}


def _section_part(request: HttpRequest) -> str:
    part = request.GET.get("part") or request.POST.get("part") or PlanSection.Part.CONTENT
    return part if part in PlanSection.Part.values else PlanSection.Part.CONTENT


SECTIONS = InlineEditor(
    name="section",
    model=PlanSection,
    form_class=SectionForm,
    create=services.section_create,
    update=services.section_update,
    delete=services.section_delete,
    noun="mục",
    id_prefix="s",
    # A section is shown by its heading; a new one comes with its (empty) task list.
    row="section_head",
    row_id="section-head",
    slot=_section_part,
    initial=lambda plan, part: {"part": part},
    created_fragment="section_block",
    created_context=_section_context,
)
section_create = _create_view(SECTIONS)
section_head = _row_view(SECTIONS)
section_update = _update_view(SECTIONS)
section_delete = _delete_view(SECTIONS)


# --- tasks -------------------------------------------------------------------------------


def _task_row_context(plan: Plan, task: Task, can_edit: bool = True) -> dict[str, Any]:
    task = Task.objects.select_related("lead_agency").get(pk=task.pk)
    task.plan = plan
    return {"plan": plan, "task": task, "can_edit": can_edit}


def _task_initial(plan: Plan, section_pk: int | None) -> dict[str, Any]:
    section = plan.sections.filter(pk=section_pk).first() if section_pk else None
    return {"section": section.pk if section else None}


TASKS = InlineEditor(
    name="task",
    model=Task,
    form_class=TaskForm,
    create=services.task_create,
    update=services.task_update,
    delete=services.task_delete,
    noun="nhiệm vụ",
    id_prefix="k",
    row="task_row",
    row_id="task",
    slot=lambda request: _int_or_none(request.GET.get("section") or request.POST.get("slot")),
    initial=_task_initial,
    form_kwargs=lambda plan: {"plan": plan},
    context=_task_row_context,
    placement=lambda task: task.section_id,
)
task_create = _create_view(TASKS)
task_row = _row_view(TASKS)
task_update = _update_view(TASKS)
task_delete = _delete_view(TASKS)


# --- reporting duties --------------------------------------------------------------------

DUTIES = InlineEditor(
    name="duty",
    model=ReportingDuty,
    form_class=DutyForm,
    create=services.reporting_duty_create,
    update=services.reporting_duty_update,
    delete=services.reporting_duty_delete,
    noun="chế độ báo cáo",
    id_prefix="d",
    row="duty_row",
    row_id="duty",
    initial=lambda plan, _: {"kind": ReportingDuty.Kind.ANNUAL, "recipient": "Ban VSTBPN tỉnh"},
)
duty_create = _create_view(DUTIES)
duty_row = _row_view(DUTIES)
duty_update = _update_view(DUTIES)
duty_delete = _delete_view(DUTIES)
