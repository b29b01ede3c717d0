"""Target evaluation (plans.evaluation): properties over every target shape, the worked
examples of the seed plans, and the query count when evaluating from the database.

The property tests check `evaluate` against an oracle written here independently of the
module (comparator, frequency scaling, straight-line path) rather than re-running its own
helpers."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators.models import DataElement, Domain, Indicator
from plans.evaluation import (
    PERIODS_PER_YEAR,
    Evaluation,
    MilestoneSpec,
    Status,
    TargetSpec,
    evaluate,
    evaluate_target,
    format_number,
    spec_from_target,
)
from plans.models import Agency, Milestone, Plan, Target
from tests.factories import AgencyFactory

D = Decimal
Kind = Target.Kind

PROPERTY = settings(deadline=None, max_examples=200)

# ------------------------------------------------------------------------------ oracle

JUDGED = {Status.MET, Status.NOT_MET}
PATH = {Status.ON_TRACK, Status.AT_RISK}
GOOD = {Status.MET, Status.ON_TRACK}
HIGHER = {"ge", "gt"}
LOWER = {"le", "lt"}
VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹầấậẩẫằắặẳẵềếệểễồốộổỗờớợởỡừứựửữ]")


def effective_comparator(spec: TargetSpec) -> str:
    return {Kind.ALL: "ge", Kind.ZERO: "le", Kind.RANGE: "range"}.get(spec.kind, spec.comparator)


def scale(spec: TargetSpec) -> int:
    return PERIODS_PER_YEAR[spec.per_period] if spec.kind == Kind.FREQUENCY else 1


def holds(comparator: str, actual: Decimal, value: Decimal, high: Decimal | None) -> bool:
    return {
        "ge": actual >= value,
        "gt": actual > value,
        "le": actual <= value,
        "lt": actual < value,
        "eq": actual == value,
        "range": value <= actual and (high is None or actual <= high),
    }[comparator]


def holds_for(spec: TargetSpec, actual: Decimal, m: MilestoneSpec) -> bool:
    k = scale(spec)
    high = None if m.value_high is None else m.value_high * k
    return holds(effective_comparator(spec), actual, m.value * k, high)


def dated(spec: TargetSpec) -> list[MilestoneSpec]:
    return sorted((m for m in spec.milestones if m.year is not None), key=lambda m: m.year)


# -------------------------------------------------------------------------- strategies

PCT = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
VALUE = st.decimals(min_value=0, max_value=150, places=2, allow_nan=False, allow_infinity=False)
WILD = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)
MEASURABLE = tuple(k for k in Kind.values if k != Kind.QUALITATIVE)
DATED_SHAPES = ("single", "multiple")
ALL_SHAPES = ("single", "multiple", "every_year")


@st.composite
def milestone_value(draw: st.DrawFn, kind: str) -> tuple[Decimal, Decimal | None]:
    if kind == Kind.RANGE:
        low = draw(PCT)
        return low, low + draw(st.decimals(min_value=0, max_value=30, places=2))
    if kind == Kind.FREQUENCY:
        return D(draw(st.integers(1, 5))), None
    if kind == Kind.ZERO:
        return D(draw(st.integers(0, 2))), None
    if kind == Kind.ALL:
        return D(100), None
    return draw(PCT), None


@st.composite
def specs(
    draw: st.DrawFn,
    kinds: tuple[str, ...] = tuple(Kind.values),
    shapes: tuple[str, ...] = ALL_SHAPES,
    comparators: tuple[str, ...] = ("ge", "gt", "le", "lt", "eq"),
) -> TargetSpec:
    kind = draw(st.sampled_from(kinds))
    start = draw(st.integers(2015, 2030))
    end = start + draw(st.integers(0, 10))
    comparator = {
        Kind.QUALITATIVE: "",
        Kind.RANGE: "range",
        Kind.ALL: "ge",
        Kind.FREQUENCY: "ge",
    }.get(kind) or draw(st.sampled_from(("le", "eq") if kind == Kind.ZERO else comparators))
    shape = draw(st.sampled_from(shapes))
    years: list[int | None]
    if shape == "single":
        years = [draw(st.integers(start, end + 2))]
    elif shape == "multiple":
        years = sorted(draw(st.sets(st.integers(start, end + 2), min_size=2, max_size=4)))
    elif shape == "every_year":
        years = [None]
    else:  # "mixed": an every-year floor plus dated milestones
        years = [None, *sorted(draw(st.sets(st.integers(start, end + 2), max_size=3)))]
    milestones = tuple(MilestoneSpec(y, *draw(milestone_value(kind))) for y in years)
    last = max((y for y in years if y is not None), default=None)
    maintain = last + draw(st.integers(0, 6)) if last is not None and draw(st.booleans()) else None
    with_baseline = draw(st.booleans())
    return TargetSpec(
        kind=kind,
        comparator=comparator,
        milestones=milestones,
        period_start=start,
        period_end=end,
        maintain_until=maintain,
        baseline_year=draw(st.integers(start - 5, start)) if with_baseline else None,
        baseline_value=draw(PCT) if with_baseline else None,
        direction=draw(st.sampled_from(("higher", "lower"))),
        per_period=draw(st.sampled_from(Target.Period.values)) if kind == Kind.FREQUENCY else "",
        unit=draw(st.sampled_from(("%", "", "hoạt động"))),
    )


VALUES = st.dictionaries(st.integers(2008, 2045), VALUE, max_size=12)


def near(m: MilestoneSpec, k: int) -> st.SearchStrategy[Decimal]:
    """Values on and around a milestone's bounds, where comparators differ."""
    edges = [m.value * k, m.value * k + D("0.01"), max(m.value * k - D("0.01"), D(0))]
    if m.value_high is not None:
        edges += [m.value_high * k, m.value_high * k + D("0.01")]
    return st.one_of(VALUE, st.sampled_from(edges))


