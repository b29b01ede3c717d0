"""Reads that aggregate: previous figures, completeness of a round, lists by status."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from functools import cached_property

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import (
    Count,
    Max,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from indicators.models import Indicator
from reports.models import FigureValue, ReportingRound, Submission


def previous_submission(submission: Submission) -> Submission | None:
    """The same agency's report in the latest earlier round of the same province, preferring
    the same kind (last year's annual report beside this year's)."""
    earlier = (
        Submission.objects.select_related("round")
        .filter(
            agency_id=submission.agency_id,
            round__province_id=submission.round.province_id,
            round__year__lt=submission.round.year,
        )
        .exclude(status=Submission.Status.DRAFT)
    )
    same_kind = earlier.filter(round__kind=submission.round.kind).order_by("-round__year").first()
    return same_kind or earlier.order_by("-round__year").first()


def previous_figures(submission: Submission) -> dict[int, FigureValue]:
    prev = previous_submission(submission)
    if prev is None:
        return {}
    return {f.element_id: f for f in prev.figures.all()}


@dataclass
class Completeness:
    expected: int
    submitted: int
    accepted: int
    returned: int
    on_time: int
    late: int
    missing: int
    draft: int


def round_completeness(rnd: ReportingRound) -> Completeness:
    """One query. 'Submitted' is every report sent at least once; 'missing' never sent."""
    deadline_end = timezone.make_aware(
        timezone.datetime.combine(rnd.deadline, timezone.datetime.max.time())
    )
    agg = rnd.submissions.aggregate(
        expected=Count("pk"),
        submitted=Count("pk", filter=Q(first_submitted_at__isnull=False)),
        accepted=Count("pk", filter=Q(status=Submission.Status.ACCEPTED)),
        returned=Count("pk", filter=Q(status=Submission.Status.RETURNED)),
        late=Count("pk", filter=Q(first_submitted_at__gt=deadline_end)),
        draft=Count("pk", filter=Q(status=Submission.Status.DRAFT)),
    )
    return Completeness(
        expected=agg["expected"],
        submitted=agg["submitted"],
        accepted=agg["accepted"],
        returned=agg["returned"],
        on_time=agg["submitted"] - agg["late"],
        late=agg["late"],
        missing=agg["expected"] - agg["submitted"],
        draft=agg["draft"],
    )


def round_submissions(rnd: ReportingRound, bucket: str | None = None) -> QuerySet[Submission]:
    """The round's submissions, optionally one bucket of the completeness panel."""
    deadline_end = timezone.make_aware(
        timezone.datetime.combine(rnd.deadline, timezone.datetime.max.time())
    )
    qs = rnd.submissions.select_related("agency").order_by("agency__name")
    match bucket:
        case "submitted":
            qs = qs.filter(first_submitted_at__isnull=False)
        case "accepted":
            qs = qs.filter(status=Submission.Status.ACCEPTED)
        case "returned":
            qs = qs.filter(status=Submission.Status.RETURNED)
        case "late":
            qs = qs.filter(first_submitted_at__gt=deadline_end)
        case "on_time":
            qs = qs.filter(first_submitted_at__lte=deadline_end)
        case "missing":
            qs = qs.filter(first_submitted_at__isnull=True)
        case "draft":
            qs = qs.filter(status=Submission.Status.DRAFT)
    return qs


# --------------------------------------------------------------------------------------
# Roll-ups: indicator values computed in SQL. Ratios add numerators and denominators over
# agencies and only then divide (never an average of percentages); an agency counts only
# when it reported both parts (missing data is never zero).
# --------------------------------------------------------------------------------------


OFFICIAL_STATUSES = (Submission.Status.ACCEPTED,)
PROVISIONAL_STATUSES = (
    Submission.Status.SUBMITTED,
    Submission.Status.APPROVED,
    Submission.Status.ACCEPTED,
)


@dataclass(frozen=True)
class IndicatorValue:
    numerator: Decimal | None
    denominator: Decimal | None
    agencies: int  # how many agencies' data the value rests on

    @cached_property
    def value(self) -> Decimal | None:
        # Cached: a dashboard reads each cell's value several times (colour, text, title).
        if self.numerator is None:
            return None
        if self.denominator is None:
            return self.numerator  # counts and yes/no sums
        if self.denominator == 0:
            return None
        return (self.numerator * 100 / self.denominator).quantize(Decimal("0.1"))


