"""The plan page shows each measurable target's status from accepted reports."""

import datetime
from decimal import Decimal

from django.urls import reverse

from indicators.models import Indicator
from plans.models import Milestone, Plan, Target
from reports import services
from tests.conftest import client_for


def _accepted_report(world, year, leaders_total, leaders_women):
    ind = Indicator.objects.get(code="ty-le-nu-lanh-dao")
    rnd = services.round_open(
        province=world.province,
        year=year,
        kind="annual",
        actor=world.committee,
        agencies=[world.agency_a],
        elements=[ind.numerator],
        deadline=datetime.date(year, 12, 10),
    )
    sub = rnd.submissions.get()
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={
                ind.numerator.code: services.FigureInput(total=leaders_total, women=leaders_women)
            },
            narrative={"results": "Đạt."},
        ),
    )
    sub.refresh_from_db()
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_approve(submission=sub, actor=world.leader_a)
    services.submission_accept(submission=sub, actor=world.committee)
    return ind


def test_plan_page_badge_uses_latest_accepted_year(world):
    ind = _accepted_report(world, 2024, "10", "3")
    plan = Plan.objects.create(
        agency=world.agency_a,
        kind=Plan.Kind.MULTI_YEAR,
        title="Kế hoạch 2021–2030",
        period_start=2021,
        period_end=2030,
        status=Plan.Status.ISSUED,
    )
    target = Target.objects.create(
        plan=plan,
        wording="đạt 35% trở lên đến năm 2025",
        kind=Target.Kind.THRESHOLD,
        comparator=Target.Comparator.GE,
        indicator=ind,
        baseline_year=2021,
        baseline_value=Decimal(25),
        maintain_until=2030,
    )
    Milestone.objects.create(target=target, year=2025, value=Decimal(35))
    response = client_for(world, "staff_a").get(reverse("plan_detail", args=[plan.pk]))
    html = response.content.decode()
    # 30% in 2024 against the line from 25% (2021) to 35% (2025): 32,5% expected → at risk.
    assert "Có nguy cơ không đạt" in html
    assert "Năm 2024: 30" in html
