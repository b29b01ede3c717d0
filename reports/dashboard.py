"""Dashboards built on the roll-up selectors of `reports.selectors`.

Two scopes: the province (the committee's dashboard) and one agency with its sub-units (the
agency's own dashboard). For a round, each indicator's value (numerators and denominators
summed, then divided), its coverage (agencies the figure rests on / agencies expected), its
status against the targets that apply (evaluated by `plans.evaluation.evaluate` with the
values of every year), the round's completeness, and the trend across annual rounds.

Query budget, whatever the number of agencies: the selected round's roll-up and grid (one
query each), the trends as one grouped query (province) or one query over all annual rounds
(agency grid), targets with their milestones (two queries), completeness (one). Python only
walks the handful of rows those queries return to evaluate targets.

Which targets apply to a value of year Y: targets with an indicator, in issued plans of the
agency whose period covers Y. An agency's own targets come from plans of the agency itself;
the province's from plans of the province agency (UBND tỉnh). When several targets of one
plan-holder measure the same indicator (a multi-year plan and an annual plan), the worst
status is shown — the committee looks for who is lagging — with that target's explanation.

A mid-year round is not the end of the year: a value below the year's requirement there
is "at risk", not "not met".
"""

from __future__ import annotations

import hashlib
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from indicators.models import Domain, Indicator
from plans.evaluation import Evaluation, Status, evaluate, format_number, spec_from_target
from plans.models import Agency, Plan, Target
from reports.models import ReportingRound, Submission
from reports.selectors import (
    OFFICIAL_STATUSES,
    Completeness,
    IndicatorValue,
    agency_grid,
    grid_by_round,
    rollup,
    round_completeness,
    round_versions,
    values_by_round,
)

PROVISIONAL_LABEL = "Số liệu tạm tính (chưa được tiếp nhận)"

# A cell with a value but no target to judge it by: shown, not coloured.
NO_TARGET = "no_target"

# Worst first: the order in which several applicable targets are reduced to one status.
_SEVERITY = {
    Status.NOT_MET: 0,
    Status.AT_RISK: 1,
    Status.ON_TRACK: 2,
    Status.MET: 3,
    Status.NO_DATA: 4,
    Status.NOT_DUE: 5,
    Status.QUALITATIVE: 6,
}

# Text and icon beside every colour, so colour is never the only cue.
STATUS_DISPLAY: dict[str, tuple[str, str]] = {
    Status.MET: ("✓", "Đạt"),
    Status.ON_TRACK: ("↗", "Đúng tiến độ"),
    Status.AT_RISK: ("!", "Có nguy cơ không đạt"),
    Status.NOT_MET: ("✗", "Không đạt"),
    Status.NO_DATA: ("", "Chưa có số liệu"),
    Status.NOT_DUE: ("…", "Chưa đến hạn"),
    Status.QUALITATIVE: ("✎", "Báo cáo bằng lời"),
    NO_TARGET: ("", "Không đặt chỉ tiêu (chỉ ghi giá trị)"),
}

LEGEND_STATUSES = (
    Status.MET,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.NOT_MET,
    Status.NO_DATA,
    NO_TARGET,
)


def legend() -> list[tuple[str, str, str]]:
    """(status, symbol, label) for the colour key; a missing value reads "—" in the cells."""
    return [
        (s, "—" if s == Status.NO_DATA else status_icon(s), status_label(s))
        for s in LEGEND_STATUSES
    ]


def status_icon(status: str) -> str:
    return STATUS_DISPLAY.get(status, ("", ""))[0]


def status_label(status: str) -> str:
    return STATUS_DISPLAY.get(status, ("", str(status)))[1]


def format_value(value: Decimal | None, indicator: Indicator, *, with_unit: bool = True) -> str:
    """'32,4%' for a ratio, '8 hoạt động' for a count, '—' when there is no value (missing
    data, or a ratio whose denominator is zero)."""
    if value is None:
        return "—"
    if indicator.kind == Indicator.Kind.RATIO or indicator.unit == "%":
        text = format_number(value, 1)
        # One decimal always, so a column of percentages lines up: "37,0%" beside "29,4%".
        return f"{text if ',' in text else text + ',0'}%"
    text = format_number(value)
    return f"{text} {indicator.unit}" if with_unit and indicator.unit else text