# ------------------------------------------------------------------------ properties


@PROPERTY
@given(
    spec=specs(shapes=(*ALL_SHAPES, "mixed")),
    values=st.dictionaries(st.integers(2000, 2050), WILD, max_size=15),
    year=st.integers(2000, 2050),
)
def test_never_raises_and_explains_in_vietnamese(
    spec: TargetSpec, values: dict[int, Decimal], year: int
) -> None:
    ev = evaluate(spec, values, year)
    assert isinstance(ev, Evaluation)
    assert ev.status in Status.values
    assert ev.explanation.strip()
    assert VIETNAMESE.search(ev.explanation)
    # Decimal comma, never a decimal point ("33.3" would be wrong; "1.234" is grouping).
    assert not re.search(r"\d\.\d{1,2}(?!\d)", ev.explanation)
    if ev.actual is not None:
        assert format_number(ev.actual) in ev.explanation


@PROPERTY
@given(spec=specs(kinds=(Kind.QUALITATIVE,)), values=VALUES, year=st.integers(2000, 2050))
def test_qualitative_is_never_scored(spec: TargetSpec, values: dict, year: int) -> None:
    ev = evaluate(spec, values, year)
    assert ev.status == Status.QUALITATIVE
    assert ev.actual is None


@PROPERTY
@given(spec=specs(kinds=MEASURABLE), values=VALUES, data=st.data())
def test_missing_value_is_no_data_never_zero(spec: TargetSpec, values: dict, data) -> None:
    year = data.draw(st.integers(spec.period_start, spec.period_end + 5))
    values.pop(year, None)
    ev = evaluate(spec, values, year)
    assert ev.status == Status.NO_DATA
    assert ev.actual is None
    assert ev.required is not None  # the committee still sees what was asked


@PROPERTY
@given(spec=specs(kinds=MEASURABLE), values=VALUES, data=st.data())
def test_before_the_plan_is_not_due(spec: TargetSpec, values: dict, data) -> None:
    year = data.draw(st.integers(spec.period_start - 10, spec.period_start - 1))
    values[year] = data.draw(VALUE)
    assert evaluate(spec, values, year).status == Status.NOT_DUE


