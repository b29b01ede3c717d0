"""Journey 2, step 3 in a real browser: the director signs the accepted report's PDF, and
anyone uploads the signed file to the verification page and sees it is intact, who
signed, when. Journey 3, step 4: the province report renders in the background while the
page polls, then offers the file."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reports import documents
from reports.models import Document
from reports.pki_demo import demo_root_path, seed_demo_pki
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.reports.conftest import reporting  # noqa: F401  (the fixture)
from tests.reports.document_helpers import accept

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accepted_document(world, reporting, settings):  # noqa: F811
    settings.DEBUG = True  # the demo certificate signs only in development
    seed_demo_pki([world.agency_a])
    settings.SIGNING_TRUST_ROOTS = [str(demo_root_path())]
    sub = accept(reporting.sub_a, world)
    issued = documents.document_issue(
        kind=Document.Kind.SUBMISSION, source=sub, actor=world.staff_a
    )
    return documents.document_render(issued.document)


def test_director_signs_and_anyone_verifies(page, world, accepted_document, tmp_path):
    doc = accepted_document
    login(page, "leader_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/van-ban/{doc.pk}/")
    assert page.get_by_role("heading", name=f"Báo cáo của cơ quan {doc.reference}").is_visible()
    page.get_by_role("button", name="Ký số văn bản").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Đã ký số văn bản {doc.reference}.").is_visible()
    screenshot(page, "document-signed")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải bản đã ký số").click()
    signed = tmp_path / "signed.pdf"
    info.value.save_as(signed)
    assert signed.read_bytes().startswith(b"%PDF-")

    # Another agency's clerk checks the file.
    page.context.clear_cookies()
    login(page, "staff_b", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/xac-thuc/")
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(signed))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Tệp có chữ ký số hợp lệ, nguyên vẹn từ khi ký").is_visible()
    result = page.locator("[data-verify-result]")
    assert "Sở Ngoại vụ (DEMO)" in result.inner_text()
    assert doc.reference in result.inner_text()
    screenshot(page, "document-verified")


def test_province_report_renders_while_the_page_waits(page, world, reporting):  # noqa: F811
    sub = accept(reporting.sub_a, world)
    issued = documents.document_issue(
        kind=Document.Kind.ROUND, source=sub.round, actor=world.committee
    )
    doc = issued.document
    # Committed at once (transactional test): queue the render as the view does.
    documents.enqueue_render(doc)
    login(page, "committee", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/van-ban/{doc.pk}/")
    assert page.get_by_text("Đang tạo tệp PDF…").first.is_visible()
    assert page.get_by_role("link", name="Tải tệp PDF").count() == 0
    call_command("db_worker", batch=True, interval=0, startup_delay=False)
    # The 2-second poll notices and the page reloads with the download.
    page.get_by_role("link", name="Tải tệp PDF").wait_for(timeout=20_000)
    screenshot(page, "document-round-ready")