def statuses_for(provisional: bool) -> tuple[str, ...]:
    """Official figures come from accepted reports only; provisional ones add reports sent
    but not yet accepted."""
    return PROVISIONAL_STATUSES if provisional else OFFICIAL_STATUSES


def _is_ratio(ind: Indicator) -> bool:
    return ind.kind == Indicator.Kind.RATIO and ind.denominator_id is not None


# A cell nobody reported: one shared (frozen) value, not thousands of equal ones.
_NOT_REPORTED = IndicatorValue(None, None, 0)


# One pass over FigureValue: each submission's figures pivoted into one row (a column per
# indicator part, MAX(CASE WHEN element = … THEN part END) over a LEFT JOIN restricted to
# the elements asked), then — for the roll-up — summed per round in the same statement.
# Correlated subqueries per indicator part (the first version: two per indicator and row,
# repeated inside every SUM/FILTER) cost 10–150× this at national scale, and even building the
# same pivot as ORM expressions (50 Case/When per query) costs more than running it, so
# the statement is written here from the models' table and column names
# (docs/performance.md).


def _pivot(
    rounds: Sequence[ReportingRound],
    indicators: Sequence[Indicator],
    provisional: bool,
    agency_ids: list[int] | None,
) -> tuple[str, list]:
    """SQL for the counted submissions of the rounds, one row each:
    round_id, agency_id, then n_<id> (and d_<id> for a ratio) per indicator."""
    q = connection.ops.quote_name
    sub, fig = Submission._meta, FigureValue._meta

    def col(meta, name: str) -> str:
        return q(meta.get_field(name).column)

    f_element = f"f.{col(fig, 'element')}"
    part_sql = {
        Indicator.Part.TOTAL: f"f.{col(fig, 'total')}",
        Indicator.Part.WOMEN: f"f.{col(fig, 'women')}",
        Indicator.Part.VALUE: f"f.{col(fig, 'value')}",
        Indicator.Part.MEN: f"f.{col(fig, 'total')} - f.{col(fig, 'women')}",
    }
    columns, elements = [], set()
    for ind in indicators:
        parts = [("n", ind.numerator_id, ind.numerator_part)]
        if _is_ratio(ind):
            parts.append(("d", ind.denominator_id, ind.denominator_part))
        for prefix, element_id, part in parts:
            when = f"{f_element} = {int(element_id)}"
            if part == Indicator.Part.REPORTING:
                # "Share of agencies that …": each agency that answered counts once.
                when += f" AND f.{col(fig, 'value')} IS NOT NULL"
                expr = "CAST(1 AS NUMERIC)"
            else:
                expr = part_sql.get(part, part_sql[Indicator.Part.VALUE])
            columns.append(f"MAX(CASE WHEN {when} THEN {expr} END) AS {q(f'{prefix}_{ind.pk}')}")
            elements.add(int(element_id))
    statuses = list(statuses_for(provisional))
    round_ids = [r.pk for r in rounds]
    s_id, s_round, s_agency = col(sub, "id"), col(sub, "round"), col(sub, "agency")
    where = [
        f"s.{s_round} IN ({', '.join(['%s'] * len(round_ids))})",
        f"s.{col(sub, 'status')} IN ({', '.join(['%s'] * len(statuses))})",
    ]
    params: list = [*round_ids, *statuses]
    if agency_ids is not None:
        where.append(f"s.{s_agency} IN ({', '.join(['%s'] * len(agency_ids))})")
        params += agency_ids
    sql = (
        f"SELECT s.{s_round} AS {q('round_id')}, s.{s_agency} AS {q('agency_id')}, "  # noqa: S608
        f"{', '.join(columns)} FROM {q(sub.db_table)} s LEFT JOIN {q(fig.db_table)} f "
        f"ON f.{col(fig, 'submission')} = s.{s_id} "
        f"AND {f_element} IN ({', '.join(map(str, sorted(elements)))}) "
        f"WHERE {' AND '.join(where)} GROUP BY s.{s_id}, s.{s_round}, s.{s_agency}"
    )
    return sql, params


