"""Journey 1 in a real browser: chị Lan fills the 2025 report of Sở Ngoại vụ, loses her
session at lunch without losing what she typed, and submits."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import DataElement
from plans.models import Milestone, Plan, Target, Task
from reports import services
from reports.models import Activity, FigureValue, ReportingRound, Submission, TaskProgress
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.factories import DataElementFactory, IndicatorFactory, domain

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def settle(page) -> None:
    """Wait until no autosave is in flight or about to start (they wait 800 ms after the
    last key). The live server shares an in-memory SQLite database with this thread, and
    reading it while the server writes makes one of them fail with "table is locked"."""
    busy = page.locator(".htmx-request")
    for _ in range(2):
        expect(busy).to_have_count(0)
        page.wait_for_timeout(1000)
    expect(busy).to_have_count(0)


def _setup(world) -> tuple[Submission, Task]:
    cbccvc = DataElementFactory(
        code="e-cbccvc",
        name="Cán bộ, công chức, viên chức (CBCCVC)",
        domain=domain(1),
        order=1,
        help_text="Tổng số CBCCVC và người lao động có mặt tại ngày 14/12, kể cả hợp đồng.",
    )
    leaders = DataElementFactory(
        code="e-lanh-dao",
        name="Lãnh đạo, quản lý",
        domain=domain(1),
        order=2,
        help_text="Người giữ chức vụ lãnh đạo, quản lý từ cấp phòng trở lên.",
    )
    trained = DataElementFactory(
        code="e-tap-huan",
        name="Cán bộ nữ được bồi dưỡng, tập huấn",
        kind=DataElement.Kind.COUNT,
        domain=domain(5),
        unit="người",
        help_text="Số lượt cán bộ nữ được cử đi bồi dưỡng, tập huấn trong kỳ.",
    )
    indicator = IndicatorFactory(
        code="e-ty-le-nu-lanh-dao", name="Tỷ lệ nữ lãnh đạo, quản lý", numerator=leaders
    )
    elements = [cbccvc, leaders, trained]
    # Last year's report, accepted: the figures shown beside each field.
    last = services.round_open(
        province=world.province,
        year=2024,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a],
        elements=elements,
    ).submissions.get()
    services.submission_save_draft(
        submission=last,
        actor=world.staff_a,
        base_version=1,
        changes=services.DraftChanges(
            figures={
                "e-cbccvc": services.FigureInput(total="40", women="18"),
                "e-lanh-dao": services.FigureInput(total="9", women="2"),
                "e-tap-huan": services.FigureInput(value="5"),
            },
            narrative={"results": "Hoàn thành kế hoạch năm 2024."},
        ),
    )
    services.submission_submit(submission=last, actor=world.staff_a)
    services.submission_approve(submission=last, actor=world.leader_a)
    services.submission_accept(submission=last, actor=world.committee)

    plan = Plan.objects.create(
        agency=world.agency_a,
        kind=Plan.Kind.MULTI_YEAR,
        number=12,
        symbol="KH-SNgV",
        title="Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030",
        period_start=2021,
        period_end=2030,
    )
    target = Target.objects.create(
        plan=plan,
        wording="Đạt 35% trở lên tỷ lệ nữ lãnh đạo, quản lý đến năm 2025, duy trì đến 2030",
        kind=Target.Kind.THRESHOLD,
        comparator=Target.Comparator.GE,
        indicator=indicator,
        maintain_until=2030,
    )
    Milestone.objects.create(target=target, year=2025, value=Decimal(35))
    task = Task.objects.create(
        plan=plan,
        description="Tổ chức nói chuyện chuyên đề về bình đẳng giới nhân ngày 20/10",
        lead_unit="Văn phòng - Thanh tra Sở",
        recurrence=Task.Recurrence.YEARLY,
        schedule="20/10",
    )
    Task.objects.create(
        plan=plan,
        description="Hưởng ứng Tháng hành động vì bình đẳng giới",
        lead_unit="Công đoàn Sở",
        schedule="15/11–15/12",
    )
    rnd = services.round_open(
        province=world.province,
        year=2025,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a, world.agency_b],
        elements=elements,
        deadline=timezone.localdate() + datetime.timedelta(days=6),
    )
    return rnd.submissions.get(agency=world.agency_a), task


def _figure(sub: Submission, code: str) -> FigureValue | None:
    return FigureValue.objects.filter(submission=sub, element__code=code).first()


def test_lan_fills_report_survives_expired_session_and_submits(page, world):
    world.staff_a.first_name, world.staff_a.last_name = "Lan", "Nguyễn Thị"
    world.staff_a.save()
    sub, task = _setup(world)
    url = f"{page.base_url}/bao-cao/{sub.pk}/nhap-lieu/"
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(url)

    expect(page.get_by_role("heading", name="Báo cáo Tổng kết năm 2025")).to_be_visible()
    expect(page.get_by_text("còn 6 ngày")).to_be_visible()
    expect(page.locator("#problems-panel")).to_contain_text("Còn 4 mục cần hoàn thành")
    block = page.locator("#fig-e-cbccvc")
    expect(block).to_contain_text("Tổng số CBCCVC và người lao động có mặt tại ngày 14/12")
    expect(block).to_contain_text("Kỳ trước (Tổng kết năm 2024): tổng số 40, nữ 18 (45,0% nữ)")

    # Figures: men and the share of women appear as she types.
    page.locator("#id-fig-e-cbccvc-total").press_sequentially("42")
    page.locator("#id-fig-e-cbccvc-women").press_sequentially("19")
    expect(block.locator('[data-calc="men"]')).to_have_text("23")
    expect(block.locator('[data-calc="share"]')).to_have_text("45,2%")
    leaders = page.locator("#fig-e-lanh-dao")
    page.locator("#id-fig-e-lanh-dao-total").press_sequentially("9")
    page.locator("#id-fig-e-lanh-dao-women").press_sequentially("3")
    # Checked as she types, before the autosave re-renders the block with the verdict.
    expect(leaders.locator(".target-live")).to_contain_text("33,3%, chưa đạt mức này")
    expect(leaders.locator('[data-calc="men"]')).to_have_text("6")
    expect(leaders.locator('[data-calc="share"]')).to_have_text("33,3%")
    expect(leaders).to_contain_text("Chỉ tiêu kế hoạch 12/KH-SNgV (năm 2025): ≥ 35%")
    expect(leaders.locator(".save-status")).to_contain_text("Đã lưu lúc")
    settle(page)
    expect(block.locator(".save-status")).to_contain_text("Đã lưu lúc")
    assert (_figure(sub, "e-cbccvc").total, _figure(sub, "e-cbccvc").women) == (42, 19)
    assert (_figure(sub, "e-lanh-dao").total, _figure(sub, "e-lanh-dao").women) == (9, 3)
    # Judged on the saved figures: 2025 is the target's due year.
    expect(leaders.locator(".entry-target")).to_contain_text("Không đạt")

    # Women trained jump from 5 to 17: the page asks why.
    trained = page.locator("#fig-e-tap-huan")
    expect(trained.locator("[data-explain]")).to_be_hidden()
    page.locator("#id-fig-e-tap-huan-value").press_sequentially("17")
    expect(trained.locator("[data-explain]")).to_be_visible()
    expect(trained).to_contain_text("thay đổi từ 5 lên 17 so với kỳ trước (quá 50%)")
    page.locator("#id-fig-e-tap-huan-explanation").press_sequentially(
        "Tỉnh mở thêm lớp bồi dưỡng kiến thức về giới cho cán bộ nữ."
    )
    settle(page)
    assert _figure(sub, "e-tap-huan").value == 17
    assert _figure(sub, "e-tap-huan").explanation.endswith("cho cán bộ nữ.")

    # An activity held, added inline.
    page.locator("#activity-held_on").fill("20/10/2025")
    page.locator("#activity-kind").select_option("communication")
    page.locator("#activity-title").fill("Nói chuyện chuyên đề ngày 20/10")
    page.locator("#activity-participants_total").fill("38")
    page.locator("#activity-participants_women").fill("25")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator("#activities-block")).to_contain_text("Nói chuyện chuyên đề ngày 20/10")
    expect(page.locator("#activities-block")).to_contain_text("20/10/2025")
    settle(page)
    act = Activity.objects.get(submission=sub)
    assert (act.participants_total, act.participants_women) == (38, 25)

    # A task of the plan: done.
    page.locator(f"#id-task-{task.pk}-status").select_option("done")
    expect(page.locator(f"#task-{task.pk} .save-status")).to_contain_text("Đã lưu lúc")
    settle(page)
    assert TaskProgress.objects.get(submission=sub, task=task).status == "done"

    # The results section.
    page.locator("#id-narrative-results").press_sequentially(
        "Tổ chức 01 buổi nói chuyện chuyên đề với 38 người tham gia."
    )
    expect(page.locator("#narrative-results .save-status")).to_contain_text("Đã lưu lúc")
    settle(page)
    assert Submission.objects.get(pk=sub.pk).results.endswith("38 người tham gia.")
    expect(page.locator("#problems-panel")).to_contain_text("Đã đủ các thông tin bắt buộc")

    # The signed minutes of the talk, as evidence.
    page.locator("#evidence-file").set_input_files(
        files=[
            {"name": "Biên bản nói chuyện 20-10.pdf", "mimeType": "application/pdf", "buffer": PDF}
        ]
    )
    expect(page.locator("[data-file-name]")).to_have_text("Biên bản nói chuyện 20-10.pdf")
    page.locator("#evidence-description").fill("Biên bản có chữ ký")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên “Biên bản nói chuyện 20-10.pdf”.")).to_be_visible()
    expect(page.locator("#evidence")).to_contain_text("Biên bản có chữ ký")
    # Bootstrap scrolls smoothly: jump, so the sticky contents list is drawn at the top.
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    screenshot(page, "entry-page")

    # Lunch: the session expires. She types on; the autosave sends her to the login page.
    page.context.clear_cookies(name="sessionid")
    page.locator("#id-narrative-shortcomings").press_sequentially(
        "Số lượng nữ lãnh đạo chưa đạt chỉ tiêu 35%."
    )
    page.wait_for_url("**/dang-nhap/**")
    assert "next=/bao-cao/" in page.url
    page.get_by_label("Tên đăng nhập").fill("staff_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url)
    # Back on the same page, with what she typed.
    expect(page.locator("#restored-notice")).to_be_visible()
    settle(page)
    expect(page.locator("#id-narrative-shortcomings")).to_have_value(
        "Số lượng nữ lãnh đạo chưa đạt chỉ tiêu 35%."
    )
    assert Submission.objects.get(pk=sub.pk).shortcomings == ""  # not stored yet
    screenshot(page, "entry-page-restored")

    # She submits; what is on the screen goes with it.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi báo cáo cho lãnh đạo duyệt").click()
    expect(page.get_by_text("Báo cáo đã gửi, chờ lãnh đạo duyệt.")).to_be_visible()
    settle(page)
    sub = Submission.objects.get(pk=sub.pk)
    assert sub.status == Submission.Status.SUBMITTED
    assert sub.shortcomings == "Số lượng nữ lãnh đạo chưa đạt chỉ tiêu 35%."
    expect(page.locator("#id-fig-e-cbccvc-total")).to_be_disabled()
    expect(page.locator(f"#id-task-{task.pk}-status")).to_be_disabled()
    assert page.locator("[hx-post]").count() == 0
    assert page.get_by_role("button", name="Gửi báo cáo cho lãnh đạo duyệt").count() == 0
    # Nothing is left in the browser to be restored over the submitted report.
    kept = page.evaluate(f"localStorage.getItem('gp-keep:submission-{sub.pk}')")
    assert kept is None
    screenshot(page, "entry-page-submitted")


def test_invalid_figure_is_explained_and_not_stored(page, world):
    sub, _task = _setup(world)
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/bao-cao/{sub.pk}/nhap-lieu/")
    page.locator("#id-fig-e-cbccvc-total").press_sequentially("12a")
    block = page.locator("#fig-e-cbccvc")
    expect(block).to_contain_text("“12a” không phải là số")
    expect(page.locator("#id-fig-e-cbccvc-total")).to_have_class("form-control text-end is-invalid")
    settle(page)
    assert _figure(sub, "e-cbccvc") is None
    page.locator("#id-fig-e-cbccvc-total").fill("")
    page.locator("#id-fig-e-cbccvc-total").press_sequentially("12")
    page.locator("#id-fig-e-cbccvc-women").press_sequentially("15")
    expect(block).to_contain_text("Nữ (15) lớn hơn tổng số (12).")
    screenshot(page, "entry-invalid")


def test_returned_report_shows_the_committee_comment_beside_the_figure(page, world):
    sub, _task = _setup(world)
    services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=1,
        changes=services.DraftChanges(
            figures={
                "e-cbccvc": services.FigureInput(total="42", women="19"),
                "e-lanh-dao": services.FigureInput(total="9", women="3"),
                "e-tap-huan": services.FigureInput(value="6"),
            },
            narrative={"results": "Tổ chức 01 buổi nói chuyện chuyên đề."},
        ),
    )
    services.submission_submit(submission=Submission.objects.get(pk=sub.pk), actor=world.staff_a)
    services.submission_approve(submission=Submission.objects.get(pk=sub.pk), actor=world.leader_a)
    services.submission_return(
        submission=Submission.objects.get(pk=sub.pk),
        actor=world.committee,
        reason="Số lãnh đạo chưa khớp với quyết định bổ nhiệm.",
        comments={"e-lanh-dao": "Theo Quyết định 45/QĐ-SNgV, Sở có 10 lãnh đạo, quản lý."},
    )
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/bao-cao/{sub.pk}/nhap-lieu/")
    expect(page.locator(".entry-returned")).to_contain_text(
        "Số lãnh đạo chưa khớp với quyết định bổ nhiệm."
    )
    leaders = page.locator("#fig-e-lanh-dao")
    expect(leaders.locator(".entry-comment")).to_contain_text("Sở có 10 lãnh đạo, quản lý.")
    page.locator("#id-fig-e-lanh-dao-total").fill("")
    page.locator("#id-fig-e-lanh-dao-total").press_sequentially("10")
    expect(leaders.locator(".save-status")).to_contain_text("Đã lưu lúc")
    screenshot(page, "entry-returned")
