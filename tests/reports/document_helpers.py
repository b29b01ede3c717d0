"""Helpers shared by the document tests, the browser test and the access-matrix rows.

Kept apart from tests/access_rows/documents.py on purpose: a row module imports
tests.test_access_matrix, and importing it first from a test module would merge the
matrix before that row module has defined its ROWS."""

from __future__ import annotations

from reports import services
from reports.models import Submission


def accept(submission: Submission, world, figures: dict | None = None) -> Submission:
    """Fill, submit, approve and accept a submission through the services."""
    elements = list(submission.round.elements.all())
    changes = services.DraftChanges(
        figures=figures
        or {
            el.code: (
                services.FigureInput(total="42", women="19")
                if el.kind == "sex"
                else services.FigureInput(value="4")
            )
            for el in elements
        },
        narrative={"results": "Đã tổ chức quán triệt Luật Bình đẳng giới."},
    )
    submission = services.submission_save_draft(
        submission=submission, actor=world.staff_a, base_version=submission.version, changes=changes
    )
    submission = services.submission_submit(submission=submission, actor=world.staff_a)
    submission = services.submission_approve(submission=submission, actor=world.leader_a)
    return services.submission_accept(submission=submission, actor=world.committee)
