"""Plans in a real browser: a clerk of Sở Ngoại vụ writes a new annual plan, adds targets
and tasks inline (HTMX), sees them on the document-like page and in the history, and
cannot reach another agency's plan."""

import re

import pytest

from tests.conftest import PASSWORD, ensure_domains, plan_of
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _add_target(page, domain, wording: str, kind: str, comparator: str, milestones: str):
    group = page.locator(f"#domain-{domain.pk}")
    group.get_by_role("button", name="+ Thêm chỉ tiêu").click()
    form = group.locator("form.inline-form")
    form.get_by_label("Nguyên văn").fill(wording)
    form.get_by_label("Dạng chỉ tiêu").select_option(label=kind)
    form.get_by_label("So sánh").select_option(label=comparator)
    form.get_by_label("Mốc giá trị").fill(milestones)
    form.get_by_role("button", name="Lưu", exact=True).click()
    # The form is swapped for the saved row.
    group.locator(".target-row", has_text=wording).wait_for()
    assert group.locator("form.inline-form").count() == 0


def _add_task(page, section_block, description: str, lead: str, schedule: str):
    section_block.get_by_role("button", name="+ Thêm nhiệm vụ").click()
    form = section_block.locator("form.inline-form")
    form.get_by_label("Nội dung nhiệm vụ").fill(description)
    form.get_by_label("Đơn vị chủ trì", exact=False).first.fill(lead)
    form.get_by_label("Thời gian cụ thể").fill(schedule)
    form.get_by_role("button", name="Lưu", exact=True).click()
    section_block.locator(".task-row", has_text=description).wait_for()


