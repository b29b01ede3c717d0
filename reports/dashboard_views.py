"""Dashboards: the committee's view of its province, each agency's view of itself, and the
Excel export of a round's roll-up. Views load through the access helper, read through
`reports.dashboard`, and render; nothing here computes a number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from genderplan.access import Action, access, login_required_view
from indicators.models import Domain
from plans.models import Agency
from reports import dashboard as dash
from reports.charts import SeriesPoint, TrendSeries, chart_spec
from reports.models import ReportingRound

PROVISIONAL_PARAM = "tam-tinh"


@dataclass
class ChartBlock:
    """A chart and the table of its data, side by side."""

    id: str
    title: str
    spec: dict[str, Any]
    rows: list[dash.IndicatorRow]


def _provisional(request: HttpRequest) -> bool:
    return request.GET.get(PROVISIONAL_PARAM) == "1"


def _pick(items: list, raw: str | None, attr: str = "pk"):
    """The item whose `attr` matches the query value, or None (bad input is ignored)."""
    if not raw:
        return None
    return next((i for i in items if str(getattr(i, attr)) == raw), None)


def _series(rows: list[dash.IndicatorRow]) -> list[TrendSeries]:
    return [
        TrendSeries(
            row.indicator.name,
            "%" if row.indicator.unit == "%" else row.indicator.unit,
            [SeriesPoint(p.year, p.number, p.required) for p in row.trend],
        )
        for row in rows
    ]


def _has_data(row: dash.IndicatorRow) -> bool:
    return any(p.number is not None for p in row.trend)


def _chart_blocks(groups: list[tuple[Domain, list[dash.IndicatorRow]]]) -> list[ChartBlock]:
    blocks = []
    for domain, rows in groups:
        shown = [r for r in rows if _has_data(r)]
        if not shown:
            continue
        blocks.append(
            ChartBlock(
                id=f"bieu-do-{domain.code}",
                title=domain.name,
                spec=chart_spec(_series(shown), columns=2, width=230, height=120),
                rows=shown,
            )
        )
    return blocks


@login_required_view
def committee_dashboard(request: HttpRequest) -> HttpResponse:
    acc = access(request)
    if acc.is_superuser:
        provinces = list(Agency.objects.filter(kind=Agency.Kind.PROVINCE).order_by("name"))
    else:
        provinces = list({p.pk: p for p in acc.committee_provinces}.values())
    if not provinces:
        # Staff and leaders have their own agency's dashboard: the nav link leads there.
        if acc.home_agencies:
            return redirect("agency_dashboard", pk=acc.home_agencies[0].pk)
        raise Http404
    province = _pick(provinces, request.GET.get("tinh"))
    if province is None:
        # Superusers start on the first province that has rounds.
        with_rounds = set(
            ReportingRound.objects.filter(province__in=provinces).values_list(
                "province_id", flat=True
            )
        )
        province = next((p for p in provinces if p.pk in with_rounds), provinces[0])
    rounds = list(dash.province_rounds(province))
    rnd = _pick(rounds, request.GET.get("ky")) or dash.default_round(rounds)
    domains = list(Domain.objects.order_by("number"))
    domain = _pick(domains, request.GET.get("linh-vuc"), "code")
    provisional = _provisional(request)
    compare = "province" if request.GET.get("doi-chieu") == "tinh" else "own"
    context: dict[str, Any] = {
        "province": province,
        "provinces": provinces if len(provinces) > 1 else [],
        "rounds": rounds,
        "round": rnd,
        "domains": domains,
        "domain": domain,
        "provisional": provisional,
        "provisional_label": dash.PROVISIONAL_LABEL,
        "compare": compare,
        "legend": dash.legend(),
    }
    if rnd is not None:
        agency_query = _agency_query(rnd, provisional)

        def render_body() -> str:
            data = dash.province_dashboard(
                rnd, domain=domain, provisional=provisional, compare=compare
            )
            return render_to_string(
                "reports/_dashboard_body.html",
                context
                | {
                    "data": data,
                    "charts": _chart_blocks(data.domains),
                    "buckets": _buckets(rnd, data.completeness),
                    "agency_query": agency_query,
                },
            )

        # The body depends on the data only, never on the user: it may come from the cache
        # (REPORTS_DASHBOARD_CACHE; reports/dashboard.py says what its key covers).
        key = dash.dashboard_body_key(
            rnd,
            domain=domain,
            provisional=provisional,
            compare=compare,
            extra="|".join(f"{d.pk}:{d.number}:{d.name}" for d in domains),
        )
        context["body"] = mark_safe(dash.cached_body(key, render_body))  # noqa: S308
    return render(request, "reports/dashboard.html", context)


def _agency_query(rnd: ReportingRound, provisional: bool) -> str:
    return f"?ky={rnd.pk}" + (f"&{PROVISIONAL_PARAM}=1" if provisional else "")


def _buckets(rnd: ReportingRound, c) -> list[tuple[str, int, str, str]]:
    """(label, number, link, css) of the completeness panel; links go to the round's list
    page filtered to that bucket."""
    base = f"/ky-bao-cao/{rnd.pk}/"
    return [
        (_("Phải báo cáo"), c.expected, base, "expected"),
        (_("Đã gửi"), c.submitted, f"{base}?nhom=submitted", "submitted"),
        (_("Đã tiếp nhận"), c.accepted, f"{base}?nhom=accepted", "accepted"),
        (_("Đúng hạn"), c.on_time, f"{base}?nhom=on_time", "on_time"),
        (_("Trễ hạn"), c.late, f"{base}?nhom=late", "late"),
        (_("Chưa gửi"), c.missing, f"{base}?nhom=missing", "missing"),
    ]


@login_required_view
def agency_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    acc = access(request)
    agency = acc.require_agency(pk, Action.READ)
    scope = dash.agency_scope_ids(agency)
    rounds = list(
        dash.province_rounds(agency.province).filter(submissions__agency_id__in=scope).distinct()
    )
    rnd = _pick(rounds, request.GET.get("ky")) or dash.default_round(rounds, agency_ids=scope)
    provisional = _provisional(request)
    data = dash.agency_dashboard(agency, rnd, provisional=provisional, scope_ids=scope)
    targeted = data.with_targets
    charted = targeted or [r for r in data.rows if _has_data(r)][:6]
    chart = (
        ChartBlock(
            id="bieu-do-co-quan",
            title="Chỉ tiêu của cơ quan" if targeted else "Một số chỉ số",
            spec=chart_spec(_series(charted), columns=2, width=230, height=120),
            rows=charted,
        )
        if charted and any(_has_data(r) for r in charted)
        else None
    )
    return render(
        request,
        "reports/agency_dashboard.html",
        {
            "agency": agency,
            "rounds": rounds,
            "round": rnd,
            "data": data,
            "chart": chart,
            "provisional": provisional,
            "provisional_label": dash.PROVISIONAL_LABEL,
            "legend": dash.legend(),
            "is_committee": acc.can(Action.REVIEW, agency),
            "committee_url": reverse("dashboard") + (f"?ky={rnd.pk}" if rnd is not None else ""),
        },
    )


@login_required_view
def round_rollup_excel(request: HttpRequest, pk: int) -> HttpResponse:
    from reports.rollup_excel import rollup_workbook

    rnd = get_object_or_404(ReportingRound.objects.select_related("province"), pk=pk)
    # The committee of the round's province (and the superuser); others get a 404.
    access(request).require(Action.REVIEW, rnd.province)
    provisional = _provisional(request)
    content = rollup_workbook(rnd, provisional=provisional)
    kind = "so-ket" if rnd.kind == ReportingRound.Kind.MID_YEAR else "tong-ket"
    suffix = "-tam-tinh" if provisional else ""
    filename = f"tong-hop-{kind}-{rnd.year}-{rnd.province.code}{suffix}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