@PROPERTY
@given(spec=specs(kinds=MEASURABLE, shapes=DATED_SHAPES), values=VALUES, data=st.data())
def test_due_year_is_met_iff_comparator_holds(spec: TargetSpec, values: dict, data) -> None:
    m = data.draw(st.sampled_from(dated(spec)))
    actual = data.draw(near(m, scale(spec)))
    values[m.year] = actual
    ev = evaluate(spec, values, m.year)
    assert ev.status in JUDGED
    assert (ev.status == Status.MET) == holds_for(spec, actual, m)
    assert ev.due_year == m.year
    assert ev.required == m.value * scale(spec)


@PROPERTY
@given(spec=specs(kinds=MEASURABLE, shapes=("every_year",)), values=VALUES, data=st.data())
def test_every_year_milestone_is_due_every_year(spec: TargetSpec, values: dict, data) -> None:
    (m,) = spec.milestones
    # Including years after the plan: a late report is still judged.
    year = data.draw(st.integers(spec.period_start, spec.period_end + 5))
    actual = data.draw(near(m, scale(spec)))
    values[year] = actual
    ev = evaluate(spec, values, year)
    assert ev.status in JUDGED
    assert (ev.status == Status.MET) == holds_for(spec, actual, m)
    assert ev.due_year == year


@PROPERTY
@given(spec=specs(kinds=MEASURABLE, shapes=DATED_SHAPES), values=VALUES, data=st.data())
def test_after_last_milestone_is_judged_against_it(spec: TargetSpec, values: dict, data) -> None:
    """Inside the maintain window ("duy trì đến năm …") and after it alike."""
    last = dated(spec)[-1]
    year = data.draw(st.integers(last.year + 1, max(last.year, spec.maintain_until or 0) + 5))
    actual = data.draw(near(last, scale(spec)))
    values[year] = actual
    ev = evaluate(spec, values, year)
    assert ev.status in JUDGED
    assert (ev.status == Status.MET) == holds_for(spec, actual, last)
    assert ev.due_year == last.year
    in_window = spec.maintain_until is not None and year <= spec.maintain_until
    assert ("duy trì" in ev.explanation) == in_window


@PROPERTY
@given(spec=specs(kinds=MEASURABLE, shapes=DATED_SHAPES), values=VALUES, data=st.data())
def test_before_due_is_on_track_or_at_risk(spec: TargetSpec, values: dict, data) -> None:
    milestones = dated(spec)
    due_years = {m.year for m in milestones}
    candidates = [y for y in range(spec.period_start, milestones[-1].year) if y not in due_years]
    assume(candidates)
    year = data.draw(st.sampled_from(candidates))
    following = next(m for m in milestones if m.year > year)
    actual = data.draw(near(following, scale(spec)))
    values[year] = actual
    ev = evaluate(spec, values, year)
    assert ev.status in PATH
    assert ev.due_year == following.year
    assert ev.required == following.value * scale(spec)
    if holds_for(spec, actual, following):
        assert ev.status == Status.ON_TRACK
        assert f"đã đạt mức của năm {following.year}" in ev.explanation


def _rank(status: Status) -> int:
    return 1 if status in GOOD else 0


@PROPERTY
@given(spec=specs(kinds=MEASURABLE, comparators=("ge", "gt", "le", "lt")), data=st.data())
def test_monotone_in_the_actual(spec: TargetSpec, data) -> None:
    """For ≥/>: more never turns ON_TRACK into AT_RISK nor MET into NOT_MET; mirror for ≤/<."""
    comparator = effective_comparator(spec)
    assume(comparator in HIGHER | LOWER)
    values = data.draw(VALUES)
    year = data.draw(st.integers(spec.period_start, spec.period_end + 3))
    low, high = sorted((data.draw(VALUE), data.draw(VALUE)))
    first = evaluate(spec, {**values, year: low}, year)
    second = evaluate(spec, {**values, year: high}, year)
    # The kind of judgement (path or due) depends on the year, never on the actual.
    assert (first.status in JUDGED) == (second.status in JUDGED)
    if comparator in HIGHER:
        assert _rank(second.status) >= _rank(first.status)
    else:
        assert _rank(first.status) >= _rank(second.status)


