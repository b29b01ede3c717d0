"""Roll-ups add numerators and denominators, then divide; missing data is not zero;
only accepted reports count unless provisional figures are asked for."""

from decimal import Decimal

import pytest

from indicators.models import Indicator
from reports import services
from reports.selectors import agency_grid, rollup
from tests.factories import AgencyFactory, IndicatorFactory
from tests.reports.conftest import fill_valid

F = services.FigureInput


def _send(sub, world, leader=None, accept=True):
    services.submission_submit(
        submission=sub, actor=world.staff_a if sub.agency == world.agency_a else world.staff_b
    )
    services.submission_approve(submission=sub, actor=leader)
    if accept:
        services.submission_accept(submission=sub, actor=world.committee)


@pytest.fixture
def leaders_b(world):
    from plans.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(
        user=UserFactory(username="leader_b"), agency=world.agency_b, role=Membership.Role.LEADER
    ).user


def _fill(sub, actor, leaders_total, leaders_women):
    fill_valid(sub, actor)
    sub.refresh_from_db()
    return services.submission_save_draft(
        submission=sub,
        actor=actor,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"t-lanh-dao": F(total=leaders_total, women=leaders_women)}
        ),
    )


def test_ratio_sums_then_divides(world, reporting, leaders_b, django_assert_num_queries, settings):
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    _send(_fill(reporting.sub_a, world.staff_a, "9", "3"), world, world.leader_a)
    _send(_fill(reporting.sub_b, world.staff_b, "1", "1"), world, leaders_b)
    # The roll-up itself is one statement; the cache (on as shipped) adds one small query
    # for the round's version and saves the statement on a hit (in memory here, so that
    # only the roll-up's own queries are counted).
    settings.REPORTS_ROLLUP_CACHE = None
    with django_assert_num_queries(1):
        values = rollup(reporting.round, [ind])
    settings.CACHES = {
        **settings.CACHES,
        "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.REPORTS_ROLLUP_CACHE = "memory"
    with django_assert_num_queries(2):
        assert rollup(reporting.round, [ind]) == values
    with django_assert_num_queries(1):
        assert rollup(reporting.round, [ind]) == values
    v = values[ind.pk]
    # (3 + 1) / (9 + 1) = 40%, not the average of 33.3% and 100% (66.7%).
    assert (v.numerator, v.denominator, v.value, v.agencies) == (
        Decimal(4),
        Decimal(10),
        Decimal("40.0"),
        2,
    )


def test_only_accepted_counts_unless_provisional(world, reporting, leaders_b):
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    _send(_fill(reporting.sub_a, world.staff_a, "9", "3"), world, world.leader_a)
    _send(_fill(reporting.sub_b, world.staff_b, "1", "1"), world, leaders_b, accept=False)
    assert rollup(reporting.round, [ind])[ind.pk].agencies == 1
    assert rollup(reporting.round, [ind], provisional=True)[ind.pk].agencies == 2


def test_missing_figure_is_not_zero(world, reporting):
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    v = rollup(reporting.round, [ind])[ind.pk]
    assert v.value is None and v.agencies == 0


def test_men_part_and_count_indicators(world, reporting, leaders_b):
    men_ratio = IndicatorFactory(
        code="t-nam",
        name="Tỷ lệ nam lãnh đạo",
        numerator=reporting.leaders_el,
        numerator_part="men",
    )
    count = IndicatorFactory(
        code="t-so-hd",
        name="Số hoạt động",
        kind=Indicator.Kind.COUNT,
        numerator=reporting.activities_el,
        numerator_part="value",
        denominator=None,
        denominator_part="",
    )
    _send(_fill(reporting.sub_a, world.staff_a, "9", "3"), world, world.leader_a)
    _send(_fill(reporting.sub_b, world.staff_b, "1", "1"), world, leaders_b)
    values = rollup(reporting.round, [men_ratio, count])
    assert values[men_ratio.pk].value == Decimal("60.0")  # (6 + 0) / 10
    assert values[count.pk].value == Decimal(8)  # 4 + 4 activities


def test_agency_grid_one_query_per_round(world, reporting, leaders_b, django_assert_num_queries):
    ind = Indicator.objects.get(code="t-ty-le-nu-lanh-dao")
    _send(_fill(reporting.sub_a, world.staff_a, "9", "3"), world, world.leader_a)
    _send(_fill(reporting.sub_b, world.staff_b, "1", "1"), world, leaders_b)
    for i in range(10):  # more agencies do not mean more queries
        AgencyFactory(code=f"HT-X{i}", parent=world.province)
    with django_assert_num_queries(1):
        grid = agency_grid(reporting.round, [ind])
    assert grid[world.agency_a.pk][ind.pk].value == Decimal("33.3")
    assert grid[world.agency_b.pk][ind.pk].value == Decimal("100.0")


def test_share_of_agencies_uses_reporting_agencies_as_denominator(world, reporting, leaders_b):
    from indicators.models import DataElement
    from tests.factories import DataElementFactory

    yes = DataElementFactory(code="t-co-lanh-dao-nu", kind=DataElement.Kind.YESNO, unit="cơ quan")
    share = IndicatorFactory(
        code="t-ty-le-co-quan",
        name="Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ",
        numerator=yes,
        numerator_part="value",
        denominator=yes,
        denominator_part="reporting",
    )
    reporting.round.elements.add(yes)
    for sub, actor, answer in (
        (reporting.sub_a, world.staff_a, "Có"),
        (reporting.sub_b, world.staff_b, "Không"),
    ):
        fill_valid(sub, actor)
        sub.refresh_from_db()
        services.submission_save_draft(
            submission=sub,
            actor=actor,
            base_version=sub.version,
            changes=services.DraftChanges(figures={"t-co-lanh-dao-nu": F(value=answer)}),
        )
    _send(reporting.sub_a, world, world.leader_a)
    _send(reporting.sub_b, world, leaders_b)
    v = rollup(reporting.round, [share])[share.pk]
    assert (v.numerator, v.denominator, v.value) == (Decimal(1), Decimal(2), Decimal("50.0"))