# ------------------------------------------------------------------------------ lookups


def province_rounds(province: Agency) -> QuerySet[ReportingRound]:
    """Every round of the province, latest first (the annual round of a year after its
    mid-year round)."""
    return ReportingRound.objects.filter(province=province).order_by("-year", "kind")


def default_round(
    rounds: Sequence[ReportingRound], *, agency_ids: Iterable[int] | None = None
) -> ReportingRound | None:
    """The latest round that has accepted data (of the given agencies), else the latest."""
    if not rounds:
        return None
    accepted = Submission.objects.filter(
        round__in=[r.pk for r in rounds], status__in=OFFICIAL_STATUSES
    )
    if agency_ids is not None:
        accepted = accepted.filter(agency_id__in=list(agency_ids))
    # No ordering: Submission's default ordering would join agencies into the DISTINCT.
    with_data = set(accepted.order_by().values_list("round_id", flat=True).distinct())
    return next((r for r in rounds if r.pk in with_data), rounds[0])


def dashboard_indicators(domain: Domain | None = None) -> list[Indicator]:
    qs = Indicator.objects.select_related("domain").order_by("domain__number", "order", "code")
    if domain is not None:
        qs = qs.filter(domain=domain)
    return list(qs)


def trend_rounds(rnd: ReportingRound) -> list[ReportingRound]:
    """The annual rounds of the round's province up to its year, oldest first. A mid-year
    round's own year is left to the annual round that follows it."""
    qs = ReportingRound.objects.filter(
        province_id=rnd.province_id, kind=ReportingRound.Kind.ANNUAL, year__lte=rnd.year
    )
    if rnd.kind == ReportingRound.Kind.MID_YEAR:
        qs = qs.filter(year__lt=rnd.year)
    return list(qs.order_by("year"))


# ---------------------------------------------------------------- roll-ups across rounds


