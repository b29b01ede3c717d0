"""Reporting rules through the service layer: every transition, every validation rule,
the lock after acceptance, and the concurrent-edit conflict."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import services
from reports.models import (
    FieldComment,
    FigureValue,
    Notification,
    ReportingRound,
    Submission,
    SubmissionEvent,
)
from reports.selectors import round_completeness
from tests.reports.conftest import fill_valid

S = Submission.Status
F = services.FigureInput


def save(sub, actor, **figures):
    return services.submission_save_draft(
        submission=sub,
        actor=actor,
        base_version=sub.version,
        changes=services.DraftChanges(figures={k.replace("_", "-"): v for k, v in figures.items()}),
    )


# --- rounds ---------------------------------------------------------------------------
def test_round_open_creates_draft_per_agency_with_regime_window(world, reporting):
    rnd = reporting.round
    assert (rnd.window_start, rnd.window_end) == (
        datetime.date(2024, 12, 15),
        datetime.date(2025, 12, 14),
    )
    assert set(rnd.submissions.values_list("status", flat=True)) == {S.DRAFT}
    assert rnd.submissions.count() == 2
    assert Notification.objects.filter(user=world.staff_a, kind="round_opened").exists()


def test_round_defaults_take_active_departments_only(world, db):
    world.agency_b.valid_to = datetime.date(2025, 2, 28)
    world.agency_b.save()
    from tests.factories import DataElementFactory

    DataElementFactory(code="t-x")
    rnd = services.round_open(
        province=world.province, year=2025, kind="mid_year", actor=world.committee
    )
    assert rnd.window_end == datetime.date(2025, 6, 14)
    assert rnd.deadline == datetime.date(2025, 6, 10)
    agencies = set(rnd.submissions.values_list("agency__code", flat=True))
    assert "HT-STC" not in agencies  # merged away before the window ended
    assert {"HT-SNGV", "HT-SNV"} <= agencies
    assert "HT-SNGV-VPTT" not in agencies  # sub-units report through their department


def test_round_open_only_by_committee_and_once(world, reporting):
    with pytest.raises(PermissionDenied):
        services.round_open(province=world.province, year=2026, kind="annual", actor=world.staff_a)
    with pytest.raises(ValidationError, match="đã được mở"):
        services.round_open(
            province=world.province, year=2025, kind="annual", actor=world.committee
        )


# --- drafts and validation ----------------------------------------------------------
def test_save_draft_stores_and_bumps_version(world, reporting):
    sub = save(reporting.sub_a, world.staff_a, t_cbccvc=F(total="42", women="19"))
    fig = FigureValue.objects.get(submission=sub, element=reporting.staff_el)
    assert (fig.total, fig.women, fig.men) == (Decimal(42), Decimal(19), Decimal(23))
    assert sub.version == 2
    assert fig.history.first().history_user == world.staff_a


@pytest.mark.parametrize(
    ("total", "women", "message"),
    [
        ("9", "12", "lớn hơn"),
        ("12a", "3", "không phải là số"),
        ("-1", "0", "không được âm"),
        ("4,5", "1", "không phải số nguyên"),
        ("", "3", "Nhập cả"),
    ],
)
def test_invalid_figure_is_refused_and_nothing_stored(world, reporting, total, women, message):
    sub = save(reporting.sub_a, world.staff_a, t_cbccvc=F(total="42", women="19"))
    with pytest.raises(ValidationError) as exc:
        save(
            sub,
            world.staff_a,
            t_cbccvc=F(total="40", women="18"),
            t_lanh_dao=F(total=total, women=women),
        )
    assert message in str(exc.value)
    assert "Lãnh đạo, quản lý" in str(exc.value)  # the message names the field
    fig = FigureValue.objects.get(submission=sub, element=reporting.staff_el)
    assert (fig.total, fig.women) == (
        Decimal(42),
        Decimal(19),
    )  # the valid part was not stored either
    assert Submission.objects.get(pk=sub.pk).version == sub.version


def test_vietnamese_thousands_are_read(world, reporting):
    sub = save(reporting.sub_a, world.staff_a, t_cbccvc=F(total="1.250", women="1,000"))
    fig = FigureValue.objects.get(submission=sub, element=reporting.staff_el)
    assert (fig.total, fig.women) == (Decimal(1250), Decimal(1000))


def test_staff_of_other_agency_and_committee_cannot_save(world, reporting):
    for actor in (world.staff_b, world.committee):
        with pytest.raises(PermissionDenied):
            save(reporting.sub_a, actor, t_cbccvc=F(total="1", women="1"))


def test_concurrent_edit_second_save_refused_with_other_changes(world, reporting):
    sub = reporting.sub_a
    loaded_version = sub.version
    # Leader saves first from his own screen.
    save(sub, world.leader_a, t_lanh_dao=F(total="9", women="4"))
    # Staff saves what she typed on the page she loaded before.
    with pytest.raises(services.EditConflict) as exc:
        services.submission_save_draft(
            submission=sub,
            actor=world.staff_a,
            base_version=loaded_version,
            changes=services.DraftChanges(figures={"t-lanh-dao": F(total="9", women="3")}),
        )
    change = exc.value.changes[0]
    assert change.field == "t-lanh-dao" and "nữ 4" in change.value
    assert "Nguyễn Thử" in str(exc.value) or "leader_a" in str(exc.value) or "Thử" in str(exc.value)
    assert FigureValue.objects.get(submission=sub, element=reporting.leaders_el).women == 4


def test_same_user_two_quick_saves_do_not_conflict(world, reporting):
    sub = reporting.sub_a
    base = sub.version
    save(sub, world.staff_a, t_cbccvc=F(total="42", women="19"))
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=base,
        changes=services.DraftChanges(figures={"t-lanh-dao": F(total="9", women="3")}),
    )
    assert FigureValue.objects.filter(submission=sub).count() == 2


def test_submit_requires_every_required_element_and_results(world, reporting):
    with pytest.raises(services.SubmissionInvalid) as exc:
        services.submission_submit(submission=reporting.sub_a, actor=world.staff_a)
    fields = {p.field for p in exc.value.problems}
    assert {"t-cbccvc", "t-lanh-dao", "t-truyen-thong", "narrative:results"} <= fields
    assert Submission.objects.get(pk=reporting.sub_a.pk).status == S.DRAFT


def _accepted_last_year(world, reporting, leaders_women="2", trained="4"):
    last = services.round_open(
        province=world.province,
        year=2024,
        kind="annual",
        actor=world.committee,
        agencies=[world.agency_a],
        elements=list(reporting.round.elements.all()),
    )
    sub = last.submissions.get()
    save(
        sub,
        world.staff_a,
        t_cbccvc=F(total="40", women="18"),
        t_lanh_dao=F(total="9", women=leaders_women),
        t_truyen_thong=F(value=trained),
    )
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=Submission.objects.get(pk=sub.pk).version,
        changes=services.DraftChanges(narrative={"results": "Đạt."}),
    )
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_approve(submission=sub, actor=world.leader_a)
    services.submission_accept(submission=sub, actor=world.committee)
    return sub


def test_big_change_against_last_round_needs_explanation(world, reporting):
    _accepted_last_year(world, reporting, trained="2")
    sub = fill_valid(reporting.sub_a, world.staff_a)  # 4 activities vs 2 last year: +100%
    with pytest.raises(services.SubmissionInvalid) as exc:
        services.submission_submit(submission=sub, actor=world.staff_a)
    problem = next(p for p in exc.value.problems if p.field == "t-truyen-thong")
    assert "từ 2 lên 4" in problem.message and "giải trình" in problem.message
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=Submission.objects.get(pk=sub.pk).version,
        changes=services.DraftChanges(
            figures={"t-truyen-thong": F(value="4", explanation="Tỉnh mở thêm lớp tập huấn mới.")}
        ),
    )
    services.submission_submit(submission=sub, actor=world.staff_a)
    assert Submission.objects.get(pk=sub.pk).status == S.SUBMITTED


def test_ratio_over_100_percent_needs_explanation(world, reporting):
    from tests.factories import IndicatorFactory

    IndicatorFactory(
        code="t-nu-lanh-dao-tren-nu",
        name="Nữ lãnh đạo trên nữ CBCCVC",
        numerator=reporting.leaders_el,
        numerator_part="total",
        denominator=reporting.staff_el,
        denominator_part="women",
    )
    sub = fill_valid(reporting.sub_a, world.staff_a)
    save(sub, world.staff_a, t_lanh_dao=F(total="25", women="3"))
    with pytest.raises(services.SubmissionInvalid) as exc:
        services.submission_submit(
            submission=Submission.objects.get(pk=sub.pk), actor=world.staff_a
        )
    assert any("vượt quá 100%" in p.message for p in exc.value.problems)


# --- workflow -------------------------------------------------------------------------
def test_full_workflow_with_return_and_resubmission(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED and sub.first_submitted_at
    assert not sub.is_editable
    with pytest.raises(ValidationError):
        save(sub, world.staff_a, t_cbccvc=F(total="1", women="1"))
    with pytest.raises(PermissionDenied):
        services.submission_approve(submission=sub, actor=world.staff_a)  # staff can't approve
    services.submission_approve(submission=sub, actor=world.leader_a)
    with pytest.raises(PermissionDenied):
        services.submission_accept(submission=sub, actor=world.leader_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.submission_return(submission=sub, actor=world.committee, reason=" ")
    services.submission_return(
        submission=sub,
        actor=world.committee,
        reason="Số lãnh đạo chưa khớp.",
        comments={"t-lanh-dao": "Sở có 10 lãnh đạo theo quyết định bổ nhiệm."},
    )
    sub.refresh_from_db()
    assert sub.status == S.RETURNED and sub.is_editable
    comment = FieldComment.objects.get(submission=sub)
    assert comment.field == "t-lanh-dao"
    assert Notification.objects.filter(user=world.staff_a, kind="returned").exists()
    event = SubmissionEvent.objects.filter(submission=sub, to_status=S.RETURNED).get()
    assert event.snapshot["figures"]["t-lanh-dao"]["total"] == "9"

    save(sub, world.staff_a, t_lanh_dao=F(total="10", women="3"))
    services.submission_submit(submission=Submission.objects.get(pk=sub.pk), actor=world.staff_a)
    services.submission_approve(submission=Submission.objects.get(pk=sub.pk), actor=world.leader_a)
    services.submission_accept(submission=Submission.objects.get(pk=sub.pk), actor=world.committee)
    sub.refresh_from_db()
    assert sub.status == S.ACCEPTED and sub.accepted_at
    transitions = list(sub.events.values_list("from_status", "to_status"))
    assert transitions == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
        (S.APPROVED, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
        (S.APPROVED, S.ACCEPTED),
    ]


def test_accepted_is_locked_and_reopen_needs_reason(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_approve(submission=sub, actor=world.leader_a)
    services.submission_accept(submission=sub, actor=world.committee)
    sub.refresh_from_db()
    for actor in (world.staff_a, world.leader_a):
        with pytest.raises(ValidationError, match="không sửa được"):
            save(sub, actor, t_cbccvc=F(total="50", women="20"))
    with pytest.raises(ValidationError):
        services.activity_save(
            submission=sub,
            actor=world.staff_a,
            held_on=datetime.date(2025, 10, 20),
            kind="communication",
            title="Nói chuyện",
            participants_total=38,
            participants_women=25,
        )
    with pytest.raises(ValidationError, match="lý do"):
        services.submission_reopen(submission=sub, actor=world.committee, reason="")
    with pytest.raises(PermissionDenied):
        services.submission_reopen(submission=sub, actor=world.leader_a, reason="Sửa")
    services.submission_reopen(submission=sub, actor=world.committee, reason="Sai số liệu y tế")
    sub.refresh_from_db()
    assert sub.status == S.RETURNED
    assert sub.events.last().note == "Mở lại: Sai số liệu y tế"


def test_leader_can_send_back_to_clerk(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_send_back(submission=sub, actor=world.leader_a, reason="Bổ sung hoạt động")
    sub.refresh_from_db()
    assert sub.status == S.DRAFT


def test_only_approved_can_be_accepted(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    with pytest.raises(ValidationError, match="lãnh đạo"):
        services.submission_accept(submission=sub, actor=world.committee)


def test_committee_of_other_province_cannot_review(world, reporting):
    from plans.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    outsider = MembershipFactory(
        user=UserFactory(username="ls_committee"),
        agency=world.other_agency,
        role=Membership.Role.COMMITTEE,
    ).user
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_approve(submission=sub, actor=world.leader_a)
    with pytest.raises(PermissionDenied):
        services.submission_accept(submission=sub, actor=outsider)


# --- late flags and completeness --------------------------------------------------------
def test_completeness_counts_late_and_missing(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)  # today is after 10/12/2025
    c = round_completeness(reporting.round)
    assert (c.expected, c.submitted, c.late, c.on_time, c.missing, c.accepted) == (2, 1, 1, 0, 1, 0)
    assert Submission.objects.get(pk=sub.pk).is_late


def test_on_time_when_sent_before_deadline(world, reporting):
    rnd = ReportingRound.objects.get(pk=reporting.round.pk)
    rnd.deadline = datetime.date.today() + datetime.timedelta(days=5)
    rnd.save()
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    c = round_completeness(rnd)
    assert (c.on_time, c.late) == (1, 0)


# --- activities, tasks, evidence ----------------------------------------------------------
def test_activity_rules(world, reporting):
    sub = reporting.sub_a
    act = services.activity_save(
        submission=sub,
        actor=world.staff_a,
        held_on=datetime.date(2025, 10, 20),
        kind="communication",
        title="Nói chuyện chuyên đề ngày 20/10",
        participants_total=38,
        participants_women=25,
    )
    assert act.pk
    with pytest.raises(ValidationError, match="lớn hơn tổng số"):
        services.activity_save(
            submission=sub,
            actor=world.staff_a,
            held_on=datetime.date(2025, 10, 20),
            kind="training",
            title="Tập huấn",
            participants_total=10,
            participants_women=11,
        )
    with pytest.raises(ValidationError, match="ngoài kỳ số liệu"):
        services.activity_save(
            submission=sub,
            actor=world.staff_a,
            held_on=datetime.date(2023, 1, 1),
            kind="training",
            title="Tập huấn",
            participants_total=10,
            participants_women=1,
        )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_evidence_type_checked_by_content_and_name_neutralised(
    world, reporting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ev = services.evidence_add(
        submission=reporting.sub_a,
        actor=world.staff_a,
        upload=SimpleUploadedFile("../../etc/bien-ban.pdf", PDF, content_type="text/plain"),
    )
    assert ev.content_type == "application/pdf"
    assert ev.original_name == "bien-ban.pdf"
    assert ".." not in ev.file.name and ev.file.name.startswith(f"evidence/{reporting.sub_a.pk}/")
    with pytest.raises(ValidationError, match="Chỉ nhận tệp"):
        services.evidence_add(
            submission=reporting.sub_a,
            actor=world.staff_a,
            upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert reporting.sub_a.evidence.count() == 1


def test_evidence_size_limit(world, reporting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (services.MAX_EVIDENCE_BYTES + 1))
    with pytest.raises(ValidationError, match="quá lớn"):
        services.evidence_add(submission=reporting.sub_a, actor=world.staff_a, upload=big)
    assert not list(tmp_path.rglob("*"))


def test_deadline_reminder_once(world, reporting):
    from reports.notifications import deadline_reminders

    day = reporting.round.deadline - datetime.timedelta(days=3)
    assert deadline_reminders(day) == 3  # staff_a, leader_a (A) and staff_b (B)
    assert deadline_reminders(day) == 0
