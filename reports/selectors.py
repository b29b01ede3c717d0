"""Reads that aggregate: previous figures, completeness of a round, lists by status."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

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
