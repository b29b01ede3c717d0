"""A reporting world: a Hà Tĩnh round with three elements and submissions for A and B."""

import datetime
from dataclasses import dataclass

import pytest

from indicators.models import DataElement
from reports import services
from reports.models import ReportingRound, Submission
from tests.factories import DataElementFactory, IndicatorFactory, domain


@dataclass
class Reporting:
    round: ReportingRound
    staff_el: DataElement  # CBCCVC (sex)
    leaders_el: DataElement  # lãnh đạo (sex)
    activities_el: DataElement  # communication activities (count)
    sub_a: Submission
    sub_b: Submission


@pytest.fixture
def reporting(world) -> Reporting:
    staff_el = DataElementFactory(code="t-cbccvc", name="Cán bộ, công chức, viên chức")
    leaders_el = DataElementFactory(code="t-lanh-dao", name="Lãnh đạo, quản lý")
    activities_el = DataElementFactory(
        code="t-truyen-thong",
        name="Hoạt động truyền thông về bình đẳng giới",
        kind=DataElement.Kind.COUNT,
        unit="hoạt động",
        domain=domain(6),
    )
    IndicatorFactory(code="t-ty-le-nu-lanh-dao", name="Tỷ lệ nữ lãnh đạo", numerator=leaders_el)
    rnd = services.round_open(
        province=world.province,
        year=2025,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a, world.agency_b],
        elements=[staff_el, leaders_el, activities_el],
        deadline=datetime.date(2025, 12, 10),
    )
    return Reporting(
        rnd,
        staff_el,
        leaders_el,
        activities_el,
        rnd.submissions.get(agency=world.agency_a),
        rnd.submissions.get(agency=world.agency_b),
    )


def fill_valid(sub: Submission, actor) -> Submission:
    """Fill a submission so it passes every check."""
    changes = services.DraftChanges(
        figures={
            "t-cbccvc": services.FigureInput(total="42", women="19"),
            "t-lanh-dao": services.FigureInput(total="9", women="3"),
            "t-truyen-thong": services.FigureInput(value="4"),
        },
        narrative={"results": "Tổ chức 4 hoạt động truyền thông."},
    )
    return services.submission_save_draft(
        submission=sub, actor=actor, base_version=sub.version, changes=changes
    )
