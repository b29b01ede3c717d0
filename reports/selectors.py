"""Reads that aggregate: previous figures, completeness of a round, lists by status."""

from __future__ import annotations

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


def scope_submissions(
    rnd: ReportingRound, *, provisional: bool = False, agency_ids=None
) -> QuerySet[Submission]:
    statuses = PROVISIONAL_STATUSES if provisional else OFFICIAL_STATUSES
    qs = Submission.objects.filter(round=rnd, status__in=statuses)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs


def rollup(
    rnd: ReportingRound, indicators: list[Indicator], *, provisional: bool = False, agency_ids=None
) -> dict[int, IndicatorValue]:
    """Province (or scope) value of each indicator, in one SQL query."""
    if not indicators:
        return {}
    base = annotate_indicators(
        scope_submissions(rnd, provisional=provisional, agency_ids=agency_ids), indicators
    )
    aggregates = {}
    for ind in indicators:
        ratio = ind.kind == Indicator.Kind.RATIO and ind.denominator_id
        both = Q(**{f"n_{ind.pk}__isnull": False})
        if ratio:
            both &= Q(**{f"d_{ind.pk}__isnull": False})
            aggregates[f"sd_{ind.pk}"] = Sum(f"d_{ind.pk}", filter=both)
        aggregates[f"sn_{ind.pk}"] = Sum(f"n_{ind.pk}", filter=both)
        aggregates[f"c_{ind.pk}"] = Count("pk", filter=both)
    row = base.aggregate(**aggregates)
    return {
        ind.pk: IndicatorValue(
            numerator=row[f"sn_{ind.pk}"],
            denominator=row.get(f"sd_{ind.pk}"),
            agencies=row[f"c_{ind.pk}"],
        )
        for ind in indicators
    }


def agency_grid(
    rnd: ReportingRound, indicators: list[Indicator], *, provisional: bool = False, agency_ids=None
) -> dict[int, dict[int, IndicatorValue]]:
    """Each agency's value of each indicator, in one SQL query: {agency_id: {ind_id: v}}."""
    if not indicators:
        return {}
    columns = ["agency_id"]
    for ind in indicators:
        columns.append(f"n_{ind.pk}")
        if ind.kind == Indicator.Kind.RATIO and ind.denominator_id:
            columns.append(f"d_{ind.pk}")
    rows = annotate_indicators(
        scope_submissions(rnd, provisional=provisional, agency_ids=agency_ids), indicators
    ).values(*columns)
    grid: dict[int, dict[int, IndicatorValue]] = {}
    for row in rows:
        cells = {}
        for ind in indicators:
            num, den = row[f"n_{ind.pk}"], row.get(f"d_{ind.pk}")
            ratio = ind.kind == Indicator.Kind.RATIO and ind.denominator_id
            reported = num is not None and (den is not None or not ratio)
            cells[ind.pk] = IndicatorValue(
                num if reported else None, den if reported else None, 1 if reported else 0
            )
        grid[row["agency_id"]] = cells
    return grid
