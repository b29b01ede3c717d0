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


# --- indicators and reports -------------------------------------------------------------
from indicators.models import DataElement, Domain, Indicator  # noqa: E402


def domain(number: int = 1) -> Domain:
    names = {
        1: ("chinh-tri", "Chính trị"),
        2: ("kinh-te", "Kinh tế, lao động"),
        3: ("gia-dinh", "Đời sống gia đình và phòng ngừa, ứng phó bạo lực trên cơ sở giới"),
        4: ("y-te", "Y tế"),
        5: ("giao-duc", "Giáo dục, đào tạo"),
        6: ("truyen-thong", "Thông tin, truyền thông"),
    }
    code, name = names[number]
    obj, _ = Domain.objects.get_or_create(number=number, defaults={"code": code, "name": name})
    return obj


class DataElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataElement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"t-el-{n}")
    domain = factory.LazyFunction(lambda: domain(1))
    name = factory.Sequence(lambda n: f"Số liệu thử {n}")
    kind = DataElement.Kind.SEX
    help_text = "Đếm số người có mặt tại ngày 14/12."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"t-ind-{n}")
    domain = factory.LazyFunction(lambda: domain(1))
    name = factory.Sequence(lambda n: f"Tỷ lệ thử {n}")
    kind = Indicator.Kind.RATIO
    numerator = factory.SubFactory(DataElementFactory)
    numerator_part = Indicator.Part.WOMEN
    denominator = factory.SelfAttribute("numerator")
    denominator_part = Indicator.Part.TOTAL