@PROPERTY
@given(spec=specs(kinds=MEASURABLE, shapes=DATED_SHAPES), values=VALUES, data=st.data())
def test_values_on_the_line_are_on_track(spec: TargetSpec, values: dict, data) -> None:
    assume(dated(spec)[-1].year > spec.period_start)
    year = data.draw(st.integers(spec.period_start, dated(spec)[-1].year - 1))
    values[year] = data.draw(VALUE)
    ev = evaluate(spec, values, year)
    assume(ev.status in PATH)
    for on_line in (ev.expected_now, ev.expected_now_high):
        if on_line is not None:
            assert evaluate(spec, {**values, year: on_line}, year).status == Status.ON_TRACK


@PROPERTY
@given(
    due=st.integers(2022, 2030),
    target=PCT,
    baseline=PCT,
    actual=PCT,
    data=st.data(),
    comparator=st.sampled_from(("ge", "le")),
)
def test_first_segment_follows_the_line_from_the_baseline(
    due: int, target: Decimal, baseline: Decimal, actual: Decimal, data, comparator: str
) -> None:
    base_year = data.draw(st.integers(2015, due - 1))
    year = data.draw(st.integers(max(base_year, 2021), due - 1))
    spec = TargetSpec(
        kind=Kind.THRESHOLD,
        comparator=comparator,
        milestones=(MilestoneSpec(due, target),),
        period_start=2021,
        period_end=2030,
        baseline_year=base_year,
        baseline_value=baseline,
    )
    ev = evaluate(spec, {year: actual}, year)
    moving = baseline < target if comparator == "ge" else baseline > target
    line = (
        Fraction(baseline)
        + (Fraction(target) - Fraction(baseline)) * (year - base_year) / (due - base_year)
        if moving
        else Fraction(target)
    )
    assert ev.expected_now is not None
    assert abs(Fraction(ev.expected_now) - line) < Fraction(1, 10**30)
    good = Fraction(actual) >= line if comparator == "ge" else Fraction(actual) <= line
    if abs(Fraction(actual) - line) > Fraction(1, 10**30):
        assert (ev.status == Status.ON_TRACK) == good


@PROPERTY
@given(
    spec=specs(kinds=(Kind.THRESHOLD,), shapes=("multiple",), comparators=("ge",)), data=st.data()
)
def test_later_segments_start_where_the_agency_stood(spec: TargetSpec, data) -> None:
    """Between milestones P and N the line runs from (P's year, reported value of P's year,
    or P's required value when nothing was reported) to N."""
    milestones = dated(spec)
    index = data.draw(st.integers(0, len(milestones) - 2))
    prev, nxt = milestones[index], milestones[index + 1]
    assume(nxt.year - prev.year >= 2)
    year = data.draw(st.integers(prev.year + 1, nxt.year - 1))
    values = {year: data.draw(VALUE)}
    if data.draw(st.booleans()):
        values[prev.year] = data.draw(VALUE)
    start = values.get(prev.year, prev.value)
    ev = evaluate(spec, values, year)
    if start < nxt.value:
        line = Fraction(start) + (Fraction(nxt.value) - Fraction(start)) * (year - prev.year) / (
            nxt.year - prev.year
        )
    else:
        line = Fraction(nxt.value)
    assert ev.expected_now is not None
    assert abs(Fraction(ev.expected_now) - line) < Fraction(1, 10**30)


