"""The whole reporting workflow in one browser session, as the three journeys tell it:
chị Lan fills and submits → anh Sơn approves → chị Hoa returns it with a comment on the
leaders figure → chị Lan sees the comment beside that figure, fixes it, resubmits → anh Sơn
approves again → chị Hoa sees what changed and accepts → the figures are read-only."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.models import FigureValue, ReportingRound, Submission
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.e2e.test_entry_browser import settle
from tests.factories import DataElementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(f"{page.base_url}/")


def test_fill_submit_return_fix_approve_accept(page, world):
    staff = DataElementFactory(code="j-cbccvc", name="Cán bộ, công chức, viên chức", order=1)
    leaders = DataElementFactory(code="j-lanh-dao", name="Lãnh đạo, quản lý", order=2)
    rnd = services.round_open(
        province=world.province,
        year=2025,
        kind=ReportingRound.Kind.ANNUAL,
        actor=world.committee,
        agencies=[world.agency_a],
        elements=[staff, leaders],
        deadline=timezone.localdate() + datetime.timedelta(days=6),
    )
    sub = rnd.submissions.get()
    base = page.base_url
    entry = f"{base}/bao-cao/{sub.pk}/nhap-lieu/"
    detail = f"{base}/bao-cao/{sub.pk}/"

    # 1. Chị Lan fills the figures and the results, and submits.
    _as(page, "staff_a")
    page.goto(entry)
    page.locator("#id-fig-j-cbccvc-total").fill("42")
    page.locator("#id-fig-j-cbccvc-women").fill("19")
    page.locator("#id-fig-j-lanh-dao-total").fill("9")
    page.locator("#id-fig-j-lanh-dao-women").fill("3")
    page.locator("#id-narrative-results").fill("Tổ chức nói chuyện chuyên đề ngày 20/10.")
    settle(page)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Gửi báo cáo cho lãnh đạo duyệt").click()
    expect(page.get_by_text("chờ lãnh đạo duyệt").first).to_be_visible()
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED

    # 2. Anh Sơn approves.
    _as(page, "leader_a")
    page.goto(detail)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()

    # 3. Chị Hoa returns it with a reason and a comment on the leaders figure.
    _as(page, "committee")
    page.goto(detail)
    row = page.locator('tr[data-field="j-lanh-dao"]')
    row.get_by_text("Ghi ý kiến trả lại").click()
    row.get_by_label("Ý kiến về “Lãnh đạo, quản lý”").fill("Sở có 10 lãnh đạo theo quyết định.")
    page.get_by_label("Lý do trả lại").fill("Số lãnh đạo chưa khớp với quyết định bổ nhiệm.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_text("Đã trả lại báo cáo")).to_be_visible()

    # 4. Chị Lan sees the comment beside that figure, fixes it and resubmits.
    _as(page, "staff_a")
    page.goto(entry)
    expect(page.locator("#fig-j-lanh-dao")).to_contain_text("Sở có 10 lãnh đạo theo quyết định.")
    screenshot(page, "journey-returned-entry")
    page.locator("#id-fig-j-lanh-dao-total").fill("10")
    settle(page)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Gửi báo cáo cho lãnh đạo duyệt").click()
    expect(page.get_by_text("chờ lãnh đạo duyệt").first).to_be_visible()

    # 5. Anh Sơn approves again.
    _as(page, "leader_a")
    page.goto(detail)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt báo cáo.")).to_be_visible()

    # 6. Chị Hoa sees what changed since she returned it, and accepts.
    _as(page, "committee")
    page.goto(detail)
    changes = page.locator("[data-changes]")
    expect(changes.locator("del")).to_contain_text("tổng số 9")
    expect(changes.locator("ins")).to_contain_text("tổng số 10")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("[data-locked]")).to_have_text(re.compile("Đã khóa số liệu"))

    # 7. The figures are read-only for chị Lan now.
    _as(page, "staff_a")
    page.goto(entry)
    expect(page.locator("#id-fig-j-lanh-dao-total")).to_be_disabled()
    expect(page.get_by_role("button", name="Gửi báo cáo cho lãnh đạo duyệt")).to_have_count(0)
    screenshot(page, "journey-accepted-entry")
    sub.refresh_from_db()
    assert sub.status == Submission.Status.ACCEPTED
    fig = FigureValue.objects.get(submission=sub, element=leaders)
    assert (fig.total, fig.women) == (10, 3)
    assert list(sub.events.values_list("to_status", flat=True)) == [
        "submitted",
        "approved",
        "returned",
        "submitted",
        "approved",
        "accepted",
    ]