def test_staff_writes_annual_plan_inline(page, world):
    domains = ensure_domains()
    plan_b = plan_of(world, "b")
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")

    # Home → create a plan for the agency.
    page.get_by_role("link", name="+ Tạo kế hoạch").first.click()
    page.wait_for_url(re.compile(r"/ke-hoach/moi/"))
    assert page.get_by_label("Ký hiệu").input_value() == "KH-SNgV"
    page.get_by_label("Loại kế hoạch").select_option(label="Kế hoạch năm")
    page.get_by_label("Từ năm").fill("2026")
    page.get_by_label("Đến năm").fill("2026")
    page.get_by_label("Trích yếu").fill(
        "Triển khai công tác bình đẳng giới và hoạt động vì sự tiến bộ của phụ nữ năm 2026"
    )
    page.get_by_label("Chức vụ người ký").fill("GIÁM ĐỐC")
    page.get_by_label("Người ký", exact=True).fill("Thái Phúc Sơn")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"))
    plan_url = page.url
    assert page.get_by_text("Đã tạo kế hoạch").is_visible()
    assert page.get_by_text("KẾ HOẠCH", exact=True).is_visible()

    # Two targets, inline: a threshold with a 2026 milestone and a qualitative one.
    _add_target(
        page,
        domains[0],
        "Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý đạt 35% trở lên",
        "Ngưỡng (≥, >, ≤, <, =)",
        "≥",
        "2026: 35",
    )
    _add_target(
        page,
        domains[1],
        "Ưu tiên tuyển dụng cán bộ nữ vào làm việc tại cơ quan",
        "Định tính (báo cáo bằng lời)",
        "—",
        "",
    )
    assert page.locator(".target-row", has_text="≥ 35% năm 2026").is_visible()
    assert page.locator(".target-row", has_text="định tính").is_visible()

    # A section, then two tasks in it.
    page.get_by_role("button", name=re.compile("Thêm mục vào phần nội dung thực hiện")).click()
    section_form = page.locator("#sections-content form.inline-form")
    section_form.get_by_label("Số mục").fill("1")
    section_form.get_by_label("Tiêu đề mục").fill("Đẩy mạnh truyền thông về bình đẳng giới")
    section_form.get_by_role("button", name="Lưu", exact=True).click()
    block = page.locator(".doc-section-block", has_text="Đẩy mạnh truyền thông")
    block.wait_for()
    _add_task(page, block, "Tổ chức nói chuyện chuyên đề nhân ngày 20/10", "Công đoàn Sở", "20/10")
    _add_task(
        page,
        block,
        "Hưởng ứng Tháng hành động vì bình đẳng giới",
        "Văn phòng - Thanh tra Sở",
        "15/11–15/12",
    )

    # Open an inline edit form for the screenshot, then cancel it.
    row = page.locator(".target-row", has_text="35% trở lên")
    row.get_by_role("button", name="Sửa").click()
    edit = page.locator("form.inline-form", has_text="Sửa chỉ tiêu")
    edit.wait_for()
    assert edit.get_by_label("Mốc giá trị").input_value() == "2026: 35"
    edit.scroll_into_view_if_needed()
    screenshot(page, "plan-inline-edit")
    edit.get_by_role("link", name="Hủy").click()
    page.locator(".target-row", has_text="35% trở lên").wait_for()

    # After a reload everything is on the page, laid out like the document.
    page.goto(plan_url)
    for text in (
        "Mục tiêu 1: Trong lĩnh vực chính trị",
        "≥ 35% năm 2026",
        "Ưu tiên tuyển dụng cán bộ nữ",
        "Tổ chức nói chuyện chuyên đề nhân ngày 20/10",
        "Hưởng ứng Tháng hành động vì bình đẳng giới",
        "Chưa có số liệu",
    ):
        assert page.get_by_text(text).first.is_visible(), text
    assert page.locator(".task-row").count() == 2
    assert page.locator(".target-row").count() == 2
    screenshot(page, "plan-page")

    # The history tab lists what was done.
    page.get_by_role("tab", name="Lịch sử thay đổi").click()
    history = page.locator("#history-list")
    history.wait_for()
    assert history.locator(".history-entry").count() >= 6
    assert history.get_by_text("Ưu tiên tuyển dụng cán bộ nữ").first.is_visible()
    assert history.get_by_text("Thêm").first.is_visible()
    screenshot(page, "plan-history")

    # The plan list shows the new plan with its counts.
    page.goto(f"{page.base_url}/ke-hoach/")
    row = page.locator("tr", has_text="năm 2026")
    assert row.locator("td").nth(5).inner_text() == "2"
    assert row.locator("td").nth(6).inner_text() == "2"
    screenshot(page, "plan-list")

    # Another agency's plan does not exist for her.
    response = page.goto(f"{page.base_url}/ke-hoach/{plan_b.pk}/")
    assert response.status == 404
    response = page.goto(f"{page.base_url}/ke-hoach/{plan_b.pk}/sua/")
    assert response.status == 404


def test_inline_errors_show_in_the_form(page, world):
    ensure_domains()
    plan = plan_of(world, "a")
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    group = page.locator(".domain-group").first
    group.get_by_role("button", name="+ Thêm chỉ tiêu").click()
    form = group.locator("form.inline-form")
    form.get_by_label("Nguyên văn").fill("Đến năm 2035 đạt 40%")
    form.get_by_label("So sánh").select_option(label="≥")
    form.get_by_label("Mốc giá trị").fill("2035: 40")
    form.get_by_role("button", name="Lưu", exact=True).click()
    error = group.get_by_text("Năm mốc 2035 nằm ngoài thời kỳ kế hoạch 2021–2030")
    error.wait_for()
    assert group.locator("form.inline-form").get_by_label("Mốc giá trị").input_value() == (
        "2035: 40"
    )
    screenshot(page, "plan-inline-error")


def test_committee_reads_department_plan_without_edit_controls(page, world):
    ensure_domains()
    plan = plan_of(world, "a")
    login(page, "committee", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    assert page.get_by_text("Đạt 35% trở lên tỷ lệ cán bộ nữ").is_visible()
    assert page.get_by_role("button", name="+ Thêm chỉ tiêu").count() == 0
    assert page.get_by_role("button", name="Sửa").count() == 0