@PROPERTY
@given(value=st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_format_number_round_trips(value: Decimal) -> None:
    text = format_number(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value


# --------------------------------------------------------------------- worked examples


def sngv_leaders() -> TargetSpec:
    """Sở Ngoại vụ 2021–2030: "Phấn đấu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở
    lên tỷ lệ cán bộ nữ được bổ nhiệm chức vụ lãnh đạo quản lý cơ quan" (baseline 2021: 25%)."""
    return TargetSpec(
        kind=Kind.THRESHOLD,
        comparator="ge",
        milestones=(MilestoneSpec(2025, D(35)),),
        period_start=2021,
        period_end=2030,
        maintain_until=2030,
        baseline_year=2021,
        baseline_value=D(25),
    )


def test_sngv_2024_on_the_line_from_the_baseline() -> None:
    ev = evaluate(sngv_leaders(), {2024: D("33.3")}, 2024)
    # 25 + (35 − 25) × (2024 − 2021) / (2025 − 2021) = 32,5
    assert ev.expected_now == D("32.5")
    assert ev.status == Status.ON_TRACK
    assert ev.due_year == 2025 and ev.required == D(35)
    assert ev.explanation == (
        "Năm 2024: 33,3% — cần đạt ≥ 35% vào năm 2025; theo lộ trình từ 25% năm 2021, "
        "lẽ ra phải đạt 32,5%: đúng tiến độ."
    )


def test_sngv_2024_below_the_line_is_at_risk() -> None:
    ev = evaluate(sngv_leaders(), {2024: D("32.4")}, 2024)
    assert ev.status == Status.AT_RISK
    assert "chậm so với lộ trình" in ev.explanation


def test_sngv_due_year_and_maintain_window() -> None:
    spec = sngv_leaders()
    assert evaluate(spec, {2025: D("33.3")}, 2025).status == Status.NOT_MET
    assert evaluate(spec, {2025: D("35")}, 2025).status == Status.MET
    ev = evaluate(spec, {2027: D("36")}, 2027)
    assert ev.status == Status.MET
    assert ev.due_year == 2025
    assert ev.explanation == ("Năm 2027: 36% — đạt yêu cầu ≥ 35% duy trì từ năm 2025 đến năm 2030.")
    assert evaluate(spec, {2030: D("34.99")}, 2030).status == Status.NOT_MET


def test_sngv_late_report_after_the_plan_is_still_judged() -> None:
    spec = sngv_leaders()
    assert evaluate(spec, {2031: D("36")}, 2031).status == Status.MET
    ev = evaluate(spec, {2031: D("34")}, 2031)
    assert ev.status == Status.NOT_MET
    assert ev.explanation == "Năm 2031: 34% — không đạt mức ≥ 35% đề ra cho năm 2025."


def test_sngv_before_the_plan_and_missing_year() -> None:
    spec = sngv_leaders()
    assert evaluate(spec, {2020: D(20)}, 2020).status == Status.NOT_DUE
    ev = evaluate(spec, {2024: D("33.3")}, 2026)
    assert ev.status == Status.NO_DATA
    assert ev.explanation == (
        "Năm 2026: chưa có số liệu (yêu cầu ≥ 35% duy trì từ năm 2025 đến năm 2030)."
    )


def planning_pool() -> TargetSpec:
    """ "Tỷ lệ nữ trong diện quy hoạch … đến năm 2025 và duy trì đến năm 2030 đạt tỷ lệ từ
    40% trở lên" — no baseline given in the plan."""
    return TargetSpec(
        kind=Kind.THRESHOLD,
        comparator="ge",
        milestones=(MilestoneSpec(2025, D(40)),),
        period_start=2021,
        period_end=2030,
        maintain_until=2030,
    )


def test_planning_pool_without_baseline_uses_earliest_reported_value() -> None:
    ev = evaluate(planning_pool(), {2022: D(30), 2023: D(36)}, 2023)
    # From (2022, 30) to (2025, 40): 30 + 10 × 1/3 = 33,33…
    assert ev.expected_now is not None
    assert abs(Fraction(ev.expected_now) - Fraction(100, 3)) < Fraction(1, 10**30)
    assert ev.status == Status.ON_TRACK
    assert "lẽ ra phải đạt 33,33%" in ev.explanation


def test_planning_pool_with_nothing_to_draw_a_line_from() -> None:
    spec = planning_pool()
    early = evaluate(spec, {2023: D(41)}, 2023)
    assert early.status == Status.ON_TRACK
    assert early.explanation == "Năm 2023: 41% — đã đạt mức của năm 2025 (≥ 40%)."
    behind = evaluate(spec, {2023: D(39)}, 2023)
    assert behind.status == Status.AT_RISK
    assert behind.expected_now is None
    assert "chưa có số liệu năm cơ sở" in behind.explanation
    assert evaluate(spec, {2026: D(40)}, 2026).status == Status.MET
    assert evaluate(spec, {2026: D("39.99")}, 2026).status == Status.NOT_MET


def all_party_members() -> TargetSpec:
    """ "100% nữ CBCCVC được kết nạp Đảng": no year, no milestone entered."""
    return TargetSpec(
        kind=Kind.ALL, comparator="ge", milestones=(), period_start=2021, period_end=2030
    )


@pytest.mark.parametrize(("actual", "status"), [(D(100), Status.MET), (D(90), Status.NOT_MET)])
def test_all_of_a_group(actual: Decimal, status: Status) -> None:
    ev = evaluate(all_party_members(), {2023: actual}, 2023)
    assert ev.status == status
    assert ev.required == D(100) and ev.due_year == 2023


@pytest.mark.parametrize(("actual", "status"), [(D(0), Status.MET), (D(1), Status.NOT_MET)])
def test_zero_cases_of_domestic_violence(actual: Decimal, status: Status) -> None:
    """ "Phấn đấu CBCCVC Sở không có hành vi bạo lực gia đình"."""
    spec = TargetSpec(
        kind=Kind.ZERO,
        comparator="eq",
        milestones=(),
        period_start=2021,
        period_end=2030,
        unit="trường hợp",
    )
    ev = evaluate(spec, {2022: actual}, 2022)
    assert ev.status == status
    assert ev.required == D(0)


def province_two_milestones() -> TargetSpec:
    """Province: "60% vào năm 2025 và 75% vào năm 2030"."""
    return TargetSpec(
        kind=Kind.THRESHOLD,
        comparator="ge",
        milestones=(MilestoneSpec(2025, D(60)), MilestoneSpec(2030, D(75))),
        period_start=2021,
        period_end=2030,
    )


def test_province_2027_line_starts_from_the_2025_report() -> None:
    ev = evaluate(province_two_milestones(), {2025: D(62), 2027: D(66)}, 2027)
    # From (2025, 62 reported) toward (2030, 75): 62 + 13 × 2/5 = 67,2
    assert ev.expected_now == D("67.2")
    assert ev.status == Status.AT_RISK
    assert ev.due_year == 2030 and ev.required == D(75)


def test_province_2027_line_starts_from_the_2025_milestone_when_2025_unreported() -> None:
    ev = evaluate(province_two_milestones(), {2027: D(66)}, 2027)
    # From (2025, 60 required) toward (2030, 75): 60 + 15 × 2/5 = 66
    assert ev.expected_now == D(66)
    assert ev.status == Status.ON_TRACK


def test_province_each_milestone_on_its_own_year() -> None:
    spec = province_two_milestones()
    assert evaluate(spec, {2025: D(59)}, 2025).status == Status.NOT_MET
    assert evaluate(spec, {2025: D(60)}, 2025).status == Status.MET
    assert evaluate(spec, {2030: D(74)}, 2030).status == Status.NOT_MET
    assert evaluate(spec, {2030: D(75)}, 2030).required == D(75)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (D(22), Status.MET),
        (D(20), Status.MET),
        (D(25), Status.MET),
        (D("19.99"), Status.NOT_MET),
        (D(27), Status.NOT_MET),  # a range is a range: above it is not met either
    ],
)
def test_range_twenty_to_twenty_five(actual: Decimal, status: Status) -> None:
    """Nghị quyết 26-NQ/TW: "Tỷ lệ nữ cấp ủy viên các cấp đạt từ 20-25%"."""
    spec = TargetSpec(
        kind=Kind.RANGE,
        comparator="range",
        milestones=(MilestoneSpec(2025, D(20), D(25)),),
        period_start=2021,
        period_end=2025,
    )
    ev = evaluate(spec, {2025: actual}, 2025)
    assert ev.status == status
    assert "từ 20% đến 25%" in ev.explanation