def expected_by_round(rounds: Sequence[ReportingRound]) -> dict[int, int]:
    """How many agencies each round asks to report (the coverage denominator)."""
    rows = (
        Submission.objects.filter(round__in=[r.pk for r in rounds])
        .values("round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r.pk: 0 for r in rounds}
    counts.update({row["round_id"]: row["n"] for row in rows})
    return counts


# ------------------------------------------------------------------------------ targets


def applicable_targets(
    agency_ids: Iterable[int], years: Iterable[int], indicators: Sequence[Indicator]
) -> dict[tuple[int, int], list[Target]]:
    """Targets with an indicator, in issued plans of the given agencies whose period meets
    any of `years`: {(agency_id, indicator_id): [targets]}. Two queries (targets, milestones)."""
    years = list(years)
    if not years or not indicators:
        return {}
    targets = (
        Target.objects.filter(
            plan__agency_id__in=list(agency_ids),
            plan__status=Plan.Status.ISSUED,
            plan__period_start__lte=max(years),
            plan__period_end__gte=min(years),
            indicator_id__in=[i.pk for i in indicators],
        )
        .select_related("plan", "indicator")
        .prefetch_related("milestones")
        .order_by("plan__period_end", "plan__period_start", "plan_id", "order", "pk")
    )
    out: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for t in targets:
        out[(t.plan.agency_id, t.indicator_id)].append(t)
    return dict(out)


@dataclass(frozen=True)
class Judgement:
    """A value judged against the target that governs it (or none)."""

    status: str
    evaluation: Evaluation | None = None
    target: Target | None = None

    @property
    def explanation(self) -> str:
        if self.evaluation is not None:
            return self.evaluation.explanation
        return status_label(self.status)

    @property
    def icon(self) -> str:
        return status_icon(self.status)

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def required_text(self) -> str:
        """The requirement in words, e.g. '≥ 35%' — from the target's evaluation."""
        ev = self.evaluation
        if ev is None or ev.required is None or self.target is None:
            return ""
        unit = self.target.unit or ""

        def amount(v: Decimal) -> str:
            n = format_number(v)
            return f"{n}%" if unit == "%" else (f"{n} {unit}" if unit else n)

        if ev.comparator == Target.Comparator.RANGE:
            if ev.required_high is None:
                return f"≥ {amount(ev.required)}"
            return f"{amount(ev.required)} – {amount(ev.required_high)}"
        symbol = dict(Target.Comparator.choices).get(ev.comparator, "")
        return f"{symbol} {amount(ev.required)}".strip()


_NO_TARGET = Judgement(NO_TARGET)
_NO_DATA = Judgement(Status.NO_DATA)


def _spec(target: Target):
    """The target read once per request: a dashboard judges the same target in every
    year and cell, and reading its milestones each time costs more than evaluating."""
    spec = target.__dict__.get("_dashboard_spec")
    if spec is None:
        spec = target.__dict__["_dashboard_spec"] = spec_from_target(target)
    return spec


def judge(
    targets: Sequence[Target],
    values: dict[int, Decimal],
    year: int,
    *,
    has_value: bool,
    mid_year: bool = False,
) -> Judgement:
    """The worst status among `targets` that apply to `year` (plan period covers it)."""
    if not targets:
        return _NO_TARGET if has_value else _NO_DATA
    applying = [t for t in targets if t.plan.period_start <= year <= t.plan.period_end]
    if not applying:
        return _NO_TARGET if has_value else _NO_DATA
    best: Judgement | None = None
    for t in applying:
        ev = evaluate(_spec(t), values, year)
        if mid_year and ev.status == Status.NOT_MET:
            ev = Evaluation(
                Status.AT_RISK,
                f"Số liệu sơ kết 6 tháng, chưa hết năm: {ev.explanation}",
                required=ev.required,
                required_high=ev.required_high,
                comparator=ev.comparator,
                due_year=ev.due_year,
                actual=ev.actual,
            )
        candidate = Judgement(ev.status, ev, t)
        if best is None or _SEVERITY[ev.status] < _SEVERITY[best.status]:
            best = candidate
    assert best is not None
    return best


# ----------------------------------------------------------------------------- results


@dataclass
class TrendPoint:
    indicator: Indicator
    year: int
    value: IndicatorValue | None
    expected: int
    judgement: Judgement

    @property
    def display(self) -> str:
        return format_value(self.number, self.indicator, with_unit=False)

    @property
    def required_display(self) -> str:
        return self.judgement.required_text

    @property
    def number(self) -> Decimal | None:
        return self.value.value if self.value is not None else None

    @property
    def required(self) -> Decimal | None:
        ev = self.judgement.evaluation
        return ev.required if ev is not None else None


@dataclass
class IndicatorRow:
    """One indicator in one scope: the round's value, its coverage, its judgement, and the
    years before it."""

    indicator: Indicator
    value: IndicatorValue
    expected: int
    judgement: Judgement
    trend: list[TrendPoint] = field(default_factory=list)
    # For an agency: the same value judged against the province's targets.
    province_judgement: Judgement | None = None
    year: int = 0  # the round's year

    @property
    def display(self) -> str:
        return format_value(self.value.value, self.indicator)

    @property
    def coverage(self) -> str:
        return gettext("%(counted)s/%(expected)s cơ quan") % {
            "counted": self.value.agencies,
            "expected": self.expected,
        }

    @property
    def has_target(self) -> bool:
        return self.judgement.target is not None

    @property
    def change(self) -> str:
        """Against the latest earlier year with a value: '+1,4 điểm % so với năm 2024'."""
        current = self.value.value
        earlier = [p for p in self.trend if p.year < self.year and p.number is not None]
        if current is None or not earlier:
            return ""
        prev = earlier[-1]
        delta = current - prev.number
        sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
        unit = "điểm %" if self.indicator.unit == "%" else self.indicator.unit
        return f"{sign}{format_number(abs(delta), 1)} {unit} so với năm {prev.year}"


@dataclass
class Cell:
    agency_id: int
    indicator: Indicator
    value: IndicatorValue | None
    judgement: Judgement

    @property
    def display(self) -> str:
        return format_value(
            self.value.value if self.value else None, self.indicator, with_unit=False
        )

    @property
    def zero_denominator(self) -> bool:
        return self.value is not None and self.value.denominator == 0 and bool(self.value.agencies)

    @property
    def title(self) -> str:
        if self.value is None or not self.value.agencies:
            return "Chưa có số liệu đã tiếp nhận"
        if self.zero_denominator:
            return "Mẫu số bằng 0: không tính được tỷ lệ"
        return self.judgement.explanation


@dataclass
class GridRow:
    agency: Agency
    submission: Submission
    cells: list[Cell]

    @property
    def lagging(self) -> int:
        return sum(c.judgement.status in (Status.NOT_MET, Status.AT_RISK) for c in self.cells)


@dataclass
class ProvinceDashboard:
    round: ReportingRound
    province: Agency
    provisional: bool
    compare: str  # "own" or "province": which targets colour the agencies' cells
    completeness: Completeness
    indicators: list[Indicator]
    rows: list[IndicatorRow]
    grid: list[GridRow]
    years: list[int]

    @property
    def domains(self) -> list[tuple[Domain, list[IndicatorRow]]]:
        return _by_domain(self.rows)


def _by_domain(rows: list[IndicatorRow]) -> list[tuple[Domain, list[IndicatorRow]]]:
    groups: dict[int, tuple[Domain, list[IndicatorRow]]] = {}
    for row in rows:
        d = row.indicator.domain
        groups.setdefault(d.pk, (d, []))[1].append(row)
    return list(groups.values())


def _values_of(
    per_round: dict[int, dict[int, IndicatorValue]],
    rounds: Sequence[ReportingRound],
    current: ReportingRound,
    current_values: dict[int, IndicatorValue],
    ind_id: int,
) -> dict[int, Decimal]:
    """{year: value} for `evaluate`: annual values of earlier years, the round's own value
    for its year. Years without a value are left out (missing is never zero)."""
    values: dict[int, Decimal] = {}
    for r in rounds:
        if r.year >= current.year:
            continue
        v = per_round.get(r.pk, {}).get(ind_id)
        if v is not None and v.value is not None:
            values[r.year] = v.value
    cur = current_values.get(ind_id)
    if cur is not None and cur.value is not None:
        values[current.year] = cur.value
    return values


def _trend(
    ind: Indicator,
    rounds: Sequence[ReportingRound],
    per_round: dict[int, dict[int, IndicatorValue]],
    expected: dict[int, int],
    targets: Sequence[Target],
) -> list[TrendPoint]:
    """Each annual round's value judged against what applied that year."""
    yearly = {r.year: per_round.get(r.pk, {}).get(ind.pk) for r in rounds}
    values = {y: v.value for y, v in yearly.items() if v is not None and v.value is not None}
    points = []
    for r in rounds:
        v = yearly[r.year]
        has = v is not None and v.value is not None
        judgement = judge(targets, values, r.year, has_value=has)
        points.append(TrendPoint(ind, r.year, v, expected.get(r.pk, 0), judgement))
    return points


def province_dashboard(
    rnd: ReportingRound,
    *,
    domain: Domain | None = None,
    provisional: bool = False,
    compare: str = "own",
) -> ProvinceDashboard:
    province = rnd.province
    indicators = dashboard_indicators(domain)
    mid_year = rnd.kind == ReportingRound.Kind.MID_YEAR
    completeness = round_completeness(rnd)
    grid = agency_grid(rnd, indicators, provisional=provisional)
    history = trend_rounds(rnd)
    per_round = values_by_round(history, indicators, provisional=provisional)
    # An annual round is the last point of its own trend: its province values are there.
    current = per_round.get(rnd.pk) if rnd in history else None
    if current is None:
        current = rollup(rnd, indicators, provisional=provisional)
    expected = expected_by_round(history)
    submissions = list(
        rnd.submissions.select_related("agency").order_by("agency__name", "agency__code")
    )
    years = sorted({r.year for r in history} | {rnd.year})
    agency_ids = [s.agency_id for s in submissions]
    targets = applicable_targets([province.pk, *agency_ids], years, indicators)
    # Earlier years of each agency only matter where a target draws a path through them:
    # fetch them for the agencies and indicators that have targets, not the whole grid.
    owners = {a for a, _i in targets}
    judged = [i for i in indicators if any((o, i.pk) in targets for o in owners)]
    judged_agencies = (
        agency_ids if compare == "province" else [a for a in agency_ids if a in owners]
    )
    grid_history = (
        grid_by_round(
            [r for r in history if r.year < rnd.year],
            judged,
            provisional=provisional,
            agency_ids=judged_agencies,
        )
        if judged and judged_agencies
        else {}
    )

    rows: list[IndicatorRow] = []
    for ind in indicators:
        value = current.get(ind.pk) or IndicatorValue(None, None, 0)
        own_targets = targets.get((province.pk, ind.pk), [])
        values = _values_of(per_round, history, rnd, current, ind.pk)
        rows.append(
            IndicatorRow(
                indicator=ind,
                value=value,
                expected=completeness.expected,
                judgement=judge(
                    own_targets,
                    values,
                    rnd.year,
                    has_value=value.value is not None,
                    mid_year=mid_year,
                ),
                trend=_trend(ind, history, per_round, expected, own_targets),
                year=rnd.year,
            )
        )

    grid_rows: list[GridRow] = []
    owner_of = (lambda _a: province.pk) if compare == "province" else (lambda a: a)
    ind_ids = [(ind, ind.pk) for ind in indicators]
    for sub in submissions:
        agency_id = sub.agency_id
        cells_values = grid.get(agency_id, {})
        owner = owner_of(agency_id)
        own_history = None
        cells = []
        for ind, ind_id in ind_ids:
            v = cells_values.get(ind_id)
            has_value = v is not None and v.value is not None
            cell_targets = targets.get((owner, ind_id))
            if cell_targets:
                # Earlier years matter only where a target draws a path through them.
                if own_history is None:
                    own_history = {r: g.get(agency_id, {}) for r, g in grid_history.items()}
                values = _values_of(own_history, history, rnd, cells_values, ind_id)
                judgement = judge(
                    cell_targets, values, rnd.year, has_value=has_value, mid_year=mid_year
                )
            else:
                judgement = _NO_TARGET if has_value else _NO_DATA
            cells.append(Cell(agency_id, ind, v, judgement))
        grid_rows.append(GridRow(sub.agency, sub, cells))

    return ProvinceDashboard(
        round=rnd,
        province=province,
        provisional=provisional,
        compare=compare,
        completeness=completeness,
        indicators=indicators,
        rows=rows,
        grid=grid_rows,
        years=[r.year for r in history],
    )


# ------------------------------------------------------------------ cached page body
#
# The committee dashboard's numbers for a round change only when a report of the round
# (or of a trend round) changes, or a plan, target, milestone, agency or indicator does.
# With settings.REPORTS_DASHBOARD_CACHE naming a cache alias, the rendered body
# (templates/reports/_dashboard_body.html) is kept under a key made of all of those:
# - every submission of the round and of its trend rounds: how many, the sum of their ids
#   and the latest `updated_at` (every transition and every draft save moves it);
# - the latest audit-history date of agencies, plans, targets, milestones, indicators and
#   data elements (every write to them goes through services or the admin, both recorded
#   by django-simple-history; plans/services.py never writes in bulk);
# - the round's own fields, the page's filters, the language, the domains' names and the
#   code's version (the files that make the body).
# Two small queries read the versions. A miss computes and renders as without the cache.
BODY_CACHE_TIMEOUT = 24 * 3600
_BODY_FILES = (
    "reports/dashboard.py",
    "reports/selectors.py",
    "reports/templatetags/heatmap_tags.py",
    "plans/evaluation.py",
    "templates/reports/_dashboard_body.html",
    "templates/reports/_dash_card.html",
    "templates/reports/_dash_heatmap.html",
    "templates/reports/_dash_trend.html",
    "templates/reports/_dash_completeness.html",
    "templates/reports/_dash_legend.html",
    "templates/reports/_dash_badge.html",
)


def _code_version() -> str:
    from django.conf import settings

    stamps = []
    for name in _BODY_FILES:
        try:
            stamps.append(f"{name}:{(settings.BASE_DIR / name).stat().st_mtime_ns}")
        except OSError:
            stamps.append(name)
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


_CODE_VERSION = ""


def _body_cache():
    from django.conf import settings
    from django.core.cache import caches

    alias = getattr(settings, "REPORTS_DASHBOARD_CACHE", None)
    return caches[alias] if alias else None


def _audit_version() -> str:
    """Latest change recorded for what the body shows besides the reports."""
    from django.db import connection

    from indicators.models import DataElement
    from plans.models import Milestone

    q = connection.ops.quote_name
    tables = [
        m.history.model._meta.db_table
        for m in (Agency, Plan, Target, Milestone, Indicator, DataElement)
    ]
    sql = " UNION ALL ".join(
        f"SELECT MAX({q('history_date')}) FROM {q(t)}"  # noqa: S608 (model table names)
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return ",".join(str(row[0]) for row in cursor.fetchall())


def dashboard_body_key(
    rnd: ReportingRound, *, domain: Domain | None, provisional: bool, compare: str, extra: str
) -> str | None:
    """The cache key of the committee dashboard's body, or None when the cache is off."""
    global _CODE_VERSION
    if _body_cache() is None:
        return None
    if not _CODE_VERSION:
        _CODE_VERSION = _code_version()
    from django.utils.translation import get_language

    # Every report of the round and of the rounds its trend charts draw, whatever its
    # status: the completeness panel counts drafts too.
    shown = [rnd.pk, *(r.pk for r in trend_rounds(rnd))]
    versions = sorted(round_versions(Submission.objects.filter(round__in=shown)).items())
    raw = repr(
        (
            _CODE_VERSION,
            get_language(),
            rnd.pk,
            rnd.year,
            rnd.kind,
            str(rnd.deadline),
            rnd.status,
            domain.pk if domain else None,
            provisional,
            compare,
            extra,
            versions,
            _audit_version(),
        )
    )
    return f"gp:dashboard:{rnd.pk}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_body(key: str | None, render: Callable[[], str]) -> str:
    """The body under `key` from the cache, or rendered (and kept) now.

    Kept compressed: a 150-agency body is 1.6 MB of HTML and about 20 KB through zlib,
    which costs 2 ms to undo — cheap beside holding hundreds of bodies per process."""
    cache = _body_cache() if key else None
    if cache is None:
        return render()
    packed = cache.get(key)
    if packed is not None:
        return zlib.decompress(packed).decode()
    html = render()
    cache.set(key, zlib.compress(html.encode(), 6), BODY_CACHE_TIMEOUT)
    return html


# ------------------------------------------------------------------------ agency scope


@dataclass
class SubmissionLine:
    round: ReportingRound
    submission: Submission

    @property
    def late(self) -> bool:
        return self.submission.is_late


@dataclass
class AgencyDashboard:
    agency: Agency
    round: ReportingRound | None
    provisional: bool
    rows: list[IndicatorRow]
    years: list[int]
    submissions: list[SubmissionLine]
    plans: list[Plan]

    @property
    def with_targets(self) -> list[IndicatorRow]:
        return [r for r in self.rows if r.has_target]

    @property
    def without_targets(self) -> list[IndicatorRow]:
        return [r for r in self.rows if not r.has_target]


def agency_scope_ids(agency: Agency) -> list[int]:
    """The agency and its sub-units (the tree is at most three levels deep)."""
    return list(Agency.objects.within(agency).values_list("pk", flat=True))


def agency_dashboard(
    agency: Agency,
    rnd: ReportingRound | None,
    *,
    provisional: bool = False,
    scope_ids: list[int] | None = None,
) -> AgencyDashboard:
    province = agency.province
    scope = scope_ids if scope_ids is not None else agency_scope_ids(agency)
    plans = list(
        Plan.objects.filter(agency=agency)
        .exclude(status=Plan.Status.ARCHIVED)
        .order_by("-period_end", "-period_start", "-pk")
    )
    submissions = [
        SubmissionLine(s.round, s)
        for s in Submission.objects.filter(agency=agency)
        .select_related("round")
        .order_by("-round__year", "round__kind")
    ]
    if rnd is None:
        return AgencyDashboard(agency, None, provisional, [], [], submissions, plans)

    indicators = dashboard_indicators()
    mid_year = rnd.kind == ReportingRound.Kind.MID_YEAR
    history = trend_rounds(rnd)
    per_round = values_by_round(history, indicators, provisional=provisional, agency_ids=scope)
    current = per_round.get(rnd.pk) if rnd in history else None
    if current is None:
        current = rollup(rnd, indicators, provisional=provisional, agency_ids=scope)
    expected = _expected_in_scope(history + [rnd], scope)
    years = sorted({r.year for r in history} | {rnd.year})
    targets = applicable_targets([agency.pk, province.pk], years, indicators)

    rows = []
    for ind in indicators:
        value = current.get(ind.pk) or IndicatorValue(None, None, 0)
        has = value.value is not None
        values = _values_of(per_round, history, rnd, current, ind.pk)
        own = targets.get((agency.pk, ind.pk), [])
        rows.append(
            IndicatorRow(
                indicator=ind,
                value=value,
                expected=expected.get(rnd.pk, 0),
                judgement=judge(own, values, rnd.year, has_value=has, mid_year=mid_year),
                trend=_trend(ind, history, per_round, expected, own),
                year=rnd.year,
                # Only a value the agency reported is compared with the province's target
                # (province-only figures stay blank for a department).
                province_judgement=judge(
                    targets.get((province.pk, ind.pk), []),
                    values,
                    rnd.year,
                    has_value=has,
                    mid_year=mid_year,
                )
                if has
                else None,
            )
        )
    return AgencyDashboard(
        agency, rnd, provisional, rows, [r.year for r in history], submissions, plans
    )


def _expected_in_scope(rounds: Sequence[ReportingRound], scope: list[int]) -> dict[int, int]:
    rows = (
        Submission.objects.filter(round__in=[r.pk for r in rounds], agency_id__in=scope)
        .values("round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r.pk: 0 for r in rounds}
    counts.update({row["round_id"]: row["n"] for row in rows})
    return counts


# ------------------------------------------------------------- values for a plan's targets


def plan_target_values(plan: Plan) -> dict[int, dict[int, Decimal]]:
    """{target_id: {year: value}} from the accepted annual reports of the plan's agency
    (with its sub-units; a province plan uses the whole province), for the targets that
    are measured by an indicator. Plugged into the plan page by the PLAN_TARGET_VALUES
    setting, so `plans` shows statuses without importing `reports`."""
    targets = [t for t in plan.targets.all() if t.indicator_id]
    if not targets:
        return {}
    indicators = list({t.indicator_id: t.indicator for t in targets}.values())
    province = plan.agency.province
    rounds = list(
        ReportingRound.objects.filter(
            province=province,
            kind=ReportingRound.Kind.ANNUAL,
            year__gte=plan.period_start - 1,
            year__lte=plan.period_end,
        ).order_by("year")
    )
    scope = None if plan.agency.kind == Agency.Kind.PROVINCE else agency_scope_ids(plan.agency)
    by_round = values_by_round(rounds, indicators, agency_ids=scope)
    out: dict[int, dict[int, Decimal]] = {}
    for target in targets:
        series = {}
        for rnd in rounds:
            value = by_round.get(rnd.pk, {}).get(target.indicator_id)
            if value is not None and value.value is not None:
                series[rnd.year] = value.value
        out[target.pk] = series
    return out
