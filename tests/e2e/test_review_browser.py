"""Journeys 2 and 3 in a real browser: the committee opens a round and watches it fill,
returns a report with a reason and a comment on one figure, the agency sees why, the
leader approves the corrected report, the committee sees what changed and accepts it."""

import re

import pytest
from playwright.sync_api import expect

from indicators.models import DataElement
from reports import services
from reports.models import ReportingRound, Submission
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.factories import DataElementFactory, domain
from tests.reports.conftest import fill_valid

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _elements() -> None:
    DataElementFactory(code="t-cbccvc", name="Cán bộ, công chức, viên chức")
    DataElementFactory(code="t-lanh-dao", name="Lãnh đạo, quản lý")
    DataElementFactory(
        code="t-truyen-thong",
        name="Buổi truyền thông về bình đẳng giới",
        kind=DataElement.Kind.COUNT,
        unit="hoạt động",
        domain=domain(6),
    )


def _switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(f"{page.base_url}/")


def test_committee_reviews_returns_and_accepts(page, world):
    _elements()
    base = page.base_url

    # --- the committee opens the 2025 annual round --------------------------------------
    login(page, "committee", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Kỳ báo cáo", exact=True).click()
    page.get_by_role("link", name="Mở kỳ báo cáo").click()
    # Wait for the page's scripts: review.js refills the dates.
    page.wait_for_url(f"{base}/ky-bao-cao/mo/")
    page.get_by_label("Tổng kết năm").check()
    page.get_by_label("Năm báo cáo").fill("2025")
    # The regime's dates follow the year (static/js/review.js).
    expect(page.get_by_label("đến ngày")).to_have_value("14/12/2025")
    expect(page.get_by_label("Hạn nộp báo cáo")).to_have_value("10/12/2025")
    expect(page.get_by_label("Sở Ngoại vụ")).to_be_checked()
    # Only the three figures this test fills: clear the catalogue's defaults first.
    page.locator('[data-check-none="elements"]').click()
    for name in (
        "Cán bộ, công chức, viên chức",
        "Lãnh đạo, quản lý",
        "Buổi truyền thông về bình đẳng giới",
    ):
        page.get_by_role("checkbox", name=name, exact=True).check()
    screenshot(page, "round-open")
    page.get_by_role("button", name="Mở kỳ báo cáo").click()
    page.wait_for_url(re.compile(r"/ky-bao-cao/\d+/$"))
    expect(page.get_by_text("Đã mở kỳ Tổng kết năm 2025 cho 3 cơ quan")).to_be_visible()
    panel = page.locator("[data-completeness]")
    expect(panel.locator('[data-bucket="expected"]')).to_contain_text("3")
    expect(panel.locator('[data-bucket="missing"]')).to_contain_text("3")

    # --- agency A sends a report and its leader approves it (services) ----------------
    rnd = ReportingRound.objects.get(year=2025, kind="annual")
    sub = rnd.submissions.get(agency=world.agency_a)
    sub = services.submission_submit(submission=fill_valid(sub, world.staff_a), actor=world.staff_a)
    sub = services.submission_approve(submission=sub, actor=world.leader_a)

    page.reload()
    expect(panel.locator('[data-bucket="submitted"]')).to_contain_text("1")
    expect(panel.locator('[data-bucket="awaiting"]')).to_contain_text("1")
    screenshot(page, "round-page")
    page.locator('[data-bucket="missing"]').click()
    expect(page.locator("tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Xem tất cả").click()

    # --- the committee returns it with a reason and a comment on the leaders figure ---
    page.get_by_role("link", name="Xem xét Sở Ngoại vụ").click()
    expect(page.get_by_role("heading", name="BÁO CÁO", exact=True)).to_be_visible()
    row = page.locator('tr[data-field="t-lanh-dao"]')
    row.get_by_text("Ghi ý kiến trả lại").click()
    row.get_by_label("Ý kiến về “Lãnh đạo, quản lý”").fill("Số lãnh đạo nữ không khớp danh sách.")
    page.get_by_label("Lý do trả lại").fill("Số lãnh đạo nữ chưa khớp với danh sách cán bộ.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_text("Đã trả lại báo cáo cho Sở Ngoại vụ")).to_be_visible()
    sub.refresh_from_db()
    assert sub.status == Submission.Status.RETURNED

    # --- staff A sees why, next to the figure ----------------------------------------
    _switch_user(page, "staff_a")
    page.goto(f"{base}/bao-cao/{sub.pk}/")
    reason = page.locator("[data-return-reason]")
    expect(reason).to_contain_text("Số lãnh đạo nữ chưa khớp với danh sách cán bộ.")
    expect(reason).to_contain_text("Lãnh đạo, quản lý: Số lãnh đạo nữ không khớp danh sách.")
    expect(page.locator('tr[data-field="t-lanh-dao"] [data-field-comment]')).to_contain_text(
        "Số lãnh đạo nữ không khớp danh sách."
    )
    screenshot(page, "submission-returned-staff")

    # --- she corrects it (services); the leader approves in the browser ----------------
    sub.refresh_from_db()
    sub = services.submission_save_draft(
        submission=sub,
        actor=world.staff_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"t-lanh-dao": services.FigureInput(total="9", women="4")}
        ),
    )
    services.submission_submit(submission=sub, actor=world.staff_a)
    _switch_user(page, "leader_a")
    expect(page.get_by_text("1 báo cáo chờ duyệt")).to_be_visible()
    screenshot(page, "home-leader")
    page.goto(f"{base}/bao-cao/{sub.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()

    # --- the committee sees what changed and accepts ---------------------------------
    _switch_user(page, "committee")
    screenshot(page, "home-committee")
    page.goto(f"{base}/bao-cao/{sub.pk}/")
    changes = page.locator("[data-changes]")
    expect(changes).to_contain_text("Lãnh đạo, quản lý")
    expect(changes.locator("del")).to_contain_text("tổng số 9, nữ 3")
    expect(changes.locator("ins")).to_contain_text("tổng số 9, nữ 4")
    expect(page.locator('tr[data-field="t-lanh-dao"]')).to_have_class(re.compile("table-warning"))
    screenshot(page, "submission-review")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("[data-locked]")).to_have_text(re.compile("Đã khóa số liệu"))
    sub.refresh_from_db()
    assert sub.status == Submission.Status.ACCEPTED
    screenshot(page, "submission-accepted")
