"""Plans through HTTP: who may open and change what, inline editing through the HTMX
fragment endpoints, and the plan page's query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Milestone, Plan, PlanSection, Target, Task
from tests.conftest import World, client_for, ensure_domains, plan_of

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _plan_post(**overrides) -> dict:
    data = {
        "kind": Plan.Kind.ANNUAL,
        "title": "Triển khai công tác bình đẳng giới năm 2026",
        "period_start": "2026",
        "period_end": "2026",
        "symbol": "",
        "place": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Thái Phúc Sơn",
    }
    data.update(overrides)
    return data


def _target_post(domain, **overrides) -> dict:
    data = {
        "domain": domain.pk,
        "wording": "Tỷ lệ nữ lãnh đạo đạt 35% trở lên",
        "kind": Target.Kind.THRESHOLD,
        "comparator": Target.Comparator.GE,
        "milestones": "2025: 35",
        "unit": "%",
        "maintain_until": "2030",
    }
    data.update(overrides)
    return data


# --- create and edit -------------------------------------------------------------------


def test_staff_creates_plan_of_own_agency_with_defaults(world: World) -> None:
    client = client_for(world, "staff_a")
    page = client.get(reverse("plan_create"))
    assert page.status_code == 200
    # Defaults: place from the agency, the symbol from its abbreviation.
    assert 'value="KH-SNgV"' in page.content.decode()
    # B is not offered: the agency list is the user's editable agencies.
    assert "Sở Tài chính" not in page.content.decode()

    response = client.post(reverse("plan_create"), {"agency": world.agency_a.pk, **_plan_post()})
    plan = Plan.objects.get(title__startswith="Triển khai")
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert plan.agency == world.agency_a
    assert plan.symbol == "KH-SNgV"
    assert plan.place == "Hà Tĩnh"
    assert plan.status == Plan.Status.DRAFT
    assert plan.history.first().history_user == world.staff_a


def test_staff_cannot_create_plan_for_other_agency(world: World) -> None:
    client = client_for(world, "staff_a")
    response = client.post(reverse("plan_create"), {"agency": world.agency_b.pk, **_plan_post()})
    assert response.status_code == 200  # the form says the choice is not valid
    assert "agency" in response.context["form"].errors
    assert not Plan.objects.filter(agency=world.agency_b).exists()


def test_signer_default_comes_from_last_plan(world: World) -> None:
    plan_of(world, "a")  # signed by Thái Phúc Sơn
    page = client_for(world, "leader_a").get(reverse("plan_create"))
    assert 'value="Thái Phúc Sơn"' in page.content.decode()


def test_create_form_shows_service_errors_next_to_fields(world: World) -> None:
    client = client_for(world, "staff_a")
    response = client.post(
        reverse("plan_create"),
        {"agency": world.agency_a.pk, **_plan_post(period_start="2026", period_end="2027")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["period_end"]
    assert "Kế hoạch năm chỉ gồm một năm" in errors[0]
    assert not Plan.objects.filter(title__startswith="Triển khai").exists()


def test_staff_edits_own_plan_and_history_names_them(world: World) -> None:
    plan = plan_of(world, "a")
    client = client_for(world, "staff_a")
    page = client.get(reverse("plan_update", args=[plan.pk]))
    assert page.status_code == 200
    assert f'data-keep="plan-{plan.pk}"' in page.content.decode()
    data = _plan_post(
        kind=Plan.Kind.MULTI_YEAR,
        period_start="2021",
        period_end="2030",
        title="Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030",
        number="12",
        symbol="KH-SNgV",
        place="Hà Tĩnh",
        issued_on="2021-09-06",
        parent=plan.parent_id,
    )
    response = client.post(reverse("plan_update", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title.endswith("2021–2030")
    assert plan.issued_on.isoformat() == "2021-09-06"
    latest = plan.history.first()
    assert latest.history_user == world.staff_a
    # The form keeper is told the form was stored.
    assert f"plan-{plan.pk}" in client.session.get("saved_forms", [])


def test_other_agency_gets_404_on_plan_and_its_endpoints(world: World) -> None:
    plan = plan_of(world, "a")
    target = plan.targets.first()
    client = client_for(world, "staff_b")
    assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plan_update", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plan_update", args=[plan.pk]), _plan_post()).status_code == 404
    url = reverse("target_update", args=[plan.pk, target.pk])
    assert client.post(url, _target_post(target.domain, wording="X"), **HX).status_code == 404
    delete = reverse("target_delete", args=[plan.pk, target.pk])
    assert client.post(delete, **HX).status_code == 404
    target.refresh_from_db()
    assert target.wording.startswith("Đạt 35%")


def test_committee_reads_department_plan_but_cannot_edit(world: World) -> None:
    plan = plan_of(world, "a")
    target = plan.targets.first()
    client = client_for(world, "committee")
    page = client.get(reverse("plan_detail", args=[plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert target.wording in html
    # No edit controls for a reader.
    assert "Thêm chỉ tiêu" not in html
    assert reverse("target_update", args=[plan.pk, target.pk]) not in html
    assert client.get(reverse("plan_update", args=[plan.pk])).status_code == 403
    url = reverse("target_update", args=[plan.pk, target.pk])
    assert client.post(url, _target_post(target.domain), **HX).status_code == 403
    assert client.post(reverse("target_create", args=[plan.pk]), **HX).status_code == 403
    assert (
        client.post(reverse("plan_status", args=[plan.pk]), {"status": "archived"}).status_code
        == 403
    )


def test_committee_edits_province_plan(world: World) -> None:
    plan = plan_of(world, "province")
    client = client_for(world, "committee")
    page = client.get(reverse("plan_detail", args=[plan.pk]))
    assert "Thêm chỉ tiêu" in page.content.decode()
    domain = ensure_domains()[1]
    response = client.post(
        reverse("target_create", args=[plan.pk]),
        _target_post(domain, wording="Tỷ lệ lao động nữ có việc làm", milestones="2030: 50"),
        **HX,
    )
    assert response.status_code == 200
    assert Target.objects.filter(plan=plan, wording="Tỷ lệ lao động nữ có việc làm").exists()


def test_leader_of_parent_edits_subunit_plan(world: World) -> None:
    plan = Plan.objects.create(
        agency=world.subunit_a,
        kind=Plan.Kind.ANNUAL,
        title="KH",
        period_start=2026,
        period_end=2026,
    )
    client = client_for(world, "leader_a")
    assert client.get(reverse("plan_update", args=[plan.pk])).status_code == 200
    # ...but not a plan of the province above.
    province_plan = plan_of(world, "province")
    assert client.get(reverse("plan_update", args=[province_plan.pk])).status_code == 403
    # (It may read it: a department implements the province's plan.)
    assert client.get(reverse("plan_detail", args=[province_plan.pk])).status_code == 200


# --- inline editing (HTMX fragments) -----------------------------------------------------


def test_inline_target_add_edit_delete(world: World) -> None:
    plan = plan_of(world, "a")
    domain = ensure_domains()[0]
    client = client_for(world, "staff_a")

    form = client.get(reverse("target_create", args=[plan.pk]) + f"?domain={domain.pk}", **HX)
    assert form.status_code == 200
    html = form.content.decode()
    assert "<html" not in html  # a fragment, not a page
    assert 'hx-post="' in html and "Mốc giá trị" in html

    created = client.post(
        reverse("target_create", args=[plan.pk]),
        _target_post(domain, wording="Nữ CBCCVC tham gia cấp ủy", milestones="2025: 60; 2030: 80"),
        **HX,
    )
    assert created.status_code == 200
    target = Target.objects.get(plan=plan, wording="Nữ CBCCVC tham gia cấp ủy")
    assert [(m.year, m.value) for m in target.milestones.all()] == [
        (2025, Decimal("60.00")),
        (2030, Decimal("80.00")),
    ]
    row = created.content.decode()
    assert f'id="target-{target.pk}"' in row
    assert "≥ 60% năm 2025; ≥ 80% năm 2030" in row
    assert "Chưa có số liệu" in row
    assert "gp-form-saved" in created["HX-Trigger"]

    edit_url = reverse("target_update", args=[plan.pk, target.pk])
    edit_form = client.get(edit_url, **HX).content.decode()
    assert 'value="2025: 60; 2030: 80"' in edit_form
    updated = client.post(
        edit_url,
        _target_post(
            domain,
            wording="Nữ CBCCVC tham gia cấp ủy",
            kind=Target.Kind.RANGE,
            comparator="",
            milestones="20–25",
            maintain_until="",
        ),
        **HX,
    )
    assert updated.status_code == 200
    assert "20–25%" in updated.content.decode()
    target.refresh_from_db()
    assert target.comparator == Target.Comparator.RANGE
    assert list(target.milestones.values_list("year", "value", "value_high")) == [
        (None, Decimal("20.00"), Decimal("25.00"))
    ]

    deleted = client.post(reverse("target_delete", args=[plan.pk, target.pk]), **HX)
    assert deleted.status_code == 200
    assert deleted.content == b""
    assert not Target.objects.filter(pk=target.pk).exists()
    assert not Milestone.objects.filter(target_id=target.pk).exists()
    # Deletions are recorded with the user.
    assert Target.history.filter(id=target.pk, history_type="-").get().history_user == (
        world.staff_a
    )


def test_inline_target_errors_rerender_the_form(world: World) -> None:
    plan = plan_of(world, "a")
    domain = ensure_domains()[0]
    client = client_for(world, "staff_a")
    response = client.post(
        reverse("target_create", args=[plan.pk]),
        _target_post(domain, milestones="2035: 40", comparator=""),
        **HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html and "is-invalid" in html
    assert "Năm mốc 2035 nằm ngoài thời kỳ kế hoạch 2021–2030" in html
    assert "Chọn phép so sánh" in html
    # What was typed stays in the form.
    assert "2035: 40" in html
    assert plan.targets.count() == 1


def test_inline_task_and_section(world: World) -> None:
    plan = plan_of(world, "a")
    client = client_for(world, "staff_a")
    section_resp = client.post(
        reverse("section_create", args=[plan.pk]),
        {"part": PlanSection.Part.CONTENT, "number": "2", "heading": "Truyền thông"},
        **HX,
    )
    assert section_resp.status_code == 200
    section = plan.sections.get(heading="Truyền thông")
    assert f'id="section-{section.pk}"' in section_resp.content.decode()
    assert list(plan.sections.order_by("order", "pk"))[-1] == section  # placed last

    task_resp = client.post(
        reverse("task_create", args=[plan.pk]),
        {
            "section": section.pk,
            "description": "Tổ chức nói chuyện chuyên đề ngày 20/10",
            "lead_unit": "Công đoàn Sở",
            "cooperating_units": "Văn phòng - Thanh tra Sở",
            "recurrence": Task.Recurrence.DATED,
            "schedule": "20/10",
        },
        **HX,
    )
    assert task_resp.status_code == 200
    task = Task.objects.get(description__startswith="Tổ chức nói chuyện")
    html = task_resp.content.decode()
    assert "Công đoàn Sở" in html and "20/10" in html

    # A section with tasks cannot be deleted: the refusal goes to the message area.
    refused = client.post(reverse("section_delete", args=[plan.pk, section.pk]), **HX)
    assert refused["HX-Retarget"] == "#messages"
    assert "Mục còn 1 nhiệm vụ" in refused.content.decode()
    assert PlanSection.objects.filter(pk=section.pk).exists()

    client.post(reverse("task_delete", args=[plan.pk, task.pk]), **HX)
    client.post(reverse("section_delete", args=[plan.pk, section.pk]), **HX)
    assert not PlanSection.objects.filter(pk=section.pk).exists()


def test_inline_duty(world: World) -> None:
    plan = plan_of(world, "a")
    client = client_for(world, "staff_a")
    bad = client.post(
        reverse("duty_create", args=[plan.pk]),
        {"kind": "mid_year", "deadline_day": "31", "deadline_month": "6"},
        **HX,
    )
    assert "Tháng 6 không có ngày 31" in bad.content.decode()
    ok = client.post(
        reverse("duty_create", args=[plan.pk]),
        {"kind": "mid_year", "deadline_day": "10", "deadline_month": "6", "recipient": "Ban"},
        **HX,
    )
    assert "trước ngày 10/06" in ok.content.decode()
    assert plan.reporting_duties.count() == 2


def test_part_of_another_plan_is_404(world: World) -> None:
    plan_a = plan_of(world, "a")
    province = plan_of(world, "province")
    other_target = province.targets.first()
    client = client_for(world, "staff_a")
    url = reverse("target_update", args=[plan_a.pk, other_target.pk])
    assert client.get(url, **HX).status_code == 404


def test_fragment_endpoint_without_htmx_is_a_page(world: World) -> None:
    plan = plan_of(world, "a")
    client = client_for(world, "staff_a")
    page = client.get(reverse("target_create", args=[plan.pk]))
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    domain = ensure_domains()[0]
    response = client.post(reverse("target_create", args=[plan.pk]), _target_post(domain))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("plan_detail", args=[plan.pk]) + "#target-")


# --- plan page, list, tree, history, status ----------------------------------------------


def test_plan_page_reads_like_the_document(world: World) -> None:
    plan = plan_of(world, "a")
    plan.issued_on = __import__("datetime").date(2021, 9, 6)
    plan.legal_bases = "Căn cứ Luật Bình đẳng giới;\nCăn cứ Nghị quyết 28/NQ-CP."
    plan.recipients = "Ban VSTBPN tỉnh\nLưu: VT, VPTTr"
    plan.save()
    html = client_for(world, "staff_a").get(reverse("plan_detail", args=[plan.pk])).content
    html = html.decode()
    assert "Số: 12/KH-SNgV" in html
    assert "Hà Tĩnh, ngày 06 tháng 9 năm 2021" in html
    assert "KẾ HOẠCH" in html
    assert "Căn cứ Nghị quyết 28/NQ-CP." in html
    assert "Mục tiêu 1: Trong lĩnh vực chính trị" in html
    assert "≥ 35% từ năm 2025, duy trì đến 2030" in html
    assert "Chưa có số liệu" in html
    assert "- Ban VSTBPN tỉnh;" in html and "- Lưu: VT, VPTTr." in html
    assert "THÁI PHÚC SƠN" not in html and "Thái Phúc Sơn" in html
    assert "Tổ chức tập huấn" in html
    # The parent plan is linked.
    assert reverse("plan_detail", args=[plan.parent_id]) in html


def test_plan_page_query_count_does_not_grow_with_targets(
    world: World, django_assert_max_num_queries
) -> None:
    plan = plan_of(world, "a")
    domains = ensure_domains()
    client = client_for(world, "staff_a")
    client.get(reverse("plan_detail", args=[plan.pk]))  # warm the session

    def add(n: int) -> None:
        for i in range(n):
            target = Target.objects.create(
                plan=plan,
                domain=domains[i % 6],
                wording=f"Chỉ tiêu {i}",
                kind=Target.Kind.THRESHOLD,
                comparator=Target.Comparator.GE,
            )
            Milestone.objects.create(target=target, year=2025, value=Decimal(i))
            Task.objects.create(plan=plan, section=plan.sections.first(), description=f"NV {i}")

    add(2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 200


def test_plan_list_filters_and_scope(world: World) -> None:
    plan_a = plan_of(world, "a")
    plan_b = plan_of(world, "b")
    Plan.objects.create(
        agency=world.other_agency,
        kind=Plan.Kind.ANNUAL,
        title="LS",
        period_start=2022,
        period_end=2022,
    )
    client = client_for(world, "staff_a")
    page = client.get(reverse("plan_list"))
    listed = {p.pk for p in page.context["page"].object_list}
    assert plan_a.pk in listed and plan_b.pk not in listed
    row = next(p for p in page.context["page"].object_list if p.pk == plan_a.pk)
    assert (row.target_count, row.task_count) == (1, 1)

    committee = client_for(world, "committee")
    listed = {p.pk for p in committee.get(reverse("plan_list")).context["page"].object_list}
    assert {plan_a.pk, plan_b.pk} <= listed
    assert not Plan.objects.filter(pk__in=listed, agency=world.other_agency).exists()

    filtered = committee.get(reverse("plan_list"), {"agency": world.agency_b.pk, "year": 2025})
    assert [p.pk for p in filtered.context["page"].object_list] == [plan_b.pk]
    none = committee.get(reverse("plan_list"), {"year": 2035})
    assert list(none.context["page"].object_list) == []
    assert not committee.get(reverse("plan_list"), {"kind": "annual"}).context["page"].object_list
    multi = committee.get(reverse("plan_list"), {"kind": "multi_year", "q": "Sở Tài chính"})
    assert [p.pk for p in multi.context["page"].object_list] == [plan_b.pk]


def test_plan_tree_shows_department_plans_under_province_plan(world: World) -> None:
    plan_a = plan_of(world, "a")
    plan_b = plan_of(world, "b")
    page = client_for(world, "committee").get(reverse("plan_tree"))
    (root,) = page.context["trees"]
    assert root.plan == plan_a.parent
    assert {n.plan.pk for n in root.children} == {plan_a.pk, plan_b.pk}
    # Staff of A sees the province plan and A's plan, not B's.
    page = client_for(world, "staff_a").get(reverse("plan_tree"))
    (root,) = page.context["trees"]
    assert [n.plan.pk for n in root.children] == [plan_a.pk]


def test_history_timeline_merges_parts(world: World) -> None:
    plan = plan_of(world, "a")
    domain = ensure_domains()[0]
    client = client_for(world, "staff_a")
    target = plan.targets.first()
    client.post(
        reverse("target_update", args=[plan.pk, target.pk]),
        _target_post(domain, wording=target.wording, milestones="2025: 40"),
        **HX,
    )
    response = client.get(reverse("plan_history", args=[plan.pk]), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    entries = response.context["entries"]
    change = next(e for e in entries if e.what == "Mốc chỉ tiêu" and e.action == "~")
    assert change.who == world.staff_a.get_full_name()
    assert [(c.before, c.after) for c in change.changes] == [("35", "40")]
    assert "Sửa" in html and "40" in html
    # The page version works too, for readers.
    assert (
        client_for(world, "committee").get(reverse("plan_history", args=[plan.pk])).status_code
        == 200
    )


def test_issue_needs_signer_then_archive_locks(world: World) -> None:
    plan = plan_of(world, "a")
    plan.signer_name = ""
    plan.save()
    client = client_for(world, "staff_a")
    client.post(reverse("plan_status", args=[plan.pk]), {"status": "issued"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    plan.signer_name = "Thái Phúc Sơn"
    plan.save()
    client.post(reverse("plan_status", args=[plan.pk]), {"status": "issued"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    client.post(reverse("plan_status", args=[plan.pk]), {"status": "archived"})
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Thêm chỉ tiêu" not in page  # archived plans are read-only until reopened
    response = client.post(
        reverse("target_create", args=[plan.pk]), _target_post(ensure_domains()[0]), **HX
    )
    assert "đã lưu trữ" in response.content.decode()


def test_home_blocks(world: World) -> None:
    plan_a = plan_of(world, "a")
    staff_home = client_for(world, "staff_a").get(reverse("home")).content.decode()
    assert reverse("plan_detail", args=[plan_a.pk]) in staff_home
    assert f"{reverse('plan_create')}?agency={world.agency_a.pk}" in staff_home
    plan_of(world, "b")
    committee_home = client_for(world, "committee").get(reverse("home")).content.decode()
    assert reverse("plan_detail", args=[plan_a.parent_id]) in committee_home
    assert "2 kế hoạch của sở, ngành thực hiện" in committee_home


def test_every_form_field_has_vietnamese_help(world: World) -> None:
    from genderplan.access import Access
    from plans import forms, selectors

    plan = plan_of(world, "a")
    acc = Access(world.staff_a)
    built = [
        forms.PlanCreateForm(
            agencies=acc.editable_agencies(), parent_choices=selectors.parent_choices(acc=acc)
        ),
        forms.TargetForm(),
        forms.TaskForm(plan=plan),
        forms.SectionForm(),
        forms.DutyForm(),
    ]
    for form in built:
        for name, field in form.fields.items():
            assert field.help_text, f"{type(form).__name__}.{name} has no help text"
            assert field.label and field.label[0].isupper(), f"{type(form).__name__}.{name}"
