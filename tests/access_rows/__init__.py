"""Rows of the role × URL matrix, one module per area so several people can add rows
without editing the same lines. tests/test_access_matrix.py merges them.

`reporting_objects(world)` builds, once per test, a 2025 annual round of Hà Tĩnh with a
draft submission for agency A and agency B, for rows that need a submission, activity,
evidence file, etc. Add what your rows need to it (append fields, do not rename)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from reports import services
from reports.models import Activity, Evidence, ReportingRound, Submission
from tests.factories import DataElementFactory

_CACHE_ATTR = "_reporting_objects"


@dataclass
class ReportingObjects:
    round: ReportingRound
    sub_a: Submission
    sub_b: Submission
    activity_a: Activity
    evidence_a: Evidence


def reporting_objects(world) -> ReportingObjects:
    cached = getattr(world, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    el = DataElementFactory(code="m-cbccvc", name="Cán bộ, công chức, viên chức")
    rnd = services.round_open(
        province=world.province,
        year=2025,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a, world.agency_b],
        elements=[el],
        deadline=datetime.date(2025, 12, 10),
    )
    sub_a = rnd.submissions.get(agency=world.agency_a)
    sub_b = rnd.submissions.get(agency=world.agency_b)
    activity = services.activity_save(
        submission=sub_a,
        actor=world.staff_a,
        held_on=datetime.date(2025, 10, 20),
        kind="communication",
        title="Nói chuyện 20/10",
        participants_total=38,
        participants_women=25,
    )
    evidence = services.evidence_add(
        submission=sub_a,
        actor=world.staff_a,
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF"),
    )
    objs = ReportingObjects(rnd, sub_a, sub_b, activity, evidence)
    setattr(world, _CACHE_ATTR, objs)
    return objs
