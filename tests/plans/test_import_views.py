"""The plan import through HTTP (upload → review → save) and the import_plan command."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from plans.forms_import import as_post_data, header_initial, rows_initial
from plans.models import Plan, PlanSection, ReportingDuty, Target, Task
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SEED_000 = Path(__file__).resolve().parent / "corpus" / "seed_000_sngv_2021_2030.txt"
UPLOAD = reverse("plan_import_upload")


def upload(client, data: bytes, name: str = "ke-hoach.txt"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"].rstrip("/").split("/")[-1]


def pending_state(client, token: str) -> dict:
    return client.session["plan_imports"][token]["state"]


def review_post_data(client, token: str, agency) -> dict:
    """What the review form posts when the user changes nothing."""
    state = pending_state(client, token)
    header = header_initial(state, parents=Plan.objects.all(), agency=agency)
    return as_post_data(header, rows_initial(state))


@pytest.fixture
def staff_a(world):
    return client_for(world, "staff_a")


def test_upload_proposes_the_plan_and_saves_nothing(world, staff_a):
    before = Plan.objects.count()
    response = upload(staff_a, SEED_000.read_bytes())
    token = token_of(response)
    assert Plan.objects.count() == before
    page = staff_a.get(reverse("plan_import_review", args=[token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phấn đấu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên" in html
    assert "2025: 35" in html  # the milestone, ready to correct
    assert html.count('class="src-mark src-target"') == 10
    # Each target row points at a mark of the source pane.
    for mark in re.findall(r'class="import-row card[^"]*" data-mark="(src-\d+-\d+)"', html):
        assert f'data-mark="{mark}"' in html.split('id="import-source"')[1]
    # The agency choice holds only what staff_a may edit: agency A and its sub-unit.
    select = html.split('name="agency"')[1].split("</select>")[0]
    assert world.agency_a.name in select and world.agency_b.name not in select
    assert Plan.objects.count() == before


def test_confirm_saves_a_draft_with_targets_tasks_and_signer(world, staff_a):
    token = token_of(upload(staff_a, SEED_000.read_bytes()))
    data = review_post_data(staff_a, token, world.agency_a)
    # The user corrects the first target: 40% instead of 35% from 2025.
    assert data["targets-0-milestones"] == "2025: 35"
    data["targets-0-milestones"] = "2025: 40"
    # …and drops the last task.
    last = int(data["tasks-TOTAL_FORMS"]) - 1
    data[f"tasks-{last}-DELETE"] = "on"
    response = staff_a.post(reverse("plan_import_review", args=[token]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(agency=world.agency_a, title__startswith="Thực hiện Chiến lược")
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT
    assert (plan.period_start, plan.period_end, plan.kind) == (2021, 2030, "multi_year")
    assert plan.signer_name == "Thái Phúc Sơn" and plan.signer_title == "GIÁM ĐỐC"
    assert plan.recipients.splitlines()[0] == "- Ban VSTBPN tỉnh (Sở LĐTBXH);"
    assert plan.parent_reference.startswith("Căn cứ Kế hoạch số 298/KH-UBND")
    first = plan.targets.get(wording__startswith="Phấn đấu đến năm 2025 và duy trì")
    assert [(m.year, int(m.value)) for m in first.milestones.all()] == [(2025, 40)]
    assert first.maintain_until == 2030 and first.comparator == Target.Comparator.GE
    assert first.indicator.code == "ty-le-nu-lanh-dao"
    numeric = plan.targets.exclude(kind=Target.Kind.QUALITATIVE)
    assert numeric.count() == 10
    assert plan.targets.filter(kind=Target.Kind.QUALITATIVE).count() == 7
    assert plan.targets.get(kind=Target.Kind.ZERO).milestones.get().value == 0
    assert plan.targets.filter(kind=Target.Kind.ALL).count() == 5
    assert plan.tasks.count() == 33
    vptt = plan.tasks.filter(lead_unit="Văn phòng - Thanh tra Sở")
    assert vptt.count() == 4 and all(t.section_id for t in vptt)
    assert plan.sections.filter(part=PlanSection.Part.ORGANIZATION).exists()
    assert set(plan.reporting_duties.values_list("kind", flat=True)) == {
        ReportingDuty.Kind.MID_YEAR,
        ReportingDuty.Kind.ANNUAL,
    }
    # The pending reading is gone from the session.
    assert token not in staff_a.session.get("plan_imports", {})
    assert staff_a.get(reverse("plan_import_review", args=[token])).status_code == 404
    # History names the user.
    assert plan.history.first().history_user == world.staff_a


def test_a_refused_row_refuses_the_whole_plan(world, staff_a):
    token = token_of(upload(staff_a, SEED_000.read_bytes()))
    data = review_post_data(staff_a, token, world.agency_a)
    data["targets-1-milestones"] = "2035: 40"  # outside the plan's 2021–2030
    before = (Plan.objects.count(), Target.objects.count(), Task.objects.count())
    response = staff_a.post(reverse("plan_import_review", args=[token]), data)
    assert response.status_code == 400
    assert "nằm ngoài thời kỳ kế hoạch" in response.content.decode()
    assert (Plan.objects.count(), Target.objects.count(), Task.objects.count()) == before
    assert token in staff_a.session["plan_imports"]  # still there to fix


def test_invalid_milestones_show_on_the_row(world, staff_a):
    token = token_of(upload(staff_a, SEED_000.read_bytes()))
    data = review_post_data(staff_a, token, world.agency_a)
    data["targets-0-milestones"] = "năm sau: nhiều"
    response = staff_a.post(reverse("plan_import_review", args=[token]), data)
    assert response.status_code == 400
    assert "Không đọc được mốc" in response.content.decode()
    assert not Plan.objects.filter(agency=world.agency_a, status=Plan.Status.DRAFT).exists()


def test_cannot_save_for_an_agency_one_may_not_edit(world):
    client = client_for(world, "staff_b")
    token = token_of(upload(client, SEED_000.read_bytes()))
    data = review_post_data(client, token, world.agency_a)  # tampered: agency A
    response = client.post(reverse("plan_import_review", args=[token]), data)
    assert response.status_code == 400
    assert not Plan.objects.filter(agency=world.agency_a).exists()


def test_a_reading_belongs_to_the_session_that_uploaded_it(world, staff_a):
    token = token_of(upload(staff_a, SEED_000.read_bytes()))
    other = client_for(world, "leader_a")
    assert other.get(reverse("plan_import_review", args=[token])).status_code == 404


def test_discard_forgets_the_reading(world, staff_a):
    token = token_of(upload(staff_a, SEED_000.read_bytes()))
    response = staff_a.post(reverse("plan_import_discard", args=[token]))
    assert response.status_code == 302
    assert token not in staff_a.session["plan_imports"]


def _docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("trong.txt", lambda: b"\n\n", "Tệp trống"),
        ("scan.pdf", _blank_pdf, "không có lớp chữ"),
        ("hong.docx", lambda: b"PK\x03\x04hong", "không phải Word"),
        ("hong.pdf", lambda: b"%PDF-1.7 hong", "Không mở được tệp PDF"),
        ("anh.docx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "không phải văn bản"),
        ("thu-moi.docx", lambda: _docx_bytes(["Thư mời họp", "Kính gửi các phòng."]),
         "Không nhận ra đây là văn bản kế hoạch"),
        ("lon.txt", lambda: b"a" * (5 * 1024 * 1024 + 10), "5 MB"),
    ],
)  # fmt: skip
def test_files_that_cannot_be_read_get_a_message_and_nothing_is_kept(
    world, staff_a, name, make, message
):
    before = Plan.objects.count()
    response = upload(staff_a, make(), name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Plan.objects.count() == before
    assert not staff_a.session.get("plan_imports")


def test_source_text_is_escaped(world, staff_a):
    text = (
        "KẾ HOẠCH\nCông tác bình đẳng giới năm 2024\nI. MỤC TIÊU\n"
        "- Tỷ lệ nữ <script>alert(1)</script> lãnh đạo đạt 35% trở lên.\n"
    )
    token = token_of(upload(staff_a, text.encode()))
    html = staff_a.get(reverse("plan_import_review", args=[token])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_upload_page(world, staff_a):
    page = staff_a.get(UPLOAD)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()


# --- the command ---------------------------------------------------------------------------


def test_command_json_prints_one_object_and_saves_nothing(world):
    out = io.StringIO()
    before = Plan.objects.count()
    call_command("import_plan", str(SEED_000), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["title"].startswith("Thực hiện Chiến lược quốc gia")
    assert len(data["targets"]) == 10
    assert "Phấn đấu" in out.getvalue()  # ensure_ascii=False: Vietnamese as is
    assert Plan.objects.count() == before


def test_command_saves_a_draft_for_an_agency(world):
    out = io.StringIO()
    call_command("import_plan", str(SEED_000), "--agency", "HT-SNGV", stdout=out)
    plan = Plan.objects.get(pk=int(out.getvalue()))
    assert plan.agency == world.agency_a and plan.status == Plan.Status.DRAFT
    assert plan.targets.exclude(kind=Target.Kind.QUALITATIVE).count() == 10
    assert plan.tasks.exists()


def test_command_needs_json_or_agency(world):
    with pytest.raises(CommandError, match="--json"):
        call_command("import_plan", str(SEED_000))
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("import_plan", str(SEED_000), "--agency", "KHONG-CO")
