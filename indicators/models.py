"""What is measured: the six domains of the national strategy, the figures agencies
report (data elements) and the measures computed from them (indicators)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Domain(models.Model):
    """Lĩnh vực of Chiến lược quốc gia về bình đẳng giới 2021–2030 (six of them)."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("số thứ tự"), unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class DataElement(models.Model):
    """A figure an agency reports each round."""

    class Kind(models.TextChoices):
        SEX = "sex", _("Tách biệt theo giới (tổng số và nữ)")
        COUNT = "count", _("Số lượng")
        YESNO = "yesno", _("Có/Không")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="elements"
    )
    name = models.CharField(_("tên số liệu"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("đơn vị tính"), max_length=40, default="người")
    help_text = models.TextField(
        _("hướng dẫn"), help_text=_("Nói rõ đếm cái gì, tính đến thời điểm nào.")
    )
    total_label = models.CharField(_("nhãn ô tổng số"), max_length=80, default="Tổng số")
    part_label = models.CharField(_("nhãn ô nữ"), max_length=80, default="Nữ")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    required = models.BooleanField(_("bắt buộc nhập"), default=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["domain__number", "order", "code"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A measure computed from data elements. Roll-ups add numerators and denominators
    across agencies and only then divide: never an average of percentages."""

    class Kind(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ (tử số/mẫu số × 100)")
        COUNT = "count", _("Số lượng")
        YESNO = "yesno", _("Có/Không")

    class Part(models.TextChoices):
        TOTAL = "total", _("tổng số")
        WOMEN = "women", _("nữ")
        MEN = "men", _("nam")
        VALUE = "value", _("giá trị")
        # Count of agencies whose yes/no element is reported at all: the denominator of
        # "share of agencies that …" at province level.
        REPORTING = "reporting", _("số đơn vị có báo cáo")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("càng cao càng tốt")
        LOWER = "lower", _("càng thấp càng tốt")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    numerator = models.ForeignKey(
        DataElement,
        verbose_name=_("tử số (hoặc số liệu)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    numerator_part = models.CharField(
        _("phần của tử số"), max_length=10, choices=Part.choices, default=Part.WOMEN
    )
    denominator = models.ForeignKey(
        DataElement,
        verbose_name=_("mẫu số"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    denominator_part = models.CharField(
        _("phần của mẫu số"), max_length=10, choices=Part.choices, blank=True
    )
    direction = models.CharField(
        _("chiều"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    unit = models.CharField(_("đơn vị"), max_length=20, default="%")
    help_text = models.TextField(_("giải thích"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu đo lường")
        verbose_name_plural = _("chỉ tiêu đo lường")
        ordering = ["domain__number", "order", "code"]
        constraints = [
            models.CheckConstraint(
                name="indicator_ratio_has_denominator",
                condition=~Q(kind="ratio")
                | (Q(denominator__isnull=False) & ~Q(denominator_part="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name
