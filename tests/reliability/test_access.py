"""Access beyond the role × URL matrix: object ids guessed across agencies and provinces,
login lock-out, Content-Security-Policy and secure headers on every page, no inline
script or style in any rendered page, `check --deploy` clean under production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plans.models import Membership
from reports import services
from reports.models import Notification, ReportingRound
from tests.access_rows import reporting_objects
from tests.conftest import PASSWORD, client_for, plan_of
from tests.factories import DataElementFactory, MembershipFactory, UserFactory
from tests.reliability.conftest import ROOT
from tests.test_access_matrix import ALL_NAMES, MATRIX

PDF = b"%PDF-1.4\n%%EOF\n"


# ======================================================================================
# Object-level: ids of other agencies' and other provinces' objects
# ======================================================================================
def _other_province_objects(world):
    """Lạng Sơn's committee, a round with a draft and a sent report of its department,
    with an activity, evidence file, plan and document."""
    ls_committee = MembershipFactory(
        user=UserFactory(username="committee_ls"),
        agency=world.other_agency,
        role=Membership.Role.COMMITTEE,
    ).user
    ls_staff = MembershipFactory(
        user=UserFactory(username="staff_ls"),
        agency=world.other_agency,
        role=Membership.Role.STAFF,
    ).user
    el = DataElementFactory(code="ls-cbccvc")
    rnd = services.round_open(
        province=world.other_province,
        year=2025,
        kind=ReportingRound.Kind.ANNUAL,
        actor=ls_committee,
        agencies=[world.other_agency],
        elements=[el],
    )
    sub = rnd.submissions.get()
    act = services.activity_save(
        submission=sub,
        actor=ls_staff,
        held_on=rnd.window_start,
        kind="event",
        title="Hội nghị",
        participants_total=3,
        participants_women=1,
    )
    ev = services.evidence_add(
        submission=sub, actor=ls_staff, upload=SimpleUploadedFile("ls.pdf", PDF)
    )
    sub = services.submission_save_draft(
        submission=sub,
        actor=ls_staff,
        base_version=sub.version,
        changes=services.DraftChanges(
            figures={"ls-cbccvc": services.FigureInput(total="5", women="2")},
            narrative={"results": "Lạng Sơn"},
        ),
    )
    return ls_committee, rnd, sub, act, ev


def document_objects(world):
    # Imported late: tests.access_rows.documents must load after tests.test_access_matrix
    # (imported above), or the matrix merges before that module defines its rows.
    from tests.access_rows.documents import document_objects as load

    return load(world)


def _object_urls(world) -> dict[str, dict[str, str]]:
    """For each object-bearing URL: agency A's objects (guessed by agency B's staff) and
    Lạng Sơn's objects (guessed by everyone in Hà Tĩnh, the committee included)."""
    objs = reporting_objects(world)
    doc = document_objects(world)  # accepts A's report (sent, so the committee reads it)
    plan_a = plan_of(world, "a")
    ls_committee, ls_round, ls_sub, ls_act, ls_ev = _other_province_objects(world)
    del ls_committee
    from plans.models import Plan

    ls_plan = Plan.objects.create(
        agency=world.other_agency,
        kind=Plan.Kind.ANNUAL,
        title="Kế hoạch Lạng Sơn",
        period_start=2025,
        period_end=2025,
    )
    ls_target = ls_plan.targets.create(
        wording="Ưu tiên tuyển dụng cán bộ nữ",
        kind="qualitative",
        domain=plan_a.targets.first().domain,
    )
    ls_task = ls_plan.tasks.create(description="Tập huấn")
    ls_section = ls_plan.sections.create(part="content", number="1", heading="Mục")
    ls_duty = ls_plan.reporting_duties.create(kind="annual", deadline_day=10, deadline_month=12)

    def for_sub(sub, act, ev, task=None):
        return {
            "submission_detail": {"pk": sub.pk},
            "submission_entry": {"pk": sub.pk},
            "submission_excel_download": {"pk": sub.pk},
            "submission_excel_upload": {"pk": sub.pk},
            "submission_evidence_download": {"pk": sub.pk, "evidence_pk": ev.pk},
            "submission_entry_figure": {"pk": sub.pk, "code": "m-cbccvc"},
            "submission_entry_narrative": {"pk": sub.pk, "name": "results"},
            "submission_activity_delete": {"pk": sub.pk, "activity_pk": act.pk},
            "submission_evidence_delete": {"pk": sub.pk, "evidence_pk": ev.pk},
            "submission_entry_save": {"pk": sub.pk},
            "submission_entry_submit": {"pk": sub.pk},
            "submission_activity_add": {"pk": sub.pk},
            "submission_evidence_upload": {"pk": sub.pk},
            "submission_approve": {"pk": sub.pk},
            "submission_send_back": {"pk": sub.pk},
            "submission_return": {"pk": sub.pk},
            "submission_accept": {"pk": sub.pk},
            "submission_reopen": {"pk": sub.pk},
            "document_submission_create": {"pk": sub.pk},
            "submission_entry_task": {"pk": sub.pk, "task_pk": task.pk},
        }

    def for_plan(plan, target, task, section, duty):
        return {
            "plan_detail": {"pk": plan.pk},
            "plan_history": {"pk": plan.pk},
            "plan_update": {"pk": plan.pk},
            "plan_status": {"pk": plan.pk},
            "target_create": {"pk": plan.pk},
            "target_row": {"pk": plan.pk, "target_pk": target.pk},
            "target_update": {"pk": plan.pk, "target_pk": target.pk},
            "target_delete": {"pk": plan.pk, "target_pk": target.pk},
            "task_create": {"pk": plan.pk},
            "task_row": {"pk": plan.pk, "task_pk": task.pk},
            "task_update": {"pk": plan.pk, "task_pk": task.pk},
            "task_delete": {"pk": plan.pk, "task_pk": task.pk},
            "section_create": {"pk": plan.pk},
            "section_head": {"pk": plan.pk, "section_pk": section.pk},
            "section_update": {"pk": plan.pk, "section_pk": section.pk},
            "section_delete": {"pk": plan.pk, "section_pk": section.pk},
            "duty_create": {"pk": plan.pk},
            "duty_row": {"pk": plan.pk, "duty_pk": duty.pk},
            "duty_update": {"pk": plan.pk, "duty_pk": duty.pk},
            "duty_delete": {"pk": plan.pk, "duty_pk": duty.pk},
            "document_plan_create": {"pk": plan.pk},
        }

    a = for_sub(objs.sub_a, objs.activity_a, objs.evidence_a, plan_a.tasks.first()) | for_plan(
        plan_a,
        plan_a.targets.first(),
        plan_a.tasks.first(),
        plan_a.sections.first(),
        plan_a.reporting_duties.first(),
    )
    a |= {
        "agency_detail": {"pk": world.agency_a.pk},
        "agency_dashboard": {"pk": world.agency_a.pk},
        "document_detail": {"pk": doc.pk},
        "document_status": {"pk": doc.pk},
        "document_download": {"pk": doc.pk},
        "document_download_signed": {"pk": doc.pk},
        "document_sign": {"pk": doc.pk},
        "document_upload_signed": {"pk": doc.pk},
    }
    ls = for_sub(ls_sub, ls_act, ls_ev, ls_task) | for_plan(
        ls_plan, ls_target, ls_task, ls_section, ls_duty
    )
    ls |= {
        "agency_detail": {"pk": world.other_agency.pk},
        "agency_dashboard": {"pk": world.other_agency.pk},
        "round_detail": {"pk": ls_round.pk},
        "round_rollup_excel": {"pk": ls_round.pk},
        "document_round_create": {"pk": ls_round.pk},
    }
    for d in (a, ls):
        for name, kwargs in d.items():
            d[name] = reverse(name, kwargs=kwargs)
    return {"a": a, "ls": ls}