def test_range_path_overshoot_is_at_risk() -> None:
    spec = TargetSpec(
        kind=Kind.RANGE,
        comparator="range",
        milestones=(MilestoneSpec(2025, D(20), D(25)),),
        period_start=2021,
        period_end=2025,
        baseline_year=2021,
        baseline_value=D(10),
    )
    ev = evaluate(spec, {2023: D(15)}, 2023)
    assert (ev.expected_now, ev.expected_now_high) == (D(15), D(25))
    assert ev.status == Status.ON_TRACK
    assert evaluate(spec, {2023: D(14)}, 2023).status == Status.AT_RISK
    assert evaluate(spec, {2023: D(26)}, 2023).status == Status.AT_RISK


@pytest.mark.parametrize(("actual", "status"), [(D(35), Status.NOT_MET), (D("35.01"), Status.MET)])
def test_strictly_above_thirty_five(actual: Decimal, status: Status) -> None:
    """ "Tỷ lệ nữ đại biểu HĐND các cấp đạt trên 35%"."""
    spec = TargetSpec(
        kind=Kind.THRESHOLD,
        comparator="gt",
        milestones=(MilestoneSpec(2025, D(35)),),
        period_start=2021,
        period_end=2025,
    )
    assert evaluate(spec, {2025: actual}, 2025).status == status


