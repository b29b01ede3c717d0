"""Role × URL rows for the data entry page and its endpoints (reports/urls_entry.py).

The shared objects are a draft report of agency A: its people edit it, agency B does not
know it exists (404), and neither does the committee while it is a draft (the committee
reads reports only once they were sent; tests/reports/test_entry_views.py checks the
committee's read-only view and 403s after submission)."""

from __future__ import annotations

from plans.models import Plan, Task
from tests.access_rows import reporting_objects
from tests.test_access_matrix import Row, everyone

_TASK_ATTR = "_entry_task"


def _sub(w) -> dict:
    return {"pk": reporting_objects(w).sub_a.pk}


def _version(w) -> dict:
    return {"base_version": str(reporting_objects(w).sub_a.version)}


def _task(w) -> Task:
    """A task of agency A's plan covering 2025 (created once per test)."""
    task = getattr(w, _TASK_ATTR, None)
    if task is None:
        plan = Plan.objects.create(
            agency=w.agency_a,
            kind=Plan.Kind.MULTI_YEAR,
            title="Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030",
            period_start=2021,
            period_end=2030,
        )
        task = Task.objects.create(plan=plan, description="Tổ chức tập huấn về bình đẳng giới")
        setattr(w, _TASK_ATTR, task)
    return task


def editors(status: int) -> dict[str, int]:
    """Agency A's staff and leader and the superuser; nobody else may know of the draft."""
    return everyone(status) | {"staff_b": 404, "committee": 404}


ROWS: dict[str, Row] = {
    "submission_entry": Row(editors(200), kwargs=_sub),
    # Nothing changed: stored as is, back to the page.
    "submission_entry_save": Row(editors(302), kwargs=_sub, method="post", data=_version),
    # The draft is incomplete: the page comes back listing what is missing.
    "submission_entry_submit": Row(editors(200), kwargs=_sub, method="post", data=_version),
    "submission_entry_figure": Row(
        editors(200),
        kwargs=lambda w: _sub(w) | {"code": "m-cbccvc"},
        method="post",
        data=lambda w: _version(w) | {"fig-m-cbccvc-total": "42", "fig-m-cbccvc-women": "19"},
    ),
    "submission_entry_narrative": Row(
        editors(200),
        kwargs=lambda w: _sub(w) | {"name": "results"},
        method="post",
        data=lambda w: _version(w) | {"narrative-results": "Tổ chức 4 buổi truyền thông."},
    ),
    "submission_entry_task": Row(
        editors(200),
        kwargs=lambda w: _sub(w) | {"task_pk": _task(w).pk},
        method="post",
        data=lambda w: {f"task-{_task(w).pk}-status": "done", f"task-{_task(w).pk}-note": ""},
    ),
    "submission_activity_add": Row(
        editors(302),
        kwargs=_sub,
        method="post",
        data=lambda w: {
            "held_on": "2025-11-15",
            "held_until": "2025-12-14",
            "kind": "communication",
            "title": "Tháng hành động vì bình đẳng giới",
            "participants_total": "120",
            "participants_women": "70",
        },
    ),
    "submission_activity_delete": Row(
        editors(302),
        kwargs=lambda w: _sub(w) | {"activity_pk": reporting_objects(w).activity_a.pk},
        method="post",
    ),
    # No file chosen: the page comes back with the message.
    "submission_evidence_upload": Row(editors(302), kwargs=_sub, method="post"),
    "submission_evidence_download": Row(
        editors(200),
        kwargs=lambda w: _sub(w) | {"evidence_pk": reporting_objects(w).evidence_a.pk},
    ),
    "submission_evidence_delete": Row(
        editors(302),
        kwargs=lambda w: _sub(w) | {"evidence_pk": reporting_objects(w).evidence_a.pk},
        method="post",
    ),
}
