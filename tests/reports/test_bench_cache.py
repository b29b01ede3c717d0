"""The opt-in cache of round totals (REPORTS_ROLLUP_CACHE), with Django's database cache:
a cached total is served only while the round's counted reports are unchanged; accepting
or reopening a report is seen at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator
from plans.models import Membership
from reports import services
from reports.models import Submission
from reports.selectors import rollup, values_by_round
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import fill_valid
from tests.reports.test_dashboard import add_target, small  # noqa: F401 (fixture)

F = services.FigureInput


@pytest.fixture
def db_cache(settings, db):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "rollup": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gp_rollup_cache_test",
        },
    }
    settings.REPORTS_ROLLUP_CACHE = "rollup"
    call_command("createcachetable", "gp_rollup_cache_test", verbosity=0)


def _accepted(sub, staff, leader, committee, total: str, women: str) -> None:
    fill_valid(sub, staff)
    sub.refresh_from_db()
    services.submission_save_draft(
        submission=sub,
        actor=staff,
        base_version=sub.version,
        changes=services.DraftChanges(figures={"t-lanh-dao": F(total=total, women=women)}),
    )
    sub.refresh_from_db()
    services.submission_submit(submission=sub, actor=staff)
    services.submission_approve(submission=sub, actor=leader)
    services.submission_accept(submission=sub, actor=committee)


def _figure_queries(ctx) -> int:
    return sum("reports_figurevalue" in q["sql"] for q in ctx.captured_queries)


def test_cached_totals_follow_accept_and_reopen(db_cache, world, reporting) -> None:
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    leader_b = MembershipFactory(
        user=UserFactory(username="leader_b"), agency=world.agency_b, role=Membership.Role.LEADER
    ).user
    _accepted(reporting.sub_a, world.staff_a, world.leader_a, world.committee, "9", "3")

    assert rollup(reporting.round, [ind])[ind.pk].value == Decimal("33.3")
    with CaptureQueriesContext(connection) as ctx:
        again = rollup(reporting.round, [ind])[ind.pk]
    assert again.value == Decimal("33.3") and again.agencies == 1
    assert _figure_queries(ctx) == 0  # served from the cache

    _accepted(reporting.sub_b, world.staff_b, leader_b, world.committee, "1", "1")
    with CaptureQueriesContext(connection) as ctx:
        v = rollup(reporting.round, [ind])[ind.pk]
    assert (v.numerator, v.denominator, v.value, v.agencies) == (
        Decimal(4),
        Decimal(10),
        Decimal("40.0"),
        2,
    )
    assert _figure_queries(ctx) == 1  # the accept changed the round's version

    reporting.sub_b.refresh_from_db()
    services.submission_reopen(submission=reporting.sub_b, actor=world.committee, reason="Sai số")
    assert rollup(reporting.round, [ind])[ind.pk].value == Decimal("33.3")
    # Provisional totals are cached apart from official ones.
    assert rollup(reporting.round, [ind], provisional=True)[ind.pk].agencies == 1


def test_cache_keeps_rounds_apart_and_serves_several_at_once(db_cache, world, reporting) -> None:
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    _accepted(reporting.sub_a, world.staff_a, world.leader_a, world.committee, "9", "3")
    first = values_by_round([reporting.round], [ind])
    with CaptureQueriesContext(connection) as ctx:
        second = values_by_round([reporting.round], [ind])
    assert first == second
    assert _figure_queries(ctx) == 0
    # Another scope (one agency) is another entry.
    scoped = values_by_round([reporting.round], [ind], agency_ids=[world.agency_b.pk])
    assert scoped == {reporting.round.pk: {}}  # B has no accepted report


# ----------------------------------------------------------- the dashboard's page body


@pytest.fixture
def page_cache(db_cache, settings):
    settings.REPORTS_DASHBOARD_CACHE = "rollup"


def test_dashboard_body_is_cached_until_the_data_changes(page_cache, small) -> None:  # noqa: F811
    from indicators.catalogue import IC

    client = client_for(small, "committee")
    url = reverse("dashboard")
    first = client.get(url).content.decode()
    assert "33,3%" in first and "2/5 cơ quan" in first
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url).content.decode()
    assert _figure_queries(ctx) == 0  # the body came from the cache
    assert again.count("33,3%") == first.count("33,3%")

    # The committee accepts E's approved report: (3 + 0 + 6) / (9 + 0 + 10) over 3 agencies.
    e = Submission.objects.get(round=small.round, agency=small.e)
    services.submission_accept(submission=e, actor=small.committee)
    html = client.get(url).content.decode()
    assert "47,4%" in html and "3/5 cơ quan" in html

    # A province target added afterwards colours the province's value at once.
    assert "≥ 35%" not in html
    add_target(small.province, IC.TY_LE_NU_LANH_DAO, [(2025, 35)])
    html = client.get(url).content.decode()
    assert "≥ 35%" in html and "Không đạt" in html

    # An agency renamed (through its save, recorded in its history) shows its new name.
    small.c.short_name = "Sở Y tế (tên mới)"
    small.c.save()
    assert "Sở Y tế (tên mới)" in client.get(url).content.decode()

    # Filters are separate entries.
    provisional = client.get(url, {"tam-tinh": "1"}).content.decode()
    assert "Số liệu tạm tính (chưa được tiếp nhận)" in provisional
