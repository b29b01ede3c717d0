"""Shared fixtures: a small world with the named personas of the design brief.

- staff_a / leader_a: Sở Ngoại vụ Hà Tĩnh (agency A), which has a sub-unit
- staff_b: Sở Tài chính Hà Tĩnh (agency B, same province)
- committee: standing office of the Hà Tĩnh committee (member at Sở Nội vụ)
- superuser
- other_province: Lạng Sơn, which none of the Hà Tĩnh personas may see
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from plans.models import Agency, Membership
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

PASSWORD = "pw-test-12345"


@dataclass
class World:
    province: Agency
    agency_a: Agency
    subunit_a: Agency
    agency_b: Agency
    committee_host: Agency
    other_province: Agency
    other_agency: Agency
    staff_a: object
    leader_a: object
    staff_b: object
    committee: object
    superuser: object


@pytest.fixture
def world(db) -> World:
    province = AgencyFactory(
        code="HT", name="Ủy ban nhân dân tỉnh Hà Tĩnh", kind=Agency.Kind.PROVINCE, governing_body=""
    )
    agency_a = AgencyFactory(
        code="HT-SNGV", name="Sở Ngoại vụ", parent=province, doc_abbreviation="SNgV"
    )
    subunit_a = AgencyFactory(
        code="HT-SNGV-VPTT",
        name="Văn phòng - Thanh tra Sở",
        kind=Agency.Kind.SUBUNIT,
        parent=agency_a,
    )
    agency_b = AgencyFactory(code="HT-STC", name="Sở Tài chính", parent=province)
    host = AgencyFactory(code="HT-SNV", name="Sở Nội vụ", parent=province, hosts_committee=True)
    other_province = AgencyFactory(
        code="LS",
        name="Ủy ban nhân dân tỉnh Lạng Sơn",
        kind=Agency.Kind.PROVINCE,
        governing_body="",
        place_name="Lạng Sơn",
    )
    other_agency = AgencyFactory(
        code="LS-SKHDT", name="Sở Kế hoạch và Đầu tư", parent=other_province, place_name="Lạng Sơn"
    )
    staff_a = MembershipFactory(
        user=UserFactory(username="staff_a"), agency=agency_a, role=Membership.Role.STAFF
    ).user
    leader_a = MembershipFactory(
        user=UserFactory(username="leader_a"), agency=agency_a, role=Membership.Role.LEADER
    ).user
    staff_b = MembershipFactory(
        user=UserFactory(username="staff_b"), agency=agency_b, role=Membership.Role.STAFF
    ).user
    committee = MembershipFactory(
        user=UserFactory(username="committee"), agency=host, role=Membership.Role.COMMITTEE
    ).user
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    return World(
        province,
        agency_a,
        subunit_a,
        agency_b,
        host,
        other_province,
        other_agency,
        staff_a,
        leader_a,
        staff_b,
        committee,
        superuser,
    )


PERSONAS = ["anonymous", "staff_a", "leader_a", "staff_b", "committee", "superuser"]


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(
            getattr(world, persona), backend="django.contrib.auth.backends.ModelBackend"
        )
    return client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 at production strength costs ~0.3 s a user; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_caches():
    # The reports cache is on, as shipped (genderplan/settings.py). Its keys are versions
    # of the data, and on SQLite a rolled-back test gives its primary keys to the next one:
    # every test starts from empty caches so nothing one test kept can answer another.
    # (The database cache needs no clearing: its rows roll back with the test.)
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    for cache in caches.all():
        if not isinstance(cache, DatabaseCache):
            cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Evidence files and documents written by tests never land in the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


# --- plans: lazily created objects the access matrix and plan tests reach through `world` --
# Added here rather than to World itself so other fixtures can keep growing World.


def ensure_domains() -> list:
    """The six domains of the national strategy. The catalogue's data migration creates
    them, but transactional tests flush the database, so make sure they exist."""
    from indicators.models import Domain

    names = [
        ("chinh-tri", "Chính trị"),
        ("kinh-te-lao-dong", "Kinh tế, lao động"),
        ("gia-dinh", "Đời sống gia đình và phòng ngừa, ứng phó bạo lực trên cơ sở giới"),
        ("y-te", "Y tế"),
        ("giao-duc", "Giáo dục, đào tạo"),
        ("truyen-thong", "Thông tin, truyền thông"),
    ]
    return [
        Domain.objects.get_or_create(number=i, defaults={"code": code, "name": name})[0]
        for i, (code, name) in enumerate(names, start=1)
    ]


def plan_of(world: World, which: str = "a"):
    """A plan of agency A ("a"), agency B ("b") or the province ("province"), created on
    first use with one section, target (with a milestone), task and reporting duty."""
    from decimal import Decimal

    from plans.models import Milestone, Plan, PlanSection, ReportingDuty, Target, Task

    cache = world.__dict__.setdefault("_plans", {})
    if which in cache:
        return cache[which]
    agency = {"a": world.agency_a, "b": world.agency_b, "province": world.province}[which]
    domains = ensure_domains()
    parent = plan_of(world, "province") if which != "province" else None
    plan = Plan.objects.create(
        agency=agency,
        kind=Plan.Kind.MULTI_YEAR,
        number=298 if which == "province" else 12,
        symbol=f"KH-{agency.doc_abbreviation or 'UBND'}",
        place="Hà Tĩnh",
        title=f"Thực hiện Chiến lược quốc gia về bình đẳng giới của {agency.name}",
        period_start=2021,
        period_end=2030,
        parent=parent,
        signer_title="GIÁM ĐỐC",
        signer_name="Thái Phúc Sơn",
    )
    section = PlanSection.objects.create(
        plan=plan, part=PlanSection.Part.CONTENT, number="1", heading="Nâng cao nhận thức"
    )
    target = Target.objects.create(
        plan=plan,
        domain=domains[0],
        wording="Đạt 35% trở lên tỷ lệ cán bộ nữ giữ chức vụ lãnh đạo",
        kind=Target.Kind.THRESHOLD,
        comparator=Target.Comparator.GE,
        maintain_until=2030,
    )
    Milestone.objects.create(target=target, year=2025, value=Decimal(35))
    Task.objects.create(plan=plan, section=section, description="Tổ chức tập huấn")
    ReportingDuty.objects.create(
        plan=plan, kind=ReportingDuty.Kind.ANNUAL, deadline_day=10, deadline_month=12
    )
    cache[which] = plan
    return plan


# --- browser tests (Playwright driving Debian's chromium; helpers in tests/e2e/conftest.py)
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.e2e import conftest as e2e

    if not Path(e2e.CHROMIUM).exists():
        pytest.fail(f"{e2e.CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=e2e.CHROMIUM, headless=True, args=e2e.CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
