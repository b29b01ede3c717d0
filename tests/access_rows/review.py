"""Matrix rows for rounds, the review of submissions and notifications.

Rows that need a report the committee may see first send agency A's report through the
services (the committee never sees a draft that was never sent)."""

from __future__ import annotations

from reports import services
from reports.models import Submission
from tests.access_rows import reporting_objects
from tests.conftest import World
from tests.test_access_matrix import Row, everyone

S = Submission.Status


def _sent_a(world: World) -> Submission:
    sub = reporting_objects(world).sub_a
    sub.refresh_from_db()
    if sub.status == S.DRAFT:
        sub = services.submission_save_draft(
            submission=sub,
            actor=world.staff_a,
            base_version=sub.version,
            changes=services.DraftChanges(
                figures={"m-cbccvc": services.FigureInput(total="42", women="19")},
                narrative={"results": "Tổ chức 4 hoạt động truyền thông."},
            ),
        )
        sub = services.submission_submit(submission=sub, actor=world.staff_a)
    return sub


def _approved_a(world: World) -> Submission:
    sub = _sent_a(world)
    if sub.status == S.SUBMITTED:
        sub = services.submission_approve(submission=sub, actor=world.leader_a)
    return sub


def _accepted_a(world: World) -> Submission:
    sub = _approved_a(world)
    if sub.status == S.APPROVED:
        sub = services.submission_accept(submission=sub, actor=world.committee)
    return sub


def _pk(load):
    return lambda w: {"pk": load(w).pk}


def _reason(w: World) -> dict:
    return {"reason": "Số lãnh đạo nữ chưa khớp với danh sách."}


# A's people act on A's report; B's staff may not know it exists; the committee reviews
# but never approves for the agency; the leader never accepts for the committee.
ROWS: dict[str, Row] = {
    "round_list": Row(everyone(200)),
    "round_open": Row(everyone(403) | {"committee": 200, "superuser": 200}),
    "round_detail": Row(everyone(200), kwargs=lambda w: {"pk": reporting_objects(w).round.pk}),
    "submission_detail": Row(everyone(200) | {"staff_b": 404}, kwargs=_pk(_sent_a)),
    "submission_approve": Row(
        everyone(403) | {"staff_b": 404, "leader_a": 302, "superuser": 302},
        kwargs=_pk(_sent_a),
        method="post",
    ),
    "submission_send_back": Row(
        everyone(403) | {"staff_b": 404, "leader_a": 302, "superuser": 302},
        kwargs=_pk(_sent_a),
        method="post",
        data=_reason,
    ),
    "submission_return": Row(
        everyone(403) | {"staff_b": 404, "committee": 302, "superuser": 302},
        kwargs=_pk(_approved_a),
        method="post",
        data=_reason,
    ),
    "submission_accept": Row(
        everyone(403) | {"staff_b": 404, "committee": 302, "superuser": 302},
        kwargs=_pk(_approved_a),
        method="post",
    ),
    "submission_reopen": Row(
        everyone(403) | {"staff_b": 404, "committee": 302, "superuser": 302},
        kwargs=_pk(_accepted_a),
        method="post",
        data=_reason,
    ),
    "notification_list": Row(everyone(200)),
    "notification_read_all": Row(everyone(302), method="post"),
}