def _number(value) -> Decimal | None:
    """A sum read back from raw SQL as the ORM would convert it (SQLite gives int/float)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        value = _FLOAT_CONTEXT.create_decimal_from_float(value)
    return Decimal(value).quantize(Decimal("0.01"))


_FLOAT_CONTEXT = Context(prec=15)


# --------------------------------------------------------------------------------------
# Cache of round totals (opt-in: settings.REPORTS_ROLLUP_CACHE names a cache alias).
#
# A round's totals depend only on which of its reports are counted and on their figures,
# and counted reports are locked: figures change only after a status change (reopen →
# returned), which saves the submission and so moves its `updated_at`. The version of a
# round is therefore (how many counted reports, the sum of their ids, the latest
# `updated_at` among them): accepting or reopening any report changes it, and past rounds
# keep theirs for good. One small query reads the versions of all rounds asked.
# --------------------------------------------------------------------------------------
CACHE_SCHEMA = 1
CACHE_TIMEOUT = 30 * 24 * 3600


def _rollup_cache():
    alias = getattr(settings, "REPORTS_ROLLUP_CACHE", None)
    return caches[alias] if alias else None


def _counted(
    rounds: Sequence[ReportingRound], provisional: bool, agency_ids: Iterable[int] | None
) -> QuerySet[Submission]:
    qs = Submission.objects.filter(
        round__in=[r.pk for r in rounds],
        status__in=statuses_for(provisional),
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs


def round_versions(submissions: QuerySet[Submission]) -> dict[int, str]:
    """A version per round of `submissions`: how many, the sum of their ids and the latest
    `updated_at`. Every save of a submission (draft, transition, reopen) moves it, so
    whatever is computed from those submissions can be kept under it (one query)."""
    rows = (
        submissions.values("round_id")
        .annotate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))
        .order_by()
    )
    return {
        row["round_id"]: f"{row['n']}.{row['ids']}.{row['last'].timestamp() if row['last'] else 0}"
        for row in rows
    }


def _signature(
    indicators: Sequence[Indicator], provisional: bool, agency_ids: list[int] | None
) -> str:
    definition = [
        (i.pk, i.kind, i.numerator_id, i.numerator_part, i.denominator_id, i.denominator_part)
        for i in indicators
    ]
    raw = repr((definition, provisional, sorted(agency_ids) if agency_ids is not None else None))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def values_by_round(
    rounds: Sequence[ReportingRound],
    indicators: Sequence[Indicator],
    *,
    provisional: bool = False,
    agency_ids: Iterable[int] | None = None,
) -> dict[int, dict[int, IndicatorValue]]:
    """`rollup` for several rounds at once, one grouped SQL query: {round_id: {ind_id: v}}.

    Same arithmetic as `rollup`: sums of numerators and denominators over the agencies
    that reported both parts, then the division (in `IndicatorValue.value`).

    With REPORTS_ROLLUP_CACHE set, totals of rounds whose counted reports have not
    changed come from the cache (one small version query, then the grouped query for the
    rounds not cached, if any)."""
    if not rounds or not indicators:
        return {}
    ids = list(agency_ids) if agency_ids is not None else None
    cache = _rollup_cache()
    if cache is None:
        return _values_by_round(rounds, indicators, provisional, ids)
    versions = round_versions(_counted(rounds, provisional, ids))
    signature = _signature(indicators, provisional, ids)
    keys = {
        r.pk: f"gp:rollup:{CACHE_SCHEMA}:{r.pk}:{versions.get(r.pk, '0')}:{signature}"
        for r in rounds
    }
    found = cache.get_many(list(keys.values()))
    out = {r.pk: found[keys[r.pk]] for r in rounds if keys[r.pk] in found}
    missing = [r for r in rounds if r.pk not in out]
    if missing:
        fresh = _values_by_round(missing, indicators, provisional, ids)
        cache.set_many({keys[r.pk]: fresh.get(r.pk, {}) for r in missing}, CACHE_TIMEOUT)
        out.update(fresh)
    return out


def _values_by_round(
    rounds: Sequence[ReportingRound],
    indicators: Sequence[Indicator],
    provisional: bool,
    agency_ids: list[int] | None,
) -> dict[int, dict[int, IndicatorValue]]:
    if agency_ids is not None and not agency_ids:
        return {r.pk: {} for r in rounds}
    inner, params = _pivot(rounds, indicators, provisional, agency_ids)
    q = connection.ops.quote_name
    outer = []
    for ind in indicators:
        n, d = q(f"n_{ind.pk}"), q(f"d_{ind.pk}")
        both = f"{n} IS NOT NULL" + (f" AND {d} IS NOT NULL" if _is_ratio(ind) else "")
        outer.append(f"SUM(CASE WHEN {both} THEN {n} END)")
        if _is_ratio(ind):
            outer.append(f"SUM(CASE WHEN {both} THEN {d} END)")
        outer.append(f"COUNT(CASE WHEN {both} THEN 1 END)")
    # The outer statement adds up the pivot's columns by round.
    sql = (
        f"SELECT p.{q('round_id')}, {', '.join(outer)} "  # noqa: S608 (column names only)
        f"FROM ({inner}) p GROUP BY p.{q('round_id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out: dict[int, dict[int, IndicatorValue]] = {r.pk: {} for r in rounds}
    for row in rows:
        values = iter(row[1:])
        found = {}
        for ind in indicators:
            numerator = _number(next(values))
            denominator = _number(next(values)) if _is_ratio(ind) else None
            found[ind.pk] = IndicatorValue(numerator, denominator, next(values))
        out[row[0]] = found
    return out


def grid_by_round(
    rounds: Sequence[ReportingRound],
    indicators: Sequence[Indicator],
    *,
    provisional: bool = False,
    agency_ids: Iterable[int] | None = None,
) -> dict[int, dict[int, dict[int, IndicatorValue]]]:
    """`agency_grid` for several rounds in one query: {round_id: {agency_id: {ind_id: v}}}."""
    if not rounds or not indicators:
        return {}
    out: dict[int, dict[int, dict[int, IndicatorValue]]] = {r.pk: {} for r in rounds}
    ids = list(agency_ids) if agency_ids is not None else None
    if ids is not None and not ids:
        return out
    sql, params = _pivot(rounds, indicators, provisional, ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # ~4,000 cells for a province of 150 agencies: the loop does no more than it must
    # (PostgreSQL already returns Decimals). As in `agency_grid`: a ratio counts only
    # when both parts were reported.
    plan = [(ind.pk, _is_ratio(ind)) for ind in indicators]
    convert = connection.vendor != "postgresql"
    for row in rows:
        values = iter(row[2:])
        cells = {}
        for ind_id, is_ratio in plan:
            numerator = next(values)
            denominator = next(values) if is_ratio else None
            if numerator is None or (is_ratio and denominator is None):
                cells[ind_id] = _NOT_REPORTED
            elif convert:
                cells[ind_id] = IndicatorValue(_number(numerator), _number(denominator), 1)
            else:
                cells[ind_id] = IndicatorValue(numerator, denominator, 1)
        out[row[0]][row[1]] = cells
    return out


def rollup(
    rnd: ReportingRound, indicators: list[Indicator], *, provisional: bool = False, agency_ids=None
) -> dict[int, IndicatorValue]:
    """Province (or scope) value of each indicator for one round, in one SQL query."""
    values = values_by_round([rnd], indicators, provisional=provisional, agency_ids=agency_ids)
    found = values.get(rnd.pk, {})
    return {ind.pk: found.get(ind.pk, IndicatorValue(None, None, 0)) for ind in indicators}


def agency_grid(
    rnd: ReportingRound, indicators: list[Indicator], *, provisional: bool = False, agency_ids=None
) -> dict[int, dict[int, IndicatorValue]]:
    """Each agency's value of each indicator for one round, in one SQL query:
    {agency_id: {ind_id: v}}."""
    return grid_by_round([rnd], indicators, provisional=provisional, agency_ids=agency_ids).get(
        rnd.pk, {}
    )
