"""Journey 3, step 3 in a real browser: the committee's dashboard with demo-like data (Hà
Tĩnh's departments, annual rounds 2022–2025 with plausible figures, the seed plans and a
few departments' own targets). The trend charts draw under the CSP (no console errors),
a red cell of the heatmap leads to that agency's dashboard showing the same value.

Screenshots: test-artifacts/dashboard-committee.png and dashboard-agency.png."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.catalogue import IC, load_catalogue
from indicators.models import DataElement, Domain, Indicator
from plans import demo as plans_demo
from plans.models import Milestone, Plan, Target
from reports import demo as reports_demo
from reports.models import FigureValue, ReportingRound, Submission
from reports.services import required_agencies_default
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Own targets of a few departments (annual plans 2025), so the heatmap has colours.
OWN_TARGETS = {
    "HT-STC": [(IC.TY_LE_NU_LANH_DAO, 35), (IC.TY_LE_NU_DUOC_BOI_DUONG, 40)],
    "HT-SYT": [(IC.TY_LE_NU_LANH_DAO, 30), (IC.TY_LE_NU_KHAM_SUC_KHOE, 100)],
    "HT-SGDDT": [(IC.TY_LE_NU_LANH_DAO, 25), (IC.TY_LE_NU_QUY_HOACH, 35)],
    "HT-SNV": [(IC.TY_LE_NU_LANH_DAO, 40), (IC.TY_LE_NU_CBCCVC, 45)],
}


def _decimal(raw) -> Decimal | None:
    if raw is None or raw == "":
        return None
    return Decimal({"Có": "1", "Không": "0"}.get(str(raw), str(raw)))


def seed_demo_like(world) -> None:
    load_catalogue(Domain, DataElement, Indicator, overwrite=False)
    agencies = plans_demo.seed_agencies()
    try:
        from plans.demo_plans import seed_plans

        seed_plans(agencies)
    except ImportError:  # the seed plans are another module's; the test stands without them
        pass
    elements = list(DataElement.objects.filter(active=True))
    for year in (2022, 2023, 2024, 2025):
        kind = ReportingRound.Kind.ANNUAL
        start, end = ReportingRound.default_window(year, kind)
        rnd = ReportingRound.objects.create(
            province=world.province,
            year=year,
            kind=kind,
            window_start=start,
            window_end=end,
            deadline=ReportingRound.default_deadline(year, kind),
            status=ReportingRound.Status.CLOSED,
        )
        rnd.elements.set(elements)
        departments = list(required_agencies_default(world.province, end).order_by("code"))
        sent = timezone.make_aware(datetime.datetime(year, 12, 8, 9))
        for i, agency in enumerate(departments):
            # 2025: one department missing, one returned; the rest accepted.
            status = Submission.Status.ACCEPTED
            if year == 2025 and i == 3:
                status = Submission.Status.RETURNED
            sub = Submission.objects.create(
                round=rnd,
                agency=agency,
                agency_name=agency.name,
                status=Submission.Status.DRAFT if year == 2025 and i == 5 else status,
                first_submitted_at=None if year == 2025 and i == 5 else sent,
                submitted_at=None if year == 2025 and i == 5 else sent,
                accepted_at=sent if status == Submission.Status.ACCEPTED else None,
            )
            if sub.status == Submission.Status.DRAFT:
                continue
            figures = reports_demo._figures(agency, year, False, elements)
            by_code = {e.code: e for e in elements}
            FigureValue.objects.bulk_create(
                [
                    FigureValue(
                        submission=sub,
                        element=by_code[code],
                        total=_decimal(f.total),
                        women=_decimal(f.women),
                        value=_decimal(f.value),
                    )
                    for code, f in figures.items()
                ]
            )
    for code, targets in OWN_TARGETS.items():
        plan = Plan.objects.create(
            agency=agencies[code],
            kind=Plan.Kind.ANNUAL,
            status=Plan.Status.ISSUED,
            number=12,
            symbol=f"KH-{agencies[code].doc_abbreviation}",
            title="Kế hoạch công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2025",
            period_start=2025,
            period_end=2025,
        )
        for order, (indicator, value) in enumerate(targets):
            target = Target.objects.create(
                plan=plan,
                order=order,
                wording="Chỉ tiêu năm 2025",
                kind=Target.Kind.THRESHOLD,
                indicator=Indicator.objects.get(code=indicator),
                comparator=Target.Comparator.GE,
            )
            Milestone.objects.create(target=target, year=2025, value=value)


def test_committee_dashboard_red_cell_leads_to_the_agency(page, world):
    seed_demo_like(world)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    login(page, "committee", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    page.wait_for_url(f"{page.base_url}/bang-dieu-khien/")

    assert page.get_by_role("heading", name="Bảng điều khiển — Ủy ban nhân dân tỉnh Hà Tĩnh")
    # Every trend chart drew an SVG (vega-embed, CSP-safe interpreter).
    page.locator("#bieu-do-chinh-tri svg").first.wait_for()
    charts = page.locator(".dash-chart")
    assert charts.count() >= 4
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dash-chart')]"
        ".every(el => el.querySelector('svg') && el.classList.contains('dash-chart-ready'))"
    )
    assert "Năm" in (page.locator("#bieu-do-chinh-tri svg").first.text_content() or "")
    problems = [
        m
        for m in console
        if "Content Security Policy" in m or "Refused to" in m or m.startswith("pageerror")
    ]
    assert not problems, problems
    screenshot(page, "dashboard-committee")

    # A red cell: an agency below its own target.
    red = page.locator(".dash-heatmap tbody td.status-not_met a").first
    value = red.locator(".dash-cell-value").inner_text().strip()
    indicator = red.get_attribute("data-indicator")
    assert value and value != "—"
    red.click()
    page.wait_for_url("**/co-quan/*/bang-dieu-khien/**")
    row = page.locator(f"#chi-so-{indicator}")
    assert row.locator(".dash-current-value").inner_text().strip() == value
    assert "Không đạt" in row.inner_text()
    page.locator("#bieu-do-co-quan svg").first.wait_for()
    assert not [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    screenshot(page, "dashboard-agency")