_HIDDEN = {404}
# Documented exceptions: plans are documents sent down the tree (genderplan/access.py
# can_read_plans_of), but Lạng Sơn's plan is not above anyone in Hà Tĩnh, so 404 too.


# Proves: every object-bearing URL, asked with the id of an object the user may not see,
# answers 404 (not 200, not 403 that would confirm the id exists). Removing the
# `acc.require(Action.READ, submission.agency)` line of entry_views._load makes agency B's
# staff read A's draft (200) and this test fail; likewise for every loader.
def test_guessed_ids_of_other_agencies_and_provinces_are_not_found(world):
    urls = _object_urls(world)
    checked = 0
    guesses = [("staff_b", "a")] + [
        (p, "ls") for p in ("staff_a", "leader_a", "staff_b", "committee")
    ]
    failures = []
    for persona, side in guesses:
        client = client_for(world, persona)
        for name, url in urls[side].items():
            method = MATRIX[name].method if name in MATRIX else "get"
            response = getattr(client, method)(url)
            checked += 1
            if response.status_code not in _HIDDEN:
                failures.append(
                    f"{persona} {method.upper()} {url} ({name}): {response.status_code}"
                )
    assert not failures, failures
    covered = {n for side in urls.values() for n in side}
    # The plan import's review token lives in the uploader's session only (a guessed token
    # is a 404 for everyone: tests/access_rows/plan_import.py).
    object_names = {n for n in ALL_NAMES if _has_params(n)} - {
        "plan_import_review",
        "plan_import_discard",
    }
    assert object_names <= covered, f"object URLs without a guess: {object_names - covered}"
    print(f"\nobject-level guesses: {checked} requests, all 404")


