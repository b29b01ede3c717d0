"""The dashboards and the export make as many SQL queries for 60 agencies as for 5.

Agencies, three annual rounds of accepted reports with every figure, and a plan with a
target per agency are bulk-created, so the pages do real work: a value and a judgement in
every cell of the grid, trends over three years."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.catalogue import IC
from indicators.models import DataElement, Indicator
from plans.models import Agency, Milestone, Plan, Target
from reports.models import FigureValue, ReportingRound, Submission
from tests.conftest import client_for

YEARS = (2023, 2024, 2025)
# What one page may cost, whatever the number of agencies (measured: see the report in
# test_query_count_does_not_grow; the margin absorbs session and template tags).
LIMIT = 40


def _rounds(province) -> list[ReportingRound]:
    rounds = []
    for year in YEARS:
        start, end = ReportingRound.default_window(year, ReportingRound.Kind.ANNUAL)
        rounds.append(
            ReportingRound.objects.create(
                province=province,
                year=year,
                kind=ReportingRound.Kind.ANNUAL,
                window_start=start,
                window_end=end,
                deadline=datetime.date(year, 12, 10),
            )
        )
    return rounds


def add_agencies(world, rounds, count: int, offset: int = 0) -> None:
    """`count` departments, each with an accepted report in every round and a target."""
    rng = random.Random(offset)
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                code=f"HT-Q{offset + i:03d}",
                name=f"Sở thử tải {offset + i:03d}",
                short_name=f"Sở {offset + i:03d}",
                kind=Agency.Kind.DEPARTMENT,
                parent=world.province,
            )
            for i in range(count)
        ]
    )
    sent = timezone.make_aware(datetime.datetime(2025, 12, 5, 9))
    subs = Submission.objects.bulk_create(
        [
            Submission(
                round=rnd,
                agency=a,
                agency_name=a.name,
                status=Submission.Status.ACCEPTED,
                first_submitted_at=sent,
                submitted_at=sent,
                accepted_at=sent,
            )
            for rnd in rounds
            for a in agencies
        ]
    )
    elements = list(DataElement.objects.all())
    figures = []
    for sub in subs:
        for el in elements:
            if el.kind == DataElement.Kind.SEX:
                total = rng.randint(0, 120)
                figures.append(
                    FigureValue(
                        submission=sub,
                        element=el,
                        total=Decimal(total),
                        women=Decimal(rng.randint(0, total)),
                    )
                )
            else:
                figures.append(
                    FigureValue(submission=sub, element=el, value=Decimal(rng.randint(0, 5)))
                )
    FigureValue.objects.bulk_create(figures, batch_size=2000)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                agency=a,
                kind=Plan.Kind.MULTI_YEAR,
                status=Plan.Status.ISSUED,
                title="Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới",
                period_start=2021,
                period_end=2030,
            )
            for a in agencies
        ]
    )
    indicator = Indicator.objects.get(code=IC.TY_LE_NU_LANH_DAO)
    targets = Target.objects.bulk_create(
        [
            Target(
                plan=p,
                wording="Tỷ lệ nữ lãnh đạo đạt 35% trở lên",
                kind=Target.Kind.THRESHOLD,
                indicator=indicator,
                comparator=Target.Comparator.GE,
            )
            for p in plans
        ]
    )
    Milestone.objects.bulk_create([Milestone(target=t, year=2025, value=35) for t in targets])


def measure(world, rounds) -> dict[str, int]:
    committee = client_for(world, "committee")
    agency = Agency.objects.filter(code__startswith="HT-Q").order_by("code").first()
    urls = {
        "committee dashboard": reverse("dashboard"),
        "agency dashboard": reverse("agency_dashboard", args=[agency.pk]),
        "Excel export": reverse("round_rollup_excel", args=[rounds[-1].pk]),
    }
    counts = {}
    for name, url in urls.items():
        committee.get(url)  # warm: the first request may load caches (content types…)
        with CaptureQueriesContext(connection) as ctx:
            response = committee.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("agencies", [5, 60])
def test_pages_stay_within_the_query_budget(world, agencies, django_assert_max_num_queries) -> None:
    rounds = _rounds(world.province)
    add_agencies(world, rounds, agencies)
    committee = client_for(world, "committee")
    agency = Agency.objects.get(code="HT-Q000")
    for url in (
        reverse("dashboard"),
        reverse("dashboard") + "?tam-tinh=1&doi-chieu=tinh",
        reverse("agency_dashboard", args=[agency.pk]),
        reverse("round_rollup_excel", args=[rounds[-1].pk]),
    ):
        committee.get(url)
        with django_assert_max_num_queries(LIMIT):
            assert committee.get(url).status_code == 200


def test_query_count_does_not_grow(world, capsys) -> None:
    rounds = _rounds(world.province)
    add_agencies(world, rounds, 5)
    small = measure(world, rounds)
    add_agencies(world, rounds, 55, offset=5)
    large = measure(world, rounds)
    assert Submission.objects.filter(round=rounds[-1]).count() == 60
    with capsys.disabled():
        print(f"\nSQL queries, 5 → 60 agencies: { {k: (small[k], large[k]) for k in small} }")
    assert small == large
