"""Rules of plans.services, one test per rule, and the audit trail they leave."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import Milestone, Plan, PlanSection, ReportingDuty, Target, Task
from plans.services import MilestoneSpec, milestones_format, milestones_parse
from tests.conftest import World, ensure_domains, plan_of

pytestmark = pytest.mark.django_db

M = MilestoneSpec


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def _plan(world: World, **fields) -> Plan:
    base = {
        "kind": Plan.Kind.MULTI_YEAR,
        "title": "Thực hiện Chiến lược quốc gia về bình đẳng giới",
        "period_start": 2021,
        "period_end": 2030,
    }
    return services.plan_create(
        agency=world.agency_a, fields={**base, **fields}, user=world.staff_a
    )


def _target(plan: Plan, user, milestones=None, **fields) -> Target:
    if milestones is None:
        milestones = [M(2025, Decimal(35))]
    base = {
        "domain": ensure_domains()[0],
        "wording": "Đạt 35% trở lên",
        "kind": Target.Kind.THRESHOLD,
        "comparator": Target.Comparator.GE,
        "unit": "%",
    }
    return services.target_create(
        plan=plan, fields={**base, **fields}, milestones=list(milestones), user=user
    )


# --- milestones field ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025: 35; 2030: 75", [M(2025, Decimal(35)), M(2030, Decimal(75))]),
        ("100", [M(None, Decimal(100))]),
        ("100%", [M(None, Decimal(100))]),
        ("2025: 20–25", [M(2025, Decimal(20), Decimal(25))]),
        ("20-25%", [M(None, Decimal(20), Decimal(25))]),
        ("2025=33,3\n2030: 40", [M(2025, Decimal("33.3")), M(2030, Decimal(40))]),
        ("năm 2030: 80", [M(2030, Decimal(80))]),
        ("", []),
    ],
)
def test_milestones_parse(text: str, expected: list[MilestoneSpec]) -> None:
    assert milestones_parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025: ba mươi", "Không đọc được mốc “2025: ba mươi”"),
        ("2025: 35; 2025: 40", "Năm 2025 được nhập hai lần"),
        ("35; 40", "Chỉ nhập một mốc không ghi năm"),
    ],
)
def test_milestones_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        milestones_parse(text)
    assert message in " ".join(_errors(exc)["milestones"])


def test_milestones_format_round_trips(world: World) -> None:
    plan = plan_of(world, "a")
    for kind, specs in [
        (Target.Kind.THRESHOLD, [M(None, Decimal("33.5")), M(2025, Decimal(40))]),
        (Target.Kind.RANGE, [M(None, Decimal(20), Decimal(25)), M(2030, Decimal(30), Decimal(35))]),
    ]:
        target = _target(plan, world.staff_a, specs, kind=kind)
        text = milestones_format(list(target.milestones.order_by("year")))
        assert milestones_parse(text) == specs, text


# --- plans -------------------------------------------------------------------------------


def test_plan_create_fills_defaults_and_records_user(world: World) -> None:
    plan = _plan(world)
    assert plan.place == "Hà Tĩnh"
    assert plan.symbol == "KH-SNgV"
    record = plan.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.staff_a


def test_plan_title_required(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _plan(world, title="  ")
    assert "trích yếu" in _errors(exc)["title"][0]


def test_plan_period_order(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _plan(world, period_start=2030, period_end=2021)
    assert "không được trước" in _errors(exc)["period_end"][0]


def test_annual_plan_is_one_year(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _plan(world, kind=Plan.Kind.ANNUAL, period_start=2025, period_end=2026)
    assert "Kế hoạch năm chỉ gồm một năm" in _errors(exc)["period_end"][0]


def test_campaign_needs_dates_within_period(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _plan(world, kind=Plan.Kind.CAMPAIGN, period_start=2020, period_end=2020)
    assert "ngày bắt đầu và ngày kết thúc" in _errors(exc)["campaign_start"][0]
    with pytest.raises(ValidationError) as exc:
        _plan(
            world,
            kind=Plan.Kind.CAMPAIGN,
            period_start=2020,
            period_end=2020,
            campaign_start=datetime.date(2020, 11, 15),
            campaign_end=datetime.date(2021, 12, 15),
        )
    assert "trong thời kỳ kế hoạch 2020–2020" in _errors(exc)["campaign_end"][0]


def test_plan_cannot_implement_itself(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        services.plan_update(plan=plan, fields={"parent": plan}, user=world.staff_a)
    assert "không thể thực hiện chính nó" in _errors(exc)["parent"][0]


def test_plan_number_unique_per_agency(world: World) -> None:
    day = datetime.date(2021, 9, 6)
    _plan(world, number=12, symbol="KH-SNgV", issued_on=day)
    with pytest.raises(ValidationError) as exc:
        _plan(world, number=12, symbol="KH-SNgV", issued_on=day)
    assert "đã có văn bản số 12/KH-SNgV" in _errors(exc)["number"][0]


def test_plan_period_change_must_keep_milestones_inside(world: World) -> None:
    plan = _plan(world)
    _target(plan, world.staff_a, [M(2030, Decimal(75))])
    with pytest.raises(ValidationError) as exc:
        services.plan_update(plan=plan, fields={"period_end": 2025}, user=world.staff_a)
    assert "năm 2030 nằm ngoài thời kỳ mới 2021–2025" in _errors(exc)["period_end"][0]


def test_plan_issue_needs_signer(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        services.plan_set_status(plan=plan, status=Plan.Status.ISSUED, user=world.staff_a)
    assert "người ký" in _errors(exc)["signer_name"][0]
    services.plan_update(plan=plan, fields={"signer_name": "Thái Phúc Sơn"}, user=world.staff_a)
    services.plan_set_status(plan=plan, status=Plan.Status.ISSUED, user=world.leader_a)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    assert plan.history.first().history_user == world.leader_a


def test_plan_status_must_be_known(world: World) -> None:
    with pytest.raises(ValidationError):
        services.plan_set_status(plan=_plan(world), status="burnt", user=world.staff_a)


def test_archived_plan_refuses_changes(world: World) -> None:
    plan = _plan(world)
    services.plan_set_status(plan=plan, status=Plan.Status.ARCHIVED, user=world.staff_a)
    with pytest.raises(ValidationError, match="lưu trữ"):
        _target(plan, world.staff_a)
    with pytest.raises(ValidationError, match="lưu trữ"):
        services.plan_update(plan=plan, fields={"title": "Mới"}, user=world.staff_a)
    services.plan_set_status(plan=plan, status=Plan.Status.DRAFT, user=world.staff_a)
    _target(plan, world.staff_a)


# --- targets -----------------------------------------------------------------------------


def test_target_milestone_year_within_period(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _target(_plan(world), world.staff_a, [M(2035, Decimal(40))])
    assert "Năm mốc 2035 nằm ngoài thời kỳ kế hoạch 2021–2030" in _errors(exc)["milestones"][0]


def test_target_comparator_required_unless_qualitative(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        _target(plan, world.staff_a, comparator="")
    assert "Chọn phép so sánh" in _errors(exc)["comparator"][0]
    qualitative = _target(
        plan,
        world.staff_a,
        [],
        kind=Target.Kind.QUALITATIVE,
        comparator="",
        wording="Ưu tiên tuyển dụng cán bộ nữ",
    )
    assert qualitative.comparator == "" and not qualitative.milestones.exists()


def test_qualitative_target_has_no_milestones(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _target(_plan(world), world.staff_a, kind=Target.Kind.QUALITATIVE, comparator="")
    assert "định tính không có mốc số" in _errors(exc)["milestones"][0]


def test_measurable_target_needs_a_milestone(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _target(_plan(world), world.staff_a, [])
    assert "ít nhất một mốc" in _errors(exc)["milestones"][0]


def test_range_needs_low_not_above_high(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        _target(plan, world.staff_a, [M(2025, Decimal(25), Decimal(20))], kind=Target.Kind.RANGE)
    assert "cận dưới 25 lớn hơn cận trên 20" in _errors(exc)["milestones"][0]
    with pytest.raises(ValidationError) as exc:
        _target(plan, world.staff_a, [M(2025, Decimal(25))], kind=Target.Kind.RANGE)
    assert "cận dưới và cận trên" in _errors(exc)["milestones"][0]
    ok = _target(plan, world.staff_a, [M(None, Decimal(20), Decimal(25))], kind="range")
    assert ok.comparator == Target.Comparator.RANGE  # filled from the kind


def test_range_written_for_a_threshold_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _target(_plan(world), world.staff_a, [M(2025, Decimal(20), Decimal(25))])
    assert "không phải Khoảng" in _errors(exc)["milestones"][0]


def test_frequency_needs_a_period(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        _target(
            plan, world.staff_a, [M(None, Decimal(1))], kind=Target.Kind.FREQUENCY, unit="hoạt động"
        )
    assert "Mỗi kỳ" in _errors(exc)["per_period"][0]
    target = _target(
        plan,
        world.staff_a,
        [M(None, Decimal(1))],
        kind=Target.Kind.FREQUENCY,
        unit="hoạt động",
        comparator="",
        per_period=Target.Period.YEAR,
    )
    assert target.comparator == Target.Comparator.GE


def test_zero_and_all_fill_their_milestone(world: World) -> None:
    plan = _plan(world)
    zero = _target(plan, world.staff_a, [], kind=Target.Kind.ZERO, comparator="", unit="")
    assert list(zero.milestones.values_list("year", "value")) == [(None, Decimal(0))]
    every = _target(plan, world.staff_a, [], kind=Target.Kind.ALL, comparator="")
    assert list(every.milestones.values_list("year", "value")) == [(None, Decimal(100))]
    with pytest.raises(ValidationError) as exc:
        _target(plan, world.staff_a, [M(None, Decimal(2))], kind=Target.Kind.ZERO, unit="")
    assert "có giá trị 0" in _errors(exc)["milestones"][0]


def test_percentage_not_above_100(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _target(_plan(world), world.staff_a, [M(2025, Decimal(135))])
    assert "không được quá 100%" in _errors(exc)["milestones"][0]


def test_maintain_until_within_period_and_after_last_milestone(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        _target(plan, world.staff_a, maintain_until=2035)
    assert "Năm duy trì 2035 nằm ngoài thời kỳ" in _errors(exc)["maintain_until"][0]
    with pytest.raises(ValidationError) as exc:
        _target(plan, world.staff_a, [M(2028, Decimal(35))], maintain_until=2026)
    assert "từ năm mốc cuối (2028)" in _errors(exc)["maintain_until"][0]


def test_target_update_rewrites_milestones_with_history(world: World) -> None:
    plan = _plan(world)
    target = _target(plan, world.staff_a, [M(2025, Decimal(35)), M(2030, Decimal(50))])
    services.target_update(
        target=target,
        fields={"wording": "Đạt 40% trở lên"},
        milestones=[M(2025, Decimal(40)), M(2028, Decimal(45))],
        user=world.leader_a,
    )
    assert list(target.milestones.order_by("year").values_list("year", "value")) == [
        (2025, Decimal(40)),
        (2028, Decimal(45)),
    ]
    history = Milestone.history.filter(target_id=target.pk)
    changed = history.get(year=2025, history_type="~")
    assert changed.history_user == world.leader_a
    assert history.get(year=2030, history_type="-").history_user == world.leader_a
    assert history.get(year=2028, history_type="+").history_user == world.leader_a
    assert target.history.first().history_user == world.leader_a
    # Unchanged milestones are not re-saved (no noise in the timeline).
    services.target_update(
        target=target,
        fields={},
        milestones=[M(2025, Decimal(40)), M(2028, Decimal(45))],
        user=world.leader_a,
    )
    assert Milestone.history.filter(target_id=target.pk).count() == history.count()


def test_target_delete_records_each_part(world: World) -> None:
    plan = _plan(world)
    target = _target(plan, world.staff_a)
    pk = target.pk
    services.target_delete(target=target, user=world.staff_a)
    assert not Target.objects.filter(pk=pk).exists()
    assert Target.history.get(id=pk, history_type="-").history_user == world.staff_a
    assert Milestone.history.get(target_id=pk, history_type="-").history_user == world.staff_a


def test_indicator_must_match_domain(world: World) -> None:
    from indicators.models import DataElement, Indicator

    domains = ensure_domains()
    element = DataElement.objects.create(
        code="t-lanh-dao", domain=domains[0], name="Lãnh đạo", kind="sex", help_text="…"
    )
    indicator = Indicator.objects.create(
        code="t-ty-le",
        domain=domains[0],
        name="Tỷ lệ nữ lãnh đạo",
        kind="ratio",
        numerator=element,
        denominator=element,
        denominator_part="total",
    )
    with pytest.raises(ValidationError) as exc:
        _target(_plan(world), world.staff_a, domain=domains[1], indicator=indicator)
    assert "lĩnh vực khác" in _errors(exc)["indicator"][0]


# --- sections, tasks, reporting duties ---------------------------------------------------


def test_section_rules_and_delete(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        services.section_create(plan=plan, fields={"heading": ""}, user=world.staff_a)
    assert "tiêu đề mục" in _errors(exc)["heading"][0]
    first = services.section_create(
        plan=plan, fields={"heading": "Truyền thông", "number": "1."}, user=world.staff_a
    )
    second = services.section_create(plan=plan, fields={"heading": "Đào tạo"}, user=world.staff_a)
    assert first.number == "1" and second.order > first.order
    services.task_create(
        plan=plan, fields={"section": first, "description": "Tập huấn"}, user=world.staff_a
    )
    with pytest.raises(ValidationError, match="Mục còn 1 nhiệm vụ"):
        services.section_delete(section=first, user=world.staff_a)
    second_pk = second.pk
    services.section_delete(section=second, user=world.staff_a)
    assert PlanSection.history.get(id=second_pk, history_type="-").history_user == world.staff_a


def test_task_rules(world: World) -> None:
    plan = _plan(world)
    other_section = PlanSection.objects.create(plan=plan_of(world, "b"), heading="Khác")
    with pytest.raises(ValidationError) as exc:
        services.task_create(plan=plan, fields={"description": ""}, user=world.staff_a)
    assert "nội dung nhiệm vụ" in _errors(exc)["description"][0]
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            plan=plan,
            fields={"description": "X", "section": other_section},
            user=world.staff_a,
        )
    assert "không thuộc kế hoạch này" in _errors(exc)["section"][0]
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            plan=plan,
            fields={"description": "X", "due_date": datetime.date(2031, 1, 1)},
            user=world.staff_a,
        )
    assert "nằm ngoài thời kỳ kế hoạch 2021–2030" in _errors(exc)["due_date"][0]
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            plan=plan,
            fields={"description": "X", "recurrence": Task.Recurrence.ONCE},
            user=world.staff_a,
        )
    assert "Hạn hoàn thành" in _errors(exc)["due_date"][0]
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            plan=plan,
            fields={"description": "X", "recurrence": Task.Recurrence.DATED},
            user=world.staff_a,
        )
    assert "08/3; 20/10" in _errors(exc)["schedule"][0]
    task = services.task_create(
        plan=plan,
        fields={"description": "Tổ chức ngày 20/10", "recurrence": "dated", "schedule": "20/10"},
        user=world.staff_a,
    )
    services.task_update(task=task, fields={"lead_unit": "Công đoàn"}, user=world.leader_a)
    record = task.history.first()
    assert (record.lead_unit, record.history_user) == ("Công đoàn", world.leader_a)
    task_pk = task.pk
    services.task_delete(task=task, user=world.staff_a)
    assert Task.history.filter(id=task_pk, history_type="-").exists()


def test_reporting_duty_rules(world: World) -> None:
    plan = _plan(world)
    with pytest.raises(ValidationError) as exc:
        services.reporting_duty_create(
            plan=plan, fields={"kind": "annual", "deadline_day": 10}, user=world.staff_a
        )
    assert "cả ngày và tháng" in _errors(exc)["deadline_month"][0]
    with pytest.raises(ValidationError) as exc:
        services.reporting_duty_create(
            plan=plan,
            fields={"kind": "annual", "deadline_day": 30, "deadline_month": 2},
            user=world.staff_a,
        )
    assert "Tháng 2 không có ngày 30" in _errors(exc)["deadline_day"][0]
    with pytest.raises(ValidationError) as exc:
        services.reporting_duty_create(
            plan=plan,
            fields={"kind": "annual", "deadline_day": 1, "deadline_month": 13},
            user=world.staff_a,
        )
    assert "Tháng phải từ 1 đến 12" in _errors(exc)["deadline_month"][0]
    with pytest.raises(ValidationError) as exc:
        services.reporting_duty_create(plan=plan, fields={"kind": "weekly"}, user=world.staff_a)
    assert "loại báo cáo" in _errors(exc)["kind"][0]
    duty = services.reporting_duty_create(
        plan=plan,
        fields={"kind": "annual", "deadline_day": 10, "deadline_month": 12},
        user=world.staff_a,
    )
    services.reporting_duty_update(duty=duty, fields={"deadline_day": 5}, user=world.staff_a)
    duty_pk = duty.pk
    services.reporting_duty_delete(duty=duty, user=world.staff_a)
    records = ReportingDuty.history.filter(id=duty_pk).order_by("history_date")
    assert [r.history_type for r in records] == ["+", "~", "-"]


def test_unknown_fields_are_a_programming_error(world: World) -> None:
    with pytest.raises(TypeError):
        services.plan_create(
            agency=world.agency_a,
            fields={"title": "X", "period_start": 2025, "period_end": 2025, "status": "issued"},
            user=world.staff_a,
        )


def test_no_write_leaves_a_record_without_user(world: World) -> None:
    """Services must never write around the history (QuerySet.update, bulk_create)."""
    plan = _plan(world)
    section = services.section_create(plan=plan, fields={"heading": "A"}, user=world.staff_a)
    target = _target(plan, world.staff_a)
    task = services.task_create(
        plan=plan, fields={"description": "B", "section": section}, user=world.staff_a
    )
    services.target_update(
        target=target, fields={}, milestones=[M(2026, Decimal(30))], user=world.staff_a
    )
    services.task_delete(task=task, user=world.staff_a)
    for model in (Plan, PlanSection, Target, Milestone, Task):
        assert not model.history.filter(history_user__isnull=True).exists(), model
