"""The data entry page through HTTP: what chị Lan sees, autosave of one block, the full
save and submit, conflicts, activities, tasks, evidence, and who may open what."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import DataElement
from plans.models import Milestone, Plan, Target, Task
from reports import services
from reports.models import (
    Activity,
    Evidence,
    FigureValue,
    ReportingRound,
    Submission,
    TaskProgress,
)
from tests.conftest import client_for
from tests.factories import DataElementFactory, IndicatorFactory, domain
from tests.reports.conftest import fill_valid

F = services.FigureInput
HX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def entry_url(sub: Submission) -> str:
    return reverse("submission_entry", args=[sub.pk])


def fig_url(sub: Submission, code: str) -> str:
    return reverse("submission_entry_figure", args=[sub.pk, code])


def fresh(sub: Submission) -> Submission:
    return Submission.objects.get(pk=sub.pk)


def figure(sub: Submission, code: str) -> FigureValue | None:
    return FigureValue.objects.filter(submission=sub, element__code=code).first()


def last_year(world, reporting, *, trained: str = "5") -> Submission:
    """Agency A's accepted 2024 report: CBCCVC 40/18, leaders 9/2, `trained` activities."""
    rnd = services.round_open(
        province=world.province,
        year=2024,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a],
        elements=list(reporting.round.elements.all()),
    )
    sub = rnd.submissions.get()
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={
                "t-cbccvc": F(total="40", women="18"),
                "t-lanh-dao": F(total="9", women="2"),
                "t-truyen-thong": F(value=trained),
            },
            narrative={"results": "Đạt."},
        ),
    )
    services.submission_submit(submission=fresh(sub), actor=world.staff_a)
    services.submission_approve(submission=fresh(sub), actor=world.leader_a)
    services.submission_accept(submission=fresh(sub), actor=world.committee)
    return sub


def leaders_target(world, reporting) -> Target:
    """Agency A's plan: ≥ 35% women among leaders from 2025, maintained to 2030."""
    plan = Plan.objects.create(
        agency=world.agency_a,
        kind=Plan.Kind.MULTI_YEAR,
        number=12,
        symbol="KH-SNgV",
        title="Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030",
        period_start=2021,
        period_end=2030,
    )
    from indicators.models import Indicator

    target = Target.objects.create(
        plan=plan,
        wording="Đạt 35% trở lên tỷ lệ nữ lãnh đạo, quản lý",
        kind=Target.Kind.THRESHOLD,
        comparator=Target.Comparator.GE,
        indicator=Indicator.objects.get(code="t-ty-le-nu-lanh-dao"),
        maintain_until=2030,
    )
    Milestone.objects.create(target=target, year=2025, value=Decimal(35))
    return target


