"""Dashboards: numbers against hand-computed values, targets, trends, pages, Excel, charts.

The small fixture (Hà Tĩnh, annual round 2025, leaders total/women):
- A (Sở Ngoại vụ)  accepted   9 / 3, 4 activities
- B (Sở Tài chính) returned   1 / 1        (sent, not accepted: never in official figures)
- C                accepted   0 / 0, 2 activities (ratio denominator zero: "—", not 0)
- D                draft, nothing sent       (missing: never counted as zero)
- E                approved  10 / 6        (in provisional figures only)
Official share of women leaders = (3 + 0) / (9 + 0) = 33,3% over 2 of 5 agencies;
provisional = (3 + 0 + 6) / (9 + 0 + 10) = 47,4% over 3 agencies.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.catalogue import IC, E
from indicators.models import DataElement, Domain, Indicator
from plans.evaluation import Status
from plans.models import Agency, Milestone, Plan, Target
from reports import dashboard as dash
from reports.charts import SeriesPoint, TrendSeries, chart_spec, chart_svg
from reports.models import FigureValue, ReportingRound, Submission
from reports.rollup_excel import rollup_workbook, safe_text
from tests.conftest import client_for
from tests.factories import AgencyFactory

S = Submission.Status


def make_round(province, year, kind=ReportingRound.Kind.ANNUAL) -> ReportingRound:
    start, end = ReportingRound.default_window(year, kind)
    return ReportingRound.objects.create(
        province=province,
        year=year,
        kind=kind,
        window_start=start,
        window_end=end,
        deadline=ReportingRound.default_deadline(year, kind),
    )


def put(rnd, agency, status, leaders=None, activities=None, sent=None) -> Submission:
    """A submission in `status` with leaders (total, women) and an activity count."""
    sent_at = None
    if status != S.DRAFT:
        day = sent or rnd.deadline - datetime.timedelta(days=2)
        sent_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    sub = Submission.objects.create(
        round=rnd,
        agency=agency,
        agency_name=agency.name,
        status=status,
        first_submitted_at=sent_at,
        submitted_at=sent_at,
        accepted_at=sent_at if status == S.ACCEPTED else None,
    )
    if leaders is not None:
        FigureValue.objects.create(
            submission=sub,
            element=DataElement.objects.get(code=E.LANH_DAO_QUAN_LY),
            total=Decimal(leaders[0]),
            women=Decimal(leaders[1]),
        )
    if activities is not None:
        FigureValue.objects.create(
            submission=sub,
            element=DataElement.objects.get(code=E.HOAT_DONG_TRUYEN_THONG),
            value=Decimal(activities),
        )
    return sub


def add_target(agency, indicator_code, milestones, *, start=2021, end=2030, kind="threshold"):
    plan = Plan.objects.create(
        agency=agency,
        kind=Plan.Kind.MULTI_YEAR,
        status=Plan.Status.ISSUED,
        title=f"Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới — {agency.name}",
        period_start=start,
        period_end=end,
    )
    target = Target.objects.create(
        plan=plan,
        wording="Tỷ lệ nữ lãnh đạo, quản lý đạt chỉ tiêu",
        kind=kind,
        indicator=Indicator.objects.get(code=indicator_code),
        comparator=Target.Comparator.GE,
    )
    for year, value in milestones:
        Milestone.objects.create(target=target, year=year, value=Decimal(value))
    return target


@pytest.fixture
def small(world):
    c = AgencyFactory(code="HT-SYT", name="Sở Y tế", parent=world.province)
    d = AgencyFactory(code="HT-SXD", name="Sở Xây dựng", parent=world.province)
    e = AgencyFactory(code="HT-STP", name="Sở Tư pháp", parent=world.province)
    rnd = make_round(world.province, 2025)
    put(rnd, world.agency_a, S.ACCEPTED, leaders=(9, 3), activities=4)
    put(rnd, world.agency_b, S.RETURNED, leaders=(1, 1), activities=9)
    put(rnd, c, S.ACCEPTED, leaders=(0, 0), activities=2)
    put(rnd, d, S.DRAFT)
    put(
        rnd,
        e,
        S.APPROVED,
        leaders=(10, 6),
        activities=1,
        sent=rnd.deadline + datetime.timedelta(days=3),
    )
    world.c, world.d, world.e, world.round = c, d, e, rnd
    return world


def leaders() -> Indicator:
    return Indicator.objects.get(code=IC.TY_LE_NU_LANH_DAO)


def row_of(data, code):
    return next(r for r in data.rows if r.indicator.code == code)


def cell_of(data, agency, code):
    grid_row = next(g for g in data.grid if g.agency.pk == agency.pk)
    return next(c for c in grid_row.cells if c.indicator.code == code)


# ------------------------------------------------------------------ numbers by hand


def test_province_value_sums_then_divides_over_accepted_reports(small):
    data = dash.province_dashboard(small.round)
    row = row_of(data, IC.TY_LE_NU_LANH_DAO)
    assert (row.value.numerator, row.value.denominator) == (Decimal(3), Decimal(9))
    assert row.value.value == Decimal("33.3")
    assert row.display == "33,3%"
    # A and C reported both parts; B (returned), D (missing), E (not accepted) did not count.
    assert row.coverage == "2/5 cơ quan"
    count = row_of(data, IC.SO_HOAT_DONG_TRUYEN_THONG)
    assert count.value.value == Decimal(6)  # 4 + 2: B's 9 and E's 1 are not accepted
    assert count.display == "6 hoạt động"


def test_grid_cells_zero_denominator_missing_and_returned(small):
    data = dash.province_dashboard(small.round)
    code = IC.TY_LE_NU_LANH_DAO
    assert cell_of(data, small.agency_a, code).display == "33,3%"
    zero = cell_of(data, small.c, code)
    assert zero.display == "—" and zero.zero_denominator
    assert zero.value.value is None  # not 0
    assert "Mẫu số bằng 0" in zero.title
    for missing in (small.agency_b, small.d, small.e):
        cell = cell_of(data, missing, code)
        assert cell.display == "—" and cell.judgement.status == Status.NO_DATA
    # Every expected agency has a row, including the missing one.
    assert {g.agency.pk for g in data.grid} == {
        small.agency_a.pk,
        small.agency_b.pk,
        small.c.pk,
        small.d.pk,
        small.e.pk,
    }


def test_provisional_adds_sent_but_not_accepted(small):
    data = dash.province_dashboard(small.round, provisional=True)
    row = row_of(data, IC.TY_LE_NU_LANH_DAO)
    assert (row.value.numerator, row.value.denominator, row.value.agencies) == (
        Decimal(9),
        Decimal(19),
        3,
    )
    assert row.display == "47,4%"
    assert cell_of(data, small.e, IC.TY_LE_NU_LANH_DAO).display == "60,0%"
    # A returned report is not "submitted" any more: never in provisional figures either.
    assert cell_of(data, small.agency_b, IC.TY_LE_NU_LANH_DAO).display == "—"


def test_completeness_counts(small):
    c = dash.province_dashboard(small.round).completeness
    assert (c.expected, c.submitted, c.accepted, c.late, c.missing) == (5, 4, 2, 1, 1)


# ------------------------------------------------------------------------- targets


def test_province_and_agency_targets_are_evaluated(small):
    add_target(small.province, IC.TY_LE_NU_LANH_DAO, [(2025, 35)])
    add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2025, 30)])
    add_target(small.c, IC.TY_LE_NU_LANH_DAO, [(2025, 30)])
    data = dash.province_dashboard(small.round)
    row = row_of(data, IC.TY_LE_NU_LANH_DAO)
    assert row.judgement.status == Status.NOT_MET  # 33,3 < 35
    assert row.judgement.required_text == "≥ 35%"
    assert "không đạt" in row.judgement.explanation
    assert cell_of(data, small.agency_a, IC.TY_LE_NU_LANH_DAO).judgement.status == Status.MET
    # Zero denominator: no value, so no verdict either.
    assert cell_of(data, small.c, IC.TY_LE_NU_LANH_DAO).judgement.status == Status.NO_DATA
    # An agency with no target of its own: value shown, not coloured.
    assert cell_of(data, small.d, IC.TY_LE_NU_LANH_DAO).judgement.status == Status.NO_DATA
    other = dash.province_dashboard(small.round)
    assert cell_of(other, small.agency_a, IC.SO_HOAT_DONG_TRUYEN_THONG).judgement.status == (
        dash.NO_TARGET
    )
    # Compared with the province's target instead, A's 33,3% is below 35%.
    against_province = dash.province_dashboard(small.round, compare="province")
    cell = cell_of(against_province, small.agency_a, IC.TY_LE_NU_LANH_DAO)
    assert cell.judgement.status == Status.NOT_MET


def test_draft_and_out_of_period_plans_do_not_apply(small):
    draft = add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2025, 90)])
    Plan.objects.filter(pk=draft.plan_id).update(status=Plan.Status.DRAFT)
    add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2020, 90)], start=2016, end=2020)
    data = dash.province_dashboard(small.round)
    assert cell_of(data, small.agency_a, IC.TY_LE_NU_LANH_DAO).judgement.status == dash.NO_TARGET


def test_worst_of_several_targets_is_shown(small):
    add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2025, 30)])
    add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2025, 40)])
    cell = cell_of(dash.province_dashboard(small.round), small.agency_a, IC.TY_LE_NU_LANH_DAO)
    assert cell.judgement.status == Status.NOT_MET
    assert cell.judgement.required_text == "≥ 40%"


def test_trend_across_annual_rounds_and_path(small):
    """2023: 2/10, 2024: 2,5/10 → path towards 35% in 2026; 2025 judged on the path."""
    for year, (total, women) in ((2023, (10, 2)), (2024, (8, 2))):
        rnd = make_round(small.province, year)
        put(rnd, small.agency_a, S.ACCEPTED, leaders=(total, women))
    add_target(small.province, IC.TY_LE_NU_LANH_DAO, [(2026, 35)])
    data = dash.province_dashboard(small.round)
    row = row_of(data, IC.TY_LE_NU_LANH_DAO)
    assert [(p.year, p.number) for p in row.trend] == [
        (2023, Decimal("20.0")),
        (2024, Decimal("25.0")),
        (2025, Decimal("33.3")),
    ]
    assert [p.value.agencies for p in row.trend] == [1, 1, 2]
    # From 20% in 2023 to 35% in 2026: 30% expected in 2025; 33,3% is on track.
    assert row.judgement.status == Status.ON_TRACK
    assert data.years == [2023, 2024, 2025]


def test_mid_year_round_is_at_risk_not_failed(small):
    mid = make_round(small.province, 2025, ReportingRound.Kind.MID_YEAR)
    put(mid, small.agency_a, S.ACCEPTED, leaders=(9, 3))
    add_target(small.province, IC.TY_LE_NU_LANH_DAO, [(2025, 35)])
    row = row_of(dash.province_dashboard(mid), IC.TY_LE_NU_LANH_DAO)
    assert row.judgement.status == Status.AT_RISK
    assert row.judgement.explanation.startswith("Số liệu sơ kết 6 tháng")
    # The annual trend of a mid-year round stops before its own year.
    assert dash.trend_rounds(mid) == []


def test_agency_scope_includes_sub_units(small):
    sub = small.subunit_a
    small.round.submissions.create(
        agency=sub, agency_name=sub.name, status=S.ACCEPTED
    ).figures.create(element=DataElement.objects.get(code=E.LANH_DAO_QUAN_LY), total=1, women=1)
    data = dash.agency_dashboard(small.agency_a, small.round)
    row = row_of(data, IC.TY_LE_NU_LANH_DAO)
    assert row.value.value == Decimal("40.0")  # (3 + 1) / (9 + 1)
    assert row.coverage == "2/2 cơ quan"


def test_domain_filter(small):
    domain = Domain.objects.get(code="truyen-thong")
    data = dash.province_dashboard(small.round, domain=domain)
    assert {i.domain_id for i in data.indicators} == {domain.pk}
    assert len(data.grid[0].cells) == len(data.indicators)


# --------------------------------------------------------------------------- pages


def test_committee_dashboard_page_shows_hand_computed_numbers(small):
    add_target(small.province, IC.TY_LE_NU_LANH_DAO, [(2025, 35)])
    response = client_for(small, "committee").get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "33,3%" in html and "2/5 cơ quan" in html
    assert "Không đạt" in html and "≥ 35%" in html
    assert f"/ky-bao-cao/{small.round.pk}/?nhom=late" in html
    assert 'type="application/json"' in html and 'id="bieu-do-chinh-tri-spec"' in html
    assert "Số liệu tạm tính" not in html
    provisional = client_for(small, "committee").get(reverse("dashboard"), {"tam-tinh": "1"})
    assert "Số liệu tạm tính (chưa được tiếp nhận)" in provisional.content.decode()
    assert "47,4%" in provisional.content.decode()


def test_heatmap_links_to_agency_page_with_same_value(small):
    add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2025, 40)])
    client = client_for(small, "committee")
    html = client.get(reverse("dashboard")).content.decode()
    link = (
        reverse("agency_dashboard", args=[small.agency_a.pk])
        + f"?ky={small.round.pk}#chi-so-{IC.TY_LE_NU_LANH_DAO}"
    )
    assert link in html
    page = client.get(link.split("#")[0]).content.decode()
    row_start = page.index(f'id="chi-so-{IC.TY_LE_NU_LANH_DAO}"')
    assert "33,3%" in page[row_start : page.index("</tr>", row_start)]


def test_agency_dashboard_for_staff_and_committee(small):
    add_target(small.agency_a, IC.TY_LE_NU_LANH_DAO, [(2025, 30)])
    url = reverse("agency_dashboard", args=[small.agency_a.pk])
    for persona in ("staff_a", "leader_a", "committee"):
        html = client_for(small, persona).get(url).content.decode()
        assert "33,3%" in html and "Đạt" in html
        assert "Tổng kết năm 2025" in html
    assert client_for(small, "staff_b").get(url).status_code == 404


def test_staff_on_the_committee_url_go_to_their_agency(small):
    response = client_for(small, "staff_a").get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("agency_dashboard", args=[small.agency_a.pk])


def test_superuser_picks_a_province(small):
    response = client_for(small, "superuser").get(
        reverse("dashboard"), {"tinh": small.other_province.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Lạng Sơn" in html
    assert "chưa mở kỳ báo cáo" in html


def test_a_committee_member_never_sees_another_province(small):
    other = make_round(small.other_province, 2025)
    response = client_for(small, "committee").get(
        reverse("dashboard"), {"tinh": small.other_province.pk, "ky": other.pk}
    )
    html = response.content.decode()
    assert "Hà Tĩnh" in html and "Lạng Sơn" not in html


# --------------------------------------------------------------------------- Excel


def _sheet_rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_excel_export_has_the_dashboard_numbers(small):
    response = client_for(small, "committee").get(
        reverse("round_rollup_excel", args=[small.round.pk])
    )
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Tình hình nộp", "Chỉ tiêu", "Số liệu"]
    completeness = _sheet_rows(wb["Tình hình nộp"])
    assert ["Phải báo cáo", 5] in [r[:2] for r in completeness]
    assert ["Chưa gửi", 1] in [r[:2] for r in completeness]
    late = [r for r in completeness if r[1] == "Sở Tư pháp"][0]
    assert late[4] == "Trễ hạn"

    ws = wb["Chỉ tiêu"]
    rows = _sheet_rows(ws)
    header = next(r for r in rows if r[0] == "Cơ quan")
    col = header.index(leaders().name)
    by_agency = {r[0]: r for r in rows if r[0]}
    assert by_agency["Sở Ngoại vụ"][col] == pytest.approx(33.3)
    assert by_agency["Sở Y tế"][col] == "—"  # zero denominator
    assert by_agency["Sở Xây dựng"][col] == "—"  # missing
    assert by_agency["Toàn tỉnh"][col] == pytest.approx(33.3)

    figures = _sheet_rows(wb["Số liệu"])
    leaders_rows = [
        r for r in figures if r[3] == DataElement.objects.get(code=E.LANH_DAO_QUAN_LY).name
    ]
    assert sorted((r[1], r[4], r[5]) for r in leaders_rows) == [
        ("Sở Ngoại vụ", 9, 3),
        ("Sở Y tế", 0, 0),
    ]


def test_excel_neutralises_formulas(small):
    Agency.objects.filter(pk=small.agency_a.pk).update(name='=HYPERLINK("http://x","y")')
    Submission.objects.filter(agency=small.agency_a).update(agency_name="@SUM(A1)")
    wb = load_workbook(BytesIO(rollup_workbook(small.round)))
    values = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and ("HYPERLINK" in c.value or "SUM(A1)" in c.value)
    ]
    assert values, "the dangerous names are in the workbook"
    for cell in values:
        assert cell.value.startswith("'") and cell.data_type == "s"
    assert safe_text("-1+2") == "'-1+2" and safe_text("+x") == "'+x" and safe_text("ok") == "ok"


def test_excel_is_committee_only(small):
    url = reverse("round_rollup_excel", args=[small.round.pk])
    assert client_for(small, "staff_a").get(url).status_code == 404
    assert client_for(small, "superuser").get(url).status_code == 200


# -------------------------------------------------------------------------- charts


def test_chart_spec_and_svg_carry_vietnamese_labels_and_decimal_comma():
    series = [
        TrendSeries(
            "Tỷ lệ nữ trong số cán bộ giữ chức vụ lãnh đạo, quản lý",
            "%",
            [
                SeriesPoint(2023, Decimal("25.9"), Decimal(35)),
                SeriesPoint(2024, None, Decimal(35)),
                SeriesPoint(2025, Decimal("33.3"), Decimal(35)),
            ],
        ),
        TrendSeries("Số hoạt động truyền thông", "hoạt động", [SeriesPoint(2025, Decimal(1234))]),
    ]
    spec = chart_spec(series)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    svg = chart_svg(spec)
    for text in ("Năm", "Thực hiện", "Mục tiêu kế hoạch", "lãnh đạo, quản lý", "33,3", "1.234"):
        assert text in svg, text


def test_dashboard_chart_spec_renders_to_svg(small):
    from reports.dashboard_views import _chart_blocks

    blocks = _chart_blocks(dash.province_dashboard(small.round).domains)
    assert [b.id for b in blocks] == ["bieu-do-chinh-tri", "bieu-do-truyen-thong"]
    svg = chart_svg(blocks[0].spec)
    assert "33,3" in svg and "Tỷ lệ nữ trong số cán bộ" in svg
