"""Shared fixtures: a small world with the named personas of the design brief.

- staff_a / leader_a: Sở Ngoại vụ Hà Tĩnh (agency A), which has a sub-unit
- staff_b: Sở Tài chính Hà Tĩnh (agency B, same province)
- committee: standing office of the Hà Tĩnh committee (member at Sở Nội vụ)
- superuser
- other_province: Lạng Sơn, which none of the Hà Tĩnh personas may see
"""

from dataclasses import dataclass

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
def _media_in_tmp(settings, tmp_path):
    # Evidence files and documents written by tests never land in the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"
