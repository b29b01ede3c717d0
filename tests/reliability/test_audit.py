"""The administrator's audit page (genderplan/audit.py) and the read-only record."""

from __future__ import annotations

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from reports import services
from reports.models import FigureValue, Submission
from tests.access_rows import reporting_objects
from tests.conftest import client_for, plan_of


def _changes(world):
    objs = reporting_objects(world)
    sub = services.submission_save_draft(
        submission=objs.sub_a,
        actor=world.staff_a,
        base_version=objs.sub_a.version,
        changes=services.DraftChanges(
            figures={"m-cbccvc": services.FigureInput(total="42", women="19")},
            narrative={"results": "Lần một"},
        ),
    )
    sub = services.submission_save_draft(
        submission=sub,
        actor=world.leader_a,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"m-cbccvc": services.FigureInput(total="45", women="20")},
            narrative={"results": "Lần hai"},
        ),
    )
    services.submission_save_draft(
        submission=objs.sub_b,
        actor=world.staff_b,
        base_version=objs.sub_b.version,
        changes=services.DraftChanges(narrative={"results": "Sở Tài chính"}),
    )
    plan = plan_of(world, "a")
    plan.title = "Tên mới của kế hoạch"
    plan._history_user = world.staff_a
    plan.save()
    return sub


# Proves: the page lists changes across models with who, when, the object and field
# before → after; filters by model, user, agency and date narrow it; pages of 50.
def test_audit_page_lists_every_change_with_before_and_after(world):
    sub = _changes(world)
    client = client_for(world, "superuser")
    page = client.get(reverse("audit_log")).content.decode()
    assert "Nhật ký thay đổi" in page
    assert "42,00" in page or "42" in page
    assert "Lần một" in page and "Lần hai" in page and "Tên mới của kế hoạch" in page
    assert "leader_a" in page and "staff_b" in page

    by_model = client.get(reverse("audit_log"), {"model": "reports.figurevalue"})
    text = by_model.content.decode()
    assert "Tên mới của kế hoạch" not in text and "→" in text
    assert by_model.context["page"].paginator.count == FigureValue.history.count()

    by_user = client.get(reverse("audit_log"), {"user": "leader_a"}).context["entries"]
    assert by_user and all(e.who.endswith("(leader_a)") for e in by_user)
    changed = {c.field: (c.before, c.after) for e in by_user for c in e.changes}
    assert changed["Kết quả đạt được"] == ("Lần một", "Lần hai")

    by_agency = client.get(reverse("audit_log"), {"agency": world.agency_b.pk}).context["entries"]
    assert by_agency and all("Sở Ngoại vụ" not in e.object_label for e in by_agency)
    assert any(e.model_name == str(Submission._meta.verbose_name) for e in by_agency)

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = client.get(reverse("audit_log"), {"since": tomorrow.isoformat()})
    assert future.context["page"].paginator.count == 0
    bad = client.get(reverse("audit_log"), {"since": "hôm qua"})
    assert bad.status_code == 200 and "không phải ngày" in bad.content.decode()

    total = client.get(reverse("audit_log")).context["page"].paginator.count
    if total > 50:
        assert len(client.get(reverse("audit_log"), {"page": 2}).context["entries"]) > 0
    assert sub.pk


# Proves: audit rows cannot be changed or removed through the app: the page has no
# write method (405), there is no URL that writes history, no historical model is in the
# admin, and the admin's history pages refuse the POST that would revert an object
# (genderplan/history_admin.py). Removing ReadOnlyHistoryAdmin's POST refusal makes the
# revert POST change the plan's title back (and this test fail).
def test_audit_rows_cannot_be_edited_or_deleted_through_the_app(world):
    _changes(world)
    plan = plan_of(world, "a")
    client = client_for(world, "superuser")
    count = plan.history.count()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(reverse("audit_log"))
        assert response.status_code == 405, method
    from django.contrib import admin

    assert not [m for m in admin.site._registry if m.__name__.startswith("Historical")]
    for name in ("historicalplan", "historicalsubmission", "historicalfigurevalue"):
        for action in ("change", "delete", "changelist"):
            try:
                reverse(f"admin:plans_{name}_{action}", args=[1] if action != "changelist" else [])
            except NoReverseMatch:
                continue
            raise AssertionError(f"admin URL for {name} {action}")

    oldest = plan.history.order_by("history_id").first()
    url = f"/quan-tri/plans/plan/{plan.pk}/history/{oldest.history_id}/"
    assert client.get(url).status_code == 200  # looking is fine
    response = client.post(url, {"title": "Ghi đè qua trang lịch sử", "agency": plan.agency_id})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Tên mới của kế hoạch"
    assert plan.history.count() == count
    # Non-superusers do not even see the page.
    for persona in ("staff_a", "leader_a", "committee"):
        assert client_for(world, persona).get(reverse("audit_log")).status_code == 403
