"""Browser tests: Playwright (sync API) driving Debian's chromium against live_server.

Never downloads a browser: launches /usr/bin/chromium. Screenshots go to
test-artifacts/ (git-ignored) so a failing run can be looked at."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The `browser` and `page` fixtures live in tests/conftest.py: one Playwright instance for
# the whole run, shared by these tests and the browser fault tests in tests/reliability.


def login(page, username: str, password: str) -> None:
    page.goto(f"{page.base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(autouse=True)
def _keep_migration_data(django_db_serialized_rollback):
    # Browser tests run against a live server, so they need real transactions, and their
    # teardown empties every table — including the indicator catalogue that a data
    # migration loads. Serialized rollback puts it back for the tests that follow.
    yield
