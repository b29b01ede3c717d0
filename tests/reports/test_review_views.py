"""Rounds, review and notifications through HTTP: what each person can do on the pages,
and the effect in the database."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import Agency
from reports import services
from reports.models import (
    FieldComment,
    Notification,
    ReportingRound,
    Submission,
    SubmissionEvent,
)
from tests.conftest import client_for
from tests.factories import AgencyFactory, DataElementFactory, MembershipFactory, UserFactory
from tests.reports.conftest import fill_valid

S = Submission.Status


def submitted(reporting, world) -> Submission:
    sub = fill_valid(reporting.sub_a, world.staff_a)
    return services.submission_submit(submission=sub, actor=world.staff_a)


def approved(reporting, world) -> Submission:
    return services.submission_approve(submission=submitted(reporting, world), actor=world.leader_a)


def returned(reporting, world) -> Submission:
    return services.submission_return(
        submission=approved(reporting, world),
        actor=world.committee,
        reason="Số lãnh đạo nữ chưa khớp.",
        comments={"t-lanh-dao": "Kiểm tra lại số lãnh đạo nữ."},
    )


def fix_and_resend(sub: Submission, world) -> Submission:
    sub.refresh_from_db()
    sub = services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"t-lanh-dao": services.FigureInput(total="9", women="4")}
        ),
    )
    sub = services.submission_submit(submission=sub, actor=world.staff_a)
    return services.submission_approve(submission=sub, actor=world.leader_a)


def detail(sub: Submission) -> str:
    return reverse("submission_detail", args=[sub.pk])


# --- opening a round ------------------------------------------------------------------
def test_open_round_form_is_prefilled_by_the_regime(world):
    DataElementFactory(code="t-a")
    response = client_for(world, "committee").get(reverse("round_open"))
    assert response.status_code == 200
    form = response.context["form"]
    year, kind = form.initial["year"], form.initial["kind"]
    assert (form.initial["window_start"], form.initial["window_end"]) == (
        ReportingRound.default_window(year, kind)
    )
    assert form.initial["deadline"] == ReportingRound.default_deadline(year, kind)
    # All active departments are ticked; the sub-unit is not even offered.
    assert set(form.initial["agencies"]) == {
        world.agency_a.pk,
        world.agency_b.pk,
        world.committee_host.pk,
    }
    assert world.subunit_a.pk not in [a.pk for a in form.fields["agencies"].queryset]
    assert "Mở kỳ báo cáo" in response.content.decode()


def test_open_round_via_form_creates_submissions(world):
    el1, el2 = DataElementFactory(code="t-a"), DataElementFactory(code="t-b")
    client = client_for(world, "committee")
    response = client.post(
        reverse("round_open"),
        {
            "province": world.province.pk,
            "year": 2026,
            "kind": "annual",
            # Dates as Vietnamese users type them (the form shows dd/mm/yyyy).
            "window_start": "15/12/2025",
            "window_end": "14/12/2026",
            "deadline": "10/12/2026",
            "agencies": [world.agency_a.pk, world.agency_b.pk],
            "elements": [el1.pk, el2.pk],
        },
    )
    rnd = ReportingRound.objects.get(province=world.province, year=2026, kind="annual")
    assert response.status_code == 302
    assert response["Location"] == reverse("round_detail", args=[rnd.pk])
    assert rnd.deadline == datetime.date(2026, 12, 10)
    assert rnd.opened_by == world.committee
    assert set(rnd.elements.values_list("code", flat=True)) == {"t-a", "t-b"}
    assert set(rnd.submissions.values_list("agency__code", flat=True)) == {"HT-SNGV", "HT-STC"}
    assert set(rnd.submissions.values_list("status", flat=True)) == {S.DRAFT}


def test_open_round_refuses_a_window_of_another_year(world):
    el = DataElementFactory(code="t-a")
    response = client_for(world, "committee").post(
        reverse("round_open"),
        {
            "year": 2026,
            "kind": "annual",
            "window_start": "2024-12-15",
            "window_end": "2025-12-14",  # last year's window left in place
            "deadline": "2026-12-10",
            "agencies": [world.agency_a.pk],
            "elements": [el.pk],
        },
    )
    assert response.status_code == 200
    assert "phải kết thúc trong năm 2026" in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_open_round_twice_shows_the_service_message(world, reporting):
    response = client_for(world, "committee").post(
        reverse("round_open"),
        {
            "year": 2025,
            "kind": "annual",
            "window_start": "2024-12-15",
            "window_end": "2025-12-14",
            "deadline": "2025-12-10",
            "agencies": [world.agency_a.pk],
            "elements": [reporting.staff_el.pk],
        },
    )
    assert response.status_code == 200
    assert "đã được mở" in response.content.decode()
    assert ReportingRound.objects.count() == 1


def test_staff_cannot_open_a_round(world):
    assert client_for(world, "staff_a").get(reverse("round_open")).status_code == 403


# --- round page -----------------------------------------------------------------------
def test_round_page_counts_and_bucket_links(world, reporting):
    sub = submitted(reporting, world)
    # A sent two days after the deadline: late. B never sent: missing.
    late = timezone.make_aware(datetime.datetime(2025, 12, 12, 9, 0))
    Submission.objects.filter(pk=sub.pk).update(first_submitted_at=late, submitted_at=late)
    client = client_for(world, "committee")
    url = reverse("round_detail", args=[reporting.round.pk])

    response = client.get(url)
    counts = {key: n for key, _label, n in response.context["panel"]}
    assert counts["expected"] == 2
    assert counts["submitted"] == 1
    assert counts["late"] == 1
    assert counts["on_time"] == 0
    assert counts["missing"] == 1
    assert counts["draft"] == 1
    html = response.content.decode()
    assert 'href="?nhom=late"' in html and 'href="?nhom=missing"' in html

    late_list = client.get(url, {"nhom": "late"}).context["submissions"]
    assert [s.agency_id for s in late_list] == [world.agency_a.pk]
    missing_list = client.get(url, {"nhom": "missing"}).context["submissions"]
    assert [s.agency_id for s in missing_list] == [world.agency_b.pk]
    # Only sent reports link to the review page.
    html = client.get(url).content.decode()
    assert detail(sub) in html
    assert detail(reporting.sub_b) not in html


def test_round_page_for_agency_staff_shows_only_their_report(world, reporting):
    response = client_for(world, "staff_a").get(reverse("round_detail", args=[reporting.round.pk]))
    assert response.status_code == 200
    assert not response.context["reviewer"]
    assert [s.pk for s in response.context["submissions"]] == [reporting.sub_a.pk]
    assert "Sở Tài chính" not in response.content.decode()


def test_round_page_is_404_outside_the_province(world, reporting):
    outsider = MembershipFactory(
        user=UserFactory(username="ls_staff"), agency=world.other_agency, role="staff"
    ).user
    client = client_for(world, "anonymous")
    client.force_login(outsider)
    assert client.get(reverse("round_detail", args=[reporting.round.pk])).status_code == 404
    assert client.get(detail(reporting.sub_a)).status_code == 404


def _round_with(world, n: int) -> ReportingRound:
    agencies = [
        AgencyFactory(code=f"Q{n}-{i}", name=f"Sở {n}-{i}", parent=world.province) for i in range(n)
    ]
    el = DataElementFactory(code=f"q-{n}")
    rnd = services.round_open(
        province=world.province,
        year=2000 + n,
        kind="annual",
        actor=world.committee,
        agencies=agencies,
        elements=[el],
    )
    # A few events so "last action" has something to show on every row.
    for sub in rnd.submissions.all():
        SubmissionEvent.objects.create(
            submission=sub, actor=world.committee, from_status=S.DRAFT, to_status=S.DRAFT
        )
    return rnd


def test_round_page_queries_do_not_grow_with_agencies(world, django_assert_max_num_queries):
    small, big = _round_with(world, 3), _round_with(world, 15)
    client = client_for(world, "committee")
    counts = []
    for rnd in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("round_detail", args=[rnd.pk]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(14):
        client.get(reverse("round_detail", args=[big.pk]))


# --- submission page and workflow -----------------------------------------------------
def test_submission_page_reads_like_a_document(world, reporting):
    sub = submitted(reporting, world)
    response = client_for(world, "leader_a").get(detail(sub))
    html = response.content.decode()
    assert "BÁO CÁO" in html
    assert "Kết quả thực hiện công tác bình đẳng giới" in html and "năm 2025" in html
    assert "Lãnh đạo, quản lý" in html
    assert "33,3" in html  # 3 women of 9 leaders
    assert "Tổ chức 4 hoạt động truyền thông." in html
    assert response.context["can_approve"]
    assert 'action="{}"'.format(reverse("submission_approve", args=[sub.pk])) in html


def test_leader_approves_via_post(world, reporting):
    sub = submitted(reporting, world)
    response = client_for(world, "leader_a").post(reverse("submission_approve", args=[sub.pk]))
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.APPROVED
    assert sub.events.last().actor == world.leader_a


def test_leader_sends_back_with_reason_and_staff_sees_it(world, reporting):
    sub = submitted(reporting, world)
    client = client_for(world, "leader_a")
    refused = client.post(reverse("submission_send_back", args=[sub.pk]), {"reason": " "})
    assert refused.status_code == 400
    assert "Ghi lý do để chuyên viên biết cần sửa gì." in refused.content.decode()
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED
    client.post(
        reverse("submission_send_back", args=[sub.pk]), {"reason": "Bổ sung phần nguyên nhân."}
    )
    sub.refresh_from_db()
    assert sub.status == S.DRAFT
    html = client_for(world, "staff_a").get(detail(sub)).content.decode()
    assert "Bổ sung phần nguyên nhân." in html


def test_committee_returns_with_reason_and_field_comment(world, reporting):
    sub = approved(reporting, world)
    response = client_for(world, "committee").post(
        reverse("submission_return", args=[sub.pk]),
        {
            "reason": "Số lãnh đạo nữ chưa khớp.",
            "ykien__t-lanh-dao": "Kiểm tra lại số lãnh đạo nữ.",
            "ykien__t-cbccvc": "   ",
        },
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.RETURNED
    comment = FieldComment.objects.get(submission=sub)
    assert (comment.field, comment.text, comment.author) == (
        "t-lanh-dao",
        "Kiểm tra lại số lãnh đạo nữ.",
        world.committee,
    )
    event = sub.events.last()
    assert event.note == "Số lãnh đạo nữ chưa khớp." and event.snapshot is not None

    # The agency sees why, and the comment next to that figure.
    response = client_for(world, "staff_a").get(detail(sub))
    html = response.content.decode()
    assert "Số lãnh đạo nữ chưa khớp." in html
    assert "Kiểm tra lại số lãnh đạo nữ." in html
    rows = {r.key: r for block in response.context["document"].domains for r in block.rows}
    assert [c.text for c in rows["t-lanh-dao"].comments] == ["Kiểm tra lại số lãnh đạo nữ."]
    assert response.context["can_edit"]


def test_return_without_reason_is_refused_and_keeps_comments(world, reporting):
    sub = approved(reporting, world)
    response = client_for(world, "committee").post(
        reverse("submission_return", args=[sub.pk]),
        {"reason": "", "ykien__t-lanh-dao": "Kiểm tra lại."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ghi lý do trả lại để cơ quan biết cần sửa gì." in html
    assert "Kiểm tra lại." in html  # what was typed is put back
    sub.refresh_from_db()
    assert sub.status == S.APPROVED
    assert not FieldComment.objects.exists()


def test_resubmission_shows_what_changed_since_the_return(world, reporting):
    sub = fix_and_resend(returned(reporting, world), world)
    response = client_for(world, "committee").get(detail(sub))
    changes = response.context["changes"]
    assert [(c.key, c.before, c.after) for c in changes] == [
        ("t-lanh-dao", "tổng số 9, nữ 3", "tổng số 9, nữ 4")
    ]
    html = response.content.decode()
    assert 'data-change="t-lanh-dao"' in html
    rows = {r.key: r for block in response.context["document"].domains for r in block.rows}
    assert rows["t-lanh-dao"].changed and not rows["t-cbccvc"].changed


def test_committee_sees_the_returned_version_while_the_agency_edits(world, reporting):
    sub = returned(reporting, world)
    sub = services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"t-lanh-dao": services.FigureInput(total="9", women="5")}
        ),
    )
    response = client_for(world, "committee").get(detail(sub))
    assert response.status_code == 200
    rows = {r.key: r for block in response.context["document"].domains for r in block.rows}
    assert rows["t-lanh-dao"].women == "3"  # as returned, not the draft's 5
    assert all("nữ 5" not in h.after for h in response.context["figure_history"])
    # The agency itself sees its draft.
    rows = {
        r.key: r
        for block in client_for(world, "staff_a").get(detail(sub)).context["document"].domains
        for r in block.rows
    }
    assert rows["t-lanh-dao"].women == "5"


def test_accept_locks_and_reopen_requires_a_reason(world, reporting):
    sub = approved(reporting, world)
    client = client_for(world, "committee")
    assert client.post(reverse("submission_accept", args=[sub.pk])).status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.ACCEPTED and sub.accepted_at is not None
    assert "Đã khóa số liệu" in client_for(world, "staff_a").get(detail(sub)).content.decode()

    refused = client.post(reverse("submission_reopen", args=[sub.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert "Mở lại báo cáo đã tiếp nhận phải ghi lý do." in refused.content.decode()
    sub.refresh_from_db()
    assert sub.status == S.ACCEPTED

    client.post(reverse("submission_reopen", args=[sub.pk]), {"reason": "Sai số CBCCVC."})
    sub.refresh_from_db()
    assert sub.status == S.RETURNED
    assert sub.events.last().note == "Mở lại: Sai số CBCCVC."


def test_accept_before_leader_approval_shows_the_rule(world, reporting):
    sub = submitted(reporting, world)
    client = client_for(world, "committee")
    response = client.post(reverse("submission_accept", args=[sub.pk]), follow=True)
    assert "Chỉ tiếp nhận được báo cáo đã được lãnh đạo cơ quan duyệt." in (
        response.content.decode()
    )
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED


def test_timeline_and_figure_history(world, reporting):
    sub = fix_and_resend(returned(reporting, world), world)
    response = client_for(world, "committee").get(detail(sub))
    steps = [t.to_status for t in response.context["timeline"]]
    assert steps == [S.SUBMITTED, S.APPROVED, S.RETURNED, S.SUBMITTED, S.APPROVED]
    assert response.context["timeline"][2].note == "Số lãnh đạo nữ chưa khớp."
    history = response.context["figure_history"]
    assert history[0].label == "Lãnh đạo, quản lý"
    assert (history[0].before, history[0].after) == ("tổng số 9, nữ 3", "tổng số 9, nữ 4")


# --- access ---------------------------------------------------------------------------
def test_staff_of_another_agency_gets_404(world, reporting):
    sub = submitted(reporting, world)
    client = client_for(world, "staff_b")
    assert client.get(detail(sub)).status_code == 404
    assert client.post(reverse("submission_approve", args=[sub.pk])).status_code == 404


def test_committee_gets_404_on_a_never_sent_draft(world, reporting):
    fill_valid(reporting.sub_a, world.staff_a)
    client = client_for(world, "committee")
    assert client.get(detail(reporting.sub_a)).status_code == 404
    assert client_for(world, "staff_a").get(detail(reporting.sub_a)).status_code == 200


def test_committee_cannot_approve_and_leader_cannot_accept(world, reporting):
    sub = submitted(reporting, world)
    assert (
        client_for(world, "committee")
        .post(reverse("submission_approve", args=[sub.pk]))
        .status_code
        == 403
    )
    sub = services.submission_approve(submission=sub, actor=world.leader_a)
    assert (
        client_for(world, "leader_a").post(reverse("submission_accept", args=[sub.pk])).status_code
        == 403
    )
    sub.refresh_from_db()
    assert sub.status == S.APPROVED


# --- notifications --------------------------------------------------------------------
def test_notifications_list_the_return_and_are_read_on_opening(world, reporting):
    sub = returned(reporting, world)
    client = client_for(world, "staff_a")
    response = client.get(reverse("notification_list"))
    html = response.content.decode()
    assert "bị trả lại: Số lãnh đạo nữ chưa khớp." in html
    assert "data-unread-count" in html
    unread = Notification.objects.filter(user=world.staff_a, read_at__isnull=True)
    assert unread.filter(kind="returned").exists()

    client.get(detail(sub))
    assert not unread.filter(submission=sub).exists()

    Notification.objects.create(user=world.staff_a, kind="deadline", text="Sắp đến hạn.")
    client.post(reverse("notification_read_all"))
    assert not unread.exists()
    # Someone else's notices are untouched.
    assert Notification.objects.filter(user=world.staff_b, read_at__isnull=True).exists()


def test_deadline_command_prints_how_many_were_sent(world, reporting):
    out = StringIO()
    call_command("send_deadline_reminders", "--today", "2025-12-07", stdout=out)
    # staff_a and leader_a for A, staff_b for B.
    assert "Đã gửi 3 thông báo" in out.getvalue()
    assert Notification.objects.filter(kind="deadline").count() == 3
    out = StringIO()
    call_command("send_deadline_reminders", "--today", "2025-12-07", stdout=out)
    assert "Đã gửi 0 thông báo" in out.getvalue()


# --- home blocks ----------------------------------------------------------------------
def test_home_blocks(world, reporting):
    html = client_for(world, "staff_a").get(reverse("home")).content.decode()
    assert "Kỳ Tổng kết năm 2025" in html
    assert "mục cần hoàn thiện trước khi gửi" in html

    submitted(reporting, world)
    html = client_for(world, "leader_a").get(reverse("home")).content.decode()
    assert "1 báo cáo chờ duyệt" in html
    assert detail(reporting.sub_a) in html

    html = client_for(world, "committee").get(reverse("home")).content.decode()
    assert "2 phải báo cáo" in html and "1 đã gửi" in html
    assert reverse("round_detail", args=[reporting.round.pk]) + "?nhom=missing" in html


def test_rounds_list_by_role(world, reporting):
    html = client_for(world, "committee").get(reverse("round_list")).content.decode()
    assert "Mở kỳ báo cáo" in html and "Tổng kết năm 2025" in html
    response = client_for(world, "staff_b").get(reverse("round_list"))
    assert [s.agency_id for s in response.context["own_submissions"]] == [world.agency_b.pk]
    assert not response.context["can_open"]
    assert Agency.objects.filter(pk=world.agency_b.pk).exists()


# --- admin ----------------------------------------------------------------------------
def test_admin_shows_rounds_and_submissions_read_only(world, reporting):
    sub = submitted(reporting, world)
    client = client_for(world, "superuser")
    for name, args in [
        ("admin:reports_reportinground_changelist", []),
        ("admin:reports_reportinground_change", [reporting.round.pk]),
        ("admin:reports_submission_changelist", []),
        ("admin:reports_submission_change", [sub.pk]),
        ("admin:reports_figurevalue_changelist", []),
        ("admin:reports_notification_changelist", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    # Submissions change only through the workflow: the admin offers no add.
    assert client.get(reverse("admin:reports_submission_add")).status_code == 403