def _has_params(name: str) -> bool:
    from django.urls import get_resolver

    return any(
        params
        for possibilities, *_ in get_resolver().reverse_dict.getlist(name)
        for _, params in possibilities
    )


def test_notifications_of_others_are_never_listed(world):
    objs = reporting_objects(world)
    Notification.objects.create(
        user=world.staff_a, submission=objs.sub_a, kind="returned", text="Bí mật của Sở Ngoại vụ"
    )
    page = client_for(world, "staff_b").get(reverse("notification_list")).content.decode()
    assert "Bí mật của Sở Ngoại vụ" not in page
    page = client_for(world, "committee").get(reverse("notification_list")).content.decode()
    assert "Bí mật của Sở Ngoại vụ" not in page
    page = client_for(world, "staff_a").get(reverse("notification_list")).content.decode()
    assert "Bí mật của Sở Ngoại vụ" in page
    # Marking read touches only one's own.
    client_for(world, "staff_b").post(reverse("notification_read_all"))
    assert Notification.objects.get(text="Bí mật của Sở Ngoại vụ").read_at is None


# ======================================================================================
# Login lock-out (django-axes)
# ======================================================================================
# Proves: 5 wrong passwords lock the account from that address; the right password is then
# refused too, with the Vietnamese lock-out page. Removing "axes.middleware.AxesMiddleware"
# (or the Axes backend) from settings makes the correct password log in and this fail.
def test_login_locks_after_five_failures(world, settings):
    client = Client(REMOTE_ADDR="198.51.100.7")
    url = reverse("login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "staff_a", "password": f"sai-{attempt}"})
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            assert response.status_code == 200
            assert "không đúng" in response.content.decode()
    locked = client.post(url, {"username": "staff_a", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    other = client.post(url, {"username": "staff_b", "password": PASSWORD})
    assert other.status_code == 302


# ======================================================================================
# CSP, secure headers, no inline script/style, on every GET page
# ======================================================================================
class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for key in names:
            if key.startswith("on"):
                self.problems.append(f"<{tag} {key}=…> inline handler")
        if "style" in names:
            self.problems.append(f"<{tag} style=…> inline style")
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for key in ("href", "src", "action"):
            if (names.get(key) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {key}=javascript:…>")


def _crawlable_urls(world) -> list[tuple[str, str]]:
    out = []
    for name in ALL_NAMES:
        row = MATRIX[name]
        if row.method != "get" or name in {"logout"}:
            continue
        url = reverse(name, kwargs=row.kwargs(world))
        out.append((name, url))
    return out


# Proves: every page carries a Content-Security-Policy with no 'unsafe-inline' /
# 'unsafe-eval' and nothing from elsewhere, the secure headers, and no inline script,
# style attribute or on* handler (which the CSP would block, breaking the page). Removing
# "django.middleware.csp.ContentSecurityPolicyMiddleware" (or adding CSP.UNSAFE_INLINE to
# SECURE_CSP) makes it fail; so does any template with style="…" or an inline <script>.
@pytest.mark.parametrize("persona", ["superuser", "committee", "staff_a", "anonymous"])
def test_every_page_has_csp_and_secure_headers_and_no_inline_code(world, persona):
    objs = reporting_objects(world)
    document_objects(world)
    # Pages with content: a returned report with comments, a plan, notifications.
    client = client_for(world, persona)
    pages = _crawlable_urls(world) + [
        ("entry (A)", reverse("submission_entry", args=[objs.sub_a.pk])),
        ("admin audit", reverse("audit_log") + "?model=reports.submission"),
        ("admin history", f"/quan-tri/plans/plan/{plan_of(world, 'a').pk}/history/"),
        ("admin change", f"/quan-tri/plans/agency/{world.agency_a.pk}/change/"),
    ]
    problems: list[str] = []
    seen = 0
    for name, url in pages:
        response = client.get(url)
        if response.status_code >= 300 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        csp = response.get("Content-Security-Policy", "")
        if not csp:
            problems.append(f"{url}: no Content-Security-Policy")
        if "unsafe-inline" in csp or "unsafe-eval" in csp or "*" in csp:
            problems.append(f"{url}: weak CSP {csp}")
        if "script-src 'self'" not in csp or "object-src 'none'" not in csp:
            problems.append(f"{url}: CSP lacks script-src/object-src: {csp}")
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{url}: no nosniff")
        if response.get("Referrer-Policy") != "same-origin":
            problems.append(f"{url}: Referrer-Policy {response.get('Referrer-Policy')}")
        if response.get("X-Frame-Options") != "DENY":
            problems.append(f"{url}: X-Frame-Options {response.get('X-Frame-Options')}")
        if url.startswith("/quan-tri/"):
            continue  # Django's own admin templates: headers only (see below)
        parser = _Audit()
        parser.feed(response.content.decode())
        problems += [f"{url} ({name}): {p}" for p in parser.problems]
    assert seen >= (1 if persona == "anonymous" else 20), seen
    assert not problems, problems[:20]


def test_admin_pages_are_covered_by_the_same_csp(world):
    client = client_for(world, "superuser")
    response = client.get("/quan-tri/")
    assert "unsafe-inline" not in response["Content-Security-Policy"]


# ======================================================================================
# check --deploy with production settings
# ======================================================================================
# Proves: production settings are clean for Django's deployment checks. Setting
# SESSION_COOKIE_SECURE = False in the `if not DEBUG` block (or dropping HSTS) makes it
# fail with the warning named.
def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY="prod-" + "x7Q" * 20,
        ALLOWED_HOSTS="genderplan.example.vn",
        DJANGO_SETTINGS_MODULE="genderplan.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY="",
        ALLOWED_HOSTS="x",
        DJANGO_SETTINGS_MODULE="genderplan.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_no_template_has_inline_script_or_style():
    """The static version of the crawl: every template file, including pages no persona
    reaches in the crawl."""
    problems = []
    for path in (ROOT / "templates").rglob("*.html"):
        if path.name.startswith("doc_"):
            continue  # PDF templates: rendered by WeasyPrint, never served to a browser
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            problems.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
        for m in re.finditer(r"\sstyle=\"|\son[a-z]+=\"", text):
            problems.append(f"{path.relative_to(ROOT)}: {m.group(0).strip()}")
    assert not problems, problems