# --- the page -----------------------------------------------------------------------------
def test_staff_sees_help_last_year_deadline_and_what_is_missing(world, reporting):
    last_year(world, reporting)
    response = client_for(world, "staff_a").get(entry_url(reporting.sub_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo Tổng kết năm 2025" in html
    assert "15/12/2024 – 14/12/2025" in html
    assert "10/12/2025" in html and "quá hạn" in html  # the test runs after the deadline
    assert "Đếm số người có mặt tại ngày 14/12." in html  # help text shown, not a tooltip
    assert "Kỳ trước (Tổng kết năm 2024)" in html
    assert "tổng số 40, nữ 18 (45,0% nữ)" in html
    # What is still missing, each linking to its field.
    assert 'href="#fig-t-cbccvc"' in html and 'href="#narrative-results"' in html
    assert 'id="fig-t-cbccvc"' in html and 'id="narrative-results"' in html
    assert f'data-keep="submission-{reporting.sub_a.pk}"' in html
    assert f'hx-post="{fig_url(reporting.sub_a, "t-cbccvc")}"' in html
    assert "js/entry.js" in html and "css/entry.css" in html


def test_plan_target_is_shown_beside_its_numerator_and_judged_after_saving(world, reporting):
    leaders_target(world, reporting)
    client = client_for(world, "staff_a")
    html = client.get(entry_url(reporting.sub_a)).content.decode()
    assert "Chỉ tiêu kế hoạch 12/KH-SNgV (năm 2025): <strong>≥ 35%</strong>" in html
    assert 'data-target-num="t-lanh-dao:women"' in html
    assert 'data-target-den="t-lanh-dao:total"' in html
    response = client.post(
        fig_url(reporting.sub_a, "t-lanh-dao"),
        {"base_version": "1", "fig-t-lanh-dao-total": "9", "fig-t-lanh-dao-women": "3"},
        **HX,
    )
    html = response.content.decode()
    assert "33,3%" in html  # share of women, computed on the server too
    assert "Không đạt" in html and "≥ 35%" in html


# --- autosave of one block ------------------------------------------------------------------
def test_autosave_stores_one_element_bumps_version_and_says_so(world, reporting):
    sub = reporting.sub_a
    response = client_for(world, "staff_a").post(
        fig_url(sub, "t-cbccvc"),
        {"base_version": "1", "fig-t-cbccvc-total": "42", "fig-t-cbccvc-women": "19"},
        **HX,
    )
    assert response.status_code == 200
    fig = figure(sub, "t-cbccvc")
    assert (fig.total, fig.women) == (Decimal(42), Decimal(19))
    assert fresh(sub).version == 2
    html = response.content.decode()
    assert 'id="base-version" value="2" hx-swap-oob="true"' in html
    assert '<span id="version-label" hx-swap-oob="true">2</span>' in html
    assert "Đã lưu lúc" in html
    assert ">23<" in html and "45,2%" in html  # men and share of women
    assert 'id="problems-panel"' in html and "hx-swap-oob" in html
    assert json.loads(response["HX-Trigger"]) == {"gp-saved": f"submission-{sub.pk}"}
    # The next save based on the new version goes through.
    client_for(world, "staff_a").post(
        fig_url(sub, "t-lanh-dao"),
        {"base_version": "2", "fig-t-lanh-dao-total": "9", "fig-t-lanh-dao-women": "3"},
        **HX,
    )
    assert fresh(sub).version == 3


def test_autosave_of_unchanged_values_does_not_bump_version(world, reporting):
    sub = reporting.sub_a
    client = client_for(world, "staff_a")
    data = {"base_version": "1", "fig-t-cbccvc-total": "42", "fig-t-cbccvc-women": "19"}
    client.post(fig_url(sub, "t-cbccvc"), data, **HX)
    response = client.post(fig_url(sub, "t-cbccvc"), data | {"base_version": "2"}, **HX)
    assert fresh(sub).version == 2
    assert "hx-swap-oob" in response.content.decode()  # problems panel still refreshed
    assert 'id="base-version"' not in response.content.decode()
    # An element never filled and posted empty is not stored as an empty row.
    client.post(
        fig_url(sub, "t-truyen-thong"), {"base_version": "2", "fig-t-truyen-thong-value": ""}, **HX
    )
    assert figure(sub, "t-truyen-thong") is None and fresh(sub).version == 2


@pytest.mark.parametrize(
    ("total", "women", "message"),
    [
        ("12a", "3", "“12a” không phải là số. Chỉ nhập chữ số"),
        ("9", "12", "Nữ (12) lớn hơn tổng số (9)."),
        ("4,5", "1", "không phải số nguyên"),
    ],
)
def test_autosave_refuses_invalid_input_in_vietnamese(world, reporting, total, women, message):
    sub = reporting.sub_a
    response = client_for(world, "staff_a").post(
        fig_url(sub, "t-cbccvc"),
        {"base_version": "1", "fig-t-cbccvc-total": total, "fig-t-cbccvc-women": women},
        **HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "is-invalid" in html and 'aria-invalid="true"' in html
    assert f'value="{total}"' in html  # what she typed stays in the box
    assert figure(sub, "t-cbccvc") is None
    assert fresh(sub).version == 1
    assert 'id="base-version"' not in html and "HX-Trigger" not in response


def test_autosave_conflict_names_the_other_change_and_stores_nothing(world, reporting):
    sub = reporting.sub_a
    world.leader_a.first_name, world.leader_a.last_name = "Sơn", "Thái Phúc"
    world.leader_a.save()
    # The leader saves from his own screen after chị Lan opened the page (version 1).
    services.submission_save_draft(
        submission=sub,
        actor=world.leader_a,
        base_version=1,
        changes=services.DraftChanges(figures={"t-lanh-dao": F(total="9", women="4")}),
    )
    response = client_for(world, "staff_a").post(
        fig_url(sub, "t-lanh-dao"),
        {"base_version": "1", "fig-t-lanh-dao-total": "9", "fig-t-lanh-dao-women": "3"},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thái Phúc Sơn" in html
    assert "Lãnh đạo, quản lý" in html and "tổng số 9, nữ 4" in html
    assert "Chưa lưu giá trị bạn vừa nhập (tổng số 9, nữ 3)" in html
    assert "Tải lại số liệu mới nhất" in html and "data-reload-latest" in html
    assert 'id="conflict-banner"' in html
    assert figure(sub, "t-lanh-dao").women == 4
    assert fresh(sub).version == 2
    # The page's version is not moved past the other person's change.
    assert 'id="base-version"' not in html and "HX-Trigger" not in response


def test_narrative_and_task_autosave(world, reporting):
    sub = reporting.sub_a
    client = client_for(world, "staff_a")
    response = client.post(
        reverse("submission_entry_narrative", args=[sub.pk, "results"]),
        {"base_version": "1", "narrative-results": "Tổ chức 4 buổi\r\ntruyền thông."},
        **HX,
    )
    assert response.status_code == 200 and "Đã lưu lúc" in response.content.decode()
    assert fresh(sub).results == "Tổ chức 4 buổi\ntruyền thông."
    assert fresh(sub).version == 2

    plan = Plan.objects.create(
        agency=world.agency_a, kind="multi_year", title="KH", period_start=2021, period_end=2030
    )
    task = Task.objects.create(plan=plan, description="Tổ chức tập huấn cho cán bộ nữ")
    old_plan = Plan.objects.create(
        agency=world.agency_a, kind="annual", title="KH cũ", period_start=2022, period_end=2022
    )
    old_task = Task.objects.create(plan=old_plan, description="Nhiệm vụ năm 2022")
    html = client.get(entry_url(sub)).content.decode()
    assert "Tổ chức tập huấn cho cán bộ nữ" in html and "Nhiệm vụ năm 2022" not in html
    response = client.post(
        reverse("submission_entry_task", args=[sub.pk, task.pk]),
        {f"task-{task.pk}-status": "done", f"task-{task.pk}-note": "2 lớp"},
        **HX,
    )
    assert "Đã lưu lúc" in response.content.decode()
    progress = TaskProgress.objects.get(submission=sub, task=task)
    assert (progress.status, progress.note) == ("done", "2 lớp")
    # A task of a plan that does not cover the round's year is not part of this page.
    response = client.post(
        reverse("submission_entry_task", args=[sub.pk, old_task.pk]),
        {f"task-{old_task.pk}-status": "done"},
        **HX,
    )
    assert response.status_code == 404


def test_big_change_asks_for_an_explanation(world, reporting):
    last_year(world, reporting, trained="5")
    sub = reporting.sub_a
    response = client_for(world, "staff_a").post(
        fig_url(sub, "t-truyen-thong"),
        {
            "base_version": "1",
            "fig-t-truyen-thong-value": "17",
            "fig-t-truyen-thong-explanation": "",
        },
        **HX,
    )
    html = response.content.decode()
    assert "từ 5 lên 17 so với kỳ trước (quá 50%). Ghi giải trình lý do." in html
    assert 'class="entry-explain" data-explain' in html  # shown, not d-none
    client_for(world, "staff_a").post(
        fig_url(sub, "t-truyen-thong"),
        {
            "base_version": "2",
            "fig-t-truyen-thong-value": "17",
            "fig-t-truyen-thong-explanation": "Tỉnh mở thêm lớp tập huấn mới.",
        },
        **HX,
    )
    assert figure(sub, "t-truyen-thong").explanation == "Tỉnh mở thêm lớp tập huấn mới."


# --- the whole form: Lưu and Gửi ------------------------------------------------------------
def page_data(sub: Submission, **extra: str) -> dict[str, str]:
    """The page's form as the browser posts it, with nothing changed."""
    data = {
        "base_version": str(fresh(sub).version),
        "fig-t-cbccvc-total": "",
        "fig-t-cbccvc-women": "",
        "fig-t-cbccvc-explanation": "",
        "fig-t-lanh-dao-total": "",
        "fig-t-lanh-dao-women": "",
        "fig-t-lanh-dao-explanation": "",
        "fig-t-truyen-thong-value": "",
        "fig-t-truyen-thong-explanation": "",
    }
    for name in Submission.NARRATIVE_FIELDS:
        data[f"narrative-{name}"] = getattr(fresh(sub), name)
    return data | extra


def test_save_button_stores_what_changed_and_redirects(world, reporting):
    sub = reporting.sub_a
    client = client_for(world, "staff_a")
    response = client.post(
        reverse("submission_entry_save", args=[sub.pk]),
        page_data(sub, **{"fig-t-cbccvc-total": "1.250", "fig-t-cbccvc-women": "600"}),
    )
    assert response.status_code == 302 and response["Location"] == entry_url(sub)
    assert figure(sub, "t-cbccvc").total == 1250
    assert figure(sub, "t-lanh-dao") is None  # untouched elements are not stored empty
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu báo cáo." in page
    assert f'data-saved-forms="submission-{sub.pk}"' in page  # the kept copy is dropped
    assert 'value="1.250"' in page


def test_save_button_with_an_error_keeps_what_was_typed(world, reporting):
    sub = reporting.sub_a
    response = client_for(world, "staff_a").post(
        reverse("submission_entry_save", args=[sub.pk]),
        page_data(
            sub,
            **{
                "fig-t-cbccvc-total": "42",
                "fig-t-cbccvc-women": "19",
                "fig-t-lanh-dao-total": "9",
                "fig-t-lanh-dao-women": "12",
            },
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lãnh đạo, quản lý: Nữ (12) lớn hơn tổng số (9)." in html
    assert 'value="12"' in html and 'value="42"' in html
    assert figure(sub, "t-cbccvc") is None  # all or nothing


def test_submit_invalid_lists_every_problem_and_stays_draft(world, reporting):
    sub = reporting.sub_a
    response = client_for(world, "staff_a").post(
        reverse("submission_entry_submit", args=[sub.pk]),
        page_data(sub, **{"fig-t-cbccvc-total": "42", "fig-t-cbccvc-women": "19"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa gửi được báo cáo" in html and "Chưa gửi được: còn 3 mục cần sửa" in html
    assert "Lãnh đạo, quản lý: chưa nhập tổng số và nữ." in html
    assert "Chưa viết phần “Kết quả đạt được”." in html
    assert 'class="entry-block-problems' in html  # also next to the field
    assert fresh(sub).status == Submission.Status.DRAFT
    assert figure(sub, "t-cbccvc").total == 42  # what was typed is kept


def test_submit_valid_sends_what_is_on_screen_and_page_becomes_read_only(world, reporting):
    sub = reporting.sub_a
    client = client_for(world, "staff_a")
    response = client.post(
        reverse("submission_entry_submit", args=[sub.pk]),
        page_data(
            sub,
            **{
                "fig-t-cbccvc-total": "42",
                "fig-t-cbccvc-women": "19",
                "fig-t-lanh-dao-total": "9",
                "fig-t-lanh-dao-women": "3",
                "fig-t-truyen-thong-value": "4",
                # Restored from the browser after an expired session, never autosaved.
                "narrative-results": "Tổ chức 4 buổi truyền thông.",
            },
        ),
    )
    assert response.status_code == 302
    sub = fresh(sub)
    assert sub.status == Submission.Status.SUBMITTED and sub.first_submitted_at
    assert sub.results == "Tổ chức 4 buổi truyền thông."
    html = client.get(entry_url(sub)).content.decode()
    assert "Đã gửi báo cáo cho lãnh đạo duyệt." in html
    assert "Báo cáo đã gửi, chờ lãnh đạo duyệt." in html
    assert "<fieldset disabled>" in html
    assert "hx-post" not in html and "data-keep=" not in html
    assert "Gửi báo cáo cho lãnh đạo duyệt</button>" not in html
    # The endpoints refuse writes too (the service says why).
    response = client.post(
        fig_url(sub, "t-cbccvc"),
        {"base_version": str(sub.version), "fig-t-cbccvc-total": "50", "fig-t-cbccvc-women": "20"},
        **HX,
    )
    assert "không sửa được" in response.content.decode()
    assert figure(sub, "t-cbccvc").total == 42
    # Unchanged values from a page left open are not reported as saved either.
    response = client.post(
        fig_url(sub, "t-cbccvc"),
        {"base_version": str(sub.version), "fig-t-cbccvc-total": "42", "fig-t-cbccvc-women": "19"},
        **HX,
    )
    assert "không sửa được" in response.content.decode()
    assert "Đã lưu lúc" not in response.content.decode()
    response = client.post(reverse("submission_entry_save", args=[sub.pk]), page_data(sub))
    assert response.status_code == 200 and "không sửa được" in response.content.decode()


def test_returned_report_shows_reason_and_comment_next_to_the_field(world, reporting):
    sub = fill_valid(reporting.sub_a, world.staff_a)
    services.submission_submit(submission=sub, actor=world.staff_a)
    services.submission_approve(submission=fresh(sub), actor=world.leader_a)
    services.submission_return(
        submission=fresh(sub),
        actor=world.committee,
        reason="Số lãnh đạo chưa khớp quyết định bổ nhiệm.",
        comments={"t-lanh-dao": "Sở có 10 lãnh đạo theo quyết định bổ nhiệm."},
    )
    html = client_for(world, "staff_a").get(entry_url(sub)).content.decode()
    assert "Ban VSTBPN tỉnh trả lại báo cáo" in html
    assert "Số lãnh đạo chưa khớp quyết định bổ nhiệm." in html
    start = html.index('id="fig-t-lanh-dao"')
    block = html[start : html.index('id="fig-t-truyen-thong"')]
    assert "entry-figure has-comment" in html[start : start + 80]
    assert "Ý kiến của Ban VSTBPN tỉnh:</strong> Sở có 10 lãnh đạo" in block
    assert "hx-post" in html  # editable again


# --- activities ------------------------------------------------------------------------------
ACTIVITY = {
    "held_on": "2025-10-20",
    "held_until": "",
    "kind": "communication",
    "title": "Nói chuyện chuyên đề ngày 20/10",
    "participants_total": "38",
    "participants_women": "25",
}


def test_activity_inline_add_and_delete(world, reporting):
    sub = reporting.sub_a
    client = client_for(world, "staff_a")
    url = reverse("submission_activity_add", args=[sub.pk])
    response = client.post(url, ACTIVITY, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="activities-block"' in html
    assert "Nói chuyện chuyên đề ngày 20/10" in html and "20/10/2025" in html
    act = Activity.objects.get(submission=sub)
    assert (act.participants_total, act.participants_women) == (38, 25)

    response = client.post(url, ACTIVITY | {"participants_women": "40"}, **HX)
    html = response.content.decode()
    assert "Trong đó nữ: Số nữ (40) lớn hơn tổng số người tham gia (38)." in html
    assert 'value="40"' in html  # what was typed stays
    response = client.post(url, ACTIVITY | {"held_on": "2023-01-01"}, **HX)
    assert "nằm ngoài kỳ số liệu 15/12/2024 – 14/12/2025" in response.content.decode()
    response = client.post(url, ACTIVITY | {"participants_total": "ba mươi"}, **HX)
    assert "Nhập một số nguyên, ví dụ 38." in response.content.decode()
    assert Activity.objects.filter(submission=sub).count() == 1

    # Without JavaScript: an error shows the whole page with the message.
    response = client.post(url, ACTIVITY | {"title": ""})
    assert (
        response.status_code == 200
        and "Tên hoạt động: Nhập tên hoạt động." in response.content.decode()
    )

    response = client.post(reverse("submission_activity_delete", args=[sub.pk, act.pk]))
    assert response.status_code == 302 and response["Location"].endswith("#activities")
    assert not Activity.objects.filter(pk=act.pk).exists()


# --- evidence ----------------------------------------------------------------------------------
def test_evidence_upload_download_delete(world, reporting):
    sub = reporting.sub_a
    client = client_for(world, "staff_a")
    upload = SimpleUploadedFile("Biên bản nói chuyện 20-10.pdf", PDF, content_type="text/plain")
    response = client.post(
        reverse("submission_evidence_upload", args=[sub.pk]),
        {"file": upload, "description": "Biên bản buổi nói chuyện"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#evidence")
    ev = Evidence.objects.get(submission=sub)
    page = client.get(response["Location"]).content.decode()
    assert "Đã tải lên “Biên bản nói chuyện 20-10.pdf”." in page
    download = reverse("submission_evidence_download", args=[sub.pk, ev.pk])
    assert download in page

    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"  # as sniffed, not as sent
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20n%C3%B3i%20chuy%E1%BB%87n%2020-10.pdf"
        in disposition
    )

    # A file that is not what it claims is refused with the reason.
    response = client.post(
        reverse("submission_evidence_upload", args=[sub.pk]),
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert "Chỉ nhận tệp PDF, Word, Excel hoặc ảnh" in response.content.decode()
    assert Evidence.objects.filter(submission=sub).count() == 1

    # Another agency's report id with this evidence id: not found.
    other = reverse("submission_evidence_download", args=[reporting.sub_b.pk, ev.pk])
    assert client_for(world, "staff_b").get(other).status_code == 404

    response = client.post(reverse("submission_evidence_delete", args=[sub.pk, ev.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=ev.pk).exists()


# --- who may open what -------------------------------------------------------------------------
def write_requests(world, sub: Submission, activity: Activity, evidence: Evidence, task: Task):
    version = {"base_version": str(fresh(sub).version)}
    return [
        (reverse("submission_entry_save", args=[sub.pk]), version),
        (reverse("submission_entry_submit", args=[sub.pk]), version),
        (fig_url(sub, "t-cbccvc"), version | {"fig-t-cbccvc-total": "1"}),
        (reverse("submission_entry_narrative", args=[sub.pk, "results"]), version),
        (
            reverse("submission_entry_task", args=[sub.pk, task.pk]),
            {f"task-{task.pk}-status": "done"},
        ),
        (reverse("submission_activity_add", args=[sub.pk]), ACTIVITY),
        (reverse("submission_activity_delete", args=[sub.pk, activity.pk]), {}),
        (reverse("submission_evidence_upload", args=[sub.pk]), {}),
        (reverse("submission_evidence_delete", args=[sub.pk, evidence.pk]), {}),
    ]


@pytest.fixture
def filled(world, reporting):
    """Agency A's report, complete, with an activity, an evidence file and a plan task."""
    sub = fill_valid(reporting.sub_a, world.staff_a)
    activity = services.activity_save(
        submission=sub,
        actor=world.staff_a,
        held_on=datetime.date(2025, 10, 20),
        kind="communication",
        title="Nói chuyện 20/10",
        participants_total=38,
        participants_women=25,
    )
    evidence = services.evidence_add(
        submission=sub, actor=world.staff_a, upload=SimpleUploadedFile("bb.pdf", PDF)
    )
    plan = Plan.objects.create(
        agency=world.agency_a, kind="multi_year", title="KH", period_start=2021, period_end=2030
    )
    task = Task.objects.create(plan=plan, description="Tập huấn")
    return fresh(sub), activity, evidence, task


def test_other_agency_staff_gets_404_everywhere(world, filled):
    sub, activity, evidence, task = filled
    client = client_for(world, "staff_b")
    assert client.get(entry_url(sub)).status_code == 404
    assert (
        client.get(reverse("submission_evidence_download", args=[sub.pk, evidence.pk])).status_code
        == 404
    )
    for url, data in write_requests(world, sub, activity, evidence, task):
        assert client.post(url, data, **HX).status_code == 404, url
    assert fresh(sub).version == sub.version


def test_committee_sees_report_only_once_sent_and_never_writes(world, filled):
    sub, activity, evidence, task = filled
    client = client_for(world, "committee")
    download = reverse("submission_evidence_download", args=[sub.pk, evidence.pk])
    assert client.get(entry_url(sub)).status_code == 404  # a draft is the agency's own
    assert client.get(download).status_code == 404
    for url, data in write_requests(world, sub, activity, evidence, task):
        assert client.post(url, data, **HX).status_code == 404, url

    services.submission_submit(submission=sub, actor=world.staff_a)
    response = client.get(entry_url(sub))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<fieldset disabled>" in html and "hx-post" not in html
    assert "Báo cáo đã gửi, chờ lãnh đạo duyệt." in html
    assert client.get(download).status_code == 200
    for url, data in write_requests(world, sub, activity, evidence, task):
        assert client.post(url, data, **HX).status_code == 403, url

    # Sent back by the leader to the clerk: once sent, the committee may still read it.
    services.submission_send_back(submission=fresh(sub), actor=world.leader_a, reason="Bổ sung")
    html = client.get(entry_url(sub)).content.decode()
    assert "Báo cáo đang được cơ quan chỉnh sửa" in html and "hx-post" not in html
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_leader_of_the_agency_can_fill_the_report(world, reporting):
    response = client_for(world, "leader_a").post(
        fig_url(reporting.sub_a, "t-cbccvc"),
        {"base_version": "1", "fig-t-cbccvc-total": "42", "fig-t-cbccvc-women": "19"},
        **HX,
    )
    assert response.status_code == 200 and figure(reporting.sub_a, "t-cbccvc").total == 42


def test_anonymous_autosave_gets_401_and_login_redirect(world, reporting):
    from django.test import Client

    response = Client().post(
        fig_url(reporting.sub_a, "t-cbccvc"),
        {"base_version": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{entry_url(reporting.sub_a)}",
    )
    assert response.status_code == 401
    assert response["HX-Redirect"] == f"/dang-nhap/?next={entry_url(reporting.sub_a)}"


# --- queries -------------------------------------------------------------------------------------
def _round_with(world, n: int, years: tuple[int, int]) -> Submission:
    """A 2026 round of agency A with `n` elements across the six domains, last year's
    figures for all of them, a target, tasks, activities and a returned comment."""
    elements = []
    for i in range(n):
        kind = [DataElement.Kind.SEX, DataElement.Kind.COUNT, DataElement.Kind.YESNO][i % 3]
        elements.append(
            DataElementFactory(code=f"q-{n}-{i}", kind=kind, domain=domain(i % 6 + 1), order=i)
        )
    indicator = IndicatorFactory(code=f"q-ind-{n}", numerator=elements[0])
    plan = Plan.objects.create(
        agency=world.agency_a, kind="multi_year", title="KH", period_start=2021, period_end=2030
    )
    target = Target.objects.create(
        plan=plan, wording="≥ 35%", kind="threshold", comparator="ge", indicator=indicator
    )
    Milestone.objects.create(target=target, year=years[1], value=35)
    for i in range(3):
        Task.objects.create(plan=plan, description=f"Nhiệm vụ {i}")
    figures = {
        e.code: F(total="10", women="4") if e.kind == "sex" else F(value="1") for e in elements
    }
    results = []
    for year in years:
        rnd = services.round_open(
            province=world.province,
            year=year,
            kind="annual",
            actor=world.committee,
            agencies=[world.agency_a],
            elements=elements,
        )
        sub = rnd.submissions.get()
        services.submission_save_draft(
            submission=sub,
            actor=world.staff_a,
            base_version=1,
            changes=services.DraftChanges(figures=figures, narrative={"results": "Đạt"}),
        )
        for _ in range(3):
            services.activity_save(
                submission=sub,
                actor=world.staff_a,
                held_on=datetime.date(year, 10, 20),
                kind="event",
                title="Hoạt động",
                participants_total=10,
                participants_women=5,
            )
        services.submission_submit(submission=fresh(sub), actor=world.staff_a)
        results.append(sub)
    services.submission_return(
        submission=fresh(results[0]),
        actor=world.committee,
        reason="Kiểm tra lại",
        comments={elements[0].code: "Xem lại"},
    )
    services.submission_approve(submission=fresh(results[1]), actor=world.leader_a)
    services.submission_return(
        submission=fresh(results[1]),
        actor=world.committee,
        reason="Kiểm tra lại",
        comments={elements[0].code: "Xem lại", elements[1].code: "Thiếu"},
    )
    return fresh(results[1])


def test_page_queries_do_not_grow_with_elements(world, django_assert_max_num_queries):
    small = _round_with(world, 3, (2025, 2026))
    client = client_for(world, "staff_a")
    client.get(entry_url(small))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(entry_url(small)).status_code == 200
    big = _round_with(world, 20, (2027, 2028))
    client.get(entry_url(big))
    with django_assert_max_num_queries(40):
        response = client.get(entry_url(big))
    assert response.status_code == 200
    assert response.content.decode().count('class="entry-block entry-figure') == 20
    with CaptureQueriesContext(connection) as many:
        client.get(entry_url(big))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
