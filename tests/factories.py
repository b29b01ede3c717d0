"""Factories for the test suite. Personas live in conftest.py."""

import factory
from django.contrib.auth import get_user_model

from plans.models import Agency, Membership


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n:04d}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = Agency.Kind.DEPARTMENT
    governing_body = "UBND TỈNH HÀ TĨNH"
    doc_abbreviation = "STN"
    place_name = "Hà Tĩnh"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Thử"
    last_name = "Nguyễn"
    password = factory.django.Password("pw-test-12345")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.STAFF
