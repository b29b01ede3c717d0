"""The administrator's audit page: every recorded change, across every audited model.

django-simple-history keeps one row per save of each audited model (who, when, the whole
row after the change). This page lists them all, newest first, filtered by model, user,
date range and agency, with the fields that changed (before → after) computed against the
previous row of the same object.

The record only grows: this module has no view that writes, the admin shows no
historical model, and its history pages refuse the "revert" POST
(genderplan/history_admin.py). Only a superuser opens the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from genderplan.access import login_required_view, require_superuser
from plans.selectors import Change

PAGE_SIZE = 50
ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
# Fields every historical row has; never shown as "changed".
_BOOKKEEPING = {"updated_at", "changed_in_version", "version", "updated_by"}


# --------------------------------------------------------------------------------------
# Which models are audited, and how each one reaches an agency
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Audited:
    label: str  # "reports.submission"
    model: type[models.Model]
    history: type[models.Model]
    agency_q: Callable[[int], Q] | None

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name)


def _via(parent_label: str, parent_path: str, fk: str) -> Callable[[int], Q]:
    def q(agency_id: int) -> Q:
        parent = apps.get_model(parent_label)
        pks = parent.objects.filter(**{parent_path: agency_id}).values("pk")
        return Q(**{f"{fk}__in": pks})

    return q


def _agency_rule(model: type[models.Model]) -> Callable[[int], Q] | None:
    names = {f.name for f in model._meta.get_fields()}
    if model._meta.label_lower == "plans.agency":
        return lambda a: Q(id=a)
    if "agency" in names:
        return lambda a: Q(agency_id=a)
    if "province" in names:
        return lambda a: Q(province_id=a)
    if "submission" in names:
        return _via("reports.Submission", "agency_id", "submission_id")
    if "plan" in names:
        return _via("plans.Plan", "agency_id", "plan_id")
    if "target" in names:
        return _via("plans.Target", "plan__agency_id", "target_id")
    return None


def audited_models() -> list[Audited]:
    found = []
    for model in apps.get_models():
        attr = getattr(model._meta, "simple_history_manager_attribute", None)
        if not attr or getattr(model, "instance_type", None) is not None:
            continue
        history = getattr(model, attr).model
        found.append(Audited(model._meta.label_lower, model, history, _agency_rule(model)))
    return sorted(found, key=lambda a: a.name)


# --------------------------------------------------------------------------------------
# Filters and the combined query
# --------------------------------------------------------------------------------------
@dataclass
class Filters:
    model: str = ""
    user: str = ""  # username
    since: datetime.date | None = None
    until: datetime.date | None = None
    agency: int | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request: HttpRequest, labels: set[str]) -> Filters:
        f = cls()
        get = request.GET
        if get.get("model") in labels:
            f.model = get["model"]
        f.user = (get.get("user") or "").strip()[:150]
        f.agency = _int(get.get("agency"))
        f.since = _date(get.get("since"), f.errors, "Từ ngày")
        f.until = _date(get.get("until"), f.errors, "Đến ngày")
        return f

    def querystring(self) -> str:
        from urllib.parse import urlencode

        pairs = {
            "model": self.model,
            "user": self.user,
            "agency": self.agency or "",
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _int(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value > 0 else None


def _date(raw: str | None, errors: list[str], label: str) -> datetime.date | None:
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    errors.append(f"{label}: “{raw[:40]}” không phải ngày (dạng ngày/tháng/năm).")
    return None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def change_rows(filters: Filters, audited: list[Audited]):
    """One query (UNION ALL over the historical tables): label, history id and date."""
    parts = []
    for a in audited:
        if filters.model and a.label != filters.model:
            continue
        qs = a.history.objects.all()
        if filters.agency:
            if a.agency_q is None:
                continue
            qs = qs.filter(a.agency_q(filters.agency))
        if filters.user:
            qs = qs.filter(history_user__username=filters.user)
        if filters.since:
            qs = qs.filter(history_date__gte=_day_start(filters.since))
        if filters.until:
            qs = qs.filter(history_date__lt=_day_start(filters.until + datetime.timedelta(days=1)))
        parts.append(
            qs.order_by()
            .annotate(model_label=Value(a.label, output_field=models.CharField()))
            .values_list("model_label", "history_id", "history_date")
        )
    if not parts:
        return (
            audited[0]
            .history.objects.none()
            .values_list("history_id", "history_id", "history_date")
        )
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-history_date", "-history_id")


# --------------------------------------------------------------------------------------
# What one page shows
# --------------------------------------------------------------------------------------
@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    action_label: str
    model_name: str
    object_id: object
    object_label: str
    reason: str
    changes: list[Change]


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M:%S %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


_LABEL_FIELDS = ("agency_name", "title", "name", "wording", "description", "heading", "code")


def _label(record) -> str:
    for name in _LABEL_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str) and value.strip():
            return value if len(value) <= 120 else value[:119] + "…"
    return ""


def _verbose(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _changes(a: Audited, record, prev) -> list[Change]:
    if record.history_type == "-":
        return []
    if prev is None:
        out = []
        for f in a.model._meta.concrete_fields:
            if f.primary_key or f.attname in _BOOKKEEPING or f.name in _BOOKKEEPING:
                continue
            value = getattr(record, f.attname, None)
            if value not in (None, ""):
                out.append(Change(_verbose(a.model, f.name), "", _shown(value)))
        return out
    delta = record.diff_against(prev, foreign_keys_are_objs=False)
    return [
        Change(_verbose(a.model, c.field), _shown(c.old), _shown(c.new))
        for c in delta.changes
        if c.field not in _BOOKKEEPING
    ]


def _user_name(user) -> str:
    if user is None:
        return "(hệ thống)"
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


def page_entries(rows: list[tuple[str, int, datetime.datetime]], audited: list[Audited]):
    by_label = {a.label: a for a in audited}
    wanted: dict[str, list[int]] = {}
    for label, history_id, _ in rows:
        wanted.setdefault(label, []).append(history_id)
    records = {}
    previous = {}
    for label, ids in wanted.items():
        history = by_label[label].history
        pk = by_label[label].model._meta.pk.attname
        # The row before each one, as simple-history's `prev_record` finds it, but for the
        # whole page in two queries per model instead of one per row.
        before = history.objects.filter(
            **{pk: OuterRef(pk)}, history_date__lt=OuterRef("history_date")
        ).order_by("-history_date")
        found = list(
            history.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(prev_id=Subquery(before.values("history_id")[:1]))
        )
        prev_ids = [r.prev_id for r in found if r.history_type != "+" and r.prev_id is not None]
        by_id = history.objects.in_bulk(prev_ids) if prev_ids else {}
        for rec in found:
            records[(label, rec.history_id)] = rec
            previous[(label, rec.history_id)] = by_id.get(rec.prev_id)
    entries = []
    for label, history_id, _ in rows:
        rec = records.get((label, history_id))
        if rec is None:
            continue
        a = by_label[label]
        prev = previous[(label, history_id)] if rec.history_type != "+" else None
        entries.append(
            Entry(
                when=rec.history_date,
                who=_user_name(rec.history_user),
                action=rec.history_type,
                action_label=ACTIONS.get(rec.history_type, rec.history_type),
                model_name=a.name,
                object_id=getattr(rec, a.model._meta.pk.attname, ""),
                object_label=_label(rec),
                reason=rec.history_change_reason or "",
                changes=_changes(a, rec, prev),
            )
        )
    return entries


@login_required_view
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    require_superuser(request)
    audited = audited_models()
    filters = Filters.from_request(request, {a.label for a in audited})
    page = Paginator(change_rows(filters, audited), PAGE_SIZE).get_page(request.GET.get("page"))
    Agency = apps.get_model("plans", "Agency")
    return render(
        request,
        "audit/changes.html",
        {
            "page": page,
            "entries": page_entries(list(page.object_list), audited),
            "filters": filters,
            "querystring": filters.querystring(),
            "models": [(a.label, a.name) for a in audited],
            "agencies": Agency.objects.order_by("code").only("pk", "code", "name"),
        },
    )