def test_lower_is_better_path() -> None:
    spec = TargetSpec(
        kind=Kind.THRESHOLD,
        comparator="le",
        milestones=(MilestoneSpec(2025, D(5)),),
        period_start=2021,
        period_end=2030,
        baseline_year=2021,
        baseline_value=D(10),
        direction="lower",
    )
    ev = evaluate(spec, {2023: D(7)}, 2023)
    assert ev.expected_now == D("7.5")
    assert ev.status == Status.ON_TRACK
    assert "lẽ ra không được vượt quá 7,5%" in ev.explanation
    assert evaluate(spec, {2023: D(8)}, 2023).status == Status.AT_RISK


@pytest.mark.parametrize(
    ("actual", "status"), [(D(0), Status.NOT_MET), (D(1), Status.MET), (D(2), Status.MET)]
)
def test_at_least_one_activity_a_year(actual: Decimal, status: Status) -> None:
    spec = TargetSpec(
        kind=Kind.FREQUENCY,
        comparator="ge",
        milestones=(MilestoneSpec(None, D(1)),),
        period_start=2021,
        period_end=2030,
        per_period="year",
        unit="hoạt động",
    )
    ev = evaluate(spec, {2022: actual}, 2022)
    assert ev.status == status
    assert ev.required == D(1)


def test_monthly_frequency_is_counted_per_year() -> None:
    """ "Định kỳ hàng tháng": reports give a yearly count, so 1 a month is 12 a year."""
    spec = TargetSpec(
        kind=Kind.FREQUENCY,
        comparator="ge",
        milestones=(MilestoneSpec(None, D(1)),),
        period_start=2021,
        period_end=2030,
        per_period="month",
        unit="bài viết",
    )
    short = evaluate(spec, {2022: D(11)}, 2022)
    assert short.status == Status.NOT_MET
    assert short.required == D(12)
    assert short.explanation == (
        "Năm 2022: 11 bài viết — không đạt yêu cầu ≥ 12 bài viết trong năm (1 bài viết mỗi tháng)."
    )
    assert evaluate(spec, {2022: D(12)}, 2022).status == Status.MET


