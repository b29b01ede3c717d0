"""Đánh giá chỉ tiêu: score one target (chỉ tiêu) of a plan against reported values.

`evaluate(spec, values, year)` is pure: it takes a plain `TargetSpec`, a mapping
year → value (the indicator's value for that reporting year) and the year to judge, and
returns an `Evaluation` with a status and a one-sentence Vietnamese explanation a member
of the Ban VSTBPN can read. `spec_from_target` is the only place that touches the ORM;
`evaluate_target` is the two chained.

Semantics (what each status means and when it is given)
--------------------------------------------------------
Statuses: ĐẠT (met), ĐÚNG TIẾN ĐỘ (on track), CÓ NGUY CƠ KHÔNG ĐẠT (at risk),
KHÔNG ĐẠT (not met), CHƯA ĐẾN HẠN (not due), CHƯA CÓ SỐ LIỆU (no data),
BÁO CÁO BẰNG LỜI (qualitative). Checked in this order:

1. Chỉ tiêu định tính ("ưu tiên tuyển dụng cán bộ nữ") → QUALITATIVE, never scored.
   A measurable target whose milestones (mốc) were never entered has nothing to be
   compared with, so it is treated the same way rather than guessed at.
2. The target's life starts with the plan's period (`period_start`). A year before it →
   NOT_DUE. There is no end: a year after the plan (a late report) is still judged
   against the last milestone, so the report says whether the target was met.
3. No value for the year → NO_DATA. Missing data is never read as zero.
4. The milestone that governs year Y (mốc áp dụng):
   a. a milestone dated Y → Y is its due year: MET if the comparator holds, else NOT_MET;
   b. Y after the last dated milestone → judged against that last milestone: through
      `maintain_until` this is the window "… đến năm 2025 và duy trì đến năm 2030";
      after it (or when there is no `maintain_until`) the level set for the last
      milestone still stands — a plan that reached 35% in 2025 is not excused in 2027;
   c. a milestone without a year ("100% nữ CBCCVC …") is due every year: MET/NOT_MET.
      If a target has both, dated milestones win in (a) and (b); the every-year one
      governs the years before a dated milestone (each year is judged, no path);
   d. otherwise Y lies before the next dated milestone D: the path (lộ trình) decides
      ON_TRACK or AT_RISK, below.
5. Comparators: ≥, >, ≤, <, = and a range [value, value_high] with both ends included
   (a range is a range: above it is NOT_MET too; a range without `value_high` has no
   upper end). The target's kind fixes the comparator for three shapes:
   ALL ("100% …") is ≥, with an every-year 100 if no milestone was entered;
   ZERO ("không có hành vi bạo lực gia đình") is ≤, with an every-year 0 if none was
   entered; RANGE is the range. A blank or unknown comparator (bad data) falls back to
   the indicator's direction: higher is better → ≥, lower is better → ≤.
6. Frequency ("ít nhất N hoạt động mỗi năm/tháng"): reports give a count per reporting
   year, so `values` holds yearly counts and the milestone's N is per `per_period`; the
   yearly requirement is N × periods per year (month 12, quarter 4, half-year 2, year 1).
   Whether every single month had one cannot be seen from a yearly count.
7. The path before a due year D (milestone interval [lo, hi] from the comparator):
   - start point: for a segment after an earlier milestone P, (P's year, the value
     actually reported for P's year, or P's required value if none was reported) — the
     line runs from where the agency really stood. For the first segment: the baseline
     (năm cơ sở, giá trị cơ sở) if its year is ≤ Y; else the earliest reported value
     before Y; else there is no line.
   - the line runs from the start value straight to the nearest end of [lo, hi] in year
     D; `expected_now` is its value in year Y. For a range or = the band the agency
     should be inside is [`expected_now`, `expected_now_high`]. An end the start has
     already passed stays flat at the requirement (a flat line).
   - ON_TRACK if the actual is inside the band (≥ the line for ≥/>, ≤ it for ≤/<),
     else AT_RISK. Already meeting the milestone before it is due is ON_TRACK and the
     explanation says "đã đạt mức của năm D". Overshooting a range is AT_RISK.
   - no start point: ON_TRACK if the actual already meets the milestone, else AT_RISK
     (there is no evidence of progress, so the cautious reading), `expected_now` None.
Numbers are `Decimal` throughout and compared exactly; floats are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Milestone, Target

Kind = Target.Kind
Comparator = Target.Comparator
Period = Target.Period

PERIODS_PER_YEAR: dict[str, int] = {
    Period.YEAR: 1,
    Period.HALF_YEAR: 2,
    Period.QUARTER: 4,
    Period.MONTH: 12,
}

_PER_PERIOD_LABEL: dict[str, str] = {
    Period.YEAR: "mỗi năm",
    Period.HALF_YEAR: "mỗi 6 tháng",
    Period.QUARTER: "mỗi quý",
    Period.MONTH: "mỗi tháng",
}

_SYMBOL: dict[str, str] = {
    Comparator.GE: "≥",
    Comparator.GT: ">",
    Comparator.LE: "≤",
    Comparator.LT: "<",
    Comparator.EQ: "=",
}

# Interpolated values keep this many significant digits: enough that a figure with
# 12 digits (the model's max_digits) divided by a span of years loses nothing visible.
_PRECISION = 40


class Status(models.TextChoices):
    MET = "met", _("Đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    NOT_MET = "not_met", _("Không đạt")
    NOT_DUE = "not_due", _("Chưa đến hạn")
    NO_DATA = "no_data", _("Chưa có số liệu")
    QUALITATIVE = "qualitative", _("Báo cáo bằng lời")


class MilestoneSpec(NamedTuple):
    """One mốc: `year` None means every year of the plan."""

    year: int | None
    value: Decimal
    value_high: Decimal | None = None


@dataclass(frozen=True)
class TargetSpec:
    """Everything `evaluate` needs to know about a target, free of the ORM."""

    kind: str
    comparator: str
    milestones: tuple[MilestoneSpec, ...]
    period_start: int
    period_end: int
    maintain_until: int | None = None
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    direction: str = "higher"
    per_period: str = ""
    unit: str = "%"


@dataclass(frozen=True)
class Evaluation:
    status: Status
    explanation: str
    # The requirement that governs the year, per reporting year (frequency targets are
    # already multiplied out), and the comparator actually applied.
    required: Decimal | None = None
    required_high: Decimal | None = None
    comparator: str = ""
    due_year: int | None = None
    expected_now: Decimal | None = None
    expected_now_high: Decimal | None = None
    actual: Decimal | None = None


# ---------------------------------------------------------------------------- ORM side


def spec_from_target(target: Target, milestones: Iterable[Milestone] | None = None) -> TargetSpec:
    """Read a target into a `TargetSpec`.

    Uses `target.milestones.all()` (so a `prefetch_related("milestones")` is honoured),
    `target.plan` and `target.indicator` (select them to avoid a query each). Pass
    `milestones` to evaluate an unsaved target."""
    rows = target.milestones.all() if milestones is None else milestones
    direction = target.indicator.direction if target.indicator_id is not None else "higher"
    return TargetSpec(
        kind=target.kind,
        comparator=target.comparator,
        milestones=tuple(MilestoneSpec(m.year, m.value, m.value_high) for m in rows),
        period_start=target.plan.period_start,
        period_end=target.plan.period_end,
        maintain_until=target.maintain_until,
        baseline_year=target.baseline_year,
        baseline_value=target.baseline_value,
        direction=direction,
        per_period=target.per_period,
        unit=target.unit,
    )


def evaluate_target(target: Target, values: Mapping[int, Decimal], year: int) -> Evaluation:
    return evaluate(spec_from_target(target), values, year)


# ------------------------------------------------------------------------------ numbers


def format_number(value: Decimal, places: int = 2) -> str:
    """Vietnamese style, no locale needed: 1234567.891 → "1.234.567,89", 35.00 → "35".

    Rounded half-up to `places` decimals, trailing zeros dropped."""
    if not value.is_finite():
        return str(value)
    with localcontext() as ctx:
        # quantize refuses results longer than the context precision: make room.
        ctx.prec = max(ctx.prec, value.adjusted() + places + 5)
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def _finite(value: Decimal | None) -> Decimal | None:
    return value if value is not None and value.is_finite() else None


def _reported(values: Mapping[int, Decimal], year: int) -> Decimal | None:
    raw = values.get(year)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int):
        # A float would bring binary rounding into threshold tests (33.3 → 33.29999…).
        raise TypeError(f"values[{year}] must be Decimal, got {type(raw).__name__}")
    return _finite(Decimal(raw))


def _lerp(y0: int, v0: Decimal, y1: int, v1: Decimal, year: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return v0 + (v1 - v0) * (year - y0) / (y1 - y0)


# ------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class _Rule:
    comparator: str
    dated: tuple[MilestoneSpec, ...]  # sorted by year, one per year
    every_year: MilestoneSpec | None
    scale: int


def _comparator(spec: TargetSpec) -> str:
    if spec.kind == Kind.ALL:
        return Comparator.GE.value
    if spec.kind == Kind.ZERO:
        return Comparator.LE.value
    if spec.kind == Kind.RANGE:
        return Comparator.RANGE.value
    if spec.comparator in Comparator.values:
        return Comparator(spec.comparator).value
    return (Comparator.LE if spec.direction == "lower" else Comparator.GE).value


def _rule(spec: TargetSpec) -> _Rule | None:
    """The target as something scorable, or None when it can only be reported in words."""
    if spec.kind == Kind.QUALITATIVE:
        return None
    scale = PERIODS_PER_YEAR.get(spec.per_period, 1) if spec.kind == Kind.FREQUENCY else 1
    dated: dict[int, MilestoneSpec] = {}
    every: MilestoneSpec | None = None
    for raw in spec.milestones:
        year, value, high = MilestoneSpec(*raw)
        value, high = _finite(value), _finite(high)
        if value is None:
            continue
        if high is not None and high < value:
            value, high = high, value
        scaled = MilestoneSpec(year, value * scale, None if high is None else high * scale)
        if year is None:
            every = every or scaled
        else:
            dated.setdefault(year, scaled)
    if not dated and every is None:
        if spec.kind == Kind.ALL:
            every = MilestoneSpec(None, Decimal(100))
        elif spec.kind == Kind.ZERO:
            every = MilestoneSpec(None, Decimal(0))
        else:
            return None
    return _Rule(_comparator(spec), tuple(sorted(dated.values(), key=_year)), every, scale)


def _year(m: MilestoneSpec) -> int:
    return m.year or 0


Basis = Literal["due", "every_year", "maintain", "after", "path"]


@dataclass(frozen=True)
class _Governing:
    milestone: MilestoneSpec
    basis: Basis
    due_year: int
    previous: MilestoneSpec | None = None


def _governing(rule: _Rule, spec: TargetSpec, year: int) -> _Governing:
    dated = rule.dated
    for m in dated:
        if m.year == year:
            return _Governing(m, "due", year)
    if dated and year > _year(dated[-1]):
        last = dated[-1]
        window = spec.maintain_until is not None and year <= spec.maintain_until
        return _Governing(last, "maintain" if window else "after", _year(last))
    if rule.every_year is not None:
        return _Governing(rule.every_year, "every_year", year)
    following = next(m for m in dated if _year(m) > year)
    earlier = [m for m in dated if _year(m) < year]
    return _Governing(following, "path", _year(following), earlier[-1] if earlier else None)


def _satisfies(comparator: str, actual: Decimal, m: MilestoneSpec) -> bool:
    if comparator == Comparator.GE:
        return actual >= m.value
    if comparator == Comparator.GT:
        return actual > m.value
    if comparator == Comparator.LE:
        return actual <= m.value
    if comparator == Comparator.LT:
        return actual < m.value
    if comparator == Comparator.EQ:
        return actual == m.value
    return m.value <= actual and (m.value_high is None or actual <= m.value_high)


def _interval(comparator: str, m: MilestoneSpec) -> tuple[Decimal | None, Decimal | None]:
    """The requirement as [lo, hi] (None = open); strictness only matters on the due year."""
    if comparator in (Comparator.GE, Comparator.GT):
        return m.value, None
    if comparator in (Comparator.LE, Comparator.LT):
        return None, m.value
    if comparator == Comparator.EQ:
        return m.value, m.value
    return m.value, m.value_high


def _start(
    spec: TargetSpec, gov: _Governing, values: Mapping[int, Decimal], year: int
) -> tuple[int, Decimal] | None:
    if gov.previous is not None:
        p_year = _year(gov.previous)
        reported = _reported(values, p_year)
        return p_year, reported if reported is not None else gov.previous.value
    baseline = _finite(spec.baseline_value)
    if spec.baseline_year is not None and baseline is not None and spec.baseline_year <= year:
        return spec.baseline_year, baseline
    for earlier in sorted(y for y in values if y < year):
        value = _reported(values, earlier)
        if value is not None:
            return earlier, value
    return None


# --------------------------------------------------------------------------- wording


def _unit(spec: TargetSpec) -> str:
    # The model's default unit is "%"; a count target left at the default reads wrong
    # ("1%" of an activity), so counts fall back to a noun.
    if spec.kind == Kind.FREQUENCY and spec.unit in ("", "%"):
        return "lần"
    if spec.kind == Kind.ZERO and spec.unit in ("", "%"):
        return "trường hợp"
    return spec.unit


def _amount(value: Decimal, spec: TargetSpec) -> str:
    unit = _unit(spec)
    number = format_number(value)
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}" if unit else number


def _requirement(rule: _Rule, m: MilestoneSpec, spec: TargetSpec) -> str:
    if rule.comparator == Comparator.RANGE:
        if m.value_high is None:
            text = f"từ {_amount(m.value, spec)} trở lên"
        else:
            text = f"từ {_amount(m.value, spec)} đến {_amount(m.value_high, spec)}"
    else:
        text = f"{_SYMBOL[rule.comparator]} {_amount(m.value, spec)}"
    if spec.kind == Kind.FREQUENCY:
        text += " trong năm"
        if rule.scale > 1:
            per = _amount(m.value / rule.scale, spec)
            text += f" ({per} {_PER_PERIOD_LABEL[spec.per_period]})"
    return text


def _when(gov: _Governing, spec: TargetSpec, year: int) -> str:
    """When the requirement applies, to follow it in a sentence (may be empty)."""
    if gov.basis == "every_year":
        # A frequency requirement already says "trong năm".
        every = "" if spec.kind == Kind.FREQUENCY else " hằng năm"
        late = " (sau thời hạn kế hoạch)" if year > spec.period_end else ""
        return f"{every}{late}"
    if gov.basis == "maintain":
        return f" duy trì từ năm {gov.due_year} đến năm {spec.maintain_until}"
    if gov.basis == "after":
        return f" đề ra cho năm {gov.due_year}"
    if gov.basis == "due":
        return f" của năm {gov.due_year}"
    return f" vào năm {gov.due_year}"


def _band_text(low: Decimal | None, high: Decimal | None, spec: TargetSpec) -> str:
    if low is not None and high is not None:
        if low == high:
            return f"lẽ ra phải đạt {_amount(low, spec)}"
        return f"lẽ ra phải trong khoảng {_amount(low, spec)} – {_amount(high, spec)}"
    if low is not None:
        return f"lẽ ra phải đạt {_amount(low, spec)}"
    if high is not None:
        return f"lẽ ra không được vượt quá {_amount(high, spec)}"
    return "lẽ ra phải đạt mức yêu cầu"


# ------------------------------------------------------------------------- evaluation


def evaluate(spec: TargetSpec, values: Mapping[int, Decimal], year: int) -> Evaluation:
    """Status of `spec` in `year` given the reported `values` (see the module docstring)."""
    rule = _rule(spec)
    if rule is None:
        reason = (
            "Chỉ tiêu định tính"
            if spec.kind == Kind.QUALITATIVE
            else "Chỉ tiêu chưa có mốc định lượng"
        )
        return Evaluation(
            Status.QUALITATIVE, f"{reason}: báo cáo bằng lời, không chấm đạt hay không đạt."
        )
    if year < spec.period_start:
        return Evaluation(
            Status.NOT_DUE,
            f"Năm {year}: chưa đến hạn — kế hoạch thực hiện từ năm {spec.period_start}.",
            comparator=rule.comparator,
        )

    gov = _governing(rule, spec, year)
    m = gov.milestone
    requirement = _requirement(rule, m, spec)
    base = Evaluation(
        Status.NO_DATA,
        f"Năm {year}: chưa có số liệu (yêu cầu {requirement}{_when(gov, spec, year)}).",
        required=m.value,
        required_high=m.value_high,
        comparator=rule.comparator,
        due_year=gov.due_year,
    )
    actual = _reported(values, year)
    if actual is None:
        return base
    shown = f"Năm {year}: {_amount(actual, spec)}"
    met = _satisfies(rule.comparator, actual, m)

    if gov.basis != "path":
        if gov.basis == "after":
            verdict = "vẫn đạt mức" if met else "không đạt mức"
        else:
            verdict = "đạt yêu cầu" if met else "không đạt yêu cầu"
        return replace(
            base,
            status=Status.MET if met else Status.NOT_MET,
            explanation=f"{shown} — {verdict} {requirement}{_when(gov, spec, year)}.",
            actual=actual,
        )

    already = f"{shown} — đã đạt mức của năm {gov.due_year} ({requirement})."
    needed = f"{shown} — cần đạt {requirement} vào năm {gov.due_year}"
    start = _start(spec, gov, values, year)
    if start is None:
        return replace(
            base,
            status=Status.ON_TRACK if met else Status.AT_RISK,
            explanation=already
            if met
            else f"{needed}; chưa có số liệu năm cơ sở để tính lộ trình và hiện chưa đạt mức này.",
            actual=actual,
        )

    start_year, start_value = start
    lo, hi = _interval(rule.comparator, m)
    # Each end of the band moves along the line only while the start is outside it:
    # a start already past an end keeps that end flat at the requirement.
    band_lo = (
        _lerp(start_year, start_value, gov.due_year, lo, year)
        if lo is not None and start_value < lo
        else lo
    )
    band_hi = (
        _lerp(start_year, start_value, gov.due_year, hi, year)
        if hi is not None and start_value > hi
        else hi
    )
    inside = (band_lo is None or actual >= band_lo) and (band_hi is None or actual <= band_hi)
    on_track = met or inside
    if met:
        text = already
    else:
        verdict = "đúng tiến độ" if on_track else "chậm so với lộ trình, có nguy cơ không đạt"
        origin = f"theo lộ trình từ {_amount(start_value, spec)} năm {start_year}"
        text = f"{needed}; {origin}, {_band_text(band_lo, band_hi, spec)}: {verdict}."
    # expected_now is the line the comparator cares about; a two-sided requirement
    # (range, =) also gives the upper end of the band.
    two_sided = lo is not None and hi is not None
    return replace(
        base,
        status=Status.ON_TRACK if on_track else Status.AT_RISK,
        explanation=text,
        expected_now=band_lo if lo is not None else band_hi,
        expected_now_high=band_hi if two_sided else None,
        actual=actual,
    )
