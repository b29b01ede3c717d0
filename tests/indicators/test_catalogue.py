"""The indicator catalogue: its data (indicators.catalogue), the data migration that loads
it, and the admin that edits it afterwards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators import catalogue
from indicators.catalogue import (
    DOMAINS,
    ELEMENTS,
    ELEMENTS_BY_CODE,
    INDICATORS,
    DomainCode,
    ElementCode,
    IndicatorCode,
    load_catalogue,
)
from indicators.models import DataElement, Domain, Indicator

# What each kind of element can contribute to a numerator or denominator.
PARTS_BY_KIND = {
    "sex": {"total", "women", "men"},
    "count": {"value"},
    "yesno": {"value", "reporting"},
}


def _constants(namespace: type) -> set[str]:
    return {v for k, v in vars(namespace).items() if k.isupper()}


def test_six_domains_of_the_national_strategy() -> None:
    assert [(d.number, d.code) for d in DOMAINS] == [
        (1, "chinh-tri"),
        (2, "kinh-te"),
        (3, "gia-dinh"),
        (4, "y-te"),
        (5, "giao-duc"),
        (6, "truyen-thong"),
    ]
    assert [d.name for d in DOMAINS] == [
        "Chính trị",
        "Kinh tế, lao động",
        "Đời sống gia đình và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
        "Y tế",
        "Giáo dục, đào tạo",
        "Thông tin, truyền thông",
    ]


def test_codes_are_unique_and_the_constants_name_exactly_them() -> None:
    for specs, namespace in (
        (DOMAINS, DomainCode),
        (ELEMENTS, ElementCode),
        (INDICATORS, IndicatorCode),
    ):
        codes = [s.code for s in specs]
        assert len(codes) == len(set(codes)), f"duplicate code in {namespace.__name__}"
        assert set(codes) == _constants(namespace)
        assert all(len(c) <= 40 and c == c.lower() and " " not in c for c in codes)
    assert catalogue.D is DomainCode and catalogue.E is ElementCode
    assert catalogue.IC is IndicatorCode


def test_every_element_says_what_to_count_and_when() -> None:
    for e in ELEMENTS:
        assert e.domain in _constants(DomainCode), e.code
        assert e.kind in PARTS_BY_KIND, e.code
        assert len(e.help_text) > 80, f"{e.code}: help text too thin to count by"
        # Stock figures name the day (14/12, 14/6), flows the window (15/12 …); the
        # province's labour-survey figures name their source's period instead.
        assert any(
            when in e.help_text for when in ("14/12", "15/12", "năm báo cáo", "cùng thời điểm")
        ), f"{e.code}: help text does not say at what date"
        assert e.total_label and e.part_label, e.code


def test_every_indicator_is_computable_from_its_elements() -> None:
    for i in INDICATORS:
        numerator = ELEMENTS_BY_CODE[i.numerator]
        assert i.numerator_part in PARTS_BY_KIND[numerator.kind], i.code
        assert i.direction in {"higher", "lower"}, i.code
        if i.kind == "ratio":
            assert i.denominator is not None and i.denominator_part, (
                f"{i.code}: ratio without denominator"
            )
            denominator = ELEMENTS_BY_CODE[i.denominator]
            assert i.denominator_part in PARTS_BY_KIND[denominator.kind], i.code
            assert i.unit == "%", i.code
        else:
            assert i.denominator is None and i.denominator_part == "", i.code


def test_lower_is_better_only_where_it_should_be() -> None:
    lower = {i.code for i in INDICATORS if i.direction == "lower"}
    assert lower == {
        IndicatorCode.SO_VU_BAO_LUC_GIA_DINH,
        IndicatorCode.TY_LE_NAO_PHA_THAI,
        IndicatorCode.TY_TRONG_NU_NONG_NGHIEP,
    }


def test_share_of_agencies_counts_reporting_agencies() -> None:
    share = next(i for i in INDICATORS if i.code == IndicatorCode.TY_LE_CO_QUAN_LANH_DAO_NU)
    assert (share.numerator, share.numerator_part) == (ElementCode.CO_QUAN_LANH_DAO_NU, "value")
    assert (share.denominator, share.denominator_part) == (
        ElementCode.CO_QUAN_LANH_DAO_NU,
        "reporting",
    )
    units = ELEMENTS_BY_CODE[ElementCode.DON_VI_TRUC_THUOC]
    assert (units.total_label, units.part_label) == (
        "Số đơn vị trực thuộc",
        "Số đơn vị có lãnh đạo chủ chốt là nữ",
    )


@pytest.mark.django_db
def test_fresh_database_holds_the_migrated_catalogue() -> None:
    assert list(Domain.objects.values_list("code", flat=True)) == [d.code for d in DOMAINS]
    assert set(DataElement.objects.values_list("code", flat=True)) == {e.code for e in ELEMENTS}
    assert set(Indicator.objects.values_list("code", flat=True)) == {i.code for i in INDICATORS}
    ratio = Indicator.objects.get(code=IndicatorCode.TY_LE_NU_LANH_DAO)
    assert ratio.numerator.code == ratio.denominator.code == ElementCode.LANH_DAO_QUAN_LY
    assert (ratio.numerator_part, ratio.denominator_part) == ("women", "total")
    assert all(e.help_text for e in DataElement.objects.all())
    assert not Indicator.objects.filter(kind="ratio", denominator__isnull=True).exists()


@pytest.mark.django_db
def test_loading_again_updates_by_code_and_can_spare_admin_edits() -> None:
    element = DataElement.objects.get(code=ElementCode.CBCCVC)
    element.help_text = "Sửa bởi quản trị viên."
    element.save()

    load_catalogue(Domain, DataElement, Indicator, overwrite=False)
    element.refresh_from_db()
    assert element.help_text == "Sửa bởi quản trị viên."

    load_catalogue(Domain, DataElement, Indicator)
    element.refresh_from_db()
    assert element.help_text == ELEMENTS_BY_CODE[ElementCode.CBCCVC].help_text
    assert DataElement.objects.count() == len(ELEMENTS)
    assert Indicator.objects.count() == len(INDICATORS)
    assert Domain.objects.count() == len(DOMAINS)


@pytest.mark.django_db
def test_admin_lists_searches_and_edits_the_catalogue(admin_client) -> None:
    for model in ("domain", "dataelement", "indicator"):
        response = admin_client.get(reverse(f"admin:indicators_{model}_changelist"))
        assert response.status_code == 200, model

    found = admin_client.get(reverse("admin:indicators_dataelement_changelist"), {"q": "cấp ủy"})
    assert ElementCode.CAP_UY_VIEN in found.content.decode()
    filtered = admin_client.get(
        reverse("admin:indicators_indicator_changelist"), {"direction__exact": "lower"}
    )
    assert IndicatorCode.TY_LE_NAO_PHA_THAI in filtered.content.decode()

    element = DataElement.objects.get(code=ElementCode.BAI_VIET)
    change = admin_client.get(reverse("admin:indicators_dataelement_change", args=[element.pk]))
    assert change.status_code == 200
    # The code is shown but not editable: other code and saved targets refer to it.
    assert 'name="code"' not in change.content.decode()