def test_qualitative_and_unmeasured_targets() -> None:
    words = TargetSpec(
        kind=Kind.QUALITATIVE, comparator="", milestones=(), period_start=2021, period_end=2030
    )
    assert evaluate(words, {2022: D(1)}, 2022).status == Status.QUALITATIVE
    no_milestone = TargetSpec(
        kind=Kind.THRESHOLD, comparator="ge", milestones=(), period_start=2021, period_end=2030
    )
    assert evaluate(no_milestone, {2022: D(1)}, 2022).status == Status.QUALITATIVE


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        evaluate(sngv_leaders(), {2024: 33.3}, 2024)  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("33.3"), "33,3"),
        (D("35.00"), "35"),
        (D("0"), "0"),
        (D("-0.001"), "0"),
        (D("1234567.891"), "1.234.567,89"),
        (D("-1234.5"), "-1.234,5"),
        (D("0.005"), "0,01"),
        (D("999.999"), "1.000"),
    ],
)
def test_format_number(value: Decimal, text: str) -> None:
    assert format_number(value) == text


def test_spec_from_unsaved_target_with_explicit_milestones() -> None:
    plan = Plan(period_start=2021, period_end=2030)
    target = Target(
        plan=plan,
        kind=Kind.THRESHOLD,
        comparator="ge",
        maintain_until=2030,
        baseline_year=2021,
        baseline_value=D(25),
    )
    spec = spec_from_target(target, [Milestone(year=2025, value=D(35))])
    assert spec == sngv_leaders()


# -------------------------------------------------------------------------- database


@pytest.fixture
def leaders_target(db) -> Target:
    province = AgencyFactory(code="HT", name="UBND tỉnh Hà Tĩnh", kind=Agency.Kind.PROVINCE)
    plan = Plan.objects.create(
        agency=province,
        kind=Plan.Kind.MULTI_YEAR,
        title="Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 – 2030",
        period_start=2021,
        period_end=2030,
    )
    # The catalogue migration already holds the real domain and indicator: use them.
    domain = Domain.objects.get(code="chinh-tri")
    leaders = DataElement.objects.create(
        code="t-lanh-dao", domain=domain, name="Lãnh đạo, quản lý", kind=DataElement.Kind.SEX
    )
    indicator = Indicator.objects.create(
        code="t-ty-le-nu-lanh-dao",
        domain=domain,
        name="Tỷ lệ nữ lãnh đạo, quản lý",
        kind=Indicator.Kind.RATIO,
        numerator=leaders,
        numerator_part=Indicator.Part.WOMEN,
        denominator=leaders,
        denominator_part=Indicator.Part.TOTAL,
    )
    target = Target.objects.create(
        plan=plan,
        wording="Phấn đấu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên …",
        kind=Kind.THRESHOLD,
        indicator=indicator,
        comparator="ge",
        maintain_until=2030,
        baseline_year=2021,
        baseline_value=D(25),
    )
    Milestone.objects.create(target=target, year=2025, value=D(35))
    Target.objects.create(
        plan=plan, wording="100% nữ CBCCVC được kết nạp Đảng", kind=Kind.ALL, comparator="ge"
    )
    return target


@pytest.mark.django_db
def test_evaluate_target_prefetched_needs_no_query(
    leaders_target: Target, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):  # targets, then their milestones
        targets = list(
            Target.objects.filter(plan=leaders_target.plan)
            .select_related("plan", "indicator")
            .prefetch_related("milestones")
            .order_by("pk")
        )
    with django_assert_num_queries(0):
        results = [evaluate_target(t, {2024: D("33.3")}, 2024) for t in targets]
    leaders, party = results
    assert leaders.status == Status.ON_TRACK
    assert leaders.expected_now == D("32.5")
    assert party.status == Status.NOT_MET  # 33,3% of a group that must be 100%
    assert spec_from_target(targets[0]) == sngv_leaders()


@pytest.mark.django_db
def test_evaluate_target_unprefetched_costs_one_query_per_relation(
    leaders_target: Target, django_assert_num_queries
) -> None:
    target = Target.objects.get(pk=leaders_target.pk)
    with django_assert_num_queries(3):  # milestones, plan, indicator
        ev = evaluate_target(target, {2025: D(36)}, 2025)
    assert ev.status == Status.MET
