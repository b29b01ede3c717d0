"""Import a plan from its Word file in a real browser: upload the Sở Ngoại vụ plan (built
here from the seed's text with python-docx), see the targets proposed beside the source
with the sentence highlighted, correct a target, save, find the draft in the database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from indicators.catalogue import load_catalogue
from indicators.models import DataElement, Domain, Indicator
from plans.extraction import Document, normalise
from plans.models import Plan, Target
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED_000 = Path(__file__).resolve().parents[1] / "plans" / "corpus" / "seed_000_sngv_2021_2030.txt"


def sngv_docx() -> bytes:
    """The Sở Ngoại vụ plan as its Word file would be: the two-column header as a table
    (the seed's text lost the left column; the number is made up), then the body as whole
    paragraphs."""
    import docx

    lines = SEED_000.read_text("utf-8").splitlines()
    paragraphs = normalise(Document("text", lines)).split("\n")
    body = paragraphs[1:]  # the date line goes into the header table
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "UBND TỈNH HÀ TĨNH"
    for line in ("SỞ NGOẠI VỤ", "Số: 215/KH-SNgV"):
        left.add_paragraph(line)
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for line in ("Độc lập - Tự do - Hạnh phúc", paragraphs[0]):
        right.add_paragraph(line)
    for paragraph in body:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_sngv_plan_from_word(page, world):
    # Transactional tests start from an empty database: put the indicator catalogue back.
    load_catalogue(Domain, DataElement, Indicator)
    login(page, "staff_a", PASSWORD)
    page.wait_for_url(f"{page.base_url}/")
    page.goto(f"{page.base_url}/ke-hoach/nhap-tu-van-ban/")
    page.get_by_label("Văn bản kế hoạch").set_input_files(
        files=[
            {
                "name": "KH-SNgV-BDG-2021-2030.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
                "buffer": sngv_docx(),
            }
        ]
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/ke-hoach/nhap-tu-van-ban/*/")
    assert page.get_by_role("heading", name="Kiểm tra kế hoạch đọc từ văn bản").is_visible()

    # Targets proposed, each with its sentence marked in the source.
    assert page.locator("#import-source mark.src-target").count() == 10
    assert page.locator('input[name="number"]').input_value() == "215"
    assert page.locator('input[name="symbol"]').input_value() == "KH-SNgV"
    first = page.locator('[data-rows="targets"] .import-row').first
    wording = first.locator("textarea").first.input_value()
    assert wording.startswith("Phấn đấu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên")
    milestones = first.locator('input[name="targets-0-milestones"]')
    assert milestones.input_value() == "2025: 35"
    assert first.locator('select[name="targets-0-indicator"] option:checked').inner_text() == (
        "1. Tỷ lệ nữ trong số cán bộ giữ chức vụ lãnh đạo, quản lý"
    )

    # Focusing the row marks its sentence in the source pane and scrolls to it.
    milestones.focus()
    mark_id = first.get_attribute("data-mark")
    active = page.locator(f'#import-source mark[data-mark="{mark_id}"]')
    page.wait_for_function(
        "id => document.querySelector(`#import-source mark[data-mark='${id}']`)"
        ".classList.contains('is-active')",
        arg=mark_id,
    )
    assert "35% trở lên" in active.inner_text()

    # A later target: focusing it scrolls the source to a sentence further down.
    ngoai_ngu = page.locator('[data-rows="targets"] .import-row').filter(
        has=page.locator("textarea", has_text="ngoại ngữ")
    )
    ngoai_ngu.first.locator("textarea").first.focus()
    # A function, not an expression: Playwright evaluates a bare expression with eval(),
    # which the page's Content-Security-Policy refuses whenever the first check fails.
    page.wait_for_function("() => document.getElementById('import-source').scrollTop > 200")

    # Correct the first target: 40% from 2025.
    milestones.fill("2025: 40")
    # The picture: the targets at the top of the window, the first one hovered.
    page.evaluate(
        "document.querySelector('[data-rows=targets]').closest('fieldset').scrollIntoView()"
    )
    first.hover()
    page.wait_for_timeout(600)  # let the source pane's smooth scroll settle
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-import-review.png"))
    screenshot(page, "plan-import-review-full")

    page.get_by_role("button", name="Lưu thành kế hoạch dự thảo").click()
    page.wait_for_url("**/ke-hoach/*/")
    assert page.get_by_text("Đã lưu kế hoạch dự thảo").is_visible()

    plan = Plan.objects.get(agency=world.agency_a)
    assert page.url.rstrip("/").endswith(f"/ke-hoach/{plan.pk}")
    assert plan.status == Plan.Status.DRAFT
    assert (plan.number, plan.symbol, plan.place) == (215, "KH-SNgV", "Hà Tĩnh")
    assert plan.issued_on.isoformat() == "2021-09-06"
    assert (plan.period_start, plan.period_end) == (2021, 2030)
    assert plan.signer_name == "Thái Phúc Sơn"
    numeric = plan.targets.exclude(kind=Target.Kind.QUALITATIVE)
    assert numeric.count() == 10
    corrected = plan.targets.get(wording=wording)
    assert [(m.year, int(m.value)) for m in corrected.milestones.all()] == [(2025, 40)]
    assert corrected.maintain_until == 2030
    assert corrected.indicator.code == "ty-le-nu-lanh-dao"
    assert corrected.domain.number == 1
    assert plan.tasks.filter(lead_unit="Văn phòng - Thanh tra Sở").count() == 4
