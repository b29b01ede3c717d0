"""Foundation journeys in a real browser: login as each persona, land on the role's home,
a form being typed survives an expired session."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_committee_logs_in_and_sees_province_agencies(page, world):
    login(page, "committee", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    heading = "Các cơ quan, đơn vị của Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("link", name="Sở Ngoại vụ").is_visible()
    assert page.get_by_role("link", name="Sở Tài chính").is_visible()
    # The other province stays invisible.
    assert page.get_by_text("Lạng Sơn").count() == 0
    screenshot(page, "committee-home")


def test_staff_lands_on_own_agency_and_cannot_open_another(page, world):
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    assert page.get_by_role("link", name="Sở Ngoại vụ").is_visible()
    response = page.goto(f"{page.base_url}/co-quan/{world.agency_b.pk}/")
    assert response.status == 404


def test_wrong_password_message_is_vietnamese(page, world):
    login(page, "staff_a", "sai-mat-khau")
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()
    screenshot(page, "login-error")


def test_language_switch_to_english(page, world):
    login(page, "committee", PASSWORD)
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Home").first.is_visible()
