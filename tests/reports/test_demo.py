"""`seed_demo` gives the demo a realistic reporting history, and running it twice is safe."""

import pytest
from django.core.management import call_command

from reports.models import FigureValue, ReportingRound, Submission
from reports.selectors import round_completeness


@pytest.mark.django_db
def test_seed_demo_builds_rounds_with_a_realistic_mix():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rounds = {(r.year, r.kind): r for r in ReportingRound.objects.all()}
    assert {(2022, "annual"), (2023, "annual"), (2024, "annual"), (2025, "mid_year")} <= set(rounds)
    mid = rounds[(2025, "mid_year")]
    statuses = set(mid.submissions.values_list("status", flat=True))
    assert {
        Submission.Status.ACCEPTED,
        Submission.Status.RETURNED,
        Submission.Status.DRAFT,
    } <= statuses
    c = round_completeness(mid)
    assert c.late > 0 and c.missing > 0 and c.on_time > 0
    # Agencies merged away in 2025 report in 2024 but are not asked in mid-2025.
    assert rounds[(2024, "annual")].submissions.filter(agency__code="HT-SLDTBXH").exists()
    assert not mid.submissions.filter(agency__code="HT-SLDTBXH").exists()
    # Trends: the Sở Ngoại vụ reported its staff every annual year.
    years = set(
        FigureValue.objects.filter(
            submission__agency__code="HT-SNGV",
            element__code="cbccvc",
            submission__status=Submission.Status.ACCEPTED,
            submission__round__kind="annual",
        ).values_list("submission__round__year", flat=True)
    )
    assert {2022, 2023, 2024} <= years
    # chị Lan's current report is a draft, as journey 1 begins.
    current = Submission.objects.get(round=rounds[(2026, "annual")], agency__code="HT-SNGV")
    assert current.status == Submission.Status.DRAFT

    before = (
        ReportingRound.objects.count(),
        Submission.objects.count(),
        FigureValue.objects.count(),
    )
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = (
        ReportingRound.objects.count(),
        Submission.objects.count(),
        FigureValue.objects.count(),
    )
    assert before == after
