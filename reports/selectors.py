"""Reads that aggregate: previous figures, completeness of a round, lists by status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.utils import timezone

from indicators.models import Indicator
from reports.models import FigureValue, ReportingRound, Submission


def previous_submission(submission: Submission) -> Submission | None:
    """The same agency's report in the latest earlier round of the same province, preferring
    the same kind (last year's annual report beside this year's)."""
    earlier = Submission.objects.filter(
        agency_id=submission.agency_id,
        round__province_id=submission.round.province_id,
        round__year__lt=submission.round.year,
    ).exclude(status=Submission.Status.DRAFT)
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


def _part_subquery(element_id: int, part: str):
    figures = FigureValue.objects.filter(submission=OuterRef("pk"), element_id=element_id)
    if part == Indicator.Part.REPORTING:
        # "Share of agencies that …": each agency that answered counts once in the denominator.
        figures = figures.filter(value__isnull=False).annotate(
            _v=Value(Decimal(1), output_field=DecimalField(max_digits=14, decimal_places=2))
        )
        return Subquery(figures.values("_v")[:1])
    if part == Indicator.Part.MEN:
        expr = ExpressionWrapper(
            F("total") - F("women"), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
        figures = figures.annotate(_v=expr)
        column = "_v"
    else:
        column = {
            Indicator.Part.TOTAL: "total",
            Indicator.Part.WOMEN: "women",
            Indicator.Part.VALUE: "value",
        }.get(part, "value")
    return Subquery(figures.values(column)[:1])


def annotate_indicators(submissions: QuerySet[Submission], indicators: list[Indicator]):
    """Add n_<id> (numerator) and d_<id> (denominator) columns per indicator."""
    annotations = {}
    for ind in indicators:
        annotations[f"n_{ind.pk}"] = _part_subquery(ind.numerator_id, ind.numerator_part)
        if ind.kind == Indicator.Kind.RATIO and ind.denominator_id:
            annotations[f"d_{ind.pk}"] = _part_subquery(ind.denominator_id, ind.denominator_part)
    return submissions.annotate(**annotations)


@dataclass(frozen=True)
class IndicatorValue:
    numerator: Decimal | None
    denominator: Decimal | None
    agencies: int  # how many agencies' data the value rests on

    @property
    def value(self) -> Decimal | None:
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


def _cell_value(ind: Indicator, num: Decimal | None, den: Decimal | None) -> IndicatorValue:
    # As in `agency_grid`: a ratio counts only when both parts were reported.
    reported = num is not None and (den is not None or not _is_ratio(ind))
    return IndicatorValue(num if reported else None, den if reported else None, int(reported))


def values_by_round(
    rounds: Sequence[ReportingRound],
    indicators: Sequence[Indicator],
    *,
    provisional: bool = False,
    agency_ids: Iterable[int] | None = None,
) -> dict[int, dict[int, IndicatorValue]]:
    """`rollup` for several rounds at once, one grouped SQL query: {round_id: {ind_id: v}}.

    Same arithmetic as `rollup`: sums of numerators and denominators over the agencies
    that reported both parts, then the division (in `IndicatorValue.value`)."""
    if not rounds or not indicators:
        return {}
    qs = Submission.objects.filter(
        round__in=[r.pk for r in rounds],
        status__in=(PROVISIONAL_STATUSES if provisional else OFFICIAL_STATUSES),
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    aggregates = {}
    for ind in indicators:
        both = Q(**{f"n_{ind.pk}__isnull": False})
        if _is_ratio(ind):
            both &= Q(**{f"d_{ind.pk}__isnull": False})
            aggregates[f"sd_{ind.pk}"] = Sum(f"d_{ind.pk}", filter=both)
        aggregates[f"sn_{ind.pk}"] = Sum(f"n_{ind.pk}", filter=both)
        aggregates[f"c_{ind.pk}"] = Count("pk", filter=both)
    rows = (
        annotate_indicators(qs, list(indicators))
        .values("round_id")
        .annotate(**aggregates)
        .values("round_id", *aggregates)
        .order_by()
    )
    out: dict[int, dict[int, IndicatorValue]] = {r.pk: {} for r in rounds}
    for row in rows:
        out[row["round_id"]] = {
            ind.pk: IndicatorValue(
                numerator=row[f"sn_{ind.pk}"],
                denominator=row.get(f"sd_{ind.pk}"),
                agencies=row[f"c_{ind.pk}"],
            )
            for ind in indicators
        }
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
    qs = Submission.objects.filter(
        round__in=[r.pk for r in rounds],
        status__in=(PROVISIONAL_STATUSES if provisional else OFFICIAL_STATUSES),
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    columns = ["round_id", "agency_id"]
    for ind in indicators:
        columns.append(f"n_{ind.pk}")
        if _is_ratio(ind):
            columns.append(f"d_{ind.pk}")
    out: dict[int, dict[int, dict[int, IndicatorValue]]] = {r.pk: {} for r in rounds}
    for row in annotate_indicators(qs, list(indicators)).values(*columns).order_by():
        out[row["round_id"]][row["agency_id"]] = {
            ind.pk: _cell_value(ind, row[f"n_{ind.pk}"], row.get(f"d_{ind.pk}"))
            for ind in indicators
        }
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
